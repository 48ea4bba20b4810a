import { agentFound } from "./coverage.js";
import { defineControl, fail, warn, type ControlContext, type ControlDefinition, type RawFinding } from "./types.js";
import { runSourceCheck } from "./source/index.js";
import { money, worstCaseSpend, type SpendBound, type SpendOrigins } from "./spend-bound.js";
import { evaluateSpendEnforcement, spendEnforcement } from "./gateway/enforcement.js";
import type { RateGap } from "./gateway/common.js";
import { where } from "./gateway/yaml-nodes.js";
import type { Manifest, ManifestPath } from "../manifest/types.js";

const REQUIRED_THRESHOLDS = [50, 80, 100];

export const rsgControls: ControlDefinition[] = [
  defineControl({
    id: "RSG-01",
    evaluate({ manifest }) {
      const c = manifest.spend?.ceiling;
      if (!c) return { findings: [fail("no hard spend ceiling is declared", ["spend", "ceiling"], "add spend.ceiling: { amount: 200, currency: USD, period: 30d }")] };
      return { findings: [], notes: [`ceiling ${c.amount} ${c.currency} per ${c.period}`] };
    },
  }),
  defineControl({
    id: "RSG-02",
    evaluate({ manifest }) {
      const e = manifest.spend?.enforcement;
      const findings: RawFinding[] = [];
      if (!manifest.spend?.ceiling) findings.push(fail("there is no ceiling to enforce", ["spend", "ceiling"], "declare spend.ceiling first (RSG-01)"));
      if (!e?.layer) {
        findings.push(fail("no enforcement layer is declared: nothing outside the agent stops spending", ["spend", "enforcement", "layer"], "set spend.enforcement.layer: gateway (or provider)"));
      } else if (e.layer === "application") {
        findings.push(fail("the ceiling is enforced by the application, i.e. by the agent's own code: the model is not the control plane", ["spend", "enforcement", "layer"], "enforce the ceiling at a gateway (layer: gateway) or with the provider's own budget (layer: provider)"));
      } else if (e.layer === "gateway" && !e.gateway?.url && !e.gateway?.url_env) {
        findings.push(fail("layer is gateway but no gateway is declared (url or url_env)", ["spend", "enforcement", "gateway", "url"], "add spend.enforcement.gateway: { kind: litellm, url: http://llm-gateway.internal:4000, url_env: LLM_GATEWAY_URL }"));
      }
      if (!e?.on_exceed) {
        findings.push(fail("on_exceed is not declared: reaching the ceiling does nothing", ["spend", "enforcement", "on_exceed"], "set spend.enforcement.on_exceed: suspend"));
      } else if (e.on_exceed === "alert") {
        findings.push(fail("on_exceed is alert: exceeding the ceiling only sends an alert, spending goes on", ["spend", "enforcement", "on_exceed"], "set on_exceed: suspend (or terminate)"));
      }
      return { findings };
    },
  }),
  defineControl({
    id: "RSG-03",
    evaluate({ manifest }) {
      const a = manifest.spend?.alerts;
      if (!a) return { findings: [fail("no spend alerts are declared", ["spend", "alerts"], "add spend.alerts: { thresholds: [50, 80, 100], channels: [\"pagerduty:agent-oncall\"] }")] };
      const findings: RawFinding[] = [];
      const missing = REQUIRED_THRESHOLDS.filter((t) => !(a.thresholds ?? []).includes(t));
      if (missing.length) findings.push(fail(`alert thresholds lack ${missing.map((t) => `${t}%`).join(", ")} of the ceiling`, ["spend", "alerts", ...(a.thresholds ? ["thresholds"] : [])], `set thresholds: [${[...new Set([...(a.thresholds ?? []), ...REQUIRED_THRESHOLDS])].sort((x, y) => x - y).join(", ")}]`));
      if (!a.channels?.length) findings.push(fail("alerts go to no channel", ["spend", "alerts", "channels"], "add channels: [\"pagerduty:agent-oncall\"]"));
      return { findings };
    },
  }),
  defineControl({
    id: "RSG-04",
    evaluate(ctx) {
      if (ctx.manifest.spend?.enforcement?.layer === "provider") {
        return { findings: [], notApplicable: "the provider enforces the ceiling (enforcement.layer: provider), so direct provider calls are expected" };
      }
      return runSourceCheck("RSG-04", ctx);
    },
  }),
  defineControl({
    id: "RSG-05",
    evaluate: (ctx) => runSourceCheck("RSG-05", ctx),
  }),
  defineControl({
    id: "RSG-06",
    evaluate(ctx) {
      const { manifest } = ctx;
      const bound = worstCaseSpend(manifest, spendOrigins(ctx));
      const notes = [`72-hour worst case: ${bound.derivation}`];
      if (!bound.bounded) {
        const gaps = shortestWayToABound(manifest);
        return { notes, findings: [fail(`the 72-hour worst-case spend is unbounded: no control outside the agent limits it (${gaps.map((g) => g.what).join("; ")})`, gaps[0]!.at, gaps.map((g) => g.fix).join(", and ")) ] };
      }
      const figure = bound.amount !== null ? money(bound.amount, bound.currency) : "the bound above";
      const bypass = gatewayBypass(ctx, figure);
      if (bound.partial) {
        const overshoot = overshootGaps(manifest).map((g) => warn(`the 72-hour worst case is bounded by the ceiling, but its in-flight overshoot is not: ${g.what}`, g.at, g.fix));
        return { notes, findings: bypass ? [bypass, ...overshoot] : overshoot };
      }
      const gap = rateGap(ctx, bound, figure);
      if (bypass || gap) return { notes, findings: [bypass, gap].filter((f): f is RawFinding => f !== undefined) };
      if (bound.amount !== null && manifest.spend?.ceiling && bound.amount > manifest.spend.ceiling.amount && bound.currency === manifest.spend.ceiling.currency) {
        notes.push("the 72 hours span more than one ceiling period, or in-flight calls overshoot it: this is what the operator must be able to afford");
      }
      return { findings: [], notes };
    },
  }),
  defineControl({
    id: "RSG-07",
    evaluate: (ctx) => evaluateSpendEnforcement(ctx),
  }),
];

