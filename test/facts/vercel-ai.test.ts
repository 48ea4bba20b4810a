import { describe, expect, it } from "vitest";
import { recognizerTester } from "./tester.js";

const F = "src/agent.ts";
recognizerTester("vercel-ai", {
  valid: [
    {
      name: "stopWhen: stepCountIs(n) with an imported, renamed constant",
      code: {
        "src/limits.ts": "export const MAX_STEPS = 12;\n",
        [F]: `import { generateText as gen, stepCountIs } from "ai";\nimport { MAX_STEPS as M } from "./limits.js";\nimport { t } from "./tools";\nexport const r = await gen({\n  model: m,\n  tools: { lookup: t },\n  stopWhen: stepCountIs(M),\n});\n`,
      },
      expect: { agentRuns: [{ framework: "vercel-ai", api: "generateText", bound: { kind: "literal", value: 12, via: "MAX_STEPS" }, loc: { file: F, line: 4, column: 24 }, boundLoc: { line: 7, column: 3 }, tools: ["lookup"] }] },
    },
    {
      name: "v4 maxSteps",
      code: `import { streamText } from "ai";\nstreamText({ model: m, tools: {}, maxSteps: 7 });\n`,
      expect: { agentRuns: [{ bound: { kind: "literal", value: 7 }, loc: { line: 2, column: 1 } }] },
    },
    {
      name: "isStepCount (v7) inside an array of stop conditions: the smallest bound wins",
      code: `import { generateText, isStepCount, hasToolCall } from "ai";\ngenerateText({ model: m, tools: {}, stopWhen: [hasToolCall("done"), isStepCount(9), isStepCount(30)] });\n`,
      expect: { agentRuns: [{ bound: { kind: "literal", value: 9 } }] },
    },
    {
      name: "isLoopFinished() is unbounded",
      code: `import { ToolLoopAgent, isLoopFinished } from "ai";\nconst a = new ToolLoopAgent({ model: m, stopWhen: isLoopFinished() });\n`,
      expect: { agentRuns: [{ api: "new ToolLoopAgent", bound: { kind: "unbounded" } }] },
    },
    {
      name: "ToolLoopAgent default is 20, and agent.generate({ abortSignal }) wires the signal",
      code: `import { ToolLoopAgent } from "ai";\nconst agent = new ToolLoopAgent({ model: m, tools: {} });\nawait agent.generate({ prompt: "x", abortSignal: AbortSignal.timeout(60_000) });\n`,
      expect: { agentRuns: [{ bound: { kind: "default", value: 20 }, signal: true, timeout: { ms: 60000 } }] },
    },
    {
      name: "tool({ needsApproval }) named by its key in the tools object, with telemetry on the run",
      code: `import { generateText, tool, stepCountIs } from "ai";\nconst wipe = tool({ description: "d", needsApproval: true, execute: async () => 1 });\ngenerateText({ model: m, tools: { wipe_cache: wipe }, stopWhen: stepCountIs(3), experimental_telemetry: { isEnabled: true } });\n`,
      expect: { tools: [{ name: "wipe_cache", approval: "always", approvalLoc: { line: 2, column: 39 }, audited: true, loc: { line: 2, column: 14 } }], agentRuns: [{ telemetry: true, audited: true }] },
    },
    {
      name: "createOpenAI({ baseURL: env }) and the default openai provider",
      code: `import { createOpenAI, openai } from "@ai-sdk/openai";\nexport const gw = createOpenAI({ baseURL: process.env.LLM_GATEWAY_URL });\nconst m = openai("gpt-4o");\n`,
      expect: { modelClients: [{ api: "createOpenAI", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, loc: { line: 2, column: 19 } }, { api: "openai (default provider)", baseURL: { kind: "absent" }, envDefault: "OPENAI_BASE_URL", loc: { line: 3, column: 11 } }] },
    },
    {
      name: "generateText without tools is a single model call",
      code: `import { generateText } from "ai";\nawait generateText({ model: m, prompt: "hi" });\n`,
      expect: { modelCalls: [{ api: "generateText", loc: { line: 2, column: 7 } }] },
      absent: ["agentRuns"],
    },
  ],
  invalid: [
    { name: "a local function named generateText is not the SDK", code: `function generateText(o: object) { return o; }\ngenerateText({ tools: {}, maxSteps: 1000 });\n`, absent: ["agentRuns", "modelCalls"] },
    { name: "a different package's tool()", code: `import { tool } from "./my-tools";\ntool({ execute() {} });\n`, absent: ["tools"] },
  ],
});

describe("UI hooks are not model clients", () => {
  it("useChat from @ai-sdk/react posts to the app's own route: no client", async () => {
    const { extractFacts } = await import("../../src/facts/extract.js");
    const text = `import { useChat } from "@ai-sdk/react";\nexport function Page() {\n  const { messages } = useChat();\n  return messages;\n}\n`;
    const facts = extractFacts({ files: [{ path: "app/page.tsx", abs: "/x/app/page.tsx", text, sha256: "", size: text.length }], skipped: [] })!;
    expect(facts.modelClients).toEqual([]);
  });
});
