import { describe, expect, it } from "vitest";
import { recognizesPackage } from "../../src/facts/packages.js";
import { recognizerTester } from "./tester.js";

// Readings corrected after reading public TypeScript agent apps by hand (issue 13, item 5).

const longChain = `import { StateGraph, START, END } from "@langchain/langgraph";
const builder = new StateGraph(S)
  .addNode("router", router)
  .addNode("a", a)
  .addNode("b", b)
  .addNode("c", c)
  .addConditionalEdges("router", route, ["a", "b", "c"])
  .addEdge(START, "router")
  .addEdge("a", END)
  .addEdge("b", END)
  .addEdge("c", END);
export const graph = builder.compile();
`;

recognizerTester("LangGraph.js builders with many nodes", {
  valid: [
    {
      name: "a builder chain of nine calls still compiles to a graph run (was lost past six links)",
      code: longChain,
      expect: { agentRuns: [{ framework: "langgraph", bound: { kind: "default", value: 25 }, loc: { line: 12 } }] },
    },
  ],
  invalid: [
    {
      name: "a compiled graph added as a node of another graph is run by the parent, not a run of its own",
      code: {
        "src/sub.ts": `import { StateGraph, START } from "@langchain/langgraph";\nexport const sub = new StateGraph(S).addNode("agent", callModel).addEdge(START, "agent").compile();\n`,
        "src/main.ts": `import { StateGraph, START, END } from "@langchain/langgraph";\nimport { sub } from "./sub";\nexport const graph = new StateGraph(S).addNode("sub", sub).addEdge(START, "sub").addEdge("sub", END).compile();\n`,
      },
      check: (f) => {
        const files = f.agentRuns.map((r) => r.loc.file);
        if (files.length !== 1 || files[0] !== "src/main.ts") throw new Error(`expected only the parent graph's run, got ${JSON.stringify(files)}`);
      },
    },
  ],
});

recognizerTester("Mastra scorers", {
  valid: [
    {
      name: "an LLM-judged scorer's judge model is a model client through the model router",
      code: `import { createScorer } from "@mastra/core/evals";\nexport const s = createScorer({ id: "t", description: "d", judge: { model: "openai/gpt-4o", instructions: "i" } });\n`,
      expect: { modelClients: [{ framework: "mastra", provider: "openai", api: 'model "openai/gpt-4o" (Mastra model router)', loc: { line: 2 } }] },
    },
  ],
  invalid: [
    { name: "a scorer with no judge calls no model", code: `import { createScorer } from "@mastra/core/evals";\nexport const s = createScorer({ id: "t", description: "d" });\n`, absent: ["modelClients"] },
  ],
});

recognizerTester("VoltAgent MCP servers", {
  valid: [
    {
      name: "new MCPConfiguration({ servers }) records each server, its command line and an unpinned npx package",
      code: `import { MCPConfiguration } from "@voltagent/core";\nconst mcp = new MCPConfiguration({\n  servers: {\n    exa: { type: "stdio", command: "npx", args: ["-y", "mcp-remote", "https://mcp.exa.ai/mcp"] },\n    docs: { type: "http", url: "https://docs.example.org/mcp" },\n  },\n});\n`,
      expect: { mcpServers: [
        { name: "exa", source: "MCPConfiguration", transport: "stdio", unpinned: "mcp-remote", loc: { line: 4 } },
        { name: "docs", source: "MCPConfiguration", transport: "http", loc: { line: 5 } },
      ] },
    },
  ],
  invalid: [],
});

recognizerTester("members a class sets (this.x)", {
  valid: [
    {
      name: "this.runner.run(...) where the constructor assigns a parameter whose default is new Runner() is a Runner run",
      code: `import { Runner } from "@openai/agents";\nexport class Manager {\n  runner: Runner;\n  constructor(runner: Runner = new Runner()) {\n    this.runner = runner;\n  }\n  async go(agent: any) {\n    return this.runner.run(agent, "x");\n  }\n}\n`,
      expect: { agentRuns: [{ framework: "openai-agents", api: "Runner.run", bound: { kind: "default", value: 10 }, loc: { line: 8 } }] },
    },
  ],
  invalid: [
    {
      name: "a member the class takes from a plain parameter stays unknown",
      code: `export class Manager {\n  constructor(private runner: any) {}\n  go(agent: any) {\n    return this.runner.run(agent, "x");\n  }\n}\n`,
      absent: ["agentRuns"],
    },
  ],
});

