import type { Manifest } from "../../manifest/types.js";
import type { RawFinding } from "../types.js";
import type { FoundRate, GatewayCheckResult } from "./common.js";
import { compareRate, finding, fmtNum, manifestCeiling, manifestGatewayRate } from "./common.js";
import type { Node } from "yaml";
import type { Loc, ParsedConfig } from "./yaml-nodes.js";
import { child, dig, items, locOf, num, str, where } from "./yaml-nodes.js";

/*
 * Envoy AI Gateway: an AIGatewayRoute (aigateway.envoyproxy.io) records token usage per request in dynamic
 * metadata under namespace `io.envoy.ai_gateway`, one key per `spec.llmRequestCosts[]` entry
 * ({ metadataKey, type: InputToken | CachedInputToken | OutputToken | TotalToken | CEL, cel }).
 * An Envoy Gateway BackendTrafficPolicy (gateway.envoyproxy.io) spends that budget:
 * `spec.rateLimit.global.rules[]` with `limit: { requests, unit: Second|Minute|Hour|Day }` and
 * `cost.response` (or `cost.request`) `{ from: Metadata, metadata: { namespace, key } }`.
 * (examples/token_ratelimit/token_ratelimit.yaml in envoyproxy/ai-gateway; aigateway.envoyproxy.io usage-based rate limiting.)
 */

const AI_NAMESPACE = "io.envoy.ai_gateway";
const UNIT_SECONDS: Record<string, number> = { Second: 1, Minute: 60, Hour: 3600, Day: 86400 };
const ENVOY_KINDS = new Set(["AIGatewayRoute", "AIServiceBackend", "BackendTrafficPolicy", "BackendSecurityPolicy", "EnvoyProxy", "SecurityPolicy", "ClientTrafficPolicy"]);

export function looksLikeEnvoy(cfg: ParsedConfig): boolean {
  return cfg.roots.some((r) => {
    const api = str(child(r, "apiVersion")) ?? "";
    const kind = str(child(r, "kind")) ?? "";
    return api.startsWith("aigateway.envoyproxy.io/") || api.startsWith("gateway.envoyproxy.io/") || ENVOY_KINDS.has(kind);
  });
}

interface CostKey {
  key: string;
  type: string;
  loc: Loc;
}

interface TokenRule {
  key: string;
  requests: number | undefined;
  unit: string | undefined;
  loc: Loc;
  perClient: boolean;
}

const ROUTE_SNIPPET = (key: string) =>
  `apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIGatewayRoute\nspec:\n  llmRequestCosts:\n    - metadataKey: ${key}\n      type: TotalToken`;
const POLICY_SNIPPET = (key: string) =>
  `apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nspec:\n  rateLimit:\n    type: Global\n    global:\n      rules:\n        - limit: { requests: <tokens>, unit: Day }\n          cost:\n            request: { from: Number, number: 0 }\n            response:\n              from: Metadata\n              metadata: { namespace: ${AI_NAMESPACE}, key: ${key} }`;

function metadataCost(cost: Node | undefined): { key: string; namespace: string | undefined; node: Node } | undefined {
  for (const side of ["response", "request"]) {
    const c = child(cost, side);
    if (str(child(c, "from")) === "Metadata") {
      const md = child(c, "metadata");
      const key = str(child(md, "key"));
      if (key !== undefined) return { key, namespace: str(child(md, "namespace")), node: md ?? c! };
    }
  }
  return undefined;
}

