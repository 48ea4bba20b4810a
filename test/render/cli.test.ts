import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exitCodeFor } from "../../src/cli/commands/assess.js";
import type { Report } from "../../src/report/model.js";
import { MINIMAL, fixture, project, psf } from "../helpers.js";
import { EPOCH, fixtureReport } from "./support.js";

const env = { SOURCE_DATE_EPOCH: String(EPOCH) };
const FORMATS = [["json", "json"], ["sarif", "sarif"], ["junit", "xml"], ["markdown", "md"], ["text", "txt"]] as const;

/** One run writing every format to its own file; returns the exit code and the files' contents. */
function runAll(target: string, extra: string[]): { code: number | null; files: Record<string, string> } {
  const out = mkdtempSync(path.join(tmpdir(), "psf-ci-"));
  const r = psf(["assess", target, ...extra, ...FORMATS.flatMap(([f, ext]) => ["-f", f, "-o", path.join(out, `report.${ext}`)])], { env });
  expect(r.stderr).toBe("");
  return { code: r.code, files: Object.fromEntries(FORMATS.map(([f, ext]) => [f, readFileSync(path.join(out, `report.${ext}`), "utf8")])) };
}

describe("--fail-on decides the exit code only", () => {
  it("dn42: --fail-on critical and --fail-on low both exit 1 (not ready), with identical findings in every format", () => {
    const low = runAll(fixture("dn42-scanner"), ["--fail-on", "low"]);
    const critical = runAll(fixture("dn42-scanner"), ["--fail-on", "critical"]);
    expect(low.code).toBe(1);
    expect(critical.code).toBe(1);
    for (const [f] of FORMATS) expect(critical.files[f], f).toBe(low.files[f]);
    // The same findings, format by format: every JSON finding is a SARIF result and sits in a JUnit failure.
    const json = JSON.parse(low.files.json!) as Report;
    const sarif = JSON.parse(low.files.sarif!) as { runs: { results: { kind: string }[] }[] };
    const findings = json.controls.flatMap((c) => c.findings);
    expect(sarif.runs[0]!.results.filter((r) => r.kind === "fail")).toHaveLength(findings.length);
    for (const f of findings) expect(low.files.junit).toContain(f.message.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;"));
  });

  it("a failure below the threshold exits 0 but is still reported", () => {
    const report = fixtureReport("governed-scanner");
    for (const c of report.controls) {
      c.status = c.id === "IAA-05" ? "fail" : "pass";
    }
    report.ready = false;
    expect(report.controls.find((c) => c.id === "IAA-05")!.severity).toBe("medium");
    expect(exitCodeFor(report, "low")).toBe(1);
    expect(exitCodeFor(report, "medium")).toBe(1);
    expect(exitCodeFor(report, "high")).toBe(0);
    expect(exitCodeFor(report, "critical")).toBe(0);
    report.controls.find((c) => c.id === "IAA-05")!.status = "error";
    expect(exitCodeFor(report, "medium")).toBe(1);
  });
});

describe("GitHub Actions", () => {
  it("GITHUB_ACTIONS=true adds workflow annotations after the text report", () => {
    const r = psf(["assess", fixture("dn42-scanner"), "-q"], { env: { ...env, GITHUB_ACTIONS: "true" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=fixtures\/dn42-scanner\/psf\.yaml,line=12,col=5,title=RSG-02::/m);
    expect(r.stderr).toBe("");
  });

  it("keeps annotations out of a JSON report on stdout (they go to stderr, which the runner reads too)", () => {
    const r = psf(["assess", fixture("dn42-scanner"), "-f", "json"], { env: { ...env, GITHUB_ACTIONS: "true" } });
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr).toMatch(/^::error file=fixtures\/dn42-scanner\/psf\.yaml,line=12,col=5,title=RSG-02::/m);
  });

  it("no annotations outside GitHub Actions", () => {
    const r = psf(["assess", fixture("dn42-scanner"), "-q"], { env });
    expect(r.stdout).not.toMatch(/^::/m);
  });

  it("--summary appends the Markdown to $GITHUB_STEP_SUMMARY, and says so when it is not set", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "psf-summary-")), "step_summary.md");
    writeFileSync(file, "earlier\n");
    const r = psf(["assess", fixture("governed-scanner"), "--summary", "-q"], { env: { ...env, GITHUB_STEP_SUMMARY: file } });
    expect(r.stderr).toBe("");
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^earlier\n## (✅|❌) psf: /);
    expect(text).toContain("**72-hour worst-case spend: 200.24 USD**");
    const none = psf(["assess", fixture("governed-scanner"), "--summary", "-q"], { env });
    expect(none.stderr).toMatch(/GITHUB_STEP_SUMMARY is not set/);
    expect(none.code).toBe(r.code);
  });

  it("paths are relative to the repository root found by walking up to .git", () => {
    const dir = project({ "apps/scanner/psf.yaml": MINIMAL });
    mkdirSync(path.join(dir, ".git"));
    const r = psf(["assess", path.join(dir, "apps/scanner"), "-f", "sarif"], { env: { ...env, GITHUB_ACTIONS: "true" } });
    const sarif = JSON.parse(r.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const uris = new Set(sarif.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris]).toEqual(["apps/scanner/psf.yaml"]);
    expect(r.stderr).toMatch(/^::error file=apps\/scanner\/psf\.yaml,/m);
  });
});
