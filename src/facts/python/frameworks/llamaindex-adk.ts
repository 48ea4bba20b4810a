import { loc, type Builder, type CallSite } from "../../context.js";
import { calleeName, fnName } from "../../values.js";
import { DEFAULTS } from "../../defaults.js";
import { kw, positional, type PyNames } from "../sites.js";
import { addTool } from "../../common.js";
import { boundOf, run, kwOfCall, secondsTimeout } from "./common.js";
import { kwargsOf } from "../names.js";
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
    const timeout = secondsTimeout(ctorCall ? site.prop(kwargsOf(ctorCall.args), "timeout") : undefined);
    const agent = n.ctor.endsWith(".from_tools_or_functions") ? "AgentWorkflow.from_tools_or_functions(…)" : n.ctor.split(".").pop();
    run(site, b, "llamaindex", `${agent}.run`, boundOf(site, kw(site, "max_iterations"), DEFAULTS.llamaIndexMaxIterations), { ...(timeout ? { timeout } : {}) });
  }
  void name;
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
  void name;
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
