import { addRun, addTool, givenBound } from "../../common.js";
import { loc, type Builder, type CallSite } from "../../context.js";
import { DEFAULTS, defaultBound } from "../../defaults.js";
import { libraryOf } from "../../frameworks/shared.js";
import { linkToolBodyLater } from "../../frameworks/function-tools.js";
import { commandLine, nameFromCommand, server } from "../../frameworks/mcp.js";
import { toBound, toolFunctionName } from "../../values.js";
import type { Sym } from "../../sym.js";
import type { AgentRun, Bound, SourceLocation, ToolDef } from "../../types.js";
import { kw, kwOr, positional, type PyNames } from "../sites.js";
import { type Opt, boundOf, kwOfCall, run, recorded, remember } from "./common.js";
import { chatClient, chatClientKind } from "./agent-framework-clients.js";
import { settingAfter } from "../settings-after.js";

/**
 * Microsoft Agent Framework (module `agent_framework`, read in agent-framework-core 1.13.0,
 * python/packages/core; the names of the 1.0 previews read at python-1.0.0b260128 and earlier tags):
 *  - `Agent(client, instructions, tools=[…])` (`ChatAgent(chat_client=…)` in the previews),
 *    `client.as_agent(…)` (`create_agent` before 1.0.0b260116) and `create_harness_agent(client, …)`:
 *    each run is the chat client's function-invocation loop, at most `max_iterations` model round
 *    trips (`function_invocation_configuration={"max_iterations": N}` on the client; 40 when not
 *    given). The run is recorded where the agent is built: agents are often only handed to a
 *    workflow, DevUI or a hosting adapter, which run them.
 *  - `WorkflowBuilder(max_iterations=N, …)`: a workflow of at most N supersteps (100 by default); the
 *    orchestrations (agent_framework.orchestrations, 1.13.0) build one with that default: GroupChatBuilder
 *    (`max_rounds=`), MagenticBuilder (`max_round_count=`) and HandoffBuilder loop between agents within it.
 *  - Tools: functions in `tools=[…]` (approval_mode "never_require"), `@tool(name=…, approval_mode=
 *    "always_require")` (`@ai_function` in the previews), `FunctionTool(name=…, func=…)` (`AIFunction`),
 *    `LocalShellTool` (agent_framework.tools: a shell on this machine, "always_require" by default).
 *  - MCP: `MCPStdioTool(name, command, args=[…])`, `MCPStreamableHTTPTool(name, url)`,
 *    `MCPWebsocketTool(name, url)`, each with `allowed_tools=` and `approval_mode=` (no approval by default).
 *  - Telemetry: the agents and clients emit OpenTelemetry spans, exported once the process calls
 *    `configure_otel_providers()` (`setup_observability()` in the previews) or `enable_instrumentation()`.
 */

const AGENT = /^agent_framework\.(Agent|ChatAgent|RawAgent)$/;
const TOOL_DECORATOR = /^agent_framework\.(tool|ai_function)$/;
const TRACING = /^agent_framework(\.observability)?\.(configure_otel_providers|setup_observability|enable_instrumentation)$/;
const MCP = /^agent_framework\.(MCPStdioTool|MCPStreamableHTTPTool|MCPWebsocketTool|HostedMCPTool)$/;

