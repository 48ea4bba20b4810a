// OOC-03 on a Python tool: the message names Python's approval forms and the fix is the one its
// framework documents, not TypeScript's needsApproval.
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { MINIMAL, project, removeProjects } from "../helpers.js";

afterAll(removeProjects);

const MANIFEST = `${MINIMAL}boundaries:\n  tools:\n    - { name: write_report, access: write, requires_approval: true }\n`;
const BODY = "    with open(path, \"w\") as f:\n        f.write(body)\n    return \"ok\"\n";

const cases: { name: string; code: string; fix: RegExp }[] = [
  { name: "OpenAI Agents", code: `from agents import Agent, function_tool\n\n\n@function_tool\ndef write_report(path: str, body: str) -> str:\n${BODY}\n\nagent = Agent(name="w", tools=[write_report])\n`, fix: /^declare it with `@function_tool\(needs_approval=True\)`$/ },
  { name: "PydanticAI", code: `from pydantic_ai import Agent\n\nagent = Agent("openai:gpt-4o")\n\n\n@agent.tool_plain\ndef write_report(path: str, body: str) -> str:\n${BODY}`, fix: /requires_approval=True/ },
  { name: "a LangChain tool in a LangGraph agent", code: `from langchain_core.tools import tool\nfrom langgraph.prebuilt import create_react_agent\n\n\n@tool\ndef write_report(path: str, body: str) -> str:\n    """Write the report."""\n${BODY}\n\ngraph = create_react_agent("openai:gpt-4o", tools=[write_report])\n`, fix: /interrupt\(\.\.\.\).*HumanInTheLoopMiddleware\(interrupt_on=\{"write_report": True\}\)/ },
];

describe.each(cases)("$name: a write tool with no approval", ({ code, fix }) => {
  const dir = project({ "psf.yaml": MANIFEST, "agent.py": code });
  const r = assess(path.join(dir, "psf.yaml"), { now: new Date("2026-11-21T12:00:00Z") }).report;
  const f = r.controls.find((c) => c.id === "OOC-03")!.findings.find((x) => x.file === "agent.py")!;

  it("names Python's approval forms, not TypeScript's", () => {
    expect(f.message).toMatch(/needs_approval \/ requires_approval \/ interrupt \/ HumanInTheLoopMiddleware/);
    expect(f.message).not.toMatch(/needsApproval|requireApproval/);
  });
  it("the fix is the framework's own", () => {
    expect(f.fix).toMatch(fix);
  });
});

describe("a declared tool no Python file defines", () => {
  it("the fix names Python's ways of naming a tool", () => {
    const dir = project({ "psf.yaml": MANIFEST.replace("write_report", "publish"), "agent.py": cases[0]!.code });
    const r = assess(path.join(dir, "psf.yaml"), { now: new Date("2026-11-21T12:00:00Z") }).report;
    const f = r.controls.find((c) => c.id === "OOC-03")!.findings.find((x) => /publish/.test(x.message) && x.file === "psf.yaml")!;
    expect(f.fix).toMatch(/@function_tool function's name/);
    expect(f.fix).not.toMatch(/createTool|tool\(\{ name \}\)/);
  });
});
