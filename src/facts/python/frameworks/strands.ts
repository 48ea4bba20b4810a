import { addBuiltInTool, addTool, takeOverRun } from "../../common.js";
import { ctorKey, perRun, type Builder, type CallSite } from "../../context.js";
import { DEFAULTS } from "../../defaults.js";
import { addDefaultClient } from "../../frameworks/shared.js";
import type { Sym } from "../../sym.js";
import { fnId, toolFunctionName } from "../../values.js";
import type { AgentRun, DestructiveOp, OutboundUrl, SourceLocation, Span, ToolDef } from "../../types.js";
import { kw, kwOr, positional, type PyNames } from "../sites.js";
import { type Opt, boundOf, kwOfCall, run, secondsTimeout } from "./common.js";
import { STRANDS_TOOLS, strandsModel } from "./strands-models.js";

/**
 * Strands Agents (PyPI strands-agents, module `strands`; checked against sdk-python v1.40.0 and the
 * newer harness-sdk strands-py source):
 *  - `Agent(model=…, tools=[…], system_prompt=…)`, run by calling it (`agent("…")`) or by
 *    `invoke_async` / `stream_async` / `structured_output(_async)`. The event loop recurses until the
 *    model stops asking for tools: nothing bounds it unless the call passes `limits={"turns": N}`
 *    (or `Limits(turns=N)`), which only versions after 1.40.0 take. `agent.cancel()` stops a run.
 *  - `Agent()` with no model, or a model id string, builds a BedrockModel (strands/agent/agent.py).
 *  - `Swarm([...], max_iterations=20, execution_timeout=900.0)`: at most max_iterations node runs, but each node is
 *    an agent whose own loop has no turn limit (node_timeout, 300 s, bounds only its time): no step bound.
 *  - `@tool` (name= or the function's name; its first positional argument is the description, not the
 *    name), and built-in tools passed from `strands_tools` (strands-models.ts lists what each does).
 *  - `GraphBuilder()…build()` graphs: no step bound either; `set_execution_timeout(s)` is their timeout.
 *  - An Agent holds a run at its construction until psf reads a call of it (a factory's agent, one passed on).
 *  - Approval: `tool_context.interrupt(…)` inside a tool, or a BeforeToolCallEvent hook that calls
 *    `event.interrupt(…)` (strands/types/interrupt.py), which pauses the run before any tool runs. A hook
 *    is registered by a HookProvider (`registry.add_callback(BeforeToolCallEvent, fn)`), `agent.add_hook`,
 *    `agent.hooks.add_callback`, `Agent(hooks=[fn])` or a Plugin's `@hook` method; `event.cancel_tool = …`
 *    alone refuses calls by a rule, with no person: not approval.
 *  - MCP: `MCPClient(transport, tool_filters=…)` filters the server its transport function starts.
 *  - Tracing: `StrandsTelemetry().setup_otlp_exporter()` / `setup_console_exporter()` (strands/telemetry/config.py).
 */

const AGENT = /^strands(\.agent(\.agent)?)?\.Agent$/;
const SWARM = /^strands\.multiagent(\.swarm)?\.Swarm$/;
const GRAPH_BUILDER = /^strands\.multiagent(\.graph)?\.GraphBuilder$/;
const RUN_METHODS = new Set(["", "invoke_async", "stream_async", "structured_output", "structured_output_async"]);
/** BeforeToolCallEvent, and its older name `strands.experimental.hooks.BeforeToolInvocationEvent` (an alias in 1.40.0). */
const TOOL_EVENT = /^strands(\.[\w.]+)?\.(BeforeToolCallEvent|BeforeToolInvocationEvent)$/;

/** Per assessment: agents cancelled somewhere (by where each was built), hook callbacks and interrupt calls by function. */
interface StrandsState {
  cancelled: Set<string>;
  runs: { ctor: string; run: AgentRun }[];
  toolHooks: Map<string, SourceLocation>;
  interrupts: Map<string, SourceLocation>;
  approvedHooks: Set<string>;
  /** The bodies of `@hook` methods (a Plugin's callbacks). */
  hookBodies: Span[];
  /** The transport functions of MCPClient(…, tool_filters=…): the MCP servers they start are filtered. */
  mcpFiltered: { file: string; start: number; end: number }[];
  /** The facts of the strands_tools built-ins each Agent is given, by where it is built; `parked` while no model is shown to use them. */
  builtins: Map<string, { tools: ToolDef[]; destructive: DestructiveOp[]; urls: OutboundUrl[]; parked?: boolean }>;
  /** `builder.set_execution_timeout(s)` by the GraphBuilder it is set on. */
  graphTimeouts: Map<string, { ms?: number; loc: SourceLocation }>;
/** `os.environ["BYPASS_TOOL_CONSENT"] = "true"` (or STRANDS_NON_INTERACTIVE): strands_tools skip their consent prompt. */
  bypass?: { name: string; loc: SourceLocation };
}

