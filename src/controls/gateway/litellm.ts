import type { Manifest } from "../../manifest/types.js";
import type { RawFinding } from "../types.js";
import type { GatewayCheckResult } from "./common.js";
import { compareRate, finding, fmtNum, fmtSeconds, manifestCeiling, manifestGatewayRate, same } from "./common.js";
import type { DeclaredRate, FoundRate, RateGap } from "./common.js";
import type { Loc, ParsedConfig } from "./yaml-nodes.js";
import type { FoundBudget } from "./budget.js";
import { compareBudget } from "./budget.js";
import { asMap, child, dig, items, keyNode, locOf, num, scalar, str, where } from "./yaml-nodes.js";

/*
 * LiteLLM proxy config (config.yaml). The proxy sets every key under `litellm_settings` on the litellm module;
 * `litellm.max_budget` (USD) and `litellm.budget_duration` become the proxy-wide budget ("litellm-proxy-budget"),
 * written to the database at startup when max_budget > 0. Durations: <n>s|m|h|d|w|mo
 * (litellm/litellm_core_utils/duration_parser.py, duration_in_seconds).
 */

const TOP_KEYS = ["model_list", "litellm_settings", "general_settings", "router_settings", "environment_variables"];

export function looksLikeLiteLLM(cfg: ParsedConfig): boolean {
  const root = asMap(cfg.roots[0]);
  return !!root && TOP_KEYS.some((k) => child(root, k) !== undefined || keyNode(root, k) !== undefined);
}

interface LiteDuration {
  seconds: number | undefined;
  /** Calendar months: their length varies (28–31 days). */
  months: number | undefined;
}

function liteDuration(s: string): LiteDuration | undefined {
  const m = /^\s*(\d+)(mo|s|m|h|d|w)\s*$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!;
  if (unit === "mo") return { seconds: undefined, months: n };
  const mult: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  return { seconds: n * mult[unit]!, months: undefined };
}

function snippet(amount: string, period: string): string {
  return `litellm_settings:\n  max_budget: ${amount}\n  budget_duration: ${period}`;
}

