// A control's code example follows the framework the agent really imports: the Vercel AI SDK's or the
// OpenAI Agents SDK's code only for an agent on that framework; any other agent (BeeAI, Genkit, DSPy, griptape,
// LangGraph, a bare model SDK) gets framework-neutral code, and one line naming the frameworks psf
// does not read. Every report format carries the same example. Sizes the manifest declares replace the
// catalogue's DN42 figures.
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { renderHtml } from "../../src/report/render/html.js";
import { renderJunit } from "../../src/report/render/junit.js";
import { renderSarif } from "../../src/report/render/sarif.js";
import { renderText } from "../../src/report/render/text.js";
import type { Report } from "../../src/report/model.js";
import { MINIMAL, project, removeProjects } from "../helpers.js";

afterAll(removeProjects);

const NOW = new Date("2026-11-21T12:00:00Z");
const run = (files: Record<string, string>, yaml = ""): Report => {
  const dir = project({ "psf.yaml": MINIMAL + yaml, ...files });
  return assess(path.join(dir, "psf.yaml"), { now: NOW }).report;
};
const example = (r: Report, id: string) => r.controls.find((c) => c.id === id)?.remediationExample ?? "";

/** The controls whose catalogue code is written against a framework's or a provider SDK's API. */
const FRAMEWORK_CODE = ["RSG-04", "RSG-05", "OOC-02", "OOC-03", "ABC-03", "ABC-06", "ABC-08", "IAA-04"];
/** Another framework's API, as the catalogue's TypeScript and Python examples call it. */
const FOREIGN_TS = /from "ai"|@ai-sdk\/|@anthropic-ai\/sdk|generateText|stepCountIs|needsApproval/;
const FOREIGN_PY = /from agents import|Runner\.|function_tool|from openai import|from anthropic import/;

const BEEAI = 'import { ReActAgent } from "beeai-framework";\n\nexport const agent = new ReActAgent({ tools: [] });\n';
const GENKIT = 'import { genkit, z } from "genkit";\nimport { googleAI } from "@genkit-ai/googleai";\n\nexport const ai = genkit({ plugins: [googleAI()] });\n';
const DSPY = "import dspy\n\nlm = dspy.LM('openai/gpt-4o-mini')\nagent = dspy.ReAct('question -> answer', tools=[])\n";
const CLAUDE_SDK = 'import { query } from "@anthropic-ai/claude-agent-sdk";\n\nexport const run = (prompt: string) => query({ prompt, options: { maxTurns: 5 } });\n';
const CLAUDE_SDK_PY = "from claude_agent_sdk import ClaudeAgentOptions, query\n\nasync def run(prompt):\n    async for m in query(prompt=prompt, options=ClaudeAgentOptions(max_turns=5)):\n        pass\n";
const AGNO = "from agno.agent import Agent\n\nagent = Agent(tools=[])\n";
const GRIPTAPE = "from griptape.structures import Agent\n\nagent = Agent(tools=[])\n";
const LANGGRAPH = 'import { StateGraph } from "@langchain/langgraph";\n\nexport const graph = new StateGraph({ channels: {} });\n';
const AI_SDK = 'import { generateText, stepCountIs } from "ai";\nimport { createOpenAI } from "@ai-sdk/openai";\n\nconst openai = createOpenAI({ baseURL: process.env.LLM_GATEWAY_URL });\nexport const run = (prompt: string) => generateText({ model: openai("gpt-4o"), prompt, stopWhen: stepCountIs(5) });\n';
const AGENTS_PY = "from agents import Agent, Runner\n\nagent = Agent(name='scanner')\n\nasync def main(task):\n    return await Runner.run(agent, task, max_turns=5)\n";

const cases: { name: string; files: Record<string, string>; foreign: RegExp; unread: string | null }[] = [
  { name: "a BeeAI TypeScript agent", files: { "src/agent.ts": BEEAI }, foreign: FOREIGN_TS, unread: "psf does not read beeai-framework" },
  { name: "a griptape Python agent", files: { "agent.py": GRIPTAPE }, foreign: FOREIGN_PY, unread: "psf does not read griptape" },
  // psf reads agno, with no catalogue code of its own: neutral code, and no "does not read".
  { name: "an agno Python agent", files: { "agent.py": AGNO }, foreign: FOREIGN_PY, unread: null },
  // Likewise DSPy, read since its recognizer.
  { name: "a DSPy Python agent", files: { "agent.py": DSPY }, foreign: FOREIGN_PY, unread: null },
  // psf reads LangGraph, but the catalogue has no LangGraph code: neutral code, and no "does not read".
  { name: "a LangGraph TypeScript agent", files: { "src/graph.ts": LANGGRAPH }, foreign: FOREIGN_TS, unread: null },
  // Likewise Genkit: read since its recognizer, with no catalogue code of its own.
  { name: "a Genkit TypeScript agent", files: { "src/agent.ts": GENKIT }, foreign: FOREIGN_TS, unread: null },
  // The Claude Agent SDK shares the @anthropic-ai scope with the Anthropic SDK, not its API: neutral code.
  { name: "a Claude Agent SDK TypeScript agent", files: { "src/agent.ts": CLAUDE_SDK }, foreign: FOREIGN_TS, unread: null },
  { name: "a Claude Agent SDK Python agent", files: { "agent.py": CLAUDE_SDK_PY }, foreign: FOREIGN_PY, unread: null },
];

