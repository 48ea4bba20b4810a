import { expect } from "vitest";
import { recognizerTester } from "./tester.js";

// Model routers with string ids, default clients folded per file, runs reached through a registry or as a tool.
recognizerTester("model routers, default clients, registry runs", {
  valid: [
    {
      name: "Mastra model router strings are default provider clients, one per provider per file",
      code: `import { Agent } from "@mastra/core/agent";\nexport const a = new Agent({ name: "a", instructions: "", model: "openai/gpt-5.2" });\nexport const b = new Agent({ name: "b", instructions: "", model: "openai/gpt-4o-mini" });\nexport const c = new Agent({ name: "c", instructions: "", model: "anthropic/claude-sonnet-4-5" });\n`,
      expect: {
        modelClients: [
          { framework: "mastra", provider: "openai", api: `model "openai/gpt-5.2" (Mastra model router)`, baseURL: { kind: "absent" }, defaultHost: "https://api.openai.com/v1", loc: { line: 2, column: 59 }, more: { count: 1 } },
          { provider: "anthropic", loc: { line: 4, column: 59 } },
        ],
        urls: [{ url: { kind: "literal", text: "https://api.openai.com/v1" } }, { url: { kind: "literal", text: "https://api.anthropic.com" } }],
      },
      check: (f) => expect(f.modelClients[0]!.envDefault).toBeUndefined(),
    },
    {
      name: "a Mastra router config with url and apiKey is a client on that url",
      code: `import { Agent } from "@mastra/core/agent";\nexport const a = new Agent({ name: "a", model: { id: "openai/gpt-4o", url: process.env.LLM_GATEWAY_URL, apiKey: process.env.LLM_GATEWAY_KEY } });\n`,
      expect: { modelClients: [{ provider: "openai", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" } }] },
    },
    {
      name: "mastra.getAgent(x).generate/stream runs with Mastra's default maxSteps (project import and path alias)",
      code: {
        "src/mastra/index.ts": `import { Mastra } from "@mastra/core/mastra";\nexport const mastra = new Mastra({ agents: {} });\n`,
        "src/run.ts": `import { mastra } from "./mastra";\nexport async function go() {\n  return mastra.getAgent("helper").generate("hi");\n}\n`,
        "app/api/chat/route.ts": `import { mastra } from "@/mastra";\nexport async function POST() {\n  const agent = mastra.getAgent("helper");\n  return agent.stream("x", { maxSteps: 3, abortSignal: AbortSignal.timeout(9000) });\n}\n`,
      },
      expect: {
        agentRuns: [
          { framework: "mastra", api: "mastra.getAgent().generate", bound: { kind: "default", value: 5, name: "Mastra Agent maxSteps" }, loc: { file: "src/run.ts", line: 3, column: 10 } },
          { framework: "mastra", api: "mastra.getAgent().stream", bound: { kind: "literal", value: 3 }, boundLoc: { line: 4, column: 30 }, signal: true, timeout: { ms: 9000 }, loc: { file: "app/api/chat/route.ts", line: 4 } },
        ],
      },
    },
    {
      name: "OpenAI Agents: one default-client finding per file, counting the other agents",
      code: `import { Agent } from "@openai/agents";\nexport const a = new Agent({ name: "a" });\nexport const b = new Agent({ name: "b", model: "gpt-4o" });\nexport const c = new Agent({ name: "c" });\n`,
      expect: { modelClients: [{ api: "Agent (default OpenAI client)", loc: { line: 2, column: 18 }, more: { count: 2, what: "agents in this file use the default client" } }], urls: [{ api: "baseURL (Agent (default OpenAI client))", loc: { line: 2 } }] },
      check: (f) => {
        expect(f.modelClients).toHaveLength(1);
        expect(f.urls).toHaveLength(1);
      },
    },
    {
      name: "agent.asTool() is an agent run with run()'s default maxTurns, and a tool named toolName",
      code: `import { Agent } from "@openai/agents";\nconst sub = new Agent({ name: "sub", model: m });\nexport const t = sub.asTool({ toolName: "ask_sub", toolDescription: "d" });\nexport const u = sub.asTool({ toolName: "ask_sub_bounded", toolDescription: "d", runOptions: { maxTurns: 2 } });\n`,
      expect: {
        agentRuns: [
          { framework: "openai-agents", api: "Agent.asTool", bound: { kind: "default", value: 10 }, loc: { line: 3, column: 18 } },
          { api: "Agent.asTool", bound: { kind: "literal", value: 2 }, boundLoc: { line: 4, column: 96 } },
        ],
        tools: [{ name: "ask_sub", framework: "openai-agents" }, { name: "ask_sub_bounded" }],
      },
    },
    {
      name: "LangChain initChatModel: a literal provider, and a name chosen at run time with configuration.baseURL",
      code: `import { initChatModel } from "langchain/chat_models/universal";\nconst a = await initChatModel("openai:gpt-4o");\nconst b = await initChatModel(process.env.CHAT_MODEL, { configuration: { baseURL: process.env.LLM_GATEWAY_URL } });\nconst c = await initChatModel("claude-sonnet-4-5", { modelProvider: "anthropic", apiKey: process.env.LLM_GATEWAY_KEY });\n`,
      expect: {
        modelClients: [
          { framework: "langchain", provider: "openai", baseURL: { kind: "absent" }, envDefault: "OPENAI_BASE_URL", loc: { line: 2 } },
          { provider: "unknown", api: "initChatModel(process.env.CHAT_MODEL) (provider chosen at run time)", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, loc: { line: 3 } },
          { provider: "anthropic", apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" }, loc: { line: 4 } },
        ],
      },
    },
  ],
  invalid: [
    {
      name: "a Mastra model object from a provider factory is not a router client; a bare model name is not a router id",
      code: `import { Agent } from "@mastra/core/agent";\nexport const a = new Agent({ name: "a", model: someModel });\nexport const b = new Agent({ name: "b", model: "gpt-4o" });\n`,
      absent: ["modelClients"],
    },
    {
      name: "getAgent on something that is not Mastra, and a non-run method on a Mastra agent, are not runs",
      code: { "src/x.ts": `import { registry } from "@/registry";\nimport { mastra } from "@/mastra";\nregistry.getAgent("a").generate("x");\nmastra.getAgent("a").getMemory();\nmastra.getWorkflow("w").generate("x");\n` },
      absent: ["agentRuns"],
    },
    {
      name: "default clients in different files are separate findings",
      code: { "src/a.ts": `import { Agent } from "@openai/agents";\nexport const a = new Agent({ name: "a" });\n`, "src/b.ts": `import { Agent } from "@openai/agents";\nexport const b = new Agent({ name: "b" });\n` },
      expect: { modelClients: [{ loc: { file: "src/a.ts" } }, { loc: { file: "src/b.ts" } }] },
      check: (f) => expect(f.modelClients.map((c) => c.more)).toEqual([undefined, undefined]),
    },
  ],
});

recognizerTester("next.js route segment config", {
  valid: [
    {
      name: "export const maxDuration in an app route handler is a platform-enforced timeout",
      code: { "app/api/chat/route.ts": `import { streamText } from "ai";\n\nexport const maxDuration = 60;\nexport async function POST() { return streamText({ model: m, prompt: "x" }); }\n` },
      expect: { timeouts: [{ kind: "route-max-duration", ms: 60000, loc: { file: "app/api/chat/route.ts", line: 3, column: 1 } }] },
    },
    {
      name: "pages/api and a constant through a name",
      code: { "src/pages/api/agent.ts": `const LIMIT = 300;\nexport const maxDuration = LIMIT;\nexport default async function handler() {}\n` },
      expect: { timeouts: [{ kind: "route-max-duration", ms: 300000, loc: { line: 2 } }] },
    },
  ],
  invalid: [
    {
      name: "maxDuration outside a route file, not exported, or not a number is not a timeout",
      code: {
        "src/lib/config.ts": `export const maxDuration = 60;\n`,
        "app/api/a/route.ts": `const maxDuration = 60;\nexport async function GET() { return maxDuration; }\n`,
        "app/api/b/route.ts": `export const maxDuration = Number(process.env.MAX);\n`,
      },
      absent: ["timeouts"],
    },
  ],
});
