import { durationSeconds, formatSeconds } from "../manifest/duration.js";
import type { Manifest } from "../manifest/types.js";
import type { WorstCaseSpend } from "../result/model.js";

export const HORIZON_HOURS = 72;
const HORIZON_S = HORIZON_HOURS * 3600;

export interface SpendBound extends WorstCaseSpend {
  /** Bounded, but part of the bound (the in-flight overshoot) could not be computed. */
  partial: boolean;
  /** What to declare to make the bound finite or complete. */
  missing: string[];
}

/** Money rounded to the cent for display: floating-point noise never reaches a report. */
export function money(amount: number, currency: string | null | undefined): string {
  const rounded = Math.round(amount * 100) / 100;
  return `${grouped(rounded % 1 ? rounded.toFixed(2) : String(rounded))} ${currency ?? ""}`.trim();
}

/**
 * A decimal numeral with thousands separators (1,234.5), as en-US writes it. By hand: the first
 * toLocaleString of a run loads ICU's locale data, about 20 ms of every small assessment.
 */
function grouped(numeral: string): string {
  const [int, frac] = numeral.split(".");
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${frac ? `.${frac}` : ""}`;
}

/**
 * The seeds' "72-hour question": how much can this deployment spend in 72 hours of uninterrupted
 * running, counting only controls that live outside the agent (a gateway-enforced rate, a gateway or
 * provider ceiling that suspends or terminates). An application-enforced limit counts for nothing:
 * the model is not the control plane.
 */
/**
 * Where each figure of the bound comes from, as `file:line` texts (the manifest's line, and the gateway
 * config's line when RSG-07 found the same figure there). Absent: the derivation names no source.
 */
export interface SpendOrigins {
  rate?: string;
  perCall?: string;
  ceiling?: string;
  concurrency?: string;
}

export function worstCaseSpend(m: Manifest, origins: SpendOrigins = {}): SpendBound {
  const from = (o: string | undefined): string => (o ? ` (${o})` : "");
  const enforcement = m.spend?.enforcement;
  const ceiling = m.spend?.ceiling;
  const rate = m.boundaries?.limits?.rate;
  const perCall = m.spend?.cost_model?.max_cost_per_call;
  const concurrency = m.boundaries?.limits?.max_concurrency;
  const steps: string[] = [];
  const missing: string[] = [];

  let byRate: { amount: number; currency: string } | undefined;
  const perSeconds = durationSeconds(rate?.per);
  if (rate && perSeconds && rate.enforced_by === "gateway") {
    const calls = (rate.calls * HORIZON_S) / perSeconds;
    if (perCall) {
      byRate = { amount: calls * perCall.amount, currency: perCall.currency };
      steps.push(`gateway rate ${rate.calls} calls per ${rate.per}${from(origins.rate)} × 72h = ${fmtNumber(calls)} calls × ${money(perCall.amount, perCall.currency)} per call${from(origins.perCall)} = ${money(byRate.amount, perCall.currency)}`);
    } else {
      steps.push(`gateway rate ${rate.calls} calls per ${rate.per}${from(origins.rate)} × 72h = ${fmtNumber(calls)} calls, but no cost_model.max_cost_per_call turns calls into money`);
      missing.push("spend.cost_model.max_cost_per_call");
    }
  } else if (rate && rate.enforced_by !== "gateway") {
    steps.push(`the rate limit (${rate.calls} per ${rate.per}) is enforced by the application, so it does not count`);
  }

  let byCeiling: { amount: number; currency: string } | undefined;
  const periodSeconds = durationSeconds(ceiling?.period);
  const outside = enforcement?.layer === "gateway" || enforcement?.layer === "provider";
  const stops = enforcement?.on_exceed === "suspend" || enforcement?.on_exceed === "terminate";
  if (ceiling && periodSeconds && outside && stops) {
    const periods = Math.ceil(HORIZON_S / periodSeconds);
    byCeiling = { amount: ceiling.amount * periods, currency: ceiling.currency };
    steps.push(`${enforcement?.layer} ceiling ${money(ceiling.amount, ceiling.currency)} per ${ceiling.period}${from(origins.ceiling)} that ${enforcement?.on_exceed}s × ⌈72h ÷ ${formatSeconds(periodSeconds)}⌉ = ${periods} period${periods > 1 ? "s" : ""} = ${money(byCeiling.amount, ceiling.currency)}`);
  } else if (ceiling) {
    const why = !outside ? `is enforced by ${enforcement?.layer ?? "nothing declared"}` : `only ${enforcement?.on_exceed ?? "has no on_exceed action"}`;
    steps.push(`the ceiling ${money(ceiling.amount, ceiling.currency)} per ${ceiling.period} ${why}, so it does not stop spending`);
  }

  if (byRate && byCeiling && byRate.currency !== byCeiling.currency) {
    steps.push(`cannot compare ${byRate.currency} with ${byCeiling.currency}; the ceiling bound is used`);
    byRate = undefined;
  }
  const candidates = [byRate, byCeiling].filter((x): x is { amount: number; currency: string } => x !== undefined);
  if (candidates.length === 0) {
    return {
      horizonHours: 72,
      bounded: false,
      amount: null,
      currency: ceiling?.currency ?? perCall?.currency ?? null,
      derivation: [...steps, "no control outside the agent limits calls or spend: the 72-hour worst case is unbounded"].join("; "),
      partial: false,
      missing: ["a ceiling enforced at the gateway or provider that suspends or terminates, or a gateway-enforced rate with cost_model.max_cost_per_call"],
    };
  }
  const best = candidates.reduce((a, b) => (b.amount < a.amount ? b : a));
  let amount = best.amount;
  let partial = false;
  if (byCeiling && best === byCeiling) {
    // Gateways check the budget before a call, so every concurrent worker can have one call in flight past it.
    if (perCall && concurrency && perCall.currency === best.currency) {
      const overshoot = perCall.amount * concurrency;
      amount += overshoot;
      steps.push(`plus one in-flight call per concurrent worker: ${concurrency}${from(origins.concurrency)} × ${money(perCall.amount, perCall.currency)} = ${money(overshoot, perCall.currency)}`);
    } else {
      partial = true;
      if (!perCall) missing.push("spend.cost_model.max_cost_per_call");
      if (!concurrency) missing.push("boundaries.limits.max_concurrency");
      const gaps = [...new Set(missing)];
      steps.push(gaps.length ? `plus an in-flight overshoot that cannot be computed without ${gaps.join(" and ")}` : `plus an in-flight overshoot that cannot be computed: max_cost_per_call is in ${perCall?.currency}, the ceiling in ${best.currency}`);
    }
  }
  steps.push(`worst case over 72h: ${money(amount, best.currency)}`);
  return { horizonHours: 72, bounded: true, amount: Math.round(amount * 1e6) / 1e6, currency: best.currency, derivation: steps.join("; "), partial, missing: [...new Set(missing)] };
}

function fmtNumber(n: number): string {
  return grouped(Number.isInteger(n) ? String(n) : twoDecimals(n));
}

/**
 * At most two decimals, rounded half away from zero on the number's shortest decimal form (0.145 →
 * 0.15), as toLocaleString("en-US", { maximumFractionDigits: 2 }) does; trailing zeros dropped.
 */
function twoDecimals(n: number): string {
  const text = String(Math.abs(n));
  const m = /^(\d+)\.(\d+)$/.exec(text);
  if (!m) return n.toFixed(2).replace(/\.?0+$/, "");
  const [, int, frac] = m as unknown as [string, string, string];
  let cents = BigInt(int + frac.slice(0, 2).padEnd(2, "0"));
  if (frac.length > 2 && frac[2]! >= "5") cents += 1n;
  const digits = cents.toString().padStart(3, "0");
  const out = `${digits.slice(0, -2)}.${digits.slice(-2)}`.replace(/\.?0+$/, "");
  return n < 0 && out !== "0" ? `-${out}` : out;
}
