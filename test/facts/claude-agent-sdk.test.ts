import { expect } from "vitest";
import { recognizerTester } from "./tester.js";

// Claude Agent SDK for TypeScript (@anthropic-ai/claude-agent-sdk 0.3.332, sdk.d.ts): query() runs and maxTurns,
// abortController and interrupt(), the CLI's client from options.env, built-in and tool() tools as
// permissionMode / allowedTools / disallowedTools / canUseTool decide them, mcpServers, WebFetch.

const HEAD = `import { query, tool, createSdkMcpServer } from "@anthropic-ai/claude-agent-sdk";\nimport { z } from "zod";\n`;

recognizerTester("Claude Agent SDK (TypeScript) runs", {
  valid: [
    {
      name: "V2 sessions (unstable_v2_createSession / unstable_v2_prompt) are runs with no turn limit, their options read",
      code: `import { unstable_v2_createSession, unstable_v2_prompt } from "@anthropic-ai/claude-agent-sdk";\nexport async function go() {\n  await using session = unstable_v2_createSession({ model: "sonnet" });\n  await session.send("hi");\n  return unstable_v2_prompt("What files are here?", { model: "sonnet", env: { ANTHROPIC_BASE_URL: process.env.LLM_GATEWAY_URL } });\n}\n`,
      check: (f) => {
        expect(f.agentRuns).toMatchObject([{ api: "unstable_v2_createSession", bound: { kind: "unbounded" }, loc: { line: 3 } }, { api: "unstable_v2_prompt", bound: { kind: "unbounded" }, loc: { line: 5 } }]);
        expect(f.modelClients).toMatchObject([{ baseURL: { kind: "absent" } }, { baseURL: { kind: "env", name: "LLM_GATEWAY_URL" } }]);
      },
    },
    {
      name: "query() with no maxTurns has no turn limit; maxTurns: 12 bounds another",
      code: `${HEAD}export async function go() {\n  for await (const m of query({ prompt: "x" })) console.log(m);\n  for await (const m of query({ prompt: "y", options: { maxTurns: 12 } })) console.log(m);\n}\n`,
      expect: {
        agentRuns: [
          { framework: "claude-agent-sdk", api: "query", bound: { kind: "unbounded" }, signal: false, loc: { line: 4 } },
          { framework: "claude-agent-sdk", api: "query", bound: { kind: "literal", value: 12 }, boundLoc: { line: 5 } },
        ],
      },
    },
    {
      name: "abortController in the options, or interrupt() on the query, is a stop signal",
      code: `${HEAD}export async function go(pause: AbortController) {\n  const a = query({ prompt: "x", options: { maxTurns: 3, abortController: pause } });\n  const q = query({ prompt: "y", options: { maxTurns: 3 } });\n  await q.interrupt();\n  return [a, q];\n}\n`,
      expect: { agentRuns: [{ signal: true }, { signal: true }] },
    },
  ],
  invalid: [
    {
      name: "options spread from values psf cannot resolve: the bound is unknown and the tools opaque, no default is assumed",
      code: `${HEAD}export async function* go(prompt: string, defaults: object, overrides: object) {\n  const merged = { ...defaults, ...overrides };\n  yield* query({ prompt, options: merged });\n}\n`,
      check: (f) => {
        expect(f.agentRuns).toMatchObject([{ bound: { kind: "dynamic" }, opaqueTools: [{ reason: "the options are built at run time, so psf cannot read them" }] }]);
        expect(f.tools).toEqual([]);
        expect(f.modelClients).toMatchObject([{ baseURL: { kind: "dynamic" } }]);
      },
    },
    { name: "a query() of another package", code: `import { query } from "./db";\nquery({ prompt: "x" });\n`, absent: ["agentRuns"] },
  ],
});

