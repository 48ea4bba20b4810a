import { expect } from "vitest";
import { pyRecognizerTester } from "./tester.js";

// Cases from reading psf's findings on public Python agent projects by hand (issue 12 item 5):
// each is a pattern real code uses that psf got wrong or missed.

pyRecognizerTester("module resolution in real layouts", {
  valid: [
    {
      name: "a subpackage named agents inside a package does not shadow the OpenAI Agents SDK",
      code: {
        "__init__.py": ``,
        "agents/__init__.py": ``,
        "agents/planner.py": `from agents import Agent\nplanner = Agent(name="planner", instructions="plan")\n`,
        "manager.py": `from agents import Runner\nfrom .agents.planner import planner\nasync def go(q):\n    return await Runner.run(planner, q)\n`,
      },
      expect: { agentRuns: [{ framework: "openai-agents", loc: { file: "manager.py", line: 4 } }] },
    },
  ],
  invalid: [
    {
      name: "a script folder's own agents package (no __init__.py beside it) is still the project's",
      code: {
        "agents/__init__.py": `def Runner():\n    pass\n`,
        "main.py": `from agents import Runner\nRunner.run(None, "q")\n`,
      },
      absent: ["agentRuns"],
    },
    {
      name: "an absolute import of a project module named unlike a framework still resolves inside a package",
      code: {
        "src/app/__init__.py": ``,
        "src/app/tools/__init__.py": ``,
        "src/app/tools/wipe.py": `import shutil\ndef wipe(p):\n    shutil.rmtree(p)\n`,
        "src/app/crew.py": `from tools.wipe import wipe\nwipe("x")\n`,
      },
      check: (f) => expect(f.destructive.map((d) => d.loc.file)).toEqual(["src/app/tools/wipe.py"]),
    },
  ],
});

const PYD_AGENT = `from pydantic_ai import Agent\nagent = Agent("openai:gpt-4o")\n@agent.tool_plain\ndef lookup(q: str) -> str:\n    return q\n`;

pyRecognizerTester("framework instrumentation covers that framework's runs and tools", {
  valid: [
    {
      name: "logfire.instrument_pydantic_ai() traces the PydanticAI runs and tools of its script",
      code: `import logfire\nlogfire.configure()\nlogfire.instrument_pydantic_ai()\n${PYD_AGENT}if __name__ == "__main__":\n    agent.run_sync("q")\n`,
      check: (f) => {
        expect(f.agentRuns.map((r) => r.audited)).toEqual([true]);
        expect(f.tools.map((t) => [t.name, t.audited])).toEqual([["lookup", true]]);
      },
    },
    {
      name: "an instrumented entry point covers the agent module it loads (no __main__ of its own)",
      code: { "app/agents.py": `${PYD_AGENT}async def ask(q):\n    return await agent.run(q)\n`, "app/main.py": `import logfire\nfrom .agents import ask\nlogfire.instrument_pydantic_ai()\n` },
      check: (f) => expect(f.agentRuns.map((r) => r.audited)).toEqual([true]),
    },
    {
      name: "OpenInference's SmolagentsInstrumentor().instrument() in the entry point traces the smolagents agent module",
      code: {
        "agent.py": `from smolagents import CodeAgent, InferenceClientModel\nagent = CodeAgent(tools=[], model=InferenceClientModel())\n`,
        "main.py": `from openinference.instrumentation.smolagents import SmolagentsInstrumentor\nfrom agent import agent\nSmolagentsInstrumentor().instrument()\nif __name__ == "__main__":\n    agent.run("q")\n`,
      },
      check: (f) => expect(f.agentRuns.map((r) => [r.loc.file, r.audited])).toEqual([["agent.py", true]]),
    },
  ],
  invalid: [
    {
      name: "another script's instrumentation does not trace a script that registers none",
      code: { "weather.py": `import logfire\nlogfire.instrument_pydantic_ai()\n`, "bank.py": `${PYD_AGENT}if __name__ == "__main__":\n    agent.run_sync("q")\n` },
      check: (f) => {
        expect(f.agentRuns.map((r) => r.audited)).toEqual([false]);
        expect(f.tools.map((t) => t.audited)).toEqual([false]);
      },
    },
    {
      name: "instrumenting another framework (logfire.instrument_openai_agents) does not trace PydanticAI",
      code: `import logfire\nlogfire.instrument_openai_agents()\n${PYD_AGENT}def go():\n    return agent.run_sync("q")\n`,
      check: (f) => expect(f.agentRuns.map((r) => r.audited)).toEqual([false]),
    },
  ],
});

