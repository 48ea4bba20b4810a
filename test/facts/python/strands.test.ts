import { expect } from "vitest";
import type { Facts } from "../../../src/facts/types.js";
import { pyRecognizerTester } from "./tester.js";

// Strands Agents (module strands): runs and their limits={"turns": N}, cancel(), Swarm, model providers,
// @tool and strands_tools built-ins, interrupts as approval, StrandsTelemetry. Read against sdk-python 1.40.0.

const HEAD = "from strands import Agent, tool\n";

pyRecognizerTester("Strands runs", {
  valid: [
    {
      name: "calling the agent with no limits is unbounded; limits={'turns': N} and Limits(turns=N) bound it; invoke_async and stream_async are runs",
      code: `${HEAD}from strands.types.agent import Limits\nagent = Agent(tools=[])\nagent("hi")\nasync def go():\n    await agent.invoke_async("a", limits={"turns": 6})\n    async for e in agent.stream_async("b", limits=Limits(turns=9)):\n        pass\n`,
      expect: {
        agentRuns: [
          { framework: "strands", api: "Agent(…) (a call of the agent)", bound: { kind: "unbounded" }, signal: false, loc: { line: 4 } },
          { api: "Agent.invoke_async", bound: { kind: "literal", value: 6 }, boundLoc: { line: 6 } },
          { api: "Agent.stream_async", bound: { kind: "literal", value: 9 } },
        ],
      },
    },
    {
      name: "agent.cancel() anywhere gives that agent's runs a stop signal, before or after the run in the file",
      code: `${HEAD}agent = Agent()\ndef on_pause():\n    agent.cancel()\ndef go(t):\n    return agent(t, limits={"turns": 5})\n`,
      expect: { agentRuns: [{ framework: "strands", signal: true, bound: { kind: "literal", value: 5 } }] },
    },
    {
      name: "an agent a factory returns is run where psf cannot follow it: its construction holds a run, bounded by each call's limits, stopped by cancel()",
      code: `${HEAD}def create_agent(model):\n    agent = Agent(model=model)\n    PAUSE.on_set(agent.cancel)\n    return agent\ndef stop(agent):\n    agent.cancel()\nx = Agent(model=m)\nx.cancel()\n`,
      expect: {
        agentRuns: [
          { framework: "strands", api: "Agent(…) (psf found no call of it: it is returned or passed on)", bound: { kind: "dynamic" }, signal: false, loc: { line: 3 } },
          { bound: { kind: "dynamic" }, signal: true, loc: { line: 8 } },
        ],
      },
    },
    {
      name: "an agent the code only calls a tool on (agent.tool.file_read(…)) runs no loop",
      code: `${HEAD}from strands_tools import file_read\nreader = Agent(tools=[file_read])\ntext = reader.tool.file_read(path="a.txt", mode="view")\n`,
      expect: { agentRuns: [{ api: "agent.tool.file_read(…) (a direct tool call: no agent loop)", bound: { kind: "single" }, loc: { line: 4 } }] },
    },
    {
      name: "a built-in of an agent the code only calls tools on is given to no model: only the code's own call of it is judged; once the agent is run, its built-ins count again",
      code: `${HEAD}from strands_tools import shell\nrunner = Agent(tools=[shell])\nout = runner.tool.shell(command="ls")\nhelper = Agent(tools=[shell])\nhelper.tool.shell(command="ls")\nhelper("tidy up")\n`,
      check: (f) => {
        expect(f.tools.map((t) => [t.name, t.loc.line])).toEqual([["shell", 5]]);
        expect(f.destructive.map((d) => [d.op, d.loc.line])).toEqual([
          ["agent.tool.shell(…) runs strands_tools shell, which runs shell commands on this machine", 4],
          ["agent.tool.shell(…) runs strands_tools shell, which runs shell commands on this machine", 6],
          ["strands_tools shell (runs shell commands on this machine)", 5],
        ]);
      },
    },
    {
      name: "the run lists the tools the Agent is given: @tool functions by name, strands_tools built-ins by module",
      code: `${HEAD}from strands_tools import file_read\n@tool\ndef lookup(q: str) -> str:\n    return q\nagent = Agent(tools=[lookup, file_read])\nagent("x")\n`,
      expect: { agentRuns: [{ tools: ["lookup", "file_read"] }] },
    },
    {
      name: "a Swarm call has no step bound (max_iterations counts node runs; each node's loop is unbounded) and times out after execution_timeout (900 s)",
      code: `from strands.multiagent import Swarm\ns = Swarm([a, b])\ns("t")\nt = Swarm([a], max_iterations=4, execution_timeout=60)\nt.invoke_async("u")\n`,
      expect: {
        agentRuns: [
          { framework: "strands", api: "Swarm(…) (a call of the swarm)", bound: { kind: "unbounded", reason: expect.stringContaining("max_iterations (20 unless given) counts node runs") }, timeout: { ms: 900000 } },
          { api: "Swarm.invoke_async", bound: { kind: "unbounded", reason: expect.stringContaining("max_iterations=4") }, boundLoc: { line: 4 }, timeout: { ms: 60000 } },
        ],
      },
    },
    {
      name: "a graph built by GraphBuilder is a run with no step bound; set_execution_timeout on its builder is its timeout",
      code: `from strands.multiagent import GraphBuilder\nbuilder = GraphBuilder()\nbuilder.add_node(a, "a")\nbuilder.set_execution_timeout(120)\ngraph = builder.build()\ngraph("t")\n`,
      expect: { agentRuns: [{ framework: "strands", api: "Graph(…) (a call of the graph)", bound: { kind: "unbounded" }, timeout: { ms: 120000, loc: { line: 4 } }, loc: { line: 6 } }] },
    },
  ],
  invalid: [
    { name: "a project class named Agent called like one", code: `class Agent:\n    def __call__(self, t):\n        return t\nagent = Agent()\nagent("x")\n`, absent: ["agentRuns"] },
  ],
});

