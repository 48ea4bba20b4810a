import { expect } from "vitest";
import { recognizerTester } from "./tester.js";

const THINK = `import { Think } from "@cloudflare/think";\nimport { tool } from "ai";\nimport { z } from "zod";\n`;

recognizerTester("Cloudflare Agents", {
  valid: [
    {
      name: "a Think subclass is an agent: its maxSteps field bounds each turn, getTools() names its tools",
      code: `${THINK}export class Ops extends Think<Env> {\n  maxSteps = 6;\n  getModel() { return "@cf/moonshotai/kimi-k2-instruct"; }\n  getTools() {\n    return { lookup_asn: tool({ description: "d", inputSchema: z.object({}), execute: async () => 1 }) };\n  }\n}\n`,
      expect: {
        agentRuns: [{ framework: "cloudflare-agents", api: "class Ops extends Think (Think: a tool loop per chat turn)", bound: { kind: "literal", value: 6 }, boundLoc: { line: 5, column: 3 }, tools: ["lookup_asn", "read", "list", "find", "grep", "write", "edit", "delete"], signal: true, loc: { line: 4, column: 1 } }],
        modelClients: [{ framework: "cloudflare-agents", provider: "workers-ai", baseURL: { kind: "absent" }, loc: { line: 6, column: 23 } }],
        tools: expect.arrayContaining([expect.objectContaining({ name: "lookup_asn", loc: expect.objectContaining({ line: 8 }) })]),
      },
    },
    {
      name: "no maxSteps: Think's default of 10, named with its source; a provider slug goes through the AI Gateway",
      code: `${THINK}export class Chat extends Think {\n  getModel() { return "openai/gpt-5.5"; }\n}\n`,
      expect: {
        agentRuns: [{ bound: { kind: "default", value: 10, name: "Cloudflare Think maxSteps" }, tools: ["read", "list", "find", "grep", "write", "edit", "delete"] }],
        modelClients: [{ provider: "cloudflare-ai-gateway", api: 'model "openai/gpt-5.5" (Think: routed through Cloudflare AI Gateway)' }],
      },
    },
    {
      name: "beforeTurn() returns the turn's maxSteps (it wins over the field), timeout and telemetry",
      code: `${THINK}export class T extends Think {\n  maxSteps = 30;\n  beforeTurn() {\n    return { maxSteps: 6, timeout: 120000, experimental_telemetry: { isEnabled: true } };\n  }\n}\n`,
      expect: {
        agentRuns: [{ bound: { kind: "literal", value: 6 }, boundLoc: { line: 7, column: 14 }, timeout: { ms: 120000, loc: { line: 7 } }, telemetry: true }],
        timeouts: [{ kind: "timeout-option", ms: 120000 }],
      },
    },
    {
      name: "env.AI.run without a gateway is Workers AI directly; with gateway: { id } it goes through that AI Gateway",
      code: `export default {\n  async fetch(req: Request, env: Env) {\n    const a = await env.AI.run("@cf/meta/llama-3.1-8b-instruct", { prompt: "x" });\n    const b = await env.AI.run("@cf/meta/llama-3.1-8b-instruct", { prompt: "y" }, { gateway: { id: "ops-gw" } });\n    return new Response(String(a) + String(b));\n  },\n};\n`,
      expect: {
        modelCalls: [{ api: "env.AI.run", loc: { line: 3, column: 21 } }, { api: "env.AI.run", loc: { line: 4 } }],
        modelClients: [
          { provider: "workers-ai", baseURL: { kind: "absent" }, loc: { line: 3 } },
          { provider: "cloudflare-ai-gateway", baseURL: { kind: "literal", text: "https://gateway.ai.cloudflare.com/v1/{account}/ops-gw/workers-ai" }, loc: { line: 4, column: 85 } },
        ],
      },
    },
    {
      name: "this.env.AI.run inside an agent class is the same Workers AI call",
      code: `import { Agent } from "agents";\nexport class Summ extends Agent<Env> {\n  async summarize(t: string) { return this.env.AI.run("@cf/meta/llama-3.1-8b-instruct", { prompt: t }); }\n}\n`,
      expect: { modelCalls: [{ api: "env.AI.run", framework: "cloudflare-agents", loc: { line: 3, column: 39 } }], modelClients: [{ provider: "workers-ai" }] },
    },
    {
      name: "createWorkersAI({ binding }) from workers-ai-provider is a Workers AI client",
      code: `import { createWorkersAI } from "workers-ai-provider";\nexport const make = (env: Env) => createWorkersAI({ binding: env.AI });\n`,
      expect: { modelClients: [{ framework: "cloudflare-agents", provider: "workers-ai", api: "createWorkersAI (Workers AI provider)", loc: { line: 2, column: 35 } }] },
    },
    {
      name: "this.addMcpServer(name, url) in an Agent attaches a remote MCP server",
      code: `import { Agent } from "agents";\nexport class Hub extends Agent<Env> {\n  async onStart() { await this.addMcpServer("github", "https://mcp.github.example/mcp"); }\n}\n`,
      expect: { mcpServers: [{ name: "github", source: "Agent.addMcpServer", transport: "http", url: { kind: "literal", text: "https://mcp.github.example/mcp" }, loc: { line: 3, column: 27 } }] },
      absent: ["agentRuns"],
    },
  ],
  invalid: [
    { name: "an Agent subclass runs no model by itself", code: `import { Agent } from "agents";\nexport class Counter extends Agent<Env> {\n  maxSteps = 900;\n  onRequest() { return new Response("ok"); }\n}\n`, absent: ["agentRuns", "modelClients", "modelCalls"] },
    { name: "a class named Think from the project is not Cloudflare's", code: `import { Think } from "./think";\nexport class X extends Think { maxSteps = 500; }\n`, absent: ["agentRuns"] },
    {
      name: "a subclass of another framework's class is not a construction of it",
      code: `import { Agent } from "@voltagent/core";\nexport class Mine extends Agent { maxSteps = 3; }\n`,
      absent: ["agentRuns"],
    },
    { name: "a run method on some other env object is not Workers AI", code: `export const go = (env: Env) => env.QUEUE.run("x");\n`, absent: ["modelCalls", "modelClients"] },
  ],
});

