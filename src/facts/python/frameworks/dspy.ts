import { addClient, addModelCall, addRun, addTool } from "../../common.js";
import { type Builder, type CallSite } from "../../context.js";
import { DEFAULTS, type FrameworkDefault } from "../../defaults.js";
import { linkToolBodyLater } from "../../frameworks/function-tools.js";
import type { Sym } from "../../sym.js";
import type { AgentRun, StringValue } from "../../types.js";
import { toStringValue, toolFunctionName } from "../../values.js";
import { litellmRoute, providerOfModel } from "../litellm-notions.js";
import { dottedName, positionalOf } from "../names.js";
import { kw, kwOr, positional, type PyNames } from "../sites.js";
import { type Opt, boundOf, kwOfCall, recorded, remember, run } from "./common.js";

/**
 * DSPy (module `dspy`, read in stanfordnlp/dspy 3.3.1 and its main branch after it; dspy/predict, dspy/clients,
 * dspy/adapters/types/tool.py, dspy/primitives/python_interpreter.py):
 *  - Agent runs: `dspy.ReAct(signature, tools=[…], max_iters=N)` loops one model call and one tool call per
 *    iteration until the model picks "finish" or max_iters runs out (20 by default from 3.1.1; versioned
 *    defaults in facts/defaults.ts); ReActV2 likewise (20). CodeAct (5) and ProgramOfThought (3) run the Python
 *    the model writes in DSPy's PythonInterpreter, Deno + Pyodide (WebAssembly, no host files, network or
 *    environment unless granted); RLM's REPL loop (max_iters, `max_iterations` before 3.4; 20) likewise.
 *    The run is recorded where the module is built, where its bound is: a program is often run only through
 *    a Module subclass's forward, an optimizer or dspy.Evaluate. A call may pass its own bound
 *    (`react(question=…, max_iters=N)`, forward pops it): that call is a run of its own.
 *  - Model calls: calling a Predict / ChainOfThought / MultiChainComparison (or its forward, acall, aforward)
 *    and calling an LM (`lm("…")`, `lm(messages=…)`).
 *  - Optimizers (`dspy.MIPROv2(…).compile(program, trainset=…)`, BootstrapFewShot, GEPA, …): a compile is a
 *    batch of model calls whose size DSPy's own settings bound (auto="light", num_trials, max_bootstrapped_demos,
 *    max_rounds, the trainset), and each program run it makes is bounded by that program's own max_iters: one
 *    model-call site, not an agent run of its own.
 *  - Model clients: `dspy.LM("provider/model", api_base=…, api_key=…)` and `dspy.Embedder("provider/model")`
 *    pass their options to LiteLLM (litellm.completion / litellm.embedding): LiteLLM's notions decide the
 *    endpoint (litellm-notions.ts). `dspy.configure(lm=…)` / `dspy.context(lm=…)` only pick the client.
 *  - Tools: plain functions and `dspy.Tool(func, name=…)` in `tools=[…]` (named by name=, else the function's
 *    __name__). DSPy has no approval step: ReAct calls a tool as soon as the model names it.
 *    `dspy.Tool.from_mcp_tool(…)` / `from_langchain(…)` are tools psf cannot see into.
 *  - `dspy.PythonInterpreter(enable_write_paths=[…])` lets model-written code write those host paths;
 *    `enable_network_access=[…]` lets it reach those hosts; a `deno_command=` replaces the sandbox's permissions.
 *  - `dspy.ColBERTv2(url=…)`: the retrieval server each search goes to (an outbound URL).
 *  - Tracing: `dspy.configure(callbacks=[…])` (every module, LM and tool call goes to the callbacks),
 *    `mlflow.dspy.autolog()` and OpenInference's DSPyInstrumentor (recognizers.ts).
 */

/** Agent modules: their default bound and the positional index of max_iters. */
const RUNS: Record<string, { dflt: FrameworkDefault; pos: number; opts: string[] }> = {
  ReAct: { dflt: DEFAULTS.dspyReActMaxIters, pos: 2, opts: ["max_iters"] },
  ReActV2: { dflt: DEFAULTS.dspyReActV2MaxIters, pos: 2, opts: ["max_iters"] },
  CodeAct: { dflt: DEFAULTS.dspyCodeActMaxIters, pos: 2, opts: ["max_iters"] },
  ProgramOfThought: { dflt: DEFAULTS.dspyProgramOfThoughtMaxIters, pos: 1, opts: ["max_iters"] },
  RLM: { dflt: DEFAULTS.dspyRlmMaxIters, pos: 1, opts: ["max_iters", "max_iterations"] },
};
/** Modules whose call is one model call (ChainOfThought is a Predict with a reasoning field). */
const PREDICTORS = new Set(["Predict", "ChainOfThought", "ChainOfThoughtWithHint", "MultiChainComparison"]);
const OPTIMIZERS = new Set(["MIPROv2", "BootstrapFewShot", "BootstrapFewShotWithRandomSearch", "BootstrapRS", "BootstrapFewShotWithOptuna", "BootstrapFinetune", "COPRO", "GEPA", "SIMBA", "BetterTogether", "KNNFewShot", "LabeledFewShot", "InferRules", "AvatarOptimizer", "Ensemble"]);
/** Calling a module: `m(…)` itself, or the methods that run it. */
const CALLS = /^(|forward|aforward|acall|__call__)$/;

