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
