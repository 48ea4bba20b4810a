import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readTarGz } from "../../src/bundle/tar.js";
import { fixture, project, psf } from "../helpers.js";

/*
 * fixtures/gateways/<kind>/ holds overlays for the governed scanner: governed/ makes a deployment whose ceiling
 * that gateway enforces, mismatched/ changes one figure in the gateway's config. Each is assessed end to end.
 */

const EPOCH = "1795262400";

interface Report {
  ready: boolean;
  controls: { id: string; status: string; notes?: string[]; findings: { level: string; file?: string; line?: number; message: string }[] }[];
  subjects: { name: string }[];
}

function overlay(kind: string, mismatched: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), `psf-gw-${kind}-`));
  cpSync(fixture("governed-scanner"), dir, { recursive: true });
  cpSync(fixture(`gateways/${kind}/governed`), dir, { recursive: true });
  if (mismatched) cpSync(fixture(`gateways/${kind}/mismatched`), dir, { recursive: true });
  return dir;
}

function assess(dir: string): Report {
  const r = psf(["assess", dir, "-f", "json"], { env: { SOURCE_DATE_EPOCH: EPOCH } });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Report;
}

const rsg07 = (r: Report) => r.controls.find((c) => c.id === "RSG-07")!;

const kinds: { kind: string; governed: "pass" | "warn"; mismatch?: { file: string; line: number; says: string[] } }[] = [
  { kind: "bifrost", governed: "pass", mismatch: { file: "infra/bifrost.json", line: 13, says: ["manifest ceiling 200 USD per 30d", "max_limit is 2000"] } },
  { kind: "tensorzero", governed: "warn", mismatch: { file: "infra/tensorzero.toml", line: 18, says: ["manifest rate 60 calls per 1m", "model_inferences_per_minute = 600"] } },
  { kind: "azure-apim", governed: "warn", mismatch: { file: "infra/apim-policy.xml", line: 9, says: ["manifest ceiling 200 USD per 30d", "token-quota-period is Yearly"] } },
  { kind: "aws-budgets-action", governed: "warn", mismatch: { file: "infra/budgets.tf", line: 7, says: ["manifest ceiling 200 USD per 30d", "limit amount is 500"] } },
  { kind: "helicone", governed: "warn", mismatch: { file: "src/gateway.ts", line: 19, says: ["manifest ceiling 200 USD per 30d", "50000 cents (500 USD)"] } },
  { kind: "portkey", governed: "warn" },
];

describe("fixtures/gateways: each governed deployment is READY, each mismatched one fails RSG-07", () => {
  it.each(kinds)("$kind", ({ kind, governed, mismatch }) => {
    const ok = assess(overlay(kind, false));
    expect(ok.ready).toBe(true);
    expect(rsg07(ok).status).toBe(governed);

    if (!mismatch) return;
    const bad = assess(overlay(kind, true));
    expect(bad.ready).toBe(false);
    const c = rsg07(bad);
    expect(c.status).toBe("fail");
    const f = c.findings.find((x) => x.level === "fail")!;
    expect({ file: f.file, line: f.line }).toEqual({ file: mismatch.file, line: mismatch.line });
    for (const s of mismatch.says) expect(f.message).toContain(s);
  });
});

describe("RSG-06 names the file and line of each figure", () => {
  it.each([
    { kind: "bifrost", rate: "infra/bifrost.json:16", ceiling: "infra/bifrost.json:13" },
    { kind: "helicone", rate: undefined, ceiling: "src/gateway.ts:19" },
  ])("$kind", ({ kind, rate, ceiling }) => {
    const c = assess(overlay(kind, false)).controls.find((x) => x.id === "RSG-06")!;
    const derivation = c.notes!.find((n) => n.startsWith("72-hour worst case:"))!;
    const manifest = readFileSync(fixture(`gateways/${kind}/governed/psf.yaml`), "utf8").split("\n");
    const line = (needle: string) => manifest.findIndex((l) => l.includes(needle)) + 1;
    expect(derivation).toContain(`gateway rate 60 calls per 1m (psf.yaml:${line("rate: { calls: 60")}${rate ? `, enforced at ${rate}` : ""})`);
    expect(derivation).toContain(`0.06 USD per call (psf.yaml:${line("max_cost_per_call")})`);
    expect(derivation).toContain(`gateway ceiling 200 USD per 30d (psf.yaml:${line("ceiling: { amount: 200")}, enforced at ${ceiling})`);
    expect(derivation).toContain(`4 (psf.yaml:${line("max_concurrency: 4")}) × 0.06 USD`);
  });
});

