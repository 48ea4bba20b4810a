import { expect } from "vitest";
import { pyRecognizerTester } from "./tester.js";

// agno (module agno): Agent/Team runs and their tool_call_limit, model classes and "provider:model"
// strings, tools (plain functions, @tool, @approval, Toolkit subclasses, built-in toolkits), MCPTools,
// cancel_run and agno's tracing. Every name is agno 2.9.0's (src/facts/python/frameworks/agno.ts).

pyRecognizerTester("agno runs", {
  valid: [
    {
      name: "an Agent without tool_call_limit is unbounded; tool_call_limit=N bounds it; a Team is a run too",
      code: `from agno.agent import Agent\nfrom agno.team import Team\nfrom agno.models.openai import OpenAIChat\na = Agent(model=OpenAIChat(id="gpt-4o"))\nb = Agent(model=OpenAIChat(id="gpt-4o"), tool_call_limit=6)\nt = Team(members=[a, b], model=OpenAIChat(id="gpt-4o"), tool_call_limit=3)\n`,
      expect: {
        agentRuns: [
          { framework: "agno", api: "Agent", bound: { kind: "unbounded" }, signal: false, loc: { line: 4 } },
          { api: "Agent", bound: { kind: "literal", value: 6 }, boundLoc: { line: 5 } },
          { api: "Team", bound: { kind: "literal", value: 3 }, loc: { line: 6 } },
        ],
      },
    },
    {
      name: "tool_call_limit=None is unbounded too; a limit read from a module constant is read",
      code: `from agno.agent.agent import Agent\nLIMIT = 12\na = Agent(tool_call_limit=None)\nb = Agent(tool_call_limit=LIMIT)\n`,
      expect: { agentRuns: [{ bound: { kind: "unbounded" }, boundLoc: { line: 3 } }, { bound: { kind: "literal", value: 12 } }] },
    },
    {
      name: "Agent.cancel_run(run_id) (static) reaches every agno run; agent.cancel_run on the instance reaches its agent",
      code: `from agno.agent import Agent\na = Agent(tool_call_limit=5)\ndef stop(run_id):\n    Agent.cancel_run(run_id)\n`,
      expect: { agentRuns: [{ framework: "agno", signal: true }] },
    },
  ],
  invalid: [
    { name: "a project class named Agent", code: `class Agent:\n    def __init__(self, tool_call_limit=None):\n        pass\nAgent()\n`, absent: ["agentRuns"] },
    { name: "an agno object that is not an agent", code: `from agno.db.sqlite import SqliteDb\ndb = SqliteDb(db_file="a.db")\n`, absent: ["agentRuns", "modelClients"] },
  ],
});

