import { recognizerTester } from "./tester.js";

/** Function tools declared straight to the provider SDKs, and their dispatch-by-name handlers. */
const OPENAI_TOOLS = `import OpenAI from "openai";
import fs from "node:fs";
const client = new OpenAI({ baseURL: process.env.LLM_GATEWAY_URL });
const tools = [
  { type: "function", function: { name: "lookup_asn", parameters: {} } },
  { type: "function", function: { name: "write_report", parameters: {} } },
];
export async function runTool(name: string, args: any) {
  switch (name) {
    case "lookup_asn":
      return { asn: args.asn };
    case "write_report": {
      fs.writeFileSync("r.md", String(args.md));
      return 1;
    }
  }
}
export async function step(messages: any[]) {
  const reply = await client.chat.completions.create({ model: "m", messages, tools });
  if (reply.choices[0].message.content?.includes("OK")) await runTool("write_report", {});
}
`;

recognizerTester("function tools (openai / anthropic)", {
  valid: [
    {
      name: "chat.completions tools dispatched by a switch on the name: bodies, writes and the dispatcher",
      code: OPENAI_TOOLS,
      expect: {
        tools: [
          { name: "lookup_asn", framework: "openai", approval: "none", loc: { line: 5, column: 35 }, varName: "runTool", audited: false },
          { name: "write_report", framework: "openai", loc: { line: 6, column: 35 }, varName: "runTool", writes: [{ op: "fs.writeFileSync", loc: { line: 13, column: 7 } }] },
        ],
        modelGuards: [{ loc: { line: 20, column: 7 }, actionLoc: { line: 20, column: 63 }, action: "runTool" }],
      },
    },
    {
      name: "tools in another module, an if-chain dispatcher, and an audit call in the branch",
      code: {
        "src/defs.ts": `export const TOOLS = [{ type: "function", function: { name: "purge", parameters: {} } }];\n`,
        "src/agent.ts": `import OpenAI from "openai";\nimport { rmSync } from "node:fs";\nimport { TOOLS } from "./defs.js";\nimport { audit } from "./audit.js";\nconst c = new OpenAI();\nexport async function dispatch(name: string) {\n  if (name === "purge") { audit("purge"); rmSync("/tmp/x"); }\n}\nexport const r = await c.chat.completions.create({ model: "m", messages: [], tools: TOOLS });\n`,
      },
      expect: { tools: [{ name: "purge", loc: { file: "src/defs.ts", line: 1, column: 55 }, audited: true, varName: "dispatch" }], destructive: [{ op: "fs.rmSync", tool: "purge" }] },
    },
    {
      name: "a handler map keyed by the tool name",
      code: `import OpenAI from "openai";\nimport { writeFile } from "node:fs/promises";\nconst c = new OpenAI();\nconst handlers = {\n  save_note: async (a: any) => { await writeFile("n.txt", a.text); },\n};\nawait c.chat.completions.create({ model: "m", messages: [], tools: [{ type: "function", function: { name: "save_note" } }] });\nexport { handlers };\n`,
      expect: { tools: [{ name: "save_note", writes: [{ op: "fs/promises.writeFile", loc: { line: 5, column: 40 } }] }] },
    },
    {
      name: "legacy functions: [{ name, parameters }] and a handler named after the tool (camelCase)",
      code: `import OpenAI from "openai";\nconst c = new OpenAI();\nasync function lookupAsn(n: number) { return n; }\nawait c.chat.completions.create({ model: "m", messages: [], functions: [{ name: "lookup_asn", parameters: {} }] });\n`,
      expect: { tools: [{ name: "lookup_asn", loc: { line: 4, column: 75 } }] },
    },
    {
      name: "Anthropic Messages tools [{ name, input_schema }] answered from tool_use blocks",
      code: `import Anthropic from "@anthropic-ai/sdk";\nconst a = new Anthropic();\nconst tools = [{ name: "get_weather", input_schema: { type: "object" } }];\nconst m = await a.messages.create({ model: "c", max_tokens: 9, messages: [], tools });\nfor (const block of m.content) {\n  if (block.type === "tool_use" && block.name === "get_weather") console.log(block.input);\n}\n`,
      expect: { tools: [{ name: "get_weather", framework: "anthropic", loc: { line: 3, column: 18 } }] },
    },
    {
      name: "openai runTools() is an agent run (default maxChatCompletions 10) whose tools carry their functions",
      code: `import OpenAI from "openai";\nconst c = new OpenAI();\nfunction list() { return []; }\nawait c.chat.completions.runTools({ model: "m", messages: [], tools: [{ type: "function", function: { name: "list", parameters: {}, function: list } }] });\n`,
      expect: { agentRuns: [{ framework: "openai", api: "chat.completions.runTools", bound: { kind: "default", value: 10 }, tools: ["list"] }], tools: [{ name: "list", body: { file: "src/agent.ts" } }] },
    },
    {
      name: "Anthropic toolRunner with max_iterations is bounded; without it is unbounded",
      code: `import Anthropic from "@anthropic-ai/sdk";\nconst a = new Anthropic();\nawait a.beta.messages.toolRunner({ model: "c", max_tokens: 9, messages: [], max_iterations: 10, tools: [] });\nawait a.beta.messages.toolRunner({ model: "c", max_tokens: 9, messages: [], tools: [] });\n`,
      expect: { agentRuns: [{ api: "beta.messages.toolRunner", bound: { kind: "literal", value: 10 }, boundLoc: { line: 3, column: 77 } }, { bound: { kind: "unbounded" } }] },
    },
  ],
  invalid: [
    {
      name: "server tools and untyped objects are not function tools; a model call without tools has none",
      code: `import OpenAI from "openai";\nconst c = new OpenAI();\nawait c.responses.create({ model: "m", input: "x", tools: [{ type: "web_search" }, { label: "x" }] });\nawait c.chat.completions.create({ model: "m", messages: [] });\n`,
      absent: ["tools"],
    },
    {
      name: "a case label that is no tool's name links nothing, and a switch alone defines no tool",
      code: `export function f(kind: string) {\n  switch (kind) { case "lookup_asn": return 1; }\n}\n`,
      absent: ["tools", "modelGuards"],
    },
  ],
});
