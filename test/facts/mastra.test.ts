import { recognizerTester } from "./tester.js";

recognizerTester("mastra", {
  valid: [
    {
      name: "createTool({ id, requireApproval }) and agent.generate({ maxSteps })",
      code: `import { Agent } from "@mastra/core/agent";\nimport { createTool } from "@mastra/core/tools";\nconst wipe = createTool({ id: "wipe", description: "d", requireApproval: true, execute: async () => 1 });\nconst agent = new Agent({ name: "a", instructions: "i", model, tools: { wipe } });\nawait agent.generate("go", { maxSteps: 4 });\n`,
      expect: { tools: [{ name: "wipe", approval: "always", framework: "mastra" }], agentRuns: [{ api: "Agent.generate", bound: { kind: "literal", value: 4 }, loc: { line: 5, column: 7 } }] },
    },
    {
      name: "defaultGenerateOptions.maxSteps, else the default",
      code: `import { Agent } from "@mastra/core/agent";\nconst a = new Agent({ name: "a", model, defaultGenerateOptions: { maxSteps: 3 } });\nawait a.stream("x");\nconst b = new Agent({ name: "b", model });\nawait b.generate("y");\n`,
      expect: { agentRuns: [{ bound: { kind: "literal", value: 3 } }, { bound: { kind: "default", value: 5 } }] },
    },
  ],
  invalid: [{ name: "createTool from elsewhere", code: `import { createTool } from "./tools";\ncreateTool({ id: "x" });\n`, absent: ["tools"] }],
});
