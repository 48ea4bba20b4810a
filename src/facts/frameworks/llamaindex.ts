import { DEFAULTS, defaultBound } from "../defaults.js";
import { addClient, addRun, addTool, declaredToolName } from "../common.js";
import { ctorKey, perRun, type Builder, type CallSite, type Recognizer } from "../context.js";
import type { Sym } from "../sym.js";
import type { Bound, SourceLocation } from "../types.js";
import { commandLine, nameFromCommand, server } from "./mcp.js";
import { opaqueTools } from "./shared.js";
import { anthropicSession, builtInName, builtInTool, isModel, model, modelCall, MODEL_CALLS } from "./llamaindex-models.js";

/**
 * LlamaIndex.TS (checked against run-llama/LlamaIndexTS at llamaindex 0.12.1, @llamaindex/workflow 1.1.24,
 * @llamaindex/core 0.6, @llamaindex/tools 0.2.0). `agent({ llm, tools })` and `multiAgent({ agents, rootAgent })`
 * build an AgentWorkflow whose `run(input)` / `runStream(input)` loop until the model answers without a tool
 * call: there is no step limit, no AbortSignal, and the `timeout` option is accepted but never applied.
 * `agentHandler({ tools })` runs such an agent for each event a workflow step handles; `createWorkflow()` builds an
 * event-driven workflow whose handlers may send each other events without end. The older AgentRunner
 * agents (`new OpenAIAgent(…)`, `new ReActAgent(…)`, …) stop after MAX_TOOL_CALLS = 10 tool calls. Tools are
 * `tool({ name, execute })` / `tool(fn, { name })` / `FunctionTool.from(…)`, the @llamaindex/tools factories
 * and `mcp({ command | url })` servers; none asks a person before it runs. `Settings.callbackManager.on(…)`
 * on the llm-start/llm-end/llm-tool-call/llm-tool-result events sees every model and tool call.
 */

/** The packages psf reads; the other provider adapters and stores of the scope stay unread (checklists/ai-packages.yaml). */
const PACKAGES = ["llamaindex", "@llamaindex/workflow", "@llamaindex/core", "@llamaindex/tools", "@llamaindex/openai", "@llamaindex/anthropic", "@llamaindex/ollama"];

/** The AgentRunner agents (deprecated, still exported): each `new X({ llm, tools })` is an agent whose chat() runs are bounded by MAX_TOOL_CALLS. */
const RUNNER_AGENTS = new Set(["OpenAIAgent", "AnthropicAgent", "OllamaAgent", "ReActAgent", "LLMAgent"]);

/** The events LlamaIndex.TS dispatches for every model and tool call (core/src/global/settings/callback-manager.ts). */
const TRACE_EVENTS = new Set(["llm-start", "llm-end", "llm-tool-call", "llm-tool-result"]);

const UNBOUNDED: Bound = { kind: "unbounded", reason: `no step limit: ${DEFAULTS.llamaIndexTsAgentWorkflow.source}` };

