import { controlTable } from "./table.js";

controlTable("OOC-02", [
  { name: "a loop without a pause check fails", files: `import OpenAI from "openai";\nconst c = new OpenAI();\nexport async function f() {\n  for (let i = 0; i < 5; i++) await c.chat.completions.create({ model: "m", messages: [] });\n}\n`, findings: ["fail@4"] },
  { name: "signal.throwIfAborted() in the loop passes", files: `import OpenAI from "openai";\nconst c = new OpenAI();\nexport async function f(signal: AbortSignal) {\n  for (let i = 0; i < 5; i++) {\n    signal.throwIfAborted();\n    await c.chat.completions.create({ model: "m", messages: [] });\n  }\n}\n`, findings: [] },
  { name: "a multi-step run without a signal fails; with one passes", files: `import { run } from "@openai/agents";\nawait run(a, "x", { maxTurns: 5 });\nawait run(a, "x", { maxTurns: 5, signal: s });\n`, findings: ["fail@2"] },
]);

const tools = { boundaries: { tools: [{ name: "wipe_cache", access: "destructive" as const, requires_approval: true }, { name: "lookup", access: "read" as const }, { name: "send_mail", access: "write" as const, requires_approval: true }] } };
controlTable("OOC-03", [
  { name: "needsApproval wired passes; missing fails at the tool", manifest: tools, files: `import { tool } from "ai";\nexport const tools = {\n  wipe_cache: tool({ description: "d", needsApproval: true, execute: async () => 1 }),\n  send_mail: tool({ description: "d", execute: async () => 1 }),\n  lookup: tool({ description: "d", execute: async () => 1 }),\n};\n`, findings: ["fail@4"], messages: ["send_mail"] },
  { name: "needsApproval: false fails at the option", manifest: tools, files: `import { tool } from "@openai/agents";\ntool({ name: "wipe_cache", needsApproval: false, execute: async () => 1 });\ntool({ name: "send_mail", needsApproval: true, execute: async () => 1 });\n`, findings: ["fail@2"] },
  { name: "humanInTheLoopMiddleware covering the tools passes", manifest: tools, files: `import { createAgent, humanInTheLoopMiddleware, tool } from "langchain";\nconst a = tool(async () => 1, { name: "wipe_cache" });\nconst b = tool(async () => 1, { name: "send_mail" });\ncreateAgent({ model: m, tools: [a, b], middleware: [humanInTheLoopMiddleware({ interruptOn: { wipe_cache: true, send_mail: true } })] });\n`, findings: [] },
  { name: "a declared tool absent from the source warns at the manifest", manifest: tools, files: `export {};\n`, findings: ["warn@-", "warn@-"] },
]);
