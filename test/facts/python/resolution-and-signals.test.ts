import { expect } from "vitest";
import { pyRecognizerTester } from "./tester.js";

pyRecognizerTester("resolution as a reviewer would do it", {
  valid: [
    {
      name: "a relative import of a module constant (from .config import GATEWAY_URL)",
      code: {
        "app/config.py": `GATEWAY_URL = "http://gw.internal:4000"\n`,
        "app/agent.py": `from openai import OpenAI\nfrom .config import GATEWAY_URL\nc = OpenAI(base_url=GATEWAY_URL)\n`,
      },
      expect: { modelClients: [{ baseURL: { kind: "literal", text: "http://gw.internal:4000", via: "GATEWAY_URL" }, loc: { file: "app/agent.py", line: 3, column: 5 } }] },
    },
    {
      name: "an absolute import of a project package (from app.settings import BASE) and `import x as y`",
      code: {
        "src/app/settings.py": `import os\nBASE = os.environ["LLM_GATEWAY_URL"]\n`,
        "src/app/llm.py": `import openai as oa\nfrom app.settings import BASE\nclient = oa.AsyncOpenAI(base_url=BASE)\n`,
      },
      expect: { modelClients: [{ api: "AsyncOpenAI", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" } }] },
    },
    {
      name: "`from . import tools` names a sibling module; its function is a call-graph edge",
      code: {
        "pkg/__init__.py": ``,
        "pkg/tools.py": `import shutil\ndef wipe(p):\n    shutil.rmtree(p)\n`,
        "pkg/main.py": `from . import tools\nfrom openai import OpenAI\nc = OpenAI(base_url="http://gw")\ndef loop():\n    while True:\n        c.chat.completions.create(model="m", messages=[])\n        tools.wipe("x")\n`,
      },
      expect: { destructive: [{ op: "shutil.rmtree", loc: { file: "pkg/tools.py", line: 3 } }], loops: [{ loc: { file: "pkg/main.py", line: 5 } }] },
    },
    {
      name: "keyword arguments from a **dict literal, and a module constant dict",
      code: `from openai import OpenAI\nOPTS = {"base_url": "http://gw.internal:4000", "max_retries": 2}\nc = OpenAI(**OPTS)\nd = OpenAI(**{"base_url": "http://other:1"})\n`,
      expect: { modelClients: [{ baseURL: { kind: "literal", text: "http://gw.internal:4000" } }, { baseURL: { kind: "literal", text: "http://other:1" } }] },
    },
    {
      name: "a constant built by concatenation and an int() of an env read with a default",
      code: `import os\nfrom openai import OpenAI\nHOST = "http://gw.internal"\nc = OpenAI(base_url=HOST + ":4000/v1")\nN = int(os.getenv("MAX_STEPS", "10"))\n`,
      expect: { modelClients: [{ baseURL: { kind: "literal", text: "http://gw.internal:4000/v1" } }], envReads: [{ name: "MAX_STEPS", loc: { line: 5, column: 9 } }] },
    },
    {
      name: "a name the module assigns twice in straight-line code has, where it is used, the value assigned last before",
      code: `from openai import OpenAI\nURL = "http://a"\nfirst = OpenAI(base_url=URL)\nURL = "http://b"\nc = OpenAI(base_url=URL)\n`,
      expect: { modelClients: [{ baseURL: { kind: "literal", text: "http://a" } }, { baseURL: { kind: "literal", text: "http://b" } }] },
    },
    {
      name: "a name the module assigns twice, one of them under an if, is not a constant",
      code: `import sys\nfrom openai import OpenAI\nURL = "http://a"\nif sys.argv[1:]:\n    URL = "http://b"\nc = OpenAI(base_url=URL)\n`,
      expect: { modelClients: [{ baseURL: { kind: "dynamic", reason: "a variable that can change" } }] },
    },
  ],
  invalid: [
    {
      name: "a module variable a function reassigns through `global` is not a constant",
      code: `from openai import OpenAI\nURL = "http://gw"\ndef make():\n    return OpenAI(base_url=URL)\ndef switch():\n    global URL\n    URL = "https://api.openai.com/v1"\n`,
      check: (f) => expect(f.modelClients[0]!.baseURL).toMatchObject({ kind: "dynamic", reason: "a module variable a function reassigns" }),
    },
    { name: "a local variable shadows the module constant", code: `from openai import OpenAI\nURL = "http://gw"\ndef f(URL):\n    return OpenAI(base_url=URL)\n`, check: (f) => expect(f.modelClients[0]!.baseURL).toMatchObject({ kind: "dynamic", reason: "a parameter" }) },
    { name: "class-body names are not visible inside methods", code: `from openai import OpenAI\nclass A:\n    URL = "http://gw"\n    def m(self):\n        return OpenAI(base_url=URL)\n`, check: (f) => expect(f.modelClients[0]!.baseURL.kind).toBe("dynamic") },
  ],
});

pyRecognizerTester("environment reads and secrets", {
  valid: [
    {
      name: "os.environ[…], os.environ.get(…), os.getenv(…) and `from os import environ, getenv`",
      code: `import os\nfrom os import environ, getenv\na = os.environ["OPENAI_API_KEY"]\nb = os.environ.get("ANTHROPIC_API_KEY")\nc = os.getenv("GROQ_API_KEY", "")\nd = environ["XAI_API_KEY"]\ne = getenv("MISTRAL_API_KEY")\n`,
      expect: { envReads: [{ name: "OPENAI_API_KEY", loc: { line: 3, column: 5 } }, { name: "ANTHROPIC_API_KEY", loc: { line: 4, column: 5 } }, { name: "GROQ_API_KEY", loc: { line: 5, column: 5 } }, { name: "XAI_API_KEY", loc: { line: 6, column: 5 } }, { name: "MISTRAL_API_KEY", loc: { line: 7, column: 5 } }] },
    },
    {
      name: "a key literal is stored redacted, at its column (also inside an f-string and a concatenation)",
      code: `from openai import OpenAI\nc = OpenAI(api_key="sk-proj-AbCdEfGhIjKlMnOpQrStUvWx9876")\nh = f"Bearer sk-ant-api03-ZyXwVuTsRqPoNmLkJiHgFeDcBa0123{x}"\n`,
      expect: { secrets: [{ kind: "openai", redacted: "sk-proj-…9876", loc: { line: 2, column: 21 } }, { kind: "anthropic", redacted: "sk-ant-…0123", loc: { line: 3, column: 14 } }], modelClients: [{ apiKey: { kind: "literal", text: "sk-…9876" } }] },
      check: (f) => expect(JSON.stringify(f)).not.toContain("AbCdEfGhIjKlMnOp"),
    },
  ],
  invalid: [
    { name: "writing os.environ[…] is not a read", code: `import os\nos.environ["OPENAI_BASE_URL"] = "http://gw"\n`, absent: ["envReads"] },
    { name: "a placeholder key is not a secret", code: `KEY = "sk-your-key-here-xxxxxxxxxxxxxxxx"\n`, absent: ["secrets"] },
    { name: "environ of another module is not os.environ", code: `from myconf import environ\nx = environ["OPENAI_API_KEY"]\n`, absent: ["envReads"] },
  ],
});

pyRecognizerTester("timeouts, tracing and model-output guards", {
  valid: [
    {
      name: "async with asyncio.timeout(s), asyncio.wait_for(…, timeout=s), signal.alarm(s)",
      code: `import asyncio, signal\nasync def main(run):\n    async with asyncio.timeout(7200):\n        await run()\n    await asyncio.wait_for(run(), timeout=60)\nsignal.alarm(30)\n`,
      expect: { timeouts: [{ kind: "scoped-timeout", ms: 7_200_000, loc: { line: 3, column: 16 } }, { kind: "scoped-timeout", ms: 60_000, loc: { line: 5, column: 11 } }, { kind: "scoped-timeout", ms: 30_000, loc: { line: 6, column: 1 } }] },
    },
    {
      name: "an OpenInference instrumentor traces every OpenAI call in the project",
      code: {
        "telemetry.py": `from openinference.instrumentation.openai import OpenAIInstrumentor\nOpenAIInstrumentor().instrument()\n`,
        "agent.py": `from openai import OpenAI\nc = OpenAI(base_url="http://gw")\nc.chat.completions.create(model="m", messages=[])\n`,
      },
      expect: { tracing: { globalInstrumentation: { file: "telemetry.py", line: 2, column: 1 } }, modelCalls: [{ audited: true }] },
    },
    {
      name: "Traceloop.init() and logfire.instrument_openai() are global instrumentation",
      code: `from traceloop.sdk import Traceloop\nimport logfire\nTraceloop.init()\nlogfire.instrument_openai()\n`,
      expect: { tracing: { globalInstrumentation: { line: 3, column: 1 } } },
    },
    {
      name: "Langfuse @observe() and LangSmith @traceable cover the calls in the function",
      code: `from langfuse import observe\nfrom langsmith import traceable\nfrom openai import OpenAI\nc = OpenAI(base_url="http://gw")\n@observe()\ndef a():\n    return c.chat.completions.create(model="m", messages=[])\n@traceable\ndef b():\n    return c.chat.completions.create(model="m", messages=[])\n`,
      expect: { modelCalls: [{ audited: true, fn: "agent.py#a" }, { audited: true, fn: "agent.py#b" }] },
    },
    {
      name: "a span opened in the same function covers the call; litellm callbacks trace LiteLLM",
      code: `import litellm\nfrom opentelemetry import trace\ntracer = trace.get_tracer("x")\nlitellm.callbacks = ["otel"]\ndef f():\n    with tracer.start_as_current_span("model"):\n        litellm.completion(model="litellm_proxy/m", messages=[])\n`,
      expect: { tracing: { globalInstrumentation: { line: 4 } }, modelCalls: [{ audited: true }] },
    },
    {
      name: "model output in an if condition guarding a destructive call",
      code: `import shutil\nfrom openai import OpenAI\nc = OpenAI(base_url="http://gw")\ndef housekeeping():\n    reply = c.chat.completions.create(model="m", messages=[])\n    text = reply.choices[0].message.content or ""\n    if "SAFE" in text:\n        shutil.rmtree("/tmp/cache")\n`,
      expect: { modelGuards: [{ loc: { line: 7, column: 8 }, modelLoc: { line: 5, column: 13 }, actionLoc: { line: 8, column: 9 }, action: "shutil.rmtree" }] },
    },
    {
      name: "a syntax error is reported at its line, and the rest of the file is still read",
      code: `from openai import OpenAI\ndef broken(:\n    pass\nc = OpenAI(base_url="http://gw")\n`,
      expect: { parseErrors: [{ file: "agent.py", loc: { line: 2 } }], modelClients: [{ loc: { line: 4 } }] },
    },
  ],
  invalid: [
    { name: "asyncio.wait_for without a timeout is no timeout", code: `import asyncio\nasync def f(c):\n    await asyncio.wait_for(c, None)\n`, absent: ["timeouts"] },
    { name: "a model call with no tracing anywhere is not audited", code: `from openai import OpenAI\nc = OpenAI(base_url="http://gw")\nc.chat.completions.create(model="m", messages=[])\n`, check: (f) => expect(f.modelCalls[0]!.audited).toBe(false) },
    { name: "traceback.print_exc() is not an audit call", code: `import traceback\nfrom openai import OpenAI\nc = OpenAI(base_url="http://gw")\ndef f():\n    traceback.print_exc()\n    c.chat.completions.create(model="m", messages=[])\n`, check: (f) => expect(f.modelCalls[0]!.audited).toBe(false) },
    { name: "a condition on a registry record (not the model) guards nothing", code: `import shutil\ndef f(record):\n    if record["stale"]:\n        shutil.rmtree("/tmp/c")\n`, absent: ["modelGuards"] },
  ],
});
