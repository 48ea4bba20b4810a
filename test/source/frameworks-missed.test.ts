import { controlTable } from "./table.js";

// Findings a precision run on real code missed: plain-object and provider-defined AI SDK tools, tool sets
// from a library, model routers, platform route timeouts, and one finding per default-client root cause.

const shellDecl = (access: "read" | "write" | "destructive", approval = true) => ({ boundaries: { tools: [{ name: "shell", access, requires_approval: approval }] } });
const shellTool = (opts: string) => `import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nimport { exec } from "node:child_process";\nawait generateText({ model: m, tools: {\n  shell: openai.tools.localShell({ ${opts}execute: async ({ action }) => exec(action.command.join(" ")) }),\n} });\n`;
const bashLib = `import { ToolLoopAgent, stepCountIs } from "ai";\nimport { createBashTool } from "bash-tool";\nconst { tools } = await createBashTool({ sandbox });\nexport const agent = new ToolLoopAgent({ model: m, stopWhen: stepCountIs(5), tools });\n`;

controlTable("OOC-03", [
  { name: "a provider shell tool declared destructive with no approval fails at the tool", manifest: shellDecl("destructive"), files: shellTool(""), findings: ["fail@5"], messages: ["tool shell (declared access destructive) has no approval wiring"] },
  { name: "…with needsApproval it passes", manifest: shellDecl("destructive"), files: shellTool("needsApproval: true, "), findings: [] },
  { name: "an undeclared provider shell tool with an execute fails as destructive-capable", files: shellTool(""), findings: ["fail@5"], messages: ["provider-defined shell tool openai.tools.localShell", "deletes or executes"] },
  { name: "a provider shell tool declared read fails: it is not read-only", manifest: shellDecl("read", false), files: shellTool(""), findings: ["fail@5"], messages: ["declared with access read"] },
  { name: "a plain-object AI SDK tool declared write with no approval fails at its key", manifest: { boundaries: { tools: [{ name: "refund", access: "write" as const, requires_approval: true }] } }, files: `import { generateText } from "ai";\nawait generateText({ model: m, tools: {\n  lookup: { inputSchema: s, execute: async () => 1 },\n  refund: { inputSchema: s, execute: async () => 2 },\n} });\n`, findings: ["fail@4"], messages: ["tool refund"] },
  { name: "tools from a library warn at the tools option: their approval cannot be examined", files: bashLib, findings: ["warn@4"], messages: ["createBashTool(…).tools", "bash-tool"] },
  { name: "a provider tool that runs at the provider (no execute) is not judged by its body", files: `import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nawait generateText({ model: m, tools: { search: openai.tools.webSearch() } });\n`, findings: [] },
]);

controlTable("IAA-04", [
  { name: "a plain-object tool without an audit record fails at its key; an audited one passes", files: `import { generateText } from "ai";\nimport { audit } from "./audit";\nexport async function go() {\n  const r = await generateText({ model: m, tools: {\n    getTransactions: { inputSchema: s, execute: async () => [] },\n    refund: { inputSchema: s, execute: async (a) => { audit.record(a); return 1; } },\n  } });\n  audit.record(r);\n}\n`, findings: ["fail@5"], messages: ["tool getTransactions executes with no audit record"] },
  { name: "library tools on an untraced run warn", files: bashLib, findings: ["fail@4", "warn@4"], messages: ["new ToolLoopAgent is given tools psf cannot see into"] },
  { name: "…on a run with telemetry they are traced", files: bashLib.replace("tools });", "tools, experimental_telemetry: { isEnabled: true } });"), findings: [] },
  { name: "Mastra tools are traced when the Mastra instance (from @mastra/core/mastra) has observability", files: { "src/tools.ts": `import { createTool } from "@mastra/core/tools";\nexport const weather = createTool({ id: "get-weather", execute: async () => 1 });\n`, "src/index.ts": `import { Mastra } from "@mastra/core/mastra";\nimport { Observability } from "@mastra/observability";\nexport const mastra = new Mastra({ agents: {}, observability: new Observability({ default: { enabled: true } }) });\n` }, findings: [] },
  { name: "…and not traced without it", files: { "src/tools.ts": `import { createTool } from "@mastra/core/tools";\nexport const weather = createTool({ id: "get-weather", execute: async () => 1 });\n`, "src/index.ts": `import { Mastra } from "@mastra/core/mastra";\nexport const mastra = new Mastra({ agents: {} });\n` }, findings: ["fail@2"] },
  { name: "provider tools that run at the provider have no execution site here", files: `import { generateText } from "ai";\nimport { anthropic } from "@ai-sdk/anthropic";\nimport { audit } from "./audit";\nexport async function go() {\n  audit.record("start");\n  return generateText({ model: m, tools: { search: anthropic.tools.webSearch_20250305() } });\n}\n`, findings: [], notes: ["1 provider-defined tool runs at the provider"] },
]);

