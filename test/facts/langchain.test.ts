import { recognizerTester } from "./tester.js";

recognizerTester("langchain", {
  valid: [
    { name: "AgentExecutor maxIterations", code: `import { AgentExecutor } from "langchain/agents";\nnew AgentExecutor({ agent, tools, maxIterations: 6 });\n`, expect: { agentRuns: [{ api: "AgentExecutor", bound: { kind: "literal", value: 6 }, loc: { line: 2, column: 1 } }] } },
    { name: "AgentExecutor default 15", code: `import { AgentExecutor } from "langchain/agents";\nnew AgentExecutor({ agent, tools });\n`, expect: { agentRuns: [{ bound: { kind: "default", value: 15 } }] } },
    {
      name: "createAgent with modelCallLimitMiddleware and humanInTheLoopMiddleware",
      code: `import { createAgent, modelCallLimitMiddleware, humanInTheLoopMiddleware } from "langchain";\nconst agent = createAgent({ model: llm, tools, middleware: [modelCallLimitMiddleware({ runLimit: 10 }), humanInTheLoopMiddleware({ interruptOn: { send_email: true, read: false } })] });\n`,
      expect: { agentRuns: [{ api: "createAgent", bound: { kind: "literal", value: 10 } }], approvals: [{ kind: "humanInTheLoopMiddleware", covers: ["send_email"] }] },
    },
    {
      name: "ChatOpenAI({ configuration: { baseURL } }) and its invoke is a model call",
      code: `import { ChatOpenAI } from "@langchain/openai";\nconst llm = new ChatOpenAI({ model: "gpt-4o", configuration: { baseURL: "https://api.openai.com/v1" } });\nawait llm.invoke("hi");\n`,
      expect: { modelClients: [{ api: "new ChatOpenAI", baseURL: { kind: "literal", text: "https://api.openai.com/v1" } }], modelCalls: [{ api: "ChatOpenAI.invoke", loc: { line: 3, column: 7 } }] },
    },
    { name: "tool(fn, { name })", code: `import { tool } from "@langchain/core/tools";\nexport const t = tool(async () => "x", { name: "lookup_asn", schema });\n`, expect: { tools: [{ name: "lookup_asn", framework: "langchain", approval: "none" }] } },
  ],
  invalid: [
    { name: "new ChatOpenAI from a project module is not LangChain", code: `import { ChatOpenAI } from "./fake";\nnew ChatOpenAI({});\n`, absent: ["modelClients"] },
  ],
});
