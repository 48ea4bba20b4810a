import { expect } from "vitest";
import { at } from "../helpers.js";
import { pyRecognizerTester } from "./tester.js";

const gateway = `import os\nfrom openai import OpenAI\nclient = OpenAI(base_url=os.environ["LLM_GATEWAY_URL"], api_key=os.getenv("LLM_GATEWAY_KEY"))\n\ndef ask(q):\n    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": q}])\n`;
const azure = `from openai import AsyncAzureOpenAI as Azure\nllm = Azure(azure_endpoint="https://acme.openai.azure.com", api_version="2025-01-01", azure_ad_token_provider=token)\n`;
const moduleLevel = `import openai\nopenai.base_url = "http://gw.internal:4000"\nr = openai.chat.completions.create(model="m", messages=[])\n`;

pyRecognizerTester("openai and anthropic clients", {
  valid: [
    {
      name: "OpenAI(base_url=os.environ[…], api_key=os.getenv(…)) and a chat completion in a function",
      code: gateway,
      expect: {
        modelClients: [{ api: "OpenAI", provider: "openai", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" }, loc: { file: "agent.py", ...at(gateway, "OpenAI(base_url") } }],
        modelCalls: [{ api: "chat.completions.create", framework: "openai", fn: "agent.py#ask", loc: { file: "agent.py", ...at(gateway, "client.chat") } }],
        envReads: [{ name: "LLM_GATEWAY_URL", loc: at(gateway, "os.environ") }, { name: "LLM_GATEWAY_KEY", loc: at(gateway, "os.getenv") }],
      },
    },
    {
      name: "AsyncAnthropic() with no base_url falls back to ANTHROPIC_BASE_URL; messages.create on it (async)",
      code: `import anthropic\nclaude = anthropic.AsyncAnthropic()\nasync def go():\n    return await claude.messages.create(model="c", max_tokens=10, messages=[])\n`,
      expect: { modelClients: [{ api: "AsyncAnthropic", provider: "anthropic", baseURL: { kind: "absent" }, envDefault: "ANTHROPIC_BASE_URL", loc: { line: 2, column: 10 } }], modelCalls: [{ api: "messages.create", framework: "anthropic", loc: { line: 4, column: 18 } }] },
    },
    {
      name: "an aliased AsyncAzureOpenAI with azure_endpoint and a token provider (short-lived credential)",
      code: azure,
      expect: { modelClients: [{ api: "AsyncAzureOpenAI", provider: "azure", baseURL: { kind: "literal", text: "https://acme.openai.azure.com" }, apiKey: { kind: "dynamic" } }] },
    },
    {
      name: "AzureOpenAI without azure_endpoint reads AZURE_OPENAI_ENDPOINT",
      code: `from openai import AzureOpenAI\nc = AzureOpenAI(api_version="2025-01-01")\n`,
      expect: { modelClients: [{ provider: "azure", baseURL: { kind: "env", name: "AZURE_OPENAI_ENDPOINT" } }] },
    },
    {
      name: "workload_identity= is a short-lived credential, not an implicit OPENAI_API_KEY",
      code: `from openai import OpenAI\nfrom openai.auth import k8s_service_account_token_provider\nc = OpenAI(base_url="http://gw", workload_identity=k8s_service_account_token_provider())\n`,
      expect: { modelClients: [{ apiKey: { kind: "dynamic", reason: "a short-lived workload identity credential" } }] },
    },
    {
      name: "the openai module's default client, with openai.base_url set by assignment",
      code: moduleLevel,
      expect: { modelClients: [{ api: "openai (module-level client)", baseURL: { kind: "literal", text: "http://gw.internal:4000" } }], modelCalls: [{ api: "chat.completions.create", loc: { line: 3, column: 5 } }] },
    },
    {
      name: "a client built in the constructor and used through self in another method",
      code: `from openai import OpenAI\nclass Agent:\n    def __init__(self, url):\n        self.llm = OpenAI(base_url=url)\n    def step(self):\n        return self.llm.responses.create(model="m", input="x")\n`,
      expect: { modelClients: [{ api: "OpenAI", baseURL: { kind: "dynamic", reason: "a parameter" }, loc: { line: 4, column: 20 } }], modelCalls: [{ api: "responses.create", fn: "agent.py#Agent.step", loc: { line: 6, column: 16 } }] },
    },
    {
      name: "with_raw_response does not hide the call",
      code: `from openai import OpenAI\nc = OpenAI(base_url="http://gw")\nraw = c.chat.completions.with_raw_response.create(model="m", messages=[])\n`,
      expect: { modelCalls: [{ api: "chat.completions.create" }] },
    },
    {
      name: "a call on a client the walk cannot name (a parameter) is still a model call",
      code: `def summarise(llm, text):\n    return llm.chat.completions.create(model="m", messages=[])\n`,
      expect: { modelCalls: [{ api: "chat.completions.create", loc: { line: 2, column: 12 } }] },
    },
    {
      name: "Anthropic tool_runner without max_iterations is an unbounded agent run",
      code: `from anthropic import Anthropic\nc = Anthropic(base_url="http://gw")\nrunner = c.beta.messages.tool_runner(model="c", max_tokens=100, tools=[t], messages=[])\n`,
      expect: { agentRuns: [{ api: "beta.messages.tool_runner", bound: { kind: "unbounded" } }] },
    },
    {
      name: "function tools in tools=[…] are tool definitions, named where they are written",
      code: `from openai import OpenAI\nc = OpenAI()\nTOOLS = [{"type": "function", "function": {"name": "cleanup_cache", "parameters": {}}}]\nc.chat.completions.create(model="m", messages=[], tools=TOOLS)\n`,
      expect: { tools: [{ name: "cleanup_cache", framework: "openai", loc: { line: 3, column: 44 } }] },
    },
    {
      name: "LangSmith wrap_openai makes the client's calls traced",
      code: `from openai import OpenAI\nfrom langsmith.wrappers import wrap_openai\nc = wrap_openai(OpenAI(base_url="http://gw"))\nc.chat.completions.create(model="m", messages=[])\n`,
      expect: { modelCalls: [{ telemetry: true, audited: true }] },
    },
    {
      name: "Langfuse's drop-in openai client is traced",
      code: `from langfuse.openai import OpenAI\nc = OpenAI(base_url="http://gw")\nc.chat.completions.create(model="m", messages=[])\n`,
      expect: { modelClients: [{ api: "OpenAI", traced: true }] },
    },
  ],
  invalid: [
    { name: "OpenAI from a project module is not the SDK", code: { "agent.py": `from .openai import OpenAI\nOpenAI()\n`, "openai.py": `def OpenAI():\n    return None\n` }, absent: ["modelClients"] },
    { name: "a method named create on a plain object is not a model call", code: `def f(repo):\n    repo.issues.create(title="x")\n`, absent: ["modelCalls"] },
    { name: "an npm-style `new OpenAI` shape in a string is not code", code: `DOC = "client = OpenAI(base_url=...)"\n`, absent: ["modelClients"] },
    {
      name: "Anthropic tool_runner with max_iterations is bounded",
      code: `from anthropic import Anthropic\nc = Anthropic(base_url="http://gw")\nc.beta.messages.tool_runner(model="c", max_tokens=1, tools=[], messages=[], max_iterations=8)\n`,
      check: (f) => expect(f.agentRuns[0]!.bound).toEqual({ kind: "literal", value: 8 }),
    },
  ],
});