export function agentFramework(site: CallSite, b: Builder, n: PyNames, imported: string): void {
  const name = imported.replace(/^agent_framework_(\w+?)\./, "agent_framework.$1.");
  if (n.ctor) {
    // `client.as_agent(…)`: the agent's client is the instance the method is called on.
    const cls = n.ctor.split(".").pop()!;
    if (n.hops === 1 && /^(as_agent|create_agent)$/.test(n.path) && chatClientKind(cls) && site.q.root.k === "instance") agent(site, b, `${cls}.${n.path}`, site.q.root.call);
    // The previews' agent providers (OpenAIAssistantProvider, AzureAIAgentsProvider, AzureAIProjectAgentProvider)
    // build an agent on a client of their own, with the default function invocation configuration.
    else if (n.hops === 1 && /^(as_agent|create_agent|get_agent)$/.test(n.path) && /^(OpenAIAssistantProvider|AzureAIAgentsProvider|AzureAIProjectAgentProvider)$/.test(cls)) agent(site, b, `${cls}.${n.path}`, undefined);
    return;
  }
  const cls = name.split(".").pop()!;
  if (AGENT.test(name)) return agent(site, b, cls, kw(site, "client")?.v ?? kw(site, "chat_client")?.v ?? positional(site, 0));
  if (name === "agent_framework.create_harness_agent") return harness(site, b);
  if (name === "agent_framework.WorkflowBuilder") return workflow(site, b);
  // Orchestrations build a WorkflowBuilder with its default max_iterations; a group chat's max_rounds (Magentic's max_round_count) ends it sooner.
  const orchestration = /^agent_framework\.orchestrations\.(GroupChatBuilder|MagenticBuilder|HandoffBuilder)$/.exec(name)?.[1];
  if (orchestration) {
    // max_rounds=None is the default: the workflow's superstep cap still ends it.
    const rounds = kw(site, orchestration === "GroupChatBuilder" ? "max_rounds" : "max_round_count");
    return run(site, b, "agent-framework", orchestration, boundOf(site, rounds && site.R(rounds.v)?.k !== "null" ? rounds : undefined, DEFAULTS.agentFrameworkWorkflowMaxIterations));
  }
  if (TRACING.test(name)) {
    (b.facts.tracing.frameworks ??= []).push({ framework: "agent-framework", loc: site.loc });
    return;
  }
  if (MCP.test(name)) return mcpTool(site, b, cls);
  if (/^agent_framework\.(FunctionTool|AIFunction)$/.test(name)) return functionToolCall(site, b);
  if (/^agent_framework\.tools\.(LocalShellTool|DockerShellTool)$/.test(name)) return shell(site, b, cls);
  if (name.startsWith("agent_framework.") && chatClientKind(cls)) chatClient(site, b, cls);
}

/**
 * `WorkflowBuilder(max_iterations=N, start_executor=…)`: a run of at most N supersteps. Recorded once every
 * file is read, and only when its file builds an agent or a chat client: a graph of the project's own
 * executors with no model in its file (text steps) is no agent loop.
 */
function workflow(site: CallSite, b: Builder): void {
  const given = kwOr(site, "max_iterations", 0);
  b.compiledGraphs.set(`agent-framework-workflow:${site.file}:${site.ir.at.pos}`, () => {
    const af = (x: { framework: string; loc: SourceLocation }) => x.framework === "agent-framework" && x.loc.file === site.file;
    if (b.facts.agentRuns.some(af) || b.facts.modelClients.some(af)) run(site, b, "agent-framework", "WorkflowBuilder", boundOf(site, given, DEFAULTS.agentFrameworkWorkflowMaxIterations));
  });
}

/** An agent: a run bounded by its client's max_iterations, and the tools it is given. */
function agent(site: CallSite, b: Builder, api: string, client: Sym | undefined): void {
  const { names, opaque } = toolsOf(site, b);
  addRun(b, site, { framework: "agent-framework", api, ...iterationsOf(site, b, client), signal: false, telemetry: false, tools: names, ...(opaque.length ? { opaqueTools: opaque } : {}) });
}

/**
 * `create_harness_agent(client, …)`: an Agent whose runs are the client's loop; with `loop_should_continue=`
 * an AgentLoopMiddleware runs it again while the predicate holds, up to `loop_max_iterations` (10 by
 * default, None: no cap), so the run's model calls are up to both numbers multiplied.
 */
function harness(site: CallSite, b: Builder): void {
  const { names, opaque } = toolsOf(site, b);
  const inner = iterationsOf(site, b, kw(site, "client")?.v ?? positional(site, 0));
  let bound = inner;
  if (kw(site, "loop_should_continue") && site.R(kw(site, "loop_should_continue")!.v)?.k !== "null") {
    const loop = kw(site, "loop_max_iterations");
    const outer: Bound = !loop ? defaultBound(DEFAULTS.agentFrameworkHarnessLoop) : site.R(loop.v)?.k === "null" ? { kind: "unbounded", reason: "loop_max_iterations=None: the harness loop runs the agent again for as long as loop_should_continue returns True" } : toBound(loop.v) ?? { kind: "dynamic", text: site.show(loop.v), reason: "not a number the source states" };
    const per = valueOf(inner.bound), times = valueOf(outer);
    bound = outer.kind === "unbounded" || outer.kind === "dynamic" ? { bound: outer, ...(loop ? { boundLoc: loop.loc } : {}) }
      : { bound: { kind: "literal", value: per * times, via: `${times} harness loop iterations × ${per} model round trips each` }, boundLoc: loop?.loc ?? inner.boundLoc ?? site.loc };
  }
  addRun(b, site, { framework: "agent-framework", api: "create_harness_agent", ...bound, signal: false, telemetry: false, tools: names, ...(opaque.length ? { opaqueTools: opaque } : {}) });
}

