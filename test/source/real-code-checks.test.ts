import { describe, expect, it } from "vitest";
import { check } from "./helpers.js";
import { controlTable } from "./table.js";

// Checks corrected after reading public TypeScript agent apps by hand (issue 13, item 5).

const litellm = { spend: { enforcement: { layer: "gateway", on_exceed: "suspend", gateway: { kind: "litellm", url: "http://llm-gateway.internal:4000", url_env: "ANTHROPIC_BASE_URL" } } } } as const;
const vercelGateway = { spend: { enforcement: { layer: "gateway", on_exceed: "suspend", gateway: { kind: "vercel-ai-gateway", url: "https://ai-gateway.vercel.sh" } } } } as const;

controlTable("RSG-04", [
  {
    name: "the AI SDK's gateway provider, whose default host is the declared gateway, passes",
    manifest: vercelGateway,
    files: `import { gateway } from "@ai-sdk/gateway";\nexport const m = gateway.languageModel("openai/gpt-4o");\n`,
    findings: [],
  },
  {
    name: "initChatModel with a provider chosen at run time warns (it may read the gateway variable), not fails",
    manifest: litellm,
    files: `import { initChatModel } from "langchain/chat_models/universal";\nexport const load = (name: string) => initChatModel(name);\n`,
    findings: ["warn@2"],
    messages: ["picks its provider at run time"],
  },

]);

describe("RSG-04 fix for a model-router string", () => {
  it("names the router's model config with the gateway variable", () => {
    const r = check("RSG-04", litellm, { "src/agent.ts": `import { Agent } from "@mastra/core/agent";\nexport const a = new Agent({ name: "a", instructions: "x", model: "anthropic/claude-sonnet-4" });\n` });
    expect(r.findings.map((f) => f.fix)).toEqual(['route the model through the gateway: `model: { id: "anthropic/claude-sonnet-4", url: process.env.ANTHROPIC_BASE_URL }` (http://llm-gateway.internal:4000)']);
  });
});

const asTool = `import { Agent, run } from "@openai/agents";\nconst sub = new Agent({ name: "s", model: "gpt-4o" });\nconst top = new Agent({ name: "t", tools: [sub.asTool({ toolName: "ask", toolDescription: "d" })] });\nexport const go = (signal: AbortSignal) => run(top, "x", { signal, maxTurns: 5 });\n`;

describe("OpenAI Agents agent.asTool()", () => {
  it("takes the calling run's signal: no pause finding of its own when the calling run has one", () => {
    expect(check("OOC-02", {}, { "src/agent.ts": asTool }).findings).toEqual([]);
  });
  it("is told to bound its nested run through asTool's runOptions", () => {
    const r = check("ABC-03", { boundaries: { limits: { max_steps: 20 } } }, { "src/agent.ts": asTool });
    expect(r.findings.map((f) => [f.loc?.line, f.fix])).toEqual([[3, "pass `runOptions: { maxTurns: 20 }` to asTool()"]]);
  });
});

const chatLoop = (body: string) => `import readline from "node:readline/promises";\nimport { Agent, run } from "@openai/agents";\nconst agent = new Agent({ name: "a" });\nconst rl = readline.createInterface({ input: process.stdin, output: process.stdout });\nasync function ask(q: string) {\n  return rl.question(q);\n}\nexport async function main(signal: AbortSignal) {\n  while (true) {\n${body}\n  }\n}\n`;

describe("a chat loop a person drives (readline question every turn)", () => {
  const driven = chatLoop(`    const line = await ask("> ");\n    if (line === "exit") return;\n    await run(agent, line, { signal, maxTurns: 5 });`);
  it("is not an infinite agent loop (ABC-03) and needs no pause check of its own (OOC-02)", () => {
    expect(check("ABC-03", { boundaries: { limits: { max_steps: 20 } } }, { "src/agent.ts": driven }).findings).toEqual([]);
    expect(check("OOC-02", {}, { "src/agent.ts": driven }).findings).toEqual([]);
    // …but a loop that asks a person only inside an if stays an autonomous loop.
    const sometimes = chatLoop(`    const r = await run(agent, "go", { signal, maxTurns: 5 });\n    if (!r.finalOutput) await ask("help? ");`);
    expect(check("ABC-03", { boundaries: { limits: { max_steps: 20 } } }, { "src/agent.ts": sometimes }).findings.map((f) => f.level)).toEqual(["fail"]);
  });
});

