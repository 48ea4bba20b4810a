import type { Manifest } from "../../manifest/types.js";
import type { RawFinding } from "../types.js";
import { durationSeconds, formatSeconds } from "../../manifest/duration.js";
import type { Loc } from "./yaml-nodes.js";
import { where } from "./yaml-nodes.js";

export interface GatewayCheckResult {
  findings: RawFinding[];
  notes: string[];
  /** Where the config sets the figures that agree with the manifest: RSG-06 names them in its derivation. */
  figures?: {
    ceiling?: Loc;
    rate?: Loc;
    /** Paths around the declared gateway rate (a deployment with no limit): RSG-06's rate bound does not hold for them. */
    rateUncovered?: RateGap[];
  };
}

/** A route through the gateway that its request-rate limit does not cover. */
export interface RateGap {
  what: string;
  loc: Loc;
}

/** The manifest's ceiling, with its period in seconds when the period is a valid duration. */
export interface Ceiling {
  amount: number;
  currency: string;
  period: string;
  periodSeconds: number | undefined;
  text: string;
}

export function manifestCeiling(m: Manifest): Ceiling | undefined {
  const c = m.spend?.ceiling;
  if (!c || typeof c.amount !== "number") return undefined;
  return {
    amount: c.amount,
    currency: c.currency,
    period: c.period,
    periodSeconds: durationSeconds(c.period),
    text: `${fmtNum(c.amount)} ${c.currency} per ${c.period}`,
  };
}

/** The manifest's gateway-enforced rate, normalised to calls per second for comparison. */
export interface DeclaredRate {
  calls: number;
  per: string;
  perSeconds: number;
  text: string;
}

export function manifestGatewayRate(m: Manifest): DeclaredRate | undefined {
  const r = m.boundaries?.limits?.rate;
  if (!r || r.enforced_by !== "gateway") return undefined;
  const perSeconds = durationSeconds(r.per);
  if (perSeconds === undefined || perSeconds <= 0) return undefined;
  return { calls: r.calls, per: r.per, perSeconds, text: `${fmtNum(r.calls)} calls per ${r.per}` };
}

/** 200 → "200", 0.5 → "0.5", 1234.5 → "1234.5" (no float noise such as 0.30000000000000004). */
export function fmtNum(n: number): string {
  return String(Number(n.toPrecision(12)));
}

export function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export function fmtSeconds(s: number): string {
  return formatSeconds(s);
}

export function finding(level: RawFinding["level"], message: string, loc: Loc, fix: string): RawFinding {
  return { level, message, loc: { file: loc.file, line: loc.line, column: loc.column }, fix };
}

/** A request-count limit the gateway enforces, as read from its config. */
export interface FoundRate {
  calls: number;
  perSeconds: number;
  loc: Loc;
  /** How the figure reads in the config, e.g. "requests: 120, unit: Minute". */
  text: string;
}

/**
 * Compare the manifest's gateway-enforced rate with the request-count limits found in the config.
 * An exact match (same count over the same window) is fine. A gateway that allows more than the manifest
 * declares makes RSG-06's figure wrong: `looser` level. A stricter or differently shaped limit: warn.
 */
export function compareRate(
  declared: DeclaredRate,
  found: FoundRate[],
  looser: RawFinding["level"],
  what: string,
  fix: string,
  fileLoc: Loc,
): RawFinding[] {
  if (found.length === 0) {
    return [finding("warn", `the manifest says the gateway enforces ${declared.text} (boundaries.limits.rate.enforced_by: gateway), but ${fileLoc.file} sets no request-rate limit (looked for ${what})`, fileLoc, fix)];
  }
  if (found.some((f) => same(f.calls, declared.calls) && f.perSeconds === declared.perSeconds)) return [];
  // The strictest limit bounds the traffic when all of them apply.
  const strictest = [...found].sort((a, b) => a.calls / a.perSeconds - b.calls / b.perSeconds)[0]!;
  const declaredRate = declared.calls / declared.perSeconds;
  const foundRate = strictest.calls / strictest.perSeconds;
  const msg = `manifest rate ${declared.text} but ${where(strictest.loc)} ${strictest.text} (${fmtNum(strictest.calls)} calls per ${fmtSeconds(strictest.perSeconds)})`;
  if (foundRate > declaredRate * (1 + 1e-9)) {
    return [finding(looser, `${msg}: the gateway allows more calls than the manifest declares, so the 72-hour spend bound (RSG-06) is understated`, strictest.loc, fix)];
  }
  return [finding("warn", `${msg}: the gateway limit differs from the manifest's; make them agree`, strictest.loc, fix)];
}
