import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkGatewayConfig } from "../../src/controls/gateway/index.js";
import { checkAwsBudgets } from "../../src/controls/gateway/aws-budgets.js";
import { checkHelicone, findHeliconePolicies } from "../../src/controls/gateway/helicone.js";
import type { GatewayCheckResult } from "../../src/controls/gateway/common.js";
import type { Manifest } from "../../src/manifest/types.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, "..", "..");
const read = (rel: string): string => readFileSync(path.join(repo, rel), "utf8");
const local = (name: string): string => `test/gateway/fixtures/${name}`;
const kindFile = (kind: string, variant: "governed" | "mismatched", file: string): string => `fixtures/gateways/${kind}/${variant}/${file}`;

function manifest(period = "30d"): Manifest {
  return {
    psf: 1,
    deployment: { name: "dn42-topology-scanner", owner: "alice@example.net" },
    spend: { ceiling: { amount: 200, currency: "USD", period } },
    boundaries: { limits: { max_concurrency: 4, rate: { calls: 60, per: "1m", enforced_by: "gateway" } } },
  };
}

interface Case {
  name: string;
  /** Path of the config in the repository; the finding names it by its base name under infra/. */
  path: string;
  kind?: string;
  period?: string;
  run?: (file: string, text: string, m: Manifest) => GatewayCheckResult;
  /** Each expected fail: its line and what its message says. No other fail may appear. */
  fails: { line: number; says: (string | RegExp)[] }[];
  warns?: (string | RegExp)[];
}

const aws = (file: string, text: string, m: Manifest) => checkAwsBudgets(file, text, m);