export const llamaindexTs: Recognizer = {
  packages: PACKAGES,
  recognize(site, b) {
    const r = site.root!;
    const path = site.q.path;
    if (!r.instance && path.length === 0) {
      const isNew = !!site.ir.isNew;
      if ((r.name === "agent" || r.name === "multiAgent") && !isNew) return workflow(site, b);
      if (r.name === "AgentWorkflow" && isNew) return workflow(site, b);
      if (r.name === "agentHandler") return handler(site, b);
      if (r.name === "createWorkflow" && r.module === "@llamaindex/workflow") return eventWorkflow(site, b);
      if (RUNNER_AGENTS.has(r.name) && isNew) return runnerAgent(site, b, r.name);
      if (r.name === "tool" && !isNew) return void addTool(b, site, { framework: "llamaindex", ...named(site) });
      if (r.name === "FunctionTool" && isNew) return void addTool(b, site, { framework: "llamaindex", ...named(site) });
      if (r.name === "mcp" && /^@llamaindex\/tools/.test(r.module)) return mcpServer(site, b);
      if (r.name === "chatWithTools" && /^@llamaindex\/tools/.test(r.module)) return modelCall(site, b, "chatWithTools");
      // A memory block whose llm.complete() extracts facts from every message put in the memory (core/src/memory/block/fact.ts).
      if (r.name === "factExtractionBlock") return modelCall(site, b, "factExtractionBlock() (its llm is called on every message put in the memory)");
      if (r.name === "AnthropicSession" && isNew) return anthropicSession(site, b);
      if (isModel(r.name, r.module, isNew)) return model(site, b, r.name);
      if (builtInName(r.name, r.module)) return builtInTool(site, b, r.name);
      return;
    }
    if (r.module === "@llamaindex/workflow" && site.method === "with") return emitted(site, b);
    if (r.module === "@llamaindex/workflow" && site.method === "handle" && path.length >= 1) return handled(site, b);
    if (!r.instance) {
      if (r.name === "FunctionTool" && path.length === 1 && path[0] === "from") return void addTool(b, site, { framework: "llamaindex", ...named(site) });
      if (r.name === "AgentWorkflow" && path.length === 1 && path[0] === "fromTools") return workflow(site, b);
      if (r.name === "Settings" && path.length === 2 && path[0] === "llm" && MODEL_CALLS.has(path[1]!)) {
        settingsLlm(site, b);
        return modelCall(site, b, `Settings.llm.${path[1]}`);
      }
      if (r.name === "Settings" && path.length === 2 && path[0] === "callbackManager" && path[1] === "on") return traceHook(site, b);
      return;
    }
    if (!r.call || path.length !== 1) return;
    // agent.run(input) / agent.runStream(input) on a workflow built in the project.
    if ((site.method === "run" || site.method === "runStream") && isWorkflowCall(site, r.call, r.name)) return workflowRun(site, b, r.call);
    if (MODEL_CALLS.has(site.method) && isModel(r.name, r.module, !!r.call.isNew)) return modelCall(site, b, `${r.name}(…).${site.method}`);
    // `someTool.call(input)`: the code runs the tool itself (after a person's answer, in a human-in-the-loop workflow).
    if (site.method === "call" && (r.name === "tool" || r.name === "FunctionTool") && site.ir.fn) {
      const name = declaredToolName(site, r.call.args);
      if (name) calledTools(b).push({ fn: site.ir.fn, name, loc: site.loc });
    }
  },
};

/** Whether an instance's constructing call is agent() / multiAgent() / new AgentWorkflow / AgentWorkflow.fromTools. */
function isWorkflowCall(site: CallSite, call: Extract<Sym, { k: "call" }>, name: string): boolean {
  if (name === "agent" || name === "multiAgent") return !call.isNew;
  if (name !== "AgentWorkflow") return false;
  if (call.isNew) return true;
  return site.qualify(call.callee)?.path.join(".") === "fromTools";
}

/** The name a tool definition declares (`tool({ name })`, `tool(fn, { name })`). */
function named(site: CallSite): { name?: string } {
  const n = declaredToolName(site);
  return n ? { name: n } : {};
}

const key = (call: { at: import("../sym.js").Pos }) => `llamaindex-agent:${ctorKey(call)}`;

/**
 * `agent({ … })`, `multiAgent({ agents, rootAgent })`: a workflow is recorded where psf reads its run()/runStream();
 * one psf sees no run of (returned, exported, served) is recorded at its construction once every file is read.
 * The agents a multiAgent is built from run inside it, never on their own.
 */
function workflow(site: CallSite, b: Builder): void {
  const members = memberAgents(site, site.ir);
  for (const member of members) b.ranGraphs.add(key(member));
  if ((members.length ? members.map((m) => m.args[0]) : [site.arg(0)]).some((o) => noLlm(site, o))) settingsLlm(site, b);
  const k = key(site.ir);
  b.compiledGraphs.set(k, () => {
    addRun(b, site, { framework: "llamaindex", api: `${site.q.path.length ? "AgentWorkflow.fromTools" : site.ir.isNew ? "new AgentWorkflow" : site.root!.name}() (psf found no .run/.runStream on it: it is returned or passed on)`, bound: UNBOUNDED, signal: false, telemetry: false, ...runTools(site, site.ir) });
  });
}

