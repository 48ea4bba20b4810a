import { expect } from "vitest";
import { pyRecognizerTester } from "./tester.js";

// Microsoft Agent Framework (module agent_framework): agents and their client's max_iterations, workflows,
// chat clients, tools and their approval_mode, MCP tools, telemetry, the pause. Every name is
// agent-framework 1.13.0's, or the 1.0 previews' where the case says so (src/facts/python/frameworks/agent-framework.ts).

const HEAD = `import os\nfrom agent_framework import Agent\nfrom agent_framework.openai import OpenAIChatClient\n`;

pyRecognizerTester("Agent Framework runs", {
  valid: [
    {
      name: "an Agent runs up to its client's max_iterations: 40 by default, or what function_invocation_configuration says",
      code: `${HEAD}a = Agent(client=OpenAIChatClient(model="gpt-4o"), instructions="x")\nb = Agent(OpenAIChatClient(model="gpt-4o", function_invocation_configuration={"max_iterations": 6}))\n`,
      expect: {
        agentRuns: [
          { framework: "agent-framework", api: "Agent", bound: { kind: "default", value: 40 }, signal: false, loc: { line: 4 } },
          { api: "Agent", bound: { kind: "literal", value: 6 }, boundLoc: { line: 5 } },
        ],
      },
    },
    {
      name: "the client built once and shared: its configuration read through the variable; client.as_agent(…) is an agent too",
      code: `${HEAD}LIMIT = 8\nclient = OpenAIChatClient(function_invocation_configuration={"max_iterations": LIMIT})\na = Agent(client=client)\nb = client.as_agent(name="b")\n`,
      expect: { agentRuns: [{ api: "Agent", bound: { kind: "literal", value: 8 } }, { api: "OpenAIChatClient.as_agent", bound: { kind: "literal", value: 8 }, loc: { line: 7 } }] },
    },
    {
      name: "the 1.0 previews: ChatAgent(chat_client=…) with FunctionInvocationConfiguration(max_iterations=…), chat_client.create_agent(…)",
      code: `from agent_framework import ChatAgent, FunctionInvocationConfiguration\nfrom agent_framework.azure import AzureOpenAIChatClient\nc = AzureOpenAIChatClient(function_invocation_configuration=FunctionInvocationConfiguration(max_iterations=4))\na = ChatAgent(chat_client=c)\nb = AzureOpenAIChatClient().create_agent(name="b")\n`,
      expect: { agentRuns: [{ api: "ChatAgent", bound: { kind: "literal", value: 4 } }, { api: "AzureOpenAIChatClient.create_agent", bound: { kind: "default", value: 40 } }] },
    },
    {
      name: "the previews' assistant provider: each agent it creates or fetches runs on its own client's defaults",
      code: `from agent_framework.openai import OpenAIAssistantProvider\nfrom openai import AsyncOpenAI\nasync def go():\n    provider = OpenAIAssistantProvider(AsyncOpenAI())\n    agent = await provider.create_agent(name="helper", tools=[])\n`,
      expect: { agentRuns: [{ api: "OpenAIAssistantProvider.create_agent", bound: { kind: "default", value: 40 }, loc: { line: 5 } }] },
    },
    {
      name: "WorkflowBuilder beside an agent: 100 supersteps unless max_iterations says otherwise",
      code: `${HEAD}from agent_framework import WorkflowBuilder\nwriter = Agent(client=OpenAIChatClient())\nw = WorkflowBuilder(start_executor=writer).build()\nv = WorkflowBuilder(max_iterations=12, start_executor=writer).build()\n`,
      check: (f) => expect(f.agentRuns.map((r) => `${r.api} ${r.bound.kind} ${"value" in r.bound ? r.bound.value : ""} ${r.loc.line}`)).toEqual(["Agent default 40 5", "WorkflowBuilder default 100 6", "WorkflowBuilder literal 12 7"]),
    },
    {
      name: "orchestrations: a group chat ends after max_rounds, or at the workflow's 100 supersteps; a sequential pipeline is its agents' runs only",
      code: `from agent_framework.orchestrations import GroupChatBuilder, MagenticBuilder, SequentialBuilder\ng = GroupChatBuilder(participants=[], max_rounds=4).build()\nm = MagenticBuilder(participants=[], max_round_count=None).build()\ns = SequentialBuilder(participants=[]).build()\n`,
      check: (f) => expect(f.agentRuns.map((r) => `${r.api} ${r.bound.kind} ${"value" in r.bound ? r.bound.value : ""}`)).toEqual(["GroupChatBuilder literal 4", "MagenticBuilder default 100"]),
    },
    {
      name: "create_harness_agent: one run per call, or loop_max_iterations (10 by default) runs of it with loop_should_continue; None takes the cap off",
      code: `${HEAD}from agent_framework import create_harness_agent\nc = OpenAIChatClient(function_invocation_configuration={"max_iterations": 5})\na = create_harness_agent(c)\nb = create_harness_agent(c, loop_should_continue=lambda s: True)\nd = create_harness_agent(c, loop_should_continue=lambda s: True, loop_max_iterations=None)\n`,
      expect: {
        agentRuns: [
          { api: "create_harness_agent", bound: { kind: "literal", value: 5 } },
          { api: "create_harness_agent", bound: { kind: "literal", value: 50 } },
          { api: "create_harness_agent", bound: { kind: "unbounded" }, boundLoc: { line: 8 } },
        ],
      },
    },
  ],
  invalid: [
    { name: "a project class named Agent", code: `class Agent:\n    def __init__(self, client=None):\n        pass\nAgent()\n`, absent: ["agentRuns"] },
    { name: "a workflow of the project's own executors, with no agent or chat client in its file", code: `from agent_framework import WorkflowBuilder, executor\n@executor(id="upper")\nasync def upper(text, ctx):\n    await ctx.send_message(text.upper())\nw = WorkflowBuilder(start_executor=upper).build()\n`, absent: ["agentRuns"] },
    { name: "agent_framework types that run nothing", code: `from agent_framework import Message, AgentSession\nm = Message("user", ["hi"])\ns = AgentSession()\n`, absent: ["agentRuns", "modelClients", "tools"] },
  ],
});

