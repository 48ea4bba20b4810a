import { expect } from "vitest";
import { pyRecognizerTester } from "./tester.js";

// Semantic Kernel for Python (module semantic_kernel): agents and their auto-invoke bound, group chats and
// orchestrations, chat services, kernel functions, invocation filters, MCP plugins, telemetry. Every name is
// semantic-kernel 1.44.1's (src/facts/python/frameworks/semantic-kernel.ts).

const HEAD = `import os\nfrom semantic_kernel import Kernel\nfrom semantic_kernel.agents import ChatCompletionAgent\nfrom semantic_kernel.connectors.ai import FunctionChoiceBehavior\nfrom semantic_kernel.connectors.ai.open_ai import OpenAIChatCompletion, AzureChatCompletion\n`;
const bounds = (f: { agentRuns: { api: string; bound: { kind: string }; loc: { line: number } }[] }) =>
  f.agentRuns.map((r) => `${r.api} ${r.bound.kind} ${"value" in r.bound ? (r.bound as { value: number }).value : ""} ${r.loc.line}`);

pyRecognizerTester("Semantic Kernel runs", {
  valid: [
    {
      name: "a ChatCompletionAgent runs up to 5 tool-calling rounds (FunctionChoiceBehavior.Auto()), or what maximum_auto_invoke_attempts says",
      code: `${HEAD}a = ChatCompletionAgent(service=OpenAIChatCompletion(ai_model_id="gpt-4o"), name="a")\nb = ChatCompletionAgent(kernel=Kernel(), function_choice_behavior=FunctionChoiceBehavior.Auto(maximum_auto_invoke_attempts=3))\n`,
      expect: {
        agentRuns: [
          { framework: "semantic-kernel", api: "ChatCompletionAgent", bound: { kind: "default", value: 5 }, signal: false, loc: { line: 6 } },
          { api: "ChatCompletionAgent", bound: { kind: "literal", value: 3 }, boundLoc: { line: 7 } },
        ],
      },
    },
    {
      name: "the run's settings win over the agent's behavior, also when set on the settings after they are built; Required() invokes once, NoneInvoke() never",
      code: `${HEAD}from semantic_kernel.functions import KernelArguments\nfrom semantic_kernel.connectors.ai.open_ai import OpenAIChatPromptExecutionSettings\ns = OpenAIChatPromptExecutionSettings()\ns.function_choice_behavior = FunctionChoiceBehavior.Auto(maximum_auto_invoke_attempts=12)\na = ChatCompletionAgent(arguments=KernelArguments(settings=s), function_choice_behavior=FunctionChoiceBehavior.Auto(maximum_auto_invoke_attempts=2))\nb = ChatCompletionAgent(arguments=KernelArguments(settings=OpenAIChatPromptExecutionSettings(function_choice_behavior=FunctionChoiceBehavior.Required())))\nc = ChatCompletionAgent(function_choice_behavior=FunctionChoiceBehavior.NoneInvoke())\nd = ChatCompletionAgent(function_choice_behavior=FunctionChoiceBehavior.Auto(auto_invoke=False))\ne = ChatCompletionAgent(arguments=KernelArguments(settings=OpenAIChatPromptExecutionSettings(function_choice_behavior="required")))\n`,
      check: (f) => expect(bounds(f)).toEqual(["ChatCompletionAgent literal 12 10", "ChatCompletionAgent literal 1 11", "ChatCompletionAgent literal 0 12", "ChatCompletionAgent literal 0 13", "ChatCompletionAgent literal 1 14"]),
    },
    {
      name: "assistant agents poll the service's run until it completes: no cap in SK",
      code: `from semantic_kernel.agents import AzureAIAgent, OpenAIAssistantAgent\na = AzureAIAgent(client=None, definition=None)\nb = OpenAIAssistantAgent(client=None, definition=None)\n`,
      check: (f) => expect(bounds(f)).toEqual(["AzureAIAgent unbounded  2", "OpenAIAssistantAgent unbounded  3"]),
    },
    {
      name: "AgentGroupChat: 5 turns with the default strategy, 99 with another strategy that states none, or the strategy's maximum_iterations",
      code: `from semantic_kernel.agents import AgentGroupChat\nfrom semantic_kernel.agents.strategies import KernelFunctionTerminationStrategy, DefaultTerminationStrategy\ng1 = AgentGroupChat(agents=[])\ng2 = AgentGroupChat(agents=[], termination_strategy=KernelFunctionTerminationStrategy(agents=[]))\ng3 = AgentGroupChat(agents=[], termination_strategy=DefaultTerminationStrategy(maximum_iterations=8))\n`,
      check: (f) => expect(bounds(f)).toEqual(["AgentGroupChat default 5 3", "AgentGroupChat default 99 4", "AgentGroupChat literal 8 5"]),
    },
    {
      name: "orchestrations: a round-robin manager's max_rounds bounds the group chat; a Magentic manager without max_round_count has no cap",
      code: `from semantic_kernel.agents import GroupChatOrchestration, RoundRobinGroupChatManager, MagenticOrchestration, StandardMagenticManager\ng = GroupChatOrchestration(members=[], manager=RoundRobinGroupChatManager(max_rounds=6))\nm = MagenticOrchestration(members=[], manager=StandardMagenticManager(chat_completion_service=None))\n`,
      check: (f) => expect(bounds(f)).toEqual(["GroupChatOrchestration literal 6 2", "MagenticOrchestration unbounded  3"]),
    },
    {
      name: "a handoff orchestration has no cap on handoffs; an agent created from YAML has its bound in the spec psf does not read",
      code: `from semantic_kernel.agents import AgentRegistry, HandoffOrchestration, OrchestrationHandoffs\nh = HandoffOrchestration(members=[], handoffs=OrchestrationHandoffs())\nasync def make(spec):\n    return await AgentRegistry.create_from_yaml(spec)\n`,
      check: (f) => expect(bounds(f)).toEqual(["HandoffOrchestration unbounded  2", "AgentRegistry.create_from_yaml dynamic  4"]),
    },
  ],
  invalid: [
    { name: "a project class named ChatCompletionAgent", code: `class ChatCompletionAgent:\n    pass\nChatCompletionAgent()\n`, absent: ["agentRuns"] },
    { name: "semantic_kernel types that run nothing", code: `from semantic_kernel.contents import ChatHistory\nfrom semantic_kernel.functions import KernelArguments\nh = ChatHistory()\nk = KernelArguments(x=1)\n`, absent: ["agentRuns", "modelClients", "tools"] },
  ],
});

