// Code written top to bottom, as a script or a notebook's cells are: names built twice, runs read in a for
// loop, a reply's tool calls dispatched in a loop, LangSmith switched on in code, a tool decorator psf does not read.
import { expect } from "vitest";
import { pyRecognizerTester } from "./tester.js";

const runs = (f: { agentRuns: { api: string; loc: { line: number } }[] }) => f.agentRuns.map((r) => `${r.api} :${r.loc.line}`);

const GRAPH = `from langgraph.graph import StateGraph\n\ndef node(state):\n    return state\n\n`;
// Two graphs built under the same names, each streamed right after it is compiled.
const REBUILT = `${GRAPH}builder = StateGraph(dict)\nbuilder.add_node("plan", node)\ngraph = builder.compile()\ngraph.invoke({"n": 1}, {"recursion_limit": 4})\n\nbuilder = StateGraph(dict)\nbuilder.add_node("write", node)\ngraph = builder.compile()\nout = graph.invoke({"n": 2})\n`;

pyRecognizerTester("a module's names reassigned in straight-line code", {
  valid: [
    {
      name: "each run uses the graph built last before it, with its own recursion limit",
      code: REBUILT,
      check: (f) => {
        expect(runs(f)).toEqual(["StateGraph(…).invoke :9", "StateGraph(…).invoke :14"]);
        expect(f.agentRuns.map((r) => (r.bound?.kind === "literal" ? r.bound.value : r.bound?.kind))).toEqual([4, "default"]);
      },
    },
    {
      name: "a compiled graph given to a rebuilt builder as a node runs inside the parent's run, not by a server",
      code: `${GRAPH}inner = StateGraph(dict)\ninner.add_node("ask", node)\n\nbuilder = StateGraph(dict)\nbuilder.add_node("plan", node)\n\nbuilder = StateGraph(dict)\nbuilder.add_node("interview", inner.compile())\ngraph = builder.compile()\ngraph.invoke({})\n`,
      check: (f) => expect(runs(f)).toEqual(["StateGraph(…).invoke :15"]),
    },
  ],
  invalid: [
    {
      name: "a function reading a name the module assigns twice gets neither value (it runs later, with whichever is last)",
      code: `${GRAPH}graph = StateGraph(dict).compile()\ngraph = StateGraph(list).compile()\n\ndef serve(q):\n    return graph.invoke(q)\n`,
      check: (f) => expect(f.agentRuns.every((r) => r.api.startsWith("compiled graph (no run"))).toBe(true),
    },
  ],
});

const OPENAI = `import json\nfrom openai import OpenAI\nclient = OpenAI(base_url="http://llm-gateway.internal:4000")\n\ndef execute_tool(name, args):\n    return name\n\n`;

pyRecognizerTester("loops around runs and replies", {
  valid: [
    {
      name: "the while around the model call is the agent loop; the for over that reply's tool calls is one of its turns",
      code: `${OPENAI}messages = []\nturn = 0\nwhile turn < 8:\n    turn += 1\n    reply = client.chat.completions.create(model="m", messages=messages)\n    message = reply.choices[0].message\n    if not message.tool_calls:\n        break\n    for call in message.tool_calls:\n        messages.append(execute_tool(call.function.name, json.loads(call.function.arguments)))\n`,
      check: (f) => expect(f.loops.map((l) => l.loc.line)).toEqual([10]),
    },
    {
      name: "a for over a reply's items that sends each back to the model is a loop the model sizes",
      code: `${OPENAI}plan = client.chat.completions.create(model="m", messages=[])\nfor step in plan.choices:\n    client.chat.completions.create(model="m", messages=[{"role": "user", "content": str(step)}])\n`,
      check: (f) => expect(f.loops.map((l) => l.loc.line)).toEqual([9]),
    },
    {
      name: "a for over a list of tasks that calls the model for each is still a loop psf reports",
      code: `${OPENAI}for task in ["a", "b"]:\n    client.chat.completions.create(model="m", messages=[{"role": "user", "content": task}])\n`,
      check: (f) => expect(f.loops.map((l) => l.loc.line)).toEqual([8]),
    },
  ],
  invalid: [
    {
      name: "for event in graph.stream(…) reads one run's events: the run is reported, not a hand-written loop",
      code: `${GRAPH}graph = StateGraph(dict).compile()\nfor event in graph.stream({"n": 1}, {"recursion_limit": 5}):\n    print(event)\n`,
      check: (f) => {
        expect(runs(f)).toEqual(["StateGraph(…).stream :7"]);
        expect(f.loops).toEqual([]);
      },
    },
    {
      name: "one model call whose tool calls a for loop runs is no loop",
      code: `${OPENAI}reply = client.chat.completions.create(model="m", messages=[])\nfor call in reply.choices[0].message.tool_calls or []:\n    execute_tool(call.function.name, call.function.arguments)\n`,
      absent: ["loops"],
    },
  ],
});

