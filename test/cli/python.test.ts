import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readTarGz } from "../../src/bundle/tar.js";
import { Ajv2020, addFormats } from "../../src/util/ajv.js";
import { fixture, psf, repoRoot } from "../helpers.js";

const EPOCH = { SOURCE_DATE_EPOCH: "1795262400" };
const reportSchema = JSON.parse(readFileSync(`${repoRoot}/schemas/psf-report.schema.json`, "utf8")) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validateReport = ajv.compile(reportSchema);
const SOURCE_CONTROLS = ["RSG-04", "RSG-05", "OOC-02", "OOC-03", "ABC-02", "ABC-03", "ABC-04", "ABC-06", "ABC-07", "ABC-08", "IAA-04"];

interface JsonReport {
  ready: boolean;
  controls: { id: string; status: string; findings: { level: string; file?: string; line?: number; fix?: string }[] }[];
  subjects: { name: string }[];
}

/** Every report format for one assessment, written to files: { format: text }. */
function allFormats(dir: string, extra: string[] = []): { code: number | null; out: Record<string, string>; stderr: string } {
  const out = mkdtempSync(path.join(tmpdir(), "psf-py-out-"));
  const formats = ["json", "sarif", "junit", "markdown", "html", "text"];
  const args = ["assess", dir, ...formats.flatMap((f) => ["-f", f, "-o", path.join(out, `report.${f}`)]), ...extra];
  const r = psf(args, { env: EPOCH });
  return { code: r.code, stderr: r.stderr, out: Object.fromEntries(formats.map((f) => [f, readFileSync(path.join(out, `report.${f}`), "utf8")])) };
}

describe("psf assess on Python agents", () => {
  it("python/dn42-scanner: exit 1, every source control fails or warns at a .py line, every format written", () => {
    const r = allFormats(fixture("python/dn42-scanner"));
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.out.json!) as JsonReport;
    expect(validateReport(report), ajv.errorsText(validateReport.errors)).toBe(true);
    for (const id of SOURCE_CONTROLS) {
      const c = report.controls.find((x) => x.id === id)!;
      expect(c.status, id).toMatch(/fail|warn/);
      expect(c.findings.some((f) => f.file?.startsWith("scanner/") && f.file.endsWith(".py") && (f.line ?? 0) > 0), id).toBe(true);
    }
    for (const d of ["RSG", "OOC", "ABC", "IAA", "DRA"]) expect(report.controls.some((c) => c.id.startsWith(d) && c.status === "fail"), d).toBe(true);
    expect(JSON.parse(r.out.sarif!).runs[0].results.some((x: { locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations?.[0]?.physicalLocation.artifactLocation.uri.endsWith("scanner/agent.py"))).toBe(true);
    expect(r.out.junit).toContain("<testsuites");
    expect(r.out.markdown).toContain("scanner/agent.py");
    expect(r.out.html).toContain("scanner/agent.py");
  });

  it("python/governed-scanner: ready, exit 0, the Python sources among the subjects", () => {
    const r = allFormats(fixture("python/governed-scanner"));
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.out.json!) as JsonReport;
    expect(validateReport(report), ajv.errorsText(validateReport.errors)).toBe(true);
    expect(report.ready).toBe(true);
    expect(report.controls.filter((c) => c.status !== "pass" && c.status !== "not_applicable").map((c) => c.id)).toEqual([]);
    expect(report.subjects.map((s) => s.name)).toEqual(expect.arrayContaining(["scanner/agent.py", "infra/litellm.yaml", "tests/controls/test_kill_switch.py"]));
  });

  it("a planted sk-proj key in Python never appears raw in any report, the attestation or the bundle", () => {
    const root = mkdtempSync(path.join(tmpdir(), "psf-py-secret-"));
    const project = path.join(root, "project");
    cpSync(fixture("python/dn42-scanner"), project, { recursive: true });
    const raw = "sk-proj-Pl4ntedKeyAbCdEfGhIjKlMnOpQrSt5678";
    writeFileSync(path.join(project, "scanner", "fallback.py"), `# used when the environment has no key\nFALLBACK_KEY = "${raw}"\n`);
    expect(psf(["keygen", "--out", path.join(root, "keys")]).code).toBe(0);
    const key = path.join(root, "keys", "psf-signing.key");
    const attestation = path.join(root, "att.json");
    const r = allFormats(project, ["--key", key, "--attest", attestation]);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.out.json!) as JsonReport;
    const rsg05 = report.controls.find((c) => c.id === "RSG-05")!;
    expect(rsg05.findings).toEqual(expect.arrayContaining([expect.objectContaining({ level: "fail", file: "scanner/fallback.py", line: 2 })]));
    expect(r.out.json).toContain("sk-proj-…5678");
    for (const [format, text] of Object.entries(r.out)) {
      expect(text, format).not.toContain(raw);
      expect(text, format).not.toContain("Pl4ntedKey");
    }
    expect(readFileSync(attestation, "utf8")).not.toContain("Pl4ntedKey");
    expect(Buffer.from(JSON.parse(readFileSync(attestation, "utf8")).payload, "base64").toString("utf8")).not.toContain("Pl4ntedKey");
    const bundle = path.join(root, "b.tar.gz");
    const b = psf(["bundle", project, "--key", key, "--out", bundle], { env: EPOCH });
    expect(b.code, b.stderr).toBe(1);
    for (const e of readTarGz(readFileSync(bundle))) expect(e.data.toString("utf8"), e.name).not.toContain("Pl4ntedKey");
    expect(psf(["verify", bundle, "--key", path.join(root, "keys", "psf-signing.pub")]).code).toBe(0);
  });
});