pyRecognizerTester("destructive SQL is SQL, not prose", {
  valid: [
    { name: "TRUNCATE before a table name in a query string", code: `def reset(cur):\n    cur.execute("TRUNCATE reports")\n`, expect: { destructive: [{ op: "SQL TRUNCATE", loc: { line: 2, column: 17 } }] } },
    { name: "truncate table in lower case", code: `def reset(cur):\n    cur.execute("truncate table reports")\n`, expect: { destructive: [{ op: "SQL TRUNCATE TABLE" }] } },
  ],
  invalid: [
    { name: "a docstring that says Truncate (open_deep_research utils.py)", code: `def trim(messages):\n    """Truncate message history by removing up to the last AI message."""\n    return messages[:-1]\n`, absent: ["destructive"] },
    { name: "a docstring that mentions DELETE FROM", code: `def purge(cur, ids):\n    """Runs DELETE FROM events for the given ids, after approval."""\n    return ids\n`, absent: ["destructive"] },
    { name: "a message that says truncate", code: `def warn(log):\n    log.info("will truncate the transcript to fit")\n`, absent: ["destructive"] },
  ],
});

const FLIGHTS = `from pydantic_ai import Agent\nfrom rich.prompt import Prompt\nagent = Agent("openai:gpt-4o")\n`;

pyRecognizerTester("a loop that waits for a person each turn", {
  valid: [
    {
      name: "rich Prompt.ask in a while True around an agent run (pydantic-ai flight_booking)",
      code: `${FLIGHTS}async def main():\n    while True:\n        r = await agent.run("find")\n        if Prompt.ask("buy?") == "buy":\n            break\n`,
      expect: { loops: [{ infinite: true, humanInput: { line: 7, column: 12 } }] },
    },
    {
      name: "a WebSocket's next message starts each turn (autogen agentchat_fastapi)",
      code: `from autogen_agentchat.teams import RoundRobinGroupChat\nasync def chat(websocket, agents):\n    while True:\n        data = await websocket.receive_json()\n        team = RoundRobinGroupChat(agents)\n        await team.run(task=data)\n`,
      expect: { loops: [{ humanInput: { line: 4, column: 22 } }] },
    },
    { name: "the builtin input()", code: `${FLIGHTS}def main():\n    while True:\n        q = input("> ")\n        agent.run_sync(q)\n`, expect: { loops: [{ humanInput: { line: 6 } }] } },
  ],
  invalid: [
    { name: "a project function named input is not a person", code: `${FLIGHTS}def input(x):\n    return x\ndef main():\n    while True:\n        agent.run_sync(input("q"))\n`, check: (f) => expect(f.loops[0]!.humanInput).toBeUndefined() },
    { name: "a queue's get is not a person", code: `${FLIGHTS}def main(q):\n    while True:\n        agent.run_sync(q.get())\n`, check: (f) => expect(f.loops[0]!.humanInput).toBeUndefined() },
  ],
});

pyRecognizerTester("audit calls are calls on an audit object, not on data named like one", {
  valid: [
    { name: "a tracer's span around the run credits it", code: `from langgraph.graph import StateGraph\ng = StateGraph(dict).compile()\nasync def node(tracer, q):\n    with tracer.start_as_current_span("run"):\n        return await g.ainvoke(q)\n`, check: (f) => expect(f.agentRuns.map((r) => r.audited)).toEqual([true]) },
  ],
  invalid: [
    {
      name: "observation.get(...) on a subgraph's result is not an audit record (open_deep_research supervisor_tools)",
      code: `import asyncio\nfrom langgraph.graph import StateGraph\ng = StateGraph(dict).compile()\nasync def node(topics):\n    results = await asyncio.gather(*[g.ainvoke({"t": t}) for t in topics])\n    return [observation.get("summary") for observation in results]\n`,
      check: (f) => expect(f.agentRuns.map((r) => r.audited)).toEqual([false]),
    },
  ],
});

pyRecognizerTester("a chat model chosen at run time", {
  valid: [
    {
      name: "init_chat_model(configurable_fields=...) with no model: an endpoint psf cannot see (open_deep_research)",
      code: `from langchain.chat_models import init_chat_model\nm = init_chat_model(configurable_fields=("model", "max_tokens", "api_key"))\n`,
      expect: { modelClients: [{ framework: "langchain", provider: "unknown", baseURL: { kind: "dynamic" }, loc: { line: 2, column: 5 } }] },
    },
    {
      name: "a model from settings with base_url on the gateway keeps the gateway",
      code: `import os\nfrom langchain.chat_models import init_chat_model\nm = init_chat_model(os.environ["MODEL"], base_url=os.environ["GW"])\n`,
      expect: { modelClients: [{ baseURL: { kind: "env", name: "GW" } }] },
    },
  ],
  invalid: [
    { name: "a literal model string still names its provider", code: `from langchain.chat_models import init_chat_model\nm = init_chat_model("anthropic:claude-sonnet-4-5")\n`, check: (f) => expect(f.modelClients.map((c) => c.provider)).toEqual(["anthropic"]) },
  ],
});