recognizerTester("Claude Agent SDK (TypeScript) client, tools and permissions", {
  valid: [
    {
      name: "env ANTHROPIC_BASE_URL routes the CLI; telemetry from CLAUDE_CODE_ENABLE_TELEMETRY",
      code: `${HEAD}const options = {\n  maxTurns: 5,\n  tools: [],\n  env: { ...process.env, ANTHROPIC_BASE_URL: process.env.LLM_GATEWAY_URL, CLAUDE_CODE_ENABLE_TELEMETRY: "1" },\n};\nexport const go = () => query({ prompt: "x", options });\n`,
      expect: {
        modelClients: [{ framework: "claude-agent-sdk", provider: "anthropic", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, baseOption: "env: { ...process.env, ANTHROPIC_BASE_URL: … }", loc: { line: 3 } }],
        agentRuns: [{ telemetry: true }],
      },
    },
    {
      name: "bypassPermissions: every built-in tool is approved at the option; WebFetch reaches any URL",
      code: `${HEAD}export const go = () => query({ prompt: "x", options: { maxTurns: 5, permissionMode: "bypassPermissions", allowDangerouslySkipPermissions: true } });\n`,
      check: (f) => {
        expect(f.tools.map((t) => [t.name, t.approval])).toEqual([["Bash", "never"], ["Write", "never"], ["Edit", "never"], ["NotebookEdit", "never"]]);
        expect(f.destructive).toMatchObject([{ tool: "Bash" }]);
        expect(f.urls.find((u) => u.api.startsWith("WebFetch"))).toMatchObject({ url: { kind: "dynamic" }, limitedBy: { set: false } });
      },
    },
    {
      name: "canUseTool decides; allowedTools approves a whole tool; disallowedTools removes one",
      code: `${HEAD}export const go = (ask: any) => query({ prompt: "x", options: { maxTurns: 5, permissionMode: "default", canUseTool: ask, allowedTools: ["Write"], disallowedTools: ["Edit", "WebFetch"], tools: ["Bash", "Write", "Edit", "WebFetch"] } });\n`,
      check: (f) => {
        expect(f.tools.map((t) => [t.name, t.approval])).toEqual([["Bash", "conditional"], ["Write", "never"]]);
        expect(f.urls.some((u) => u.api.startsWith("WebFetch"))).toBe(false);
      },
    },
    {
      name: "a tool() served by createSdkMcpServer, approved whole by allowedTools mcp__ops__*",
      code: `${HEAD}const close = tool("close_ticket", "Close a ticket", { id: z.string() }, async (args) => ({ content: [] }));\nconst ops = createSdkMcpServer({ name: "ops", tools: [close] });\nexport const go = () => query({ prompt: "x", options: { maxTurns: 5, tools: [], permissionMode: "default", mcpServers: { ops }, allowedTools: ["mcp__ops__*"] } });\n`,
      check: (f) => {
        expect(f.tools).toMatchObject([{ name: "close_ticket", framework: "claude-agent-sdk", approval: "never", loc: { line: 3 } }]);
        expect(f.mcpServers).toEqual([]);
      },
    },
    {
      name: "q.setPermissionMode(\"bypassPermissions\") turns approval off for the rest of the run",
      code: `${HEAD}export async function go(ask: any) {\n  const q = query({ prompt: "x", options: { maxTurns: 5, tools: ["Bash"], permissionMode: "default", canUseTool: ask } });\n  await q.setPermissionMode("bypassPermissions");\n  return q;\n}\n`,
      expect: { tools: [{ name: "Bash", approval: "never", approvalLoc: { line: 5 } }] },
    },
    {
      name: "a subagent with permissionMode acceptEdits: the Edit it lists is approved without asking",
      code: `${HEAD}export const go = (ask: any) => query({ prompt: "x", options: { maxTurns: 5, tools: ["Bash"], permissionMode: "default", canUseTool: ask, agents: { editor: { description: "d", prompt: "p", tools: ["Edit"], permissionMode: "acceptEdits" } } } });\n`,
      check: (f) => expect(f.tools.map((t) => [t.name, t.approval])).toEqual([["Bash", "conditional"], ["Edit", "never"]]),
    },
    {
      name: "an external MCP server in mcpServers, decided by canUseTool",
      code: `${HEAD}export const go = (ask: any) => query({ prompt: "x", options: { maxTurns: 5, tools: [], permissionMode: "default", canUseTool: ask, mcpServers: { gh: { command: "npx", args: ["-y", "@modelcontextprotocol/server-github"] } } } });\n`,
      expect: { mcpServers: [{ name: "gh", transport: "stdio", command: "npx -y @modelcontextprotocol/server-github", approval: "conditional", unpinned: "@modelcontextprotocol/server-github" }] },
    },
  ],
  invalid: [],
});
