import { controlTable } from "./table.js";

const lim = { boundaries: { limits: { max_subtasks: 25, max_depth: 3 } } };
const llm = `import OpenAI from "openai";\nconst c = new OpenAI();\n`;
controlTable("ABC-04", [
  { name: "a queue consumed and pushed with no size check fails at the push", manifest: lim, files: `${llm}export async function crawl(queue: number[]) {\n  while (queue.length > 0) {\n    const n = queue.shift();\n    await c.chat.completions.create({ model: "m", messages: [] });\n    queue.push(n! + 1);\n  }\n}\n`, findings: ["fail@7"] },
  { name: "a size check against MAX_SUBTASKS passes", manifest: lim, files: `${llm}const MAX_SUBTASKS = 25;\nexport async function crawl(queue: number[]) {\n  while (queue.length > 0) {\n    const n = queue.shift();\n    if (queue.length >= MAX_SUBTASKS) break;\n    queue.push(n! + 1);\n  }\n}\n`, findings: [] },
  { name: "a size check above max_subtasks fails", manifest: lim, files: `${llm}export async function crawl(queue: number[]) {\n  for (const n of queue) {\n    await c.chat.completions.create({ model: "m", messages: [] });\n    if (queue.length < 1000) queue.push(n + 1);\n  }\n}\n`, findings: ["fail@6"], messages: ["1000", "max_subtasks 25"] },
  { name: "an append-only list is history, not a queue", manifest: lim, files: `export function f(log: string[], xs: string[]) {\n  for (const x of xs) log.push(x);\n}\n`, findings: [] },
  { name: "mutual recursion around a model call with no depth bound fails", manifest: lim, files: `${llm}export async function a(n: number): Promise<void> { await c.chat.completions.create({ model: "m", messages: [] }); await b(n); }\nasync function b(n: number) { await a(n + 1); }\n`, findings: ["fail@3"], messages: ["a → b"] },
  { name: "recursion with a depth guard at MAX_DEPTH passes", manifest: lim, files: `${llm}const MAX_DEPTH = 3;\nexport async function explore(asn: number, depth: number): Promise<void> {\n  if (depth >= MAX_DEPTH) return;\n  await c.chat.completions.create({ model: "m", messages: [] });\n  await explore(asn + 1, depth + 1);\n}\n`, findings: [] },
  { name: "recursion without model or tool calls is not this control's business", manifest: lim, files: `export function fact(n: number): number { return n <= 1 ? 1 : n * fact(n - 1); }\n`, findings: [] },
]);