export function dspy(site: CallSite, b: Builder, n: PyNames, name: string): void {
  if (n.ctor) return onInstance(site, b, n);
  const cls = name.split(".").pop()!;
  if (RUNS[cls]) return agentModule(site, b, cls);
  if (cls === "LM" || cls === "Embedder") return lmClient(site, b, cls);
  if (cls === "PythonInterpreter") return interpreter(site, b);
  if (cls === "ColBERTv2") return colbert(site, b);
  if (/^dspy(\.dsp\.utils\.settings)?\.(configure|settings\.configure|context|settings\.context)$/.test(name)) return configure(site, b);
}

/** A call on something DSPy made: a module or LM run, an optimizer's compile. */
function onInstance(site: CallSite, b: Builder, n: PyNames): void {
  const cls = n.ctor!.split(".").pop()!;
  if (n.hops !== 1) return;
  if (RUNS[cls] && CALLS.test(n.path)) {
    // `react(question=…, max_iters=3)`: forward pops max_iters from the call before its loop.
    const own = kw(site, "max_iters");
    if (own) run(site, b, "dspy", `${cls} call`, boundOf(site, own, RUNS[cls].dflt));
    else b.markAction(site);
    return;
  }
  if ((PREDICTORS.has(cls) && (CALLS.test(n.path) || n.path === "batch")) || (cls === "LM" && CALLS.test(n.path))) {
    addModelCall(b, site, { framework: "dspy", api: n.path ? `${cls}.${n.path}` : `${cls} call`, telemetry: false, signal: false });
    return;
  }
  if (OPTIMIZERS.has(cls) && n.path === "compile") addModelCall(b, site, { framework: "dspy", api: `${cls}.compile (optimizer: model calls bounded by its own budget)`, telemetry: false, signal: false });
}

/** `dspy.ReAct(sig, tools=[…], max_iters=N)` and the other agent modules: a run bounded where it is built. */
function agentModule(site: CallSite, b: Builder, cls: string): void {
  const spec = RUNS[cls]!;
  const given: Opt = spec.opts.map((o) => kw(site, o)).find(Boolean) ?? (positional(site, spec.pos) ? { v: positional(site, spec.pos)!, loc: site.loc } : undefined);
  const toolsOpt: Opt = cls === "ReAct" || cls === "ReActV2" || cls === "CodeAct" ? kwOr(site, "tools", 1) : kw(site, "tools");
  const { names, opaque } = toolsOf(site, b, toolsOpt);
  addRun(b, site, { framework: "dspy", api: cls, ...boundOf(site, given, spec.dflt), signal: false, telemetry: false, tools: names, ...(opaque.length ? { opaqueTools: opaque } : {}) });
}

/** The tools list: functions and dspy.Tool(…) become tools; anything else is a tool psf cannot see. */
function toolsOf(site: CallSite, b: Builder, given: Opt): { names: string[]; opaque: NonNullable<AgentRun["opaqueTools"]> } {
  const names: string[] = [];
  const opaque: NonNullable<AgentRun["opaqueTools"]> = [];
  const list = site.R(given?.v);
  if (!given || !list || list.k === "null") return { names, opaque };
  if (list.k !== "arr") return { names, opaque: [{ text: site.show(given.v), reason: "a tools value the analysis cannot read as a list", loc: given.loc }] };
  for (const item of list.items) {
    const v = site.R(item);
    if (v?.k === "fn" || v?.k === "fnref") {
      names.push(functionTool(site, b, v, toolFunctionName(v)!));
      continue;
    }
    const callee = v?.k === "call" ? dottedName(v.callee) ?? "" : "";
    if (v?.k === "call" && /^dspy(\.[\w.]+)?\.Tool$/.test(callee)) {
      const fn = site.R(kwOfCall(site, v, "func")?.v ?? positionalOf(v.args)[0]);
      const label = site.R(kwOfCall(site, v, "name")?.v);
      const name = label?.k === "str" ? label.v : toolFunctionName(fn);
      if ((fn?.k === "fn" || fn?.k === "fnref") && name) {
        names.push(functionTool(site, b, fn, name));
        continue;
      }
    }
    const from = /\.Tool\.(from_mcp_tool|from_langchain)$/.exec(callee)?.[1];
    const reason = from === "from_mcp_tool" ? "a tool of an MCP server (dspy.Tool.from_mcp_tool)" : from ? "a LangChain tool (dspy.Tool.from_langchain)" : "not a function or dspy.Tool the analysis can resolve";
    opaque.push({ text: site.show(item), reason, loc: given.loc });
  }
  return { names, opaque };
}

