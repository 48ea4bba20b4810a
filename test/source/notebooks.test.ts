// An agent written in Jupyter notebooks is examined like one in .py files: each finding names the
// notebook's own line, where a reviewer opening the .ipynb file sees the code.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import type { Report } from "../../src/report/model.js";
import { MINIMAL, project } from "../helpers.js";
import { notebook } from "../notebook-fixture.js";

const GATEWAY = `${MINIMAL}spend:
  ceiling: { amount: 50, currency: USD, period: 30d }
  enforcement:
    layer: gateway
    on_exceed: suspend
    gateway: { kind: litellm, url: "http://llm-gateway.internal:4000", url_env: LLM_GATEWAY_URL, key_env: LLM_GATEWAY_KEY }
boundaries:
  endpoints:
    allow: ["http://llm-gateway.internal:4000"]
  limits: { max_steps: 10, timeout: 30m }
  termination: ["each run stops after max_steps (10) steps"]
`;
const NOW = new Date("2026-11-28T00:00:00Z");
const run = async (files: Record<string, string>): Promise<Report> => (await assessAsync(path.join(project(files), "psf.yaml"), { now: NOW })).report;
const findings = (r: Report, id: string) => r.controls.find((c) => c.id === id)!.findings;
/** The 1-based line of the notebook text that holds this code (as its JSON string's opening). */
const lineOf = (text: string, code: string) => text.split("\n").findIndex((l) => l.includes(JSON.stringify(code).slice(0, -1))) + 1;

const INSTALL = "%pip install -q openai langgraph\n!ls\n";
const CLIENT = "client = OpenAI()";
const UNBOUNDED = "result = graph.invoke({\"q\": q})";
const BOUNDED = "result = graph.invoke({\"q\": q}, config={\"recursion_limit\": 8})";
const GRAPH = (invoke: string) => `from langgraph.graph import StateGraph\ngraph = StateGraph(dict).compile()\nq = "hello"\n${invoke}\n`;

describe("a notebook agent's findings at the notebook's lines", () => {
  const cases: { name: string; cells: [kind: "code" | "markdown", source: string][]; control: string; level: string; at?: string; none?: RegExp }[] = [
    { name: "an OpenAI client with no gateway base URL: RSG-04 fails at the client's line", cells: [["markdown", "# A notebook agent\n"], ["code", INSTALL], ["code", `from openai import OpenAI\n${CLIENT}\n`]], control: "RSG-04", level: "fail", at: CLIENT },
    { name: "an unbounded LangGraph run: ABC-03 fails at the run's line", cells: [["code", INSTALL], ["code", GRAPH(UNBOUNDED)]], control: "ABC-03", level: "fail", at: UNBOUNDED },
    { name: "a bounded LangGraph run: ABC-03 passes", cells: [["code", INSTALL], ["code", GRAPH(BOUNDED)]], control: "ABC-03", level: "pass" },
  ];
  it.each(cases)("$name", async ({ cells, control, level, at }) => {
    const text = notebook(cells);
    const r = await run({ "psf.yaml": GATEWAY, "agent.ipynb": text });
    const status = r.controls.find((c) => c.id === control)!.status;
    // Magics are not Python: no syntax error anywhere.
    expect(r.controls.flatMap((c) => c.findings).filter((f) => /syntax error/.test(f.message))).toEqual([]);
    if (level === "pass") return expect(status).toBe("pass");
    const hit = findings(r, control).filter((f) => f.level === level);
    expect(hit.map((f) => `${f.file}:${f.line}`)).toContain(`agent.ipynb:${lineOf(text, at!)}`);
    expect(text.split("\n")[lineOf(text, at!) - 1]).toContain(at!.slice(0, 12));
  });

  it("a notebook's findings and fixes are those of the same code in a .py file, each at the notebook line that holds its code", async () => {
    const code = `from openai import OpenAI\n${CLIENT}\n${GRAPH(UNBOUNDED)}`;
    const text = notebook([["markdown", "# Agent\n"], ["code", INSTALL], ["code", code]]);
    const asPy = await run({ "psf.yaml": GATEWAY, "agent.py": code });
    const asNb = await run({ "psf.yaml": GATEWAY, "agent.ipynb": text });
    const first = lineOf(text, code.split("\n")[0]!) - 1;
    const shown = (r: Report, toLine: (l: number) => number) => r.controls.flatMap((c) => c.findings.map((f) => `${c.id} ${f.level} ${f.file?.replace(/\.(py|ipynb)$/, "")}:${f.line === undefined || f.file === "psf.yaml" ? f.line : toLine(f.line)} ${f.message.replace(/agent\.(py|ipynb)/g, "agent")} fix: ${f.fix?.replace(/agent\.(py|ipynb)/g, "agent")}`));
    expect(shown(asNb, (l) => l)).toEqual(shown(asPy, (l) => l + first));
    expect(shown(asNb, (l) => l).length).toBeGreaterThan(10);
  });

  it("the inventory reads a notebook's imports, at their lines, and counts it as read", async () => {
    const text = notebook([["code", INSTALL], ["code", "import os\nfrom openai import OpenAI\n"]]);
    const r = await run({ "psf.yaml": GATEWAY, "nb/agent.ipynb": text });
    expect(r.coverage.packages.find((p) => p.name === "openai")?.first_seen).toEqual({ file: "nb/agent.ipynb", line: lineOf(text, "from openai import OpenAI\n") });
    expect(r.coverage.languages).toEqual([{ language: "Jupyter notebook", files: 1, read: true }]);
  });

  it("a notebook agent is a Python agent: the fixes name Python's test files", async () => {
    const r = await run({ "psf.yaml": GATEWAY, "agent.ipynb": notebook([["code", `from openai import OpenAI\n${CLIENT}\n`]]) });
    const fixes = r.controls.flatMap((c) => c.findings.map((f) => f.fix ?? ""));
    expect(fixes.filter((f) => f.includes("control_tests"))).toEqual([expect.stringContaining('control_tests: ["tests/controls/test_*.py"]')]);
  });

  it.each([
    ["%pip install -q \"langgraph==0.2.60\" langchain-openai\n", "warn", 25],
    ["!pip install -U langgraph==1.1.4 -q\n", "fail", 10007],
    ["%pip install langgraph\n", "fail", 10007],
  ] as const)("a notebook's install line %j pins the framework whose default applies: ABC-03 %s naming %i", async (install, level, value) => {
    const text = notebook([["code", install], ["code", GRAPH(UNBOUNDED)]]);
    const r = await run({ "psf.yaml": GATEWAY.replace("max_steps: 10", "max_steps: 40"), "agent.ipynb": text });
    const f = findings(r, "ABC-03").find((x) => x.file === "agent.ipynb")!;
    expect(`${f.level} ${f.line}`).toBe(`${level} ${lineOf(text, UNBOUNDED)}`);
    expect(f.message).toContain(`= ${value}`);
  });

  it("Jupyter's checkpoint copies are not read (a finding each would repeat the notebook's)", async () => {
    const text = notebook([["code", `from openai import OpenAI\n${CLIENT}\n`]]);
    const r = await run({ "psf.yaml": GATEWAY, "agent.ipynb": text, ".ipynb_checkpoints/agent-checkpoint.ipynb": text });
    expect(r.sources.examined).toBe(1);
    expect(r.controls.flatMap((c) => c.findings).filter((f) => f.file?.includes("checkpoint"))).toEqual([]);
  });
});

