import { addClient, addModelCall } from "../../common.js";
import { ctorKey, type Builder, type CallSite } from "../../context.js";
import { DEFAULTS } from "../../defaults.js";
import { UNKNOWN, type Sym } from "../../sym.js";
import type { Framework, SourceLocation } from "../../types.js";
import { builtClass, instanceCalls, kw, positional, type PyNames } from "../sites.js";
import { boundOf, kwOfCall, run } from "./common.js";

const GRAPH_RUNS = new Set(["invoke", "ainvoke", "stream", "astream", "batch", "abatch", "stream_events", "astream_events"]);
/** A LangChain chat model, as the clients below are recognized (its calls are model calls). */
const CHAT_MODEL = /^langchain(_openai)?\..*ChatOpenAI$|^langchain_openai\.(Chat)?OpenAI$|^langchain_openai\.AzureChatOpenAI$|^langchain_anthropic\.ChatAnthropic$|^langchain_ollama\.(ChatOllama|OllamaLLM)$|^langchain\.(llms|chat_models)(\.\w+)*\.(Ollama|ChatOllama)$|init_chat_model$/;
const MODEL_CALLS = new Set(["invoke", "ainvoke", "stream", "astream", "batch", "abatch"]);

/** LangGraph graphs and LangChain v1 agents (which run on LangGraph): runs, recursion_limit, interrupts, chat models. */
export function langgraph(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  if (!n.ctor) {
    if (name === "langgraph.types.interrupt") {
      b.facts.approvals.push({ loc: site.loc, kind: "interrupt" });
      return;
    }
    if (/^langchain(_openai)?\..*ChatOpenAI$|^langchain_openai\.(Chat)?OpenAI$|^langchain_openai\.AzureChatOpenAI$/.test(name)) {
      const base = kw(site, "base_url") ?? kw(site, "openai_api_base") ?? kw(site, "azure_endpoint");
      addClient(b, site, { framework: "langchain", provider: name.includes("Azure") ? "azure" : "openai", api: name.split(".").pop()!, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}) });
      return;
    }
    if (/^langchain_anthropic\.ChatAnthropic$/.test(name)) {
      const base = kw(site, "base_url") ?? kw(site, "anthropic_api_url");
      addClient(b, site, { framework: "langchain", provider: "anthropic", api: "ChatAnthropic", ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}) });
      return;
    }
    // Ollama through LangChain: langchain_ollama's classes, and the older langchain.llms.Ollama / langchain.chat_models.ChatOllama.
    if (/^langchain_ollama\.(ChatOllama|OllamaLLM)$|^langchain\.(llms|chat_models)(\.\w+)*\.(Ollama|ChatOllama)$/.test(name)) {
      const base = kw(site, "base_url");
      addClient(b, site, { framework: "langchain", provider: "ollama", api: name.split(".").pop()!, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}) });
      return;
    }
    if (/init_chat_model$/.test(name)) {
      const m = kw(site, "model");
      const given = m ?? (positional(site, 0) ? { v: positional(site, 0)!, loc: site.loc } : undefined);
      const prov = kw(site, "model_provider");
      if (given?.v.k === "str") {
        const p = prov?.v.k === "str" ? prov.v.v : given.v.v.includes(":") ? given.v.v.split(":")[0]! : "openai";
        const base = kw(site, "base_url");
        addClient(b, site, { framework: "langchain", provider: p, api: `init_chat_model("${given.v.v}")`, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}) });
      } else {
        // `init_chat_model(configurable_fields=("model", …))`: each call picks the model, and so the provider and its endpoint.
        const base = kw(site, "base_url");
        addClient(b, site, { framework: "langchain", provider: "unknown", api: "init_chat_model (model chosen at run time)", baseURL: base?.v ?? UNKNOWN("the endpoint", "the model and its provider are chosen at run time, unless base_url pins the gateway"), ...(base ? { baseLoc: base.loc } : {}) });
      }
      return;
    }
    if (/HumanInTheLoopMiddleware$/.test(name)) {
      const on = site.R(kw(site, "interrupt_on")?.v);
      const covers = on?.k === "obj" ? Object.keys(on.props) : undefined;
      b.facts.approvals.push({ loc: site.loc, kind: "humanInTheLoopMiddleware", ...(covers ? { covers } : {}) });
      return;
    }
    return;
  }
  // `llm.invoke(…)`, `llm.bind_tools(…).ainvoke(…)`, `llm.with_structured_output(X).invoke(…)`: a model call.
  if (CHAT_MODEL.test(n.ctor) && MODEL_CALLS.has(last)) {
    addModelCall(b, site, { framework: "langchain", api: `${n.ctor.split(".").pop()}(…).${last}`, telemetry: false, signal: false });
    return;
  }
  // `llm.bind_tools([ResponseDraft, Question])` with pydantic classes: schemas the model may call; the code
  // that acts on a call is elsewhere (a graph node, often behind an interrupt), not a tool body.
  if (last === "bind_tools" && /^langchain/.test(n.ctor)) return boundSchemas(site, b);
  // builder.compile(interrupt_before=[...]) names the nodes a person approves.
  if (last === "compile" && /StateGraph$|MessageGraph$/.test(name)) {
    // A graph compiled here that no line of the source runs is run elsewhere (LangGraph Server through
    // langgraph.json, a platform), with the default recursion limit.
    const key = ctorKey(site.ir);
    if (!b.compiledGraphs.has(key)) b.compiledGraphs.set(key, () => run(site, b, "langgraph", "compiled graph (no run in this source: a server or platform runs it)", boundOf(site, undefined, DEFAULTS.langgraphPyRecursionLimit)));
    for (const k of ["interrupt_before", "interrupt_after"] as const) {
      const o = kw(site, k);
      if (!o) continue;
      const v = site.R(o.v);
      const covers = v?.k === "arr" ? v.items.map((i) => site.R(i)).filter((i): i is Extract<Sym, { k: "str" }> => i?.k === "str").map((i) => i.v) : undefined;
      b.facts.approvals.push({ loc: o.loc, kind: k === "interrupt_before" ? "interruptBefore" : "interruptAfter", ...(covers ? { covers } : {}) });
    }
    return;
  }
  // A compiled graph given to a parent graph as a node is run by the parent, under its limit.
  if (last === "add_node" && /StateGraph$|MessageGraph$/.test(name)) {
    for (const a of site.ir.args) {
      const v = site.R(a);
      if (v?.k === "call") b.ranGraphs.add(ctorKey(v));
    }
    return;
  }
  const compiled = (/StateGraph$|MessageGraph$/.test(name) && n.hops >= 2) || /create_react_agent$|create_agent$|create_deep_agent$/.test(name);
  if (!compiled || !GRAPH_RUNS.has(last)) return;
  for (const l of instanceCalls(site)) if (l.name === "compile") b.ranGraphs.add(ctorKey(l.call));
  // invoke(input, config={"recursion_limit": N}) or a config dict passed positionally; else a
  // `.with_config(recursion_limit=N)` (or `config={…}`) the graph was given on the way.
  const config = kw(site, "config")?.v ?? positional(site, 1);
  const links = instanceCalls(site);
  let rl = site.prop(config, "recursion_limit");
  for (const l of links) {
    if (rl) break;
    if (l.name === "with_config") rl = kwOfCall(site, l.call, "recursion_limit") ?? site.prop(kwOfCall(site, l.call, "config")?.v ?? l.call.args[0], "recursion_limit");
  }
  const framework: Framework = name.startsWith("langchain") ? "langchain" : "langgraph";
  let bound = boundOf(site, rl, DEFAULTS.langgraphPyRecursionLimit);
  // LangChain v1: create_agent(…, middleware=[ModelCallLimitMiddleware(run_limit=N)]) ends the run
  // after N model calls, whatever the graph's recursion limit.
  const made = links.find((l) => /^create_agent$/.test(l.name));
  const limit = made ? modelCallLimit(site, made.call) : undefined;
  if (limit && (bound.bound.kind !== "literal" || bound.bound.value > limit.value)) bound = { bound: { kind: "literal", value: limit.value }, boundLoc: limit.loc };
  run(site, b, framework, `${name.split(".").pop()}(…).${last}`, bound);
}

