import { recognizerTester } from "./tester.js";

recognizerTester("mastra", {
  valid: [
    {
      name: "createTool({ id, requireApproval }) and agent.generate({ maxSteps })",
      code: `import { Agent } from "@mastra/core/agent";\nimport { createTool } from "@mastra/core/tools";\nconst wipe = createTool({ id: "wipe", description: "d", requireApproval: true, execute: async () => 1 });\nconst agent = new Agent({ name: "a", instructions: "i", model, tools: { wipe } });\nawait agent.generate("go", { maxSteps: 4 });\n`,
      expect: { tools: [{ name: "wipe", approval: "always", framework: "mastra" }], agentRuns: [{ api: "Agent.generate", bound: { kind: "literal", value: 4 }, loc: { line: 5, column: 7 } }] },
    },
    {
      name: "defaultGenerateOptions.maxSteps, else the default; an Agent given nothing to call answers in one step",
      code: `import { Agent } from "@mastra/core/agent";\nconst a = new Agent({ name: "a", model, defaultGenerateOptions: { maxSteps: 3 } });\nawait a.stream("x");\nconst b = new Agent({ name: "b", model, tools: { lookup } });\nawait b.generate("y");\nconst c = new Agent({ name: "c", model });\nawait c.generate("z");\n`,
      expect: { agentRuns: [{ bound: { kind: "literal", value: 3 } }, { bound: { kind: "default", value: 5 } }, { bound: { kind: "single" } }] },
    },
    {
      name: "a fallback list of models: each entry is a model the router may call",
      code: `import { Agent } from "@mastra/core/agent";\nconst a = new Agent({ name: "a", model: [\n  { model: "openrouter/acme/fast", maxRetries: 2 },\n  { model: { id: "openai/gpt-4o", url: process.env.LLM_GATEWAY_URL } },\n] });\n`,
      expect: { modelClients: [{ api: 'model "openrouter/acme/fast" (Mastra model router)', loc: { line: 3 } }, { api: 'model "openai/gpt-4o" (Mastra model router)', baseURL: { kind: "env", name: "LLM_GATEWAY_URL" } }] },
    },
    {
      name: "stopWhen: a project's own stepCountIs(n) counts steps",
      code: `import { Agent } from "@mastra/core/agent";\nimport { Mastra } from "@mastra/core/mastra";\nfunction stepCountIs(n: number) {\n  return ({ steps }: { steps: unknown[] }) => steps.length >= n;\n}\nconst a = new Agent({ name: "a", model, tools: { t }, defaultOptions: { stopWhen: stepCountIs(400) } });\nexport const mastra = new Mastra({ agents: { a } });\n`,
      expect: { agentRuns: [{ bound: { kind: "literal", value: 400 } }] },
    },
  ],
  invalid: [{ name: "createTool from elsewhere", code: `import { createTool } from "./tools";\ncreateTool({ id: "x" });\n`, absent: ["tools"] }],
});
