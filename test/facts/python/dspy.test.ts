import { expect } from "vitest";
import { pyRecognizerTester } from "./tester.js";

// DSPy (module dspy): agent modules and their max_iters, model calls, dspy.LM clients through LiteLLM's
// notions, tools, the PythonInterpreter's grants and tracing. Defaults are dspy 3.3.1's (facts/defaults.ts).

pyRecognizerTester("DSPy agent runs", {
  valid: [
    {
      name: "ReAct with no max_iters relies on the default of 20; max_iters= and a positional bound are read where the module is built",
      code: `import dspy\ndef look(q: str) -> str:\n    return q\na = dspy.ReAct("question -> answer", tools=[look])\nb = dspy.ReAct("question -> answer", tools=[look], max_iters=6)\nc = dspy.ReAct("question -> answer", [look], 4)\n`,
      expect: {
        agentRuns: [
          { framework: "dspy", api: "ReAct", bound: { kind: "default", value: 20, name: "DSPy ReAct max_iters" }, tools: ["look"], signal: false, loc: { line: 4 } },
          { api: "ReAct", bound: { kind: "literal", value: 6 }, boundLoc: { line: 5 } },
          { api: "ReAct", bound: { kind: "literal", value: 4 }, tools: ["look"], loc: { line: 6 } },
        ],
      },
    },
    {
      name: "CodeAct (5), ProgramOfThought (3) and RLM (20) by their own defaults; RLM's max_iterations of dspy 3.1–3.3 is read too",
      code: `from dspy import CodeAct, ProgramOfThought, RLM\ndef add(a: int, b: int) -> int:\n    return a + b\nx = CodeAct("n -> total", tools=[add])\ny = ProgramOfThought("question -> answer")\nz = RLM("context, query -> answer")\nw = RLM("context, query -> answer", max_iterations=7)\n`,
      expect: {
        agentRuns: [
          { api: "CodeAct", bound: { kind: "default", value: 5, name: "DSPy CodeAct max_iters" }, tools: ["add"] },
          { api: "ProgramOfThought", bound: { kind: "default", value: 3 } },
          { api: "RLM", bound: { kind: "default", value: 20 } },
          { api: "RLM", bound: { kind: "literal", value: 7 } },
        ],
      },
    },
    {
      name: "a ReAct built in a Module subclass's __init__ is one run; a call passing its own max_iters is a run of its own",
      code: `import dspy\nclass Support(dspy.Module):\n    def __init__(self):\n        super().__init__()\n        self.react = dspy.ReAct("q -> a", tools=[], max_iters=5)\n    def forward(self, q):\n        return self.react(q=q)\n    def deep(self, q):\n        return self.react(q=q, max_iters=40)\n`,
      check: (f) => {
        expect(f.agentRuns).toHaveLength(2);
        expect(f.agentRuns[0]).toMatchObject({ api: "ReAct", bound: { kind: "literal", value: 5 }, loc: { line: 5 } });
        expect(f.agentRuns[1]).toMatchObject({ api: "ReAct call", bound: { kind: "literal", value: 40 }, loc: { line: 9 } });
      },
    },
  ],
  invalid: [
    { name: "a project class named ReAct", code: `class ReAct:\n    def __init__(self, sig, tools, max_iters=99):\n        pass\nr = ReAct("q -> a", [])\n`, absent: ["agentRuns", "tools"] },
    { name: "dspy.Predict and dspy.ChainOfThought are built, not run, until called", code: `import dspy\np = dspy.Predict("q -> a")\nc = dspy.ChainOfThought("q -> a")\n`, absent: ["agentRuns", "modelCalls"] },
  ],
});

