import { recognizerTester } from "./tester.js";

recognizerTester("openai-agents", {
  valid: [
    {
      name: "run() with maxTurns from a constant, and a signal",
      code: `import { Agent, run } from "@openai/agents";\nconst MAX_TURNS = 8;\nconst agent = new Agent({ name: "a", instructions: "i", model: "gpt-4.1" });\nawait run(agent, "go", { maxTurns: MAX_TURNS, signal: ctl.signal });\n`,
      expect: { agentRuns: [{ framework: "openai-agents", api: "run", bound: { kind: "literal", value: 8, via: "MAX_TURNS" }, signal: true, loc: { line: 4, column: 7 }, telemetry: true }], modelClients: [{ api: "Agent (default OpenAI client)", envDefault: "OPENAI_BASE_URL", loc: { line: 3, column: 15 } }] },
    },
    { name: "default maxTurns is 10", code: `import { run } from "@openai/agents";\nawait run(agent, "go");\n`, expect: { agentRuns: [{ bound: { kind: "default", value: 10 } }] } },
    { name: "maxTurns: null is unbounded", code: `import { run } from "@openai/agents";\nawait run(agent, "go", { maxTurns: null });\n`, expect: { agentRuns: [{ bound: { kind: "unbounded" }, boundLoc: { line: 2, column: 26 } }] } },
    { name: "Runner.run", code: `import { Runner } from "@openai/agents";\nconst runner = new Runner();\nawait runner.run(agent, "x", { maxTurns: 4 });\n`, expect: { agentRuns: [{ api: "Runner.run", bound: { kind: "literal", value: 4 }, loc: { line: 3, column: 7 } }] } },
    {
      name: "tool({ name, needsApproval }) and tracing disabled",
      code: `import { tool, setTracingDisabled } from "@openai/agents";\nsetTracingDisabled(true);\nexport const del = tool({ name: "delete_row", description: "d", parameters: p, needsApproval: async () => true, execute: async () => "ok" });\n`,
      expect: { tools: [{ name: "delete_row", approval: "conditional", audited: false, loc: { line: 3, column: 20 } }], tracing: { openaiAgentsDisabled: { line: 2, column: 1 } } },
    },
    {
      name: "setDefaultOpenAIClient drops the default client",
      code: `import OpenAI from "openai";\nimport { Agent, setDefaultOpenAIClient } from "@openai/agents";\nsetDefaultOpenAIClient(new OpenAI({ baseURL: "http://gw:4000" }));\nnew Agent({ name: "a", model: "gpt-4.1" });\n`,
      expect: { modelClients: [{ api: "new OpenAI", baseURL: { kind: "literal", text: "http://gw:4000" } }] },
    },
  ],
  invalid: [
    { name: "run() from another package", code: `import { run } from "./runner";\nrun(agent, "x");\n`, absent: ["agentRuns"] },
  ],
});
