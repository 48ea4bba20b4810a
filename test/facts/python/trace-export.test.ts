// OpenAI Agents (Python) sends every run's trace to OpenAI's fixed endpoint unless tracing is off or the
// project installs its own processors: that endpoint is an outbound URL the allowlist must cover.
import { beforeAll, describe, expect, it } from "vitest";
import { loadPythonParser } from "../../../src/facts/python/parser.js";
import { pyFactsOf } from "./tester.js";

beforeAll(async () => {
  await loadPythonParser();
});

const RUN = `from agents import Agent, Runner\nagent = Agent(name="a", instructions="i")\nRunner.run_sync(agent, "x", max_turns=5)\n`;
const INGEST = "https://api.openai.com/v1/traces/ingest";
const exports = (code: string) => pyFactsOf(code).urls.filter((u) => u.url.kind === "literal" && u.url.text === INGEST);

describe("OpenAI Agents (Python) trace export", () => {
  it.each([
    ["a traced run: the export is an outbound URL at the run", RUN, 1],
    ["set_tracing_disabled(True): no export", `from agents import set_tracing_disabled\nset_tracing_disabled(True)\n${RUN}`, 0],
    ["RunConfig(tracing_disabled=True): no export", `from agents import RunConfig\ncfg = RunConfig(tracing_disabled=True)\n${RUN}`, 0],
    ["the project's own trace processors replace the exporter", `from agents import set_trace_processors\nset_trace_processors([])\n${RUN}`, 0],
  ])("%s", (_name, code, n) => {
    const found = exports(code);
    expect(found).toHaveLength(n);
    if (n) expect(found[0]!.loc.line).toBe(code.split("\n").findIndex((l) => l.startsWith("Runner.run_sync")) + 1);
  });
});

describe("ABC-02 on the Python trace export", () => {
  it("fails off the allowlist at the run, with a Python fix", async () => {
    const { assessAsync } = await import("../../../src/assess.js");
    const { project, MINIMAL } = await import("../../helpers.js");
    const dir = project({ "psf.yaml": `${MINIMAL}boundaries:\n  endpoints:\n    allow: ["http://llm-gateway.internal:4000"]\n`, "agent.py": RUN });
    const r = (await assessAsync(`${dir}/psf.yaml`, { now: new Date("2026-11-28T00:00:00Z") })).report;
    const f = r.controls.find((c) => c.id === "ABC-02")!.findings.find((x) => x.message.includes("trace export"));
    expect([f?.level, f?.file, f?.line]).toEqual(["fail", "agent.py", 3]);
    expect(f?.fix).toContain("set_trace_processors([your_processor])");
  });
});