controlTable("ABC-08", [
  { name: "a provider shell tool whose execute reaches child_process is destructive: undeclared fails at the exec", files: shellTool(""), findings: ["fail@5"], messages: ["child_process.exec runs in tool shell, which boundaries.tools does not declare"] },
  { name: "…declared destructive with approval passes", manifest: shellDecl("destructive"), files: shellTool("needsApproval: true, "), findings: [] },
]);

const lim = { boundaries: { limits: { timeout: "2m" } } };
const route = (secs: number) => ({
  "app/api/chat/route.ts": `import { runAgent } from "../../../src/agent";\n\nexport const maxDuration = ${secs};\nexport async function POST(req: Request) { return runAgent(await req.text()); }\n`,
  "src/agent.ts": `import { generateText, stepCountIs } from "ai";\nexport async function runAgent(p: string) {\n  return generateText({ model: m, prompt: p, tools: {}, stopWhen: stepCountIs(3) });\n}\n`,
});
controlTable("ABC-06", [
  { name: "a Next.js route's maxDuration is credited as the run timeout, and named", manifest: lim, files: route(60), findings: [], notes: ["credited as the run timeout: Next.js route segment config maxDuration = 60 s in app/api/chat/route.ts"] },
  { name: "a maxDuration longer than the declared timeout fails at the route", manifest: lim, files: route(800), findings: ["fail@3"], messages: ["the route's maxDuration"] },
  { name: "without a route limit the run has no timeout", manifest: lim, files: { "src/agent.ts": route(60)["src/agent.ts"] }, findings: ["fail@3"] },
]);

