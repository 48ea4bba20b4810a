import { expect } from "vitest";
import { recognizerTester } from "./tester.js";

const AI = 'import { genkit, z } from "genkit";\nimport { googleAI } from "@genkit-ai/google-genai";\nexport const ai = genkit({ plugins: [googleAI()] });\n';

recognizerTester("Firebase Genkit", {
  valid: [
    {
      name: "ai.generate with tools and no maxTurns: a tool loop bound by Genkit's default of 5",
      code: `${AI}const lookup = ai.defineTool({ name: "lookupOrder", description: "d", inputSchema: z.object({ id: z.string() }) }, async ({ id }) => id);\nexport const go = (q: string) => ai.generate({ prompt: q, tools: [lookup] });\n`,
      expect: {
        agentRuns: [{ framework: "genkit", api: "ai.generate (Genkit)", bound: { kind: "default", value: 5, name: "Genkit generate maxTurns" }, tools: ["lookupOrder"], loc: { line: 5 } }],
        tools: [{ name: "lookupOrder", framework: "genkit", approval: "none", loc: { line: 4 } }],
      },
      absent: ["modelCalls"],
    },
    {
      name: "maxTurns and abortSignal on ai.generateStream; a tool named by a string",
      code: `${AI}export const go = (q: string, stop: AbortSignal) => ai.generateStream({ prompt: q, tools: ["lookupOrder"], maxTurns: 3, abortSignal: stop });\n`,
      expect: { agentRuns: [{ api: "ai.generateStream (Genkit)", bound: { kind: "literal", value: 3 }, boundLoc: { line: 4 }, signal: true, tools: ["lookupOrder"] }] },
    },
    {
      name: "ai.generate without tools is one model call",
      code: `${AI}export const hi = () => ai.generate({ prompt: "hi" });\nexport const hey = () => ai.generate("hey");\n`,
      expect: { modelCalls: [{ framework: "genkit", api: "ai.generate (Genkit)", loc: { line: 4 } }, { loc: { line: 5 } }] },
      absent: ["agentRuns"],
    },
    {
      name: "a prompt with tools runs where it is called or chatted with, the call's maxTurns and abortSignal over the prompt's",
      code: {
        "src/ai.ts": AI,
        // A flow file read before the prompts it calls.
        "src/a-flows.ts": `import { ai } from "./ai";\nimport { support, plain } from "./agents";\nexport async function handle(q: string) {\n  await support({ q }, { maxTurns: 8 });\n  const chat = ai.chat(support);\n  await chat.send({ prompt: q, abortSignal: AbortSignal.timeout(30_000) });\n  return plain();\n}\n`,
        "src/agents.ts": `import { ai } from "./ai";\nconst refund = ai.defineTool({ name: "issueRefund", description: "d" }, async () => "ok");\nexport const support = ai.definePrompt({ name: "supportAgent", tools: [refund], system: "s", maxTurns: 3 });\nexport const plain = ai.definePrompt({ name: "greeter", prompt: "hi" });\n`,
      },
      expect: {
        agentRuns: [
          { api: 'prompt "supportAgent"() (Genkit)', bound: { kind: "literal", value: 8 }, boundLoc: { file: "src/a-flows.ts", line: 4 }, signal: false, tools: ["issueRefund"], loc: { file: "src/a-flows.ts", line: 4 } },
          { api: 'chat.send (prompt "supportAgent") (Genkit)', bound: { kind: "literal", value: 3 }, boundLoc: { file: "src/agents.ts", line: 3 }, signal: true, timeout: { ms: 30_000 }, tools: ["issueRefund"], loc: { file: "src/a-flows.ts", line: 6 } },
        ],
        modelCalls: [{ api: 'prompt "greeter"() (Genkit)', loc: { file: "src/a-flows.ts", line: 7 } }],
      },
      check: (f) => expect(f.agentRuns).toHaveLength(2),
    },
    {
      name: "a triage prompt hands off to prompts given as tools: one run, with their tools, under the triage's maxTurns",
      code: `${AI}const a = ai.definePrompt({ name: "catalogAgent", tools: ["search"], maxTurns: 9 });\nexport const triage = ai.definePrompt({ name: "triageAgent", tools: [a], maxTurns: 2 });\nexport const go = (q: string) => ai.chat(triage).send(q);\n`,
      expect: { agentRuns: [{ api: 'chat.send (prompt "triageAgent") (Genkit)', tools: ["catalogAgent", "search"], bound: { kind: "literal", value: 2 }, loc: { line: 6 } }] },
      check: (f) => expect(f.agentRuns).toHaveLength(1),
    },
    {
      name: "a prompt with tools that nothing in the source calls is recorded where it is defined",
      code: `${AI}export const a = ai.definePrompt({ name: "catalogAgent", tools: ["search"] });\n`,
      expect: { agentRuns: [{ api: 'ai.definePrompt "catalogAgent" (Genkit; no call of it found)', bound: { kind: "default", value: 5 }, tools: ["search"], loc: { line: 4 } }] },
    },
    {
      name: "a tool the app restarts after an interrupt has its approval wired there; defineInterrupt always asks a person",
      code: `${AI}export const pay = ai.defineTool({ name: "processPayment", description: "d" }, async (input, { interrupt, resumed }) => {\n  if (!resumed) interrupt({ message: "confirm" });\n  return "paid";\n});\nexport const ask = ai.defineInterrupt({ name: "askUser", description: "d" });\nexport async function approve(req: any) {\n  return ai.generate({ prompt: "p", tools: [pay, ask], resume: { restart: pay.restart(req, { ok: true }) } });\n}\n`,
      expect: {
        tools: [
          { name: "processPayment", approval: "conditional", approvalLoc: { line: 10 }, body: { file: "src/agent.ts" } },
          { name: "askUser", approval: "always" },
        ],
        agentRuns: [{ tools: ["processPayment", "askUser"] }],
      },
    },
    {
      name: "a prompt loaded from a .prompt file: its bound and tools are in that file, which psf does not read",
      code: `${AI}export const go = (q: string) => ai.prompt("triage")({ q });\nexport const bounded = (q: string) => ai.prompt("triage")({ q }, { maxTurns: 4 });\n`,
      expect: {
        agentRuns: [
          { api: 'ai.prompt("triage")() (Genkit)', bound: { kind: "dynamic", text: "triage.prompt" }, opaqueTools: [{ text: "triage.prompt" }], loc: { line: 4 } },
          { bound: { kind: "literal", value: 4 }, boundLoc: { line: 5 } },
        ],
      },
    },
    {
      name: "toolApproval middleware: every tool of the run not in its approved list waits for a person",
      code: `${AI}import { toolApproval } from "@genkit-ai/middleware";\nexport const go = (q: string) => ai.generate({ prompt: q, tools: ["search", "writeFile"], use: [toolApproval({ approved: ["search"] })] });\n`,
      expect: { approvals: [{ kind: "humanInTheLoopMiddleware", covers: ["writeFile"], loc: { line: 5 } }] },
    },
    {
      name: "model plugins: baseURL / baseUrl as given, else the SDK's default (OPENAI_BASE_URL, ANTHROPIC_BASE_URL, the Google host)",
      code: `import { genkit } from "genkit";\nimport { googleAI, vertexAI } from "@genkit-ai/google-genai";\nimport { openAICompatible } from "@genkit-ai/compat-oai";\nimport { anthropic } from "@genkit-ai/anthropic";\nexport const ai = genkit({ plugins: [\n  openAICompatible({ name: "gw", baseURL: process.env.LLM_GATEWAY_URL, apiKey: process.env.LLM_GATEWAY_KEY }),\n  googleAI({ baseUrl: "https://gateway.internal/google" }),\n  vertexAI({ location: "us-central1" }),\n  anthropic(),\n] });\n`,
      expect: {
        modelClients: [
          { framework: "genkit", provider: "openai", api: "openAICompatible() (Genkit plugin)", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" }, loc: { line: 6 } },
          { provider: "googleai", baseURL: { kind: "literal", text: "https://gateway.internal/google" }, loc: { line: 7 } },
          { provider: "vertexai", baseURL: { kind: "absent" }, defaultHost: "https://aiplatform.googleapis.com", loc: { line: 8 } },
          { provider: "anthropic", baseURL: { kind: "absent" }, envDefault: "ANTHROPIC_BASE_URL", loc: { line: 9 } },
        ],
      },
    },
    {
      name: "the default-exported compat plugin, and openAI() from its /openai entry, are OpenAI SDK clients",
      code: `import openAICompatible from "@genkit-ai/compat-oai";\nimport { openAI } from "@genkit-ai/compat-oai/openai";\nexport const p = [openAICompatible({ name: "x" }), openAI()];\n`,
      expect: { modelClients: [{ provider: "openai", api: "openAICompatible() (Genkit plugin)", envDefault: "OPENAI_BASE_URL" }, { provider: "openai", api: "openAI() (Genkit plugin)", envDefault: "OPENAI_BASE_URL" }] },
    },
    {
      name: "enableFirebaseTelemetry in another file traces runs, tools and model calls",
      code: {
        "src/telemetry.ts": `import { enableFirebaseTelemetry } from "@genkit-ai/firebase";\nenableFirebaseTelemetry();\n`,
        "src/agent.ts": `${AI}const t = ai.defineTool({ name: "t", description: "d" }, async () => 1);\nexport const a = () => ai.generate({ prompt: "x", tools: [t] });\nexport const b = () => ai.generate({ prompt: "y" });\n`,
      },
      expect: {
        agentRuns: [{ telemetry: true, audited: true }],
        modelCalls: [{ telemetry: true, audited: true }],
        tools: [{ name: "t", audited: true }],
      },
    },
    {
      name: "MCP servers of a Genkit MCP host and client",
      code: `import { createMcpHost, createMcpClient } from "@genkit-ai/mcp";\nexport const host = createMcpHost({ name: "h", mcpServers: { git: { command: "uvx", args: ["mcp-server-git"] }, docs: { url: "https://docs.example.com/mcp" } } });\nexport const fs = createMcpClient({ name: "c", serverName: "files", command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "/data"] });\n`,
      expect: {
        mcpServers: [
          { name: "git", transport: "stdio", command: "uvx mcp-server-git", source: "createMcpHost" },
          { name: "docs", transport: "http", url: { kind: "literal", text: "https://docs.example.com/mcp" } },
          { name: "files", transport: "stdio", source: "createMcpClient" },
        ],
      },
    },
    {
      name: "tools of an MCP host given as a dynamic provider string are tools psf cannot see",
      code: `${AI}export const go = () => ai.generate({ prompt: "x", tools: ["my-host:tool/*"] });\n`,
      expect: { agentRuns: [{ tools: [], opaqueTools: [{ text: '"my-host:tool/*"' }] }] },
    },
  ],
  invalid: [
    { name: "a generate method of another library", code: `import { Other } from "./other";\nexport const x = new Other().generate({ tools: [], maxTurns: 99 });\n`, absent: ["agentRuns", "modelCalls"] },
    {
      name: "without enableFirebaseTelemetry nothing is traced",
      code: `${AI}export const b = () => ai.generate({ prompt: "y" });\n`,
      expect: { modelCalls: [{ telemetry: false, audited: false }] },
    },
    {
      name: "restart of a tool defined elsewhere wires no approval on this one",
      code: `${AI}import { other } from "./other";\nexport const pay = ai.defineTool({ name: "processPayment", description: "d" }, async () => "paid");\nexport const r = (req: any) => other.restart(req);\n`,
      expect: { tools: [{ name: "processPayment", approval: "none" }] },
    },
  ],
});
