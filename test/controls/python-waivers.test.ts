import { describe, expect, it } from "vitest";
import { assess, assessAsync } from "../../src/assess.js";
import { MINIMAL, project } from "../helpers.js";

const NOW = new Date("2026-11-21T12:00:00Z");
const manifest = `${MINIMAL}agent:\n  include: ["**/*.py"]\n`;

describe("Python sources in an assessment", () => {
  it("`# psf-waive ID: reason` waives the finding on the next line; a bare marker waives nothing and says so in Python", async () => {
    const dir = project({
      "psf.yaml": manifest,
      "agent.py": "import os\nimport shutil\n# psf-waive ABC-08: scratch space owned by this job, recreated on start\nshutil.rmtree('/tmp/scratch')\n# psf-waive ABC-08\nos.remove('state.json')\n",
    });
    const { report } = await assessAsync(dir, { now: NOW });
    const abc08 = report.controls.find((c) => c.id === "ABC-08")!;
    // agent.py's own findings (the project has no agent psf reads: its fail-closed error is at psf.yaml).
    const byLine = Object.fromEntries(abc08.findings.filter((f) => f.file === "agent.py").map((f) => [f.line, f]));
    expect(byLine[4]).toMatchObject({ file: "agent.py", waived: true });
    expect(byLine[6]).toMatchObject({ file: "agent.py", level: "fail", waived: false });
    expect(byLine[5]).toMatchObject({ level: "warn", fix: expect.stringContaining("# psf-waive ABC-08: <why") });
  });

  it("a Python syntax error is a warn at its line on every source control", async () => {
    const dir = project({ "psf.yaml": manifest, "agent.py": "from openai import OpenAI\ndef broken(:\n    pass\n" });
    const { report } = await assessAsync(dir, { now: NOW });
    for (const id of ["RSG-04", "ABC-03", "IAA-04"]) {
      expect(report.controls.find((c) => c.id === id)!.findings, id).toEqual(expect.arrayContaining([expect.objectContaining({ level: "warn", file: "agent.py", line: 2, message: expect.stringContaining("syntax error") })]));
    }
  });

  it("without the parser loaded, Python files are not analysed: an error, never a pass", async () => {
    // A fresh module graph: the parser of the other tests is not loaded there.
    const { vi } = await import("vitest");
    vi.resetModules();
    const fresh = (await import("../../src/assess.js")) as { assess: typeof assess };
    const dir = project({ "psf.yaml": manifest, "agent.py": "x = 1\n" });
    const { report } = fresh.assess(dir, { now: NOW });
    const c = report.controls.find((x) => x.id === "ABC-08")!;
    expect(c.status).toBe("error");
    expect(c.findings[0]!.message).toMatch(/agent\.py was not analysed \(the analysis failed: the Python parser was not loaded/);
  });
});
