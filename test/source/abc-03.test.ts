import { controlTable } from "./table.js";

const lim = { boundaries: { limits: { max_steps: 40 } } };
controlTable("ABC-03", [
  { name: "stepCountIs(MAX_STEPS) imported, at the limit", manifest: lim, files: { "src/l.ts": `export const MAX_STEPS = 40;\n`, "src/agent.ts": `import { generateText, stepCountIs } from "ai";\nimport { MAX_STEPS } from "./l.js";\ngenerateText({ model: m, tools: {}, stopWhen: stepCountIs(MAX_STEPS) });\n` }, findings: [] },
  { name: "a bound above max_steps fails naming both numbers", manifest: lim, files: `import { run } from "@openai/agents";\nawait run(a, "x", {\n  maxTurns: 100,\n});\n`, findings: ["fail@3"], messages: ["100", "max_steps 40"] },
  { name: "a framework default warns naming it", manifest: lim, files: `import { AgentExecutor } from "langchain/agents";\nnew AgentExecutor({ agent, tools });\n`, findings: ["warn@2"], messages: ["AgentExecutor maxIterations = 15"] },
  { name: "maxTurns: null fails", manifest: lim, files: `import { run } from "@openai/agents";\nawait run(a, "x", { maxTurns: null });\n`, findings: ["fail@2"] },
  { name: "a bound from process.env warns with the reason", manifest: lim, files: `import { run } from "@openai/agents";\nawait run(a, "x", { maxTurns: Number(process.env.TURNS) });\n`, findings: ["warn@2"], messages: ["TURNS"] },
  { name: "while (true) around a model call with no exit fails", manifest: lim, files: `import OpenAI from "openai";\nconst c = new OpenAI();\nexport async function loop() {\n  while (true) {\n    await c.chat.completions.create({ model: "m", messages: [] });\n  }\n}\n`, findings: ["fail@4"] },
  { name: "while (true) with a counter exit passes", manifest: lim, files: `import OpenAI from "openai";\nconst c = new OpenAI();\nconst MAX = 10;\nexport async function loop() {\n  let i = 0;\n  while (true) {\n    if (i++ >= MAX) break;\n    await c.chat.completions.create({ model: "m", messages: [] });\n  }\n}\n`, findings: [] },
  { name: "a hand loop that calls a function that calls the model", manifest: lim, files: `import { generateText } from "ai";\nasync function step() { return generateText({ model: m, prompt: "x" }); }\nexport async function main() {\n  for (;;) { await step(); }\n}\n`, findings: ["fail@4"] },
  { name: "a single generateText is bounded", manifest: lim, files: `import { generateText } from "ai";\nawait generateText({ model: m, prompt: "x" });\n`, findings: [] },
]);