export function checkEnvoy(cfg: ParsedConfig, manifest: Manifest): GatewayCheckResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const fileLoc = locOf(cfg, null);
  const costKeys: CostKey[] = [];
  let routeSeen: Loc | undefined;
  let policySeen: Loc | undefined;
  const tokenRules: TokenRule[] = [];
  const strayMetadataRules: { key: string; namespace: string | undefined; loc: Loc }[] = [];
  const requestRules: FoundRate[] = [];

  for (const root of cfg.roots) {
    const kind = str(child(root, "kind"));
    if (kind === "AIGatewayRoute") {
      routeSeen ??= locOf(cfg, root);
      for (const entry of items(dig(root, "spec", "llmRequestCosts"))) {
        const key = str(child(entry, "metadataKey"));
        if (key !== undefined) costKeys.push({ key, type: str(child(entry, "type")) ?? "?", loc: locOf(cfg, entry) });
      }
    } else if (kind === "BackendTrafficPolicy") {
      policySeen ??= locOf(cfg, root);
      for (const rule of items(dig(root, "spec", "rateLimit", "global", "rules"))) {
        const limit = child(rule, "limit");
        const requests = num(child(limit, "requests"));
        const unit = str(child(limit, "unit"));
        const md = metadataCost(child(rule, "cost"));
        const perClient = items(child(rule, "clientSelectors")).length > 0;
        if (md) {
          tokenRules.push({ key: md.key, requests, unit, loc: locOf(cfg, limit ?? rule), perClient });
          if (md.namespace !== AI_NAMESPACE) strayMetadataRules.push({ key: md.key, namespace: md.namespace, loc: locOf(cfg, md.node) });
        } else if (requests !== undefined && unit !== undefined && UNIT_SECONDS[unit] !== undefined) {
          requestRules.push({ calls: requests, perSeconds: UNIT_SECONDS[unit]!, loc: locOf(cfg, limit), text: `limit is ${fmtNum(requests)} requests per ${unit}` });
        }
      }
    }
  }

  const keyName = costKeys[0]?.key ?? "llm_total_token";
  const known = new Set(costKeys.map((c) => c.key));
  const budgetRules = tokenRules.filter((r) => known.has(r.key));

  if (costKeys.length === 0) {
    findings.push(finding("fail", `gateway config does not set a budget: ${cfg.file} has no AIGatewayRoute with spec.llmRequestCosts, so the gateway records no token usage to limit${routeSeen ? "" : " (no AIGatewayRoute found)"}`, routeSeen ?? fileLoc, `Record token usage on the route:\n${ROUTE_SNIPPET(keyName)}`));
  }
  if (budgetRules.length === 0) {
    const looked = costKeys.length ? `cost.response.from: Metadata with key ${[...known].join(" or ")}` : "cost.response.from: Metadata with an llmRequestCosts key";
    const extra = tokenRules.length ? `; the rules that take a Metadata cost use ${[...new Set(tokenRules.map((r) => r.key))].join(", ")}, which no llmRequestCosts entry records` : "";
    findings.push(finding("fail", `gateway config does not set a budget: no BackendTrafficPolicy rateLimit.global rule in ${cfg.file} spends the token usage (looked for ${looked})${extra}`, tokenRules[0]?.loc ?? policySeen ?? fileLoc, `Limit the recorded tokens with a global rate limit:\n${POLICY_SNIPPET(keyName)}`));
  }
  for (const s of strayMetadataRules) {
    if (!known.has(s.key)) continue;
    findings.push(finding("fail", `${where(s.loc)} reads metadata key ${s.key} from namespace ${s.namespace ?? "(none)"}, but AI Gateway writes it under ${AI_NAMESPACE}: the rule never counts any tokens`, s.loc, `metadata: { namespace: ${AI_NAMESPACE}, key: ${s.key} }`));
  }
  for (const r of budgetRules) {
    if (r.requests === undefined || r.unit === undefined || UNIT_SECONDS[r.unit] === undefined) {
      findings.push(finding("fail", `${where(r.loc)} the token rule for ${r.key} has no usable limit (needs limit.requests and limit.unit Second, Minute, Hour or Day)`, r.loc, `limit: { requests: <tokens>, unit: Day }`));
    }
  }

  const ceiling = manifestCeiling(manifest);
  const usable = budgetRules.filter((r) => r.requests !== undefined && r.unit !== undefined && UNIT_SECONDS[r.unit] !== undefined);
  if (usable.length) {
    const parts = usable.map((r) => {
      const type = costKeys.find((c) => c.key === r.key)?.type ?? "?";
      return `${fmtNum(r.requests!)} tokens per ${r.unit} (${r.key}, ${type}${r.perClient ? ", per client" : ""})`;
    });
    notes.push(`${cfg.file}: Envoy AI Gateway token budget ${parts.join("; ")}. Token budgets are not money: psf cannot compare them with ${ceiling ? `the manifest ceiling of ${ceiling.text}` : "a money ceiling"}; check that the token figures cost no more than the ceiling at your models' prices`);
  }

  const declared = manifestGatewayRate(manifest);
  if (declared) {
    const fix = `Add a request-count rule (no cost) to the BackendTrafficPolicy:\nspec:\n  rateLimit:\n    type: Global\n    global:\n      rules:\n        - limit: { requests: ${fmtNum(declared.calls)}, unit: <Second|Minute|Hour|Day matching ${declared.per}> }`;
    findings.push(...compareRate(declared, requestRules, "fail", "BackendTrafficPolicy rateLimit.global.rules[] without a Metadata cost", fix, policySeen ?? fileLoc));
  }
  return { findings, notes };
}

