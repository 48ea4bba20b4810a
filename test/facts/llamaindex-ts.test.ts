import { expect } from "vitest";
import { recognizerTester } from "./tester.js";

// LlamaIndex.TS (llamaindex 0.12.1, @llamaindex/workflow 1.1.24, @llamaindex/openai 0.4.22, @llamaindex/tools 0.2.0):
// agent()/multiAgent() runs (no step limit), agentHandler, the AgentRunner agents (MAX_TOOL_CALLS 10), tool(),
// the @llamaindex/tools factories and mcp(), the OpenAI/Anthropic/Ollama clients, Settings.llm calls and callbackManager hooks.

const WF = 'import { agent, multiAgent } from "@llamaindex/workflow";\nimport { tool } from "llamaindex";\nimport { openai } from "@llamaindex/openai";\n';
const LOOKUP = 'const lookup = tool({ name: "lookup_order", description: "d", parameters: {}, execute: (i: unknown) => String(i) });\n';

const HITL = (event: string) => `import { humanResponseEvent } from "@llamaindex/server";\nimport { createWorkflow, workflowEvent } from "@llamaindex/workflow";\nimport { tool } from "llamaindex";\nconst run = tool({ name: "run_command", description: "d", parameters: {}, execute: ({ command }: { command: string }) => command });\nconst answered = ${event};\nconst done = workflowEvent<string>();\nexport const flow = createWorkflow();\nflow.handle([answered], async ({ data }) => (data.data.ok ? done.with(String(await run.call({ command: data.data.command }))) : done.with("refused")));\n`;