/** strands_tools' consent prompt as an approval: OOC-03 warns that it holds only with a person at the agent's console. */
const CONSENT_PROMPT = {
  why: "strands_tools asks for a y/n on the agent's own terminal: that is a person's approval only with someone at that console, and only while the deployment's environment leaves BYPASS_TOOL_CONSENT unset",
  fix: "gate the tool on an approval a deployed agent can wait for (a BeforeToolCallEvent hook that calls event.interrupt(…), answered by the operator), or confirm that the deployment runs with a person at the console and BYPASS_TOOL_CONSENT unset, and record that check as a waiver",
};
const state = perRun((): StrandsState => ({ cancelled: new Set(), runs: [], toolHooks: new Map(), interrupts: new Map(), approvedHooks: new Set(), hookBodies: [], graphTimeouts: new Map(), mcpFiltered: [], builtins: new Map() }));

export function strands(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  if (n.ctor && n.hops === 1 && AGENT.test(n.ctor)) return onAgent(site, b, n, last);
  if (n.ctor && n.hops === 1 && SWARM.test(n.ctor) && RUN_METHODS.has(last)) return swarmRun(site, b, last);
  if (n.ctor && GRAPH_BUILDER.test(n.ctor)) return graph(site, b, n, last);
  if (n.ctor && /^strands(\.telemetry(\.config)?)?\.StrandsTelemetry$/.test(n.ctor) && /^setup_(otlp|console)_exporter$/.test(last)) {
    (b.facts.tracing.frameworks ??= []).push({ framework: "strands", loc: site.loc });
    return;
  }
  if (n.ctor) return;
  if (AGENT.test(name)) return agentBuilt(site, b);
  if (/^strands\.tools\.mcp(\.mcp_client)?\.MCPClient$/.test(name)) return mcpClient(site, b);
  if (/^strands(\.telemetry(\.config)?)?\.StrandsTelemetry$/.test(name) && kw(site, "tracer_provider")) {
    (b.facts.tracing.frameworks ??= []).push({ framework: "strands", loc: site.loc });
    return;
  }
  strandsModel(site, b, name);
}

