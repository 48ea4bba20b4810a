import { controlTable } from "./table.js";

controlTable("IAA-04", [
  { name: "unaudited model call and tool fail", files: `import OpenAI from "openai";\nimport { tool } from "ai";\nconst c = new OpenAI();\nexport async function ask() { return c.chat.completions.create({ model: "m", messages: [] }); }\nexport const t = tool({ execute: async () => 1 });\n`, findings: ["fail@4", "fail@5"] },
  { name: "audit calls in the function and the tool body pass", files: `import OpenAI from "openai";\nimport { tool } from "ai";\nimport { audit } from "./audit";\nconst c = new OpenAI();\nexport async function ask() { const r = await c.chat.completions.create({ model: "m", messages: [] }); await audit.record({ r }); return r; }\nexport const t = tool({ execute: async () => { audit.record({}); return 1; } });\n`, findings: [] },
  { name: "OpenAI Agents tracing covers runs and tools unless disabled", files: `import { run, tool, setTracingDisabled } from "@openai/agents";\nsetTracingDisabled(true);\nawait run(a, "x", { maxTurns: 2 });\n`, findings: ["fail@3"], messages: ["tracing is disabled"] },
]);

// Function tools (OpenAI chat completions, Anthropic tool_use): the dispatch branch is the tool body.
controlTable("IAA-04", [
  { name: "Anthropic tool_use handlers without an audit record fail at the tool definition", files: `import Anthropic from "@anthropic-ai/sdk";\nimport { audit } from "./audit";\nconst a = new Anthropic();\nexport async function handle(block: any) {\n  if (block.name === "get_weather") return "sunny";\n  if (block.name === "book") { audit.record(block); return "ok"; }\n}\nexport async function ask() {\n  const m = await a.messages.create({ model: "c", max_tokens: 9, messages: [], tools: [{ name: "get_weather", input_schema: {} }, { name: "book", input_schema: {} }] });\n  await audit.record(m);\n}\n`, findings: ["fail@9"], messages: ["tool get_weather executes with no audit record"] },
]);
controlTable("IAA-04", [
  { name: "a function tool declared to the model with no handler in the source has no execution site to audit", files: `import OpenAI from "openai";\nimport { audit } from "./audit";\nconst c = new OpenAI();\nexport async function ask() {\n  const r = await c.chat.completions.create({ model: "m", messages: [], tools: [{ type: "function", function: { name: "get_weather" } }] });\n  audit.record(r);\n}\n`, findings: [], notes: ["1 function tool is declared to the model with no handler found"] },
]);
