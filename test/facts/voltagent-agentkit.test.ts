import { expect } from "vitest";
import { recognizerTester } from "./tester.js";

recognizerTester("VoltAgent", {
  valid: [
    {
      name: "new Agent({ maxSteps, tools }) and createTool({ name, needsApproval })",
      code: `import { Agent, createTool } from "@voltagent/core";\nimport { openai } from "@ai-sdk/openai";\nconst purge = createTool({ name: "purge_cache", description: "d", needsApproval: true, execute: async () => 1 });\nexport const agent = new Agent({ name: "scanner", instructions: "i", model: openai("gpt-4o"), tools: [purge], maxSteps: 12 });\n`,
      expect: {
        tools: [{ name: "purge_cache", approval: "always", framework: "voltagent", loc: { line: 3 } }],
        agentRuns: [{ api: "new Agent (VoltAgent)", framework: "voltagent", bound: { kind: "literal", value: 12 }, boundLoc: { line: 4 }, telemetry: true, loc: { line: 4, column: 22 } }],
      },
    },
    {
      name: "no maxSteps: the default of 5, named with its source",
      code: `import { Agent } from "@voltagent/core";\nexport const a = new Agent({ name: "a", instructions: "i", model });\n`,
      expect: { agentRuns: [{ bound: { kind: "default", value: 5, name: "VoltAgent Agent maxSteps" } }] },
    },
    {
      name: "a call's maxSteps and abortSignal count for the agent's run",
      code: `import { Agent } from "@voltagent/core";\nconst a = new Agent({ name: "a", instructions: "i", model });\nexport const go = () => a.generateText("x", { maxSteps: 3, abortSignal: AbortSignal.timeout(60_000) });\n`,
      expect: { agentRuns: [{ bound: { kind: "literal", value: 3 }, signal: true }] },
    },
    {
      name: "a string model goes through the VoltAgent model router to the provider",
      code: `import { Agent } from "@voltagent/core";\nexport const a = new Agent({ name: "a", instructions: "i", model: "openai/gpt-4o-mini" });\n`,
      expect: { modelClients: [{ framework: "voltagent", provider: "openai", api: 'model "openai/gpt-4o-mini" (VoltAgent model router)', loc: { line: 2 } }] },
    },
  ],
  invalid: [
    { name: "an Agent class from elsewhere", code: `import { Agent } from "./agent";\nexport const a = new Agent({ maxSteps: 99 });\n`, absent: ["agentRuns"] },
    { name: "createTool from another package", code: `import { createTool } from "@mastra/core/tools";\ncreateTool({ name: "x" } as any);\n`, check: (f) => expect(f.tools.every((t) => t.framework !== "voltagent")).toBe(true) },
  ],
});

recognizerTester("Inngest AgentKit", {
  valid: [
    {
      name: "createNetwork without maxIter is unbounded",
      code: `import { createNetwork, createAgent, openai } from "@inngest/agent-kit";\nconst a = createAgent({ name: "a", system: "s", model: openai({ model: "gpt-4o" }) });\nexport const net = createNetwork({ name: "n", agents: [a] });\n`,
      expect: {
        agentRuns: [{ api: "createNetwork (AgentKit)", bound: { kind: "unbounded" }, loc: { line: 3 } }],
        modelClients: [{ framework: "agent-kit", provider: "openai", api: "openai() (AgentKit model adapter)", baseURL: { kind: "absent" }, defaultHost: "https://api.openai.com/v1", loc: { line: 2 } }],
      },
      check: (f) => expect(f.modelClients[0]!.envDefault, "the adapter does not read OPENAI_BASE_URL").toBeUndefined(),
    },
    {
      name: "maxIter: 0 is no limit; a literal is the bound",
      code: `import { createNetwork } from "@inngest/agent-kit";\nexport const a = createNetwork({ name: "a", agents: [], maxIter: 0 });\nexport const b = createNetwork({ name: "b", agents: [], maxIter: 15 });\n`,
      expect: { agentRuns: [{ bound: { kind: "unbounded", reason: "maxIter: 0 means no limit" } }, { bound: { kind: "literal", value: 15 }, boundLoc: { line: 3 } }] },
    },
    {
      name: "an adapter given a baseUrl goes there; createTool({ name, handler })",
      code: `import { anthropic, createTool } from "@inngest/agent-kit";\nexport const m = anthropic({ model: "claude-sonnet-4", baseUrl: process.env.LLM_GATEWAY_URL, defaultParameters: { max_tokens: 1000 } });\nexport const t = createTool({ name: "lookup_asn", description: "d", handler: async () => 1 });\n`,
      expect: { modelClients: [{ provider: "anthropic", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" } }], tools: [{ name: "lookup_asn", framework: "agent-kit", approval: "none" }] },
    },
  ],
  invalid: [{ name: "createNetwork from elsewhere", code: `import { createNetwork } from "./net";\nexport const n = createNetwork({});\n`, absent: ["agentRuns"] }],
});

recognizerTester("Inngest functions around AgentKit networks", {
  valid: [
    {
      name: "cancelOn is the pause; timeouts.finish the wall clock; step.waitForEvent in a tool is its approval",
      code: `import { Inngest } from "inngest";\nimport { createNetwork, createTool } from "@inngest/agent-kit";\nexport const t = createTool({ name: "purge", description: "d", handler: async (_i: unknown, { step }: any) => { await step?.waitForEvent("ok", { event: "purge.approved", timeout: "1h" }); } });\nconst net = createNetwork({ name: "n", agents: [], maxIter: 5 });\nconst inngest = new Inngest({ id: "x" });\nexport const f = inngest.createFunction({ id: "f", cancelOn: [{ event: "stop" }], timeouts: { finish: "30m" } }, { event: "go" }, async () => net.run("x"));\n`,
      expect: {
        agentRuns: [{ framework: "agent-kit", signal: true, timeout: { ms: 1_800_000, loc: { line: 6 } } }],
        tools: [{ name: "purge", approvalInBody: { line: 3 } }],
        timeouts: [{ kind: "timeout-option", ms: 1_800_000 }],
      },
    },
  ],
  invalid: [
    {
      name: "an Inngest function with neither cancelOn nor timeouts gives the network nothing",
      code: `import { Inngest } from "inngest";\nimport { createNetwork } from "@inngest/agent-kit";\nconst net = createNetwork({ name: "n", agents: [], maxIter: 5 });\nexport const f = new Inngest({ id: "x" }).createFunction({ id: "f" }, { event: "go" }, async () => net.run("x"));\n`,
      expect: { agentRuns: [{ signal: false }] },
      absent: ["timeouts"],
    },
  ],
});