export function checkLiteLLM(cfg: ParsedConfig, manifest: Manifest): GatewayCheckResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const root = cfg.roots.find((r) => asMap(r)) ?? cfg.roots[0] ?? null;
  const fileLoc = locOf(cfg, null);
  const ceiling = manifestCeiling(manifest);
  const wantAmount = ceiling ? fmtNum(ceiling.amount) : "<amount>";
  const wantPeriod = ceiling?.period ?? "<period, e.g. 30d>";
  const fix = `Set the proxy-wide budget in ${cfg.file}:\n${snippet(wantAmount, wantPeriod)}`;

  if (root !== null && !asMap(root)) {
    findings.push(finding("fail", `${cfg.file} is not a LiteLLM proxy config: its top level is not a mapping`, locOf(cfg, root), fix));
    return { findings, notes };
  }

  const settings = child(root, "litellm_settings");
  const mbNode = child(settings, "max_budget");
  const mbKey = keyNode(settings, "max_budget");

  if (mbNode === undefined && mbKey === undefined) {
    // Look where people misplace it, and say LiteLLM does not read it there.
    const misplaced = [
      ["general_settings", dig(root, "general_settings", "max_budget") ?? keyNode(child(root, "general_settings"), "max_budget")],
      ["router_settings", dig(root, "router_settings", "max_budget") ?? keyNode(child(root, "router_settings"), "max_budget")],
      ["the top level", child(root, "max_budget") ?? keyNode(root, "max_budget")],
    ] as const;
    const hit = misplaced.find(([, n]) => n !== undefined);
    const providerBudgets = dig(root, "router_settings", "provider_budget_config");
    // No proxy-wide budget: provider or model budgets that together cover every deployment also cap the total.
    if (!hit && ceiling && (providerBudgets !== undefined || items(child(root, "model_list")).some((d) => dig(d, "litellm_params", "max_budget") !== undefined))) {
      return checkScopedBudgets(cfg, root, manifest);
    }
    let message = `gateway config does not set a budget: ${cfg.file} has no litellm_settings.max_budget`;
    let at = settings ? locOf(cfg, keyNode(root, "litellm_settings")) : fileLoc;
    if (hit) {
      message += ` (max_budget is under ${hit[0]}, where the LiteLLM proxy does not read it)`;
      at = locOf(cfg, hit[1]);
    } else if (providerBudgets !== undefined) {
      message += " (router_settings.provider_budget_config limits each provider separately; it is not a ceiling on the proxy's total spend)";
      at = locOf(cfg, providerBudgets);
    }
    findings.push(finding("fail", message, at, fix));
    return { findings, notes };
  }

  const mbLoc = locOf(cfg, mbNode ?? mbKey);
  const mbRaw = scalar(mbNode);
  const mb = num(mbNode);
  if (mb === undefined) {
    const s = str(mbNode);
    if (s !== undefined && s.startsWith("os.environ/")) {
      findings.push(finding("warn", `${where(mbLoc)} max_budget is read from the environment (${s}): psf cannot check it against the manifest ceiling${ceiling ? ` of ${ceiling.text}` : ""}`, mbLoc, `Write the figure in the file so it can be reviewed:\n${snippet(wantAmount, wantPeriod)}`));
    } else {
      findings.push(finding("fail", `gateway config does not set a budget: ${where(mbLoc)} max_budget is ${mbRaw === undefined || mbRaw === null ? "empty" : JSON.stringify(mbRaw)}, not a number of USD`, mbLoc, fix));
      return { findings, notes };
    }
  } else if (mb <= 0) {
    findings.push(finding("fail", `gateway config does not set a budget: ${where(mbLoc)} max_budget is ${fmtNum(mb)}, and LiteLLM only enforces a proxy budget greater than 0`, mbLoc, fix));
    return { findings, notes };
  }

  // budget_duration
  const bdNode = child(settings, "budget_duration");
  const bdKey = keyNode(settings, "budget_duration");
  const bdLoc = bdNode || bdKey ? locOf(cfg, bdNode ?? bdKey) : locOf(cfg, keyNode(settings, "max_budget"));
  const bdText = str(bdNode) ?? (typeof scalar(bdNode) === "number" ? String(scalar(bdNode)) : undefined);
  let duration: LiteDuration | undefined;
  if (bdText === undefined) {
    if (ceiling) {
      findings.push(finding("fail", `manifest ceiling ${ceiling.text} but ${cfg.file} sets no litellm_settings.budget_duration, so max_budget ${mb !== undefined ? fmtNum(mb) : ""} never resets (a lifetime budget, not one per ${ceiling.period})`.replace("  ", " "), bdLoc, fix));
    } else {
      findings.push(finding("warn", `${cfg.file} sets no litellm_settings.budget_duration: the budget never resets`, bdLoc, fix));
    }
  } else {
    duration = liteDuration(bdText);
    if (!duration) {
      findings.push(finding("fail", `${where(bdLoc)} budget_duration "${bdText}" is not a LiteLLM duration (<n>s, m, h, d, w or mo)`, bdLoc, fix));
    }
  }

  const periodText = bdText ?? "no period (never resets)";
  let matches = true;

  if (!ceiling) {
    findings.push(finding("warn", `the manifest declares no spend.ceiling to compare with ${where(mbLoc)} max_budget ${mb !== undefined ? fmtNum(mb) : str(mbNode)} per ${periodText}`, mbLoc, `Declare the ceiling in the manifest:\nspend:\n  ceiling: { amount: ${mb !== undefined ? fmtNum(mb) : "<amount>"}, currency: USD, period: ${bdText ?? "30d"} }`));
    matches = false;
  } else {
    if (mb !== undefined && !same(mb, ceiling.amount)) {
      matches = false;
      findings.push(finding("fail", `manifest ceiling ${ceiling.text} but ${where(mbLoc)} max_budget is ${fmtNum(mb)}`, mbLoc, `Make the figures agree (or correct spend.ceiling.amount in the manifest):\n${snippet(fmtNum(ceiling.amount), ceiling.period)}`));
    }
    if (duration) {
      if (duration.months !== undefined) {
        const approx = duration.months * 30 * 86400;
        if (ceiling.periodSeconds !== undefined && ceiling.periodSeconds === approx) {
          findings.push(finding("warn", `manifest ceiling ${ceiling.text} but ${where(bdLoc)} budget_duration is ${bdText}: a calendar month is 28 to 31 days, not exactly ${ceiling.period}`, bdLoc, `Use the same period in both places:\n${snippet(fmtNum(ceiling.amount), ceiling.period)}`));
        } else {
          matches = false;
          findings.push(finding("fail", `manifest ceiling ${ceiling.text} but ${where(bdLoc)} budget_duration is ${bdText}`, bdLoc, `Make the periods agree:\n${snippet(fmtNum(ceiling.amount), ceiling.period)}`));
        }
      } else if (ceiling.periodSeconds === undefined || duration.seconds !== ceiling.periodSeconds) {
        matches = false;
        findings.push(finding("fail", `manifest ceiling ${ceiling.text} but ${where(bdLoc)} budget_duration is ${bdText}${duration.seconds !== undefined && fmtSeconds(duration.seconds) !== (bdText ?? "").trim() ? ` (${fmtSeconds(duration.seconds)})` : ""}`, bdLoc, `Make the periods agree:\n${snippet(fmtNum(ceiling.amount), ceiling.period)}`));
      }
    } else {
      matches = false;
    }
    if (ceiling.currency.toUpperCase() !== "USD") {
      findings.push(finding("warn", `manifest ceiling is in ${ceiling.currency}, but LiteLLM budgets are in USD: ${where(mbLoc)} max_budget ${mb !== undefined ? fmtNum(mb) : ""} is USD`.replace("  ", " "), mbLoc, `Declare the ceiling in USD, the currency the gateway enforces:\nspend:\n  ceiling: { amount: <USD amount>, currency: USD, period: ${ceiling.period} }`));
    }
  }

  notes.push(...keyAndTeamLimits(cfg, root));
  findings.push(...parallelRequests(cfg, root, manifest));

  const dbUrl = dig(root, "general_settings", "database_url");
  const summary = `${cfg.file}: LiteLLM max_budget ${mb !== undefined ? fmtNum(mb) : str(mbNode) ?? "?"} USD per ${periodText}` +
    (ceiling ? (matches ? " (matches the manifest)" : ` (manifest: ${ceiling.text})`) : "");
  notes.push(summary);
  const figures: NonNullable<GatewayCheckResult["figures"]> = {};
  if (ceiling && matches) figures.ceiling = mbLoc;
  if (dbUrl === undefined) {
    notes.push(`${cfg.file}: LiteLLM enforces litellm_settings.max_budget only when the proxy has a database (general_settings.database_url or the DATABASE_URL environment variable); the config does not set database_url, so make sure DATABASE_URL is set where the proxy runs`);
  }

  findings.push(...rateFigures(cfg, root, manifest, figures));

  return { findings, notes, figures };
}

