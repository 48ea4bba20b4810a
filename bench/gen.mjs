// Synthetic agent projects for the benchmark: a realistic mix of the frameworks psf reads, ~100
// lines a file, with cross-file imports of shared constants and clients. Original text, generated.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const header = (i) => `// generated module ${i}: part of a synthetic agent project for psf's benchmark\n`;

const filler = (i, n) => {
  const out = [];
  for (let k = 0; k < n; k++) {
    out.push(`export function helper${i}_${k}(input: { id: number; tags: string[] }): string {`);
    out.push(`  const parts = input.tags.filter((t) => t.length > ${k % 5}).map((t) => t.toUpperCase());`);
    out.push(`  if (parts.length === 0) return \`none-\${input.id}\`;`);
    out.push(`  return parts.join(",") + ":" + String(input.id * ${k + 1});`);
    out.push(`}`);
    out.push(``);
  }
  return out.join("\n");
};

const templates = [
  (i) => `import { generateText, stepCountIs, tool } from "ai";
import { createOpenAI } from "@ai-sdk/openai";
import { MAX_STEPS, BASE } from "../shared/limits.js";
import { z } from "zod";

const gateway = createOpenAI({ baseURL: process.env.LLM_GATEWAY_URL, apiKey: process.env.LLM_GATEWAY_KEY });

export const lookup${i} = tool({
  description: "look up one record",
  inputSchema: z.object({ id: z.number() }),
  execute: async ({ id }) => {
    const res = await fetch(\`\${BASE}/records/\${id}\`, { signal: AbortSignal.timeout(10_000) });
    return res.json();
  },
});

export async function runAgent${i}(prompt: string, signal: AbortSignal) {
  const result = await generateText({
    model: gateway("gpt-4o-mini"),
    tools: { lookup_${i}: lookup${i} },
    stopWhen: stepCountIs(MAX_STEPS),
    abortSignal: signal,
    experimental_telemetry: { isEnabled: true },
    prompt,
  });
  return result.text;
}
`,
  (i) => `import { Agent, run, tool } from "@openai/agents";
import { z } from "zod";
import { MAX_STEPS } from "../shared/limits.js";

const search${i} = tool({
  name: "search_${i}",
  description: "search the index",
  parameters: z.object({ q: z.string() }),
  execute: async ({ q }) => \`results for \${q}\`,
});

const agent${i} = new Agent({ name: "agent ${i}", instructions: "answer briefly", tools: [search${i}] });

export async function ask${i}(question: string, signal: AbortSignal) {
  const out = await run(agent${i}, question, { maxTurns: MAX_STEPS, signal });
  return out.finalOutput;
}
`,
  (i) => `import { StateGraph, Annotation, interrupt } from "@langchain/langgraph";
import { ChatOpenAI } from "@langchain/openai";
import { MAX_STEPS } from "../shared/limits.js";

const State = Annotation.Root({ question: Annotation<string>(), answer: Annotation<string>() });
const llm = new ChatOpenAI({ model: "gpt-4o", configuration: { baseURL: process.env.LLM_GATEWAY_URL } });

async function answer(state: typeof State.State) {
  const msg = await llm.invoke(state.question);
  return { answer: String(msg.content) };
}

const graph${i} = new StateGraph(State).addNode("answer", answer).addEdge("__start__", "answer").compile();

export async function solve${i}(question: string) {
  return graph${i}.invoke({ question }, { recursionLimit: MAX_STEPS });
}
`,
  (i) => `import OpenAI from "openai";
import { audit } from "../shared/audit.js";
import { MAX_STEPS, MAX_SUBTASKS } from "../shared/limits.js";

const client = new OpenAI({ baseURL: process.env.LLM_GATEWAY_URL, apiKey: process.env.LLM_GATEWAY_KEY });

export async function crawl${i}(seed: number[], signal: AbortSignal) {
  const queue = [...seed];
  for (let step = 0; step < MAX_STEPS && queue.length > 0; step++) {
    signal.throwIfAborted();
    const next = queue.shift()!;
    const reply = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: String(next) }] }, { signal });
    await audit.record({ step, next, usage: reply.usage });
    if (queue.length < MAX_SUBTASKS) queue.push(next + 1);
  }
}
`,
  (i) => `import { Agent } from "@mastra/core/agent";
import { createTool } from "@mastra/core/tools";
import { z } from "zod";

export const notify${i} = createTool({
  id: "notify_${i}",
  description: "send a note",
  inputSchema: z.object({ text: z.string() }),
  requireApproval: true,
  execute: async ({ context }) => ({ sent: context.text.length }),
});

export const helper${i} = new Agent({ name: "helper ${i}", instructions: "be brief", model: "openai/gpt-4o", tools: { notify${i} } });

export async function respond${i}(text: string) {
  return helper${i}.generate(text, { maxSteps: 5 });
}
`,
];

export function generate(dir, files) {
  mkdirSync(path.join(dir, "src", "shared"), { recursive: true });
  writeFileSync(path.join(dir, "src", "shared", "limits.ts"), `export const MAX_STEPS = 40;\nexport const MAX_SUBTASKS = 25;\nexport const BASE = "https://registry.example/api";\n`);
  writeFileSync(path.join(dir, "src", "shared", "audit.ts"), `export const audit = { async record(r: unknown) { void r; } };\n`);
  for (let i = 0; i < files; i++) {
    const sub = path.join(dir, "src", `m${Math.floor(i / 500)}`);
    if (i % 500 === 0) mkdirSync(sub, { recursive: true });
    const body = templates[i % templates.length](i);
    const lines = body.split("\n").length;
    writeFileSync(path.join(sub, `mod${i}.ts`), header(i) + body + "\n" + filler(i, Math.max(0, Math.round((100 - lines) / 6))));
  }
}