/**
 * A bound the gateway enforces holds only for the calls that pass the gateway. When RSG-04 (evaluated
 * before) found a model client or provider call in the source that does not, or code it could not
 * check (an AI package it does not read, a file it could not parse, a language it does not read), the
 * figure is not the worst case: a call around the gateway has no bound outside the agent (fail), and
 * one psf could not check may not have (warn), and when RSG-04 could not examine the calls at all (an
 * error) the figure is not vouched for (error). A waived RSG-04 finding is the operator's accepted
 * exception and is not repeated here. Undefined when the bound does not rest on the gateway (a
 * provider-side budget caps the key, whatever path a call takes) or nothing goes around it.
 */
function gatewayBypass(ctx: ControlContext, figure: string): RawFinding | undefined {
  const m = ctx.manifest;
  if (m.spend?.enforcement?.layer !== "gateway" && m.boundaries?.limits?.rate?.enforced_by !== "gateway") return undefined;
  const rsg04 = ctx.results.find((r) => r.id === "RSG-04");
  const open = (rsg04?.findings ?? []).filter((f) => !f.waived && f.file !== undefined && f.file !== ctx.loaded.name);
  // An RSG-04 error: psf examined none of the calls the figure is about. At a source file (an agent in a
  // language or framework psf does not read), or at the manifest when psf read the agent's files and found
  // no model client, call or run in them (with no source file at all, RSG-06 stays the manifest's arithmetic).
  const readNothing = (ctx.sources?.files.length ?? 0) > 0 && agentFound(ctx.facts).noRunOrClient;
  const unexamined = (rsg04?.findings ?? []).filter((f) => !f.waived && f.file !== undefined && f.level === "error" && (f.file !== ctx.loaded.name || readNothing));
  if (!open.length && !unexamined.length) return undefined;
  const around = open.filter((f) => f.level === "fail");
  const first = around[0] ?? open[0] ?? unexamined[0]!;
  const loc = { file: first.file!, ...(first.line !== undefined ? { line: first.line } : {}), ...(first.column !== undefined ? { column: first.column } : {}) };
  const more = (list: typeof open) => (list.length > 1 ? ` (and ${list.length - 1} more, listed under RSG-04)` : " (RSG-04)");
  const fix = "route every model client and provider call through the gateway (RSG-04); the bound then covers all of the agent's spend";
  if (around.length) return { level: "fail", message: `the 72-hour worst case of ${figure} holds only for calls that pass the gateway, and this one does not${more(around)}: its spend has no bound outside the agent`, loc, fix };
  const e = unexamined[0];
  if (e) {
    const at = { file: e.file!, ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}) };
    return { level: "error", message: `the 72-hour worst case of ${figure} holds only for calls that pass the gateway, and psf could not examine the agent's model calls${more(unexamined)}: it is not a bound psf can vouch for`, loc: at, fix: "once the model calls are examined (RSG-04), route every one through the gateway; until then, check by hand that they go through it and record that review as a waiver on RSG-04 and RSG-06 (with its reason and approver)" };
  }
  return { level: "warn", message: `the 72-hour worst case of ${figure} assumes every model and paid-API call passes the gateway, which psf could not confirm here${more(open)}: calls made there may not be bounded`, loc, fix: "check by hand that these calls go through the gateway, and record that review as a waiver on RSG-04 (with its reason and approver)" };
}