/** Rate limits, when the manifest says the gateway enforces them: the findings, and where RSG-06 may cite them. */
function rateFigures(cfg: ParsedConfig, root: unknown, manifest: Manifest, figures: NonNullable<GatewayCheckResult["figures"]>): RawFinding[] {
  const declared = manifestGatewayRate(manifest);
  if (!declared) return [];
  const rate = deploymentRates(cfg, root, declared);
  if (rate.at) figures.rate = rate.at;
  if (rate.uncovered.length) figures.rateUncovered = rate.uncovered;
  return rate.findings;
}

/**
 * The LiteLLM router reads a deployment's rpm from the deployment itself, then `litellm_params.rpm`, then
 * `model_info.rpm`, and treats a deployment with none as unlimited (router.py and lowest_tpm_rpm_v2.py fall
 * back to float("inf")). The config has no proxy-wide request rate: key and team `rpm_limit` live in the
 * database. So every deployment needs its own rpm, and together they are what the proxy can serve.
 */
function deploymentRates(cfg: ParsedConfig, root: unknown, declared: DeclaredRate): { findings: RawFinding[]; at?: Loc; uncovered: RateGap[] } {
  const findings: RawFinding[] = [];
  const found: FoundRate[] = [];
  const unlimited: { name: string; model: string | undefined; loc: Loc }[] = [];
  let unreadable = false;
  const deployments = items(child(root, "model_list"));
  for (const dep of deployments) {
    const name = str(child(dep, "model_name")) ?? "a deployment";
    const rpmNode = [child(dep, "rpm"), dig(dep, "litellm_params", "rpm"), dig(dep, "model_info", "rpm")].find((n) => n !== undefined && scalar(n) !== null);
    const rpm = num(rpmNode);
    if (rpm !== undefined) {
      found.push({ calls: rpm, perSeconds: 60, loc: locOf(cfg, rpmNode), text: `rpm is ${fmtNum(rpm)} for ${name}` });
    } else if (rpmNode !== undefined) {
      unreadable = true;
      const at = locOf(cfg, rpmNode);
      findings.push(finding("warn", `${where(at)} rpm for ${name} is ${JSON.stringify(scalar(rpmNode))}, not a number psf can compare with the manifest rate ${declared.text}`, at, `Write the requests-per-minute figure in the file so it can be reviewed:\n    litellm_params:\n      rpm: <n>`));
    } else {
      unlimited.push({ name, model: str(dig(dep, "litellm_params", "model")), loc: locOf(cfg, dep) });
    }
  }
  const rpmWanted = fmtNum((declared.calls * 60) / declared.perSeconds);
  const fix = `Set the requests-per-minute limit on each deployment the agent uses:\nmodel_list:\n  - model_name: <name>\n    litellm_params:\n      model: <provider/model>\n      rpm: ${rpmWanted}\nrouter_settings:\n  enable_pre_call_checks: true`;
  // A deployment without rpm is a path around the declared rate: calls routed to it are not counted.
  const left = (declared.calls * 60) / declared.perSeconds - found.reduce((a, f) => a + f.calls, 0);
  for (const u of unlimited) {
    const share = left > 0 ? fmtNum(left) : `<n>  # and lower the other deployments' rpm so they add up to ${rpmWanted}`;
    findings.push(finding("fail", `the manifest says the gateway enforces ${declared.text} (boundaries.limits.rate.enforced_by: gateway), but deployment ${u.name}${u.model ? ` (${u.model})` : ""} at ${where(u.loc)} has no rpm, so LiteLLM does not limit the calls routed to it and RSG-06's rate bound does not hold for them`, u.loc, `Give that deployment its share of the rate (the deployments' rpm add up to what the proxy serves), or remove it from model_list if the agent does not use it:\nmodel_list:\n  - model_name: ${u.name}\n    litellm_params:\n      model: ${u.model ?? "<provider/model>"}\n      rpm: ${share}\nrouter_settings:\n  enable_pre_call_checks: true`));
  }
  const uncovered = unlimited.map((u) => ({ what: `deployment ${u.name} has no rpm`, loc: u.loc }));
  if (unlimited.length || unreadable) return { findings, uncovered };
  const where0 = child(root, "model_list") ? locOf(cfg, keyNode(root, "model_list")) : locOf(cfg, null);
  if (found.length > 1) {
    // Deployments are limited separately: the proxy as a whole can serve the sum.
    const total = found.reduce((a, f) => a + f.calls, 0);
    found.splice(0, found.length, { calls: total, perSeconds: 60, loc: found[0]!.loc, text: `rpm adds up to ${fmtNum(total)} over ${found.length} deployments` });
  }
  // LiteLLM deployment rpm is a per-deployment routing limit: any difference is a warn.
  const rateFindings = compareRate(declared, found, "warn", "model_list[].litellm_params.rpm", fix, where0);
  findings.push(...rateFindings);
  return { findings, at: rateFindings.length === 0 ? found[0]?.loc : undefined, uncovered };
}

