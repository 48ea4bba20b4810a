import { pyRecognizerTester } from "./tester.js";

pyRecognizerTester("LlamaIndex, Google ADK and AG2 model clients, tools and timeouts", {
  valid: [
    {
      name: "LlamaIndex: OpenAILike(api_base=…) through the gateway, OpenAI() direct; FunctionAgent(timeout=) bounds each run",
      code: `import os\nfrom llama_index.llms.openai_like import OpenAILike\nfrom llama_index.llms.openai import OpenAI\nfrom llama_index.core.agent.workflow import FunctionAgent\ngw = OpenAILike(model="m", api_base=os.environ["GW"], api_key=os.environ["GW_KEY"])\ndirect = OpenAI(model="gpt-4o")\nagent = FunctionAgent(tools=[], llm=gw, timeout=600)\nagent.run(user_msg="x")\n`,
      expect: {
        modelClients: [
          { framework: "llamaindex", provider: "openai", api: "llama_index OpenAILike", baseURL: { kind: "env", name: "GW" }, loc: { line: 5, column: 6 } },
          // LlamaIndex passes its own api_base (OPENAI_API_BASE, else the OpenAI host) to the SDK: OPENAI_BASE_URL is never read.
          { framework: "llamaindex", provider: "openai", api: "llama_index OpenAI", baseURL: { kind: "absent" }, envDefault: "OPENAI_API_BASE", loc: { line: 6, column: 10 } },
        ],
        agentRuns: [{ framework: "llamaindex", bound: { kind: "default", value: 20 }, timeout: { ms: 600_000, loc: { line: 7, column: 41 } }, loc: { line: 8, column: 1 } }],
      },
    },
    {
      name: "LlamaIndex: AgentWorkflow.from_tools_or_functions([…]).run() is a run; its functions, a FunctionAgent's and FunctionTool.from_defaults' are tools; ctx.wait_for_event in a tool is its approval",
      code: `from llama_index.core.agent.workflow import AgentWorkflow, FunctionAgent\nfrom llama_index.core.tools import FunctionTool\nfrom llama_index.core.workflow import Context, HumanResponseEvent\ndef lookup(q: str) -> str:\n    return q\nasync def purge(ctx: Context, path: str) -> str:\n    answer = await ctx.wait_for_event(HumanResponseEvent)\n    return answer.response\ndef note(text: str) -> str:\n    return text\nwf = AgentWorkflow.from_tools_or_functions([lookup, purge], llm=llm)\nasync def main():\n    return await wf.run(user_msg="go", max_iterations=8)\nwriter = FunctionAgent(tools=[note], llm=llm)\nsave = FunctionTool.from_defaults(fn=note, name="save_note")\n`,
      expect: {
        agentRuns: [{ framework: "llamaindex", api: "AgentWorkflow.from_tools_or_functions(…).run", bound: { kind: "literal", value: 8 }, loc: { line: 13, column: 18 } }],
        tools: [{ name: "lookup", framework: "llamaindex", approval: "none" }, { name: "purge", approvalInBody: { line: 7 } }, { name: "note", loc: { line: 14 } }, { name: "save_note", loc: { line: 15 } }],
      },
    },
    {
      name: "LlamaIndex: a tool spec's to_tool_list() given to a run is a set of tools psf cannot see into",
      code: `from llama_index.core.agent.workflow import AgentWorkflow\nfrom llama_index.tools.yahoo_finance import YahooFinanceToolSpec\ndef add(a: float, b: float) -> float:\n    return a + b\nwf = AgentWorkflow.from_tools_or_functions([*YahooFinanceToolSpec().to_tool_list(), add], llm=llm)\nasync def main():\n    return await wf.run(user_msg="go")\n`,
      expect: { agentRuns: [{ framework: "llamaindex", opaqueTools: [{ reason: "not a function or tool the analysis can resolve", loc: { line: 5 } }] }], tools: [{ name: "add" }] },
    },
    {
      name: "LlamaIndex: a FunctionAgent given a tool spec's list: the run names the library call that builds it",
      code: `from llama_index.core.agent.workflow import FunctionAgent\nfrom llama_index.tools.tavily_research import TavilyToolSpec\nsearch = TavilyToolSpec(api_key="k").to_tool_list()\nagent = FunctionAgent(tools=search, llm=llm)\nasync def main():\n    return await agent.run(user_msg="go")\n`,
      expect: { agentRuns: [{ framework: "llamaindex", opaqueTools: [{ reason: "built by TavilyToolSpec(…).to_tool_list (a library's tools)", loc: { line: 4 } }] }] },
    },
    {
      name: "ADK: a model string calls Google directly; LiteLlm(api_base=…) goes to the gateway; FunctionTool(require_confirmation=True)",
      code: `import os\nfrom google.adk.agents import LlmAgent\nfrom google.adk.models.lite_llm import LiteLlm\nfrom google.adk.tools import FunctionTool\ndef silence(alert_id: str) -> str:\n    return alert_id\na = LlmAgent(name="a", model="gemini-2.5-flash")\nb = LlmAgent(name="b", model=LiteLlm(model="openai/gpt-4o-mini", api_base=os.environ["GW"]), tools=[FunctionTool(silence, require_confirmation=True)])\n`,
      expect: {
        modelClients: [
          { framework: "google-adk", provider: "google", api: 'ADK model "gemini-2.5-flash"', loc: { line: 7, column: 5 } },
          { framework: "google-adk", provider: "openai", api: "LiteLlm", baseURL: { kind: "env", name: "GW" }, loc: { line: 8, column: 30 } },
        ],
        tools: [{ name: "silence", framework: "google-adk", approval: "always", loc: { line: 8, column: 101 } }],
      },
    },
    {
      name: "AG2: each llm_config config_list entry is a client; base_url sends it to the gateway",
      code: `import os\nfrom autogen import AssistantAgent\ncfg = {"config_list": [{"model": "gpt-4o-mini", "base_url": os.environ["GW"], "api_key": os.environ["GW_KEY"]}, {"model": "claude-sonnet-4", "api_type": "anthropic"}]}\nhelper = AssistantAgent("helper", llm_config=cfg, max_consecutive_auto_reply=5)\n`,
      expect: {
        modelClients: [
          { framework: "autogen", provider: "openai", api: 'AG2 llm_config "gpt-4o-mini"', baseURL: { kind: "env", name: "GW" }, loc: { line: 4, column: 10 } },
          { framework: "autogen", provider: "anthropic", api: 'AG2 llm_config "claude-sonnet-4"', baseURL: { kind: "absent" } },
        ],
        agentRuns: [{ framework: "autogen", bound: { kind: "literal", value: 5 }, loc: { line: 4, column: 10 } }],
      },
    },
  ],
  invalid: [
    { name: "an ADK agent given a model object is not a second client", code: `from google.adk.agents import LlmAgent\nfrom my_models import make\nLlmAgent(name="a", model=make())\n`, absent: ["modelClients"] },
    { name: "an AG2 agent with llm_config=False has no client", code: `from autogen import UserProxyAgent\nUserProxyAgent("op", llm_config=False, max_consecutive_auto_reply=1)\n`, absent: ["modelClients"] },
  ],
});