pyRecognizerTester("Ollama through LangChain", {
  valid: [
    {
      name: "langchain.llms.Ollama (crewAI-examples stock_analysis) is a model client on localhost:11434",
      code: `from langchain.llms import Ollama\nllm = Ollama(model="llama3.1")\n`,
      expect: { modelClients: [{ provider: "ollama", api: "Ollama", baseURL: { kind: "absent" }, defaultHost: "http://localhost:11434", loc: { line: 2, column: 7 } }], urls: [{ url: { kind: "literal", text: "http://localhost:11434" } }] },
    },
    {
      name: "langchain_ollama.ChatOllama(base_url=...) keeps its base URL",
      code: `import os\nfrom langchain_ollama import ChatOllama\nllm = ChatOllama(model="qwen3", base_url=os.environ["OLLAMA_URL"])\n`,
      expect: { modelClients: [{ provider: "ollama", baseURL: { kind: "env", name: "OLLAMA_URL" } }] },
    },
  ],
  invalid: [{ name: "a project class named Ollama is not LangChain's", code: `class Ollama:\n    pass\nllm = Ollama()\n`, absent: ["modelClients"] }],
});

const MCP_LOAD = (keep: string) => `from langchain_mcp_adapters.client import MultiServerMCPClient\nasync def load(url, allowed):\n    client = MultiServerMCPClient({\n        "server_1": {"url": url, "transport": "streamable_http"},\n    })\n    tools = []\n    for t in await client.get_tools():\n${keep}        tools.append(t)\n    return tools\n`;

pyRecognizerTester("an MCP server's tools filtered by hand", {
  valid: [
    {
      name: "get_tools() kept by name (`if t.name not in set(allowed): continue`, open_deep_research)",
      code: MCP_LOAD(`        if t.name not in set(allowed):\n            continue\n`),
      expect: { mcpServers: [{ name: "server_1", filtered: true, loc: { line: 4 } }] },
    },
  ],
  invalid: [
    { name: "every tool get_tools() returns is kept", code: MCP_LOAD(""), expect: { mcpServers: [{ name: "server_1", filtered: false }] } },
    { name: "a name test in another function does not filter this server", code: `${MCP_LOAD("")}def pick(t, allowed):\n    return t.name in allowed\n`, expect: { mcpServers: [{ filtered: false }] } },
    { name: "a deny-list (`if t.name in blocked: continue`) is not a filter", code: MCP_LOAD(`        if t.name in allowed:\n            continue\n`), expect: { mcpServers: [{ filtered: false }] } },
    { name: "a name test on something else in the same function is not a filter", code: MCP_LOAD(`        if user.name in allowed:\n            continue\n`), expect: { mcpServers: [{ filtered: false }] } },
  ],
});

pyRecognizerTester("tools defined as classes", {
  valid: [
    {
      name: "a CrewAI BaseTool subclass with a name field and _run (crewAI-examples CalculatorTool)",
      code: `from crewai_tools import BaseTool\nclass CalculatorTool(BaseTool):\n    name: str = "Calculator tool"\n    description: str = "math"\n    def _run(self, operation: str) -> float:\n        return 1.0\n`,
      expect: { tools: [{ name: "Calculator tool", framework: "crewai", loc: { line: 2, column: 1 }, body: { start: expect.any(Number) } }] },
    },
    {
      name: "a LangChain BaseTool subclass; a RagTool subclass named by its class when the name is set elsewhere",
      code: `from langchain_core.tools import BaseTool\nfrom crewai_tools import RagTool\nclass Wipe(BaseTool):\n    name = "wipe"\n    def _run(self, p):\n        return p\nclass SEC10KTool(RagTool):\n    def _run(self, q):\n        return q\n`,
      check: (f) => expect(f.tools.map((t) => [t.name, t.framework])).toEqual([["wipe", "langchain"], ["SEC10KTool", "crewai"]]),
    },
  ],
  invalid: [
    { name: "a subclass of the OpenAI client is not a client call", code: `from openai import OpenAI\nclass MyClient(OpenAI):\n    pass\n`, absent: ["modelClients", "tools"] },
    { name: "a project base class is not a tool base", code: `class BaseTool:\n    pass\nclass T(BaseTool):\n    name = "t"\n    def _run(self):\n        pass\n`, absent: ["tools"] },
  ],
});

const GRAPH_MOD = `from langgraph.graph import StateGraph\nsub_builder = StateGraph(dict)\nsub = sub_builder.compile()\nbuilder = StateGraph(dict)\nbuilder.add_node("research", sub)\ngraph = builder.compile()\n`;

pyRecognizerTester("a compiled graph that no line runs (LangGraph Server)", {
  valid: [
    {
      name: "the top graph exported for langgraph.json is a run with the default recursion limit; its subgraph node is not (open_deep_research)",
      code: GRAPH_MOD,
      check: (f) => expect(f.agentRuns.map((r) => [r.loc.line, r.api, r.bound.kind])).toEqual([[6, "compiled graph (no run in this source: a server or platform runs it)", "default"]]),
    },
  ],
  invalid: [
    {
      name: "a graph the source invokes is that run only",
      code: `${GRAPH_MOD}def go(q):\n    return graph.invoke(q, config={"recursion_limit": 30})\n`,
      check: (f) => expect(f.agentRuns.map((r) => [r.loc.line, r.bound])).toEqual([[8, { kind: "literal", value: 30 }]]),
    },
  ],
});
