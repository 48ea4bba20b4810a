import type { Manifest } from "../../manifest/types.js";
import type { RawFinding } from "../types.js";
import type { FoundRate, GatewayCheckResult } from "./common.js";
import { compareRate, finding, fmtNum, manifestCeiling, manifestGatewayRate } from "./common.js";
import type { FoundBudget, GatewayPeriod } from "./budget.js";
import { budgetText, pickBudget } from "./budget.js";
import type { ParsedConfig } from "./yaml-nodes.js";
import { asMap, child, dig, items, keyNode, locOf, num, scalar, str, walkMaps, where } from "./yaml-nodes.js";

/*
 * Bifrost (maximhq/bifrost) config.json. The `governance` block seeds the config store at startup
 * (docs.getbifrost.ai, deployment-guides/config-json/governance):
 * - `budgets[]: { id, max_limit (USD), reset_duration }`, reset durations 30s, 5m, 1h, 1d, 1w, 1M (month), 1Y;
 *   a budget is referenced by `budget_id` from a virtual key, a virtual key's provider config, a team or a customer;
 * - `rate_limits[]: { id, request_max_limit, request_reset_duration, token_max_limit, token_reset_duration }`,
 *   referenced by `rate_limit_id`;
 * - governance is always enforced in OSS, but only on requests that carry a virtual key:
 *   `client.enforce_auth_on_inference: true` requires one, and `governance.auth_config.disable_auth_on_inference`
 *   overrides it.
 */

export function looksLikeBifrost(cfg: ParsedConfig): boolean {
  const root = asMap(cfg.roots[0]);
  if (!root) return false;
  const gov = child(root, "governance");
  return (gov !== undefined && (child(gov, "budgets") !== undefined || child(gov, "virtual_keys") !== undefined || child(gov, "rate_limits") !== undefined)) ||
    (child(root, "providers") !== undefined && child(root, "client") !== undefined);
}

export function bifrostPeriod(s: string): GatewayPeriod | undefined {
  const m = /^\s*(\d+)\s*(s|m|h|d|w|M|Y)\s*$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!;
  if (unit === "M") return { months: n, text: s.trim() };
  if (unit === "Y") return { months: 12 * n, text: s.trim() };
  const mult: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  return { seconds: n * mult[unit]!, text: s.trim() };
}

function snippet(amount: string, period: string): string {
  return `{\n  "governance": {\n    "budgets": [{ "id": "agent-budget", "max_limit": ${amount}, "reset_duration": "${period}" }],\n    "virtual_keys": [{ "id": "agent", "budget_id": "agent-budget", ... }]\n  }\n}`;
}

/** The manifest's period in Bifrost's syntax where one exists (30d → "30d"; Bifrost also reads d). */
function bifrostDuration(period: string | undefined): string {
  return period ?? "1M";
}

