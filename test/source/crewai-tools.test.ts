// CrewAI projects using crewai_tools' built-ins, assessed whole: each control reads what a built-in does, and fixes it in CrewAI's terms.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { MINIMAL, project } from "../helpers.js";
import { expectControlCase, controlIn } from "./helpers.js";

const GATEWAY = `spend:\n  ceiling: { amount: 50, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { kind: litellm, url: "http://llm-gateway.internal:4000", url_env: LLM_GATEWAY_URL, key_env: LLM_GATEWAY_KEY }\n`;
const BOUNDARIES = `boundaries:\n  endpoints:\n    allow: ["http://llm-gateway.internal:4000", "https://docs.example.com"]\n  tools:\n    - { name: file_writer_tool, access: write, requires_approval: true }\n  limits:\n    max_steps: 12\n`;
const MANIFEST = `${MINIMAL}${GATEWAY}${BOUNDARIES}`;
// Lines 1-3: the imports and the gateway model; the code under test starts on line 4.
const HEAD = `import os\nfrom crewai import Agent, LLM\nllm = LLM(model="openai/gpt-4o", base_url=os.environ["LLM_GATEWAY_URL"], api_key=os.environ["LLM_GATEWAY_KEY"])\n`;
const agent = (tools: string) => `a = Agent(role="r", goal="g", backstory="b", llm=llm, max_iter=5, tools=[${tools}])\n`;

async function assess(code: string, extra: Record<string, string> = {}) {
  const dir = project({ "psf.yaml": MANIFEST, "crew.py": HEAD + code, ...extra });
  return (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
}

const control = (code: string, id: string) => controlIn({ "psf.yaml": MANIFEST, "crew.py": HEAD + code }, id, "crew.py");

describe("crewai_tools built-ins: each control reads what the tool does", () => {
  it.each([
    // [what, code (from line 4), control, level or "pass", line, text in the message (for a pass: in the notes), text in the fix]
    ["ScrapeWebsiteTool with no website_url fetches any page the model picks", `from crewai_tools import ScrapeWebsiteTool\n${agent("ScrapeWebsiteTool()")}`, "ABC-02", "warn", 5, "ScrapeWebsiteTool (crewai_tools) → any page the model passes", 'give ScrapeWebsiteTool a fixed `website_url="…"`'],
    ["ScrapeWebsiteTool(website_url=<an allowlisted page>) is checked and passes", `from crewai_tools import ScrapeWebsiteTool\n${agent('ScrapeWebsiteTool(website_url="https://docs.example.com/guide")')}`, "ABC-02", "pass", 0, "outbound URL site", undefined],
    ["ScrapeWebsiteTool(website_url=<another host>) fails the allowlist", `from crewai_tools import ScrapeWebsiteTool\n${agent('ScrapeWebsiteTool(website_url="https://news.example.org/today")')}`, "ABC-02", "fail", 5, "https://news.example.org/today", "https://news.example.org"],
    ["BrowserbaseLoadTool has no option that fixes its page", `from crewai_tools import BrowserbaseLoadTool\n${agent("BrowserbaseLoadTool()")}`, "ABC-02", "warn", 5, "BrowserbaseLoadTool (crewai_tools)", "has no option that fixes its page"],
    ["PDFSearchTool with no config embeds with OpenAI outside the gateway", `from crewai_tools import PDFSearchTool\n${agent('PDFSearchTool(pdf="handbook.pdf")')}`, "RSG-04", "fail", 5, "PDFSearchTool embedder", 'config={"embedding_model": {"provider": "openai", "config": {"api_base": os.environ["LLM_GATEWAY_URL"]}}}'],
    ["…and holds the provider key, fixed in the embedder's own config", `from crewai_tools import PDFSearchTool\n${agent('PDFSearchTool(pdf="handbook.pdf")')}`, "RSG-05", "fail", 5, "PDFSearchTool embedder", '"api_key": os.environ["LLM_GATEWAY_KEY"]'],
    ["PDFSearchTool with an embedding_model on the gateway passes", `from crewai_tools import PDFSearchTool\n${agent('PDFSearchTool(pdf="handbook.pdf", config={"embedding_model": {"provider": "openai", "config": {"api_base": os.environ["LLM_GATEWAY_URL"], "api_key": os.environ["LLM_GATEWAY_KEY"]}}})')}`, "RSG-04", "pass", 0, "model client", undefined],
    ["CodeInterpreterTool, not declared, runs model-written code with no approval", `from crewai_tools import CodeInterpreterTool\n${agent("CodeInterpreterTool()")}`, "OOC-03", "fail", 5, 'tool code_interpreter (crewai_tools CodeInterpreterTool, name "Code Interpreter", a built-in the agent is given) is not declared', '@before_tool_call(tools=["code_interpreter"])'],
    ["CodeInterpreterTool(unsafe_mode=True) runs code here, outside any declared tool", `from crewai_tools import CodeInterpreterTool\n${agent("CodeInterpreterTool(unsafe_mode=True)")}`, "ABC-08", "fail", 5, "runs in tool code_interpreter, which boundaries.tools does not declare", "access: destructive, requires_approval: true"],
    ["FileWriterTool declared write with approval, and no hook: fails with CrewAI's hook as the fix", `from crewai_tools import FileWriterTool\n${agent("FileWriterTool()")}`, "OOC-03", "fail", 5, 'tool file_writer_tool (crewai_tools FileWriterTool, name "File Writer Tool", a built-in the agent is given) (declared access write) has no approval wiring', "context.request_human_input(…)"],
    ["…with a @before_tool_call hook naming it that asks a person: approved", `from crewai.hooks import before_tool_call\nfrom crewai_tools import FileWriterTool\n@before_tool_call(tools=["File Writer Tool"])\ndef ask(context):\n    return context.request_human_input("write?") == "yes"\n${agent("FileWriterTool()")}`, "OOC-03", "pass", 0, "1 tool needing approval", undefined],
    ["…with a hook that asks no one: a warn that it may refuse only by a rule", `from crewai.hooks import before_tool_call\nfrom crewai_tools import FileWriterTool\n@before_tool_call(tools=["file_writer_tool"])\ndef rule(context):\n    return None\n${agent("FileWriterTool()")}`, "OOC-03", "warn", 6, "found no `context.request_human_input(…)` in it", "ask a person in the hook at crew.py:6"],
    ["a crewai_tools class psf does not list is a set of tools it cannot see", `from crewai_tools import SpiderTool\n${agent("SpiderTool()")}`, "OOC-03", "warn", 5, "crewai_tools' SpiderTool: psf does not list what it does", "declare each of these tools"],
  ] as const)("%s: %s", async (_what, code, id, level, line, text, fix) => {
    expectControlCase(await control(code, id), level, line, text, fix);
  });
});

describe("crewai-tools is read: no control says it is not", () => {
  it("a crew on crewai-tools gets no 'not recognize' finding, and the package is recognized", async () => {
    const r = await assess(`from crewai_tools import SerperDevTool, FileReadTool\n${agent("SerperDevTool(), FileReadTool()")}`, { "requirements.txt": "crewai==1.14.2\ncrewai-tools==1.14.2\n" });
    const all = r.controls.flatMap((c) => c.findings.map((f) => f.message));
    expect(all.filter((m) => /not recognize|not examined/.test(m))).toEqual([]);
    expect(r.coverage.packages.filter((p) => /crewai/.test(p.name)).map((p) => [p.name, p.recognized])).toEqual([["crewai", true], ["crewai-tools", true]]);
  });
});
