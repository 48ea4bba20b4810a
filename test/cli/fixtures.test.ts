import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Ajv2020, addFormats } from "../../src/util/ajv.js";
import { fixture, psf, repoRoot } from "../helpers.js";

const reportSchema = JSON.parse(readFileSync(`${repoRoot}/schemas/psf-report.schema.json`, "utf8")) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validateReport = ajv.compile(reportSchema);

interface JsonReport {
  ready: boolean;
  domains: { id: string; status: string }[];
  controls: { id: string; status: string; remediation: string; findings: { level: string; file?: string; line?: number; fix?: string; message: string }[] }[];
  worstCaseSpend: { bounded: boolean; amount: number | null; derivation: string };
  subjects: { name: string }[];
}

describe("the dn42 incident, reproduced", () => {
  const r = psf(["assess", fixture("dn42-scanner"), "-f", "json"], { env: { SOURCE_DATE_EPOCH: "1795262400" } });
  const report = JSON.parse(r.stdout) as JsonReport;

  it("is not ready: exit 1, and the JSON report validates", () => {
    expect(r.code).toBe(1);
    expect(validateReport(report), ajv.errorsText(validateReport.errors)).toBe(true);
    expect(report.ready).toBe(false);
  });

  it("fails in all five domains, each failure with a remediation", () => {
    for (const d of ["RSG", "OOC", "ABC", "IAA", "DRA"]) {
      const failing = report.controls.filter((c) => c.id.startsWith(d) && (c.status === "fail" || c.status === "error"));
      expect(failing.length, d).toBeGreaterThan(0);
      for (const c of failing) expect(c.remediation.length).toBeGreaterThan(10);
    }
  });

  it("the 72-hour worst case is unbounded", () => {
    expect(report.worstCaseSpend.bounded).toBe(false);
    expect(report.worstCaseSpend.derivation).toMatch(/application/);
  });

  it("every manifest finding names the manifest line", () => {
    for (const c of report.controls) for (const f of c.findings) if (f.level === "fail" && f.file === "psf.yaml") expect(f.line).toBeGreaterThan(0);
  });

  it("--fail-on critical and --fail-on low print the same findings", () => {
    const low = psf(["assess", fixture("dn42-scanner"), "--fail-on", "low"], { env: { SOURCE_DATE_EPOCH: "1795262400" } });
    const critical = psf(["assess", fixture("dn42-scanner"), "--fail-on", "critical"], { env: { SOURCE_DATE_EPOCH: "1795262400" } });
    expect(low.code).toBe(1);
    expect(critical.code).toBe(1);
    expect(critical.stdout).toBe(low.stdout);
  });
});

describe("the governed scanner", () => {
  const r = psf(["assess", fixture("governed-scanner"), "-f", "json"], { env: { SOURCE_DATE_EPOCH: "1795262400" } });
  const report = JSON.parse(r.stdout) as JsonReport;

  it("validates, and every manifest and file control passes or is not applicable", () => {
    expect(validateReport(report), ajv.errorsText(validateReport.errors)).toBe(true);
    const manifestOnly = ["RSG-01", "RSG-02", "RSG-03", "RSG-06", "RSG-07", "OOC-01", "OOC-04", "ABC-01", "ABC-05", "IAA-01", "IAA-02", "IAA-03", "IAA-05", "DRA-01", "DRA-02", "DRA-03"];
    for (const id of manifestOnly) {
      const c = report.controls.find((x) => x.id === id)!;
      expect(c.status, `${id}: ${JSON.stringify(c.findings)}`).toBe("pass");
    }
  });

  it("bounds the 72-hour worst case at the ceiling plus in-flight calls: 200.24 USD", () => {
    expect(report.worstCaseSpend).toMatchObject({ bounded: true, amount: 200.24 });
    expect(report.worstCaseSpend.derivation).toMatch(/4 × 0\.06 USD/);
  });

  it("binds the manifest, the sources and every evidence file in its subjects", () => {
    const names = report.subjects.map((s) => s.name);
    for (const n of ["psf.yaml", "infra/litellm.yaml", "schemas/audit-record.schema.json", "policy/agent.rego", "src/agent.ts"]) expect(names).toContain(n);
    expect(names.some((n) => n.startsWith("test/controls/"))).toBe(true);
  });
});

describe("progress", () => {
  it("is never written when stderr is not a terminal (pipes, files, CI logs)", () => {
    const r = psf(["assess", fixture("governed-scanner")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});

describe("reproducibility", () => {
  it("two runs under SOURCE_DATE_EPOCH give byte-identical JSON", () => {
    const env = { SOURCE_DATE_EPOCH: "1795262400" };
    const a = psf(["assess", fixture("governed-scanner"), "-f", "json"], { env });
    const b = psf(["assess", fixture("governed-scanner"), "-f", "json"], { env });
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).generatedAt).toBe("2026-11-21T12:00:00Z");
  });
});