describe("a notebook psf cannot read is named, never passed", () => {
  const cases: { name: string; text: string; reason: RegExp }[] = [
    { name: "invalid JSON", text: '{\n "cells": [\n  {"cell_type": "code",}\n ]\n}\n', reason: /^broken\.ipynb was not examined \(not valid JSON at line 3, column 24/ },
    { name: "a cell's source as one string of several lines", text: '{"cells": [\n {"cell_type": "code", "metadata": {}, "outputs": [],\n  "source": "from openai import OpenAI\\nclient = OpenAI()"}\n],\n "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n', reason: /^broken\.ipynb was not examined \(psf cannot place its code line for line: the code cell at line 3 writes its source as one string/ },
  ];
  it.each(cases)("$name: an error on every source control, naming the file", async ({ text, reason }) => {
    const r = await run({ "psf.yaml": GATEWAY, "broken.ipynb": text, "helper.py": "def rows():\n    return []\n" });
    for (const id of ["RSG-04", "ABC-03", "OOC-03"]) {
      const hit = findings(r, id).filter((f) => reason.test(f.message));
      expect(hit, id).toHaveLength(1);
      expect(hit[0]).toMatchObject({ level: "error", file: "broken.ipynb" });
      expect(hit[0]!.fix).toMatch(/Jupyter/);
    }
    expect(r.ready).toBe(false);
  });

  it("an R notebook is code psf does not read: not examined, an error when it is all the agent is, a warn beside the Python agent", async () => {
    const r = notebook([["code", "library(httr)\n"]], { kernelspec: { language: "R", name: "ir" } });
    const alone = await run({ "psf.yaml": GATEWAY, "analysis.ipynb": r });
    expect(findings(alone, "RSG-04").map((f) => `${f.level} ${f.message}`)).toEqual([expect.stringMatching(/^error not examined: the agent's code is Jupyter notebook \(R\) \(1 file, e\.g\. analysis\.ipynb\)/)]);
    expect(alone.coverage.languages).toEqual([{ language: "Jupyter notebook (R)", files: 1, read: false }]);
    const beside = await run({ "psf.yaml": GATEWAY, "analysis.ipynb": r, "agent.ipynb": notebook([["code", `from openai import OpenAI\n${CLIENT}\n`]]) });
    expect(findings(beside, "RSG-04").filter((f) => f.file === "analysis.ipynb").map((f) => f.level)).toEqual(["warn"]);
  });

  it("a cell's source as one string of one line is read at its line", async () => {
    const text = '{"cells": [\n {"cell_type": "code", "metadata": {}, "outputs": [],\n  "source": "from openai import OpenAI"},\n {"cell_type": "code", "metadata": {}, "outputs": [],\n  "source": "client = OpenAI()"}\n],\n "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n';
    const r = await run({ "psf.yaml": GATEWAY, "agent.ipynb": text });
    expect(findings(r, "RSG-04").filter((f) => f.level === "fail").map((f) => `${f.file}:${f.line}`)).toContain("agent.ipynb:5");
  });
});

describe("each notebook runs in its own kernel: tracing one switches on does not trace another", () => {
  const CHAT = `from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4.1", base_url="http://llm-gateway.internal:4000")\nanswer = llm.invoke("hi")\n`;
  it.each([
    { name: "the notebook that sets LANGSMITH_TRACING is traced", file: "traced.ipynb", untraced: false },
    { name: "the notebook beside it that sets nothing is not", file: "plain.ipynb", untraced: true },
  ])("$name", async ({ file, untraced }) => {
    const r = await run({
      "psf.yaml": GATEWAY,
      "traced.ipynb": notebook([["code", `import os\nos.environ["LANGSMITH_TRACING"] = "true"\n`], ["code", CHAT]]),
      "plain.ipynb": notebook([["code", CHAT]]),
    });
    const hits = findings(r, "IAA-04").filter((f) => f.file === file && f.message.includes("is not covered by audit logging or tracing"));
    expect(hits.length > 0).toBe(untraced);
  });
});
