import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkGatewayConfig } from "../../src/controls/gateway/index.js";
import type { GatewayCheckInput } from "../../src/controls/gateway/index.js";
import type { Manifest } from "../../src/manifest/types.js";
import type { RawFinding } from "../../src/controls/types.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => readFileSync(path.join(here, "fixtures", name), "utf8");

type CeilingDecl = NonNullable<NonNullable<Manifest["spend"]>["ceiling"]>;

function manifest(over: { ceiling?: CeilingDecl | null; rate?: null } = {}): Manifest {
  const m: Manifest = {
    psf: 1,
    deployment: { name: "dn42-topology-scanner", owner: "alice@example.net" },
    spend: { ceiling: { amount: 200, currency: "USD", period: "30d" } },
    boundaries: { limits: { rate: { calls: 60, per: "1m", enforced_by: "gateway" } } },
  };
  if (over.ceiling === null) delete m.spend!.ceiling;
  else if (over.ceiling) m.spend!.ceiling = over.ceiling;
  if (over.rate === null) delete m.boundaries!.limits!.rate;
  return m;
}

function check(kind: GatewayCheckInput["kind"], fixtureName: string, m: Manifest = manifest(), file = `infra/${fixtureName}`) {
  return checkGatewayConfig({ kind, file, text: fixture(fixtureName), manifest: m });
}

const fails = (fs: RawFinding[]) => fs.filter((f) => f.level === "fail");
const warns = (fs: RawFinding[]) => fs.filter((f) => f.level === "warn");
const line = (f: RawFinding | undefined) => (f?.loc as { line?: number } | undefined)?.line;

interface Case {
  name: string;
  kind: string;
  fixture: string;
  /** Expected fail findings: line in the config and text the message must contain. */
  fail: { line: number; contains: string[] }[];
}

const cases: Case[] = [
  // LiteLLM
  { name: "LiteLLM: matching config", kind: "litellm", fixture: "litellm-match.yaml", fail: [] },
  { name: "LiteLLM: no budget", kind: "litellm", fixture: "litellm-no-budget.yaml", fail: [{ line: 7, contains: ["does not set a budget", "litellm_settings.max_budget"] }] },
  { name: "LiteLLM: max_budget under general_settings", kind: "litellm", fixture: "litellm-misplaced.yaml", fail: [{ line: 8, contains: ["does not set a budget", "under general_settings"] }] },
  { name: "LiteLLM: amount differs", kind: "litellm", fixture: "litellm-amount.yaml", fail: [{ line: 13, contains: ["manifest ceiling 200 USD per 30d but infra/litellm-amount.yaml:13 max_budget is 500"] }] },
  { name: "LiteLLM: period differs", kind: "litellm", fixture: "litellm-period.yaml", fail: [{ line: 10, contains: ["manifest ceiling 200 USD per 30d", "infra/litellm-period.yaml:10 budget_duration is 7d"] }] },
  { name: "LiteLLM: unparseable", kind: "litellm", fixture: "litellm-broken.yaml", fail: [{ line: 7, contains: ["infra/litellm-broken.yaml:7", "cannot be parsed", "invalid YAML", "\"budget_duration:\" is indented deeper than \"max_budget:\" on line 6"] }] },
  // Envoy AI Gateway
  { name: "Envoy: matching config", kind: "envoy-ai-gateway", fixture: "envoy-match.yaml", fail: [] },
  {
    name: "Envoy: no llmRequestCosts",
    kind: "envoy-ai-gateway",
    fixture: "envoy-no-budget.yaml",
    fail: [
      { line: 1, contains: ["does not set a budget", "spec.llmRequestCosts"] },
      { line: 30, contains: ["does not set a budget", "scanner_total_tokens, which no llmRequestCosts entry records"] },
    ],
  },
  { name: "Envoy: request count differs", kind: "envoy-ai-gateway", fixture: "envoy-amount.yaml", fail: [{ line: 45, contains: ["manifest rate 60 calls per 1m", "infra/envoy-amount.yaml:45 limit is 120 requests per Minute"] }] },
  { name: "Envoy: request window differs", kind: "envoy-ai-gateway", fixture: "envoy-period.yaml", fail: [{ line: 45, contains: ["manifest rate 60 calls per 1m", "60 requests per Second"] }] },
  { name: "Envoy: unparseable", kind: "envoy-ai-gateway", fixture: "envoy-broken.yaml", fail: [{ line: 8, contains: ["infra/envoy-broken.yaml:8", "cannot be parsed", "the \"[\" opened here is never closed"] }] },
  // Kong
  { name: "Kong: matching config", kind: "kong", fixture: "kong-match.yaml", fail: [] },
  { name: "Kong: no ai-rate-limiting-advanced", kind: "kong", fixture: "kong-no-budget.yaml", fail: [{ line: 1, contains: ["does not set a budget", "no ai-rate-limiting-advanced plugin"] }] },
  { name: "Kong: amount differs", kind: "kong", fixture: "kong-amount.yaml", fail: [{ line: 25, contains: ["manifest ceiling 200 USD per 30d but infra/kong-amount.yaml:25 limit is 500"] }] },
  { name: "Kong: window differs", kind: "kong", fixture: "kong-period.yaml", fail: [{ line: 26, contains: ["manifest ceiling 200 USD per 30d but infra/kong-period.yaml:26 window_size is 86400 (1d)"] }] },
  { name: "Kong: unparseable", kind: "kong", fixture: "kong-broken.yaml", fail: [{ line: 7, contains: ["infra/kong-broken.yaml:7", "cannot be parsed", "the \"[\" opened here is never closed"] }] },
];

