import { describe, expect, it } from "vitest";
import { evaluateControl, describeFinding, type ControlCase } from "./tester.js";

const GATEWAY = `spend:
  ceiling: { amount: 200, currency: USD, period: 30d }
  enforcement:
    layer: gateway
    on_exceed: suspend
    gateway: { kind: litellm, url: "http://gw:4000", url_env: LLM_GATEWAY_URL }
  alerts: { thresholds: [50, 80, 100], channels: ["pagerduty:oncall"] }
  cost_model: { max_cost_per_call: { amount: 0.06, currency: USD } }
`;
const LIMITS = `boundaries:
  limits:
    max_concurrency: 4
    rate: { calls: 60, per: 1m, enforced_by: gateway }
`;

const table: Record<string, ControlCase[]> = {
  "RSG-01": [
    { name: "ceiling declared", yaml: GATEWAY, status: "pass" },
    { name: "no ceiling", yaml: "", status: "fail", says: [/no hard spend ceiling/], at: "psf.yaml:1" },
  ],
  "RSG-02": [
    { name: "gateway that suspends", yaml: GATEWAY, status: "pass" },
    { name: "application layer", yaml: "spend:\n  ceiling: { amount: 1, currency: USD, period: 1d }\n  enforcement: { layer: application, on_exceed: suspend }\n", status: "fail", says: [/enforced by the application/], at: "psf.yaml:7" },
    { name: "alert only", yaml: "spend:\n  ceiling: { amount: 1, currency: USD, period: 1d }\n  enforcement: { layer: provider, on_exceed: alert }\n", status: "fail", says: [/only sends an alert/] },
    { name: "gateway layer without a gateway", yaml: "spend:\n  ceiling: { amount: 1, currency: USD, period: 1d }\n  enforcement: { layer: gateway, on_exceed: suspend }\n", status: "fail", says: [/no gateway is declared/] },
  ],
  "RSG-03": [
    { name: "50/80/100 with a channel", yaml: GATEWAY, status: "pass" },
    { name: "missing 80 and channel", yaml: "spend:\n  alerts: { thresholds: [50, 100] }\n", status: "fail", says: [/lack 80%/, /no channel/] },
  ],
  "RSG-06": [
    { name: "gateway ceiling + rate: bounded", yaml: GATEWAY + LIMITS, status: "pass" },
    { name: "nothing outside the agent: unbounded", yaml: "spend:\n  ceiling: { amount: 200, currency: USD, period: 30d }\n  enforcement: { layer: application, on_exceed: alert }\n", status: "fail", says: [/unbounded/] },
    { name: "ceiling without overshoot data: warn", yaml: "spend:\n  ceiling: { amount: 200, currency: USD, period: 30d }\n  enforcement: { layer: gateway, on_exceed: suspend, gateway: { url: \"http://gw\" } }\n", status: "warn", says: [/overshoot/] },
  ],
  "RSG-07": [
    { name: "no config: not applicable", yaml: GATEWAY, status: "not_applicable" },
    { name: "config missing: fail naming the file", yaml: GATEWAY.replace('url_env: LLM_GATEWAY_URL }', 'url_env: LLM_GATEWAY_URL, config: infra/litellm.yaml }'), status: "fail", says: [/infra\/litellm\.yaml does not exist/], at: "psf.yaml:10" },
  ],
  "OOC-01": [
    { name: "all three triggers", yaml: "oversight:\n  checkpoints:\n    - { trigger: budget_percent, at: 50, action: pause_for_approval }\n    - { trigger: call_volume, calls: 500, window: 1h, action: pause_for_approval }\n    - { trigger: elapsed, every: 2h, action: report }\n", status: "pass" },
    { name: "elapsed missing, budget without action", yaml: "oversight:\n  checkpoints:\n    - { trigger: budget_percent, at: 50 }\n    - { trigger: call_volume, calls: 500, window: 1h, action: report }\n", status: "fail", says: [/no elapsed checkpoint/, /budget_percent checkpoint has no action/] },
  ],
  "OOC-04": [
    { name: "approvers and notify", yaml: "oversight:\n  approvers: [bob@example.net]\n  notify: [\"slack:#ops\"]\n", status: "pass" },
    { name: "nobody to approve", yaml: "oversight:\n  notify: [\"slack:#ops\"]\n", status: "fail", says: [/no approvers/] },
  ],
  "ABC-01": [
    { name: "exact origins", yaml: "boundaries:\n  endpoints:\n    allow: [\"https://registry.example/api\", \"http://gw:4000\"]\n", status: "pass" },
    { name: "wildcard host", yaml: "boundaries:\n  endpoints:\n    allow: [\"https://*.example.com\"]\n", status: "fail", says: [/wildcard host/], at: "psf.yaml:7" },
    { name: "bare scheme", yaml: "boundaries:\n  endpoints:\n    allow: [\"https://\"]\n", status: "fail", says: [/bare scheme/] },
    { name: "none declared", yaml: "", status: "fail", says: [/no endpoint allowlist/] },
  ],
  "ABC-05": [
    { name: "rate and concurrency", yaml: LIMITS, status: "pass" },
    { name: "no concurrency", yaml: "boundaries:\n  limits:\n    rate: { calls: 1, per: 1s }\n", status: "fail", says: [/no concurrency limit/] },
  ],
  "IAA-01": [
    { name: "no schema declared", yaml: "", status: "fail", says: [/no audit record schema/] },
    { name: "schema file missing", yaml: "audit:\n  schema: audit.json\n", status: "fail", says: [/audit\.json does not exist/], at: "psf.yaml:6" },
    { name: "not JSON", yaml: "audit:\n  schema: audit.json\n", files: { "audit.json": "{\n  \"type\": \"object\",\n  oops\n}" }, status: "fail", says: [/is not JSON/], at: "audit.json:3" },
    { name: "not a JSON Schema", yaml: "audit:\n  schema: audit.json\n", files: { "audit.json": "{\"type\": 12}" }, status: "fail", says: [/not a valid JSON Schema/] },
    {
      name: "names every missing field",
      yaml: "audit:\n  schema: audit.json\n",
      files: { "audit.json": JSON.stringify({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", required: ["ts", "runId", "seq", "trigger", "action", "tool", "arguments", "result"], properties: {} }) },
      status: "fail",
      says: [/do not require: model, model version, temperature, seed, tokens, cost$/],
    },
    {
      name: "OpenTelemetry GenAI names and nested usage",
      yaml: "audit:\n  schema: audit.json\n",
      files: {
        "audit.json": JSON.stringify({
          type: "object",
          required: ["time", "gen_ai.conversation.id", "step", "state", "action", "gen_ai.tool.name", "gen_ai.tool.call.arguments", "gen_ai.tool.call.result", "gen_ai.request.model", "gen_ai.response.model", "gen_ai.request.temperature", "gen_ai.request.seed", "usage", "cost_usd"],
          properties: { usage: { type: "object", required: ["input_tokens", "output_tokens"] } },
        }),
      },
      status: "pass",
    },
  ],
  "IAA-02": [
    { name: "hash chain, orchestrator key", yaml: "audit:\n  tamper_evidence: hash_chain\n  signing_key_access: orchestrator\n", status: "pass" },
    { name: "agent holds the key", yaml: "audit:\n  tamper_evidence: ed25519\n  signing_key_access: agent\n", status: "fail", says: [/agent holds the record-signing key/] },
  ],
  "IAA-03": [
    { name: "queryable sink", yaml: "audit:\n  sink: { kind: otlp, location: \"http://otel:4318\", queryable: true }\n", status: "pass" },
    { name: "not queryable", yaml: "audit:\n  sink: { kind: s3, location: \"s3://bucket\", queryable: false }\n", status: "fail", says: [/not queryable/] },
  ],
  "IAA-05": [
    { name: "retention", yaml: "audit:\n  retention: 400d\n", status: "pass" },
    { name: "no retention", yaml: "", status: "fail" },
  ],
  "DRA-01": [
    { name: "independent reviewer", yaml: "readiness:\n  reviewers: [carol@example.net]\n  reviewed_at: 2026-11-02\n", status: "pass" },
    { name: "owner reviews own deployment", yaml: "readiness:\n  reviewers: [Alice@example.net]\n  reviewed_at: 2026-11-02\n", status: "fail", says: [/is the owner/], at: "psf.yaml:6" },
    { name: "reviewed in the future", yaml: "readiness:\n  reviewers: [carol@example.net]\n  reviewed_at: 2027-01-01\n", status: "fail", says: [/in the future/] },
    { name: "impossible date", yaml: "readiness:\n  reviewers: [carol@example.net]\n  reviewed_at: 2026-02-30\n", status: "fail", says: [/not a real date/] },
  ],
  "DRA-02": [
    {
      name: "tests mention cap, kill path and bound",
      yaml: "readiness:\n  control_tests: [\"test/**/*.test.ts\"]\n",
      files: { "src/agent.ts": "export const run = () => ({});\n", "test/a.test.ts": "import { run } from '../src/agent';\nit('suspends at the budget', () => { expect(run().state).toBe('suspended') })\n", "test/b.test.ts": "import { run } from '../src/agent';\nit('stops at maxSteps', () => { expect(run().steps).toBe(3) })\n" },
      status: "pass",
    },
    { name: "no kill path", yaml: "readiness:\n  control_tests: [\"test/**/*.test.ts\"]\n", files: { "test/a.test.ts": "it('budget and max_steps', () => { expect(run().ok).toBe(true) })\n" }, status: "fail", says: [/kill\/suspend path/] },
    { name: "globs match nothing", yaml: "readiness:\n  control_tests: [\"test/**/*.test.ts\"]\n", status: "fail", says: [/match no file/] },
  ],
  "DRA-03": [
    { name: "current", yaml: "readiness:\n  reviewed_at: 2026-11-02\n  reassess_every: 90d\n", status: "pass" },
    { name: "expired review", yaml: "readiness:\n  reviewed_at: 2026-01-02\n  reassess_every: 90d\n", status: "fail", says: [/expired on 2026-04-02/] },
  ],
};

describe.each(Object.entries(table))("%s", (id, cases) => {
  it.each(cases)("$name → $status", (c) => {
    const r = evaluateControl(id, c);
    expect(r.status, describeFinding(r)).toBe(c.status);
    for (const re of c.says ?? []) expect(r.findings.some((f) => re.test(f.message)), `${re} in:\n${describeFinding(r)}`).toBe(true);
    if (c.at) expect(`${r.findings[0]?.file}:${r.findings[0]?.line}`).toBe(c.at);
    for (const f of r.findings) if (f.level !== "error") expect(f.fix ?? r.remediation, `${id} finding without a fix`).toBeTruthy();
  });
});

describe("placeholders written by psf init --yes", () => {
  it.each([
    ["DRA-01", "readiness:\n  reviewers: [carol@example.net]\n  reviewed_at: 2026-11-02\n", "CHANGE-ME@example.com", /deployment\.owner is still the placeholder/],
    ["OOC-04", "oversight:\n  approvers: [CHANGE-ME@example.com]\n  notify: [\"slack:#ops\"]\n", undefined, /oversight\.approvers\[0\] is still the placeholder/],
    ["RSG-03", "spend:\n  alerts: { thresholds: [50, 80, 100], channels: [\"slack:#CHANGE-ME\"] }\n", undefined, /channels\[0\] is still the placeholder/],
  ] as const)("%s fails while a placeholder stands in its evidence", (id, yaml, owner, says) => {
    const r = evaluateControl(id, { yaml, ...(owner ? { owner } : {}) });
    expect(r.status, describeFinding(r)).toBe("fail");
    expect(r.findings.some((f) => says.test(f.message)), describeFinding(r)).toBe(true);
  });
});