function valueOf(b: Bound): number {
  return b.kind === "literal" || b.kind === "default" ? b.value : 1;
}

/** The client's `function_invocation_configuration` max_iterations (a dict, or FunctionInvocationConfiguration(…) in the previews). */
function iterationsOf(site: CallSite, b: Builder, client: Sym | undefined): { bound: Bound; boundLoc?: SourceLocation } {
  const c = site.R(client);
  // `client.function_invocation_configuration["max_iterations"] = N` once the client is built wins over its constructor's.
  const later = settingAfter(b, c, "function_invocation_configuration.max_iterations");
  if (later) return givenBound(site, later);
  const cfg = c?.k === "call" ? kwOfCall(site, c, "function_invocation_configuration") : undefined;
  if (!cfg) return { bound: defaultBound(DEFAULTS.agentFrameworkMaxIterations) };
  const v = site.R(cfg.v);
  const mi: Opt = v?.k === "call" ? kwOfCall(site, v, "max_iterations") : site.prop(v, "max_iterations");
  if (mi) return givenBound(site, mi);
  if (v?.k === "obj" || v?.k === "call" || v?.k === "null") return { bound: defaultBound(DEFAULTS.agentFrameworkMaxIterations) };
  return { bound: { kind: "dynamic", text: site.show(cfg.v), reason: "a function_invocation_configuration the analysis cannot read" }, boundLoc: cfg.loc };
}

/**
 * The agent's tools list: plain functions become tools (with no approval); the framework's own tools are
 * read where they are built; anything else is a set of tools psf cannot see into.
 */
function toolsOf(site: CallSite, b: Builder): { names: string[]; opaque: NonNullable<AgentRun["opaqueTools"]> } {
  const given = kw(site, "tools");
  const list = site.R(given?.v);
  const names: string[] = [];
  const out: NonNullable<AgentRun["opaqueTools"]> = [];
  if (!given || !list || list.k === "null") return { names, opaque: out };
  const items = list.k === "arr" ? list.items : [given.v];
  for (const item of items) {
    const v = site.R(item);
    if (v?.k === "fn" || v?.k === "fnref") {
      names.push(functionTool(site, b, v).name);
      continue;
    }
    const lib = v?.k === "call" ? libraryOf(v) : undefined;
    // Tools the framework builds (MCP, FunctionTool, the shell) are read where they are built.
    if (lib?.module.startsWith("agent_framework") && (MCP.test(`agent_framework.${lib.name}`) || /^(FunctionTool|AIFunction|LocalShellTool|DockerShellTool)$/.test(lib.name))) continue;
    // A hosted tool the provider runs (`client.get_web_search_tool()`, HostedWebSearchTool, HostedCodeInterpreterTool): it acts on no machine of the project's.
    if (v?.k === "call" && /(^|\.)(get_\w+_tool|Hosted\w+Tool)$/.test(site.show(v.callee))) continue;
    if (v?.k === "call" && /\.as_tool$/.test(site.show(v.callee))) continue;
    const reason = lib ? `built by ${lib.name}() from ${lib.module} (a library)` : "not a function or tool the analysis can resolve";
    out.push({ text: site.show(item), reason, loc: given.loc });
  }
  return { names, opaque: out };
}


/** A plain function in an agent's tools: the framework wraps it in a FunctionTool named by the function, approval_mode "never_require". */
function functionTool(site: CallSite, b: Builder, fn: Extract<Sym, { k: "fn" | "fnref" }>): ToolDef {
  const earlier = recorded(b, fn);
  if (earlier) return earlier;
  const t = addTool(b, site, { name: toolFunctionName(fn)!, framework: "agent-framework", body: fn });
  // The tool is the function: findings about it point at its definition, not at the agent that lists it.
  if (fn.k === "fn") t.loc = loc(fn.at);
  delete t.varName;
  if (!t.body && fn.k === "fnref") linkToolBodyLater(b, t, fn);
  remember(b, fn, t);
  return t;
}