pyRecognizerTester("Semantic Kernel services, tools, filters, MCP and telemetry", {
  valid: [
    {
      name: "OpenAIChatCompletion: OPENAI_BASE_URL unless an AsyncOpenAI client is given (read where it is built); AzureChatCompletion: base_url over endpoint, else AZURE_OPENAI_ENDPOINT",
      code: `${HEAD}from openai import AsyncOpenAI\na = OpenAIChatCompletion(ai_model_id="gpt-4o", api_key=os.environ["KEY"])\nb = OpenAIChatCompletion(ai_model_id="gpt-4o", async_client=AsyncOpenAI(base_url="http://gw.internal:4000"))\nc = AzureChatCompletion(endpoint="https://acme.openai.azure.com", base_url="http://gw.internal:4000/azure")\nd = AzureChatCompletion()\n`,
      expect: {
        modelClients: [
          { framework: "semantic-kernel", provider: "openai", api: "OpenAIChatCompletion", baseURL: { kind: "absent" }, envDefault: "OPENAI_BASE_URL", apiKey: { kind: "env", name: "KEY" }, loc: { line: 7 } },
          { provider: "openai", baseURL: { kind: "literal", text: "http://gw.internal:4000" }, loc: { line: 8 } },
          { framework: "semantic-kernel", provider: "azure", baseURL: { kind: "literal", text: "http://gw.internal:4000/azure" }, loc: { line: 9 } },
          { provider: "azure", baseURL: { kind: "env", name: "AZURE_OPENAI_ENDPOINT" }, loc: { line: 10 } },
        ],
      },
    },
    {
      name: "the assistant agents' create_client: Azure's read AZURE_OPENAI_ENDPOINT (or endpoint=), AzureAIAgent's the project endpoint AZURE_AI_AGENT_ENDPOINT, OpenAI's pass base_url to AsyncOpenAI",
      code: `from semantic_kernel.agents import AzureAssistantAgent, AzureAIAgent, OpenAIAssistantAgent\na = AzureAssistantAgent.create_client(credential=None)\nb = AzureAIAgent.create_client(credential=None)\nc = OpenAIAssistantAgent.create_client(base_url="http://gw.internal:4000")\n`,
      expect: {
        modelClients: [
          { framework: "semantic-kernel", provider: "azure", api: "AzureAssistantAgent.create_client", baseURL: { kind: "env", name: "AZURE_OPENAI_ENDPOINT" }, loc: { line: 2 } },
          { provider: "azure-foundry", api: "AzureAIAgent.create_client", baseURL: { kind: "env", name: "AZURE_AI_AGENT_ENDPOINT" } },
          { provider: "openai", api: "OpenAIAssistantAgent.create_client", baseURL: { kind: "literal", text: "http://gw.internal:4000" } },
        ],
      },
    },
    {
      name: "@kernel_function methods of a plugin class are tools, by their name= or the method's name",
      code: `from semantic_kernel.functions import kernel_function\nclass Tickets:\n    @kernel_function(name="close_ticket", description="x")\n    def close(self, ticket_id: str) -> str:\n        return ticket_id\n    @kernel_function\n    def list_tickets(self) -> str:\n        return ""\n    def helper(self):\n        pass\n`,
      check: (f) => expect(f.tools.map((t) => `${t.framework} ${t.name} ${t.approval}`)).toEqual(["semantic-kernel close_ticket none", "semantic-kernel list_tickets none"]),
    },
    {
      name: "an auto function invocation filter that asks a person approves every kernel function; one that only logs approves none",
      code: {
        "asks.py": `from semantic_kernel import Kernel\nfrom semantic_kernel.filters import FilterTypes\nfrom semantic_kernel.functions import kernel_function\nkernel = Kernel()\n@kernel.filter(FilterTypes.AUTO_FUNCTION_INVOCATION)\nasync def confirm(context, next):\n    if input("run it? ") != "y":\n        context.terminate = True\n        return\n    await next(context)\n@kernel_function\ndef wipe(path: str) -> str:\n    return path\n`,
        "logs.py": `import logging\nfrom semantic_kernel import Kernel\nfrom semantic_kernel.functions import kernel_function\nkernel = Kernel()\nasync def log_calls(context, next):\n    logging.info(context.function.name)\n    await next(context)\nkernel.add_filter("auto_function_invocation", log_calls)\n`,
      },
      check: (f) => expect(f.tools.map((t) => `${t.name} ${t.approval} ${t.approvalLoc?.file}:${t.approvalLoc?.line}`)).toEqual(["wipe always asks.py:5"]),
    },
    {
      name: "MCP plugins are servers: stdio with its command line, streamable HTTP with its URL",
      code: `from semantic_kernel.connectors.mcp import MCPStdioPlugin, MCPStreamableHttpPlugin\ngh = MCPStdioPlugin(name="github", command="npx", args=["-y", "@modelcontextprotocol/server-github"])\nweb = MCPStreamableHttpPlugin(name="docs", url="https://mcp.example.com/mcp")\n`,
      check: (f) => expect(f.mcpServers.map((s) => `${s.name} ${s.transport} ${s.source}`)).toEqual(["github stdio MCPStdioPlugin", "docs http MCPStreamableHttpPlugin"]),
    },
    {
      name: "SK's OpenTelemetry diagnostics switched on in code, with a tracer provider, trace its runs and kernel functions",
      // The provider is set in a module of its own: a trace call beside the run would count as its audit record anyway.
      code: {
        "telemetry.py": `import os\nfrom opentelemetry import trace\nfrom opentelemetry.sdk.trace import TracerProvider\ndef setup():\n    os.environ["SEMANTICKERNEL_EXPERIMENTAL_GENAI_ENABLE_OTEL_DIAGNOSTICS"] = "true"\n    trace.set_tracer_provider(TracerProvider())\n`,
        "agent.py": `${HEAD}from semantic_kernel.functions import kernel_function\n@kernel_function\ndef lookup(q: str) -> str:\n    return q\nagent = ChatCompletionAgent(service=OpenAIChatCompletion())\n`,
      },
      check: (f) => {
        expect(f.agentRuns.map((r) => r.audited)).toEqual([true]);
        expect(f.tools.map((t) => t.audited)).toEqual([true]);
      },
    },
  ],
  invalid: [
    {
      name: "the diagnostics variable without a tracer provider: the spans go nowhere",
      code: `${HEAD}os.environ["SEMANTICKERNEL_EXPERIMENTAL_GENAI_ENABLE_OTEL_DIAGNOSTICS"] = "true"\nagent = ChatCompletionAgent(service=OpenAIChatCompletion())\n`,
      check: (f) => expect(f.agentRuns.map((r) => r.audited)).toEqual([false]),
    },
    {
      name: "a prompt rendering filter that asks a person gates no function call",
      code: `from semantic_kernel import Kernel\nfrom semantic_kernel.filters import FilterTypes\nfrom semantic_kernel.functions import kernel_function\nkernel = Kernel()\n@kernel.filter(FilterTypes.PROMPT_RENDERING)\nasync def render(context, next):\n    input("ok?")\n    await next(context)\n@kernel_function\ndef wipe(path: str) -> str:\n    return path\n`,
      check: (f) => expect(f.tools.map((t) => t.approval)).toEqual(["none"]),
    },
  ],
});
