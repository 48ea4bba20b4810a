// Compact text (issue 19 item 3): `--compact`, and `-q`, print one line per finding —
// `SEVERITY CONTROL file:line:col level: message` — then the verdict; grep-friendly, within the terminal's width.
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/model.js";
import { where } from "../../src/report/model.js";
import { renderText } from "../../src/report/render/text.js";
import { fixture, psf } from "../helpers.js";

const env = { SOURCE_DATE_EPOCH: "1795262400", NO_COLOR: "1" };
const LINE = /^(CRITICAL|HIGH|MEDIUM|LOW) ([A-Z]{3}-\d\d) (\S+) (fail|warn|error|waived): (.+)$/;
const SEVERITY = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];

describe.each(["dn42-scanner", "frameworks/langchain/ungoverned", "governed-scanner"])("%s", (name) => {
  const report = JSON.parse(psf(["assess", fixture(name), "-f", "json"], { env }).stdout) as Report;
  const findings = report.controls.flatMap((c) => c.findings.map((f) => ({ control: c, finding: f })));

  it.each([["--compact"], ["-q"]])("%s: one line per finding, most severe first, then the verdict", (flag) => {
    const r = psf(["assess", fixture(name), flag], { env });
    expect(r.code).toBe(report.ready ? 0 : 1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.pop()).toMatch(report.ready ? /^READY: / : /^NOT READY: \d+ controls? blocks? readiness/);
    expect(lines).toHaveLength(findings.length);
    const parsed = lines.map((l) => LINE.exec(l));
    expect(parsed.filter((m) => !m)).toEqual([]);
    // Every finding, by control and place, exactly once.
    const got = parsed.map((m) => `${m![2]} ${m![3]} ${m![5]}`).sort();
    const want = findings.map(({ control, finding }) => `${control.id} ${where(finding) || "-"} ${finding.message}`).sort();
    expect(got).toEqual(want);
    const ranks = parsed.map((m) => SEVERITY.indexOf(m![1]!));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it("at 80 columns no line is wider, except one unbreakable token", () => {
    const r = psf(["assess", fixture(name), "--compact"], { env: { ...env, COLUMNS: "80" } });
    for (const line of r.stdout.split("\n")) if (line.length > 80) expect(line.trim(), line).not.toMatch(/\s/);
  });

  it("--compact changes only the text format: the JSON report is the same", () => {
    expect(psf(["assess", fixture(name), "--compact", "-f", "json"], { env }).stdout).toBe(JSON.stringify(report, null, 2) + "\n");
  });
});

describe("compact lines for what is not a plain finding", () => {
  const report = JSON.parse(psf(["assess", fixture("dn42-scanner"), "-f", "json"], { env }).stdout) as Report;

  it("a control in error with no finding still gets its line, with its first note", () => {
    const r = structuredClone(report);
    const c = r.controls.find((x) => x.id === "IAA-05")!;
    Object.assign(c, { status: "error", findings: [], notes: ["could not read audit.retention"] });
    expect(renderText(r, { color: 0, compact: true }).split("\n")).toContain("MEDIUM IAA-05 - error: could not read audit.retention");
  });

  it("a waived finding says so", () => {
    const r = structuredClone(report);
    const c = r.controls.find((x) => x.id === "IAA-03")!;
    c.status = "waived";
    Object.assign(c.findings[0]!, { waived: true, waiver: { source: "manifest", reason: "pilot", file: "psf.yaml", line: 20 } });
    expect(renderText(r, { color: 0, compact: true }).split("\n")).toContain("MEDIUM IAA-03 psf.yaml:3:1 waived: no audit sink is declared");
  });
});