pyRecognizerTester("DSPy model calls", {
  valid: [
    {
      name: "calling a Predict, a ChainOfThought (directly or through self), an LM, and an optimizer's compile are model calls",
      code: `import dspy\nlm = dspy.LM("openai/gpt-4o-mini")\nclass Rag(dspy.Module):\n    def __init__(self):\n        self.answer = dspy.ChainOfThought("context, q -> a")\n    def forward(self, q):\n        return self.answer(context="", q=q)\npredict = dspy.Predict("q -> a")\npredict(q="x")\nlm("hello")\nopt = dspy.MIPROv2(metric=None, auto="light")\nbest = opt.compile(Rag(), trainset=[])\n`,
      expect: {
        modelCalls: [
          { framework: "dspy", api: "ChainOfThought call", loc: { line: 7 } },
          { api: "Predict call", loc: { line: 9 } },
          { api: "LM call", loc: { line: 10 } },
          { api: "MIPROv2.compile (optimizer: model calls bounded by its own budget)", loc: { line: 12 } },
        ],
      },
    },
  ],
  invalid: [
    { name: "a ReAct's call is its run, not a model call", code: `import dspy\nr = dspy.ReAct("q -> a", tools=[])\nr(q="x")\n`, absent: ["modelCalls"] },
  ],
});