function workflowRun(site: CallSite, b: Builder, call: Extract<Sym, { k: "call" }>): void {
  b.ranGraphs.add(key(call));
  addRun(b, site, { framework: "llamaindex", api: `AgentWorkflow.${site.method}`, bound: UNBOUNDED, signal: false, telemetry: false, ...runTools(site, call) });
}

/** `agentHandler({ instructions, results, tools, llm })`: every event the workflow step handles runs an agent with these tools. */
function handler(site: CallSite, b: Builder): void {
  if (noLlm(site, site.arg(0))) settingsLlm(site, b);
  addRun(b, site, { framework: "llamaindex", api: "agentHandler() (an agent run for each event the step handles)", bound: UNBOUNDED, signal: false, telemetry: false, ...runTools(site, site.ir) });
}

/**
 * A run or call on `Settings.llm` (an agent given no `llm`, `Settings.llm.chat(…)`). Once every file is read, a
 * project that built no LlamaIndex.TS model client gets the one Settings.llm falls back to: llamaindex 0.5.26 to
 * 0.10.x set `Settings.llm = new OpenAI()` when the code sets none (removed in 0.11, LlamaIndexTS b0cd530), which
 * reads OPENAI_BASE_URL and OPENAI_API_KEY; later versions need the code to set it, and psf read no such client.
 */
function settingsLlm(site: CallSite, b: Builder): void {
  if (b.compiledGraphs.has("llamaindex-settings-llm")) return;
  b.compiledGraphs.set("llamaindex-settings-llm", () => {
    if (b.facts.modelClients.some((c) => c.framework === "llamaindex")) return;
    addClient(b, site, { framework: "llamaindex", provider: "openai", api: "Settings.llm (no LlamaIndex.TS model is built in the project: llamaindex before 0.11 defaults it to new OpenAI())", baseOption: "Settings.llm = openai({ baseURL: … })" });
  });
}

/** Whether these agent options give no `llm` (the agent uses Settings.llm). */
const noLlm = (site: CallSite, opts: Sym | undefined): boolean => site.R(opts)?.k === "obj" && !site.has(opts, "llm");

/** Tools the code runs itself (`someTool.call(…)`), by the function that runs them. */
const calledTools = perRun(() => [] as { fn: string; name: string; loc: SourceLocation }[]);

/**
 * A handler that takes a `humanResponseEvent()` (@llamaindex/server's human-in-the-loop: the workflow sends a
 * humanInputEvent, the server shows it to a person and resumes the workflow with the answer) runs only once a
 * person has answered: a tool it calls itself is approved there. Recorded once every file is read.
 */
function humanGate(site: CallSite, b: Builder, fn: string): void {
  b.compiledGraphs.set(`llamaindex-hitl:${fn}`, () => {
    const names = [...new Set(calledTools(b).filter((c) => c.fn === fn).map((c) => c.name))];
    if (names.length) b.facts.approvals.push({ loc: site.loc, kind: "humanInTheLoopMiddleware", covers: names });
  });
}

/** Whether an event is made by @llamaindex/server's humanResponseEvent(). */
function isHumanResponse(site: CallSite, e: Sym | undefined): boolean {
  const s = site.R(e);
  const q = s?.k === "call" ? site.qualify(s.callee) : undefined;
  return q?.root.k === "import" && q.root.module === "@llamaindex/server" && q.root.name === "humanResponseEvent" && q.path.length === 0;
}

/** The event graph of a file's workflows: handlers by the events they take, and the events each handler function sends. */
const graphOf = perRun(() => ({ handlers: new Map<string, { inputs: string[]; fn?: string; outputs?: string[] }[]>(), sends: new Map<string, Set<string>>() }));

/**
 * An event's identity: where `workflowEvent()` / `zodEvent()` made it, or the library's own (`stopAgentEvent`).
 * Only events psf sees sent: those of @llamaindex/workflow, and @llamaindex/server's human-input pair (what
 * goes between those two is a person's answer). Any other (workflow-core's, a project's own) is unknown.
 */
