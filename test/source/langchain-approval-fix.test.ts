// OOC-03 on a LangChain.js tool: the fix is the approval form of the constructor that builds the agent.
// createAgent takes the human-in-the-loop middleware; createReactAgent (LangGraph's prebuilt agent)
// has no middleware and takes interruptBefore or an interrupt() in the tool. Applying the fix passes.
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { MINIMAL, project, removeProjects } from "../helpers.js";

afterAll(removeProjects);

const MANIFEST = `${MINIMAL}boundaries:\n  tools:\n    - { name: purge_tickets, access: destructive, requires_approval: true }\n`;
const HEAD = `import { tool } from "@langchain/core/tools";\nimport { ChatOpenAI } from "@langchain/openai";\nimport { z } from "zod";\n`;
const TOOL = (body = "") => `const purge = tool(async ({ queue }: { queue: string }) => {\n${body}  await fetch(\`https://tickets.example.net/queues/\${queue}\`, { method: "DELETE" });\n  return "purged";\n}, { name: "purge_tickets", description: "Empty a ticket queue", schema: z.object({ queue: z.string() }) });\nconst llm = new ChatOpenAI({ model: "gpt-4o" });\n`;
const REACT = `import { createReactAgent } from "@langchain/langgraph/prebuilt";\n`;
const RUN = `export const triage = (q: string) => agent.invoke({ messages: [{ role: "user", content: q }] }, { recursionLimit: 10 });\n`;

const cases: { name: string; code: string; fix?: RegExp; notFix?: RegExp }[] = [
  {
    name: "createReactAgent: interruptBefore or interrupt(), not createAgent's middleware",
    code: `${HEAD}${REACT}${TOOL()}export const agent = createReactAgent({ llm, tools: [purge] });\n${RUN}`,
    fix: /^call `interrupt\(…\)` \(from @langchain\/langgraph\) in the tool before it acts, or pass `interruptBefore: \["tools"\]` to createReactAgent .* with a checkpointer/,
    notFix: /humanInTheLoopMiddleware|createAgent's/,
  },
  {
    name: "createAgent: the human-in-the-loop middleware, naming the tool",
    code: `${HEAD}import { createAgent } from "langchain";\n${TOOL()}export const agent = createAgent({ model: llm, tools: [purge] });\n${RUN}`,
    fix: /^add `humanInTheLoopMiddleware\(\{ interruptOn: \{ purge_tickets: true \} \}\)` to createAgent's middleware$/,
    notFix: /createReactAgent/,
  },
  {
    name: "no agent built in the source: both forms, each named for its constructor",
    code: `${HEAD}${TOOL()}export const tools = [purge];\n`,
    fix: /humanInTheLoopMiddleware\(\{ interruptOn: \{ purge_tickets: true \} \}\)` to createAgent's middleware, or, with createReactAgent, call `interrupt\(…\)`/,
  },
  { name: "createReactAgent given interruptBefore: [\"tools\"] (the fix applied) passes", code: `${HEAD}${REACT}import { MemorySaver } from "@langchain/langgraph";\n${TOOL()}export const agent = createReactAgent({ llm, tools: [purge], interruptBefore: ["tools"], checkpointSaver: new MemorySaver() });\n${RUN}` },
  { name: "an interrupt() in the tool under createReactAgent (the fix applied) passes", code: `${HEAD}${REACT}import { interrupt } from "@langchain/langgraph";\n${TOOL('  interrupt({ action: "purge_tickets", queue });\n')}export const agent = createReactAgent({ llm, tools: [purge] });\n${RUN}` },
];

describe("OOC-03 on a LangChain.js tool with no approval", () => {
  it.each(cases)("$name", ({ code, fix, notFix }) => {
    const dir = project({ "psf.yaml": MANIFEST, "src/agent.ts": code });
    const r = assess(path.join(dir, "psf.yaml"), { now: new Date("2026-11-21T12:00:00Z") }).report;
    const found = r.controls.find((c) => c.id === "OOC-03")!.findings.filter((x) => x.file === "src/agent.ts" && /purge_tickets/.test(x.message));
    if (!fix) {
      expect(found.map((f) => f.message)).toEqual([]);
      return;
    }
    expect(found).toHaveLength(1);
    expect(found[0]!.fix).toMatch(fix);
    if (notFix) expect(found[0]!.fix).not.toMatch(notFix);
  });
});