describe("RSG-07 gateway config cross-check", () => {
  it.each(cases)("$name", ({ kind, fixture: name, fail }) => {
    const r = check(kind, name);
    const got = fails(r.findings);
    expect(got.map((f) => f.message)).toHaveLength(fail.length);
    fail.forEach((want, i) => {
      const f = got[i]!;
      expect(line(f)).toBe(want.line);
      expect(f.loc).toMatchObject({ file: `infra/${name}` });
      for (const c of want.contains) expect(f.message).toContain(c);
      expect(f.fix).toBeTruthy();
    });
    // Every finding points into the config file and carries a fix.
    for (const f of r.findings) {
      expect(f.loc).toMatchObject({ file: `infra/${name}` });
      expect(line(f)).toBeGreaterThanOrEqual(1);
      expect(f.fix).toBeTruthy();
    }
    if (fail.length === 0) {
      expect(r.findings).toEqual([]);
      expect(r.notes.join("\n")).toMatch(/infra\//);
    }
  });

  it("summarises a matching LiteLLM config in one note", () => {
    const r = check("litellm", "litellm-match.yaml");
    expect(r.notes).toContain("infra/litellm-match.yaml: LiteLLM max_budget 200 USD per 30d (matches the manifest)");
  });

  it("fix snippets are YAML with the manifest's figures", () => {
    const r = check("litellm", "litellm-amount.yaml");
    expect(fails(r.findings)[0]!.fix).toContain("litellm_settings:\n  max_budget: 200\n  budget_duration: 30d");
    const k = check("kong", "kong-period.yaml");
    expect(fails(k.findings)[0]!.fix).toContain("window_size: [2592000]");
  });

  it("reports the Envoy token budget as a note, not money", () => {
    const r = check("envoy-ai-gateway", "envoy-match.yaml");
    expect(r.notes.join("\n")).toContain("2000000 tokens per Day (scanner_total_tokens, TotalToken)");
    expect(r.notes.join("\n")).toContain("Token budgets are not money");
  });

  it("unknown format → warn naming what psf reads", () => {
    const r = check("helicone", "helicone.yaml");
    expect(fails(r.findings)).toEqual([]);
    const w = warns(r.findings);
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain("psf cannot read this helicone gateway's config infra/helicone.yaml");
    expect(w[0]!.message).toMatch(/LiteLLM.*Envoy AI Gateway.*Kong/);
    expect(line(w[0])).toBe(1);
  });

  it("unknown kind with recognisable content is read from its content", () => {
    const r = check("other", "litellm-amount.yaml");
    expect(fails(r.findings)[0]!.message).toContain("max_budget is 500");
    expect(r.notes[0]).toContain("read as a LiteLLM proxy config from its content");
    const u = check(undefined, "envoy-match.yaml");
    expect(u.findings).toEqual([]);
    expect(u.notes[0]).toContain("read as Envoy AI Gateway resources");
  });

  it("a kind that disagrees with the content warns and checks the content", () => {
    const r = check("litellm", "kong-match.yaml");
    expect(warns(r.findings)[0]!.message).toContain("kind is litellm, but infra/kong-match.yaml is a Kong declarative config");
    expect(fails(r.findings)).toEqual([]);
  });

  it("an empty or non-mapping file fails for the declared kind", () => {
    const empty = checkGatewayConfig({ kind: "litellm", file: "infra/litellm.yaml", text: "", manifest: manifest() });
    expect(fails(empty.findings)[0]!.message).toContain("does not set a budget");
    expect(line(fails(empty.findings)[0])).toBe(1);
    const text = checkGatewayConfig({ kind: "litellm", file: "infra/litellm.yaml", text: "just some words\n", manifest: manifest() });
    expect(fails(text.findings)[0]!.message).toContain("not a LiteLLM proxy config");
  });

  it("invalid JSON fails with its line", () => {
    const r = checkGatewayConfig({ kind: "litellm", file: "infra/litellm.json", text: '{\n  "litellm_settings": {\n    "max_budget": 200,\n  }\n}\n', manifest: manifest() });
    const f = fails(r.findings)[0]!;
    expect(f.message).toContain("infra/litellm.json:");
    expect(f.message).toContain("invalid JSON");
    expect(line(f)).toBe(4);
  });

  it("valid JSON LiteLLM config is read with positions", () => {
    const text = '{\n  "litellm_settings": {\n    "max_budget": 150,\n    "budget_duration": "30d"\n  }\n}\n';
    const r = checkGatewayConfig({ kind: "litellm", file: "infra/litellm.json", text, manifest: manifest({ rate: null }) });
    const f = fails(r.findings)[0]!;
    expect(f.message).toBe("manifest ceiling 200 USD per 30d but infra/litellm.json:3 max_budget is 150");
    expect(f.loc).toEqual({ file: "infra/litellm.json", line: 3, column: 19 });
  });

  it("LiteLLM: non-USD manifest ceiling warns", () => {
    const r = check("litellm", "litellm-match.yaml", manifest({ ceiling: { amount: 200, currency: "EUR", period: "30d" } }));
    expect(fails(r.findings)).toEqual([]);
    const w = warns(r.findings);
    expect(w[0]!.message).toContain("manifest ceiling is in EUR, but LiteLLM budgets are in USD");
    expect(line(w[0])).toBe(14);
  });

  it("LiteLLM: a calendar month against 30d warns, not fails", () => {
    const text = fixture("litellm-match.yaml").replace("budget_duration: 30d", "budget_duration: 1mo");
    const r = checkGatewayConfig({ kind: "litellm", file: "infra/litellm.yaml", text, manifest: manifest() });
    expect(fails(r.findings)).toEqual([]);
    expect(warns(r.findings)[0]!.message).toContain("budget_duration is 1mo: a calendar month is 28 to 31 days");
  });

  it("LiteLLM: no budget_duration fails with both figures", () => {
    const text = fixture("litellm-match.yaml").replace("  budget_duration: 30d\n", "");
    const r = checkGatewayConfig({ kind: "litellm", file: "infra/litellm.yaml", text, manifest: manifest() });
    const f = fails(r.findings)[0]!;
    expect(f.message).toContain("manifest ceiling 200 USD per 30d but infra/litellm.yaml sets no litellm_settings.budget_duration");
    expect(line(f)).toBe(14);
  });

  it("LiteLLM: max_budget 0 or from the environment", () => {
    const zero = checkGatewayConfig({ kind: "litellm", file: "c.yaml", text: "litellm_settings:\n  max_budget: 0\n  budget_duration: 30d\n", manifest: manifest({ rate: null }) });
    expect(fails(zero.findings)[0]!.message).toContain("c.yaml:2 max_budget is 0");
    const env = checkGatewayConfig({ kind: "litellm", file: "c.yaml", text: "litellm_settings:\n  max_budget: os.environ/PROXY_BUDGET\n  budget_duration: 30d\n", manifest: manifest({ rate: null }) });
    expect(fails(env.findings)).toEqual([]);
    expect(warns(env.findings)[0]!.message).toContain("read from the environment (os.environ/PROXY_BUDGET)");
  });

  it("LiteLLM: rpm that differs from the manifest rate warns with both numbers", () => {
    const text = fixture("litellm-match.yaml").replace("rpm: 60", "rpm: 90");
    const r = checkGatewayConfig({ kind: "litellm", file: "infra/litellm.yaml", text, manifest: manifest() });
    expect(fails(r.findings)).toEqual([]);
    const w = warns(r.findings)[0]!;
    expect(w.message).toContain("manifest rate 60 calls per 1m but infra/litellm.yaml:7 rpm is 90");
    expect(line(w)).toBe(7);
  });

  it("LiteLLM: a deployment with no rpm fails at its line; no deployment in the file warns saying what was looked for", () => {
    const text = fixture("litellm-match.yaml").replace("      rpm: 60\n", "");
    const r = checkGatewayConfig({ kind: "litellm", file: "infra/litellm.yaml", text, manifest: manifest() });
    expect(fails(r.findings).map((f) => [line(f), f.message.includes("deployment scanner-small (openai/gpt-4o-mini) at infra/litellm.yaml:3 has no rpm")])).toEqual([[3, true]]);
    const none = fixture("litellm-match.yaml").replace(/model_list:[\s\S]*?\n\n/, "model_list: []\n\n");
    const n = checkGatewayConfig({ kind: "litellm", file: "infra/litellm.yaml", text: none, manifest: manifest() });
    expect(fails(n.findings)).toEqual([]);
    expect(warns(n.findings)[0]!.message).toContain("looked for model_list[].litellm_params.rpm");
  });

  it("LiteLLM: without a database_url the note says the budget needs a database", () => {
    const r = check("litellm", "litellm-period.yaml");
    expect(r.notes.join("\n")).not.toContain("only when the proxy has a database");
    const text = fixture("litellm-match.yaml").replace("  database_url: os.environ/DATABASE_URL\n", "");
    const n = checkGatewayConfig({ kind: "litellm", file: "infra/litellm.yaml", text, manifest: manifest() });
    expect(n.notes.join("\n")).toContain("only when the proxy has a database");
  });

  it("no manifest ceiling: the figure is shown and the comparison is a warn", () => {
    const r = check("litellm", "litellm-match.yaml", manifest({ ceiling: null }));
    expect(fails(r.findings)).toEqual([]);
    expect(warns(r.findings)[0]!.message).toContain("the manifest declares no spend.ceiling to compare with infra/litellm-match.yaml:14 max_budget 200 per 30d");
  });

  it("Envoy: wrong metadata namespace fails", () => {
    const text = fixture("envoy-match.yaml").replace("namespace: io.envoy.ai_gateway", "namespace: envoy.ai_gateway");
    const r = checkGatewayConfig({ kind: "envoy-ai-gateway", file: "k8s/gw.yaml", text, manifest: manifest() });
    const f = fails(r.findings)[0]!;
    expect(f.message).toContain("namespace envoy.ai_gateway, but AI Gateway writes it under io.envoy.ai_gateway");
    expect(line(f)).toBe(42);
  });

  it("Envoy: a stricter request rule than declared warns", () => {
    const text = fixture("envoy-match.yaml").replace("requests: 60\n", "requests: 30\n");
    const r = checkGatewayConfig({ kind: "envoy-ai-gateway", file: "k8s/gw.yaml", text, manifest: manifest() });
    expect(fails(r.findings)).toEqual([]);
    expect(warns(r.findings)[0]!.message).toContain("manifest rate 60 calls per 1m but k8s/gw.yaml:45 limit is 30 requests per Minute");
  });

  it("Kong: policy limits without their own strategy count tokens (warn)", () => {
    const r = check("kong", "kong-policies.yaml", manifest({ rate: null }));
    expect(fails(r.findings)).toEqual([]);
    const w = warns(r.findings)[0]!;
    expect(w.message).toContain("limits count total_tokens, not cost");
    expect(w.message).toContain("counts total_tokens, whatever the plugin-wide setting");
    expect(line(w)).toBe(11);
  });

  it("Kong: policy limit with cost strategy matches", () => {
    const text = fixture("kong-policies.yaml").replace("window_size: 2592000", "window_size: 2592000\n              tokens_count_strategy: cost");
    const r = checkGatewayConfig({ kind: "kong", file: "kong.yaml", text, manifest: manifest({ rate: null }) });
    expect(r.findings).toEqual([]);
    expect(r.notes[0]).toContain("cost limit 200 per 30d (policy provider openai)");
    expect(r.notes[0]).toContain("(matches the manifest)");
  });

  it("Kong: several providers each with the full ceiling warn with the sum", () => {
    const text = fixture("kong-match.yaml").replace(
      "          window_size: [2592000]\n",
      "          window_size: [2592000]\n        - name: anthropic\n          limit: [200]\n          window_size: [2592000]\n",
    );
    const r = checkGatewayConfig({ kind: "kong", file: "kong.yaml", text, manifest: manifest() });
    expect(fails(r.findings)).toEqual([]);
    const w = warns(r.findings)[0]!;
    expect(w.message).toContain("400 together per 30d");
    expect(line(w)).toBe(28);
  });

  it("Kong: a disabled plugin does not count", () => {
    const text = fixture("kong-match.yaml").replace("  - name: ai-rate-limiting-advanced\n", "  - name: ai-rate-limiting-advanced\n    enabled: false\n");
    const r = checkGatewayConfig({ kind: "kong", file: "kong.yaml", text, manifest: manifest() });
    const f = fails(r.findings)[0]!;
    expect(f.message).toContain("kong.yaml:20 is disabled");
    expect(line(f)).toBe(20);
  });

  it("Kong: KongPlugin resources are read", () => {
    const text = [
      "apiVersion: configuration.konghq.com/v1",
      "kind: KongPlugin",
      "metadata:",
      "  name: agent-budget",
      "plugin: ai-rate-limiting-advanced",
      "config:",
      "  tokens_count_strategy: cost",
      "  llm_providers:",
      "    - name: openai",
      "      limit: [250]",
      "      window_size: [2592000]",
      "",
    ].join("\n");
    const r = checkGatewayConfig({ kind: "kong", file: "k8s/kong.yaml", text, manifest: manifest({ rate: null }) });
    const f = fails(r.findings)[0]!;
    expect(f.message).toBe("manifest ceiling 200 USD per 30d but k8s/kong.yaml:10 limit is 250 per 2592000 s (30d, provider openai)");
    expect(line(f)).toBe(10);
  });
});
