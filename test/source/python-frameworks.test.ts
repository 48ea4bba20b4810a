// Python framework defaults follow the version the project pins (ABC-03 over whole projects).
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { MINIMAL, project } from "../helpers.js";

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const GRAPH = `from langgraph.graph import StateGraph\ngraph = StateGraph(dict).compile()\ndef run(q):\n    return graph.invoke({"q": q})\n`;
const MANIFEST = `${MINIMAL}boundaries:\n  limits:\n    max_steps: 40\n`;

describe("LangGraph (Python) recursion_limit default by pinned version", () => {
  it.each([
    ["requirements.txt", "langgraph==1.1.4\n", "fail", 10007],
    ["requirements.txt", "langgraph==1.0.7\n", "fail", 10000],
    ["requirements.txt", "langgraph==0.2.60\n", "warn", 25],
    ["requirements.txt", "langgraph>=0.2\n", "fail", 10007],
    ["uv.lock", `version = 1\n\n[[package]]\nname = "langgraph"\nversion = "0.6.3"\n`, "warn", 25],
  ] as const)("%s %j → ABC-03 %s naming %i", async (file, pin, level, value) => {
    const dir = project({ "psf.yaml": MANIFEST, "agent.py": GRAPH, [file]: pin });
    made.push(dir);
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    const f = r.controls.find((c) => c.id === "ABC-03")!.findings.find((x) => x.file === "agent.py")!;
    expect(f.level).toBe(level);
    expect(f.line).toBe(4);
    expect(f.message).toContain(`= ${value}`);
    if (level === "fail") expect(f.message).toContain("above max_steps 40");
    expect(f.fix).toContain(`config={"recursion_limit": 40}`);
  });
});

describe("Python framework fixtures", () => {
  // The controls a framework recognizer decides: the model endpoint, the provider key, the step bound, code execution.
  const DECIDED = ["RSG-04", "RSG-05", "ABC-03", "ABC-08"];
  const root = path.join(path.dirname(new URL(import.meta.url).pathname), "../../fixtures/python/frameworks");
  for (const fw of ["langgraph", "crewai", "openai-agents", "pydantic-ai", "smolagents", "autogen"]) {
    it(`${fw}/governed passes the controls its recognizer decides`, async () => {
      const r = (await assessAsync(path.join(root, fw, "governed"), { now: new Date("2026-11-28T00:00:00Z") })).report;
      for (const id of DECIDED) expect(r.controls.find((c) => c.id === id)!.status, `${fw} ${id}: ${JSON.stringify(r.controls.find((c) => c.id === id)!.findings)}`).toBe("pass");
      expect(r.coverage.packages.filter((p) => !p.recognized && p.kind !== "ui")).toEqual([]);
    });
    it(`${fw}/ungoverned fails the step bound and the gateway at the source line`, async () => {
      const r = (await assessAsync(path.join(root, fw, "ungoverned"), { now: new Date("2026-11-28T00:00:00Z") })).report;
      for (const id of ["RSG-04", "ABC-03"]) {
        const c = r.controls.find((x) => x.id === id)!;
        expect(c.findings.some((f) => f.level === "fail" && f.file?.endsWith(".py")), `${fw} ${id}`).toBe(true);
      }
    });
  }
});