const cases: Case[] = [
  // LiteLLM without a proxy-wide budget: provider and model budgets that cover every deployment
  { name: "LiteLLM: provider budgets add up to the ceiling; a deployment without rpm still fails the gateway rate", path: local("litellm-provider-budgets.yaml"), kind: "litellm", fails: [{ line: 6, says: ["deployment scanner-large (anthropic/claude-sonnet-4) at infra/litellm-provider-budgets.yaml:6 has no rpm"] }], warns: [/max_concurrency is 4 but infra\/litellm-provider-budgets.yaml:29 max_parallel_requests is 16/] },
  { name: "LiteLLM: model budgets add up to more", path: local("litellm-model-budgets.yaml"), kind: "litellm", fails: [{ line: 6, says: ["manifest ceiling 200 USD per 30d but infra/litellm-model-budgets.yaml:6 provider and model budgets add up to 300", "model budget scanner-small 150 at infra/litellm-model-budgets.yaml:6 + model budget scanner-large 150 at infra/litellm-model-budgets.yaml:11"] }, { line: 8, says: ["deployment scanner-large (anthropic/claude-sonnet-4) at infra/litellm-model-budgets.yaml:8 has no rpm"] }] },
  { name: "LiteLLM: a deployment no budget covers", path: local("litellm-provider-uncovered.yaml"), kind: "litellm", fails: [{ line: 6, says: ["scanner-large (infra/litellm-provider-uncovered.yaml:6, provider anthropic) has neither a model budget nor a provider budget"] }] },
  { name: "LiteLLM: malformed provider budget", path: local("litellm-provider-broken.yaml"), kind: "litellm", fails: [{ line: 10, says: ["provider_budget_config.openai.budget_limit is \"a lot\", not a number"] }] },
  // Bifrost
  { name: "Bifrost: budget and rate match", path: kindFile("bifrost", "governed", "infra/bifrost.json"), kind: "bifrost", fails: [] },
  { name: "Bifrost: max_limit differs", path: kindFile("bifrost", "mismatched", "infra/bifrost.json"), kind: "bifrost", fails: [{ line: 13, says: ["manifest ceiling 200 USD per 30d but infra/bifrost.json:13 max_limit is 2000"] }] },
  { name: "Bifrost: reset_duration differs", path: local("bifrost-period.json"), kind: "bifrost", fails: [{ line: 4, says: ["manifest ceiling 200 USD per 30d", "reset_duration is 1w (7d)"] }] },
  { name: "Bifrost: auth on inference disabled", path: local("bifrost-bypass.json"), kind: "bifrost", fails: [{ line: 7, says: ["disable_auth_on_inference is true", "bypass every budget"] }] },
  { name: "Bifrost: budget attached to nothing", path: local("bifrost-unattached.json"), kind: "bifrost", fails: [{ line: 4, says: ["no budget", "is attached"] }], warns: [/budget b1 is not attached/] },
  { name: "Bifrost: malformed JSON", path: local("bifrost-broken.json"), kind: "bifrost", fails: [{ line: 5, says: ["bifrost-broken.json:5", "cannot be parsed", "invalid JSON"] }] },
  // TensorZero
  { name: "TensorZero: rate matches (money ceiling is a warn)", path: kindFile("tensorzero", "governed", "infra/tensorzero.toml"), kind: "tensorzero", fails: [], warns: [/limits inferences and tokens, not money/] },
  { name: "TensorZero: rate looser than the manifest", path: kindFile("tensorzero", "mismatched", "infra/tensorzero.toml"), kind: "tensorzero", fails: [{ line: 18, says: ["manifest rate 60 calls per 1m but infra/tensorzero.toml:18 model_inferences_per_minute = 600"] }] },
  { name: "TensorZero: token bucket refill rate, scoped rule ignored", path: local("tensorzero-bucket.toml"), fails: [], warns: [/not money/] },
  { name: "TensorZero: rate limiting disabled", path: local("tensorzero-disabled.toml"), kind: "tensorzero", fails: [{ line: 2, says: ["rate_limiting.enabled is false"] }] },
  { name: "TensorZero: malformed TOML", path: local("tensorzero-broken.toml"), kind: "tensorzero", fails: [{ line: 4, says: ["tensorzero-broken.toml:4", "cannot be parsed", "invalid TOML"] }] },
  // Azure API Management
  { name: "APIM: monthly quota (tokens, not money: warn)", path: kindFile("azure-apim", "governed", "infra/apim-policy.xml"), kind: "azure-apim", fails: [], warns: [/caps tokens, not money/] },
  { name: "APIM: quota period differs", path: kindFile("azure-apim", "mismatched", "infra/apim-policy.xml"), kind: "azure-apim", fails: [{ line: 9, says: ["manifest ceiling 200 USD per 30d but infra/apim-policy.xml:9 token-quota-period is Yearly"] }] },
  { name: "APIM: policy inside Terraform xml_content, daily", path: local("apim-daily.tf"), kind: "azure-apim", period: "1d", fails: [], warns: [/token-quota 100000 tokens per Daily/] },
  { name: "APIM: policy inside an ARM template, escaped quotes", path: local("apim-weekly.json"), kind: "azure-apim", fails: [{ line: 10, says: ["token-quota-period is Weekly"] }] },
  { name: "APIM: rate only, no quota", path: local("apim-no-quota.xml"), kind: "azure-apim", fails: [{ line: 3, says: ["has no token-quota"] }] },
  { name: "APIM: malformed quota", path: local("apim-broken.xml"), kind: "azure-apim", fails: [{ line: 5, says: ['token-quota="lots" is not a whole number'] }] },
  // AWS budgets with actions
  { name: "AWS: budget + automatic action denying Bedrock", path: kindFile("aws-budgets-action", "governed", "infra/budgets.tf"), run: aws, fails: [], warns: [/MONTHLY: a calendar period/] },
  { name: "AWS: budget amount differs", path: kindFile("aws-budgets-action", "mismatched", "infra/budgets.tf"), run: aws, fails: [{ line: 7, says: ["manifest ceiling 200 USD per 30d but infra/budgets.tf:7 limit amount is 500"] }] },
  { name: "AWS: CloudFormation, action at 80% of 250 = 200 per day", path: local("aws-cfn.yaml"), run: aws, period: "1d", fails: [] },
  { name: "AWS: a budget alone only alerts", path: local("aws-alert-only.tf"), run: aws, period: "1d", fails: [{ line: 4, says: ["no budget action", "only sends alerts"] }] },
  { name: "AWS: manual approval", path: local("aws-manual.tf"), run: aws, period: "1d", fails: [{ line: 10, says: ["approval model MANUAL", "waits for a person"] }] },
  { name: "AWS: the policy allows Bedrock, denies something else", path: local("aws-allow.tf"), run: aws, period: "1d", fails: [{ line: 34, says: ["does not deny", "bedrock:Invoke*"] }] },
  { name: "AWS: malformed Terraform", path: local("aws-broken.tf"), run: aws, period: "1d", fails: [{ line: 1, says: ["aws-broken.tf:1", "cannot be parsed", "never closed"] }] },
];