/** Calls on an Agent: a run, a cancel, a direct tool call, or a hook registration. */
function onAgent(site: CallSite, b: Builder, n: PyNames, last: string): void {
  const ctor = site.q.root.k === "instance" ? site.q.root.call : undefined;
  const s = state(b);
  if (n.path === "cancel") {
    if (!ctor) return;
    s.cancelled.add(ctorKey(ctor));
    for (const r of s.runs) if (r.ctor === ctorKey(ctor)) r.run.signal = true;
    return;
  }
  // agent.tool.shell(command=…): the code runs the built-in itself, the model's input passed on; it still asks on the terminal.
  const direct = /^tool\.(\w+)$/.exec(n.path)?.[1];
  if (direct) {
    // An agent the code only calls tools on runs no loop: the run its construction held is this direct call.
    const held = ctor ? b.agentByCtor.get(ctorKey(ctor)) : undefined;
    if (held !== undefined) {
      takeOverRun(site, b, held, { api: `agent.tool.${direct}(…) (a direct tool call: no agent loop)`, bound: { kind: "single" }, signal: false });
      // No model is given this agent's built-ins (yet): what the code calls is judged here, in the calling tool.
      park(b, ctorKey(ctor!), true);
    }
    const builtin = ctor ? toolsOf(site, ctor).builtins.find((t) => t.name === direct) : undefined;
    const info = builtin ? STRANDS_TOOLS[builtin.module] : undefined;
    if (!info?.op && !info?.writes) return;
    // The built-in still asks on the terminal before it acts (unless the project turned that off): a person's approval in the tool that calls it.
    const asks = info.consent && !bypass(b);
    if (info.op) b.facts.destructive.push({ loc: site.loc, op: `agent.tool.${direct}(…) runs strands_tools ${direct}, which ${info.op}`, ...(asks ? { approvedAt: site.loc } : {}) });
    if (asks) b.facts.approvals.push({ loc: site.loc, kind: "interrupt" });
    return;
  }
  if (n.path === "hooks.add_callback" || n.path === "add_hook") return hookRegistered(site, b, n.path === "add_hook" ? [1, 0] : [0, 1]);
  if (!RUN_METHODS.has(last) || n.path.includes(".")) return;
  const limits = site.R(kw(site, "limits")?.v);
  // limits={"turns": N} or Limits(turns=N): the only step bound a Strands run has.
  const turns: Opt = limits?.k === "call" ? kwOfCall(site, limits, "turns") : limits ? site.prop(limits, "turns") : undefined;
  // A run without limits is unbounded in every version (DEFAULTS.strandsTurns says where that is read).
  const bound = turns ? boundOf(site, turns, DEFAULTS.strandsTurns) : { bound: { kind: "unbounded" as const, reason: `no limits={"turns": N}: Strands' event loop runs until the model stops asking for tools` } };
  const api = last ? `Agent.${last}` : "Agent(…) (a call of the agent)";
  const signal = !!ctor && s.cancelled.has(ctorKey(ctor));
  const held = ctor ? b.agentByCtor.get(ctorKey(ctor)) : undefined;
  if (held === undefined) run(site, b, "strands", api, bound, { signal });
  else takeOverRun(site, b, held, { api, ...bound, signal });
  if (ctor) park(b, ctorKey(ctor), false);
  const recorded = b.facts.agentRuns[held ?? b.facts.agentRuns.length - 1]!;
  if (!ctor) return;
  if (held === undefined) s.runs.push({ ctor: ctorKey(ctor), run: recorded });
  const given = toolsOf(site, ctor);
  recorded.tools = given.names;
  // Every tool this agent has is a strands_tools built-in that asks on the terminal before it acts: whatever the
  // run does, a person approved it first (a tool that runs this agent is approved in its body).
  if (given.builtins.length && given.builtins.length === given.names.length && !given.opaque && !bypass(b) && given.builtins.every((t) => STRANDS_TOOLS[t.module]?.consent)) {
    b.facts.approvals.push({ loc: site.loc, kind: "interrupt" });
  }
}

/**
 * The items of a `tools=` value: a list, or lists joined with `+` (`client.list_tools_sync() + [file_write]`);
 * `opaque` when some part is not a list the analysis can read (an MCP client's tools, a value built at run time).
 */
function toolItems(site: CallSite, v: Sym | undefined): { items: Sym[]; opaque: boolean } {
  const s = site.R(v);
  if (s?.k === "arr") return { items: s.items, opaque: false };
  if (s?.k !== "cat") return { items: [], opaque: s !== undefined };
  const parts = s.parts.map((p) => toolItems(site, p));
  return { items: parts.flatMap((p) => p.items), opaque: parts.some((p) => p.opaque) };
}

/**
 * `Agent(…)` holds a run at its construction until psf reads a call of it: an agent a factory returns, or
 * one passed on (to a Swarm, as another agent's tool), runs where psf cannot follow it, and each of those
 * calls needs its own limits.
 */
function holdRun(site: CallSite, b: Builder): void {
  run(site, b, "strands", "Agent(…) (psf found no call of it: it is returned or passed on)", { bound: { kind: "dynamic", text: 'limits={"turns": N} on each call', reason: "its calls are where psf cannot follow the agent, and a call without limits has no turn limit" } });
  const idx = b.facts.agentRuns.length - 1;
  b.agentByCtor.set(ctorKey(site.ir), idx);
  state(b).runs.push({ ctor: ctorKey(site.ir), run: b.facts.agentRuns[idx]! });
}