pyRecognizerTester("agno model clients", {
  valid: [
    {
      name: "OpenAIChat(base_url=…) goes where it says; Claude reads ANTHROPIC_BASE_URL; OpenRouter calls its own host; an Agent with no model uses OpenAIResponses",
      code: `import os\nfrom agno.agent import Agent\nfrom agno.models.openai import OpenAIChat\nfrom agno.models.anthropic import Claude\nfrom agno.models.openrouter import OpenRouter\no = OpenAIChat(id="gpt-4o", base_url=os.environ["LLM_GATEWAY_URL"], api_key=os.getenv("LLM_GATEWAY_KEY"))\nc = Claude(id="claude-sonnet-4-5")\nr = OpenRouter(id="x/y")\na = Agent(name="plain")\n`,
      expect: {
        modelClients: [
          { framework: "agno", provider: "openai", api: "OpenAIChat", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" }, loc: { line: 6 } },
          { provider: "anthropic", api: "Claude", baseURL: { kind: "absent" }, envDefault: "ANTHROPIC_BASE_URL", baseOption: 'client_params={"base_url": …}' },
          { provider: "openrouter", api: "OpenRouter", defaultHost: "https://openrouter.ai/api/v1" },
          { provider: "openai", api: "Agent (no model: agno's default OpenAI model)", loc: { line: 9 } },
        ],
      },
    },
    {
      name: "Claude's client_params base_url, Gemini's http_options, Ollama's host, LiteLLM's api_base",
      code: `from agno.models.anthropic import Claude\nfrom agno.models.google import Gemini\nfrom agno.models.ollama import Ollama\nfrom agno.models.litellm import LiteLLM\nc = Claude(id="c", client_params={"base_url": "http://gw.internal:4000"})\ng = Gemini(id="g", client_params={"http_options": {"base_url": "http://gw.internal:4000"}})\nl = Ollama(id="llama3.1", host="http://gpu.internal:11434")\nm = LiteLLM(id="anthropic/claude-3-5", api_base="http://gw.internal:4000")\n`,
      expect: {
        modelClients: [
          { provider: "anthropic", baseURL: { kind: "literal", text: "http://gw.internal:4000" } },
          { provider: "google", baseURL: { kind: "literal", text: "http://gw.internal:4000" } },
          { provider: "ollama", baseURL: { kind: "literal", text: "http://gpu.internal:11434" } },
          { provider: "anthropic", api: "LiteLLM", baseURL: { kind: "literal", text: "http://gw.internal:4000" } },
        ],
      },
    },
    {
      name: 'a "provider:model" string calls that provider',
      code: `from agno.agent import Agent\na = Agent(model="anthropic:claude-sonnet-4-5")\nb = Agent(model="openai-chat:gpt-4o")\n`,
      expect: { modelClients: [{ framework: "agno", provider: "anthropic", api: 'model "anthropic:claude-sonnet-4-5" (agno)' }, { provider: "openai" }] },
    },
    {
      name: "a knowledge embedder is a paid API client too (agno.knowledge.embedder, agno.embedder in 1.x)",
      code: `from agno.knowledge.embedder.openai import OpenAIEmbedder\nfrom agno.embedder.openai import OpenAIEmbedder as Old\ne = OpenAIEmbedder(id="text-embedding-3-small")\no = Old(base_url="http://gw.internal:4000")\n`,
      expect: { modelClients: [{ framework: "agno", provider: "openai", api: "OpenAIEmbedder", baseURL: { kind: "absent" }, loc: { line: 3 } }, { baseURL: { kind: "literal", text: "http://gw.internal:4000" } }] },
    },
    {
      name: "agents with no model: one default client per file",
      code: `from agno.agent import Agent\na = Agent(name="one")\nb = Agent(name="two")\n`,
      check: (f) => {
        expect(f.modelClients).toHaveLength(1);
        expect(f.modelClients[0]).toMatchObject({ provider: "openai", loc: { line: 2 }, more: { count: 1 } });
      },
    },
  ],
  invalid: [
    { name: "an Agent given a model object records the model where it is built, not a default", code: `from agno.agent import Agent\nfrom my_models import make\na = Agent(model=make())\n`, absent: ["modelClients"] },
    { name: "agno's Message class is no model client", code: `from agno.models.message import Message\nm = Message(role="user", content="hi")\n`, absent: ["modelClients"] },
  ],
});

pyRecognizerTester("agno tools", {
  valid: [
    {
      name: "plain functions in tools=[…] are tools named by the function, with their bodies",
      code: `from agno.agent import Agent\ndef close_ticket(ticket_id: str) -> str:\n    return ticket_id\ndef read_status() -> str:\n    return "ok"\na = Agent(tools=[close_ticket, read_status])\n`,
      check: (f) => {
        expect(f.tools.map((t) => [t.name, t.framework, t.approval, !!t.body])).toEqual([["close_ticket", "agno", "none", true], ["read_status", "agno", "none", true]]);
      },
    },
    {
      name: "@tool(requires_confirmation=True) and @tool(name=…) (listed in tools=[…] too: one tool each)",
      code: `from agno.agent import Agent\nfrom agno.tools import tool\n@tool(requires_confirmation=True)\ndef delete_record(record_id: str) -> str:\n    return record_id\n@tool(name="lookup")\ndef find(q: str) -> str:\n    return q\na = Agent(tools=[delete_record, find])\n`,
      check: (f) => {
        expect(f.tools.map((t) => [t.name, t.approval])).toEqual([["delete_record", "always"], ["lookup", "none"]]);
      },
    },
    {
      name: "requires_user_input=True waits for a person; @approval covers the function",
      code: `from agno.tools import tool\nfrom agno.approval import approval\n@tool(requires_user_input=True, user_input_fields=["to"])\ndef send_email(to: str, body: str) -> str:\n    return to\n@approval\n@tool\ndef wire_money(amount: int) -> str:\n    return "sent"\n`,
      expect: {
        tools: [{ name: "send_email", approval: "always" }, { name: "wire_money", approval: "none" }],
        approvals: [{ kind: "approval-function", covers: ["wire_money"], loc: { line: 6 } }],
      },
    },
    {
      name: "a Toolkit subclass: each public method is a tool",
      code: `from agno.tools import Toolkit\nclass TicketTools(Toolkit):\n    def __init__(self):\n        super().__init__(name="tickets", tools=[self.close_ticket])\n    def close_ticket(self, ticket_id: str) -> str:\n        return ticket_id\n    def _helper(self):\n        return 1\n`,
      check: (f) => expect(f.tools.map((t) => t.name)).toEqual(["close_ticket"]),
    },
    {
      name: "ShellTools: run_shell_command acts on the machine; requires_confirmation_tools gates it",
      code: `from agno.tools.shell import ShellTools\nfrom agno.tools.python import PythonTools\nopen_shell = ShellTools()\ngated = ShellTools(requires_confirmation_tools=["run_shell_command"])\npy = PythonTools(include_tools=["run_python_code"])\n`,
      expect: {
        tools: [{ name: "run_shell_command", approval: "none", loc: { line: 3 } }, { name: "run_shell_command", approval: "always", loc: { line: 4 } }, { name: "run_python_code", loc: { line: 5 } }],
        destructive: [
          { op: "ShellTools run_shell_command (runs a shell command the model writes on this machine)", tool: "run_shell_command", loc: { line: 3 } },
          { tool: "run_shell_command", approvedAt: { line: 4 } },
          { tool: "run_python_code" },
        ],
      },
    },
    {
      name: "requires_confirmation_tools on a toolkit psf does not list: those tools wait for a person",
      code: `from agno.tools.websearch import WebSearchTools\nw = WebSearchTools(requires_confirmation_tools=["web_search"])\n`,
      expect: { approvals: [{ kind: "approval-function", covers: ["web_search"], loc: { line: 2 } }] },
    },
    {
      name: "FileTools deletes only with enable_delete_file=True (or all=True)",
      code: `from agno.tools.file import FileTools\nsafe = FileTools()\nrisky = FileTools(enable_delete_file=True)\n`,
      check: (f) => {
        expect(f.destructive.map((d) => [d.tool, d.loc.line])).toEqual([["delete_file", 3]]);
        expect(f.tools.filter((t) => t.name === "delete_file")).toHaveLength(1);
      },
    },
    {
      name: "tools psf cannot see into are the run's opaque tools: an agno toolkit it does not list, a provider's get_tools(), a value it cannot read; the project's own Toolkit is not one",
      code: `from agno.agent import Agent\nfrom agno.tools import Toolkit\nfrom agno.tools.duckduckgo import DuckDuckGoTools\nfrom agno.tools.shell import ShellTools\nclass Mail(Toolkit):\n    def send(self, to: str) -> str:\n        return to\na = Agent(tools=[Mail(), ShellTools(), DuckDuckGoTools(), *provider.get_tools()])\nb = Agent(tools=make_tools())\n`,
      check: (f) => {
        expect(f.agentRuns.map((r) => (r.opaqueTools ?? []).map((o) => o.reason))).toEqual([
          ["agno's DuckDuckGoTools: psf does not list the tools it registers", "not a function or toolkit the analysis can resolve"],
          ["a tools value the analysis cannot read as a list"],
        ]);
      },
    },
    {
      name: "WebsiteTools fetches any URL the model passes",
      code: `from agno.tools.website import WebsiteTools\nw = WebsiteTools()\n`,
      expect: { urls: [{ api: "WebsiteTools (agno)", url: { kind: "dynamic", text: "any URL the model passes" } }] },
    },
  ],
  invalid: [
    { name: "a function that is not given to an agent is no tool", code: `from agno.agent import Agent\ndef helper():\n    return 1\na = Agent(tools=[])\n`, absent: ["tools"] },
    { name: "a tool decorator of another library", code: `from mylib import tool\n@tool\ndef f():\n    return 1\n`, absent: ["tools"] },
    { name: "ShellTools with its only tool turned off", code: `from agno.tools.shell import ShellTools\ns = ShellTools(enable_run_shell_command=False)\n`, absent: ["tools", "destructive"] },
  ],
});

pyRecognizerTester("agno MCP and tracing", {
  valid: [
    {
      name: "MCPTools with a command, with a URL and a tool filter; MultiMCPTools' commands and urls",
      code: `from agno.tools.mcp import MCPTools, MultiMCPTools\ngh = MCPTools("npx -y @modelcontextprotocol/server-github")\ndocs = MCPTools(url="https://docs.example.org/mcp", transport="streamable-http", include_tools=["search"])\nmulti = MultiMCPTools(commands=["uvx mcp-server-git"], urls=["https://x.example.org/sse"])\n`,
      expect: {
        mcpServers: [
          { name: "@modelcontextprotocol/server-github", source: "MCPTools", transport: "stdio", command: "npx -y @modelcontextprotocol/server-github", filtered: false, loc: { line: 2 } },
          { name: "docs.example.org", transport: "http", filtered: true, loc: { line: 3 } },
          { source: "MultiMCPTools", transport: "stdio", command: "uvx mcp-server-git" },
          { source: "MultiMCPTools", transport: "http", name: "x.example.org" },
        ],
      },
    },
    {
      name: "the OpenInference agno instrumentor and agno's setup_tracing trace agno runs",
      code: `from openinference.instrumentation.agno import AgnoInstrumentor\nfrom agno.tracing import setup_tracing\nAgnoInstrumentor().instrument()\nsetup_tracing(db=None)\n`,
      check: (f) => expect((f.tracing.frameworks ?? []).map((t) => [t.framework, t.loc.line]).sort()).toEqual([["agno", 3], ["agno", 4]]),
    },
  ],
  invalid: [
    { name: "AgentOS without tracing=True traces nothing", code: `from agno.os import AgentOS\nos_app = AgentOS(agents=[])\n`, check: (f) => expect(f.tracing.frameworks ?? []).toEqual([]) },
  ],
});