recognizerTester("LlamaIndex.TS", {
  valid: [
    {
      name: "agent().run and .runStream are unbounded runs, at the call, with the agent's tools",
      code: `${WF}${LOOKUP}const a = agent({ llm: openai({ model: "gpt-4o" }), tools: [lookup], timeout: 30 });\nexport const go = (q: string) => a.run(q);\nexport const stream = (q: string) => a.runStream(q);\n`,
      expect: {
        tools: [{ name: "lookup_order", framework: "llamaindex", loc: { line: 4 } }],
        agentRuns: [
          { framework: "llamaindex", api: "AgentWorkflow.run", bound: { kind: "unbounded" }, signal: false, tools: ["lookup_order"], loc: { line: 6 } },
          { api: "AgentWorkflow.runStream", bound: { kind: "unbounded" }, loc: { line: 7 } },
        ],
      },
      // The timeout option is accepted but never applied (AgentWorkflow's constructor drops it).
      check: (f) => {
        expect(f.agentRuns.map((r) => r.timeout)).toEqual([undefined, undefined]);
        expect(f.timeouts).toEqual([]);
      },
    },
    {
      name: "multiAgent runs with every member's tools; its members are not runs of their own; an agent never run is recorded where it is built",
      code: `${WF}${LOOKUP}const save = tool({ name: "save_report", description: "d", parameters: {}, execute: () => "ok" });\nconst writer = agent({ name: "w", tools: [save] });\nconst researcher = agent({ name: "r", tools: [lookup], canHandoffTo: [writer] });\nconst team = multiAgent({ agents: [researcher, writer], rootAgent: researcher });\nexport const go = () => team.runStream("t");\nexport const spare = agent({ tools: [] });\n`,
      expect: {
        agentRuns: [
          { api: "AgentWorkflow.runStream", tools: ["lookup_order", "save_report"], loc: { line: 9 } },
          { api: "agent() (psf found no .run/.runStream on it: it is returned or passed on)", bound: { kind: "unbounded" }, loc: { line: 10 } },
        ],
      },
      check: (f) => expect(f.agentRuns).toHaveLength(2),
    },
    {
      name: "agentHandler is a run for each event; the deprecated OpenAIAgent stops after MAX_TOOL_CALLS",
      code: `import { agentHandler } from "@llamaindex/workflow";\nimport { OpenAIAgent } from "@llamaindex/openai";\nexport const h = agentHandler({ instructions: "x", results: [], tools: [] });\nexport const old = new OpenAIAgent({ tools: [] });\n`,
      expect: {
        agentRuns: [
          { api: "agentHandler() (an agent run for each event the step handles)", bound: { kind: "unbounded" }, loc: { line: 3 } },
          { api: "new OpenAIAgent", bound: { kind: "default", value: 10 }, loc: { line: 4 } },
        ],
      },
    },
    {
      name: "openai() reads OPENAI_BASE_URL when given no baseURL; additionalSessionOptions.baseURL wins over baseURL; apiKey is read",
      code: `import { openai, OpenAI } from "@llamaindex/openai";\nexport const a = openai({ model: "gpt-4o" });\nexport const b = new OpenAI({ model: "gpt-4o", baseURL: "https://api.openai.com/v1", additionalSessionOptions: { baseURL: process.env.LLM_GATEWAY_URL }, apiKey: process.env.LLM_GATEWAY_KEY });\n`,
      expect: {
        modelClients: [
          { framework: "llamaindex", provider: "openai", api: "openai (LlamaIndex.TS)", baseURL: { kind: "absent" }, envDefault: "OPENAI_BASE_URL", baseOption: "baseURL: …", loc: { line: 2 } },
          { api: "new OpenAI (LlamaIndex.TS)", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" } },
        ],
      },
    },
    {
      name: "OpenAI imported from llamaindex (0.5.26 to 0.10.x re-exported @llamaindex/openai) is the same client",
      code: `import { OpenAI } from "llamaindex";\nexport const llm = new OpenAI({ model: "gpt-4o", additionalSessionOptions: { baseURL: "http://llm-gateway.internal:4000" } });\n`,
      expect: { modelClients: [{ framework: "llamaindex", provider: "openai", api: "new OpenAI (LlamaIndex.TS)", baseURL: { kind: "literal", text: "http://llm-gateway.internal:4000" }, loc: { line: 2 } }] },
    },
    {
      name: "an agent given no llm, in a project that builds no LlamaIndex.TS model, runs on Settings.llm's default OpenAI client (llamaindex before 0.11)",
      code: `import { agent } from "@llamaindex/workflow";\nexport const go = (q: string) => agent({ tools: [] }).run(q);\n`,
      expect: { modelClients: [{ framework: "llamaindex", provider: "openai", envDefault: "OPENAI_BASE_URL", loc: { line: 2 } }] },
    },
    {
      name: "anthropic() has no base-URL option (the SDK's ANTHROPIC_BASE_URL applies); AnthropicSession carries one; ollama's config.host",
      code: `import { anthropic, AnthropicSession } from "@llamaindex/anthropic";\nimport { ollama } from "@llamaindex/ollama";\nexport const a = anthropic({ model: "claude-3-5-sonnet" });\nexport const b = anthropic({ model: "claude-3-5-sonnet", session: new AnthropicSession({ baseURL: process.env.LLM_GATEWAY_URL }) });\nexport const c = ollama({ model: "llama3", config: { host: "http://ollama.internal:11434" } });\n`,
      expect: {
        modelClients: [
          { provider: "anthropic", api: "anthropic (LlamaIndex.TS)", envDefault: "ANTHROPIC_BASE_URL", baseOption: "session: new AnthropicSession({ baseURL: … })", loc: { line: 3 } },
          { provider: "anthropic", api: "new AnthropicSession (LlamaIndex.TS)", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, loc: { line: 4 } },
          { provider: "ollama", baseURL: { kind: "literal", text: "http://ollama.internal:11434" }, baseOption: "config: { host: … }", loc: { line: 5 } },
        ],
      },
      check: (f) => expect(f.modelClients).toHaveLength(3),
    },
    {
      name: "llm.chat/complete/exec, Settings.llm.chat and a factExtractionBlock's llm are model calls",
      code: `import { openai } from "@llamaindex/openai";\nimport { Settings, createMemory, factExtractionBlock } from "llamaindex";\nconst llm = openai({ model: "gpt-4o" });\nexport async function go() {\n  await llm.exec({ messages: [] });\n  await llm.complete({ prompt: "p" });\n  await Settings.llm.chat({ messages: [] });\n}\nexport const memory = createMemory({ memoryBlocks: [factExtractionBlock({ llm })] });\n`,
      check: (f) => expect(f.modelCalls.map((c) => `${c.framework} ${c.api} ${c.loc.line}`).sort()).toEqual(["llamaindex Settings.llm.chat 7", "llamaindex factExtractionBlock() (its llm is called on every message put in the memory) 9", "llamaindex openai(…).complete 6", "llamaindex openai(…).exec 5"]),
    },
    {
      name: "@llamaindex/tools: wiki() is the wikipedia tool on a host the model picks; mcp() servers, stdio and remote",
      code: `import { wiki, mcp, documentGenerator } from "@llamaindex/tools";\nimport { agent } from "@llamaindex/workflow";\nconst fs = mcp({ command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem@1.0.0", "."] });\nconst remote = mcp({ url: "https://mcp.example.net/mcp" });\nexport const a = agent({ tools: [wiki(), documentGenerator()] });\nexport const go = () => a.run("q");\n`,
      expect: {
        mcpServers: [{ name: "@modelcontextprotocol/server-filesystem@1.0.0", transport: "stdio", source: "mcp() (@llamaindex/tools)", filtered: false, loc: { line: 3 } }, { transport: "http", url: { kind: "literal", text: "https://mcp.example.net/mcp" } }],
        tools: [{ name: "wikipedia", builtIn: "@llamaindex/tools", loc: { line: 5 } }, { name: "document_generator", writes: [{ op: "documentGenerator() (writes the generated document to a file)" }] }],
        agentRuns: [{ api: "AgentWorkflow.run", tools: ["wikipedia", "document_generator"] }],
      },
      check: (f) => expect(f.urls.find((u) => u.api === "wiki() tool")?.url.kind).toBe("dynamic"),
    },
    {
      name: "createWorkflow() whose handlers send each other events in a cycle is a run whose bound the handlers decide",
      code: `import { createWorkflow, workflowEvent } from "@llamaindex/workflow";\nimport { openai } from "@llamaindex/openai";\nconst llm = openai({ model: "gpt-4o" });\nconst draft = workflowEvent<string>();\nconst review = workflowEvent<string>();\nconst done = workflowEvent<string>();\nexport const flow = createWorkflow();\nflow.handle([draft], async (e) => review.with((await llm.complete({ prompt: e.data })).text));\nflow.handle([review], async (e) => (e.data.includes("ok") ? done.with(e.data) : draft.with(e.data)));\n`,
      expect: { agentRuns: [{ framework: "llamaindex", api: "createWorkflow() (an event-driven workflow)", bound: { kind: "dynamic" }, loc: { line: 7 } }] },
    },
    {
      name: "a tool the code calls in a handler of @llamaindex/server's humanResponseEvent runs only after a person answers: approved there",
      code: HITL("humanResponseEvent<{ data: { ok: boolean; command: string } }>()"),
      expect: { approvals: [{ kind: "humanInTheLoopMiddleware", covers: ["run_command"], loc: { line: 8 } }] },
    },
    {
      name: "createWorkflow() whose events come from a package psf does not read (workflow-core) is a run: what its handlers send is unseen",
      code: `import { createWorkflow } from "@llamaindex/workflow";\nimport { workflowEvent } from "@llamaindex/workflow-core";\nconst start = workflowEvent<string>();\nconst done = workflowEvent<string>();\nexport const flow = createWorkflow();\nflow.handle([start], (e) => done.with(e.data));\n`,
      expect: { agentRuns: [{ api: "createWorkflow() (an event-driven workflow)", bound: { kind: "dynamic" }, loc: { line: 5 } }] },
    },
    {
      name: "Settings.callbackManager.on(\"llm-tool-call\", …) traces LlamaIndex.TS's calls",
      code: `import { Settings } from "llamaindex";\nSettings.callbackManager.on("llm-tool-call", (e) => console.log(e.detail));\n`,
      expect: { tracing: { frameworks: [{ framework: "llamaindex", loc: { line: 2 } }] } },
    },
  ],
  invalid: [
    { name: "an agent given no llm beside a model the project builds adds no default client", code: `import { agent } from "@llamaindex/workflow";\nimport { openai } from "@llamaindex/openai";\nexport const llm = openai({ model: "gpt-4o" });\nexport const go = (q: string) => agent({ tools: [] }).run(q);\n`, check: (f) => expect(f.modelClients.map((c) => c.api)).toEqual(["openai (LlamaIndex.TS)"]) },
    { name: "a tool the code calls in a handler of an ordinary event is not approved", code: HITL("workflowEvent<{ data: { ok: boolean; command: string } }>()"), check: (f) => expect(f.approvals).toEqual([]) },
    {
      name: "createWorkflow() whose events run one way (no handler sends an event an earlier one takes) is not a loop",
      code: `import { createWorkflow, workflowEvent } from "@llamaindex/workflow";\nconst start = workflowEvent<string>();\nconst middle = workflowEvent<string>();\nconst done = workflowEvent<string>();\nexport const flow = createWorkflow();\nflow.handle([start], (e) => middle.with(e.data));\nflow.handle([middle], (e) => done.with(e.data));\n`,
      check: (f) => expect(f.agentRuns).toEqual([]),
    },
    { name: "an agent() from another package", code: `import { agent } from "./local-agent";\nexport const a = agent({ tools: [] });\nexport const go = () => a.run("q");\n`, check: (f) => expect(f.agentRuns.filter((r) => r.framework === "llamaindex")).toEqual([]) },
    { name: "a callbackManager hook on an event that is no model or tool call", code: `import { Settings } from "llamaindex";\nSettings.callbackManager.on("retrieve-end", () => undefined);\n`, check: (f) => expect(f.tracing.frameworks ?? []).toEqual([]) },
    { name: "an OpenAI class from the openai SDK is not LlamaIndex.TS's", code: `import OpenAI from "openai";\nexport const c = new OpenAI();\n`, check: (f) => expect(f.modelClients.map((c) => c.framework)).toEqual(["openai"]) },
  ],
});