describe("packages that only serve the graphs psf reads", () => {
  it("counts the LangGraph CLI, API server and SDK client as read (the first two run the compiled graphs; the SDK's runs are read)", () => {
    expect(["@langchain/langgraph-cli", "@langchain/langgraph-api", "@langchain/langgraph-sdk"].map((p) => recognizesPackage("npm", p))).toEqual([true, true, true]);
  });
});

const inngestNetwork = `import { createNetwork, createAgent, createTool } from "@inngest/agent-kit";\nimport { Inngest, openai } from "inngest";\nconst lookup = createTool({ name: "lookup", handler: async () => "x" });\nconst agent = createAgent({ name: "a", system: "s", tools: [lookup] });\nconst net = createNetwork({ name: "n", agents: [agent], defaultModel: openai({ model: "gpt-4.1" }), maxIter: 5 });\nconst inngest = new Inngest({ id: "app" });\nexport const fn = inngest.createFunction({ id: "f" }, { event: "e" }, async () => net.run("hi"));\n`;

recognizerTester("AgentKit inside an Inngest function", {
  valid: [
    {
      name: "the model adapter imported from inngest is a direct provider client; the function's step trace covers the network and its tools",
      code: inngestNetwork,
      expect: {
        modelClients: [{ framework: "agent-kit", provider: "openai", api: "openai() (AgentKit model adapter)", loc: { line: 5 } }],
        agentRuns: [{ framework: "agent-kit", telemetry: true, audited: true }],
        tools: [{ name: "lookup", audited: true }],
      },
    },
  ],
  invalid: [],
});

recognizerTester("VoltAgent semantic memory", {
  valid: [
    {
      name: "new Memory({ embedding: \"openai/…\" }) embeds through the model router: a model client",
      code: `import { Memory } from "@voltagent/core";\nexport const memory = new Memory({ storage: s, embedding: "openai/text-embedding-3-small" });\n`,
      expect: { modelClients: [{ framework: "voltagent", provider: "openai", api: 'model "openai/text-embedding-3-small" (VoltAgent model router)', loc: { line: 2 } }] },
    },
  ],
  invalid: [{ name: "a Memory with no embedding calls no model", code: `import { Memory } from "@voltagent/core";\nexport const memory = new Memory({ storage: s });\n`, absent: ["modelClients"] }],
});

recognizerTester("LangGraph SDK client runs", {
  valid: [
    {
      name: "client.runs.stream(thread, assistant, { config: { recursion_limit }, signal }) is a run on the server with that bound and signal; the apiUrl is an outbound URL",
      code: `import { Client } from "@langchain/langgraph-sdk";\nconst client = new Client({ apiUrl: "http://graphs.internal:2024" });\nexport const go = (s: AbortSignal) => client.runs.stream(null, "agent", { input: {}, config: { recursion_limit: 12 }, signal: s });\nexport const wait = () => client.runs.wait(null, "agent", { input: {} });\n`,
      expect: {
        urls: [{ api: "new Client (LangGraph SDK) apiUrl", url: { kind: "literal", text: "http://graphs.internal:2024" }, loc: { line: 2 } }],
        agentRuns: [
          { framework: "langgraph", bound: { kind: "literal", value: 12 }, signal: true, loc: { line: 3 } },
          { framework: "langgraph", bound: { kind: "default", value: 25 }, signal: false, loc: { line: 4 } },
        ],
      },
    },
  ],
  invalid: [
    { name: "the SDK's types and generative-UI helpers run nothing", code: `import type { AIMessage } from "@langchain/langgraph-sdk";\nimport { typedUi } from "@langchain/langgraph-sdk/react-ui/server";\nexport const f = (config: any) => typedUi(config).push({ name: "x", props: {} });\n`, absent: ["agentRuns", "urls"] },
  ],
});

recognizerTester("project path aliases (@/…, ~/…)", {
  valid: [
    {
      name: "a tool factory imported through @/ and given under a key of a tools object is that tool, named by the key",
      code: {
        "lib/ai/tools/create-document.ts": `import { tool } from "ai";\nexport const createDocument = ({ session }: { session: unknown }) =>\n  tool({ description: "d", inputSchema: s, execute: async () => save(session) });\n`,
        "app/api/chat/route.ts": `import { streamText, stepCountIs } from "ai";\nimport { createDocument } from "@/lib/ai/tools/create-document";\nexport const go = (session: unknown) => streamText({ model: m, stopWhen: stepCountIs(5), tools: { createDocument: createDocument({ session }) } });\n`,
      },
      expect: { tools: [{ name: "createDocument", framework: "vercel-ai" }] },
    },
  ],
  invalid: [],
});
