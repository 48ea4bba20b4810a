import { controlTable } from "./table.js";

const lim = { boundaries: { limits: { timeout: "2h" } } };
controlTable("ABC-06", [
  { name: "AbortSignal.timeout within the declared timeout passes", manifest: lim, files: `import { run } from "@openai/agents";\nawait run(a, "x", { maxTurns: 3, signal: AbortSignal.timeout(7_200_000) });\n`, findings: [] },
  { name: "no timeout at all fails at the first agent work", manifest: lim, files: `import { run } from "@openai/agents";\n\nawait run(a, "x", { maxTurns: 3 });\n`, findings: ["fail@3"] },
  { name: "a timeout only in a file where the agent does no work is not taken as the run's", manifest: lim, files: { "src/agent.ts": `import { run } from "@openai/agents";\n\nawait run(a, "x", { maxTurns: 3 });\n`, "src/feed.ts": `export const read = (u: string) => fetch(u, { signal: AbortSignal.timeout(5_000) });\n` }, findings: ["warn@3"], messages: ["src/feed.ts:1", "cannot tell it bounds this run"] },
  { name: "the same in Python: an asyncio.wait_for around a socket read in a helper", manifest: lim, files: { "agent.py": "from agents import Agent, Runner\n\nresult = Runner.run_sync(Agent(name='a'), 'x', max_turns=3)\n", "mail.py": "import asyncio\n\nasync def next_message(ws):\n    return await asyncio.wait_for(ws.recv(), timeout=30)\n" }, findings: ["warn@3"], messages: ["mail.py:4"] },
  { name: "a second run in a file with no timeout, beside a bounded one elsewhere: a warn at that run", manifest: lim, files: { "src/serve.ts": `import { run } from "@openai/agents";\nawait run(a, "x", { maxTurns: 3, signal: AbortSignal.timeout(600_000) });\n`, "src/batch.ts": `import { run } from "@openai/agents";\n\nawait run(a, "nightly", { maxTurns: 3 });\n` }, findings: ["warn@3"], messages: ["has no timeout of its own and none is in its file"] },
  { name: "a timeout in a file where the agent works passes", manifest: lim, files: { "src/agent.ts": `import { run } from "@openai/agents";\nimport { read } from "./feed";\nconst signal = AbortSignal.timeout(600_000);\nawait run(a, await read("x"), { maxTurns: 3, signal });\n`, "src/feed.ts": `export const read = async (u: string) => u;\n` }, findings: [] },
  { name: "a timeout longer than declared fails", manifest: lim, files: `const c = new AbortController();\nsetTimeout(() => c.abort(), 86_400_000);\n`, findings: ["fail@2"], messages: ["86400000"] },
]);

controlTable("ABC-07", [
  { name: "model output deciding a destructive call warns", files: `import { generateText } from "ai";\nimport { rmSync } from "node:fs";\nexport async function f() {\n  const { text } = await generateText({ model: m, prompt: "delete?" });\n  if (text.includes("yes")) rmSync("/data", { recursive: true });\n}\n`, findings: ["warn@5"] },
  { name: "a condition not derived from the model passes", files: `import { rmSync } from "node:fs";\nexport function f(ok: boolean) { if (ok) rmSync("/tmp/x"); }\n`, findings: [] },
]);

const tools = { boundaries: { tools: [{ name: "purge", access: "destructive" as const, requires_approval: true }, { name: "tidy", access: "write" as const }] } };
controlTable("ABC-08", [
  { name: "destructive op inside a declared destructive tool with approval passes", manifest: tools, files: `import { tool } from "ai";\nimport { rmSync } from "node:fs";\nexport const purge = tool({ needsApproval: true, execute: async () => rmSync("/tmp/x") });\n`, findings: [] },
  { name: "destructive op outside any tool fails", manifest: tools, files: `import { execSync } from "node:child_process";\nexecSync("rm -rf /");\n`, findings: ["fail@2"] },
  { name: "in a tool declared write, not destructive", manifest: tools, files: `import { tool } from "ai";\nimport fs from "node:fs";\nexport const tidy = tool({ execute: async () => fs.unlinkSync("x") });\n`, findings: ["fail@3"], messages: ["access write"] },
  // SQL quoted in text for a model is an example, not an operation (the Python walk reads the same keys).
  { name: "SQL quoted in an agent's instructions, a message's content and a prompt constant is no operation", manifest: tools, files: `import { Agent } from "@openai/agents";\nconst SYSTEM_PROMPT = \`Refuse requests such as "DROP TABLE users;".\`;\nexport const a = new Agent({ name: "db", instructions: "Never write DELETE FROM without a WHERE clause. " + SYSTEM_PROMPT });\nexport const m = [{ role: "user", content: "what does TRUNCATE TABLE do?" }];\n`, findings: [] },
  { name: "…while the same SQL run by a query beside them is one", manifest: tools, files: `import { Agent } from "@openai/agents";\nexport const a = new Agent({ name: "db", instructions: "Never DROP TABLE anything." });\nexport async function wipe(db: any) { await db.query("DROP TABLE runs"); }\n`, findings: ["fail@3"] },
  { name: "SQL DROP reached through a helper the tool calls", manifest: tools, files: `import { tool } from "@openai/agents";\nasync function wipe(db: any) { await db.query("DROP TABLE runs"); }\ntool({ name: "nuke", execute: async () => wipe(db) });\n`, findings: ["fail@2"], messages: ["tool nuke"] },
]);

// Function tools dispatched by name: a call to the dispatcher runs the tool.
controlTable("ABC-07", [
  { name: "a model's answer deciding a call to the tool dispatcher warns", files: `import OpenAI from "openai";\nconst c = new OpenAI();\nexport async function runTool(name: string) {\n  switch (name) { case "cleanup": return 1; }\n}\nexport async function tick() {\n  const reply = await c.chat.completions.create({ model: "m", messages: [], tools: [{ type: "function", function: { name: "cleanup" } }] });\n  if (reply.choices[0].message.content?.includes("SAFE")) await runTool("cleanup");\n}\n`, findings: ["warn@8"], messages: ["guarding runTool"] },
  { name: "the dispatcher called on a non-model condition passes", files: `import OpenAI from "openai";\nconst c = new OpenAI();\nexport async function runTool(name: string) {\n  switch (name) { case "cleanup": return 1; }\n}\nexport async function tick(full: boolean) {\n  await c.chat.completions.create({ model: "m", messages: [], tools: [{ type: "function", function: { name: "cleanup" } }] });\n  if (full) await runTool("cleanup");\n}\n`, findings: [] },
]);