describe("a dashboard-only budget (Portkey)", () => {
  it("is a warn naming the reason, and its budget_evidence file is in the bundle and INDEX.md", () => {
    const dir = overlay("portkey", false);
    const report = assess(dir);
    const c = rsg07(report);
    expect(c.status).toBe("warn");
    expect(c.findings[0]!.message).toContain("routed through portkey; the budget lives in its dashboard and cannot be checked from this repository");
    expect(report.subjects.map((s) => s.name)).toContain("docs/portkey-budget.json");

    const root = mkdtempSync(path.join(tmpdir(), "psf-gw-bundle-"));
    expect(psf(["keygen", "--out", path.join(root, "keys")]).code).toBe(0);
    const out = path.join(root, "a.tar.gz");
    const r = psf(["bundle", dir, "--key", path.join(root, "keys", "psf-signing.key"), "--out", out], { env: { SOURCE_DATE_EPOCH: EPOCH } });
    expect(r.code, r.stderr).toBe(0);
    // Every entry sits under the bundle's one top-level folder, psf-bundle-<deployment>/.
    const entries = readTarGz(readFileSync(out)).map((e) => ({ ...e, name: e.name.replace(/^psf-bundle-[^/]+\//, "") }));
    const evidence = entries.find((e) => e.name === "evidence/docs/portkey-budget.json");
    expect(evidence?.data.toString("utf8")).toBe(readFileSync(path.join(dir, "docs/portkey-budget.json"), "utf8"));
    const index = entries.find((e) => e.name === "INDEX.md")!.data.toString("utf8");
    expect(index).toContain("evidence/docs/portkey-budget.json");
    expect(index).toMatch(/#### RSG-07[\s\S]*?Proved by:\*\*[^\n]*portkey-budget\.json/);
  });

  it("without budget_evidence: still a warn, pointing at the gateway kind, with the field to add", () => {
    const dir = overlay("portkey", false);
    const manifest = path.join(dir, "psf.yaml");
    const text = readFileSync(manifest, "utf8");
    expect(text).toContain("budget_evidence");
    writeFileSync(manifest, text.replace("      budget_evidence: docs/portkey-budget.json\n", ""));
    const r = psf(["assess", manifest, "-f", "json"], { env: { SOURCE_DATE_EPOCH: EPOCH } });
    const report = JSON.parse(r.stdout) as Report;
    expect(report.ready).toBe(true);
    const c = rsg07(report);
    expect(c.status).toBe("warn");
    expect(c.findings[0]!.message).toContain("routed through portkey");
    expect(c.findings[0]!.file).toBe("psf.yaml");
  });
});

describe("other dashboard-only gateways", () => {
  const manifestFor = (kind: string, extra = "") =>
    `psf: 1\ndeployment:\n  name: demo-agent\n  owner: alice@example.net\nspend:\n  ceiling: { amount: 50, currency: USD, period: 1d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway:\n      kind: ${kind}\n      url: https://gateway.example.net/v1\n${extra}`;
  const table = [
    { kind: "openrouter", name: "OpenRouter" },
    { kind: "vercel-ai-gateway", name: "Vercel AI Gateway" },
    { kind: "cloudflare", name: "Cloudflare AI Gateway" },
  ];
  it.each(table)("$kind: warn with the reason, pointing at gateway.kind", ({ kind, name }) => {
    const dir = project({ "psf.yaml": manifestFor(kind), "src/agent.ts": "export const x = 1;\n" });
    const c = rsg07(assess(dir));
    expect(c.status).toBe("warn");
    expect(c.findings[0]!.message).toBe(`routed through ${kind}; the budget lives in its dashboard and cannot be checked from this repository, so the manifest ceiling 50 USD per 1d is the team's word (RSG-04 checks the routing)`);
    expect({ file: c.findings[0]!.file, line: c.findings[0]!.line }).toEqual({ file: "psf.yaml", line: 11 });
    expect(c.findings[0]!.fix).toContain(`Export the ${name} budget`);
  });

  it("a budget_evidence file that is not there fails, naming the manifest line", () => {
    const dir = project({ "psf.yaml": manifestFor("openrouter", "      budget_evidence: docs/openrouter-key.json\n"), "src/agent.ts": "export const x = 1;\n" });
    const c = rsg07(assess(dir));
    expect(c.status).toBe("fail");
    expect(c.findings[0]!.message).toBe("the budget evidence docs/openrouter-key.json does not exist");
    expect({ file: c.findings[0]!.file, line: c.findings[0]!.line }).toEqual({ file: "psf.yaml", line: 13 });
  });
});
