import { controlTable } from "./table.js";

/**
 * Readings a reviewer would argue with (issue 13, item 3): each case names the finding psf used to
 * give and the one it gives now, at file:line.
 */

const allow = { boundaries: { endpoints: { allow: ["https://api.example.com/v1"] } } };
const search = `export async function lookup(q: string) {
  const url = new URL("https://api.example.com/v1/search");
  url.searchParams.set("q", q);
  url.searchParams.append("limit", "10");
  await fetch(url);
  await fetch(url.toString());
  await fetch(url.href);
  const off = new URL("https://other.example/x");
  off.searchParams.set("q", q);
  await fetch(off.toString());
}
`;
controlTable("ABC-02", [
  { name: "new URL(literal) with searchParams edits, fetched as url / url.toString() / url.href, is that literal URL", manifest: allow, files: search, findings: ["fail@10"], messages: ["https://other.example/x\") is not on the endpoint allowlist"] },
  { name: "a URL object built on a run-time base stays run-time, whatever is called on it", manifest: allow, files: `export async function f(base: string) {\n  const u = new URL(base);\n  await fetch(u.toString());\n}\n`, findings: ["warn@3"] },
]);

const subtasks = { boundaries: { limits: { max_subtasks: 5 } } };
const llm = `import OpenAI from "openai";\nconst c = new OpenAI();\n`;
controlTable("ABC-04", [
  {
    name: "a ring buffer and a rolling window with no model or tool call in the loop are not task queues",
    manifest: subtasks,
    files: `export function smooth(samples: number[]) {\n  const window: number[] = [];\n  for (const s of samples) {\n    window.push(s);\n    if (window.length > 10) window.shift();\n  }\n  const ring: number[] = [];\n  while (true) {\n    ring.push(Date.now());\n    ring.shift();\n    if (ring.length > 100) break;\n  }\n  return window;\n}\n`,
    findings: [],
  },
  {
    name: "the same list drained and refilled around a model call is a task queue",
    manifest: subtasks,
    files: `${llm}export async function plan(tasks: string[]) {\n  while (tasks.length) {\n    const t = tasks.shift()!;\n    const r = await c.chat.completions.create({ model: "m", messages: [{ role: "user", content: t }] });\n    tasks.push(r.choices[0]!.message.content!);\n  }\n}\n`,
    findings: ["fail@7"],
  },
]);
