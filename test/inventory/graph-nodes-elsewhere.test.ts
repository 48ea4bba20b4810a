// A new user's LangGraph multi-agent app (session 8 trial): psf read its graphs, and its nodes called the
// model through a research-agent library psf does not read. A StateGraph has no model of its own, so its
// runs do not make the model traffic examined: the gateway, credential and allowlist controls stay
// errors at that library's import. ChatKit's backend, which calls no model, is listed and affects nothing.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import type { Report } from "../../src/report/model.js";
import { fixture } from "../helpers.js";

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const NOW = new Date("2026-11-28T00:00:00Z");

/** The governed Python fixture's manifest (READY with its own source) over `files` instead of its scanner. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "psf-graphnodes-"));
  made.push(dir);
  cpSync(fixture("python/governed-scanner"), dir, { recursive: true });
  rmSync(path.join(dir, "scanner"), { recursive: true, force: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return path.join(dir, "psf.yaml");
}

const levelsAt = (r: Report, id: string) => r.controls.find((c) => c.id === id)!.findings.map((f) => `${f.level} ${f.file}:${f.line} ${f.message.slice(0, 60)}`);

const GRAPH = `from langgraph.graph import StateGraph, END
from gpt_researcher import GPTResearcher


async def research(state):
    agent = GPTResearcher(query=state["topic"])
    return {"notes": await agent.conduct_research()}


def build():
    g = StateGraph(dict)
    g.add_node("research", research)
    g.set_entry_point("research")
    g.add_edge("research", END)
    return g.compile()


async def run(topic):
    return await build().ainvoke({"topic": topic}, config={"recursion_limit": 20})
`;

describe("a StateGraph whose nodes call the model through a library psf does not read", () => {
  it("RSG-04, RSG-05 and ABC-02 are errors at the library's import; the graph's run is judged on its own", async () => {
    const manifest = project({ "scanner/graph.py": GRAPH, "requirements.txt": "langgraph>=1\ngpt-researcher==0.14\n" });
    const r = (await assessAsync(manifest, { now: NOW })).report;
    for (const id of ["RSG-04", "RSG-05", "ABC-02"]) {
      expect(levelsAt(r, id), id).toContain("error scanner/graph.py:2 not examined: the agent runs on gpt-researcher (agent framew");
    }
    // The run psf read: bounded by the recursion limit it was given (20 steps), so ABC-03 has no error of its own.
    expect(levelsAt(r, "ABC-03").filter((f) => f.startsWith("error"))).toEqual([]);
    expect(r.ready).toBe(false);
  });
});

describe("packages a new user's apps import", () => {
  it.each([
    { pkg: "openai-chatkit", module: "chatkit.server", kind: "ui", recognized: false },
    { pkg: "gpt-researcher", module: "gpt_researcher", kind: "agent-framework", recognized: false },
    { pkg: "graphiti-core", module: "graphiti_core", kind: "model-sdk", recognized: false },
  ])("$pkg ($module) is in the table as $kind", async ({ pkg, module, kind }) => {
    const code = `from ${module} import Thing\n\nthing = Thing()\n`;
    const manifest = project({ "scanner/app.py": code, "requirements.txt": `${pkg}==1.0\n` });
    const r = (await assessAsync(manifest, { now: NOW })).report;
    expect(r.coverage.packages).toEqual(expect.arrayContaining([expect.objectContaining({ name: pkg, kind, imported: true })]));
    const named = r.controls.flatMap((c) => c.findings).filter((f) => f.message.includes(pkg));
    if (kind === "ui") expect(named).toEqual([]);
    else expect(named.length).toBeGreaterThan(0);
  });
});