export function checkBifrost(cfg: ParsedConfig, manifest: Manifest): GatewayCheckResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const figures: NonNullable<GatewayCheckResult["figures"]> = {};
  const root = cfg.roots[0] ?? null;
  const fileLoc = locOf(cfg, null);
  const ceiling = manifestCeiling(manifest);
  const fix = `Seed the budget in ${cfg.file} and attach it to the agent's virtual key:\n${snippet(ceiling ? fmtNum(ceiling.amount) : "<USD>", bifrostDuration(ceiling?.period))}`;

  if (!asMap(root)) {
    findings.push(finding("fail", `${cfg.file} is not a Bifrost config: its top level is not a JSON object`, locOf(cfg, root), fix));
    return { findings, notes };
  }
  const gov = child(root, "governance");
  const budgetNodes = items(child(gov, "budgets"));
  if (budgetNodes.length === 0) {
    const at = gov ? locOf(cfg, keyNode(root, "governance")) : fileLoc;
    findings.push(finding("fail", `gateway config does not set a budget: ${cfg.file} has no governance.budgets[] entry`, at, fix));
    return { findings, notes };
  }

  // Who refers to each budget: an unreferenced budget limits nothing.
  const referenced = new Set<string>();
  for (const m of walkMaps(gov)) {
    const id = str(child(m, "budget_id"));
    if (id !== undefined) referenced.add(id);
  }

  const budgets: FoundBudget[] = [];
  for (const b of budgetNodes) {
    const id = str(child(b, "id")) ?? "(no id)";
    const limitNode = child(b, "max_limit");
    const limit = num(limitNode);
    const at = locOf(cfg, limitNode ?? b);
    if (limit === undefined) {
      findings.push(finding("fail", `${where(at)} budget ${id} has max_limit ${JSON.stringify(scalar(limitNode) ?? null)}, not a number of USD`, at, fix));
      continue;
    }
    // A budget with its own scope field (older configs) is attached directly.
    const scoped = ["virtual_key_id", "team_id", "customer_id", "provider_config_id", "model_config_id"].some((k) => child(b, k) !== undefined);
    if (!scoped && !referenced.has(id)) {
      findings.push(finding("warn", `${where(at)} budget ${id} is not attached to any virtual key, team, customer or provider config (no budget_id refers to it), so it limits nothing`, at, `Refer to it from the agent's virtual key: "budget_id": "${id}"`));
      continue;
    }
    const rdNode = child(b, "reset_duration");
    const rd = str(rdNode);
    const period = rd !== undefined ? bifrostPeriod(rd) : undefined;
    if (rd !== undefined && !period) {
      const pl = locOf(cfg, rdNode);
      findings.push(finding("fail", `${where(pl)} budget ${id} reset_duration "${rd}" is not a Bifrost duration (<n>s, m, h, d, w, M or Y)`, pl, fix));
      continue;
    }
    budgets.push({ what: `Bifrost budget ${id}`, amount: limit, currency: "USD", amountLoc: at, amountText: `max_limit is ${fmtNum(limit)}`, period, periodLoc: locOf(cfg, rdNode ?? b), periodKey: "reset_duration" });
  }

  if (budgets.length === 0) {
    if (!findings.some((f) => f.level === "fail")) {
      findings.push(finding("fail", `gateway config does not set a budget that applies: no budget in ${cfg.file} is attached to a virtual key, team, customer or provider config`, locOf(cfg, keyNode(gov, "budgets")), fix));
    }
    return { findings, notes };
  }

  if (ceiling) {
    const picked = pickBudget(ceiling, budgets, fix);
    findings.push(...picked.findings);
    if (picked.matches) figures.ceiling = picked.best.amountLoc;
    notes.push(`${cfg.file}: ${picked.best.what} ${budgetText(picked.best)} at ${where(picked.best.amountLoc)}${picked.matches ? " (matches the manifest)" : ` (manifest: ${ceiling.text})`}`);
  } else {
    findings.push(finding("warn", `the manifest declares no spend.ceiling to compare with ${where(budgets[0]!.amountLoc)} ${budgets[0]!.what} ${budgetText(budgets[0]!)}`, budgets[0]!.amountLoc, "Declare the ceiling in the manifest:\nspend:\n  ceiling: { amount: <USD>, currency: USD, period: 30d }"));
  }

  // A request without a virtual key is not governed: the budget can be bypassed.
  const disable = dig(root, "governance", "auth_config", "disable_auth_on_inference");
  const enforce = dig(root, "client", "enforce_auth_on_inference");
  if (scalar(disable) === true) {
    const at = locOf(cfg, disable);
    findings.push(finding("fail", `${where(at)} disable_auth_on_inference is true: inference requests need no virtual key, so they bypass every budget in ${cfg.file}`, at, `"governance": { "auth_config": { "disable_auth_on_inference": false } }`));
  } else if (scalar(enforce) !== true) {
    const at = enforce ? locOf(cfg, enforce) : fileLoc;
    findings.push(finding("warn", `${enforce ? `${where(at)} client.enforce_auth_on_inference is ${JSON.stringify(scalar(enforce))}` : `${cfg.file} does not set client.enforce_auth_on_inference`}: a request without a virtual key is not governed, so the agent could bypass the budget by omitting its key`, at, `"client": { "enforce_auth_on_inference": true }`));
  }

  const declared = manifestGatewayRate(manifest);
  if (declared) {
    const found: FoundRate[] = [];
    for (const r of items(child(gov, "rate_limits"))) {
      const maxNode = child(r, "request_max_limit");
      const max = num(maxNode);
      const per = str(child(r, "request_reset_duration"));
      const p = per !== undefined ? bifrostPeriod(per) : undefined;
      if (max !== undefined && p?.seconds !== undefined) {
        found.push({ calls: max, perSeconds: p.seconds, loc: locOf(cfg, maxNode), text: `request_max_limit is ${fmtNum(max)} per ${per}` });
      }
    }
    const rateFix = `"rate_limits": [{ "id": "agent-rate", "request_max_limit": ${declared.calls}, "request_reset_duration": "${declared.per}" }] and "rate_limit_id": "agent-rate" on the agent's virtual key`;
    const rateFindings = compareRate(declared, found, "fail", "governance.rate_limits[].request_max_limit", rateFix, gov ? locOf(cfg, keyNode(root, "governance")) : fileLoc);
    if (rateFindings.length === 0) figures.rate = found.find((f) => f.calls === declared.calls && f.perSeconds === declared.perSeconds)?.loc;
    findings.push(...rateFindings);
  }
  return { findings, notes, figures };
}
