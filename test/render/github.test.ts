import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ANNOTATIONS_PER_LEVEL, appendStepSummary, escapeData, escapeProperty, renderAnnotations } from "../../src/report/render/github.js";
import { fixtureReport } from "./support.js";

describe("GitHub workflow annotations", () => {
  const report = fixtureReport("dn42-scanner");
  const lines = renderAnnotations(report, { uriPrefix: "fixtures/dn42-scanner" }).trimEnd().split("\n");

  it("one annotation per control and level, at its first unwaived finding's repository-relative file, line and column", () => {
    const controls = (warn: boolean) => report.controls.filter((c) => c.findings.some((f) => !f.waived && (f.level === "warn") === warn));
    const errors = lines.filter((l) => l.startsWith("::error "));
    const warnings = lines.filter((l) => l.startsWith("::warning "));
    expect(errors.length).toBe(Math.min(ANNOTATIONS_PER_LEVEL, controls(false).length));
    expect(warnings.length).toBe(Math.min(ANNOTATIONS_PER_LEVEL, controls(true).length));
    expect(lines).toContain("::error file=fixtures/dn42-scanner/psf.yaml,line=12,col=5,title=RSG-02::Spend ceiling enforced outside the agent [critical]: the ceiling is enforced by the application, i.e. by the agent's own code: the model is not the control plane%0Afix: enforce the ceiling at a gateway (layer: gateway) or with the provider's own budget (layer: provider)%0A(+1 more finding of RSG-02: see the full report)");
  });

  it("stays within GitHub's 10 errors and 10 warnings per step, naming every control it could not show", () => {
    const blocking = report.controls.filter((c) => c.findings.some((f) => !f.waived && f.level !== "warn"));
    expect(blocking.length).toBeGreaterThan(ANNOTATIONS_PER_LEVEL);
    const errors = lines.filter((l) => l.startsWith("::error "));
    expect(errors).toHaveLength(ANNOTATIONS_PER_LEVEL);
    const named = errors.map((l) => /title=([A-Z]+-\d+)::/.exec(l)?.[1]).filter(Boolean);
    const rest = /more controls block readiness \(([^;]+);/.exec(errors[errors.length - 1]!)![1]!.split(", ");
    expect(new Set([...named, ...rest])).toEqual(new Set(blocking.map((c) => c.id)));
    // The most severe come first.
    const sev = (id: string) => ["critical", "high", "medium", "low"].indexOf(report.controls.find((c) => c.id === id)!.severity);
    const shownSev = named.map((id) => sev(id!));
    expect([...shownSev].sort((a, b) => a - b)).toEqual(shownSev);
  });

  it("a finding without a file lands on the manifest's first line", () => {
    // Every control's findings carry a place today; the fallback still guards a report from elsewhere.
    const r = structuredClone(report);
    const dra04 = r.controls.find((c) => c.id === "DRA-04")!;
    const { file: _f, line: _l, column: _c, ...fileless } = dra04.findings[0]!;
    dra04.findings[0] = fileless;
    const out = renderAnnotations(r, { uriPrefix: "fixtures/dn42-scanner" }).split("\n");
    expect(out.find((l) => l.includes("title=DRA-04"))).toMatch(/^::error file=fixtures\/dn42-scanner\/psf\.yaml,line=1,title=DRA-04::/);
  });

  it("warn → ::warning; waived → nothing", () => {
    const r = structuredClone(report);
    for (const c of r.controls) for (const f of c.findings) f.waived = true;
    const c = r.controls.find((x) => x.id === "IAA-05")!;
    c.findings[0] = { ...c.findings[0]!, waived: false, level: "warn" };
    expect(renderAnnotations(r)).toBe("::warning file=psf.yaml,line=3,col=1,title=IAA-05::Audit retention declared [medium]: no audit retention period is declared%0Afix: add audit.retention: 400d\n");
  });

  it("escapes data and properties as the runner expects", () => {
    expect(escapeData("100% done\r\nnext: a,b")).toBe("100%25 done%0D%0Anext: a,b");
    expect(escapeProperty("src/a,b:c%.ts")).toBe("src/a%2Cb%3Ac%25.ts");
    const r = structuredClone(report);
    const f = r.controls.find((x) => x.id === "RSG-03")!.findings[0]!;
    f.file = "src/odd,name:x.ts";
    f.message = "two\nlines :: and 50%";
    const line = renderAnnotations(r).split("\n").find((l) => l.includes("title=RSG-03"))!;
    expect(line).toMatch(/^::error file=src\/odd%2Cname%3Ax\.ts,line=9,col=1,title=RSG-03::Spend alerts at 50, 80 and 100 percent \[high\]: two%0Alines :: and 50%25%0Afix: /);
  });

  it("--summary appends the Markdown to the job summary file", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "psf-summary-")), "summary.md");
    writeFileSync(file, "# earlier step\n");
    appendStepSummary(file, report);
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("# earlier step\n## ❌ psf: dn42-topology-scanner")).toBe(true);
  });
});