/** The tools an Agent(…) call is given: their names, which are strands_tools built-ins, and whether some cannot be named. */
function toolsOf(site: CallSite, ctor: Extract<Sym, { k: "call" }>): { names: string[]; builtins: { name: string; module: string }[]; opaque: boolean } {
  const { items, opaque } = toolItems(site, kwOfCall(site, ctor, "tools")?.v);
  const names: string[] = [];
  const builtins: { name: string; module: string }[] = [];
  let unnamed = opaque;
  for (const item of items) {
    const v = site.R(item);
    const mod = builtinModule(v);
    if (mod) {
      names.push(mod.name);
      builtins.push(mod);
    } else {
      const f = toolFunctionName(v);
      if (f) names.push(f);
      else unnamed = true;
    }
  }
  return { names, builtins, opaque: unnamed };
}

/** `from strands_tools import shell` (or `import strands_tools.shell`): the built-in it names. */
function builtinModule(v: Sym | undefined): { name: string; module: string } | undefined {
  if (v?.k !== "import" || !/^strands_tools(\.|$)/.test(v.module)) return undefined;
  const module = v.name === "*" || v.name === "default" ? v.module.split(".").pop()! : v.module === "strands_tools" ? v.name : v.module.split(".").pop()!;
  return { name: module, module };
}

/** `Agent(…)`: its model (Bedrock unless given one) and the strands_tools built-ins it is handed. */
function agentBuilt(site: CallSite, b: Builder): void {
  holdRun(site, b);
  const model = kwOr(site, "model", 0);
  const m = model ? site.R(model.v) : undefined;
  if (!m || m.k === "null" || m.k === "str") {
    const what = m?.k === "str" ? `Agent(model="${m.v}") (a BedrockModel for that model id)` : "Agent (no model: the default BedrockModel())";
    addDefaultClient(b, site, `strands-bedrock-${m?.k === "str" ? m.v : ""}`, "agents in this file build the same default BedrockModel", { framework: "strands", provider: "aws-bedrock", api: what, defaultsFrom: "strands-bedrock", baseOption: "model=BedrockModel(endpoint_url=…)" });
  }
  // `hooks=[fn]`: a plain callable is registered for the event its type hint names (HookProvider instances register themselves).
  const hooks = site.R(kw(site, "hooks")?.v);
  if (hooks?.k === "arr") for (const h of hooks.items) toolHook(b, fnId(site.R(h)), site.loc);
  const toolsOpt = kw(site, "tools");
  if (!toolsOpt) return;
  const consent = bypass(b);
  const given = { tools: [] as ToolDef[], destructive: [] as DestructiveOp[], urls: [] as OutboundUrl[] };
  state(b).builtins.set(ctorKey(site.ir), given);
  for (const item of toolItems(site, toolsOpt.v).items) {
    const mod = builtinModule(site.R(item));
    const info = mod ? STRANDS_TOOLS[mod.module] : undefined;
    if (!mod || !info) continue;
    // strands_tools asks on the terminal before it acts, unless BYPASS_TOOL_CONSENT=true (DEV=true before 0.1.5).
    const asks = info.consent && !consent;
    const t = addBuiltInTool(b, site, { name: mod.name, framework: "strands", from: "strands_tools", at: toolsOpt!.loc, ...(info.consent ? { approval: { v: { k: "bool", v: asks }, loc: consent?.loc ?? toolsOpt!.loc } } : {}) });
    if (asks) t.approvalCaveat = CONSENT_PROMPT;
    given.tools.push(t);
    if (info.op) given.destructive.push({ loc: toolsOpt!.loc, op: `strands_tools ${mod.name} (${info.op})`, tool: mod.name });
    if (info.writes) t.writes = [{ op: `strands_tools ${mod.name} (${info.writes})`, loc: toolsOpt!.loc }];
    if (info.network) given.urls.push({ loc: toolsOpt!.loc, api: `strands_tools ${mod.name}`, url: { kind: "dynamic", text: "any URL the model asks for", reason: "the model chooses each request's URL" } });
  }
  b.facts.destructive.push(...given.destructive);
  b.facts.urls.push(...given.urls);
}

/**
 * An agent the code only calls tools on (`reader.tool.file_read(…)`) gives its built-ins to no model: they are
 * taken out of the facts until a call of the agent (a run) puts them back. A built-in the code calls itself is
 * judged at that call, in the tool that makes it.
 */
