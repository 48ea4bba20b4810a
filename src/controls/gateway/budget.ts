import type { RawFinding } from "../types.js";
import type { Ceiling } from "./common.js";
import { finding, fmtNum, fmtSeconds, same } from "./common.js";
import type { Loc } from "./yaml-nodes.js";
import { where } from "./yaml-nodes.js";

/**
 * A budget period as a gateway states it. Calendar units (a month, a quarter, a year) have no fixed length,
 * so they are kept apart from seconds: "1 month" is close to the manifest's `30d` but not equal to it.
 */
export interface GatewayPeriod {
  seconds?: number;
  months?: number;
  /** How the config writes it: `1M`, `MONTHLY`, `Daily`. */
  text: string;
}

/** A money budget found in a config file, with where each figure sits. */
export interface FoundBudget {
  /** "Bifrost budget budget-prod", "AWS budget monthly-ai" */
  what: string;
  amount: number;
  currency: string;
  amountLoc: Loc;
  /** How the amount reads in the config: "max_limit is 250". */
  amountText: string;
  period: GatewayPeriod | undefined;
  periodLoc: Loc;
  /** How the period key reads in the config: "reset_duration". */
  periodKey: string;
}

const DAY = 86400;

/** Does `p` mean the same span as the manifest period? exact | calendar (a month against 30d…) | no. */
function periodAgreement(ceiling: Ceiling, p: GatewayPeriod): "exact" | "calendar" | "no" {
  if (ceiling.periodSeconds === undefined) return "no";
  if (p.seconds !== undefined) return p.seconds === ceiling.periodSeconds ? "exact" : "no";
  if (p.months !== undefined) {
    const approx = p.months === 12 ? 365 * DAY : p.months * 30 * DAY;
    const alt = p.months === 12 ? 360 * DAY : p.months === 3 ? 91 * DAY : approx;
    return ceiling.periodSeconds === approx || ceiling.periodSeconds === alt ? "calendar" : "no";
  }
  return "no";
}

function describePeriod(p: GatewayPeriod): string {
  if (p.seconds !== undefined && fmtSeconds(p.seconds) !== p.text) return `${p.text} (${fmtSeconds(p.seconds)})`;
  return p.text;
}

/**
 * Compare one money budget with the manifest ceiling. A different amount or period fails naming both figures
 * and the config line; a calendar month against `30d` is a warn (28 to 31 days is not exactly 30).
 */
export function compareBudget(ceiling: Ceiling, b: FoundBudget, fix: string): { findings: RawFinding[]; matches: boolean } {
  const findings: RawFinding[] = [];
  let matches = true;
  if (b.currency.toUpperCase() !== ceiling.currency.toUpperCase()) {
    findings.push(finding("warn", `manifest ceiling is in ${ceiling.currency}, but ${where(b.amountLoc)} ${b.what} is in ${b.currency}`, b.amountLoc, `Declare the ceiling in ${b.currency}, the currency the gateway enforces:\nspend:\n  ceiling: { amount: <amount in ${b.currency}>, currency: ${b.currency}, period: ${ceiling.period} }`));
  }
  if (!same(b.amount, ceiling.amount)) {
    matches = false;
    findings.push(finding("fail", `manifest ceiling ${ceiling.text} but ${where(b.amountLoc)} ${b.amountText} (${b.what})`, b.amountLoc, fix));
  }
  if (!b.period) {
    matches = false;
    findings.push(finding("fail", `manifest ceiling ${ceiling.text} but ${b.what} at ${where(b.periodLoc)} has no ${b.periodKey}, so it never resets (a lifetime budget, not one per ${ceiling.period})`, b.periodLoc, fix));
  } else {
    const agree = periodAgreement(ceiling, b.period);
    if (agree === "calendar") {
      findings.push(finding("warn", `manifest ceiling ${ceiling.text} but ${where(b.periodLoc)} ${b.periodKey} is ${b.period.text}: a calendar period is not exactly ${ceiling.period}`, b.periodLoc, fix));
    } else if (agree === "no") {
      matches = false;
      findings.push(finding("fail", `manifest ceiling ${ceiling.text} but ${where(b.periodLoc)} ${b.periodKey} is ${describePeriod(b.period)}`, b.periodLoc, fix));
    }
  }
  return { findings, matches };
}

/** "250 USD per 1d" */
export function budgetText(b: FoundBudget): string {
  return `${fmtNum(b.amount)} ${b.currency} per ${b.period ? b.period.text : "(never resets)"}`;
}

/**
 * Several budgets may be in one file (one per team, key or model). The one that agrees with the manifest
 * is the evidence; when none agrees, report against the one closest to it so the message names real figures.
 */
export function pickBudget(ceiling: Ceiling, budgets: FoundBudget[], fix: string): { best: FoundBudget; findings: RawFinding[]; matches: boolean } {
  const results = budgets.map((b) => ({ b, ...compareBudget(ceiling, b, fix) }));
  const ok = results.find((r) => r.matches);
  const chosen = ok ?? [...results].sort((x, y) => Math.abs(x.b.amount - ceiling.amount) - Math.abs(y.b.amount - ceiling.amount))[0]!;
  return { best: chosen.b, findings: chosen.findings, matches: chosen.matches };
}