/** The provider of a deployment: the prefix of `litellm_params.model` (`openai/gpt-4.1-mini` → openai). */
function providerOf(dep: unknown): string | undefined {
  const model = str(dig(dep, "litellm_params", "model"));
  return model?.includes("/") ? model.split("/")[0] : undefined;
}

/**
 * `router_settings.provider_budget_config: { <provider>: { budget_limit, time_period } }` and model budgets
 * (`model_list[].litellm_params.max_budget` + `budget_duration`) each stop one provider or deployment. Their sum
 * caps the proxy only when every deployment is covered by one; a deployment with neither is uncapped.
 */
function checkScopedBudgets(cfg: ParsedConfig, root: unknown, manifest: Manifest): GatewayCheckResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const ceiling = manifestCeiling(manifest)!;
  const fix = `Set a proxy-wide budget in ${cfg.file} (it caps the total whatever the providers):\n${snippet(fmtNum(ceiling.amount), ceiling.period)}`;
  const pbc = asMap(dig(root, "router_settings", "provider_budget_config"));
  const budgets: FoundBudget[] = [];
  const providers = new Set<string>();
  for (const pair of pbc?.items ?? []) {
    const name = String(scalar(pair.key) ?? "");
    providers.add(name);
    const limitNode = child(pair.value, "budget_limit");
    const limit = num(limitNode);
    const periodNode = child(pair.value, "time_period");
    const period = str(periodNode);
    const at = locOf(cfg, (limitNode ?? pair.key) as never);
    if (limit === undefined) {
      findings.push(finding("fail", `${where(at)} provider_budget_config.${name}.budget_limit is ${JSON.stringify(scalar(limitNode) ?? null)}, not a number of USD`, at, fix));
      continue;
    }
    budgets.push(scopedBudget(cfg, `provider budget ${name}`, limit, at, period, periodNode, "time_period"));
  }
  notes.push(...keyAndTeamLimits(cfg, root));
  findings.push(...parallelRequests(cfg, root, manifest));
  const uncovered: string[] = [];
  let firstUncovered: Loc | undefined;
  for (const dep of items(child(root, "model_list"))) {
    const name = str(child(dep, "model_name")) ?? "a deployment";
    const mbNode = dig(dep, "litellm_params", "max_budget");
    const mb = num(mbNode);
    if (mb !== undefined) {
      const bdNode = dig(dep, "litellm_params", "budget_duration");
      budgets.push(scopedBudget(cfg, `model budget ${name}`, mb, locOf(cfg, mbNode), str(bdNode), bdNode, "budget_duration"));
      continue;
    }
    const provider = providerOf(dep);
    if (provider === undefined || !providers.has(provider)) {
      firstUncovered ??= locOf(cfg, dep);
      uncovered.push(`${name} (${where(locOf(cfg, dep))}${provider ? `, provider ${provider}` : ""})`);
    }
  }
  if (uncovered.length) {
    findings.push(finding("fail", `gateway config does not cap the total: ${cfg.file} has no litellm_settings.max_budget, and ${uncovered.join(", ")} ${uncovered.length > 1 ? "have" : "has"} neither a model budget nor a provider budget, so ${uncovered.length > 1 ? "their" : "its"} spend is not capped`, firstUncovered!, fix));
    return { findings, notes };
  }
  if (budgets.length === 0) return { findings, notes };
  // All budgets share one period, or their sum is not a figure per any one period.
  const periods = new Set(budgets.map((b) => b.period?.text ?? "(none)"));
  if (periods.size > 1) {
    findings.push(finding("fail", `the provider and model budgets in ${cfg.file} reset on different periods (${[...periods].join(", ")}), so they add up to no ceiling per ${ceiling.period}`, budgets[0]!.amountLoc, fix));
    return { findings, notes };
  }
  const total = budgets.reduce((a, b) => a + b.amount, 0);
  const sum: FoundBudget = {
    ...budgets[0]!,
    what: budgets.length > 1 ? `the sum of ${budgets.length} budgets: ${budgets.map((b) => `${b.what} ${fmtNum(b.amount)} at ${where(b.amountLoc)}`).join(" + ")}` : budgets[0]!.what,
    amount: total,
    amountText: budgets.length > 1 ? `provider and model budgets add up to ${fmtNum(total)}` : budgets[0]!.amountText,
  };
  const cmp = compareBudget(ceiling, sum, fix);
  findings.push(...cmp.findings);
  notes.push(`${cfg.file}: no proxy-wide budget; ${budgets.length} provider/model budget${budgets.length > 1 ? "s" : ""} cover every deployment and add up to ${fmtNum(total)} USD per ${sum.period?.text ?? "(never resets)"}${cmp.matches ? " (matches the manifest)" : ` (manifest: ${ceiling.text})`}`);
  const figures: NonNullable<GatewayCheckResult["figures"]> = cmp.matches ? { ceiling: budgets[0]!.amountLoc } : {};
  findings.push(...rateFigures(cfg, root, manifest, figures));
  return { findings, notes, figures };
}

