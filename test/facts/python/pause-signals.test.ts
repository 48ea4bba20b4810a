import { beforeAll, describe, expect, it } from "vitest";
import { loadPythonParser } from "../../../src/facts/python/parser.js";
import { pyFactsOf } from "./tester.js";

// How an operator's pause reaches a Python framework run (OOC-02): each row is one documented form,
// the run it reaches (line, column) and whether that run now carries the pause signal.
const STOP = `import threading\nSTOP = threading.Event()\n`;

const CASES: [name: string, code: string, run: { line: number; column: number }, signal: boolean][] = [
  // LangGraph
  ["LangGraph: a stream consumer that checks the pause between chunks",
    `${STOP}from langgraph.graph import StateGraph\ngraph = StateGraph(dict).compile()\ndef go(x):\n    for chunk in graph.stream(x, config={"recursion_limit": 10}):\n        if STOP.is_set():\n            break\n`, { line: 6, column: 18 }, true],
  ["LangGraph: a node that checks the pause and interrupts, in the graph that is run",
    `${STOP}from langgraph.graph import StateGraph\nfrom langgraph.types import interrupt\ndef guard(state):\n    if STOP.is_set():\n        interrupt("paused by the operator")\n    return state\nbuilder = StateGraph(dict)\nbuilder.add_node("guard", guard)\ngraph = builder.compile()\ngraph.invoke({}, config={"recursion_limit": 10})\n`, { line: 12, column: 1 }, true],
  ["LangGraph: a node with no pause check does not count",
    `from langgraph.graph import StateGraph\ndef work(state):\n    return state\nbuilder = StateGraph(dict)\nbuilder.add_node("work", work)\ngraph = builder.compile()\ngraph.invoke({}, config={"recursion_limit": 10})\n`, { line: 7, column: 1 }, false],
  ["LangGraph: ainvoke run as a task the pause poller cancels",
    `import asyncio\nfrom langgraph.graph import StateGraph\ngraph = StateGraph(dict).compile()\nasync def go(x):\n    task = asyncio.create_task(graph.ainvoke(x, config={"recursion_limit": 10}))\n    await asyncio.sleep(1)\n    task.cancel()\n`, { line: 5, column: 32 }, true],
  ["LangGraph: a task nobody cancels",
    `import asyncio\nfrom langgraph.graph import StateGraph\ngraph = StateGraph(dict).compile()\nasync def go(x):\n    task = asyncio.create_task(graph.ainvoke(x, config={"recursion_limit": 10}))\n    await task\n`, { line: 5, column: 32 }, false],
  // CrewAI
  ["CrewAI: a global @before_llm_call hook that blocks the call while paused",
    `${STOP}from crewai import Agent\nfrom crewai.hooks import before_llm_call\n@before_llm_call\ndef hold(context):\n    if STOP.is_set():\n        return False\n    return None\na = Agent(role="r", goal="g", backstory="b", max_iter=5)\n`, { line: 10, column: 5 }, true],
  ["CrewAI: a @before_llm_call hook that never checks the pause",
    `from crewai import Agent\nfrom crewai.hooks import before_llm_call\n@before_llm_call\ndef log(context):\n    print(context)\na = Agent(role="r", goal="g", backstory="b", max_iter=5)\n`, { line: 6, column: 5 }, false],
  ["CrewAI: a @before_tool_call hook only blocks tools; the model is still called, so it is no pause",
    `${STOP}from crewai import Agent\nfrom crewai.hooks import before_tool_call\n@before_tool_call\ndef hold(context):\n    if STOP.is_set():\n        return False\n    return None\na = Agent(role="r", goal="g", backstory="b", max_iter=5)\n`, { line: 10, column: 5 }, false],
  ["CrewAI: Agent(step_callback=) that raises when paused",
    `${STOP}from crewai import Agent\ndef step(output):\n    if STOP.is_set():\n        raise RuntimeError("paused")\na = Agent(role="r", goal="g", backstory="b", max_iter=5, step_callback=step)\n`, { line: 7, column: 5 }, true],
  ["CrewAI: Crew(step_callback=) reaches the crew's agents",
    `${STOP}from crewai import Agent, Crew\ndef step(output):\n    if STOP.is_set():\n        raise RuntimeError("paused")\na = Agent(role="r", goal="g", backstory="b", max_iter=5)\ncrew = Crew(agents=[a], tasks=[], step_callback=step)\n`, { line: 7, column: 5 }, true],
  // PydanticAI
  ["PydanticAI: agent.iter driven node by node, checking the pause between nodes",
    `${STOP}from pydantic_ai import Agent, UsageLimits\nagent = Agent("openai:gpt-4o")\nasync def go(q):\n    async with agent.iter(q, usage_limits=UsageLimits(request_limit=5)) as run:\n        async for node in run:\n            if STOP.is_set():\n                break\n`, { line: 6, column: 16 }, true],
  ["PydanticAI: agent.iter iterated with no pause check",
    `from pydantic_ai import Agent, UsageLimits\nagent = Agent("openai:gpt-4o")\nasync def go(q):\n    async with agent.iter(q, usage_limits=UsageLimits(request_limit=5)) as run:\n        async for node in run:\n            print(node)\n`, { line: 4, column: 16 }, false],
  ["PydanticAI: run_sync is not driven step by step; a later loop does not pause it",
    `${STOP}from pydantic_ai import Agent\nagent = Agent("openai:gpt-4o")\ndef go(q, items):\n    agent.run_sync(q)\n    for i in items:\n        if STOP.is_set():\n            break\n`, { line: 6, column: 5 }, false],
  // The others
  ["LlamaIndex: handler.cancel_run() on the run's handler",
    `${STOP}from llama_index.core.agent.workflow import FunctionAgent\nagent = FunctionAgent(tools=[], llm=None)\nasync def go(q):\n    handler = agent.run(q, max_iterations=5)\n    async for ev in handler.stream_events():\n        if STOP.is_set():\n            await handler.cancel_run()\n    return await handler\n`, { line: 6, column: 15 }, true],
  ["smolagents: agent.interrupt() from the pause poller",
    `from smolagents import ToolCallingAgent\nagent = ToolCallingAgent(tools=[], model=None, max_steps=5)\ndef on_pause():\n    agent.interrupt()\n`, { line: 2, column: 9 }, true],
  ["AG2: is_termination_msg that ends the chat when paused",
    `${STOP}from autogen import AssistantAgent\nhelper = AssistantAgent("helper", max_consecutive_auto_reply=5, is_termination_msg=lambda m: STOP.is_set())\n`, { line: 4, column: 10 }, true],
  ["ADK: a before_model_callback that checks the pause, on the agent the Runner runs",
    `${STOP}from google.adk.agents import LlmAgent\nfrom google.adk.runners import Runner\nfrom google.adk.agents.run_config import RunConfig\ndef hold(callback_context, llm_request):\n    if STOP.is_set():\n        return paused_response()\n    return None\nroot = LlmAgent(name="a", model="gemini-2.5-flash", before_model_callback=hold)\nrunner = Runner(agent=root, app_name="x", session_service=None)\nasync def go(msg):\n    async for ev in runner.run_async(user_id="u", session_id="s", new_message=msg, run_config=RunConfig(max_llm_calls=5)):\n        yield ev\n`, { line: 13, column: 21 }, true],
  ["ADK: a before_model_callback that only logs does not count",
    `from google.adk.agents import LlmAgent\nfrom google.adk.runners import Runner\ndef log(callback_context, llm_request):\n    print(llm_request)\nroot = LlmAgent(name="a", model="gemini-2.5-flash", before_model_callback=log)\nrunner = Runner(agent=root, app_name="x", session_service=None)\nasync def go(msg):\n    async for ev in runner.run_async(user_id="u", session_id="s", new_message=msg):\n        yield ev\n`, { line: 8, column: 21 }, false],
  ["AutoGen: an ExternalTermination bound to a name, combined into the team's termination condition",
    `from autogen_agentchat.conditions import ExternalTermination, MaxMessageTermination\nfrom autogen_agentchat.teams import RoundRobinGroupChat\nstop = ExternalTermination()\nteam = RoundRobinGroupChat([], termination_condition=stop | MaxMessageTermination(10))\n`, { line: 4, column: 8 }, true],
  ["AutoGen: a team with only a message cap has no pause",
    `from autogen_agentchat.conditions import MaxMessageTermination\nfrom autogen_agentchat.teams import RoundRobinGroupChat\nstop = MaxMessageTermination(10)\nteam = RoundRobinGroupChat([], termination_condition=stop)\n`, { line: 4, column: 8 }, false],
  ["OpenAI Agents: result.cancel() on a streamed run",
    `${STOP}from agents import Agent, Runner\nagent = Agent(name="a", instructions="i")\nasync def go(q):\n    result = Runner.run_streamed(agent, q, max_turns=5)\n    async for ev in result.stream_events():\n        if STOP.is_set():\n            result.cancel()\n`, { line: 6, column: 14 }, true],
];

describe("pause signals of Python framework runs", () => {
  beforeAll(async () => {
    await loadPythonParser();
  });
  it.each(CASES)("%s", (_name, code, at, signal) => {
    const f = pyFactsOf(code);
    const run = f.agentRuns.find((r) => r.loc.line === at.line && r.loc.column === at.column);
    expect(run, JSON.stringify(f.agentRuns.map((r) => [r.api, r.loc]))).toBeDefined();
    expect(run!.signal).toBe(signal);
  });
});