/** `approval_mode="always_require"` as an approval wiring: a person approves each call; "never_require" (the default) is none. */
function approvalOption(site: CallSite, o: Opt): { v: Sym; loc: SourceLocation } | undefined {
  if (!o) return undefined;
  const v = site.R(o.v);
  if (v?.k === "str") return { v: { k: "bool", v: v.v === "always_require" }, loc: o.loc };
  return v?.k === "null" ? undefined : o;
}

/** `@tool(name=…, approval_mode=…)` / `@tool` / `@ai_function(…)`: the decorated function is a tool. */
export function agentFrameworkDecorator(site: CallSite, b: Builder, name: string): void {
  if (!TOOL_DECORATOR.test(name)) return;
  const d = site.ir.decorates!;
  const given = site.R(kw(site, "name")?.v);
  const approval = approvalOption(site, kw(site, "approval_mode"));
  const earlier = recorded(b, d.fn);
  if (earlier) b.facts.tools.splice(b.facts.tools.indexOf(earlier), 1);
  remember(b, d.fn, addTool(b, site, { name: given?.k === "str" ? given.v : d.name, framework: "agent-framework", ...(approval ? { approval } : {}), body: d.fn }));
}

/** `FunctionTool(name="…", func=f, approval_mode=…)` (AIFunction in the previews). */
function functionToolCall(site: CallSite, b: Builder): void {
  const fn = kw(site, "func")?.v;
  const r = site.R(fn);
  const given = site.R(kw(site, "name")?.v);
  const approval = approvalOption(site, kw(site, "approval_mode"));
  const t = addTool(b, site, { ...(given?.k === "str" ? { name: given.v } : {}), framework: "agent-framework", ...(approval ? { approval } : {}), ...(fn ? { body: fn } : {}) });
  if (!t.body && r?.k === "fnref") linkToolBodyLater(b, t, r);
  if (r?.k === "fn" || r?.k === "fnref") remember(b, r, t);
}

/**
 * `LocalShellTool(approval_mode=…)` runs the commands the model writes on this machine, as a tool named
 * run_shell; each call waits for a person unless approval_mode="never_require" (the default is
 * "always_require"). DockerShellTool runs them in a container.
 */
function shell(site: CallSite, b: Builder, cls: string): void {
  const o = kw(site, "approval_mode");
  const approval = approvalOption(site, o) ?? { v: { k: "bool", v: true } as Sym, loc: site.loc };
  const approved = approval.v.k === "bool" && approval.v.v;
  b.facts.tools.push({ name: "run_shell", loc: site.loc, framework: "agent-framework", approval: approved ? "always" : "never", ...(o ? { approvalLoc: o.loc } : {}), audited: false });
  if (cls === "LocalShellTool") b.facts.destructive.push({ loc: site.loc, op: "LocalShellTool run_shell (runs the shell commands the model writes on this machine)", tool: "run_shell", ...(approved ? { approvedAt: o?.loc ?? site.loc } : {}) });
}

/** An MCP server: its tools are filtered by allowed_tools and gated by approval_mode (none by default). */
function mcpTool(site: CallSite, b: Builder, cls: string): void {
  const label = site.R(kw(site, "name")?.v ?? positional(site, 0));
  const approval = approvalOption(site, kw(site, "approval_mode"));
  const extra = { filtered: !!kw(site, "allowed_tools") && site.R(kw(site, "allowed_tools")!.v)?.k !== "null", ...(approval ? { approval } : {}) };
  const nameOf = label?.k === "str" ? label.v : undefined;
  if (cls === "MCPStdioTool") {
    const cmd = commandLine(site, kw(site, "command")?.v ?? positional(site, 1), kw(site, "args")?.v);
    return server(site, b, { name: nameOf ?? nameFromCommand(cmd), source: cls, transport: "stdio", command: cmd, env: kw(site, "env")?.v, ...extra });
  }
  const url = kw(site, "url")?.v ?? positional(site, 1);
  server(site, b, { name: nameOf ?? "remote", source: cls === "HostedMCPTool" ? "HostedMCPTool (agent_framework)" : cls, transport: cls === "HostedMCPTool" ? "hosted" : "http", url, headers: kw(site, "headers")?.v, ...extra });
}