recognizerTester("Deep Agents (deepagents)", {
  valid: [
    {
      name: "createDeepAgent binds recursionLimit 10000; its default model is Anthropic; interruptOn covers the tools it names",
      code: `import { createDeepAgent } from "deepagents";\nimport { tool } from "langchain";\nconst purge = tool(async () => 1, { name: "purge_cache", description: "d" });\nexport const agent = createDeepAgent({ tools: [purge], interruptOn: { purge_cache: true, read_file: false } });\n`,
      expect: {
        agentRuns: [{ framework: "deepagents", api: "createDeepAgent", bound: { kind: "default", value: 10000, name: "createDeepAgent recursionLimit" }, tools: ["purge_cache"], loc: { line: 4, column: 22 } }],
        modelClients: [{ provider: "anthropic", api: `model "anthropic:claude-sonnet-4-6" (createDeepAgent's default model, default anthropic client)` }],
        approvals: [{ kind: "humanInTheLoopMiddleware", covers: ["purge_cache"], loc: { line: 4, column: 56 } }],
      },
    },
    {
      name: "invoke(input, { recursionLimit, signal }) sets the run's bound and its abort signal",
      code: `import { createDeepAgent } from "deepagents";\nconst agent = createDeepAgent({ model: "openai:gpt-4.1" });\nexport const go = (s: AbortSignal) => agent.invoke({ messages: [] }, { recursionLimit: 40, signal: s });\n`,
      expect: {
        agentRuns: [{ bound: { kind: "literal", value: 40 }, boundLoc: { line: 3, column: 72 }, signal: true }],
        modelClients: [{ provider: "openai" }],
      },
    },
    {
      name: "a LocalShellBackend gives the agent an execute tool that runs shell commands on the host",
      code: `import { createDeepAgent, LocalShellBackend } from "deepagents";\nexport const agent = createDeepAgent({ backend: new LocalShellBackend({ rootDir: "." }) });\n`,
      expect: {
        tools: [{ name: "write_file", writes: [{ loc: { line: 2, column: 40 } }] }, { name: "edit_file" }, { name: "execute", framework: "deepagents", loc: { line: 2, column: 40 } }],
        destructive: [{ tool: "execute", loc: { line: 2, column: 40 } }],
        agentRuns: [{ tools: ["write_file", "edit_file", "execute"] }],
      },
    },
    {
      name: "a FilesystemBackend makes write_file and edit_file write the host's disk",
      code: `import { createDeepAgent, FilesystemBackend } from "deepagents";\nexport const agent = createDeepAgent({ model: "openai:gpt-4.1", backend: new FilesystemBackend({ rootDir: "./work" }) });\n`,
      expect: { tools: [{ name: "write_file", writes: [{ op: "FilesystemBackend write_file (writes files on the host under rootDir)" }] }, { name: "edit_file" }] },
      absent: ["destructive"],
    },
  ],
  invalid: [
    { name: "createDeepAgent from the project", code: `import { createDeepAgent } from "./agent";\nexport const a = createDeepAgent({});\n`, absent: ["agentRuns", "modelClients"] },
    {
      name: "the default StateBackend keeps files in the graph's state: no execute tool",
      code: `import { createDeepAgent, StateBackend } from "deepagents";\nexport const a = createDeepAgent({ model: "openai:gpt-4.1", backend: (c: unknown) => new StateBackend(c as never) });\n`,
      absent: ["tools", "destructive"],
      check: (f) => expect(f.agentRuns[0]!.tools).toEqual([]),
    },
  ],
});
