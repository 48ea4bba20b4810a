import { expect } from "vitest";
import { recognizerTester } from "./tester.js";

// AI SDK tools without the tool() helper, provider-defined tools, and tool sets from a library.
const plain = `import { generateText, stepCountIs } from "ai";
import { z } from "zod";
await generateText({
  model: m,
  stopWhen: stepCountIs(4),
  tools: {
    getTransactions: {
      description: "list transactions",
      inputSchema: z.object({}),
      execute: async () => [],
    },
    refund: { description: "refund", inputSchema: z.object({}), needsApproval: true, execute: async () => 1 },
  },
});
`;
const providerTools = `import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";
import { anthropic } from "@ai-sdk/anthropic";
import { exec } from "node:child_process";
const editor = anthropic.tools.textEditor_20250124({ execute: async () => "ok" });
streamText({ model: m, tools: {
  shell: openai.tools.localShell({ execute: async ({ action }) => exec(action.command.join(" ")) }),
  bash: anthropic.tools.bash_20250124({ needsApproval: true, execute: async () => "" }),
  screen: anthropic.tools.computer_20250124({ displayWidthPx: 1, displayHeightPx: 1, execute: async () => "" }),
  search: openai.tools.webSearch(),
  str_replace_editor: editor,
} });
`;
const library = `import { ToolLoopAgent, Experimental_Agent as Agent } from "ai";
import { createBashTool } from "bash-tool";
const { tools } = await createBashTool({ sandbox });
const bashAgent = new ToolLoopAgent({ model: m, tools });
const mixed = new Agent({ model: m, tools: { ...tools, note: { inputSchema: s, execute: async () => 1 } } });
`;
recognizerTester("vercel-ai tools", {
  valid: [
    {
      name: "plain-object tools in a tools object are tools named by their key, with body and approval",
      code: plain,
      expect: {
        tools: [
          { name: "getTransactions", framework: "vercel-ai", approval: "none", loc: { line: 7, column: 5 }, body: { file: "src/agent.ts" } },
          { name: "refund", approval: "always", loc: { line: 12, column: 5 } },
        ],
        agentRuns: [{ api: "generateText", tools: ["getTransactions", "refund"], bound: { kind: "literal", value: 4 } }],
      },
    },
    {
      name: "provider-defined tools: named by their key (also through a variable), shell/computer/text-editor marked, the shell's exec attributed to it",
      code: providerTools,
      expect: {
        tools: [
          { name: "str_replace_editor", loc: { line: 5, column: 16 }, provider: { api: "anthropic.tools.textEditor_20250124", capability: "text-editor" }, body: {} },
          { name: "shell", loc: { line: 7, column: 10 }, approval: "none", provider: { api: "openai.tools.localShell", capability: "shell" }, body: {} },
          { name: "bash", loc: { line: 8, column: 9 }, approval: "always", provider: { capability: "shell" } },
          { name: "screen", loc: { line: 9, column: 11 }, provider: { capability: "computer" } },
          { name: "search", loc: { line: 10, column: 11 }, provider: { api: "openai.tools.webSearch" } },
        ],
        destructive: [{ op: "child_process.exec", tool: "shell", loc: { line: 7, column: 67 } }],
      },
    },
    {
      name: "a tool set built by a library call is recorded as opaque on the run (whole, or spread in)",
      code: library,
      expect: {
        agentRuns: [
          { api: "new ToolLoopAgent", tools: [], opaqueTools: [{ text: "createBashTool(…).tools", reason: "built by createBashTool() from bash-tool (a library)", loc: { line: 4, column: 49 } }] },
          { api: "new Experimental_Agent", tools: ["note"], opaqueTools: [{ loc: { line: 5, column: 37 } }] },
        ],
        tools: [{ name: "note", loc: { line: 5, column: 56 } }],
      },
    },
    {
      name: "identical AI Gateway string models in one file fold into the first",
      code: `import { generateText } from "ai";\nawait generateText({ model: "openai/gpt-4o", prompt: "a" });\nawait generateText({ model: "openai/gpt-4o", prompt: "b" });\nawait generateText({ model: "anthropic/claude-sonnet-4", prompt: "c" });\n`,
      expect: { modelClients: [{ provider: "vercel-ai-gateway", loc: { line: 2, column: 22 }, more: { count: 2 } }] },
    },
  ],
  invalid: [
    {
      name: "an object under tools with neither execute nor a schema is not a tool; a spread of a local object is not opaque",
      code: `import { generateText } from "ai";\nconst base = { a: { inputSchema: s, execute: async () => 1 } };\nawait generateText({ model: m, tools: { ...base, meta: { version: 2 } } });\n`,
      expect: { tools: [{ name: "a" }], agentRuns: [{ tools: ["a", "meta"] }] },
      check: (f) => {
        expect(f.tools).toHaveLength(1);
        expect(f.agentRuns[0]!.opaqueTools).toBeUndefined();
      },
    },
    {
      name: "a spread of a call to a local function returning an object literal gives that object's tools",
      code: `import { generateText, tool } from "ai";\nfunction extra(k: string) {\n  const s = k;\n  return { a: tool({ inputSchema: s, execute: async () => 1 }) };\n}\nconst more = () => ({ b: tool({ inputSchema: x, execute: async () => 2 }) });\nawait generateText({ model: m, tools: { ...extra("k"), ...more(), c: tool({ inputSchema: x, execute: async () => 3 }) } });\n`,
      expect: { agentRuns: [{ api: "generateText", tools: ["a", "b", "c"], loc: { line: 7 } }] },
      check: (f) => expect(f.agentRuns[0]!.opaqueTools).toBeUndefined(),
    },
    {
      name: "a function spreading its own call is not followed for ever",
      code: `import { generateText } from "ai";\nfunction loop(): any { return { ...loop() }; }\nawait generateText({ model: m, tools: { ...loop() } });\n`,
      expect: { agentRuns: [{ api: "generateText", opaqueTools: [{ text: "a spread in the tools object", loc: { line: 3 } }] }] },
    },
    {
      name: "tools from a project function are not opaque (their tool() calls are seen where they are made)",
      code: { "src/tools.ts": `import { tool } from "ai";\nexport function makeTools() { return { t: tool({ execute: async () => 1 }) }; }\n`, "src/agent.ts": `import { generateText } from "ai";\nimport { makeTools } from "./tools";\nawait generateText({ model: m, tools: makeTools() });\n` },
      expect: { agentRuns: [{ api: "generateText" }] },
      check: (f) => expect(f.agentRuns[0]!.opaqueTools).toBeUndefined(),
    },
    {
      name: "a default-provider model in another file is its own finding (one default client per file)",
      code: { "src/a.ts": `import { openai } from "@ai-sdk/openai";\nexport const m = openai("gpt-4o");\n`, "src/b.ts": `import { openai } from "@ai-sdk/openai";\nexport const n = openai("gpt-4o-mini");\n` },
      expect: { modelClients: [{ loc: { file: "src/a.ts" } }, { loc: { file: "src/b.ts" } }] },
      check: (f) => expect(f.modelClients.map((c) => c.more)).toEqual([undefined, undefined]),
    },
  ],
});