function park(b: Builder, key: string, out: boolean): void {
  const g = state(b).builtins.get(key);
  if (!g || !!g.parked === out) return;
  g.parked = out;
  const F = b.facts;
  if (out) {
    const drop = new Set<object>([...g.tools, ...g.destructive, ...g.urls]);
    F.tools = F.tools.filter((t) => !drop.has(t));
    F.destructive = F.destructive.filter((d) => !drop.has(d));
    F.urls = F.urls.filter((u) => !drop.has(u));
  } else {
    F.tools.push(...g.tools);
    F.destructive.push(...g.destructive);
    F.urls.push(...g.urls);
  }
}

/** Where the project turns strands_tools' consent prompt off (read once from every file's assignments). */
function bypass(b: Builder): { name: string; loc: SourceLocation } | undefined {
  return state(b).bypass;
}

/** Called with the environment variables the project sets in code (python/recognizers.ts pythonSettings). */
export function strandsEnvSet(b: Builder, name: string, value: Sym, at: SourceLocation): void {
  if (!/^(BYPASS_TOOL_CONSENT|DEV|STRANDS_NON_INTERACTIVE)$/.test(name)) return;
  if (value.k === "str" && value.v.toLowerCase() === "true") state(b).bypass ??= { name, loc: at };
}

/**
 * `Swarm([...])(…)`: max_iterations (20) counts node runs, and each node runs its agent's own loop with no turn
 * limit, so the swarm has no step bound; execution_timeout (900 s unless given) bounds it in time.
 */
function swarmRun(site: CallSite, b: Builder, last: string): void {
  const ctor = site.q.root.k === "instance" ? site.q.root.call : undefined;
  const iters = ctor ? kwOfCall(site, ctor, "max_iterations") : undefined;
  const timeout = ctor ? kwOfCall(site, ctor, "execution_timeout") : undefined;
  const nodes = iters ? `max_iterations=${site.show(iters.v)}` : `max_iterations (${DEFAULTS.strandsSwarmMaxIterations.value} unless given)`;
  const bound = { bound: { kind: "unbounded" as const, reason: `${nodes} counts node runs, and each node's agent loop has no turn limit (node_timeout bounds only its time)` }, ...(iters ? { boundLoc: iters.loc } : {}) };
  run(site, b, "strands", last ? `Swarm.${last}` : "Swarm(…) (a call of the swarm)", bound, { timeout: secondsTimeout(timeout) ?? { ms: 900_000, loc: site.loc } });
}

/**
 * `MCPClient(lambda: stdio_client(StdioServerParameters(…)), tool_filters={"allowed": […]})`: the server the
 * transport function starts is recorded where its parameters are built (python/mcp.ts), after this call (the
 * lambda's calls come after the call that holds it); tool_filters limits the tools the agent is given.
 */
function mcpClient(site: CallSite, b: Builder): void {
  const filters = kw(site, "tool_filters");
  const transport = site.R(positional(site, 0) ?? kw(site, "transport_callable")?.v);
  if (!filters || site.R(filters.v)?.k === "null" || transport?.k !== "fn") return;
  state(b).mcpFiltered.push({ file: transport.at.file, start: transport.start, end: transport.end });
}

/** Whether an MCP server's parameters are built inside the transport function of a filtered MCPClient. */
export function strandsMcpFiltered(site: CallSite, b: Builder): boolean {
  const pos = site.ir.at.pos;
  return state(b).mcpFiltered.some((s) => s.file === site.ir.at.file && pos >= s.start && pos < s.end);
}

/**
 * GraphBuilder: `builder.set_execution_timeout(s)` on the builder, then `graph = builder.build(); graph(…)`.
 * Each node is an agent whose own loop has no turn limit, so, as for a Swarm, the graph has no step bound
 * (set_max_node_executions counts node runs); its execution timeout, when set, bounds it in time (none by default).
 */
function graph(site: CallSite, b: Builder, n: PyNames, last: string): void {
  const builder = site.q.root.k === "instance" ? site.q.root.call : undefined;
  if (n.hops === 1 && n.path === "set_execution_timeout" && builder) {
    const s = positional(site, 0);
    state(b).graphTimeouts.set(ctorKey(builder), secondsTimeout(s ? { v: s, loc: site.loc } : undefined) ?? { loc: site.loc });
    return;
  }
  const made = site.q.root.k === "instance" && site.q.root.ctor.root.k === "instance" ? site.q.root.ctor.root.call : undefined;
  if (n.hops !== 2 || !RUN_METHODS.has(last) || n.path.includes(".") || !/(^|\.)build$/.test(site.q.root.k === "instance" ? site.q.root.ctor.path.join(".") : "")) return;
  const timeout = made ? state(b).graphTimeouts.get(ctorKey(made)) : undefined;
  const bound = { bound: { kind: "unbounded" as const, reason: "each node's agent loop has no turn limit (set_max_node_executions counts node runs, not turns)" } };
  run(site, b, "strands", last ? `Graph.${last}` : "Graph(…) (a call of the graph)", bound, timeout ? { timeout } : {});
}