const CHAT = `from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4.1", base_url="http://llm-gateway.internal:4000")\nanswer = llm.invoke("hi")\n`;
const audited = (f: { modelCalls: { audited?: boolean }[] }) => f.modelCalls.map((c) => c.audited);

pyRecognizerTester("LangSmith switched on in code covers LangChain chat-model calls", {
  valid: [
    { name: "os.environ[\"LANGSMITH_TRACING\"] = \"true\"", code: `import os\nos.environ["LANGSMITH_TRACING"] = "true"\n${CHAT}`, check: (f) => expect(audited(f)).toEqual([true]) },
    { name: "os.environ.update({\"LANGSMITH_TRACING_V2\": \"true\"})", code: `import os\nos.environ.update({"LANGSMITH_TRACING_V2": "true", "LANGSMITH_PROJECT": "demo"})\n${CHAT}`, check: (f) => expect(audited(f)).toEqual([true]) },
    { name: "os.environ.update(LANGCHAIN_TRACING_V2=\"true\")", code: `import os\nos.environ.update(LANGCHAIN_TRACING_V2="true")\n${CHAT}`, check: (f) => expect(audited(f)).toEqual([true]) },
    { name: "os.environ.setdefault(\"LANGCHAIN_TRACING\", \"true\")", code: `import os\nos.environ.setdefault("LANGCHAIN_TRACING", "true")\n${CHAT}`, check: (f) => expect(audited(f)).toEqual([true]) },
  ],
  invalid: [
    {
      name: "\"True\": LangSmith traces only for the exact value \"true\", neither the model call nor the graph run",
      code: `import os\nfrom langgraph.graph import StateGraph\nos.environ["LANGSMITH_TRACING"] = "True"\n${CHAT}StateGraph(dict).compile().invoke({})\n`,
      check: (f) => expect([...audited(f), ...f.agentRuns.map((r) => r.audited)]).toEqual([false, false]),
    },
    {
      name: "a helper that asks a person for the value sets nothing psf can read",
      code: `import os, getpass\n\ndef _set_env(var):\n    if not os.environ.get(var):\n        os.environ[var] = getpass.getpass(f"{var}: ")\n\n_set_env("LANGSMITH_TRACING")\n${CHAT}`,
      check: (f) => expect(audited(f)).toEqual([false]),
    },
    { name: "a plain OpenAI call is not LangChain's to trace", code: `import os\nfrom openai import OpenAI\nos.environ["LANGSMITH_TRACING"] = "true"\nc = OpenAI(base_url="http://gw")\nc.chat.completions.create(model="m", messages=[])\n`, check: (f) => expect(audited(f)).toEqual([false]) },
  ],
});

pyRecognizerTester("an operation in a function a tool decorator psf does not read wraps", {
  valid: [
    {
      name: "subprocess in a function decorated @tool from an unread library names the function and decorator",
      code: `import subprocess\nfrom toolbelt.tools import tool\n\n@tool\ndef shell(command: str) -> str:\n    return subprocess.check_output(command, shell=True, text=True)\n`,
      check: (f) => expect(f.destructive.map((d) => [d.op, d.tool, d.unreadTool])).toEqual([["subprocess.check_output", undefined, "shell (decorated @tool from toolbelt.tools)"]]),
    },
  ],
  invalid: [
    {
      name: "an operation under another decorator, or in no function, is not said to be in a tool",
      code: `import functools, subprocess\n\n@functools.lru_cache\ndef version():\n    return subprocess.check_output(["git", "describe"], text=True)\n\nsubprocess.run(["make"])\n`,
      check: (f) => expect(f.destructive.map((d) => d.unreadTool)).toEqual([undefined, undefined]),
    },
  ],
});