describe("OpenAI Agents' default trace export", () => {
  const agents = `import { Agent, run } from "@openai/agents";\nconst a = new Agent({ name: "a" });\nexport const go = (signal: AbortSignal) => run(a, "x", { signal, maxTurns: 5 });\n`;
  const allow = (list: string[]) => ({ spend: { enforcement: { layer: "gateway", gateway: { url: "http://llm-gateway.internal:4000", url_env: "OPENAI_BASE_URL" } } }, boundaries: { endpoints: { allow: list } } });
  it("goes to api.openai.com: off the allowlist it fails ABC-02 at the run, with a fix that keeps traces in house; RSG-04 does not take it for a model call", () => {
    const r = check("ABC-02", allow(["http://llm-gateway.internal:4000"]), { "src/agent.ts": agents });
    expect(r.findings.map((f) => [f.level, f.loc?.line, f.fix])).toEqual([["fail", 3, "add https://api.openai.com to boundaries.endpoints.allow, or keep traces in house: `setTraceProcessors([yourProcessor])` (or `setTracingDisabled(true)` with another audit record)"]]);
    expect(check("RSG-04", { spend: { enforcement: { layer: "gateway", gateway: { url: "http://llm-gateway.internal:4000", url_env: "OPENAI_BASE_URL" } } } }, { "src/agent.ts": agents }).findings).toEqual([]);
    // Tracing turned off, or traces sent to the team's own processor: nothing goes to OpenAI.
    expect(check("ABC-02", allow(["http://llm-gateway.internal:4000"]), { "src/agent.ts": `import { setTracingDisabled } from "@openai/agents";\nsetTracingDisabled(true);\n${agents}` }).findings).toEqual([]);
    expect(check("ABC-02", allow(["http://llm-gateway.internal:4000"]), { "src/agent.ts": `import { setTraceProcessors } from "@openai/agents";\nsetTraceProcessors([mine]);\n${agents}` }).findings).toEqual([]);
  });
});

describe("LangGraph SDK client runs", () => {
  const sdk = `import { Client } from "@langchain/langgraph-sdk";\nconst client = new Client({ apiUrl: "http://graphs.internal:2024" });\nexport const go = () => client.runs.wait(null, "agent", { input: {}, config: { recursion_limit: 80 } });\n`;
  it("are bounded and paused through the run payload, and say so in their fixes", () => {
    expect(check("ABC-03", { boundaries: { limits: { max_steps: 20 } } }, { "src/agent.ts": sdk }).findings.map((f) => [f.level, f.fix])).toEqual([["fail", "pass `config: { recursion_limit: 20 }` in the run payload"]]);
    expect(check("OOC-02", {}, { "src/agent.ts": sdk }).findings.map((f) => f.fix)).toEqual(["pass `signal: pause.signal` in the run payload (aborting it cancels the run on the server)"]);
  });
});

describe("a tool whose body is empty", () => {
  const tools = `import { createTool } from "@inngest/agent-kit";\nexport const route = createTool({ name: "reply_to_customer", description: "d", handler: async () => {} });\nexport const real = createTool({ name: "reply_to_customer", description: "d", handler: async ({ m }, { network }) => { network.state.kv.set("reply", m); } });\n`;
  it("does nothing: no approval finding (OOC-03) and no audit finding (IAA-04) for it, while the real tool of that name keeps both", () => {
    const m = { boundaries: { tools: [{ name: "reply_to_customer", access: "write", requires_approval: true }] } };
    expect(check("OOC-03", m, { "src/agent.ts": tools }).findings.map((f) => f.loc?.line)).toEqual([3]);
    expect(check("IAA-04", {}, { "src/agent.ts": tools }).findings.map((f) => f.loc?.line)).toEqual([3]);
  });
});

describe("a Mastra agent registered in new Mastra({ agents })", () => {
  const files = {
    "src/mastra/agents/a.ts": `import { Agent } from "@mastra/core/agent";\nexport const weather = new Agent({ name: "w", instructions: "i", model: m, tools: { forecast } });\nexport const bounded = new Agent({ name: "b", instructions: "i", model: m, defaultOptions: { maxSteps: 8 } });\nexport const unused = new Agent({ name: "u", instructions: "i", model: m });\n`,
    "src/mastra/index.ts": `import { Mastra } from "@mastra/core/mastra";\nimport { weather, bounded } from "./agents/a";\nexport const mastra = new Mastra({ agents: { weather, bounded } });\n`,
  };
  it("is served by the Mastra server: a run at its construction, bounded by defaultOptions or the default, with fixes for a served agent", () => {
    const r = check("ABC-03", { boundaries: { limits: { max_steps: 20 } } }, files);
    expect(r.findings.map((f) => [f.level, f.loc?.line, f.fix])).toEqual([["warn", 2, "set `defaultOptions: { maxSteps: 20 }` on the Agent (the server's runs use it)"]]);
    const p = check("OOC-02", {}, files);
    expect(p.findings.map((f) => f.loc?.line)).toEqual([2, 3]);
    expect(p.findings[0]!.fix).toContain("the Mastra server runs this agent");
  });
});

