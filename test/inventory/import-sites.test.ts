// An unrecognized AI package's warn stays at its first import, and names how many other files import it
// (up to three of them), so a reviewer or a waiver writer sees every site; JSON lists them all.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { renderSarif } from "../../src/report/render/sarif.js";
import { Ajv2020, addFormats } from "../../src/util/ajv.js";
import { MINIMAL, project, removeProjects, repoRoot } from "../helpers.js";

afterAll(removeProjects);

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validateReport = ajv.compile(JSON.parse(readFileSync(`${repoRoot}/schemas/psf-report.schema.json`, "utf8")) as object);
const NOW = new Date("2026-11-28T00:00:00Z");

const PKG = JSON.stringify({ name: "demo", dependencies: { "acme-agent": "1.0.0" } });
const ts = (lines: number) => `${"// header\n".repeat(lines)}import { run } from "acme-agent";\nexport const go = () => run();\n`;
const py = (lines: number) => `${"# header\n".repeat(lines)}from acme_llm import chat\n\ndef go():\n    return chat("hi")\n`;

const cases: { name: string; files: Record<string, string>; first: string; also: string | null; sites: string[] }[] = [
  { name: "one importing file: no 'also'", files: { "package.json": PKG, "src/a.ts": ts(0) }, first: "src/a.ts:1", also: null, sites: [] },
  { name: "two files", files: { "package.json": PKG, "src/a.ts": ts(0), "src/b.ts": ts(2) }, first: "src/a.ts:1", also: "; also imported in 1 more file: src/b.ts:3", sites: ["src/b.ts:3"] },
  {
    name: "five files: three named, then …",
    files: { "package.json": PKG, "src/a.ts": ts(1), "src/b.ts": ts(0), "src/c.ts": ts(6), "src/d.ts": ts(0), "src/e.ts": ts(3) },
    first: "src/a.ts:2",
    also: "; also imported in 4 more files: src/b.ts:1, src/c.ts:7, src/d.ts:1, …",
    sites: ["src/b.ts:1", "src/c.ts:7", "src/d.ts:1", "src/e.ts:4"],
  },
  { name: "a file importing it twice counts once, at its first line", files: { "package.json": PKG, "src/a.ts": ts(0), "src/b.ts": `${ts(1)}import { other } from "acme-agent";\n` }, first: "src/a.ts:1", also: "; also imported in 1 more file: src/b.ts:2", sites: ["src/b.ts:2"] },
  { name: "Python, three files", files: { "requirements.txt": "acme-llm==1.0\n", "agent/a.py": py(0), "agent/b.py": py(4), "agent/c.py": py(1) }, first: "agent/a.py:1", also: "; also imported in 2 more files: agent/b.py:5, agent/c.py:2", sites: ["agent/b.py:5", "agent/c.py:2"] },
];

describe.each(cases)("$name", ({ files, first, also, sites }) => {
  const dir = project({ "psf.yaml": MINIMAL, ...files });
  const report = assess(path.join(dir, "psf.yaml"), { now: NOW }).report;
  const warns = report.controls.flatMap((c) => c.findings.filter((f) => /which psf does not recognize/.test(f.message)).map((f) => ({ id: c.id, f })));

  it("the warn stays at the first import, on every control the package's kind affects", () => {
    expect(warns.map((w) => w.id)).toEqual(["RSG-04", "RSG-05", "ABC-02", "IAA-04"]);
    for (const { f } of warns) expect(`${f.file}:${f.line}`).toBe(first);
  });

  it("its message names the other importing files", () => {
    for (const { f } of warns) {
      if (also) expect(f.message.endsWith(also), f.message).toBe(true);
      else expect(f.message).not.toMatch(/also imported/);
    }
  });

  it("JSON lists every other site (additively, schema-valid), and SARIF carries it in coverage", () => {
    const pkg = report.coverage.packages.find((p) => !p.recognized)!;
    expect((pkg.also_imported_in ?? []).map((s) => `${s.file}:${s.line}`)).toEqual(sites);
    expect(validateReport(JSON.parse(JSON.stringify(report))), ajv.errorsText(validateReport.errors)).toBe(true);
    const sarif = JSON.parse(renderSarif(report)) as { runs: { properties: { coverage: typeof report.coverage } }[] };
    expect(sarif.runs[0]!.properties.coverage.packages.find((p) => p.name === pkg.name)?.also_imported_in ?? []).toEqual(pkg.also_imported_in ?? []);
  });
});
