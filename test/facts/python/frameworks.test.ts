import { expect } from "vitest";
import { pyRecognizerTester } from "./tester.js";

pyRecognizerTester("LangGraph and LangChain v1", {
  valid: [
    {
      name: "a compiled StateGraph's invoke with no recursion_limit relies on the default; a config dict sets it",
      code: `from langgraph.graph import StateGraph\nbuilder = StateGraph(dict)\ngraph = builder.compile(interrupt_before=["delete_zone"])\ngraph.invoke({"q": 1})\ngraph.invoke({"q": 1}, config={"recursion_limit": 40})\n`,
      expect: {
        agentRuns: [
          { framework: "langgraph", bound: { kind: "default", value: 10007, name: "LangGraph (Python) recursion_limit" }, loc: { line: 4, column: 1 } },
          { framework: "langgraph", bound: { kind: "literal", value: 40 }, boundLoc: { line: 5 } },
        ],
        approvals: [{ kind: "interruptBefore", covers: ["delete_zone"], loc: { line: 3 } }],
      },
    },
    {
      name: "create_agent with HumanInTheLoopMiddleware(interrupt_on=…) and interrupt() inside a node",
      code: `from langchain.agents import create_agent\nfrom langchain.agents.middleware import HumanInTheLoopMiddleware\nfrom langgraph.types import interrupt\nagent = create_agent("openai:gpt-4o", tools=[], middleware=[HumanInTheLoopMiddleware(interrupt_on={"send_email": True})])\ndef node(state):\n    ok = interrupt({"ask": "approve?"})\n    return ok\nagent.stream({"messages": []})\n`,
      expect: { approvals: [{ kind: "humanInTheLoopMiddleware", covers: ["send_email"], loc: { line: 4 } }, { kind: "interrupt", loc: { line: 6 } }], agentRuns: [{ framework: "langchain", loc: { line: 8 } }] },
    },
    {
      name: "ChatOpenAI(base_url=…) is a model client; init_chat_model names its provider",
      code: `import os\nfrom langchain_openai import ChatOpenAI\nfrom langchain.chat_models import init_chat_model\nllm = ChatOpenAI(model="gpt-4o", base_url=os.environ["LLM_GATEWAY_URL"])\nm = init_chat_model("anthropic:claude-sonnet-4")\n`,
      expect: { modelClients: [{ api: "ChatOpenAI", provider: "openai", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" } }, { provider: "anthropic", api: 'init_chat_model("anthropic:claude-sonnet-4")' }] },
    },
  ],
  invalid: [
    { name: "invoke on something that is not a compiled graph", code: `from langgraph.graph import StateGraph\nb = StateGraph(dict)\nb.add_node("x", f)\n`, absent: ["agentRuns"] },
  ],
});

pyRecognizerTester("CrewAI, OpenAI Agents, PydanticAI", {
  valid: [
    {
      name: "CrewAI Agent max_iter and max_execution_time; the default when absent; LLM(base_url)",
      code: `from crewai import Agent, LLM\nllm = LLM(model="openai/gpt-4o", base_url="http://llm-gateway.internal:4000")\na = Agent(role="r", goal="g", backstory="b", llm=llm, max_iter=8, max_execution_time=600)\nb = Agent(role="r", goal="g", backstory="b")\n`,
      expect: {
        modelClients: [{ framework: "crewai", api: "crewai.LLM", baseURL: { kind: "literal", text: "http://llm-gateway.internal:4000" } }],
        agentRuns: [{ framework: "crewai", bound: { kind: "literal", value: 8 }, timeout: { ms: 600_000 }, loc: { line: 3 } }, { bound: { kind: "default", value: 25 }, loc: { line: 4 } }],
      },
    },
    {
      name: "Runner.run(…, max_turns=…) and the default of 10; traced by default; ShellTool is destructive",
      code: `from agents import Agent, Runner, ShellTool\nagent = Agent(name="a", instructions="i", tools=[ShellTool()])\nasync def go():\n    await Runner.run(agent, "x", max_turns=5)\n    Runner.run_sync(agent, "y")\n`,
      expect: { agentRuns: [{ framework: "openai-agents", bound: { kind: "literal", value: 5 }, telemetry: true }, { bound: { kind: "default", value: 10 } }], destructive: [{ op: expect.stringMatching(/^ShellTool/), loc: { line: 2 } }] },
    },
    {
      name: "PydanticAI: a model string is a direct provider client; request_limit=None is unbounded; the default is 50",
      code: `from pydantic_ai import Agent, UsageLimits\nagent = Agent("openai:gpt-4o")\nagent.run_sync("a", usage_limits=UsageLimits(request_limit=None))\nagent.run_sync("b", usage_limits=UsageLimits(request_limit=7))\nagent.run_sync("c")\n`,
      expect: {
        modelClients: [{ framework: "pydantic-ai", provider: "openai", api: 'model "openai:gpt-4o" (PydanticAI)' }],
        agentRuns: [{ bound: { kind: "unbounded" } }, { bound: { kind: "literal", value: 7 } }, { bound: { kind: "default", value: 50 } }],
      },
    },
  ],
  invalid: [
    { name: "an Agent class of the project's own", code: `class Agent:\n    pass\na = Agent(max_iter=1000)\n`, absent: ["agentRuns"] },
  ],
});

pyRecognizerTester("smolagents, AutoGen, AG2, LlamaIndex, ADK", {
  valid: [
    {
      name: "CodeAgent without a sandbox executes model code in-process; max_steps; LiteLLMModel(api_base)",
      code: `from smolagents import CodeAgent, ToolCallingAgent, LiteLLMModel\nm = LiteLLMModel(model_id="gpt-4o", api_base="http://gw:4000")\nc = CodeAgent(tools=[], model=m)\nt = ToolCallingAgent(tools=[], model=m, max_steps=6)\nsafe = CodeAgent(tools=[], model=m, executor_type="docker", max_steps=4)\n`,
      expect: {
        modelClients: [{ framework: "smolagents", api: "LiteLLMModel", baseURL: { kind: "literal", text: "http://gw:4000" } }],
        agentRuns: [{ bound: { kind: "default", value: 20 }, loc: { line: 3 } }, { bound: { kind: "literal", value: 6 } }, { bound: { kind: "literal", value: 4 } }],
        destructive: [{ op: expect.stringMatching(/model-written Python in this process/), loc: { line: 3 } }],
      },
      check: (f) => expect(f.destructive).toHaveLength(1),
    },
    {
      name: "an AutoGen team with no bound is unbounded; MaxMessageTermination inside | is its bound; ExternalTermination is a pause",
      code: `from autogen_agentchat.teams import RoundRobinGroupChat\nfrom autogen_agentchat.conditions import MaxMessageTermination, ExternalTermination\nstop = ExternalTermination()\nt1 = RoundRobinGroupChat([a, b])\nt2 = RoundRobinGroupChat([a, b], termination_condition=stop | MaxMessageTermination(12))\n`,
      expect: { agentRuns: [{ framework: "autogen", bound: { kind: "unbounded" }, loc: { line: 4 } }, { bound: { kind: "literal", value: 12 } }] },
    },
    {
      name: "AG2 use_docker=False runs code locally; max_consecutive_auto_reply defaults to 100",
      code: `from autogen import AssistantAgent\na = AssistantAgent("a", llm_config=cfg, code_execution_config={"use_docker": False})\n`,
      expect: { agentRuns: [{ bound: { kind: "default", value: 100 } }], destructive: [{ op: expect.stringMatching(/use_docker=False/) }] },
    },
    {
      name: "LlamaIndex run(max_iterations) and ADK RunConfig(max_llm_calls=0) (unbounded)",
      code: `from llama_index.core.agent.workflow import FunctionAgent\nfrom google.adk.runners import Runner\nfrom google.adk.agents.run_config import RunConfig\nagent = FunctionAgent(tools=[], llm=llm)\nagent.run(user_msg="x", max_iterations=9)\nrunner = Runner(agent=root, app_name="a", session_service=s)\nrunner.run(user_id="u", session_id="s", new_message=m, run_config=RunConfig(max_llm_calls=0))\n`,
      expect: { agentRuns: [{ framework: "llamaindex", bound: { kind: "literal", value: 9 } }, { framework: "google-adk", bound: { kind: "unbounded" } }] },
    },
  ],
  invalid: [],
});

pyRecognizerTester("generic classes", {
  valid: [
    {
      name: "Agent[Deps, Output](…) is the Agent class",
      code: `from pydantic_ai import Agent\nagent = Agent[int, str]("openai:gpt-4o")\nasync def go():\n    await agent.run("x")\n`,
      expect: { modelClients: [{ framework: "pydantic-ai", loc: { line: 2 } }], agentRuns: [{ framework: "pydantic-ai", bound: { kind: "default", value: 50 }, loc: { line: 4 } }] },
    },
  ],
  invalid: [{ name: "a list element is not a class", code: `from pydantic_ai import Agent\nagents = [Agent("openai:gpt-4o")]\nx = agents[0]\n`, check: (f) => expect(f.agentRuns).toEqual([]) }],
});

pyRecognizerTester("tools defined by decorators", {
  valid: [
    {
      name: "@function_tool(needs_approval=True), @tool(\"name\") and @agent.tool_plain are tools with their names and approval",
      code: `from agents import function_tool\nfrom langchain_core.tools import tool\nfrom pydantic_ai import Agent\nimport shutil\nagent = Agent("openai:gpt-4o")\n\n@function_tool(needs_approval=True)\ndef purge_cache(path: str) -> str:\n    shutil.rmtree(path)\n    return "ok"\n\n@tool("lookup_asn")\ndef lookup(asn: str) -> str:\n    return asn\n\n@agent.tool_plain\ndef roll() -> int:\n    return 4\n`,
      expect: {
        tools: [
          { name: "purge_cache", framework: "openai-agents", approval: "always", loc: { line: 7 } },
          { name: "lookup_asn", framework: "langchain", approval: "none", loc: { line: 12 } },
          { name: "roll", framework: "pydantic-ai", loc: { line: 16 } },
        ],
        destructive: [{ op: "shutil.rmtree", tool: "purge_cache" }],
      },
    },
  ],
  invalid: [
    { name: "a decorator of the project's own, or a staticmethod, makes no tool", code: `def traced(f):\n    return f\n\nclass A:\n    @staticmethod\n    def s():\n        return 1\n\n@traced\ndef g():\n    return 2\n`, absent: ["tools"] },
  ],
});