function eventKey(site: CallSite, e: Sym | undefined): string | undefined {
  const s = site.R(e);
  if (s?.k === "import") return s.module === "@llamaindex/workflow" ? `${s.module}#${s.name}` : undefined;
  if (s?.k !== "call") return undefined;
  const q = site.qualify(s.callee);
  if (q?.root.k !== "import" || q.path.length) return undefined;
  const known = q.root.module === "@llamaindex/workflow" || (q.root.module === "@llamaindex/server" && /^human(Input|Response)Event$/.test(q.root.name));
  return known ? ctorKey(s) : undefined;
}

/** `someEvent.with(data)` inside a function: that function sends someEvent. */
function emitted(site: CallSite, b: Builder): void {
  const r = site.root!;
  const key = r.instance && r.call ? ctorKey(r.call) : site.q.path.length === 1 ? `${r.module}#${r.name}` : undefined;
  if (!key || !site.ir.fn) return;
  const g = graphOf(b);
  const set = g.sends.get(site.ir.fn) ?? new Set<string>();
  set.add(key);
  g.sends.set(site.ir.fn, set);
}

/** `workflow.handle([events], handler)`: the handler takes these events; what it sends is read from its body (or agentHandler's results). */
function handled(site: CallSite, b: Builder): void {
  const list = site.arg(0);
  if (list?.k !== "arr") return;
  const inputs = list.items.map((e) => eventKey(site, e) ?? "?");
  const h = site.arg(1);
  const entry: { inputs: string[]; fn?: string; outputs?: string[] } = { inputs };
  if (h?.k === "fn" || h?.k === "fnref") {
    entry.fn = h.id;
    if (list.items.some((e) => isHumanResponse(site, e))) humanGate(site, b, h.id);
  }
  else if (h?.k === "call" && site.qualify(h.callee)?.root.k === "import") {
    const o = h.args[0];
    const keys = ["results", "events"].flatMap((k) => { const a = site.R(site.prop(o, k)?.v); return a?.k === "arr" ? a.items.map((e) => eventKey(site, e) ?? "?") : []; });
    entry.outputs = keys;
  }
  const g = graphOf(b);
  g.handlers.set(site.file, [...(g.handlers.get(site.file) ?? []), entry]);
}

/** Why a file's workflow may run without end: a cycle of events, or a handler whose events psf cannot read; undefined when neither. */
function mayCycle(b: Builder, file: string): string | undefined {
  const g = graphOf(b);
  const handlers = g.handlers.get(file);
  if (!handlers?.length) return "its handlers are registered where psf does not read them";
  const next = new Map<string, Set<string>>();
  for (const h of handlers) {
    const out = h.outputs ?? (h.fn ? [...(g.sends.get(h.fn) ?? [])] : undefined);
    if (!out || h.inputs.includes("?") || out.includes("?")) return "a handler takes or sends events psf cannot name";
    for (const i of h.inputs) next.set(i, new Set([...(next.get(i) ?? []), ...out]));
  }
  const state = new Map<string, 1 | 2>();
  const visit = (e: string): boolean => {
    if (state.get(e) === 1) return true;
    if (state.get(e) === 2) return false;
    state.set(e, 1);
    for (const n of next.get(e) ?? []) if (visit(n)) return true;
    state.set(e, 2);
    return false;
  };
  for (const e of next.keys()) if (visit(e)) return "a handler sends an event that an earlier handler takes, so the handlers can run again and again";
  return undefined;
}

/**
 * `createWorkflow()`: handlers that send each other events (`workflow.handle([a], () => b.with(…))`) may cycle,
 * calling the model on every turn. Once every file is read, a workflow whose events form a cycle (or whose
 * handlers psf cannot read) is a run whose bound is decided by the handlers' code; an acyclic one is not a loop.
 */
function eventWorkflow(site: CallSite, b: Builder): void {
  b.compiledGraphs.set(`llamaindex-workflow:${ctorKey(site.ir)}`, () => {
    const why = mayCycle(b, site.file);
    if (!why) return;
    addRun(b, site, { framework: "llamaindex", api: "createWorkflow() (an event-driven workflow)", bound: { kind: "dynamic", text: "the events its handlers send each other", reason: `${why}: how many steps run is decided by the handlers' code` }, signal: false, telemetry: false, tools: [] });
  });
}