describe("tool schemas given to a model with bindTools", () => {
  const code = `import { ChatOpenAI } from "@langchain/openai";\nimport { tool } from "@langchain/core/tools";\nconst llm = new ChatOpenAI({ model: "gpt-4o" });\nconst lookup = tool(async () => "ok", { name: "lookup" });\nconst TOOLS = [\n  { name: "buy-stock", description: "buy shares", schema: {} },\n  lookup,\n];\nexport const ask = (q: string) => llm.bindTools(TOOLS).invoke(q);\n`;
  it("a declared tool that exists only as a schema is a warn at the schema saying why approval cannot be checked, not 'no tool of that name'", () => {
    const m = { boundaries: { tools: [{ name: "buy-stock", access: "write", requires_approval: true }] } };
    const r = check("OOC-03", m, { "src/agent.ts": code });
    expect(r.findings.map((f) => [f.level, f.loc?.line])).toEqual([["warn", 6]]);
    expect(r.findings[0]!.message).toMatch(/buy-stock .* is a schema given to the model at src\/agent\.ts:6 \(bindTools\), with no implementation/);
    expect(r.findings[0]!.message).not.toMatch(/no tool of that name/);
  });
});

describe("tool schemas given to a model with bind_tools (Python)", () => {
  // Pydantic classes the model may "call": a graph node acts on the call, after a person's interrupt().
  const schemas = `from pydantic import BaseModel\n\nclass SendInvite(BaseModel):\n    emails: list[str]\n\nclass Question(BaseModel):\n    content: str\n`;
  const agent = (imp: string) => `${imp}from langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI(model="gpt-4.1")\nmodel = llm.bind_tools([SendInvite, Question])\n`;
  it.each([
    { name: "classes defined in the same file", files: { "agent.py": schemas + agent("") }, line: 11 },
    { name: "classes imported from the project", files: { "schemas.py": schemas, "agent.py": agent("from schemas import Question, SendInvite\n") }, line: 5 },
  ])("$name: a declared tool that is only a schema warns at bind_tools", ({ files, line }) => {
    const m = { boundaries: { tools: [{ name: "SendInvite", access: "write", requires_approval: true }] } };
    const r = check("OOC-03", m, files);
    expect(r.findings.map((f) => [f.level, f.loc?.file, f.loc?.line])).toEqual([["warn", "agent.py", line]]);
    expect(r.findings[0]!.message).toMatch(/SendInvite .* is a schema given to the model at agent\.py:\d+ \(bind_tools\), with no implementation/);
  });
});

describe("tools psf cannot see into, given to one agent run several times", () => {
  const code = `from llama_index.core.agent.workflow import AgentWorkflow\nfrom llama_index.tools.yahoo_finance import YahooFinanceToolSpec\ntools = YahooFinanceToolSpec().to_tool_list()\nwf = AgentWorkflow.from_tools_or_functions(tools, llm=llm)\nasync def main():\n    await wf.run(user_msg="a")\n    await wf.run(user_msg="b")\n    await wf.run(user_msg="c")\n`;
  it.each(["OOC-03", "IAA-04"] as const)("%s: one warn at the tool list, not one per run", (id) => {
    const r = check(id, {}, { "agent.py": code });
    const unseen = r.findings.filter((f) => f.message.includes("cannot see into"));
    expect(unseen.map((f) => `${f.level}@${f.loc && "line" in f.loc ? f.loc.line : "-"}`)).toEqual(["warn@4"]);
  });
});

describe("a literal credential in a Claude Agent SDK MCP server's env", () => {
  // The same server spec in both SDKs: the token is a secret in the agent's source either way.
  const token = `ghp_${"a1B2c3D4e5".repeat(3)}123456`;
  it.each([
    { name: "Python: mcp_servers={…: {\"env\": {…}}}", file: "agent.py", code: `from claude_agent_sdk import query, ClaudeAgentOptions\nopts = ClaudeAgentOptions(max_turns=5, mcp_servers={"gh": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@1.0.0"], "env": {"GITHUB_TOKEN": "${token}"}}})\nasync def go():\n    async for m in query(prompt="x", options=opts):\n        pass\n` },
    { name: "TypeScript: mcpServers: {…: { env: {…} }}", file: "src/agent.ts", code: `import { query } from "@anthropic-ai/claude-agent-sdk";\nconst servers = { gh: { command: "npx", args: ["-y", "@modelcontextprotocol/server-github@1.0.0"], env: { GITHUB_TOKEN: "${token}" } } };\nfor await (const m of query({ prompt: "x", options: { maxTurns: 5, mcpServers: servers } })) void m;\n` },
  ])("$name is a secret-shaped literal at its line (RSG-05)", ({ file, code }) => {
    const r = check("RSG-05", {}, { [file]: code });
    expect(r.findings.filter((f) => f.loc && "line" in f.loc && f.loc.line === 2).length, JSON.stringify(r.findings)).toBeGreaterThan(0);
  });
});