describe("RSG-07 readers: matching, mismatched and malformed configs", () => {
  it.each(cases)("$name", (c) => {
    const file = c.path.startsWith("fixtures/") ? `infra/${path.basename(c.path)}` : `infra/${path.basename(c.path)}`;
    const m = manifest(c.period);
    const text = read(c.path);
    const r = c.run ? c.run(file, text, m) : checkGatewayConfig({ kind: c.kind, file, text, manifest: m });
    const fails = r.findings.filter((f) => f.level === "fail");
    expect(fails.map((f) => f.message)).toHaveLength(c.fails.length);
    c.fails.forEach((want, i) => {
      const f = fails[i]!;
      expect((f.loc as { line: number }).line, f.message).toBe(want.line);
      expect((f.loc as { file: string }).file).toBe(file);
      for (const s of want.says) {
        if (typeof s === "string") expect(f.message).toContain(s);
        else expect(f.message).toMatch(s);
      }
      expect(f.fix ?? "").not.toBe("");
    });
    for (const w of c.warns ?? []) expect(r.findings.filter((f) => f.level === "warn").map((f) => f.message).join("\n")).toMatch(w);
  });
});

describe("LiteLLM: what the file says about keys and teams", () => {
  it("notes the key upper bound and the team defaults (the keys themselves are in the database)", () => {
    const r = checkGatewayConfig({ kind: "litellm", file: "infra/l.yaml", text: read(local("litellm-provider-budgets.yaml")), manifest: manifest() });
    expect(r.notes).toContain("infra/l.yaml:20: a virtual key cannot be generated with more than max_budget 100, budget_duration 30d (upperbound_key_generate_params); the keys themselves are in LiteLLM's database");
    expect(r.notes).toContain("infra/l.yaml:23: new teams get max_budget 50 USD per 30d (default_team_params)");
    expect(r.notes.join("\n")).toContain("2 provider/model budgets cover every deployment and add up to 200 USD per 30d (matches the manifest)");
  });
});

describe("Helicone-RateLimit-Policy in the agent's code", () => {
  const src = (value: string) => [{ path: "src/gateway.ts", text: `const h = {\n  "Helicone-Auth": "Bearer x",\n  "Helicone-RateLimit-Policy": "${value}",\n};\n` }];
  const table: { name: string; value: string; fail?: string[]; warn?: RegExp }[] = [
    { name: "a money limit that matches (u=cents)", value: "20000;w=2592000;u=cents" },
    { name: "a money limit that differs", value: "50000;w=2592000;u=cents", fail: ["manifest ceiling 200 USD per 30d but src/gateway.ts:3", "50000 cents (500 USD)"] },
    { name: "a window that differs", value: "20000;w=86400;u=cents", fail: ["src/gateway.ts:3 window is w=86400 (1d)"] },
    { name: "a per-user limit caps no total", value: "20000;w=2592000;u=cents;s=user", warn: /limits each user separately/ },
    { name: "a request limit is a rate, not money", value: "60;w=60", warn: /no Helicone-RateLimit-Policy with u=cents/ },
    { name: "malformed: the unit is unknown", value: "20000;w=2592000;u=dollars", fail: ["src/gateway.ts:3", "malformed", "u=dollars"] },
  ];
  it.each(table)("$name", ({ value, fail, warn }) => {
    const policies = findHeliconePolicies(src(value));
    expect(policies).toHaveLength(1);
    expect(policies[0]!.loc.line).toBe(3);
    const r = checkHelicone(policies, manifest());
    const fails = r.findings.filter((f) => f.level === "fail");
    if (!fail) expect(fails.map((f) => f.message)).toEqual([]);
    else {
      expect(fails).toHaveLength(1);
      for (const s of fail) expect(fails[0]!.message).toContain(s);
    }
    if (warn) expect(r.findings.filter((f) => f.level === "warn").map((f) => f.message).join("\n")).toMatch(warn);
  });

  it("finds the header in Python as well (default_headers dict)", () => {
    const py = [{ path: "agent/client.py", text: 'client = OpenAI(\n    base_url=os.environ["LLM_GATEWAY_URL"],\n    default_headers={"Helicone-RateLimit-Policy": "20000;w=2592000;u=cents"},\n)\n' }];
    const p = findHeliconePolicies(py);
    expect(p).toEqual([{ loc: { file: "agent/client.py", line: 3, column: 22 }, value: "20000;w=2592000;u=cents" }]);
  });
});