pyRecognizerTester("Agent Framework chat clients", {
  valid: [
    {
      name: "OpenAIChatClient: base_url as given, else OPENAI_BASE_URL; azure_endpoint makes it Azure; FoundryChatClient reads FOUNDRY_PROJECT_ENDPOINT",
      code: `${HEAD}from agent_framework.foundry import FoundryChatClient\ng = OpenAIChatClient(base_url=os.environ["LLM_GATEWAY_URL"], api_key=os.environ["LLM_GATEWAY_KEY"])\nd = OpenAIChatClient(model="gpt-4o")\nz = OpenAIChatClient(azure_endpoint="https://acme.openai.azure.com", credential=None)\nf = FoundryChatClient(credential=None)\n`,
      expect: {
        modelClients: [
          { framework: "agent-framework", provider: "openai", api: "OpenAIChatClient", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" }, loc: { line: 5 } },
          { provider: "openai", baseURL: { kind: "absent" }, envDefault: "OPENAI_BASE_URL" },
          { provider: "azure", baseURL: { kind: "literal", text: "https://acme.openai.azure.com" }, baseOption: "azure_endpoint=…" },
          { provider: "azure-foundry", api: "FoundryChatClient", baseURL: { kind: "env", name: "FOUNDRY_PROJECT_ENDPOINT" } },
        ],
      },
    },
    {
      name: "Anthropic, Ollama's host, the previews' AzureOpenAIChatClient(endpoint=…)",
      code: `from agent_framework.anthropic import AnthropicClient\nfrom agent_framework.ollama import OllamaChatClient\nfrom agent_framework.azure import AzureOpenAIChatClient\na = AnthropicClient(model="claude-sonnet-4-5")\no = OllamaChatClient(host="http://gpu.internal:11434")\nz = AzureOpenAIChatClient(endpoint="https://acme.openai.azure.com")\n`,
      expect: {
        modelClients: [
          { provider: "anthropic", api: "AnthropicClient", envDefault: "ANTHROPIC_BASE_URL" },
          { provider: "ollama", baseURL: { kind: "literal", text: "http://gpu.internal:11434" }, baseOption: "host=…" },
          { provider: "azure", api: "AzureOpenAIChatClient", baseURL: { kind: "literal", text: "https://acme.openai.azure.com" } },
        ],
      },
    },
    {
      name: "a client imported from its provider distribution (agent_framework_bedrock), not the agent_framework namespace, is read the same",
      code: `from agent_framework_bedrock import BedrockChatClient
from agent_framework_ollama import OllamaChatClient
b = BedrockChatClient(model="anthropic.claude-3")
o = OllamaChatClient(host="http://gpu.internal:11434")
`,
      check: (f) => expect(f.modelClients.map((c) => `${c.provider} ${c.api}`)).toEqual(["aws-bedrock BedrockChatClient", "ollama OllamaChatClient"]),
    },
    {
      name: "an OpenAI SDK client handed in is read where it is built, once; the agent on it is a run",
      code: `${HEAD}from openai import AsyncOpenAI\nc = OpenAIChatClient(async_client=AsyncOpenAI(base_url="http://gw.internal:4000"))\na = Agent(client=c)\n`,
      check: (f) => {
        expect(f.modelClients.map((c) => `${c.framework} ${c.api}`)).toEqual(["openai AsyncOpenAI"]);
        expect(f.agentRuns.map((r) => `${r.framework} ${r.api}`)).toEqual(["agent-framework Agent"]);
      },
    },
  ],
  invalid: [{ name: "an embedding client is not a chat client psf lists", code: `from agent_framework.openai import OpenAIEmbeddingClient\ne = OpenAIEmbeddingClient()\n`, absent: ["modelClients"] }],
});

pyRecognizerTester("Agent Framework tools", {
  valid: [
    {
      name: "a plain function in tools=[…] is a tool with no approval; @tool(approval_mode='always_require') is approved; @ai_function (previews) and FunctionTool too",
      code: `${HEAD}from agent_framework import tool, ai_function, FunctionTool\n\ndef lookup(x: str) -> str:\n    return x\n\n@tool(approval_mode="always_require")\ndef refund(x: str) -> str:\n    return x\n\n@ai_function(name="close", approval_mode="never_require")\ndef close_ticket(x: str) -> str:\n    return x\n\ndef wipe(p):\n    os.remove(p)\n\nwiper = FunctionTool(name="wipe_dir", func=wipe, approval_mode="always_require")\na = Agent(client=OpenAIChatClient(), tools=[lookup, refund, close_ticket, wiper])\n`,
      check: (f) => {
        expect(f.tools.map((t) => `${t.name} ${t.approval}`).sort()).toEqual(["close never", "lookup none", "refund always", "wipe_dir always"]);
        expect(f.tools.every((t) => t.framework === "agent-framework")).toBe(true);
      },
    },
    {
      name: "LocalShellTool runs shell commands here and asks a person by default; approval_mode='never_require' turns that off",
      code: `from agent_framework.tools import LocalShellTool\na = LocalShellTool()\nb = LocalShellTool(approval_mode="never_require")\n`,
      check: (f) => {
        expect(f.tools.map((t) => `${t.name} ${t.approval}`)).toEqual(["run_shell always", "run_shell never"]);
        expect(f.destructive.map((d) => `${d.loc.line} ${d.approvedAt ? "approved" : "not approved"}`)).toEqual(["2 approved", "3 not approved"]);
      },
    },
    {
      name: "tools the source cannot show are opaque; hosted tools and MCP tools are not",
      code: `${HEAD}from agent_framework import MCPStdioTool\nfrom somelib import make_tools\nc = OpenAIChatClient()\na = Agent(client=c, tools=[make_tools(), c.get_web_search_tool(), MCPStdioTool(name="fs", command="npx", args=["-y", "@modelcontextprotocol/server-filesystem@1.0.0"])])\n`,
      check: (f) => expect(f.agentRuns[0]!.opaqueTools?.map((o) => o.text)).toEqual(["make_tools(…)"]),
    },
  ],
  invalid: [{ name: "a function no agent is given", code: `${HEAD}def helper(x):\n    return x\n`, absent: ["tools"] }],
});

pyRecognizerTester("Agent Framework MCP, telemetry and pause", {
  valid: [
    {
      name: "MCPStdioTool with allowed_tools and approval; MCPStreamableHTTPTool with approval_mode='never_require'",
      code: `from agent_framework import MCPStdioTool, MCPStreamableHTTPTool\ns = MCPStdioTool(name="github", command="npx", args=["-y", "@modelcontextprotocol/server-github@2025.4.8"], allowed_tools=["list_issues"], approval_mode="always_require")\nh = MCPStreamableHTTPTool(name="docs", url="https://docs.example.org/mcp", approval_mode="never_require")\n`,
      expect: {
        mcpServers: [
          { name: "github", source: "MCPStdioTool", transport: "stdio", command: "npx -y @modelcontextprotocol/server-github@2025.4.8", filtered: true, approval: "always" },
          { name: "docs", source: "MCPStreamableHTTPTool", transport: "http", url: { kind: "literal", text: "https://docs.example.org/mcp" }, filtered: false, approval: "never" },
        ],
      },
    },
    {
      name: "configure_otel_providers() (setup_observability() in the previews) registers the framework's tracing",
      code: `from agent_framework.observability import configure_otel_providers\nconfigure_otel_providers()\n`,
      check: (f) => expect(f.tracing.frameworks).toEqual([{ framework: "agent-framework", loc: expect.objectContaining({ line: 2 }) }]),
    },
    {
      name: "a middleware that checks the pause, and a task the pause poller cancels, reach the run",
      code: `${HEAD}import asyncio\nimport threading\nPAUSE = threading.Event()\nasync def guard(context, call_next):\n    if PAUSE.is_set():\n        raise RuntimeError("paused")\n    await call_next()\na = Agent(client=OpenAIChatClient(), middleware=[guard])\nb = Agent(client=OpenAIChatClient())\nasync def go():\n    t = asyncio.create_task(b.run("x"))\n    t.cancel()\n`,
      expect: { agentRuns: [{ loc: { line: 11 }, signal: true }, { loc: { line: 12 }, signal: true }] },
    },
    {
      name: "a loop over the streamed run that breaks while paused",
      code: `${HEAD}import threading\nPAUSE = threading.Event()\nagent = Agent(client=OpenAIChatClient())\nasync def go(q):\n    async for u in agent.run(q, stream=True):\n        if PAUSE.is_set():\n            break\n`,
      expect: { agentRuns: [{ loc: { line: 6 }, signal: true }] },
    },
  ],
  invalid: [
    { name: "a streamed run whose loop does not check the pause", code: `${HEAD}agent = Agent(client=OpenAIChatClient())\nasync def go(q):\n    async for u in agent.run(q, stream=True):\n        print(u)\n`, check: (f) => expect(f.agentRuns[0]!.signal).toBe(false) },
    { name: "a middleware that does not check the pause", code: `${HEAD}async def log(context, call_next):\n    await call_next()\na = Agent(client=OpenAIChatClient(), middleware=[log])\n`, check: (f) => expect(f.agentRuns[0]!.signal).toBe(false) },
  ],
});
