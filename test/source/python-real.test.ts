// Control-level cases from reading psf's findings on public Python agent projects by hand (issue 12 item 5).
import { beforeAll, describe, expect, it } from "vitest";
import { loadPythonParser } from "../../src/facts/python/parser.js";
import { check } from "./helpers.js";
import { controlTable } from "./table.js";

beforeAll(async () => {
  await loadPythonParser();
});

const lim = { boundaries: { limits: { max_steps: 20 } } };
const PROMPT_LOOP = `from pydantic_ai import Agent, UsageLimits\nfrom rich.prompt import Prompt\nagent = Agent("openai:gpt-4o")\nasync def main():\n    while True:\n        r = await agent.run("find", usage_limits=UsageLimits(request_limit=15))\n        if Prompt.ask("buy?") == "buy":\n            break\n`;
const SOCKET_LOOP = `from autogen_agentchat.teams import RoundRobinGroupChat\nasync def chat(websocket, agents):\n    while True:\n        data = await websocket.receive_json()\n        team = RoundRobinGroupChat(agents, max_turns=10)\n        await team.run(task=data)\n`;
const QUEUE_LOOP = `from pydantic_ai import Agent, UsageLimits\nagent = Agent("openai:gpt-4o")\nasync def main(q):\n    while True:\n        await agent.run(q.get(), usage_limits=UsageLimits(request_limit=15))\n`;

controlTable("ABC-03", [
  { name: "a while True that asks a person each turn (Prompt.ask) is the person's loop, not a runaway", manifest: lim, files: { "agent.py": PROMPT_LOOP }, findings: [] },
  { name: "a WebSocket chat loop: each turn starts on the user's message", manifest: lim, files: { "app.py": SOCKET_LOOP }, findings: [] },
  { name: "a while True fed by a queue still fails", manifest: lim, files: { "agent.py": QUEUE_LOOP }, findings: ["fail@4"], messages: ["is infinite"] },
]);

controlTable("OOC-02", [
  { name: "the prompt loop itself needs no pause check; the run inside still does", manifest: lim, files: { "agent.py": PROMPT_LOOP }, findings: ["fail@6"], messages: ["Agent.run runs an agent loop"] },
  { name: "a queue-fed loop never checks the pause signal", manifest: lim, files: { "agent.py": QUEUE_LOOP }, findings: ["fail@4", "fail@5"] },
]);

const gw = { spend: { enforcement: { layer: "gateway", on_exceed: "suspend", gateway: { url: "http://llm-gateway.internal:4000", url_env: "OPENAI_BASE_URL", key_env: "OPENAI_API_KEY" } } } } as const;
const PYD = (model: string) => ({ "agent.py": `from pydantic_ai import Agent\nagent = Agent(${JSON.stringify(model)})\n` });

controlTable("RSG-05", [
  { name: "a PydanticAI Gemini model string reads GOOGLE_API_KEY (what the Python SDKs read)", manifest: gw, files: PYD("google:gemini-3-flash-preview"), findings: ["fail@2"], messages: ["reads GOOGLE_API_KEY"] },
  { name: "a PydanticAI Groq model string reads GROQ_API_KEY", manifest: gw, files: PYD("groq:llama-3.3-70b-versatile"), findings: ["fail@2"], messages: ["GROQ_API_KEY"] },
]);

describe("a PydanticAI model string's fix is a model object on the gateway (a string takes no base_url or api_key)", () => {
  it.each(["RSG-04", "RSG-05"] as const)("%s", (id) => {
    const r = check(id, gw, PYD("groq:llama-3.3-70b-versatile"));
    expect(r.findings.map((f) => f.fix)).toEqual([expect.stringContaining(`OpenAIChatModel("llama-3.3-70b-versatile", provider=OpenAIProvider(base_url=os.environ["OPENAI_BASE_URL"], api_key=os.environ["OPENAI_API_KEY"]))`)]);
  });
});

const ADK_AGENT = `from google.adk.agents import LlmAgent\ncoordinator = LlmAgent(name="c", model="gemini-2.5-pro")\nroot_agent = coordinator\n`;
const adkLim = { boundaries: { limits: { max_steps: 30, timeout: "30m" } } };

controlTable("ABC-03", [
  { name: "an ADK root_agent served by adk web / AdkApp runs under the default RunConfig (500 calls)", manifest: adkLim, files: { "pkg/__init__.py": "", "pkg/agent.py": ADK_AGENT }, findings: ["fail@3"], messages: ["max_llm_calls = 500", "above max_steps 30"] },
  { name: "an ADK agent the source runs through a Runner is judged at that run only", manifest: adkLim, files: { "pkg/agent.py": ADK_AGENT, "main.py": `from google.adk.runners import InMemoryRunner\nfrom google.adk.agents.run_config import RunConfig\nfrom pkg.agent import root_agent\nasync def go(msg):\n    r = InMemoryRunner(agent=root_agent)\n    async for e in r.run_async(user_id="u", session_id="s", new_message=msg, run_config=RunConfig(max_llm_calls=20)):\n        pass\n` }, findings: [] },
]);

controlTable("OOC-02", [
  { name: "an ADK root_agent written only in a docstring's example is no served agent", manifest: adkLim, files: { "pkg/notes.py": `"""How to serve it:\n\n${ADK_AGENT}"""\n` }, findings: [] },
  { name: "the served root_agent has no pause", manifest: adkLim, files: { "pkg/agent.py": ADK_AGENT }, findings: ["fail@3"] },
]);

controlTable("IAA-04", [
  { name: "AdkApp(agent=root_agent, enable_tracing=True) traces the served agent", manifest: adkLim, files: { "pkg/agent.py": ADK_AGENT, "deploy.py": `from vertexai.preview.reasoning_engines import AdkApp\nfrom pkg.agent import root_agent\napp = AdkApp(agent=root_agent, enable_tracing=True)\n` }, findings: [] },
  { name: "without it, the served agent is not traced", manifest: adkLim, files: { "pkg/agent.py": ADK_AGENT }, findings: ["fail@3"] },
]);
