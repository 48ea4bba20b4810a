import type { Manifest } from "../../manifest/types.js";
import type { RawFinding } from "../types.js";
import type { GatewayCheckResult } from "./common.js";
import { finding, fmtNum, manifestCeiling } from "./common.js";
import type { Loc } from "./yaml-nodes.js";
import { where } from "./yaml-nodes.js";

/*
 * Azure API Management token limits (learn.microsoft.com, api-management/llm-token-limit-policy and
 * azure-openai-token-limit-policy): `<llm-token-limit counter-key tokens-per-minute token-quota
 * token-quota-period="Hourly|Daily|Weekly|Monthly|Yearly" estimate-prompt-tokens/>`, same attributes on
 * `<azure-openai-token-limit/>`. Over the rate the caller gets 429, over the quota 403: both block.
 * The policy XML sits in a .xml file or inside Bicep/ARM/Terraform as a string (quotes may be escaped), so
 * the element is found in the text wherever it is. Quotas count tokens, not money.
 */

const ELEMENT = /<(llm-token-limit|azure-openai-token-limit)\b/g;
const PERIODS: Record<string, { seconds?: number; months?: number }> = {
  Hourly: { seconds: 3600 },
  Daily: { seconds: 86400 },
  Weekly: { seconds: 604800 },
  Monthly: { months: 1 },
  Yearly: { months: 12 },
};

export function looksLikeApim(file: string, text: string): boolean {
  return /\.(xml|bicep|tf|json)$/i.test(file) && (/<(llm-token-limit|azure-openai-token-limit)\b/.test(text) || /<policies>/i.test(text) || /azurerm_api_management|Microsoft\.ApiManagement\//.test(text));
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

interface Attr {
  value: string;
  offset: number;
}

/** Attributes of one element, quotes plain or escaped (\" inside a JSON or HCL string, &quot; is not XML here). */
function attributes(tag: string, base: number): Map<string, Attr> {
  const out = new Map<string, Attr>();
  const re = /([A-Za-z][\w-]*)\s*=\s*(\\?["'])(.*?)\2/g;
  for (let m = re.exec(tag); m; m = re.exec(tag)) out.set(m[1]!, { value: m[3]!, offset: base + m.index });
  return out;
}

export function checkApim(file: string, text: string, manifest: Manifest): GatewayCheckResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const ceiling = manifestCeiling(manifest);
  const loc = (offset: number): Loc => ({ file, ...lineCol(text, offset) });
  const wantPeriod = ceiling?.periodSeconds === 86400 ? "Daily" : ceiling?.periodSeconds === 3600 ? "Hourly" : ceiling?.periodSeconds === 604800 ? "Weekly" : "Monthly";
  const fix = `Add a token quota to the policy that fronts the model in ${file}:\n<llm-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="<tokens>" token-quota="<tokens>" token-quota-period="${wantPeriod}" estimate-prompt-tokens="true" />`;

  const starts = [...text.matchAll(ELEMENT)];
  if (starts.length === 0) {
    findings.push(finding("fail", `gateway config does not set a limit: ${file} has no <llm-token-limit> or <azure-openai-token-limit> policy`, { file, line: 1, column: 1 }, fix));
    return { findings, notes };
  }

  let quotas = 0;
  for (const s of starts) {
    const offset = s.index;
    const name = s[1]!;
    const end = text.indexOf(">", offset);
    const nextOpen = text.indexOf("<", offset + 1);
    const here = loc(offset);
    if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
      findings.push(finding("fail", `${where(here)} <${name}> is not closed (no ">" before the next element), so the policy is malformed and psf cannot read its limits`, here, fix));
      continue;
    }
    const attrs = attributes(text.slice(offset, end), offset);
    const tpm = attrs.get("tokens-per-minute");
    const quota = attrs.get("token-quota");
    const period = attrs.get("token-quota-period");
    for (const [key, a] of [["tokens-per-minute", tpm], ["token-quota", quota]] as const) {
      if (!a) continue;
      if (a.value.startsWith("@")) {
        findings.push(finding("warn", `${where(loc(a.offset))} ${key} is a policy expression (${a.value}): psf cannot read the figure`, loc(a.offset), fix));
      } else if (!/^\d+$/.test(a.value.trim())) {
        findings.push(finding("fail", `${where(loc(a.offset))} ${key}="${a.value}" is not a whole number of tokens, so APIM rejects the policy`, loc(a.offset), fix));
      }
    }
    if (tpm && /^\d+$/.test(tpm.value)) notes.push(`${where(loc(tpm.offset))}: APIM ${name} tokens-per-minute ${tpm.value} (429 when exceeded)`);
    if (!quota) continue;
    quotas++;
    if (!period) {
      findings.push(finding("fail", `${where(loc(quota.offset))} token-quota is set without token-quota-period, which APIM requires with a quota`, loc(quota.offset), fix));
      continue;
    }
    const p = PERIODS[period.value];
    const pl = loc(period.offset);
    if (!p) {
      findings.push(finding("fail", `${where(pl)} token-quota-period="${period.value}" is not one of Hourly, Daily, Weekly, Monthly, Yearly`, pl, fix));
      continue;
    }
    notes.push(`${where(loc(quota.offset))}: APIM ${name} token-quota ${quota.value} tokens per ${period.value} (403 when exceeded)`);
    if (!ceiling) continue;
    const calendar = p.months !== undefined && ceiling.periodSeconds !== undefined && ceiling.periodSeconds === p.months * 30 * 86400;
    if (p.seconds !== undefined ? p.seconds !== ceiling.periodSeconds : !calendar) {
      findings.push(finding("fail", `manifest ceiling ${ceiling.text} but ${where(pl)} token-quota-period is ${period.value}: the quota resets on a different period than the ceiling`, pl, fix.replace(/token-quota-period="\w+"/, `token-quota-period="${wantPeriod}"`)));
    } else {
      findings.push(finding("warn", `${where(loc(quota.offset))} token-quota ${fmtNum(Number(quota.value))} tokens per ${period.value} caps tokens, not money: psf cannot tell whether it stays within the manifest ceiling ${ceiling.text}${calendar ? ` (and a calendar month is not exactly ${ceiling.period})` : ""}`, loc(quota.offset), "Check the quota against the model's price per token: token-quota × price ≤ the ceiling."));
    }
  }
  if (quotas === 0 && !findings.some((f) => f.level === "fail")) {
    const first = loc(starts[0]!.index);
    findings.push(finding("fail", `gateway config does not set a quota: ${where(first)} <${starts[0]![1]}> has no token-quota, so only the per-minute rate is limited and nothing caps the total over ${ceiling?.period ?? "the ceiling's period"}`, first, fix));
  }
  return { findings, notes };
}