describe.each(cases)("$name", ({ files, foreign, unread }) => {
  const r = run(files);

  it("no example calls a framework the agent does not import; each shows neutral code and names once the framework psf does not read", () => {
    for (const c of r.controls) expect(c.remediationExample ?? "", c.id).not.toMatch(foreign);
    for (const id of FRAMEWORK_CODE) {
      const lines = example(r, id).split("\n").filter((l) => l.includes("psf does not read"));
      if (unread) {
        expect(lines, id).toHaveLength(1);
        expect(lines[0], id).toContain(unread);
        expect(lines[0], id).toMatch(/own API\.$/);
      } else expect(lines, id).toEqual([]);
    }
    // Still code to show, framework-neutral.
    for (const id of FRAMEWORK_CODE) expect(example(r, id).split("\n").filter((l) => l.trim() && !/^\s*(#|\/\/)/.test(l)).length, id).toBeGreaterThan(1);
  });
});

// The framework the catalogue's code is written for keeps that code, with the manifest's own bound in it.
describe.each([
  { name: "a Vercel AI SDK agent", files: { "src/agent.ts": AI_SDK }, own: [["ABC-03", /MAX_STEPS = 3; \/\/ boundaries\.limits\.max_steps\n[^]*stopWhen: stepCountIs\(MAX_STEPS\)/], ["OOC-02", /stopWhen: stepCountIs\(3\),\n\s+abortSignal: controller\.signal/], ["IAA-04", /experimental_telemetry[^]*stepCountIs\(3\)|stepCountIs\(3\)[^]*experimental_telemetry/]] as [string, RegExp][] },
  { name: "an OpenAI Agents SDK Python agent", files: { "agent.py": AGENTS_PY }, own: [["ABC-03", /MAX_STEPS = 3[^]*Runner\.run\(agent, task, max_turns=MAX_STEPS\)/], ["IAA-04", /@function_tool[^]*max_turns=3\)/]] as [string, RegExp][] },
])("$name: the catalogue's code for its own framework", ({ files, own }) => {
  const r = run(files, "boundaries:\n  limits:\n    max_steps: 3\n");
  it.each(own)("%s", (id, code) => expect(example(r, id)).toMatch(code));
});

describe("every output format carries the same fitted example", () => {
  const r = run({ "src/agent.ts": BEEAI });
  const ex = example(r, "OOC-02");
  const outputs: [string, string][] = [
    ["text", renderText(r, { color: 0 })],
    ["JSON", JSON.stringify(r)],
    ["SARIF", renderSarif(r)],
    ["JUnit", renderJunit(r)],
    ["HTML", renderHtml(r)],
  ];
  it.each(outputs)("%s", (_, out) => {
    const decoded = out.replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    expect(decoded).toContain("psf does not read beeai-framework");
    expect(decoded).toContain("controller.abort(");
    expect(decoded).not.toMatch(/import \{ generateText, stepCountIs \} from "ai"/);
    expect(ex).not.toBe("");
  });
});

describe("an example shows the manifest's own sizes where it declares them", () => {
  const limits = (body: string) => `boundaries:\n  limits:\n${body}`;
  it.each([
    ["max_steps 3 (TypeScript, AI SDK)", { "src/agent.ts": AI_SDK }, limits("    max_steps: 3\n"), "ABC-03", [/max_steps: 3\b/, /MAX_STEPS = 3;/], /\b40\b/],
    ["max_steps 3 (Python, OpenAI Agents)", { "agent.py": AGENTS_PY }, limits("    max_steps: 3\n"), "ABC-06", [/max_turns=3\)/], /max_turns=40/],
    ["max_steps 3 (Genkit: neutral code)", { "src/agent.ts": GENKIT }, limits("    max_steps: 3\n"), "ABC-03", [/MAX_STEPS = 3;/], /\b40\b/],
    ["timeout 30m (TypeScript)", { "src/agent.ts": AI_SDK }, limits("    timeout: 30m\n"), "ABC-06", [/timeout: 30m/, /RUN_TIMEOUT_MS = 1800 \* 1000; \/\/ boundaries\.limits\.timeout: 30m/], /\b2h\b/],
    ["timeout 30m (Python)", { "agent.py": DSPY }, limits("    timeout: 30m\n"), "ABC-06", [/RUN_TIMEOUT_S = 1800  # boundaries\.limits\.timeout: 30m/], /\b2h\b|60 \* 60/],
    ["max_subtasks 10, max_depth 2", { "src/agent.ts": AI_SDK }, limits("    max_subtasks: 10\n    max_depth: 2\n"), "ABC-04", [/MAX_SUBTASKS = 10;/, /MAX_DEPTH = 2;/], /= 25|= 3;/],
  ])("%s", (_, files, yaml, id, shows, notShown) => {
    const ex = example(run(files, yaml), id);
    for (const s of shows) expect(ex).toMatch(s);
    expect(ex).not.toMatch(notShown);
  });
});