pyRecognizerTester("DSPy model clients", {
  valid: [
    {
      name: "dspy.LM goes where LiteLLM sends it: api_base, a litellm_proxy/ model, the provider by its prefix (an f-string's too), OpenRouter's own host",
      code: `import os\nimport dspy\na = dspy.LM("openai/gpt-4o", api_base=os.environ["LLM_GATEWAY_URL"], api_key=os.environ["LLM_GATEWAY_KEY"])\nb = dspy.LM("anthropic/claude-sonnet-4-5")\nc = dspy.LM("litellm_proxy/gpt-4o")\nd = dspy.LM(model=f"anthropic/{os.environ['MODEL']}")\ne = dspy.LM("openrouter/anthropic/claude-haiku-4.5")\nf = dspy.LM("ollama_chat/llama3.2", api_base="http://localhost:11434")\n`,
      expect: {
        modelClients: [
          { framework: "dspy", provider: "openai", api: 'dspy.LM("openai/gpt-4o")', baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" }, baseOption: "api_base=…", loc: { line: 3 } },
          { provider: "anthropic", baseURL: { kind: "absent" }, envDefault: "ANTHROPIC_BASE_URL" },
          { provider: "litellm-proxy", envDefault: "LITELLM_PROXY_API_BASE" },
          { provider: "anthropic", api: 'dspy.LM("anthropic/…")' },
          { provider: "openrouter", defaultHost: "https://openrouter.ai/api/v1" },
          { provider: "ollama", baseURL: { kind: "literal", text: "http://localhost:11434" } },
        ],
      },
    },
    {
      name: "litellm.api_base set by the project moves a dspy.LM with no api_base; dspy.Embedder with a model string is a client",
      code: `import dspy\nimport litellm\nlitellm.api_base = "http://llm-gateway.internal:4000"\nlm = dspy.LM("openai/gpt-4o")\nemb = dspy.Embedder("openai/text-embedding-3-small")\n`,
      expect: { modelClients: [{ baseURL: { kind: "literal", text: "http://llm-gateway.internal:4000" } }, { api: 'dspy.Embedder("openai/text-embedding-3-small")' }] },
    },
  ],
  invalid: [
    { name: "a model named at run time is no provider psf can name", code: `import dspy\ndef make(name):\n    return dspy.LM(name)\n`, check: (f) => expect(f.modelClients.map((c) => [c.provider, c.envDefault, c.defaultHost])).toEqual([["unknown", undefined, undefined]]) },
    { name: "an Embedder given a local function calls no model API", code: `import dspy\ndef embed(texts):\n    return [[0.0] for _ in texts]\ne = dspy.Embedder(embed)\n`, absent: ["modelClients"] },
    { name: "dspy.configure(lm=…) only picks a client made elsewhere", code: `import dspy\ndef setup(lm):\n    dspy.configure(lm=lm)\n`, absent: ["modelClients"] },
  ],
});

pyRecognizerTester("DSPy tools", {
  valid: [
    {
      name: "plain functions are named by the function, dspy.Tool(…, name=) by its name; each is placed at its function, with its body and no approval",
      code: `import os\nimport dspy\ndef read_note(path: str) -> str:\n    return open(path).read()\ndef wipe(path: str) -> str:\n    os.remove(path)\n    return "gone"\nagent = dspy.ReAct("task -> done", tools=[read_note, dspy.Tool(wipe, name="delete_note")])\n`,
      check: (f) => {
        expect(f.tools.map((t) => [t.name, t.approval, !!t.body, t.loc.line])).toEqual([["read_note", "none", true, 3], ["delete_note", "none", true, 5]]);
        expect(f.agentRuns[0]!.tools).toEqual(["read_note", "delete_note"]);
        expect(f.destructive).toMatchObject([{ op: "os.remove", tool: "delete_note" }]);
      },
    },
    {
      name: "MCP tools (dspy.Tool.from_mcp_tool) and a list psf cannot read are tools psf cannot see into",
      code: `import dspy\nasync def build(session, listed):\n    tools = [dspy.Tool.from_mcp_tool(session, t) for t in listed.tools]\n    return dspy.ReAct("q -> a", tools=tools)\n`,
      check: (f) => {
        expect(f.agentRuns[0]!.opaqueTools?.length).toBe(1);
      },
    },
    {
      name: "a function listed in two modules is one tool",
      code: `import dspy\ndef look(q: str) -> str:\n    return q\na = dspy.ReAct("q -> a", tools=[look])\nb = dspy.ReAct("q -> b", tools=[look])\n`,
      check: (f) => expect(f.tools.map((t) => t.name)).toEqual(["look"]),
    },
  ],
  invalid: [
    { name: "a dspy.Tool built but given to no module is no tool of the agent", code: `import dspy\ndef look(q: str) -> str:\n    return q\nt = dspy.Tool(look, name="lookup")\n`, absent: ["tools"] },
  ],
});

pyRecognizerTester("DSPy sandbox, retrieval and tracing", {
  valid: [
    {
      name: "PythonInterpreter's write paths and custom deno_command are destructive; its network grants and ColBERTv2's server are outbound URLs",
      code: `import dspy\nbox = dspy.PythonInterpreter(enable_write_paths=["/srv/out"], enable_network_access=["api.example.org"])\nraw = dspy.PythonInterpreter(deno_command=["deno", "run", "-A", "runner.js"])\nrm = dspy.ColBERTv2(url="http://retrieval.internal:2017/wiki")\n`,
      check: (f) => {
        expect(f.destructive.map((d) => d.loc.line)).toEqual([2, 3]);
        expect(f.urls.map((u) => [u.api, u.url])).toEqual([
          ["PythonInterpreter enable_network_access (model-written code)", { kind: "literal", text: "https://api.example.org" }],
          ["dspy.ColBERTv2 (retrieval server)", { kind: "literal", text: "http://retrieval.internal:2017/wiki" }],
        ]);
      },
    },
    {
      name: "mlflow.dspy.autolog() traces DSPy's runs, tools and model calls",
      code: `import dspy\nimport mlflow\nmlflow.dspy.autolog()\ndef look(q: str) -> str:\n    return q\nr = dspy.ReAct("q -> a", tools=[look])\np = dspy.Predict("q -> a")\np(q="x")\n`,
      check: (f) => {
        expect([f.agentRuns[0]!.audited, f.tools[0]!.audited, f.modelCalls[0]!.audited]).toEqual([true, true, true]);
      },
    },
    {
      name: "OpenInference's DSPyInstrumentor and dspy.configure(callbacks=[…]) register DSPy tracing",
      code: `import dspy\nfrom openinference.instrumentation.dspy import DSPyInstrumentor\nfrom dspy.utils.callback import BaseCallback\nclass Audit(BaseCallback):\n    pass\nDSPyInstrumentor().instrument()\ndspy.configure(callbacks=[Audit()])\n`,
      check: (f) => expect(f.tracing.frameworks?.map((t) => [t.framework, t.loc.line]).sort()).toEqual([["dspy", 6], ["dspy", 7]]),
    },
  ],
  invalid: [
    { name: "DSPy's default sandbox grants nothing: no destructive op, no URL", code: `import dspy\nbox = dspy.PythonInterpreter()\npot = dspy.ProgramOfThought("q -> a")\n`, absent: ["destructive", "urls"] },
    { name: "dspy.configure with no callbacks is no tracing", code: `import dspy\ndspy.configure(lm=None, callbacks=[])\n`, check: (f) => expect(f.tracing.frameworks ?? []).toEqual([]) },
  ],
});
