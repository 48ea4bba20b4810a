import { expect } from "vitest";
import { pyRecognizerTester } from "./tester.js";

// Haystack (module haystack, integrations in haystack_integrations): Agent runs and max_agent_steps,
// chat generators and their Secrets, Tool / @tool / create_tool_from_function / ComponentTool / Toolset,
// MCPTool / MCPToolset, confirmation strategies (2.x) and ConfirmationHook (3.x), before_llm pause hooks,
// tracing and LinkContentFetcher. Every name is haystack-ai 2.31 / 3.2's (src/facts/python/frameworks/haystack.ts).

const AGENT = `from haystack.components.agents import Agent\nfrom haystack.components.generators.chat import OpenAIChatGenerator\n`;

pyRecognizerTester("haystack runs", {
  valid: [
    {
      name: "an Agent without max_agent_steps runs up to Haystack's 100 steps; max_agent_steps=N bounds it; the module path agents.agent too",
      code: `${AGENT}from haystack.components.agents.agent import Agent as A2\nSTEPS = 8\na = Agent(chat_generator=OpenAIChatGenerator())\nb = Agent(chat_generator=OpenAIChatGenerator(), max_agent_steps=12, exit_conditions=["done"])\nc = A2(chat_generator=OpenAIChatGenerator(), max_agent_steps=STEPS)\n`,
      expect: {
        agentRuns: [
          { framework: "haystack", api: "Agent", bound: { kind: "default", value: 100 }, signal: false, loc: { line: 5 } },
          { bound: { kind: "literal", value: 12 }, boundLoc: { line: 6 } },
          { bound: { kind: "literal", value: 8 }, loc: { line: 7 } },
        ],
      },
    },
    {
      name: "a before_llm hook that checks the pause stops the run (Haystack 3's stop_run); one that does not, does not",
      code: `${AGENT}from haystack.hooks import hook\nimport threading\npause = threading.Event()\n@hook\ndef stop_if_paused(state):\n    if pause.is_set():\n        state.set("stop_run", "paused")\n@hook\ndef log_step(state):\n    print(state)\na = Agent(chat_generator=OpenAIChatGenerator(), hooks={"before_llm": [stop_if_paused]})\nb = Agent(chat_generator=OpenAIChatGenerator(), hooks={"before_llm": [log_step]})\n`,
      expect: { agentRuns: [{ signal: true, loc: { line: 13 } }, { signal: false, loc: { line: 14 } }] },
    },
    {
      name: "a chat generator called by hand in a while loop is a model call in a hand-written agent loop",
      code: `${AGENT}from haystack.components.tools import ToolInvoker\nllm = OpenAIChatGenerator()\ninvoker = ToolInvoker(tools=[])\nmessages = []\nwhile True:\n    reply = llm.run(messages=messages)["replies"][0]\n    if not reply.tool_calls:\n        break\n    messages += invoker.run(messages=[reply])["tool_messages"]\n`,
      expect: { modelCalls: [{ framework: "haystack", api: "OpenAIChatGenerator.run", loc: { line: 8 } }], loops: [{ loc: { line: 7 }, infinite: true, callLoc: { line: 8 } }] },
    },
  ],
  invalid: [
    { name: "a project class named Agent", code: `class Agent:\n    def __init__(self, max_agent_steps=None):\n        pass\nAgent(max_agent_steps=3)\n`, absent: ["agentRuns"] },
    { name: "a Haystack pipeline with no agent", code: `from haystack import Pipeline\nfrom haystack.components.builders import ChatPromptBuilder\np = Pipeline()\np.add_component("prompt", ChatPromptBuilder())\n`, absent: ["agentRuns", "modelClients", "tools"] },
  ],
});

