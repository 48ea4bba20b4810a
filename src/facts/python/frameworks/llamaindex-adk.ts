import { loc, type Builder, type CallSite } from "../../context.js";
import type { Sym } from "../../sym.js";
import type { AgentRun } from "../../types.js";
import { calleeName, fnName } from "../../values.js";
import { DEFAULTS } from "../../defaults.js";
import { kw, positional, type PyNames } from "../sites.js";
import { addTool } from "../../common.js";
import { boundOf, run, kwOfCall, secondsTimeout } from "./common.js";
import { linkToolBodyLater } from "../../frameworks/function-tools.js";
import { adkModel, llamaIndexModel } from "./model-clients.js";

/**
 * LlamaIndex agent workflows: run(…, max_iterations=…), 20 by default, on an agent or on
 * `AgentWorkflow.from_tools_or_functions([…])`; the plain functions in an agent's `tools=[…]` (or that
 * factory's list) are tools named by the function (FunctionTool.from_defaults), with no approval option:
 * a tool that waits for a person does it in its body (`await ctx.wait_for_event(HumanResponseEvent, …)`).
 */
export function llamaIndex(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  if (llamaIndexModel(site, b, n, name)) return;
  if (!n.ctor && /\.(FunctionAgent|ReActAgent|CodeActAgent)$/.test(name)) return llamaIndexTools(site, b, kw(site, "tools")?.v);
  if (!n.ctor && /\.AgentWorkflow\.from_tools_or_functions$/.test(name)) return llamaIndexTools(site, b, kw(site, "tools_or_functions")?.v ?? positional(site, 0));
  if (!n.ctor && /\.FunctionTool\.from_defaults$/.test(name)) {
    const fn = kw(site, "fn")?.v ?? kw(site, "async_fn")?.v ?? positional(site, 0);
    const given = site.R(kw(site, "name")?.v);
    const toolName = given?.k === "str" ? given.v : fnName(site.R(fn));
    const tool = addTool(b, site, { ...(toolName ? { name: toolName } : {}), framework: "llamaindex", body: fn });
    if (!tool.body && site.R(fn)?.k === "fnref") linkToolBodyLater(b, tool, site.R(fn)!);
    return;
  }
  if (n.ctor && /(FunctionAgent|ReActAgent|CodeActAgent|AgentWorkflow|AgentWorkflow\.from_tools_or_functions)$/.test(n.ctor) && n.hops === 1 && last === "run") {
    // The agent is a workflow: FunctionAgent(timeout=seconds) bounds each run's wall clock.
    const ctorCall = site.root?.call;
    const timeout = secondsTimeout(ctorCall ? kwOfCall(site, ctorCall, "timeout") : undefined);
    const agent = n.ctor.endsWith(".from_tools_or_functions") ? "AgentWorkflow.from_tools_or_functions(…)" : n.ctor.split(".").pop();
    run(site, b, "llamaindex", `${agent}.run`, boundOf(site, kw(site, "max_iterations"), DEFAULTS.llamaIndexMaxIterations), { ...(timeout ? { timeout } : {}) });
    // Tools the run is given that the source does not spell out (a tool spec's to_tool_list(), a list built elsewhere): not seen.
    const opaque = ctorCall ? unseenTools(site, ctorCall, n.ctor.endsWith(".from_tools_or_functions")) : [];
    if (opaque.length) b.facts.agentRuns[b.facts.agentRuns.length - 1]!.opaqueTools = opaque;
  }
}

/** The parts of an agent's tools (its `tools=`, or the factory's first argument) that are neither a function nor a tool psf reads where it is built. */
function unseenTools(site: CallSite, ctor: Extract<Sym, { k: "call" }>, factory: boolean): NonNullable<AgentRun["opaqueTools"]> {
  const given = kwOfCall(site, ctor, factory ? "tools_or_functions" : "tools") ?? (factory && ctor.args[0] ? { v: ctor.args[0], loc: loc(ctor.at) } : undefined);
  const list = site.R(given?.v);
  if (!given || !list || list.k === "null") return [];
  const out: NonNullable<AgentRun["opaqueTools"]> = [];
  for (const item of list.k === "arr" ? list.items : [given.v]) {
    const v = site.R(item);
    if (v?.k === "fn" || v?.k === "fnref") continue;
    if (v?.k === "call" && /FunctionTool\.from_defaults$|(^|\.)(FunctionTool|QueryEngineTool)$/.test(site.show(v.callee))) continue;
    out.push({ text: site.show(item), reason: v?.k === "call" ? `built by ${site.show(v.callee)} (a library's tools)` : "not a function or tool the analysis can resolve", loc: given.loc });
  }
  return out;
}

