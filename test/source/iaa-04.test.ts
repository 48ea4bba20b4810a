import { controlTable } from "./table.js";

controlTable("IAA-04", [
  { name: "unaudited model call and tool fail", files: `import OpenAI from "openai";\nimport { tool } from "ai";\nconst c = new OpenAI();\nexport async function ask() { return c.chat.completions.create({ model: "m", messages: [] }); }\nexport const t = tool({ execute: async () => 1 });\n`, findings: ["fail@4", "fail@5"] },
  { name: "audit calls in the function and the tool body pass", files: `import OpenAI from "openai";\nimport { tool } from "ai";\nimport { audit } from "./audit";\nconst c = new OpenAI();\nexport async function ask() { const r = await c.chat.completions.create({ model: "m", messages: [] }); await audit.record({ r }); return r; }\nexport const t = tool({ execute: async () => { audit.record({}); return 1; } });\n`, findings: [] },
  { name: "OpenAI Agents tracing covers runs and tools unless disabled", files: `import { run, tool, setTracingDisabled } from "@openai/agents";\nsetTracingDisabled(true);\nawait run(a, "x", { maxTurns: 2 });\n`, findings: ["fail@3"], messages: ["tracing is disabled"] },
]);