/**
 * The gateway config leaves a path around the declared rate (RSG-07: a LiteLLM deployment with no rpm). When
 * the bound rests on that rate (without it the bound is larger, or there is none), the figure is not the worst
 * case: fail at the first such path, saying what the bound is without the rate. When a smaller ceiling bounds
 * the spend anyway, the figure holds and the derivation alone says where the rate is not enforced.
 */
function rateGap(ctx: ControlContext, withRate: SpendBound, figure: string): RawFinding | undefined {
  const m = ctx.manifest;
  const gaps = spendEnforcement(ctx).figures?.rateUncovered ?? [];
  const limits = m.boundaries?.limits;
  if (!gaps.length || limits?.rate?.enforced_by !== "gateway") return undefined;
  const withoutRate = worstCaseSpend({ ...m, boundaries: { ...m.boundaries, limits: { ...limits, rate: undefined } } });
  if (withoutRate.bounded && withRate.amount !== null && withoutRate.amount !== null && withoutRate.amount <= withRate.amount) return undefined;
  const first = gaps[0]!;
  const without = withoutRate.bounded && withoutRate.amount !== null ? `without the rate the bound is ${money(withoutRate.amount, withoutRate.currency)}` : "without the rate nothing outside the agent bounds it";
  return {
    level: "fail",
    message: `the 72-hour worst case of ${figure} rests on the gateway rate ${limits.rate.calls} calls per ${limits.rate.per}, which is not enforced ${paths(gaps)}; ${without}`,
    loc: { file: first.loc.file, line: first.loc.line, column: first.loc.column },
    fix: `limit the calls on ${where(first.loc)} at the gateway (RSG-07 gives the setting), or remove that route if the agent does not use it`,
  };
}

/** "at infra/litellm.yaml:14, where deployment embed has no rpm" */
function paths(gaps: RateGap[]): string {
  return gaps.map((g) => `at ${where(g.loc)}, where ${g.what}`).join(", nor ");
}

/**
 * RSG-06 names where each figure comes from: the manifest line that declares it and, when the gateway's
 * (or provider's) config sets the same figure, that config line too, so a reviewer can check both.
 */
function spendOrigins(ctx: ControlContext): SpendOrigins {
  const at = (p: ManifestPath): string | undefined => {
    if (!ctx.loaded.has(p)) return undefined;
    const l = ctx.loaded.locate(p);
    return `${ctx.loaded.name}:${l.line}`;
  };
  const figures = spendEnforcement(ctx).figures;
  const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(", ") || undefined;
  const gateway = ctx.manifest.boundaries?.limits?.rate?.enforced_by === "gateway";
  const gaps = figures?.rateUncovered ?? [];
  // A rate the config leaves a path around is not cited as enforced: the citation names the path instead.
  const rate = !gateway ? undefined : gaps.length ? `not enforced ${paths(gaps)}` : figures?.rate ? `enforced at ${figures.rate.file}:${figures.rate.line}` : undefined;
  const ceiling = figures?.ceiling ? `enforced at ${figures.ceiling.file}:${figures.ceiling.line}` : undefined;
  return {
    rate: join(at(["boundaries", "limits", "rate"]), rate),
    perCall: at(["spend", "cost_model", "max_cost_per_call"]),
    ceiling: join(at(["spend", "ceiling"]), ceiling),
    concurrency: at(["boundaries", "limits", "max_concurrency"]),
  };
}

