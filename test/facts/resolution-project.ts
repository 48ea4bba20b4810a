// A small generated project whose facts depend on cross-file resolution: tools that reach destructive
// operations through chains of project functions in other files, approval functions in tool bodies,
// loops that call the model only through helpers, recursion through two files, and a model-derived
// condition guarding a tool call. Used by identical.test.ts (facts before and after the resolution
// was made linear). Original text, generated.

/** `{ path: text }` for a project of `n` groups of five files each. */
export function resolutionProject(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  files["src/db.ts"] = `import { rmSync } from "node:fs";
export async function dropAll(db: { query(q: string): Promise<void> }) { await db.query("DROP TABLE users"); }
export function wipe(dir: string) { rmSync(dir, { recursive: true, force: true }); }
`;
  for (let i = 0; i < n; i++) {
    files[`src/g${i}/store.ts`] = `import { dropAll, wipe } from "../db.js";
export async function purge${i}(db: { query(q: string): Promise<void> }) { await dropAll(db); }
export async function deleteRow${i}(db: { query(q: string): Promise<void> }, id: number) { await db.query(\`DELETE FROM rows WHERE id = \${id}\`); }
export function clean${i}(dir: string) { if (dir.length > ${i}) wipe(dir); }
export function untouched${i}(dir: string) { wipe(dir + "/tmp"); }
`;
    files[`src/g${i}/ops.ts`] = `import { purge${i}, clean${i} } from "./store.js";
export async function reset${i}(db: { query(q: string): Promise<void> }, dir: string) { clean${i}(dir); await purge${i}(db); }
export async function requestApproval${i}(what: string): Promise<boolean> { return what.length > 0; }
`;
    files[`src/g${i}/model.ts`] = `import OpenAI from "openai";
const client = new OpenAI();
export async function ask${i}(q: string) { return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] }); }
export async function think${i}(q: string) { return ask${i}(q); }
export async function walkTree${i}(depth: number): Promise<void> { if (depth > 3) return; await think${i}("x"); await climb${i}(depth + 1); }
export async function climb${i}(depth: number): Promise<void> { await walkTree${i}(depth); }
`;
    files[`src/g${i}/tools.ts`] = `import { tool, generateText } from "ai";
import { z } from "zod";
import { reset${i}, requestApproval${i} } from "./ops.js";
import { deleteRow${i} } from "./store.js";
const db = { async query(q: string) { void q; } };
export const resetTool${i} = tool({
  description: "reset",
  inputSchema: z.object({ dir: z.string() }),
  execute: async ({ dir }) => { if (!(await requestApproval${i}("reset"))) return "denied"; await reset${i}(db, dir); return "ok"; },
});
export const deleteTool${i} = tool({
  description: "delete",
  inputSchema: z.object({ id: z.number() }),
  execute: async ({ id }) => { await deleteRow${i}(db, id); return "ok"; },
});
export async function run${i}(prompt: string) {
  return generateText({ model: "openai/gpt-4o" as never, tools: { reset_${i}: resetTool${i}, delete_${i}: deleteTool${i} }, prompt });
}
`;
    files[`src/g${i}/loop.ts`] = `import { think${i} } from "./model.js";
import { resetTool${i} } from "./tools.js";
export async function poll${i}(queue: string[]) {
  while (true) {
    const job = queue.shift();
    if (!job) break;
    const answer = await think${i}(job);
    if (String(answer).includes("reset")) await resetTool${i}.execute!({ dir: job }, {} as never);
  }
}
`;
  }
  return files;
}
