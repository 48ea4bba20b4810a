// LangSmith tracing switched on in an env file beside a LangChain/LangGraph agent: IAA-04 asks the
// operator to confirm the deployment sets it (a warn naming the file), instead of failing as untraced.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { MINIMAL, project } from "../helpers.js";

const TS_AGENT = `import { ChatAnthropic } from "@langchain/anthropic";\nconst model = new ChatAnthropic({ model: "claude-sonnet-4-5" });\nexport const ask = (q: string) => model.invoke(q);\n`;
const PY_AGENT = `from langchain_openai import ChatOpenAI\nfrom langgraph.prebuilt import create_react_agent\n\nagent = create_react_agent(ChatOpenAI(model="gpt-4.1"), tools=[])\nanswer = agent.invoke({"messages": [("user", "hi")]}, {"recursion_limit": 10})\n`;
const OPENAI_AGENT = `import OpenAI from "openai";\nconst c = new OpenAI();\nexport const ask = () => c.chat.completions.create({ model: "m", messages: [] });\n`;

async function iaa04(files: Record<string, string>) {
  const dir = project({ "psf.yaml": MINIMAL, ...files });
  const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
  return r.controls.find((c) => c.id === "IAA-04")!.findings.filter((f) => !f.message.startsWith("not examined"));
}

describe("IAA-04 and LangSmith tracing set in an env file", () => {
  it.each([
    { name: "no env file: the LangChain model call fails as untraced", files: { "src/agent.ts": TS_AGENT }, level: "fail", text: "is not covered by audit logging or tracing" },
    { name: "LANGSMITH_TRACING=true in .env.example: a warn naming the file and line", files: { "src/agent.ts": TS_AGENT, ".env.example": "# LangSmith\nLANGSMITH_API_KEY=\nLANGSMITH_TRACING=true\n" }, level: "warn", text: "sets LANGSMITH_TRACING=true, as .env.example:3 does" },
    { name: "the older LANGCHAIN_TRACING_V2=\"true\" in .env, for a Python agent", files: { "agent.py": PY_AGENT, ".env": 'OPENAI_API_KEY=sk-test\nLANGCHAIN_TRACING_V2="true"\n' }, level: "warn", text: "LANGCHAIN_TRACING_V2=true, as .env:2" },
    { name: "LANGSMITH_TRACING_V2=true, which LangSmith reads first", files: { "agent.py": PY_AGENT, ".env": "LANGSMITH_TRACING_V2=true\n" }, level: "warn", text: "LANGSMITH_TRACING_V2=true, as .env:1" },
    { name: "\"True\" is no tracing: LangSmith compares with \"true\" exactly", files: { "src/agent.ts": TS_AGENT, ".env.example": "LANGSMITH_TRACING=True\n" }, level: "fail", text: "is not covered by audit logging or tracing" },
    { name: "tracing set to false is no tracing", files: { "src/agent.ts": TS_AGENT, ".env.example": "LANGSMITH_TRACING=false\n" }, level: "fail", text: "is not covered by audit logging or tracing" },
    { name: "LangSmith's variable does nothing for a call outside LangChain", files: { "src/agent.ts": OPENAI_AGENT, ".env.example": "LANGSMITH_TRACING=true\n" }, level: "fail", text: "is not covered by audit logging or tracing" },
  ])("$name", async ({ files, level, text }) => {
    const found = await iaa04(files);
    expect(found.map((f) => f.level)).toEqual([level]);
    expect(found[0]!.message).toContain(text);
    if (level === "warn") {
      expect(found[0]!.fix).toContain("confirm that the deployed agent's environment sets");
      // Nothing else of the env file is ever shown.
      expect(JSON.stringify(found)).not.toContain("sk-test");
    }
  });
});
