import { expect } from "vitest";
import { recognizerTester } from "./tester.js";

// Strands Agents for TypeScript (@strands-agents/sdk, sdk-typescript v1.3.0): invoke/stream runs and their
// limits.turns (none by default), cancelSignal and agent.cancel(), the default BedrockModel and the model
// classes' clientConfig, tool({ name, callback }), setupTracer().

const HEAD = 'import { Agent, tool } from "@strands-agents/sdk";\n';

recognizerTester("Strands (TypeScript)", {
  valid: [
    {
      name: "invoke with no limits is unbounded; limits: { turns } bounds invoke and stream; cancelSignal is the run's signal and AbortSignal.timeout its timeout",
      code: `${HEAD}const agent = new Agent({ tools: [] });\nexport async function go(t: string) {\n  await agent.invoke(t);\n  await agent.invoke(t, { limits: { turns: 6 }, cancelSignal: AbortSignal.timeout(60000) });\n  for await (const e of agent.stream(t, { limits: { turns: 3 } })) void e;\n}\n`,
      expect: {
        agentRuns: [
          { framework: "strands", api: "agent.invoke", bound: { kind: "unbounded" }, signal: false, loc: { line: 4 } },
          { api: "agent.invoke", bound: { kind: "literal", value: 6 }, signal: true, timeout: { ms: 60000 } },
          { api: "agent.stream", bound: { kind: "literal", value: 3 } },
        ],
      },
    },
    {
      name: "agent.cancel() gives that agent's runs a stop signal; the run lists its tool({ name }) tools",
      code: `${HEAD}const lookup = tool({ name: "lookup", description: "d", callback: (i: unknown) => String(i) });\nconst agent = new Agent({ tools: [lookup] });\nexport function stop() { agent.cancel(); }\nexport const go = (t: string) => agent.invoke(t, { limits: { turns: 4 } });\n`,
      expect: { tools: [{ name: "lookup", framework: "strands", loc: { line: 2 } }], agentRuns: [{ signal: true, tools: ["lookup"] }] },
    },
    {
      name: "new Agent() with no model builds a BedrockModel; OpenAIModel's clientConfig.baseURL and apiKey are read",
      code: `${HEAD}import { OpenAIModel } from "@strands-agents/sdk/models/openai";\nconst a = new Agent();\nconst m = new OpenAIModel({ modelId: "gpt-4o", apiKey: process.env.LLM_GATEWAY_KEY, clientConfig: { baseURL: process.env.LLM_GATEWAY_URL } });\n`,
      expect: {
        modelClients: [
          { framework: "strands", provider: "aws-bedrock", api: "new Agent (no model: the default BedrockModel)", defaultHost: "https://bedrock-runtime.us-west-2.amazonaws.com", loc: { line: 3 } },
          { provider: "openai", api: "new OpenAIModel", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" }, baseOption: "clientConfig: { baseURL: … }" },
        ],
      },
    },
    {
      name: "an agent a factory returns is run where psf cannot follow it: its construction holds a run whose bound is each call's limits",
      code: `${HEAD}export function createAgent() {\n  const agent = new Agent({ tools: [] });\n  return agent;\n}\n`,
      expect: { agentRuns: [{ framework: "strands", api: "new Agent (psf found no agent.invoke/stream on it: it is returned or passed on)", bound: { kind: "dynamic" }, loc: { line: 3 } }] },
    },
    {
      name: "new BedrockModel({ region }) reaches that region's bedrock-runtime host",
      code: `import { BedrockModel } from "@strands-agents/sdk/models/bedrock";\nexport const m = new BedrockModel({ modelId: "x", region: "us-east-1" });\n`,
      expect: { modelClients: [{ provider: "aws-bedrock", defaultHost: "https://bedrock-runtime.us-east-1.amazonaws.com" }], urls: [{ url: { kind: "literal", text: "https://bedrock-runtime.us-east-1.amazonaws.com" }, loc: { line: 2 } }] },
    },
    {
      name: "setupTracer() from @strands-agents/sdk/telemetry traces the Strands runs",
      code: `import { setupTracer } from "@strands-agents/sdk/telemetry";\nsetupTracer({ exporters: { otlp: true } });\n`,
      expect: { tracing: { frameworks: [{ framework: "strands", loc: { line: 2 } }] } },
    },
  ],
  invalid: [
    { name: "an Agent given a model object adds no default client", code: `${HEAD}import { BedrockModel } from "@strands-agents/sdk";\nconst a = new Agent({ model: new BedrockModel({ region: "eu-west-1" }) });\n`, check: (f) => expect(f.modelClients.map((c) => c.api)).toEqual(["new BedrockModel"]) },
    { name: "an Agent from another package", code: `import { Agent } from "@voltagent/core";\nconst a = new Agent({ name: "x", instructions: "y", model: m });\nexport const go = () => a.invoke("t");\n`, check: (f) => expect(f.agentRuns.filter((r) => r.framework === "strands")).toEqual([]) },
  ],
});