const gw = { spend: { enforcement: { layer: "gateway", on_exceed: "suspend", gateway: { url: "http://llm-gateway.internal:4000", url_env: "LLM_GATEWAY_URL", key_env: "LLM_GATEWAY_KEY" } } } } as const;
const agents = `import { Agent } from "@openai/agents";\nexport const a = new Agent({ name: "a" });\nexport const b = new Agent({ name: "b" });\nexport const c = new Agent({ name: "c" });\n`;
controlTable("RSG-04", [
  { name: "OpenAI Agents default client: one finding per file, at the first agent, with the count", manifest: gw, files: agents, findings: ["fail@2"], messages: ["and 2 more agents in this file use the default client"] },
  { name: "Mastra router strings go straight to the provider", manifest: gw, files: `import { Agent } from "@mastra/core/agent";\nexport const a = new Agent({ name: "a", model: "openai/gpt-5.2" });\n`, findings: ["fail@2"], messages: [`model "openai/gpt-5.2" (Mastra model router) (openai) sets no baseURL, so it reaches the SDK default host https://api.openai.com/v1`] },
  { name: "a Mastra router config on the gateway passes", manifest: gw, files: `import { Agent } from "@mastra/core/agent";\nexport const a = new Agent({ name: "a", model: { id: "openai/gpt-5.2", url: process.env.LLM_GATEWAY_URL, apiKey: process.env.LLM_GATEWAY_KEY } });\n`, findings: [] },
  { name: "AI Gateway string models: one finding per file", manifest: gw, files: `import { generateText } from "ai";\nawait generateText({ model: "openai/gpt-4o", prompt: "a" });\nawait generateText({ model: "openai/gpt-4o", prompt: "b" });\n`, findings: ["fail@2"], messages: ["and 1 more call with a string model in this file uses the AI Gateway default provider"] },
  { name: "initChatModel with a run-time name and the gateway baseURL passes", manifest: gw, files: `import { initChatModel } from "langchain/chat_models/universal";\nconst m = await initChatModel(process.env.CHAT_MODEL, { configuration: { baseURL: process.env.LLM_GATEWAY_URL } });\n`, findings: [] },
]);
controlTable("RSG-05", [
  { name: "OpenAI Agents default client reads OPENAI_API_KEY: one finding per file", manifest: gw, files: agents, findings: ["fail@2"], messages: ["OPENAI_API_KEY", "and 2 more agents"] },
  { name: "a Mastra router string reads the provider's key variable", manifest: gw, files: `import { Agent } from "@mastra/core/agent";\nexport const a = new Agent({ name: "a", model: "anthropic/claude-sonnet-4-5" });\n`, findings: ["fail@2"], messages: ["ANTHROPIC_API_KEY"] },
]);
/** A Mastra workflow step whose execute body (from line 5) is given. */
const step = (body: string) => `import { createStep } from "@mastra/core/workflows";\nexport const s = createStep({\n  id: "s",\n  execute: async ({ inputData, mastra }) => {\n    ${body}\n  },\n});\n`;
controlTable("ABC-03", [
  { name: "mastra.getAgent(x).generate warns naming Mastra's default maxSteps", manifest: { boundaries: { limits: { max_steps: 10 } } }, files: { "src/mastra/index.ts": `import { Mastra } from "@mastra/core/mastra";\nexport const mastra = new Mastra({});\n`, "src/run.ts": `import { mastra } from "./mastra";\nexport const r = await mastra.getAgent("a").generate("x");\n` }, findings: ["warn@2"], messages: ["Mastra Agent maxSteps = 5"] },
  { name: "a workflow step's mastra.getAgent(x).stream warns naming Mastra's default maxSteps", manifest: { boundaries: { limits: { max_steps: 10 } } }, files: step(`const agent = mastra?.getAgent("a");\n    return agent.stream("x");`), findings: ["warn@6"], messages: ["mastra.getAgent().stream (mastra) relies on the default Mastra Agent maxSteps = 5"] },
  { name: "…a renamed mastra binding is followed; maxSteps given passes", manifest: { boundaries: { limits: { max_steps: 10 } } }, files: `import { createStep } from "@mastra/core/workflows";\nexport const s = createStep({\n  id: "s",\n  async execute({ mastra: m }) {\n    return m.getAgent("a").generate("x", { maxSteps: 3 });\n  },\n});\n`, findings: [] },
  { name: "…not a step from another package, nor a mastra that is not the step's parameter", manifest: { boundaries: { limits: { max_steps: 10 } } }, files: `import { createStep } from "./steps";\nexport const s = createStep({\n  execute: async ({ mastra }) => mastra.getAgent("a").generate("x"),\n});\nexport const t = (mastra: any) => mastra.getAgent("a").generate("y");\n`, findings: [] },
  { name: "agent.asTool warns naming run()'s default maxTurns", manifest: { boundaries: { limits: { max_steps: 10 } } }, files: `import { Agent } from "@openai/agents";\nconst sub = new Agent({ name: "s", model: m });\nexport const t = sub.asTool({ toolName: "s", toolDescription: "d" });\n`, findings: ["warn@3"], messages: ["OpenAI Agents run() maxTurns = 10"] },
]);
controlTable("OOC-02", [
  { name: "a workflow step's agent run has no AbortSignal", files: step(`const agent = mastra?.getAgent("a");\n    return agent.stream("x");`), findings: ["fail@6"], messages: ["mastra.getAgent().stream runs an agent loop with no AbortSignal"] },
]);
controlTable("OOC-03", [
  { name: "a spread of a local function's returned tools is resolved, not opaque", files: `import { generateText, tool } from "ai";\nfunction extra() {\n  const note = tool({ inputSchema: s, execute: async () => 1 });\n  return { note };\n}\nconst more = () => ({ ping: tool({ inputSchema: s, execute: async () => 2 }) });\nexport const r = await generateText({ model: m, stopWhen: c, tools: { ...extra(), ...more(), x: tool({ inputSchema: s, execute: async () => 3 }) } });\n`, findings: [] },
  { name: "a spread of a library call or a parameter stays unresolvable", files: `import { generateText } from "ai";\nimport { makeTools } from "tool-lib";\nexport async function go(extra: any) {\n  return generateText({ model: m, stopWhen: c, tools: { ...makeTools(), ...extra } });\n}\n`, findings: ["warn@4"], messages: ["a spread in the tools object"] },
  { name: "a function that returns from several places is not followed", files: `import { generateText, tool } from "ai";\nfunction pick(flag: boolean) {\n  if (flag) return {};\n  return { t: tool({ inputSchema: s, execute: async () => 1 }) };\n}\nexport const r = await generateText({ model: m, stopWhen: c, tools: { ...pick(true) } });\n`, findings: ["warn@6"], messages: ["a spread in the tools object"] },
]);
controlTable("IAA-04", [
  { name: "tools spread in from a local function are judged as tools, not as unseen", files: `import { generateText, tool } from "ai";\nimport { audit } from "./audit";\nconst more = () => ({ ping: tool({ inputSchema: s, execute: async () => { audit.record({}); return 2; } }) });\nexport async function go() { const r = await generateText({ model: m, stopWhen: c, tools: { ...more() } }); audit.record(r); return r; }\n`, findings: [] },
]);
