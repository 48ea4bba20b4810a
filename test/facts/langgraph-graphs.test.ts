import { recognizerTester } from "./tester.js";

recognizerTester("LangGraph.js graphs built by hand", {
  valid: [
    {
      name: "a compiled StateGraph no source line runs (the LangGraph server runs it) is a run at its compile, with the default 25",
      code: `import { StateGraph, Annotation } from "@langchain/langgraph";\nconst S = Annotation.Root({});\nexport const graph = new StateGraph(S).addNode("agent", callModel).addEdge("__start__", "agent").compile();\n`,
      expect: { agentRuns: [{ framework: "langgraph", api: "compiled graph (no run in this source: a server or platform runs it)", bound: { kind: "default", value: 25 }, loc: { line: 3 } }] },
    },
    {
      name: "withConfig({ recursionLimit }) is the bound of the graph's runs",
      code: `import { StateGraph } from "@langchain/langgraph";\nconst g = new StateGraph(S).compile().withConfig({ recursionLimit: 1000 });\nexport const go = () => g.invoke({});\n`,
      expect: { agentRuns: [{ bound: { kind: "literal", value: 1000 }, boundLoc: { line: 2 }, loc: { line: 3 } }] },
    },
    {
      name: "a graph the source runs is one run, at the run (not also at compile)",
      code: `import { StateGraph } from "@langchain/langgraph";\nconst builder = new StateGraph(S);\nconst graph = builder.compile();\nexport const go = () => graph.invoke({}, { recursionLimit: 8 });\n`,
      expect: { agentRuns: [{ bound: { kind: "literal", value: 8 }, loc: { line: 4 } }] },
      check: (f) => { if (f.agentRuns.length !== 1) throw new Error(`expected one run, got ${f.agentRuns.length}`); },
    },
  ],
  invalid: [{ name: "a StateGraph never compiled is not a run", code: `import { StateGraph } from "@langchain/langgraph";\nexport const b = new StateGraph(S);\n`, absent: ["agentRuns"] }],
});