/**
 * A BeforeToolCallEvent callback (`registry.add_callback(BeforeToolCallEvent, self.approve)`,
 * `agent.hooks.add_callback(…)`, `agent.add_hook(fn, BeforeToolCallEvent)`): when that callback calls
 * `event.interrupt(…)`, every tool call waits for a person first. The two are matched by function id,
 * whichever is seen first. With no event type (`agent.add_hook(fn)`, `add_callback(None, fn)`) Strands
 * takes it from the callback's type hint, which psf does not read: the callback counts when it interrupts,
 * as only BeforeToolCallEvent (and a multi-agent node's BeforeNodeCallEvent) can be interrupted
 * (strands/hooks/events.py, sdk-python 1.40.0).
 */
export function hookRegistered(site: CallSite, b: Builder, [eventAt, fnAt]: [number, number]): void {
  const given = positional(site, eventAt) ?? kw(site, "event_type")?.v;
  const ev = site.R(given);
  const events = ev?.k === "arr" ? ev.items.map((i) => site.R(i)) : [ev];
  const inferred = !given || ev?.k === "null";
  if (!inferred && !events.some((e) => e?.k === "import" && TOOL_EVENT.test(`${e.module}.${e.name}`))) return;
  toolHook(b, fnId(site.R(positional(site, fnAt) ?? kw(site, "callback")?.v)), site.loc);
}

/** A callback that runs before tool calls (or may: its event comes from a type hint): approval once it interrupts. */
function toolHook(b: Builder, fn: string | undefined, at: SourceLocation): void {
  if (!fn) return;
  const s = state(b);
  s.toolHooks.set(fn, at);
  const hit = s.interrupts.get(fn);
  if (hit) approve(b, fn, hit);
}

/** `event.interrupt("name", …)` / `tool_context.interrupt("name", …)` on a value the walk cannot name: Strands' interrupt. */
export function strandsInterrupt(site: CallSite, b: Builder): void {
  b.facts.approvals.push({ loc: site.loc, kind: "interrupt" });
  const s = state(b);
  const body = s.hookBodies.find((h) => h.file === site.ir.at.file && site.ir.at.pos >= h.start && site.ir.at.pos < h.end);
  if (body) approve(b, `${body.file}:${body.start}`, site.loc);
  const fn = site.ir.fn;
  if (!fn) return;
  s.interrupts.set(fn, site.loc);
  if (s.toolHooks.has(fn)) approve(b, fn, site.loc);
}

function approve(b: Builder, fn: string, at: SourceLocation): void {
  const s = state(b);
  if (s.approvedHooks.has(fn)) return;
  s.approvedHooks.add(fn);
  b.facts.approvals.push({ loc: at, kind: "interruptBefore" });
}


/** `@tool`, `@tool(name="…", context=True)`, `@strands.tool`: a tool named by name= or its function. */
export function strandsTool(site: CallSite, b: Builder, name: string): void {
  // `@hook` on a Plugin's method (strands/plugins/decorator.py): registered for the event its type hint names when the plugin is attached.
  // Matched by span: the body's calls come after the decorator, and a method's id is its class's (Gate.ask), not the decorator's.
  const fn = site.ir.decorates!.fn;
  if (/^strands(\.plugins(\.decorator)?)?\.hook$/.test(name) && fn.k === "fn") return void state(b).hookBodies.push({ file: site.ir.at.file, start: fn.start, end: fn.end });
  if (!/^strands(\.tools(\.decorator)?)?\.tool$/.test(name)) return;
  const d = site.ir.decorates!;
  const given = kw(site, "name");
  addTool(b, site, { name: given?.v.k === "str" ? given.v.v : d.name, framework: "strands", body: d.fn });
}