/** One thing a manifest lacks (or states wrongly) for the 72-hour bound: what, the key it is about, and the line to write. */
interface BoundGap {
  what: string;
  at: ManifestPath;
  fix: string;
}

/**
 * What an unbounded manifest needs, by the shorter of the two ways to a bound (a ceiling enforced outside
 * the agent that stops spending, or a gateway rate with a cost per call), naming only what is missing or
 * wrong in this manifest. On a tie the ceiling wins: it also bounds what the rate cannot (a costly call).
 */
function shortestWayToABound(m: Manifest): BoundGap[] {
  const e = m.spend?.enforcement;
  const byCeiling: BoundGap[] = [];
  if (!m.spend?.ceiling) byCeiling.push({ what: "no spend.ceiling is declared", at: ["spend", "ceiling"], fix: "add spend.ceiling: { amount: 200, currency: USD, period: 30d }" });
  if (e?.layer !== "gateway" && e?.layer !== "provider") {
    byCeiling.push({ what: e?.layer ? `the ceiling is enforced by the ${e.layer} layer` : "no spend.enforcement.layer is declared", at: ["spend", "enforcement", "layer"], fix: "set spend.enforcement.layer: gateway (or provider)" });
  }
  if (e?.on_exceed !== "suspend" && e?.on_exceed !== "terminate") {
    byCeiling.push({ what: e?.on_exceed ? `on_exceed is ${e.on_exceed}, which does not stop spending` : "no spend.enforcement.on_exceed is declared", at: ["spend", "enforcement", "on_exceed"], fix: "set spend.enforcement.on_exceed: suspend" });
  }
  const rate = m.boundaries?.limits?.rate;
  const byRate: BoundGap[] = [];
  if (!rate) byRate.push({ what: "no rate limit is declared", at: ["boundaries", "limits", "rate"], fix: "add boundaries.limits.rate: { calls: 60, per: 1m, enforced_by: gateway }" });
  else if (rate.enforced_by !== "gateway") byRate.push({ what: `the rate limit is enforced by ${rate.enforced_by ? `the ${rate.enforced_by}` : "nothing declared"}`, at: ["boundaries", "limits", "rate", "enforced_by"], fix: "enforce the rate at the gateway and set enforced_by: gateway" });
  if (!m.spend?.cost_model?.max_cost_per_call) byRate.push({ what: "no spend.cost_model.max_cost_per_call turns calls into money", at: ["spend", "cost_model", "max_cost_per_call"], fix: "add spend.cost_model.max_cost_per_call: { amount: 0.06, currency: USD } (the most one call can cost)" });
  // Both empty cannot happen for an unbounded manifest unless a duration is unreadable; the ceiling way says so.
  if (!byCeiling.length && !byRate.length) return [{ what: "the ceiling's period cannot be read", at: ["spend", "ceiling", "period"], fix: "write the period as a duration such as 30d" }];
  return byRate.length && byRate.length < byCeiling.length ? byRate : byCeiling.length ? byCeiling : byRate;
}

/** What a ceiling-bounded manifest lacks to add the in-flight overshoot: only the figures it really misses. */
function overshootGaps(m: Manifest): BoundGap[] {
  const perCall = m.spend?.cost_model?.max_cost_per_call;
  const ceiling = m.spend?.ceiling;
  const gaps: BoundGap[] = [];
  if (!perCall) gaps.push({ what: "no spend.cost_model.max_cost_per_call is declared", at: ["spend", "cost_model", "max_cost_per_call"], fix: `add spend.cost_model.max_cost_per_call: { amount: 0.06, currency: ${ceiling?.currency ?? "USD"} } (the most one call can cost)` });
  else if (ceiling && perCall.currency !== ceiling.currency) gaps.push({ what: `max_cost_per_call is in ${perCall.currency}, the ceiling in ${ceiling.currency}`, at: ["spend", "cost_model", "max_cost_per_call", "currency"], fix: `state max_cost_per_call in ${ceiling.currency}` });
  if (m.boundaries?.limits?.max_concurrency === undefined) gaps.push({ what: "no boundaries.limits.max_concurrency is declared", at: ["boundaries", "limits", "max_concurrency"], fix: "add boundaries.limits.max_concurrency: 4 (the most calls in flight at once)" });
  return gaps;
}