/** The plain functions in a LlamaIndex agent's tools list: each a FunctionTool named by the function (a FunctionTool built in the list is read where it is built). */
function llamaIndexTools(site: CallSite, b: Builder, list: Parameters<CallSite["R"]>[0]): void {
  const l = site.R(list);
  if (l?.k !== "arr") return;
  for (const item of l.items) {
    const r = site.R(item);
    if (r?.k !== "fnref" && r?.k !== "fn") continue;
    const tool = addTool(b, site, { name: fnName(r), framework: "llamaindex", body: item });
    if (!tool.body && r.k === "fnref") linkToolBodyLater(b, tool, r);
  }
}

/** Google ADK: runner.run/run_async(…, run_config=RunConfig(max_llm_calls=…)), 500 by default, ≤ 0 unbounded. */
export function adk(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  // FunctionTool(func=delete_file, require_confirmation=True): the tool asks a person before it runs.
  if (!n.ctor && /^google\.adk\.tools(\.[\w.]+)?\.FunctionTool$/.test(name)) {
    const fn = kw(site, "func")?.v ?? positional(site, 0);
    const r = site.R(fn);
    const toolName = fnName(r);
    const approval = kw(site, "require_confirmation");
    const tool = addTool(b, site, { ...(toolName ? { name: toolName } : {}), framework: "google-adk", ...(approval ? { approval } : {}), body: fn });
    // A function defined elsewhere in the project: its body (audit, destructive calls) is linked once every file is walked.
    if (!tool.body && r?.k === "fnref") linkToolBodyLater(b, tool, r);
    return;
  }
  // Agent(tools=[fn, AgentTool(agent=x), …]): ADK wraps a plain function as a FunctionTool named by the
  // function (no confirmation), and AgentTool runs another agent as a tool named by that agent's name.
  // A FunctionTool(…) in the list is read at its own call above.
  if (!n.ctor && /^google\.adk\.agents(\.[\w.]+)?\.(Agent|LlmAgent)$/.test(name)) adkToolList(site, b);
  adkModel(site, b, n, name);
  if (n.ctor && /Runner$/.test(n.ctor) && n.hops === 1 && /^(run|run_async|run_live)$/.test(last)) {
    const rc = site.R(kw(site, "run_config")?.v);
    const opt = rc?.k === "call" ? kwOfCall(site, rc, "max_llm_calls") : undefined;
    let bound = boundOf(site, opt, DEFAULTS.adkMaxLlmCalls);
    if (bound.bound.kind === "literal" && bound.bound.value <= 0) bound = { bound: { kind: "unbounded", reason: "max_llm_calls ≤ 0 means no limit" }, ...(bound.boundLoc ? { boundLoc: bound.boundLoc } : {}) };
    run(site, b, "google-adk", `Runner.${last}`, bound);
  }
}

function adkToolList(site: CallSite, b: Builder): void {
  const list = site.R(kw(site, "tools")?.v);
  if (list?.k !== "arr") return;
  for (const item of list.items) {
    const r = site.R(item);
    if (r?.k === "fnref" || r?.k === "fn") {
      const tool = addTool(b, site, { name: fnName(r), framework: "google-adk", body: item });
      if (!tool.body && r.k === "fnref") linkToolBodyLater(b, tool, r);
    } else if (r?.k === "call" && calleeName(r.callee) === "AgentTool") {
      const inner = site.R(kwOfCall(site, r, "agent")?.v ?? r.args[0]);
      const agentName = inner?.k === "call" ? site.R(kwOfCall(site, inner, "name")?.v) : undefined;
      const name = agentName?.k === "str" ? agentName.v : "<agent tool>";
      const tool = addTool(b, site, { name, framework: "google-adk" });
      Object.assign(tool, { loc: loc(r.at), runsAgent: name });
    }
  }
}
