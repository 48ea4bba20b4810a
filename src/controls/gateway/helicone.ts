import type { Manifest } from "../../manifest/types.js";
import { textReleased } from "../../sources/collect.js";
import { HELICONE_POLICY_HEADER } from "../../sources/markers.js";
import type { RawFinding } from "../types.js";
import type { FoundRate, GatewayCheckResult } from "./common.js";
import { compareRate, finding, fmtNum, manifestCeiling, manifestGatewayRate } from "./common.js";
import { compareBudget } from "./budget.js";
import type { Loc } from "./yaml-nodes.js";
import { where } from "./yaml-nodes.js";

/*
 * Helicone keeps its rate limit in a request header the agent sends (docs.helicone.ai, custom rate limits):
 * `Helicone-RateLimit-Policy: "<quota>;w=<window seconds>;u=request|cents;s=user|<property>"`, unit request by
 * default. With u=cents the quota is money: cents per window. With s=… each user (or property value) gets its
 * own quota, which caps no total. The header is found by a text scan of the agent's source files, so it is read
 * in any language (a headers object, default_headers, headers.set(…)).
 */

export interface HeliconePolicy {
  loc: Loc;
  /** The literal value, or undefined when the header's value is not a string literal. */
  value: string | undefined;
}

const HEADER = new RegExp(`["'\`]${HELICONE_POLICY_HEADER}["'\`]\\s*[:,=]\\s*(?:(["'\`])([^"'\`\\n]*)\\1)?`, "gi");

export function findHeliconePolicies(files: readonly { path: string; text: string }[]): HeliconePolicy[] {
  const out: HeliconePolicy[] = [];
  for (const f of files) {
    // A text let go after its walk has no such header (extract.ts keeps every text that has one).
    if (textReleased(f) || !f.text.toLowerCase().includes(HELICONE_POLICY_HEADER)) continue;
    for (const m of f.text.matchAll(HEADER)) {
      const before = f.text.slice(0, m.index);
      const line = before.split("\n").length;
      out.push({ loc: { file: f.path, line, column: m.index - before.lastIndexOf("\n") }, value: m[2] });
    }
  }
  return out;
}

interface Parsed {
  quota: number;
  window: number;
  unit: "request" | "cents";
  segment: string | undefined;
}

export function parseHeliconePolicy(v: string): Parsed | string {
  const parts = v.split(";").map((p) => p.trim());
  const quota = Number(parts[0]);
  if (!parts[0] || !Number.isFinite(quota) || quota < 0) return `the quota "${parts[0] ?? ""}" is not a number`;
  let window: number | undefined;
  let unit: Parsed["unit"] = "request";
  let segment: string | undefined;
  for (const p of parts.slice(1)) {
    const [k, val] = p.split("=").map((x) => x.trim());
    if (k === "w") {
      window = Number(val);
      if (!val || !Number.isInteger(window) || window <= 0) return `the window w=${val ?? ""} is not a whole number of seconds`;
    } else if (k === "u") {
      if (val !== "request" && val !== "cents") return `the unit u=${val ?? ""} is neither request nor cents`;
      unit = val;
    } else if (k === "s") segment = val;
    else return `"${p}" is not one of w=, u=, s=`;
  }
  if (window === undefined) return "it has no window (w=<seconds>)";
  return { quota, window, unit, segment };
}

export function checkHelicone(policies: HeliconePolicy[], manifest: Manifest): GatewayCheckResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const ceiling = manifestCeiling(manifest);
  const declared = manifestGatewayRate(manifest);
  const cents = ceiling ? fmtNum(ceiling.amount * 100) : "<cents>";
  const window = ceiling?.periodSeconds ?? 2592000;
  const fix = `Send a money limit with every request through Helicone:\ndefaultHeaders: { "Helicone-RateLimit-Policy": "${cents};w=${window};u=cents" }`;

  const money: { p: Parsed; loc: Loc }[] = [];
  const figures: NonNullable<GatewayCheckResult["figures"]> = {};
  const rates: FoundRate[] = [];
  for (const pol of policies) {
    if (pol.value === undefined) {
      findings.push(finding("warn", `${where(pol.loc)} sets Helicone-RateLimit-Policy from a variable: psf cannot read the limit`, pol.loc, fix));
      continue;
    }
    const p = parseHeliconePolicy(pol.value);
    if (typeof p === "string") {
      findings.push(finding("fail", `${where(pol.loc)} Helicone-RateLimit-Policy "${pol.value}" is malformed: ${p}; Helicone expects "<quota>;w=<seconds>;u=request|cents;s=<segment>"`, pol.loc, fix));
      continue;
    }
    if (p.segment) {
      findings.push(finding("warn", `${where(pol.loc)} Helicone-RateLimit-Policy "${pol.value}" limits each ${p.segment} separately (s=${p.segment}): it caps no total for the deployment`, pol.loc, fix));
      continue;
    }
    if (p.unit === "cents") money.push({ p, loc: pol.loc });
    else rates.push({ calls: p.quota, perSeconds: p.window, loc: pol.loc, text: `Helicone-RateLimit-Policy "${pol.value}"` });
  }

  if (ceiling) {
    if (money.length === 0) {
      if (!findings.some((f) => f.level === "fail")) {
        findings.push(finding("warn", `routed through helicone, but the agent's code sends no Helicone-RateLimit-Policy with u=cents: the money limit, if any, lives in Helicone's dashboard and cannot be checked from this repository`, policies[0]?.loc ?? { file: "psf.yaml", line: 1, column: 1 }, fix));
      }
    } else {
      const results = money.map((m) => ({ m, ...compareBudget(ceiling, { what: "Helicone cost limit", amount: m.p.quota / 100, currency: "USD", amountLoc: m.loc, amountText: `Helicone-RateLimit-Policy allows ${fmtNum(m.p.quota)} cents (${fmtNum(m.p.quota / 100)} USD)`, period: { seconds: m.p.window, text: `w=${m.p.window}` }, periodLoc: m.loc, periodKey: "window" }, fix) }));
      const best = results.find((r) => r.matches) ?? results[0]!;
      findings.push(...best.findings);
      if (best.matches) figures.ceiling = best.m.loc;
      notes.push(`${where(best.m.loc)}: Helicone cost limit ${fmtNum(best.m.p.quota)} cents per ${best.m.p.window}s${best.matches ? " (matches the manifest)" : ""}`);
    }
  }
  if (declared) {
    const rateFindings = compareRate(declared, rates, "fail", "Helicone-RateLimit-Policy with u=request", `"Helicone-RateLimit-Policy": "${declared.calls};w=${declared.perSeconds}"`, policies[0]?.loc ?? { file: "psf.yaml", line: 1, column: 1 });
    if (rateFindings.length === 0) figures.rate = rates[0]?.loc;
    findings.push(...rateFindings);
  }
  return { findings, notes, figures };
}