pyRecognizerTester("haystack model clients", {
  valid: [
    {
      name: "OpenAIChatGenerator reads OPENAI_BASE_URL without api_base_url; api_base_url and Secret.from_env_var are read; Secret.from_token is a key in the code",
      code: `import os\nfrom haystack.components.generators.chat import OpenAIChatGenerator\nfrom haystack.utils import Secret\na = OpenAIChatGenerator(model="gpt-4o-mini")\nb = OpenAIChatGenerator(api_base_url=os.environ["LLM_GATEWAY_URL"], api_key=Secret.from_env_var("LLM_GATEWAY_KEY"))\nc = OpenAIChatGenerator(api_key=Secret.from_token("sk-proj-0123456789abcdefghijklmnop"))\n`,
      expect: {
        modelClients: [
          { framework: "haystack", provider: "openai", api: "OpenAIChatGenerator", baseURL: { kind: "absent" }, envDefault: "OPENAI_BASE_URL", baseOption: "api_base_url=…", loc: { line: 4 } },
          { baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" } },
          { apiKey: { kind: "literal" }, loc: { line: 6 } },
        ],
      },
    },
    {
      name: "Azure falls back to AZURE_OPENAI_ENDPOINT; Anthropic moves only with ANTHROPIC_BASE_URL; Ollama's url; an integration's api_base_url",
      code: `from haystack.components.generators.chat import AzureOpenAIChatGenerator\nfrom haystack_integrations.components.generators.anthropic import AnthropicChatGenerator\nfrom haystack_integrations.components.generators.ollama import OllamaChatGenerator\nfrom haystack_integrations.components.generators.mistral import MistralChatGenerator\nz = AzureOpenAIChatGenerator(azure_deployment="gpt-4o")\nc = AnthropicChatGenerator(model="claude-sonnet-4-5")\no = OllamaChatGenerator(model="llama3.1", url="http://gpu.internal:11434")\nm = MistralChatGenerator(api_base_url="http://gw.internal:4000/v1")\n`,
      expect: {
        modelClients: [
          { provider: "azure", api: "AzureOpenAIChatGenerator", baseURL: { kind: "env", name: "AZURE_OPENAI_ENDPOINT" } },
          { provider: "anthropic", api: "AnthropicChatGenerator", baseURL: { kind: "absent" }, envDefault: "ANTHROPIC_BASE_URL", baseOption: 'os.environ["ANTHROPIC_BASE_URL"] = …' },
          { provider: "ollama", baseURL: { kind: "literal", text: "http://gpu.internal:11434" }, baseOption: "url=…" },
          { provider: "mistral", baseURL: { kind: "literal", text: "http://gw.internal:4000/v1" } },
        ],
      },
    },
  ],
  invalid: [
    { name: "a local Hugging Face generator and a prompt builder call no API", code: `from haystack.components.generators.chat import HuggingFaceLocalChatGenerator\nfrom haystack.components.builders import ChatPromptBuilder\ng = HuggingFaceLocalChatGenerator(model="x/y")\nb = ChatPromptBuilder()\n`, absent: ["modelClients"] },
  ],
});

pyRecognizerTester("haystack tools and approval", {
  valid: [
    {
      name: "@tool, Tool(name=…, function=…), create_tool_from_function and ComponentTool are tools, named as the model sees them, and listed on the run (through a Toolset)",
      code: `${AGENT}import os\nfrom haystack.tools import Tool, tool, ComponentTool, Toolset, create_tool_from_function\nfrom haystack.components.fetchers import LinkContentFetcher\n@tool\ndef close_ticket(ticket_id: str) -> str:\n    os.remove(ticket_id)\n    return ticket_id\ndef lookup(q: str) -> str:\n    return q\nfind = Tool(name="find_order", description="d", parameters={}, function=lookup)\nalso = create_tool_from_function(lookup, name="look_up")\nweb = ComponentTool(component=LinkContentFetcher())\nagent = Agent(chat_generator=OpenAIChatGenerator(), tools=[close_ticket, Toolset([find, also]), web])\n`,
      expect: {
        tools: [
          { name: "close_ticket", framework: "haystack", loc: { line: 6 } },
          { name: "find_order", loc: { line: 12 } },
          { name: "look_up", loc: { line: 13 } },
          { name: "link_content_fetcher", loc: { line: 14 } },
        ],
        destructive: [{ op: "os.remove", tool: "close_ticket" }],
        agentRuns: [{ tools: ["close_ticket", "find_order", "look_up", "link_content_fetcher"] }],
      },
      check: (f) => expect(f.urls.filter((u) => u.api === "LinkContentFetcher (Haystack)").map((u) => [u.url.kind, u.loc.line])).toEqual([["dynamic", 14]]),
    },
    {
      name: "2.x confirmation_strategies: AlwaysAskPolicy covers its tool, NeverAskPolicy does not; 3.x ConfirmationHook with \"*\" covers every tool",
      code: `${AGENT}from haystack.human_in_the_loop import AlwaysAskPolicy, NeverAskPolicy, BlockingConfirmationStrategy, SimpleConsoleUI\nfrom haystack.hooks.human_in_the_loop import ConfirmationHook\nask = BlockingConfirmationStrategy(confirmation_policy=AlwaysAskPolicy(), confirmation_ui=SimpleConsoleUI())\nnever = BlockingConfirmationStrategy(confirmation_policy=NeverAskPolicy(), confirmation_ui=SimpleConsoleUI())\na = Agent(chat_generator=OpenAIChatGenerator(), confirmation_strategies={"close_ticket": ask, "lookup": never})\nb = Agent(chat_generator=OpenAIChatGenerator(), hooks={"before_tool": [ConfirmationHook(confirmation_strategies={"*": ask})]})\n`,
      check: (f) => expect(f.approvals.map((a) => [a.kind, a.covers ?? "all", a.loc.line])).toEqual([["approval-function", ["close_ticket"], 7], ["approval-function", "all", 8]]),
    },
    {
      name: "a ConfirmationHook with \"*\" confirms each tool its Agent is given, wherever the tool is recorded; another Agent's tool is not",
      code: `${AGENT}from haystack.tools import tool\nfrom haystack.hooks.human_in_the_loop import AlwaysAskPolicy, BlockingConfirmationStrategy, ConfirmationHook, RichConsoleUI\n@tool\ndef refund(order: str) -> str:\n    return order\n@tool\ndef status(order: str) -> str:\n    return order\nhook = ConfirmationHook(confirmation_strategies={"*": BlockingConfirmationStrategy(confirmation_policy=AlwaysAskPolicy(), confirmation_ui=RichConsoleUI())})\na = Agent(chat_generator=OpenAIChatGenerator(), tools=[refund], hooks={"before_tool": [hook]})\nb = Agent(chat_generator=OpenAIChatGenerator(), tools=[status])\n`,
      check: (f) => expect(f.tools.map((t) => [t.name, t.approval, t.approvalLoc?.line])).toEqual([["refund", "always", 11], ["status", "none", undefined]]),
    },
  ],
  invalid: [
    { name: "only NeverAskPolicy strategies: no approval", code: `${AGENT}from haystack.human_in_the_loop import NeverAskPolicy, BlockingConfirmationStrategy, SimpleConsoleUI\na = Agent(chat_generator=OpenAIChatGenerator(), confirmation_strategies={"*": BlockingConfirmationStrategy(confirmation_policy=NeverAskPolicy(), confirmation_ui=SimpleConsoleUI())})\n`, absent: ["approvals"] },
    { name: "a tool built over functions psf cannot see is no tool it can name", code: `from haystack.tools import create_tool_from_function\ndef build(functions):\n    return [create_tool_from_function(f) for f in functions]\n`, absent: ["tools"] },
  ],
});

pyRecognizerTester("haystack MCP and tracing", {
  valid: [
    {
      name: "MCPToolset over stdio with tool_names is filtered; MCPTool over streamable HTTP is one tool of a remote server",
      code: `from haystack_integrations.tools.mcp import MCPTool, MCPToolset, StdioServerInfo, StreamableHttpServerInfo\ngh = MCPToolset(server_info=StdioServerInfo(command="npx", args=["-y", "@modelcontextprotocol/server-github"]), tool_names=["list_issues"])\nall_tools = MCPToolset(server_info=StdioServerInfo(command="uvx", args=["mcp-server-fetch"]))\none = MCPTool(name="browser_navigate", server_info=StreamableHttpServerInfo(url="http://mcp.internal:8931/mcp"))\n`,
      expect: {
        mcpServers: [
          { name: "@modelcontextprotocol/server-github", source: "Haystack MCPToolset", transport: "stdio", filtered: true, loc: { line: 2 } },
          { name: "mcp-server-fetch", filtered: false },
          { name: "mcp.internal:8931", source: "Haystack MCPTool", transport: "http", filtered: true },
        ],
      },
    },
    {
      name: "tracing.enable_tracing and the Langfuse connector trace Haystack runs",
      code: `from haystack import tracing\nfrom haystack.tracing import OpenTelemetryTracer\nfrom haystack_integrations.components.connectors.langfuse import LangfuseConnector\ntracing.enable_tracing(OpenTelemetryTracer(None))\nLangfuseConnector("agent")\n`,
      check: (f) => expect((f.tracing.frameworks ?? []).map((t) => [t.framework, t.loc.line])).toEqual([["haystack", 4], ["haystack", 5]]),
    },
  ],
  invalid: [
    { name: "tracing.disable_tracing traces nothing", code: `from haystack import tracing\ntracing.disable_tracing()\n`, check: (f) => expect(f.tracing.frameworks ?? []).toEqual([]) },
  ],
});