/** `run_limit` of a ModelCallLimitMiddleware in create_agent's middleware list, when it is a number. */
function modelCallLimit(site: CallSite, call: Extract<Sym, { k: "call" }>): { value: number; loc: SourceLocation } | undefined {
  const list = site.R(kwOfCall(site, call, "middleware")?.v);
  if (list?.k !== "arr") return undefined;
  for (const item of list.items) {
    if (builtClass(site, item) !== "ModelCallLimitMiddleware") continue;
    const mw = site.R(item);
    const rl = mw?.k === "call" ? kwOfCall(site, mw, "run_limit") : undefined;
    const v = site.R(rl?.v);
    if (rl && v?.k === "num") return { value: v.v, loc: rl.loc };
  }
  return undefined;
}

/** The classes in `bind_tools([...])` (a local class, or one imported from the project), as tool schemas named like their class. */
function boundSchemas(site: CallSite, b: Builder): void {
  const list = site.R(positional(site, 0) ?? kw(site, "tools")?.v);
  if (list?.k !== "arr") return;
  for (const item of list.items) {
    const v = site.R(item);
    const name = v?.k === "unknown" && v.why === "a class" ? v.text : v?.k === "import" && v.project && /^[A-Z]/.test(v.name) ? v.name : undefined;
    if (name) (b.facts.toolSchemas ??= []).push({ name, loc: site.loc });
  }
}