/** A function the model may call: DSPy gives it no approval option. One tool per function, however many modules list it. */
function functionTool(site: CallSite, b: Builder, fn: Sym, name: string): string {
  const earlier = recorded(b, fn);
  if (earlier && earlier.name === name) return name;
  const t = addTool(b, site, { name, framework: "dspy", body: fn });
  // The tool is the function: its findings (and the approval DSPy leaves to it) belong where it is defined.
  const def = site.R(fn);
  if (def?.k === "fn") t.loc = { file: def.at.file, line: def.at.line, column: def.at.column };
  if (!t.body && fn.k === "fnref") linkToolBodyLater(b, t, fn, true);
  remember(b, fn, t);
  return name;
}

/**
 * `dspy.LM("openai/gpt-4o", api_base=…, api_key=…)`: DSPy hands the model string and the other options to
 * litellm.completion (or litellm.embedding for an Embedder), so the endpoint is LiteLLM's: api_base (or
 * base_url), else a "litellm_proxy/" model or the project's use_litellm_proxy / litellm.api_base, else the
 * provider's own API. An Embedder given a function rather than a model string calls no client of its own.
 */
function lmClient(site: CallSite, b: Builder, cls: string): void {
  const given = site.R(kw(site, "model")?.v ?? positional(site, 0));
  if (cls === "Embedder" && given?.k !== "str" && given?.k !== "cat") return;
  // f"anthropic/{name}": the provider prefix is written out even where the model name is not.
  const shown = toStringValue(given);
  const model: Sym | undefined = shown.kind === "prefix" ? { k: "str", v: shown.prefix } : given;
  const { viaProxy, baseURL, apiKey } = litellmRoute(site, b, model);
  // A model named at run time (`dspy.LM(model)`): LiteLLM picks the provider, and its base-URL variable, from that name.
  const provider = viaProxy ? "litellm-proxy" : model?.k === "str" ? providerOfModel(model) : "unknown";
  const label = given?.k === "str" ? `dspy.${cls}("${given.v}")` : shown.kind === "prefix" ? `dspy.${cls}("${shown.prefix}…")` : `dspy.${cls}`;
  addClient(b, site, { framework: "dspy", provider, api: label, baseOption: "api_base=…", ...(provider === "openrouter" ? { defaultsFrom: "openrouter-direct" } : {}), ...(baseURL ? { baseURL: baseURL.v, baseLoc: baseURL.loc } : {}), ...(apiKey ? { apiKey } : {}) });
}

/**
 * DSPy's sandbox (Deno + Pyodide): model-written code reaches the host only through what it is granted.
 * enable_write_paths are written back to the host after each run (sync_files=True by default).
 */
function interpreter(site: CallSite, b: Builder): void {
  const writes = kw(site, "enable_write_paths");
  if (writes && site.R(writes.v)?.k !== "null") b.facts.destructive.push({ loc: writes.loc, op: `PythonInterpreter enable_write_paths=${site.show(writes.v)} lets model-written code write those host files` });
  const deno = kw(site, "deno_command");
  if (deno && site.R(deno.v)?.k !== "null") b.facts.destructive.push({ loc: deno.loc, op: "PythonInterpreter deno_command= runs model-written code with whatever permissions that command grants (DSPy's own sandbox flags are replaced)" });
  const net = site.R(kw(site, "enable_network_access")?.v);
  if (net?.k === "arr") for (const h of net.items) {
    const host: StringValue = toStringValue(site.R(h));
    const url: StringValue = host.kind === "literal" && !/^[a-z]+:\/\//i.test(host.text) ? { kind: "literal", text: `https://${host.text}` } : host;
    b.facts.urls.push({ loc: kw(site, "enable_network_access")!.loc, api: "PythonInterpreter enable_network_access (model-written code)", url });
  }
}

/** `dspy.ColBERTv2(url=…, port=…)`: each call sends the query to that retrieval server (http://0.0.0.0 by default). */
function colbert(site: CallSite, b: Builder): void {
  const url = kwOr(site, "url", 0);
  const port = site.R(kw(site, "port")?.v ?? positional(site, 1));
  const base: Sym = url?.v ?? { k: "str", v: "http://0.0.0.0" };
  const v: Sym = port && port.k !== "null" ? { k: "cat", parts: [base, { k: "str", v: ":" }, port] } : base;
  b.facts.urls.push({ loc: url?.loc ?? site.loc, api: "dspy.ColBERTv2 (retrieval server)", url: toStringValue(v) });
}

/** `dspy.configure(callbacks=[…])`: DSPy hands every module, LM, adapter and tool call to these callbacks. */
function configure(site: CallSite, b: Builder): void {
  const cbs = site.R(kw(site, "callbacks")?.v);
  if (cbs?.k === "arr" && cbs.items.length) (b.facts.tracing.frameworks ??= []).push({ framework: "dspy", loc: kw(site, "callbacks")!.loc });
}