function scopedBudget(cfg: ParsedConfig, what: string, amount: number, at: Loc, period: string | undefined, periodNode: unknown, periodKey: string): FoundBudget {
  const d = period !== undefined ? liteDuration(period) : undefined;
  return {
    what,
    amount,
    currency: "USD",
    amountLoc: at,
    amountText: `${what} is ${fmtNum(amount)}`,
    // An unreadable period stays as text: it then agrees with no manifest period and fails naming it.
    period: period === undefined ? undefined : d ? { seconds: d.seconds, months: d.months, text: period } : { text: period },
    periodLoc: periodNode ? locOf(cfg, periodNode as never) : at,
    periodKey,
  };
}

/**
 * Per-key and per-team budgets live in LiteLLM's database, not in this file; what the file does say is the most
 * a key may be given (`litellm_settings.upperbound_key_generate_params`) and a new team's defaults
 * (`litellm_settings.default_team_params`, formerly `default_team_settings`). Reported as notes for the reviewer.
 */
function keyAndTeamLimits(cfg: ParsedConfig, root: unknown): string[] {
  const out: string[] = [];
  const settings = child(root, "litellm_settings");
  const ub = child(settings, "upperbound_key_generate_params");
  if (ub !== undefined) {
    const parts = ["max_budget", "budget_duration", "rpm_limit", "tpm_limit", "max_parallel_requests"].flatMap((k) => {
      const v = scalar(child(ub, k));
      return v === undefined ? [] : [`${k} ${String(v)}`];
    });
    out.push(`${where(locOf(cfg, keyNode(settings, "upperbound_key_generate_params")))}: a virtual key cannot be generated with more than ${parts.join(", ") || "(no limits listed)"} (upperbound_key_generate_params); the keys themselves are in LiteLLM's database`);
  }
  const teamKey = child(settings, "default_team_params") !== undefined ? "default_team_params" : "default_team_settings";
  const team = child(settings, teamKey);
  if (team !== undefined) {
    const mb = num(child(team, "max_budget"));
    out.push(`${where(locOf(cfg, keyNode(settings, teamKey)))}: new teams get ${mb !== undefined ? `max_budget ${fmtNum(mb)} USD${str(child(team, "budget_duration")) ? ` per ${str(child(team, "budget_duration"))}` : ""}` : "no default budget"} (${teamKey})`);
  }
  return out;
}

/**
 * `general_settings.max_parallel_requests` / `global_max_parallel_requests` bound the calls in flight.
 * RSG-06 counts one in-flight call per declared worker past the ceiling: a gateway allowing more makes that
 * overshoot larger than the manifest says.
 */
function parallelRequests(cfg: ParsedConfig, root: unknown, manifest: Manifest): RawFinding[] {
  const declared = manifest.boundaries?.limits?.max_concurrency;
  const out: RawFinding[] = [];
  for (const key of ["max_parallel_requests", "global_max_parallel_requests"]) {
    const node = dig(root, "general_settings", key);
    const n = num(node);
    if (n === undefined || declared === undefined || n <= declared) continue;
    const at = locOf(cfg, node);
    out.push(finding("warn", `manifest max_concurrency is ${declared} but ${where(at)} ${key} is ${fmtNum(n)}: the gateway lets more calls run at once, so RSG-06's in-flight overshoot is understated`, at, `general_settings:\n  ${key}: ${declared}`));
  }
  return out;
}