/** `new OpenAIAgent({ llm, tools })` and the other AgentRunner agents: chat() stops after MAX_TOOL_CALLS tool calls. */
function runnerAgent(site: CallSite, b: Builder, cls: string): void {
  if (noLlm(site, site.arg(0))) settingsLlm(site, b);
  addRun(b, site, { framework: "llamaindex", api: `new ${cls}`, bound: defaultBound(DEFAULTS.llamaIndexTsMaxToolCalls), signal: false, telemetry: false, ...runTools(site, site.ir) });
}

/** The agents a multiAgent / AgentWorkflow is built from (`agents: [a, b]`, `rootAgent`). */
function memberAgents(site: CallSite, call: { args: readonly Sym[] }): Extract<Sym, { k: "call" }>[] {
  const opts = call.args[0];
  const out: Extract<Sym, { k: "call" }>[] = [];
  const list = site.R(site.prop(opts, "agents")?.v);
  const items = list?.k === "arr" ? [...list.items] : [];
  const root = site.prop(opts, "rootAgent")?.v;
  if (root) items.push(root);
  for (const it of items) {
    const a = site.R(it);
    if (a?.k === "call") out.push(a);
  }
  return out;
}

/** The tools a workflow's model may call: its own `tools`, or those of every agent a multiAgent holds. */
function runTools(site: CallSite, call: { args: readonly Sym[] }): { tools: string[]; opaqueTools?: ReturnType<typeof opaqueTools> } {
  const members = memberAgents(site, call);
  const sources = members.length ? members.map((m) => m.args[0]) : [call.args[0]];
  const tools: string[] = [];
  const opaque: ReturnType<typeof opaqueTools> = [];
  for (const opts of sources) {
    tools.push(...toolList(site, site.prop(opts, "tools")?.v));
    opaque.push(...opaqueTools(site, opts));
  }
  return { tools: [...new Set(tools)], ...(opaque.length ? { opaqueTools: opaque } : {}) };
}

/** Names in a tools array: `tool({ name })` definitions and the @llamaindex/tools factories (`wiki()` is "wikipedia"). */
function toolList(site: CallSite, tools: Sym | undefined): string[] {
  const list = site.R(tools);
  if (list?.k !== "arr") return [];
  const names: string[] = [];
  for (const it of list.items) {
    const t = site.R(it);
    if (t?.k !== "call") continue;
    const q = site.qualify(t.callee);
    const built = q?.root.k === "import" && q.path.length === 0 ? builtInName(q.root.name, q.root.module) : undefined;
    const n = built ?? declaredToolName(site, t.args);
    if (n) names.push(n);
  }
  return names;
}

/** `mcp({ command, args })` (stdio) or `mcp({ url, useSSETransport })`: every tool the server lists is given to the agent, unfiltered. */
function mcpServer(site: CallSite, b: Builder): void {
  const o = site.arg(0);
  const url = site.prop(o, "url");
  if (url) {
    const sse = site.prop(o, "useSSETransport");
    server(site, b, { name: "remote", source: "mcp() (@llamaindex/tools)", transport: sse?.v.k === "bool" && sse.v.v ? "sse" : "http", url: url.v });
    return;
  }
  const command = commandLine(site, site.prop(o, "command")?.v, site.prop(o, "args")?.v);
  server(site, b, { name: nameFromCommand(command), source: "mcp() (@llamaindex/tools)", transport: "stdio", command, env: site.prop(o, "env")?.v });
}

/** `Settings.callbackManager.on("llm-tool-call", handler)`: a hook on every model or tool call LlamaIndex.TS makes. */
function traceHook(site: CallSite, b: Builder): void {
  const ev = site.arg(0);
  if (ev?.k !== "str" || !TRACE_EVENTS.has(ev.v) || !site.arg(1)) return;
  (b.facts.tracing.frameworks ??= []).push({ framework: "llamaindex", loc: site.loc });
}
