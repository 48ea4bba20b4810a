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
  // Every control with a source half: a governed fixture passes each of them outright, the pause
  // (OOC-02) included, through the pause form its framework documents.
  const SOURCE_CONTROLS = ["RSG-04", "RSG-05", "OOC-02", "OOC-03", "ABC-02", "ABC-03", "ABC-04", "ABC-06", "ABC-07", "ABC-08", "IAA-04"];
  const root = path.join(path.dirname(new URL(import.meta.url).pathname), "../../fixtures/python/frameworks");
  // What each ungoverned fixture gets wrong, beyond the step bound and the gateway every one of them misses.
  const UNGOVERNED: Record<string, string[]> = {
    langgraph: [], crewai: [], "openai-agents": [], "pydantic-ai": [], smolagents: ["ABC-08"], autogen: [],
    llamaindex: ["OOC-02", "IAA-04"], adk: ["OOC-02", "ABC-02", "IAA-04"], ag2: ["OOC-02", "ABC-08", "IAA-04"],
  };
  for (const fw of Object.keys(UNGOVERNED)) {
    it(`${fw}/governed passes every control with a source half`, async () => {
      const r = (await assessAsync(path.join(root, fw, "governed"), { now: new Date("2026-11-28T00:00:00Z") })).report;
      for (const id of SOURCE_CONTROLS) expect(r.controls.find((c) => c.id === id)!.status, `${fw} ${id}: ${JSON.stringify(r.controls.find((c) => c.id === id)!.findings)}`).toBe("pass");
      expect(r.coverage.packages.filter((p) => !p.recognized && p.kind !== "ui")).toEqual([]);
    });
    it(`${fw}/ungoverned fails ${["RSG-04", "ABC-03", ...UNGOVERNED[fw]!].join(", ")} at the source line`, async () => {
      const r = (await assessAsync(path.join(root, fw, "ungoverned"), { now: new Date("2026-11-28T00:00:00Z") })).report;
      for (const id of ["RSG-04", "ABC-03", ...UNGOVERNED[fw]!]) {
        const c = r.controls.find((x) => x.id === id)!;
        expect(c.findings.some((f) => f.level === "fail" && f.file?.endsWith(".py") && f.line! > 0), `${fw} ${id}: ${JSON.stringify(c.findings)}`).toBe(true);
      }
    });
  }
});
