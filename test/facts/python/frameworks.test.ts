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
    {
      name: "a chat model's invoke is a model call, through bind_tools / with_structured_output / with_config",
      code: `from langchain_openai import ChatOpenAI\nfrom langchain.chat_models import init_chat_model\nllm = ChatOpenAI(model="gpt-4o")\nanswer = llm.invoke("hi")\nasync def go(msgs):\n    return await llm.bind_tools([Search]).ainvoke(msgs)\nm = init_chat_model(configurable_fields=("model",))\nplan = m.with_structured_output(Plan).with_config({"tags": ["p"]}).invoke("x")\n`,
      expect: { modelCalls: [{ framework: "langchain", api: "ChatOpenAI(…).invoke", loc: { line: 4 } }, { api: "ChatOpenAI(…).ainvoke", loc: { line: 6 } }, { api: "init_chat_model(…).invoke", loc: { line: 8 } }] },
    },
    {
      name: "a name a function assigns twice in straight-line code has, at each use, the value last assigned before it",
      code: `from langchain_openai import ChatOpenAI\nasync def triage(config, msgs):\n    model = config.get("model", "gpt-4o")\n    llm = ChatOpenAI(model=model)\n    model = llm.with_structured_output(Plan)\n    return await model.ainvoke(msgs)\n`,
      expect: { modelCalls: [{ api: "ChatOpenAI(…).ainvoke", loc: { line: 6 } }], modelClients: [{ api: "ChatOpenAI" }] },
    },
  ],
  invalid: [
    { name: "a name reassigned inside an if has no one value after it", code: `from langchain_openai import ChatOpenAI\ndef f(fast):\n    model = ChatOpenAI(model="a")\n    if fast:\n        model = make_other()\n    return model.invoke("x")\n`, absent: ["modelCalls"] },
    { name: "a nested function sees the name when it runs, not where it is written", code: `from langchain_openai import ChatOpenAI\ndef f():\n    model = ChatOpenAI(model="a")\n    def ask():\n        return model.invoke("x")\n    model = make_other()\n    return ask\n`, absent: ["modelCalls"] },
    { name: "a chat model's other methods are no model call", code: `from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o")\nn = llm.get_num_tokens("hi")\nb = llm.bind_tools([Search])\n`, absent: ["modelCalls"] },
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

pyRecognizerTester("framework knobs: with_config, call-limit middleware, hooks, group chats, confirmations", {
  valid: [
    {
      name: "LangGraph .with_config(recursion_limit=N) bounds the runs of the graph it returns",
      code: `from langgraph.graph import StateGraph\nbuilder = StateGraph(dict)\ngraph = builder.compile().with_config(recursion_limit=30)\ngraph.invoke({"q": 1})\nother = builder.compile().with_config(config={"recursion_limit": 12})\nother.stream({"q": 2})\n`,
      expect: {
        agentRuns: [
          { framework: "langgraph", bound: { kind: "literal", value: 30 }, boundLoc: { line: 3, column: 39 }, loc: { line: 4 } },
          { framework: "langgraph", bound: { kind: "literal", value: 12 }, boundLoc: { line: 5 }, loc: { line: 6 } },
        ],
      },
    },
    {
      name: "LangChain v1 create_agent with ModelCallLimitMiddleware(run_limit=N): N model calls end the run",
      code: `from langchain.agents import create_agent\nfrom langchain.agents.middleware import ModelCallLimitMiddleware\nagent = create_agent("openai:gpt-4o", tools=[], middleware=[ModelCallLimitMiddleware(run_limit=15)])\nagent.invoke({"messages": []})\n`,
      expect: { agentRuns: [{ framework: "langchain", bound: { kind: "literal", value: 15 }, boundLoc: { line: 3, column: 86 }, loc: { line: 4 } }] },
    },
    {
      name: "CrewAI @before_tool_call(tools=[…]) is the approval of the tools it names; bare, of every tool",
      code: `from crewai.hooks import before_tool_call\n@before_tool_call(tools=["delete_file"])\ndef gate(context):\n    return context.request_human_input("run it?") == "yes"\n@before_tool_call\ndef gate_all(context):\n    return None\n`,
      expect: { approvals: [{ kind: "approval-function", covers: ["delete_file"], loc: { line: 2 } }, { kind: "approval-function", loc: { line: 5 } }] },
    },
    {
      name: "AutoGen TimeoutTermination is the team's wall clock; AG2 GroupChat max_round bounds its chat (10 by default); human_input_mode ALWAYS asks a person",
      code: `from autogen_agentchat.teams import RoundRobinGroupChat\nfrom autogen_agentchat.conditions import MaxMessageTermination, TimeoutTermination\nfrom autogen import GroupChat, ConversableAgent\nteam = RoundRobinGroupChat([], termination_condition=MaxMessageTermination(20) | TimeoutTermination(300))\ngc = GroupChat(agents=[], messages=[], max_round=6)\ngc2 = GroupChat(agents=[], messages=[])\nhuman = ConversableAgent("ops", human_input_mode="ALWAYS", max_consecutive_auto_reply=3)\n`,
      expect: {
        agentRuns: [
          { framework: "autogen", api: "RoundRobinGroupChat", bound: { kind: "literal", value: 20 }, timeout: { ms: 300_000 } },
          { api: "GroupChat", bound: { kind: "literal", value: 6 }, loc: { line: 5 } },
          { api: "GroupChat", bound: { kind: "default", value: 10, name: "AG2 GroupChat max_round" }, loc: { line: 6 } },
          { api: "ConversableAgent", bound: { kind: "literal", value: 3 } },
        ],
        approvals: [{ kind: "approval-function", loc: { line: 7, column: 33 } }],
      },
    },
    {
      name: "ADK FunctionTool(func, require_confirmation=True) is a tool with its approval; PydanticAI ApprovalRequiredToolset covers the tools it wraps",
      code: `from google.adk.tools import FunctionTool\nfrom pydantic_ai.toolsets import FunctionToolset, ApprovalRequiredToolset\ndef delete_zone(name: str) -> str:\n    return name\ndef drop_table(name: str) -> str:\n    return name\nt = FunctionTool(func=delete_zone, require_confirmation=True)\nts = ApprovalRequiredToolset(FunctionToolset([drop_table]))\n`,
      expect: {
        tools: [{ name: "delete_zone", framework: "google-adk", approvalLoc: { line: 7 } }],
        approvals: [{ kind: "approval-function", covers: ["drop_table"], loc: { line: 8 } }],
      },
    },
  ],
  invalid: [
    { name: "a hook from another library named before_tool_call is not CrewAI's", code: `from myhooks import before_tool_call\n@before_tool_call\ndef g(c):\n    return True\n`, absent: ["approvals"] },
    { name: "with_config with no recursion limit leaves the default", code: `from langgraph.graph import StateGraph\ng = StateGraph(dict).compile().with_config(tags=["x"])\ng.invoke({})\n`, expect: { agentRuns: [{ bound: { kind: "default" } }] } },
  ],
});
