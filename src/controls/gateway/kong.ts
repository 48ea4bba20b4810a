import type { Node } from "yaml";
import type { Manifest } from "../../manifest/types.js";
import type { RawFinding } from "../types.js";
import type { FoundRate, GatewayCheckResult } from "./common.js";
import { compareRate, finding, fmtNum, fmtSeconds, manifestCeiling, manifestGatewayRate, same } from "./common.js";
import type { Loc, ParsedConfig } from "./yaml-nodes.js";
import { child, items, locOf, num, scalar, str, walkMaps, where } from "./yaml-nodes.js";

/*
 * Kong declarative config (decK / DB-less: `_format_version`, `plugins:` at the top level or under services,
 * routes, consumers, consumer_groups) or Kong Ingress Controller `KongPlugin`/`KongClusterPlugin` resources
 * (`plugin:` + `config:`). Plugin `ai-rate-limiting-advanced` (Kong plugin schema AiRateLimitingAdvanced.json):
 * - `config.llm_providers[]: { name, limit: number[], window_size: number[] (seconds) }` with the plugin-wide
 *   `config.tokens_count_strategy` (total_tokens | prompt_tokens | completion_tokens | cost; default total_tokens);
 * - or, from 3.14, `config.policies[]: { match[], limits[]: { limit, window_size, tokens_count_strategy } }`,
 *   where each limit's own strategy defaults to total_tokens.
 * With `cost`, the limit is money per window (cost = prompt_tokens × input_cost + completion_tokens × output_cost,
 * the costs set on AI Proxy / AI Proxy Advanced).
 */

const PLUGIN = "ai-rate-limiting-advanced";

export function looksLikeKong(cfg: ParsedConfig): boolean {
  return cfg.roots.some((r) => {
    if (child(r, "_format_version") !== undefined) return true;
    const kind = str(child(r, "kind"));
    if (kind === "KongPlugin" || kind === "KongClusterPlugin") return true;
    const api = str(child(r, "apiVersion")) ?? "";
    return api.startsWith("configuration.konghq.com/");
  });
}

interface Plugin {
  name: string;
  config: Node | undefined;
  node: Node;
  enabled: boolean;
}

function findPlugins(cfg: ParsedConfig): Plugin[] {
  const out: Plugin[] = [];
  for (const root of cfg.roots) {
    const kind = str(child(root, "kind"));
    if (kind === "KongPlugin" || kind === "KongClusterPlugin") {
      const name = str(child(root, "plugin"));
      if (name !== undefined) out.push({ name, config: child(root, "config"), node: root!, enabled: scalar(child(root, "disabled")) !== true });
      continue;
    }
    // Declarative config: every `plugins:` list, at the top level or nested under services, routes, consumers…
    for (const m of walkMaps(root)) {
      for (const entry of items(child(m, "plugins"))) {
        const name = str(child(entry, "name"));
        if (name !== undefined) out.push({ name, config: child(entry, "config"), node: entry, enabled: scalar(child(entry, "enabled")) !== false });
      }
    }
  }
  return out;
}

interface KongLimit {
  scope: string;
  limit: number;
  window: number;
  strategy: string;
  /** The strategy was not written on a policy limit, which then counts total_tokens. */
  strategyDefaulted: boolean;
  limitLoc: Loc;
  windowLoc: Loc;
}

function snippet(amount: string, windowSeconds: string): string {
  return `plugins:\n  - name: ${PLUGIN}\n    config:\n      tokens_count_strategy: cost\n      llm_providers:\n        - name: openai\n          limit: [${amount}]\n          window_size: [${windowSeconds}]`;
}

