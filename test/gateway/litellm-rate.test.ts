import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkGatewayConfig } from "../../src/controls/gateway/index.js";
import type { Manifest } from "../../src/manifest/types.js";
import { fixture as projectFixture, psf } from "../helpers.js";

/*
 * The LiteLLM router limits a deployment only when it has an rpm (on the deployment, in litellm_params or in
 * model_info); one without is unlimited. A manifest rate enforced_by: gateway then has a path around it.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const local = (name: string): string => readFileSync(path.join(here, "fixtures", name), "utf8");

const manifest: Manifest = {
  psf: 1,
  deployment: { name: "dn42-topology-scanner", owner: "alice@example.net" },
  spend: { ceiling: { amount: 200, currency: "USD", period: "30d" } },
  boundaries: { limits: { rate: { calls: 60, per: "1m", enforced_by: "gateway" } } },
};

const cases: { name: string; fixture: string; fail?: { line: number; says: string[] }; warn?: string; ratedAt?: number }[] = [
  { name: "a second deployment without rpm fails at its line", fixture: "litellm-rpm-partial.yaml", fail: { line: 7, says: ["deployment embed-small (openai/text-embedding-3-small)", "has no rpm", "60 calls per 1m"] } },
  { name: "an empty rpm is no limit", fixture: "litellm-rpm-empty.yaml", fail: { line: 6, says: ["deployment scanner-fallback (anthropic/claude-3-5-haiku)", "has no rpm"] } },
  { name: "rpm on the deployment and in model_info both count", fixture: "litellm-rpm-placements.yaml", ratedAt: 4 },
  { name: "an rpm read from the environment cannot be checked", fixture: "litellm-rpm-env.yaml", warn: "rpm for scanner-small is \"os.environ/CHAT_RPM\"" },
];

describe("LiteLLM: every deployment needs an rpm when the manifest rate is enforced by the gateway", () => {
  it.each(cases)("$name", ({ fixture, fail, warn, ratedAt }) => {
    const r = checkGatewayConfig({ kind: "litellm", file: "infra/litellm.yaml", text: local(fixture), manifest });
    const fails = r.findings.filter((f) => f.level === "fail");
    const warns = r.findings.filter((f) => f.level === "warn");
    if (fail) {
      expect(fails).toHaveLength(1);
      expect((fails[0]!.loc as { line: number }).line).toBe(fail.line);
      for (const s of fail.says) expect(fails[0]!.message).toContain(s);
      expect(fails[0]!.fix).toContain("rpm:");
      expect(fails[0]!.fix).toContain("remove it from model_list");
      expect(r.figures?.rateUncovered?.map((g) => g.loc.line)).toEqual([fail.line]);
    } else {
      expect(fails).toEqual([]);
    }
    if (warn) expect(warns.map((w) => w.message).join("\n")).toContain(warn);
    else expect(warns).toEqual([]);
    // RSG-06 cites the config line only when every deployment is limited and the sum matches.
    expect(r.figures?.rate?.line).toBe(ratedAt);
  });

});

/* End to end: the governed scanner with an embedding deployment added to its LiteLLM config, without rpm. */

interface Report {
  controls: { id: string; status: string; notes?: string[]; findings: { level: string; file?: string; line?: number; message: string; fix?: string }[] }[];
}

const EMBED = "  - model_name: dn42-embed\n    litellm_params:\n      model: openai/text-embedding-3-small\n      api_key: os.environ/OPENAI_API_KEY\n\n";

function assess(onExceed: string): Report {
  const dir = mkdtempSync(path.join(tmpdir(), "psf-litellm-rate-"));
  cpSync(projectFixture("governed-scanner"), dir, { recursive: true });
  const cfg = path.join(dir, "infra", "litellm.yaml");
  writeFileSync(cfg, readFileSync(cfg, "utf8").replace("\nlitellm_settings:", `${EMBED}litellm_settings:`));
  const m = path.join(dir, "psf.yaml");
  writeFileSync(m, readFileSync(m, "utf8").replace("on_exceed: suspend", `on_exceed: ${onExceed}`));
  const r = psf(["assess", dir, "-f", "json"], { env: { SOURCE_DATE_EPOCH: "1795262400" } });
  return JSON.parse(r.stdout) as Report;
}

const control = (r: Report, id: string) => r.controls.find((c) => c.id === id)!;

describe("RSG-06 does not cite a gateway rate that a deployment goes around", () => {
  it.each([
    { name: "the ceiling bounds the spend: the figure holds, the rate is not cited as enforced", onExceed: "suspend", rsg06: "pass" },
    { name: "the bound rests on the rate: RSG-06 fails at the unlimited deployment", onExceed: "alert", rsg06: "fail" },
  ])("$name", ({ onExceed, rsg06 }) => {
    const r = assess(onExceed);
    const rsg07 = control(r, "RSG-07").findings.filter((f) => f.level === "fail");
    expect(rsg07.map((f) => `${f.file}:${f.line}`)).toEqual(["infra/litellm.yaml:14"]);
    expect(rsg07[0]!.message).toContain("deployment dn42-embed (openai/text-embedding-3-small)");
    const c = control(r, "RSG-06");
    const derivation = c.notes!.find((n) => n.startsWith("72-hour worst case:"))!;
    expect(derivation).not.toContain("enforced at infra/litellm.yaml:9");
    expect(derivation).toContain("gateway rate 60 calls per 1m (psf.yaml:54, not enforced at infra/litellm.yaml:14, where deployment dn42-embed has no rpm)");
    expect(c.status).toBe(rsg06);
    if (rsg06 === "fail") {
      const f = c.findings.find((x) => x.level === "fail")!;
      expect(`${f.file}:${f.line}`).toBe("infra/litellm.yaml:14");
      expect(f.message).toContain("rests on the gateway rate 60 calls per 1m");
      expect(f.message).toContain("without the rate nothing outside the agent bounds it");
      expect(f.fix).toContain("infra/litellm.yaml:14");
    }
  });
});
