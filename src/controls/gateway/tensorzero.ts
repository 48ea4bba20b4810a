import { parse as parseToml, TomlError } from "smol-toml";
import type { Manifest } from "../../manifest/types.js";
import type { RawFinding } from "../types.js";
import type { FoundRate, GatewayCheckResult } from "./common.js";
import { compareRate, finding, fmtNum, manifestCeiling, manifestGatewayRate } from "./common.js";
import type { Loc } from "./yaml-nodes.js";
import { where } from "./yaml-nodes.js";

/*
 * TensorZero gateway (tensorzero.toml). Rate limits (tensorzero.com/docs/operations/enforce-custom-rate-limits):
 * `[rate_limiting] enabled = …` and `[[rate_limiting.rules]]`, each with resource limits named
 * `model_inferences_per_<window>` or `tokens_per_<window>` (window: second, minute, hour, day, week, month),
 * a number or `{ capacity, refill_rate }`, plus `priority`, and `always = true` or a `scope` of tags.
 * They count inferences and tokens, never money: a TensorZero config proves a rate, not a spend ceiling.
 */

const WINDOW_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 };

export function looksLikeTensorZeroFile(file: string, text: string): boolean {
  return /\.toml$/i.test(file) && /^\s*\[\[?\s*(rate_limiting|gateway|models|functions)\b/m.test(text);
}

/** Lines of `[[rate_limiting.rules]]` blocks and of the keys inside them (smol-toml keeps no positions). */
interface TomlPositions {
  rules: { line: number; keys: Map<string, number> }[];
  rateLimiting: { line: number; keys: Map<string, number> } | undefined;
}

function positions(text: string): TomlPositions {
  const out: TomlPositions = { rules: [], rateLimiting: undefined };
  let current: { line: number; keys: Map<string, number> } | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    const header = /^\[(\[)?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      const name = header[2]!.replace(/\s+/g, "");
      current = undefined;
      if (header[1] && name === "rate_limiting.rules") {
        current = { line: i + 1, keys: new Map() };
        out.rules.push(current);
      } else if (!header[1] && name === "rate_limiting") {
        current = { line: i + 1, keys: new Map() };
        out.rateLimiting = current;
      }
      return;
    }
    const key = /^([A-Za-z0-9_-]+)\s*=/.exec(line);
    if (key && current && !current.keys.has(key[1]!)) current.keys.set(key[1]!, i + 1);
  });
  return out;
}

function at(file: string, line: number): Loc {
  return { file, line, column: 1 };
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function checkTensorZero(file: string, text: string, manifest: Manifest): GatewayCheckResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const declared = manifestGatewayRate(manifest);
  const ceiling = manifestCeiling(manifest);
  const perMinute = declared ? fmtNum((declared.calls * 60) / declared.perSeconds) : "<calls per minute>";
  const fix = `Limit the agent's inferences in ${file}:\n[rate_limiting]\nenabled = true\n\n[[rate_limiting.rules]]\nalways = true\nmodel_inferences_per_minute = ${perMinute}`;

  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    const line = e instanceof TomlError ? e.line : 1;
    const column = e instanceof TomlError ? e.column : 1;
    const message = ((e as Error).message.split("\n")[0] ?? "").replace(/^Invalid TOML document:\s*/, "");
    findings.push({ level: "fail", message: `${file}:${line}:${column} cannot be parsed (invalid TOML: ${message}), so it is not a TensorZero config that psf can check`, loc: { file, line, column }, fix: `Fix the TOML syntax of ${file} at line ${line}, column ${column}.` });
    return { findings, notes: [`${file}: not parsed (invalid TOML at line ${line})`] };
  }

  const pos = positions(text);
  const figures: NonNullable<GatewayCheckResult["figures"]> = {};
  const rl = doc.rate_limiting;
  const rules = isTable(rl) && Array.isArray(rl.rules) ? rl.rules.filter(isTable) : [];
  if (isTable(rl) && rl.enabled === false) {
    const line = pos.rateLimiting?.keys.get("enabled") ?? pos.rateLimiting?.line ?? 1;
    findings.push(finding("fail", `${file}:${line} rate_limiting.enabled is false: none of the ${rules.length} rate-limiting rule${rules.length === 1 ? "" : "s"} is enforced`, at(file, line), fix.replace("enabled = true", "enabled = true  # was false")));
    return { findings, notes };
  }
  if (rules.length === 0) {
    findings.push(finding("fail", `gateway config does not limit anything: ${file} has no [[rate_limiting.rules]]`, at(file, pos.rateLimiting?.line ?? 1), fix));
    return { findings, notes };
  }

  const found: FoundRate[] = [];
  const scopedOnly: string[] = [];
  rules.forEach((rule, i) => {
    const p = pos.rules[i];
    const ruleLine = p?.line ?? 1;
    const global = rule.always === true;
    for (const [key, value] of Object.entries(rule)) {
      const m = /^model_inferences_per_(second|minute|hour|day|week|month)$/.exec(key);
      if (!m) continue;
      const line = p?.keys.get(key) ?? ruleLine;
      // A token bucket refills `refill_rate` per window; that is the sustained rate over 72 hours.
      const calls = typeof value === "number" ? value : isTable(value) && typeof value.refill_rate === "number" ? value.refill_rate : undefined;
      if (calls === undefined) {
        findings.push(finding("fail", `${file}:${line} ${key} is ${JSON.stringify(value)}, not a number or { capacity, refill_rate }`, at(file, line), fix));
        continue;
      }
      const window = m[1]!;
      if (window === "month") {
        findings.push(finding("warn", `${file}:${line} ${key} is a calendar-month window, which psf cannot compare exactly with the manifest's rate`, at(file, line), fix));
        continue;
      }
      if (!global) {
        scopedOnly.push(`${file}:${line}`);
        continue;
      }
      found.push({ calls, perSeconds: WINDOW_SECONDS[window]!, loc: at(file, line), text: `${key} = ${fmtNum(calls)}` });
    }
  });

  if (declared) {
    if (found.length === 0 && scopedOnly.length > 0) {
      findings.push(finding("warn", `the inference limits at ${scopedOnly.join(", ")} apply only to requests with matching tags (a scope, not always = true); psf cannot tell whether the agent's requests carry them`, at(file, pos.rules[0]?.line ?? 1), fix));
    } else {
      const rateFindings = compareRate(declared, found, "fail", "[[rate_limiting.rules]] with always = true and model_inferences_per_<window>", fix, at(file, pos.rules[0]?.line ?? 1));
      if (rateFindings.length === 0) figures.rate = found.find((f) => f.calls === declared.calls && f.perSeconds === declared.perSeconds)?.loc;
      findings.push(...rateFindings);
    }
  }
  for (const f of found) notes.push(`${where(f.loc)}: TensorZero ${f.text} for every request`);

  if (ceiling) {
    findings.push(finding("warn", `${file} limits inferences and tokens, not money: TensorZero cannot enforce the manifest ceiling ${ceiling.text}, so that ceiling is not checked here (the rate bounds RSG-06's worst case with spend.cost_model.max_cost_per_call)`, at(file, pos.rules[0]?.line ?? 1), "Enforce the money ceiling where a budget exists (a provider budget with spend.enforcement.layer: provider, or a gateway with money budgets), and keep the rate here."));
  }
  return { findings, notes, figures };
}
