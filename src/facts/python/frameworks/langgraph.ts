import { addClient } from "../../common.js";
import { type Builder, type CallSite } from "../../context.js";
import { DEFAULTS } from "../../defaults.js";
import type { Sym } from "../../sym.js";
import type { Framework, SourceLocation } from "../../types.js";
import { builtClass, instanceCalls, kw, positional, type PyNames } from "../sites.js";
import { boundOf, kwOfCall, run, provider } from "./common.js";

const GRAPH_RUNS = new Set(["invoke", "ainvoke", "stream", "astream", "batch", "abatch", "stream_events", "astream_events"]);

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
    if (/init_chat_model$/.test(name)) {
      const m = kw(site, "model");
      const given = m ?? (positional(site, 0) ? { v: positional(site, 0)!, loc: site.loc } : undefined);
      const prov = kw(site, "model_provider");
      if (given?.v.k === "str") {
        const p = prov?.v.k === "str" ? prov.v.v : given.v.v.includes(":") ? given.v.v.split(":")[0]! : "openai";
        const base = kw(site, "base_url");
        addClient(b, site, { framework: "langchain", provider: p, api: `init_chat_model("${given.v.v}")`, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}) });
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
  // builder.compile(interrupt_before=[...]) names the nodes a person approves.
  if (last === "compile" && /StateGraph$|MessageGraph$/.test(name)) {
    for (const k of ["interrupt_before", "interrupt_after"] as const) {
      const o = kw(site, k);
      if (!o) continue;
      const v = site.R(o.v);
      const covers = v?.k === "arr" ? v.items.map((i) => site.R(i)).filter((i): i is Extract<Sym, { k: "str" }> => i?.k === "str").map((i) => i.v) : undefined;
      b.facts.approvals.push({ loc: o.loc, kind: k === "interrupt_before" ? "interruptBefore" : "interruptAfter", ...(covers ? { covers } : {}) });
    }
    return;
  }
  const compiled = (/StateGraph$|MessageGraph$/.test(name) && n.hops >= 2) || /create_react_agent$|create_agent$|create_deep_agent$/.test(name);
  if (!compiled || !GRAPH_RUNS.has(last)) return;
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
