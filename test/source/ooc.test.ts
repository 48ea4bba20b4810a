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

const fnTools = (branch: string) => `import OpenAI from "openai";\nimport fs from "node:fs";\nimport { requireApproval } from "./approvals";\nconst c = new OpenAI();\nconst tools = [\n  { type: "function", function: { name: "lookup" } },\n  { type: "function", function: { name: "save" } },\n  { type: "function", function: { name: "purge" } },\n];\nexport async function runTool(name: string) {\n  switch (name) {\n    case "lookup": return 1;\n    case "save": ${branch} fs.writeFileSync("out.md", "x"); return 2;\n    case "purge": fs.rmSync("/tmp/c", { recursive: true }); return 3;\n  }\n}\nawait c.chat.completions.create({ model: "m", messages: [], tools });\n`;
// Tools the manifest does not declare: judged by what their bodies do.
controlTable("OOC-03", [
  { name: "undeclared function tools that write or delete fail at their definitions; a read-only one passes", files: fnTools(""), findings: ["fail@7", "fail@8"], messages: ["tool save is not declared", "fs.writeFileSync at src/agent.ts:13", "tool purge is not declared", "fs.rmSync at src/agent.ts:14"] },
  { name: "an approval call in the dispatch branch wires approval", files: fnTools(`await requireApproval("save");`), findings: ["fail@8"] },
  { name: "a declared tool is judged by its declaration, not its body", manifest: { boundaries: { tools: [{ name: "save", access: "write" as const, requires_approval: true }, { name: "purge", access: "read" as const }] } }, files: fnTools(""), findings: ["fail@7"], messages: ["declared access write"] },
  { name: "an AI SDK tool that writes through a helper, undeclared, fails; with needsApproval it passes", files: `import { tool } from "ai";\nimport { appendFileSync } from "node:fs";\nfunction log(x: string) { appendFileSync("log.txt", x); }\nexport const note = tool({ execute: async () => log("x") });\nexport const safe = tool({ needsApproval: true, execute: async () => log("y") });\n`, findings: ["fail@4"], messages: ["fs.appendFileSync at src/agent.ts:3"] },
]);
