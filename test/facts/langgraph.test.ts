import { recognizerTester } from "./tester.js";

recognizerTester("langgraph", {
  valid: [
    {
      name: "compiled graph invoke with recursionLimit and interruptBefore",
      code: `import { StateGraph, interrupt } from "@langchain/langgraph";\nconst g = new StateGraph(S).addNode("tools", n);\nconst app = g.compile({ interruptBefore: ["tools"] });\nawait app.invoke({ q: 1 }, { recursionLimit: 12 });\n`,
      expect: { agentRuns: [{ framework: "langgraph", bound: { kind: "literal", value: 12 }, loc: { line: 4, column: 7 } }], approvals: [{ kind: "interruptBefore", covers: ["tools"], loc: { line: 3, column: 25 } }] },
    },
    { name: "default recursionLimit 25", code: `import { createReactAgent } from "@langchain/langgraph/prebuilt";\nconst agent = createReactAgent({ llm, tools });\nawait agent.invoke({ messages });\n`, expect: { agentRuns: [{ bound: { kind: "default", value: 25 } }] } },
    {
      name: "interrupt() inside a LangChain tool body is approval in the body",
      code: `import { interrupt } from "@langchain/langgraph";\nimport { tool } from "@langchain/core/tools";\nconst drop = tool(async (x) => { const ok = interrupt({ x }); return ok; }, { name: "drop_table" });\n`,
      expect: { tools: [{ name: "drop_table", approvalInBody: { line: 3, column: 45 } }], approvals: [{ kind: "interrupt" }] },
    },
    { name: "recursionLimit from the environment is dynamic", code: `import { StateGraph } from "@langchain/langgraph";\nconst app = new StateGraph(S).compile();\napp.stream(i, { recursionLimit: Number(process.env.LIMIT) });\n`, expect: { agentRuns: [{ bound: { kind: "dynamic" } }] } },
  ],
  invalid: [
    { name: "invoke on an unrelated object", code: `const app = { invoke() {} };\napp.invoke({});\n`, absent: ["agentRuns"] },
  ],
});