pyRecognizerTester("Strands model providers", {
  valid: [
    {
      name: "Agent() with no model and Agent(model='…') build a BedrockModel: one default client per file, named for bedrock-runtime",
      code: `${HEAD}a = Agent()\nb = Agent(system_prompt="x")\nc = Agent(model="us.anthropic.claude-sonnet-4-20250514-v1:0")\n`,
      check: (f) => {
        expect(f.modelClients).toHaveLength(2);
        expect(f.modelClients[0]).toMatchObject({ framework: "strands", provider: "aws-bedrock", defaultHost: "https://bedrock-runtime.us-west-2.amazonaws.com", baseOption: "model=BedrockModel(endpoint_url=…)", more: { count: 1 }, loc: { line: 2 } });
        expect(f.modelClients[1]).toMatchObject({ provider: "aws-bedrock", api: 'Agent(model="us.anthropic.claude-sonnet-4-20250514-v1:0") (a BedrockModel for that model id)', loc: { line: 4 } });
      },
    },
    {
      name: "BedrockModel(endpoint_url=…), OpenAIModel and AnthropicModel(client_args={'base_url': …}), LiteLLMModel(api_base), OllamaModel(host)",
      code: `import os\nfrom strands.models import BedrockModel\nfrom strands.models.openai import OpenAIModel\nfrom strands.models.anthropic import AnthropicModel\nfrom strands.models.litellm import LiteLLMModel\nfrom strands.models.ollama import OllamaModel\nb = BedrockModel(model_id="m", endpoint_url="https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com")\no = OpenAIModel(client_args={"base_url": os.environ["LLM_GATEWAY_URL"], "api_key": os.environ["LLM_GATEWAY_KEY"]}, model_id="gpt-4o")\na = AnthropicModel(client_args={"api_key": os.environ["ANTHROPIC_API_KEY"]}, model_id="claude", max_tokens=1000)\nl = LiteLLMModel(client_args={"api_base": "http://llm-gateway.internal:4000"}, model_id="anthropic/claude-3-7-sonnet")\nh = OllamaModel("http://gpu.internal:11434", model_id="llama3")\n`,
      expect: {
        modelClients: [
          { provider: "aws-bedrock", api: "BedrockModel", baseURL: { kind: "literal", text: "https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com" }, baseOption: "endpoint_url=…" },
          { provider: "openai", api: "OpenAIModel", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" }, baseOption: 'client_args={"base_url": …}' },
          { provider: "anthropic", api: "AnthropicModel", baseURL: { kind: "absent" }, envDefault: "ANTHROPIC_BASE_URL", apiKey: { kind: "env", name: "ANTHROPIC_API_KEY" } },
          { provider: "anthropic", api: "LiteLLMModel", baseURL: { kind: "literal", text: "http://llm-gateway.internal:4000" }, baseOption: 'client_args={"api_base": …}' },
          { provider: "ollama", api: "OllamaModel", baseURL: { kind: "literal", text: "http://gpu.internal:11434" }, baseOption: "host=…" },
        ],
      },
    },
    {
      name: "a BedrockModel reaches the region the AWS SDK resolves (AWS_REGION, else us-west-2), or the region_name it is given",
      code: `from strands.models import BedrockModel\na = BedrockModel(model_id="m")\nb = BedrockModel(model_id="m", region_name="eu-central-1")\n`,
      check: (f) => {
        expect(f.modelClients).toMatchObject([{ envDefault: "AWS_REGION", defaultHost: "https://bedrock-runtime.us-west-2.amazonaws.com" }, { defaultHost: "https://bedrock-runtime.eu-central-1.amazonaws.com" }]);
        expect(f.modelClients[1]!.envDefault).toBeUndefined();
        expect(f.urls.map((u) => u.url)).toEqual([{ kind: "env", name: "AWS_REGION", fallback: "https://bedrock-runtime.us-west-2.amazonaws.com" }, { kind: "literal", text: "https://bedrock-runtime.eu-central-1.amazonaws.com" }]);
      },
    },
    {
      name: "LiteLLMModel with use_litellm_proxy=True goes through the LiteLLM proxy; with False, to the provider its model id names",
      code: `from strands.models.litellm import LiteLLMModel\np = LiteLLMModel(client_args={"use_litellm_proxy": True}, model_id="gpt-4o")\nq = LiteLLMModel(client_args={"use_litellm_proxy": False}, model_id="anthropic/claude-3-7-sonnet")\n`,
      expect: { modelClients: [{ provider: "litellm-proxy", envDefault: "LITELLM_PROXY_API_BASE" }, { provider: "anthropic" }] },
    },
    {
      name: "an Agent given a model object records no default client: the object is read where it is made",
      code: `${HEAD}from strands.models import BedrockModel\nm = BedrockModel(model_id="x")\nagent = Agent(model=m)\n`,
      check: (f) => expect(f.modelClients.map((c) => c.api)).toEqual(["BedrockModel"]),
    },
  ],
  invalid: [
    { name: "OpenAIModel(client=…) wraps a client the project built (read where that client is made)", code: `from strands.models.openai import OpenAIModel\nm = OpenAIModel(client=my_client, model_id="gpt-4o")\n`, absent: ["modelClients"] },
  ],
});

pyRecognizerTester("Strands tools and approval", {
  valid: [
    {
      name: "@tool takes the function's name, @tool(name=…) the given one; a first positional argument is the description, not the name",
      code: `${HEAD}@tool\ndef lookup(q: str) -> str:\n    return q\n@tool(name="close_ticket")\ndef close(t: str) -> str:\n    return t\n@tool("Removes a file")\ndef remove_file(p: str) -> str:\n    return p\n`,
      check: (f) => expect(f.tools.map((t) => [t.name, t.framework])).toEqual([["lookup", "strands"], ["close_ticket", "strands"], ["remove_file", "strands"]]),
    },
    {
      name: "tool_context.interrupt(…) in a @tool(context=True) is an approval in that tool's body",
      code: `${HEAD}@tool(context=True)\ndef close_ticket(t: str, tool_context) -> str:\n    ok = tool_context.interrupt("approve", reason=t)\n    return t\n`,
      check: (f) => expect(f.tools[0]).toMatchObject({ name: "close_ticket", approvalInBody: { line: 4 } }),
    },
    {
      name: "a BeforeToolCallEvent hook that calls event.interrupt(…) holds every tool for a person, whichever is read first",
      code: `${HEAD}from strands.hooks import BeforeToolCallEvent, HookProvider\nclass Approval(HookProvider):\n    def ask(self, event):\n        event.interrupt("approve", reason=event.tool_use)\n    def register_hooks(self, registry, **kw):\n        registry.add_callback(BeforeToolCallEvent, self.ask)\n`,
      check: (f) => expect(f.approvals.filter((a) => a.kind === "interruptBefore")).toMatchObject([{ loc: { line: 5 } }]),
    },
    // Callbacks whose event Strands takes from the type hint: each counts once it interrupts (only a BeforeToolCallEvent can, on an agent).
    ...([
      ["a plain function in Agent(hooks=[…])", `agent = Agent(tools=[], hooks=[approve])\n`],
      ["agent.add_hook(fn) with no event type", `agent = Agent(tools=[])\nagent.add_hook(approve)\n`],
      ["agent.hooks.add_callback(None, fn)", `agent = Agent(tools=[])\nagent.hooks.add_callback(None, approve)\n`],
      ["agent.add_hook(fn, [BeforeToolCallEvent, AfterToolCallEvent])", `agent = Agent(tools=[])\nagent.add_hook(approve, [BeforeToolCallEvent, AfterToolCallEvent])\n`],
      ["the older name strands.experimental.hooks.BeforeToolInvocationEvent", `from strands.experimental.hooks import BeforeToolInvocationEvent\nagent = Agent(tools=[])\nagent.hooks.add_callback(BeforeToolInvocationEvent, approve)\n`],
    ] as const).map(([what, register]) => ({
      name: `${what}: a callback that calls event.interrupt(…) holds every tool for a person`,
      code: `${HEAD}from strands.hooks import AfterToolCallEvent, BeforeToolCallEvent\ndef approve(event: BeforeToolCallEvent) -> None:\n    if event.interrupt("approve", reason=event.tool_use) != "yes":\n        event.cancel_tool = "refused"\n${register}`,
      check: (f: Facts) => expect(f.approvals.filter((a) => a.kind === "interruptBefore")).toMatchObject([{ loc: { line: 4 } }]),
    })),
    {
      name: "a Plugin's @hook method that calls event.interrupt(…) holds every tool for a person",
      code: `${HEAD}from strands.plugins import Plugin, hook\nfrom strands.hooks import BeforeToolCallEvent\nclass Gate(Plugin):\n    @hook\n    def ask(self, event: BeforeToolCallEvent) -> None:\n        event.interrupt("approve", reason=event.tool_use)\nagent = Agent(tools=[], plugins=[Gate()])\n`,
      check: (f) => expect(f.approvals.filter((a) => a.kind === "interruptBefore")).toMatchObject([{ loc: { line: 7 } }]),
    },
    {
      name: "strands_tools built-ins: shell executes and asks on the terminal; file_write writes; http_request goes where the model says",
      code: `${HEAD}from strands_tools import shell, file_write, http_request\nagent = Agent(tools=[shell, file_write, http_request])\n`,
      check: (f) => {
        expect(f.tools.map((t) => [t.name, t.approval, t.builtIn])).toEqual([["shell", "always", "strands_tools"], ["file_write", "always", "strands_tools"], ["http_request", "always", "strands_tools"]]);
        expect(f.destructive).toMatchObject([{ tool: "shell", op: "strands_tools shell (runs shell commands on this machine)", loc: { line: 3 } }]);
        expect(f.tools[1]!.writes).toMatchObject([{ op: "strands_tools file_write (writes files)" }]);
        expect(f.urls.filter((u) => u.api.startsWith("strands_tools"))).toMatchObject([{ api: "strands_tools http_request", url: { kind: "dynamic" } }]);
      },
    },
    {
      name: "os.environ['BYPASS_TOOL_CONSENT'] = 'true' turns the built-ins' terminal consent off",
      code: `import os\n${HEAD}from strands_tools import python_repl\nos.environ["BYPASS_TOOL_CONSENT"] = "true"\nagent = Agent(tools=[python_repl])\n`,
      check: (f) => expect(f.tools[0]).toMatchObject({ name: "python_repl", approval: "never", approvalLoc: { line: 4 } }),
    },
    {
      name: "agent.tool.python_repl(…) in a tool runs the built-in from the code: destructive, with its terminal consent as the tool's approval",
      code: `${HEAD}from strands_tools import python_repl\n@tool\ndef run_code(code: str) -> str:\n    a = Agent(tools=[python_repl])\n    return a.tool.python_repl(code=code)\n`,
      check: (f) => {
        expect(f.destructive.find((d) => d.loc.line === 6)).toMatchObject({ tool: "run_code", approvedAt: { line: 6 } });
        expect(f.tools.find((t) => t.name === "run_code")).toMatchObject({ approvalInBody: { line: 6 } });
      },
    },
    {
      name: "lists joined with + are read (an MCP client's tools + [file_write]); an agent given tools psf cannot name is not approved by the built-ins' consent",
      code: `${HEAD}from strands_tools import file_write\n@tool\ndef research(q: str) -> str:\n    tools = client.list_tools_sync() + [file_write]\n    return str(Agent(tools=tools)(q))\n`,
      check: (f) => {
        expect(f.tools.map((t) => t.name)).toEqual(["research", "file_write"]);
        expect(f.tools[0]!.approvalInBody).toBeUndefined();
      },
    },
    {
      name: "a @tool that runs an agent whose tools all ask on the terminal (python_repl, shell) is approved in its body",
      code: `${HEAD}from strands_tools import python_repl, shell\n@tool\ndef make_graph(q: str) -> str:\n    inner = Agent(tools=[python_repl, shell])\n    return str(inner(q))\n`,
      check: (f) => expect(f.tools.find((t) => t.name === "make_graph")).toMatchObject({ approvalInBody: { line: 6 } }),
    },
    {
      name: "MCPClient(…, tool_filters=…) filters the server its transport function starts; without it the server is unfiltered",
      code: `from mcp import StdioServerParameters, stdio_client\nfrom strands.tools.mcp import MCPClient\nfiltered = MCPClient(lambda: stdio_client(StdioServerParameters(command="uvx", args=["mcp-server-git==0.6.2"])), tool_filters={"allowed": ["git_log"]})\nopen_ = MCPClient(lambda: stdio_client(StdioServerParameters(command="uvx", args=["mcp-server-fetch==2025.4.7"])))\n`,
      expect: { mcpServers: [{ command: "uvx mcp-server-git==0.6.2", filtered: true, loc: { line: 3 } }, { command: "uvx mcp-server-fetch==2025.4.7", filtered: false, loc: { line: 4 } }] },
    },
    {
      name: "StrandsTelemetry().setup_otlp_exporter() traces the Strands runs and tools",
      code: `from strands.telemetry import StrandsTelemetry\nStrandsTelemetry().setup_otlp_exporter()\n`,
      expect: { tracing: { frameworks: [{ framework: "strands", loc: { line: 2 } }] } },
    },
  ],
  invalid: [
    { name: "a plain function in Agent(hooks=[…]) that never interrupts", code: `${HEAD}def log(event) -> None:\n    print(event.tool_use)\nagent = Agent(tools=[], hooks=[log])\n`, check: (f) => expect(f.approvals.filter((a) => a.kind === "interruptBefore")).toEqual([]) },
    { name: "agent.add_hook(fn, AfterToolCallEvent): an event that runs after the tool", code: `${HEAD}from strands.hooks import AfterToolCallEvent\ndef after(event) -> None:\n    event.interrupt("x")\nagent = Agent(tools=[])\nagent.add_hook(after, AfterToolCallEvent)\n`, check: (f) => expect(f.approvals.filter((a) => a.kind === "interruptBefore")).toEqual([]) },
    { name: "a hook on BeforeToolCallEvent that never interrupts", code: `from strands.hooks import BeforeToolCallEvent\nclass Log:\n    def log(self, event):\n        print(event.tool_use)\n    def register_hooks(self, registry, **kw):\n        registry.add_callback(BeforeToolCallEvent, self.log)\n`, absent: ["approvals"] },
    { name: "smolagents-style agent.interrupt() with no name is not an approval", code: `def stop(agent):\n    agent.interrupt()\n`, absent: ["approvals"] },
    { name: "a strands_tools tool the agent is not given", code: `from strands_tools import shell\nx = shell\n`, absent: ["tools", "destructive"] },
    { name: "StrandsTelemetry() with no exporter set up", code: `from strands.telemetry import StrandsTelemetry\nt = StrandsTelemetry()\n`, check: (f) => expect(f.tracing.frameworks).toBeUndefined() },
  ],
});