export function checkKong(cfg: ParsedConfig, manifest: Manifest): GatewayCheckResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const fileLoc = locOf(cfg, null);
  const ceiling = manifestCeiling(manifest);
  const amountText = ceiling ? fmtNum(ceiling.amount) : "<amount>";
  const windowText = ceiling?.periodSeconds !== undefined ? String(ceiling.periodSeconds) : "<period in seconds>";
  const fix = `Add a cost budget (and set input_cost/output_cost on AI Proxy or AI Proxy Advanced so costs are counted):\n${snippet(amountText, windowText)}`;

  const plugins = findPlugins(cfg);
  const ai = plugins.filter((p) => p.name === PLUGIN);
  const active = ai.filter((p) => p.enabled);

  if (active.length === 0) {
    const why = ai.length ? `the ${PLUGIN} plugin at ${where(locOf(cfg, ai[0]!.node))} is disabled` : `no ${PLUGIN} plugin (looked in plugins: at the top level and under services, routes, consumers and consumer_groups, and in KongPlugin/KongClusterPlugin resources)`;
    findings.push(finding("fail", `gateway config does not set a budget: ${cfg.file} has ${why}`, ai[0] ? locOf(cfg, ai[0].node) : fileLoc, fix));
  }

  const limits: KongLimit[] = [];
  for (const p of active) {
    const pluginStrategy = str(child(p.config, "tokens_count_strategy")) ?? "total_tokens";
    for (const prov of items(child(p.config, "llm_providers"))) {
      const name = str(child(prov, "name")) ?? "?";
      const ls = items(child(prov, "limit"));
      const ws = items(child(prov, "window_size"));
      if (ls.length !== ws.length) {
        const at = locOf(cfg, child(prov, "limit") ?? prov);
        findings.push(finding("fail", `${where(at)} provider ${name} has ${ls.length} limit(s) but ${ws.length} window_size(s); Kong requires one window per limit`, at, `limit: [${amountText}]\nwindow_size: [${windowText}]`));
      }
      for (let i = 0; i < Math.min(ls.length, ws.length); i++) {
        const l = num(ls[i]);
        const w = num(ws[i]);
        if (l === undefined || w === undefined) continue;
        limits.push({ scope: `provider ${name}`, limit: l, window: w, strategy: pluginStrategy, strategyDefaulted: false, limitLoc: locOf(cfg, ls[i]), windowLoc: locOf(cfg, ws[i]) });
      }
    }
    for (const pol of items(child(p.config, "policies"))) {
      const match = items(child(pol, "match")).map((m) => `${str(child(m, "type")) ?? "?"} ${items(child(m, "values")).map((v) => String(scalar(v))).join("|") || "any"}`);
      const scope = match.length ? `policy ${match.join(" and ")}` : "fallback policy";
      for (const lim of items(child(pol, "limits"))) {
        const l = num(child(lim, "limit"));
        const w = num(child(lim, "window_size"));
        if (l === undefined || w === undefined) continue;
        const s = str(child(lim, "tokens_count_strategy"));
        limits.push({ scope, limit: l, window: w, strategy: s ?? "total_tokens", strategyDefaulted: s === undefined, limitLoc: locOf(cfg, child(lim, "limit")), windowLoc: locOf(cfg, child(lim, "window_size")) });
      }
    }
    if (!items(child(p.config, "llm_providers")).length && !items(child(p.config, "policies")).length) {
      const at = locOf(cfg, p.config ?? p.node);
      findings.push(finding("fail", `gateway config does not set a budget: the ${PLUGIN} plugin at ${where(at)} has neither config.llm_providers nor config.policies limits`, at, fix));
    }
  }

  const costLimits = limits.filter((l) => l.strategy === "cost");
  if (active.length && limits.length && costLimits.length === 0) {
    const first = limits[0]!;
    const defaulted = limits.some((l) => l.strategyDefaulted) ? " (a policy limit without its own tokens_count_strategy counts total_tokens, whatever the plugin-wide setting)" : "";
    findings.push(finding("warn", `${where(first.limitLoc)} limits count ${first.strategy}, not cost: ${fmtNum(first.limit)} tokens per ${fmtSeconds(first.window)} cannot be compared with ${ceiling ? `the manifest ceiling of ${ceiling.text}` : "a money ceiling"}${defaulted}`, first.limitLoc, `Budget in money instead of tokens:\n${snippet(amountText, windowText)}`));
  }

  let matches = false;
  if (costLimits.length) {
    if (!ceiling) {
      findings.push(finding("warn", `the manifest declares no spend.ceiling to compare with ${where(costLimits[0]!.limitLoc)} cost limit ${fmtNum(costLimits[0]!.limit)} per ${fmtSeconds(costLimits[0]!.window)}`, costLimits[0]!.limitLoc, `spend:\n  ceiling: { amount: ${fmtNum(costLimits[0]!.limit)}, currency: USD, period: ${fmtSeconds(costLimits[0]!.window)} }`));
    } else {
      const atPeriod = costLimits.filter((l) => ceiling.periodSeconds !== undefined && l.window === ceiling.periodSeconds);
      if (atPeriod.length === 0) {
        const longest = [...costLimits].sort((a, b) => b.window - a.window)[0]!;
        findings.push(finding("fail", `manifest ceiling ${ceiling.text} but ${where(longest.windowLoc)} window_size is ${fmtNum(longest.window)} (${fmtSeconds(longest.window)}) for the cost limit ${fmtNum(longest.limit)} (${longest.scope}); no cost limit has a ${ceiling.period} window`, longest.windowLoc, `Add a window equal to the manifest period:\n${snippet(amountText, windowText)}`));
      } else {
        const wrong = atPeriod.filter((l) => !same(l.limit, ceiling.amount));
        for (const l of wrong) {
          findings.push(finding("fail", `manifest ceiling ${ceiling.text} but ${where(l.limitLoc)} limit is ${fmtNum(l.limit)} per ${fmtNum(l.window)} s (${fmtSeconds(l.window)}, ${l.scope})`, l.limitLoc, `Make the figures agree (or correct spend.ceiling.amount in the manifest):\n${snippet(amountText, windowText)}`));
        }
        matches = wrong.length === 0;
        const scopes = new Set(atPeriod.map((l) => l.scope));
        if (scopes.size > 1) {
          const total = atPeriod.reduce((a, l) => a + l.limit, 0);
          findings.push(finding("warn", `Kong counts each ${PLUGIN} limit separately: ${[...scopes].join(", ")} can each spend up to their limit, ${fmtNum(total)} together per ${ceiling.period} against the manifest ceiling of ${ceiling.text}`, atPeriod[1]!.limitLoc, `Give one policy without a match (a fallback) the whole ceiling, or split the ceiling between the limits so they add up to ${fmtNum(ceiling.amount)}.`));
          matches = false;
        }
      }
    }
    const shown = costLimits.map((l) => `${fmtNum(l.limit)} per ${fmtSeconds(l.window)} (${l.scope})`).join("; ");
    notes.push(`${cfg.file}: Kong ${PLUGIN} cost limit ${shown}, in the currency of the AI Proxy input_cost/output_cost` + (ceiling ? (matches ? " (matches the manifest)" : ` (manifest: ${ceiling.text})`) : ""));
  } else if (limits.length) {
    notes.push(`${cfg.file}: Kong ${PLUGIN} token limits ${limits.map((l) => `${fmtNum(l.limit)} ${l.strategy} per ${fmtSeconds(l.window)} (${l.scope})`).join("; ")}`);
  }

  const declared = manifestGatewayRate(manifest);
  if (declared) {
    const found: FoundRate[] = [];
    const unitSeconds: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, month: 2592000, year: 31536000 };
    for (const p of plugins.filter((q) => q.enabled)) {
      if (p.name === "rate-limiting") {
        for (const [unit, secs] of Object.entries(unitSeconds)) {
          const n = child(p.config, unit);
          const v = num(n);
          if (v !== undefined) found.push({ calls: v, perSeconds: secs, loc: locOf(cfg, n), text: `rate-limiting ${unit} is ${fmtNum(v)}` });
        }
      } else if (p.name === "rate-limiting-advanced") {
        const ls = items(child(p.config, "limit"));
        const ws = items(child(p.config, "window_size"));
        for (let i = 0; i < Math.min(ls.length, ws.length); i++) {
          const l = num(ls[i]);
          const w = num(ws[i]);
          if (l !== undefined && w !== undefined && w > 0) found.push({ calls: l, perSeconds: w, loc: locOf(cfg, ls[i]), text: `rate-limiting-advanced limit is ${fmtNum(l)} per window_size ${fmtNum(w)}` });
        }
      }
    }
    const rfix = `plugins:\n  - name: rate-limiting-advanced\n    config:\n      limit: [${fmtNum(declared.calls)}]\n      window_size: [${declared.perSeconds}]`;
    findings.push(...compareRate(declared, found, "fail", "a rate-limiting or rate-limiting-advanced plugin", rfix, fileLoc));
  }
  return { findings, notes };
}
