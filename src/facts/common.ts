import { PROVIDER_DEFAULTS } from "./defaults.js";
import { approvalOf, type Builder, type CallSite, isAuditName, loc } from "./context.js";
import { show, type Sym } from "./sym.js";
import { toBound, toStringValue } from "./values.js";
import type { AgentRun, Bound, Framework, ModelCall, ModelClient, OutboundUrl, SourceLocation, Span, StringValue, ToolDef } from "./types.js";

/** Record a model client (and its base URL as an outbound URL site). */
export function addClient(b: Builder, site: CallSite, c: { framework: Framework; provider: string; api: string; baseURL?: Sym; apiKey?: Sym; baseLoc?: SourceLocation; defaultsFrom?: string; baseOption?: string; at?: SourceLocation }): { client: ModelClient; url?: OutboundUrl } {
  const defaults = PROVIDER_DEFAULTS[c.defaultsFrom ?? c.provider];
  const baseURL = toStringValue(c.baseURL);
  const apiKey = c.apiKey ? redactValue(toStringValue(c.apiKey)) : undefined;
  const client: ModelClient = {
    // `at`: where the client is made when that is not the call site (a model option, an options object).
    loc: c.at ?? site.loc, framework: c.framework, provider: c.provider, api: c.api, baseURL,
    ...(c.baseOption ? { baseOption: c.baseOption } : {}),
    ...(baseURL.kind === "absent" && defaults?.envBaseURL ? { envDefault: defaults.envBaseURL } : {}),
    ...(defaults ? { defaultHost: defaults.host } : {}),
    ...(apiKey ? { apiKey } : {}),
    traced: site.root?.traced ?? false,
  };
  b.facts.modelClients.push(client);
  const url: StringValue = baseURL.kind !== "absent" ? baseURL : defaults?.envBaseURL ? { kind: "env", name: defaults.envBaseURL, fallback: defaults.host } : defaults ? { kind: "literal", text: defaults.host } : baseURL;
  if (url.kind === "absent") return { client };
  const made: OutboundUrl = { loc: c.baseLoc ?? site.loc, api: `baseURL (${c.api})`, url };
  b.facts.urls.push(made);
  return { client, url: made };
}

/** A literal key passed as `apiKey` is never kept: only its redacted form. */
function redactValue(v: StringValue): StringValue {
  if (v.kind === "literal") return { kind: "literal", text: v.text.length > 8 ? `${v.text.slice(0, 3)}…${v.text.slice(-4)}` : "…" };
  if (v.kind === "prefix") return { kind: "dynamic", text: "…", reason: "partly literal" };
  return v;
}

export interface RunOptions {
  signal: boolean;
  timeout?: { ms?: number; loc: SourceLocation };
}

/** `signal` / `abortSignal` / `timeout` in a run's options. */
export function runOptions(site: CallSite, obj: Sym | undefined, b: Builder): RunOptions {
  const sig = site.prop(obj, "signal") ?? site.prop(obj, "abortSignal");
  const out: RunOptions = { signal: !!sig };
  if (sig) {
    const ms = timeoutMs(site, sig.v);
    if (ms !== undefined) out.timeout = { ...(ms >= 0 ? { ms } : {}), loc: sig.loc };
  }
  const t = site.prop(obj, "timeout") ?? site.prop(obj, "timeoutMs");
  if (t) {
    out.timeout = { ...(t.v.k === "num" ? { ms: t.v.v } : {}), loc: t.loc };
    b.facts.timeouts.push({ loc: t.loc, kind: "timeout-option", ...(t.v.k === "num" ? { ms: t.v.v } : {}) });
  }
  return out;
}

/** `AbortSignal.timeout(ms)` (also inside `AbortSignal.any([...])`): ms, -1 when not a literal, undefined when not a timeout. */
function timeoutMs(site: CallSite, s: Sym): number | undefined {
  const r = site.R(s);
  if (!r || r.k !== "call") return undefined;
  const q = site.qualify(r.callee);
  if (q?.root.k === "global" && q.root.name === "AbortSignal") {
    if (q.path[0] === "timeout") {
      const a = site.R(r.args[0]);
      return a?.k === "num" ? a.v : -1;
    }
    if (q.path[0] === "any") {
      const arr = site.R(r.args[0]);
      if (arr?.k === "arr") for (const it of arr.items) {
        const ms = timeoutMs(site, it);
        if (ms !== undefined) return ms;
      }
    }
  }
  return undefined;
}

/** The bound an option states (`maxTurns: 8`, `max_iterations=N`): its number, or what it is when the source does not state one. */
export function givenBound(site: CallSite, o: { v: Sym; loc: SourceLocation }): { bound: Bound; boundLoc: SourceLocation } {
  return { bound: toBound(o.v) ?? { kind: "dynamic", text: site.show(o.v), reason: "not a number the source states" }, boundLoc: o.loc };
}

export function addRun(b: Builder, site: CallSite, r: Omit<AgentRun, "loc" | "audited" | "fn"> & { loc?: SourceLocation }): number {
  const run: AgentRun = { ...r, loc: r.loc ?? site.loc, audited: false, ...(site.ir.fn ? { fn: site.ir.fn } : {}) };
  b.facts.agentRuns.push(run);
  b.markAction(site, r.signal);
  if (r.telemetry) for (const t of r.tools) b.tracedToolNames.add(t);
  return b.facts.agentRuns.length - 1;
}

/**
 * The first call of an agent takes the place of the run its construction held for it (Strands: an
 * agent built in one place and run in another is one run, where it runs): the held run gets the
 * call's place, bound and signal, and no construction points at it any more.
 */
export function takeOverRun(site: CallSite, b: Builder, idx: number, r: Partial<AgentRun> & Pick<AgentRun, "api" | "bound" | "signal">): AgentRun {
  for (const [k, i] of b.agentByCtor) if (i === idx) b.agentByCtor.delete(k);
  const at = b.facts.agentRuns[idx]!;
  delete at.boundLoc;
  Object.assign(at, r, { loc: site.loc }, site.ir.fn ? { fn: site.ir.fn } : {});
  b.markAction(site, r.signal);
  return at;
}

export function addModelCall(b: Builder, site: CallSite, c: Omit<ModelCall, "loc" | "audited" | "fn">): void {
  b.facts.modelCalls.push({ ...c, loc: site.loc, audited: false, ...(site.ir.fn ? { fn: site.ir.fn } : {}) });
  b.markAction(site, c.signal);
}

/** Options that hold a tool's implementation, in the factories psf reads (execute, func, handler, run, …). */
const BODY_KEYS = ["execute", "func", "handler", "run", "invoke", "call", "fn", "_call"];

/**
 * The name a tool factory's options declare: `name`, `toolName` or `id` as a literal string, in the
 * first object argument (`tool({ name })`, `createTool({ id })`) or the second (`tool(fn, { name })`).
 */
export function declaredToolName(site: CallSite, args: readonly (Sym | undefined)[] = site.ir.args): string | undefined {
  for (const a of args.slice(0, 2)) {
    for (const key of ["name", "toolName", "id"]) {
      const p = site.prop(a, key);
      if (p?.v.k === "str" && p.v.v) return p.v.v;
    }
  }
  return undefined;
}

/** The first function a factory call is given: an argument, or an implementation option of an object argument. */
export function implementationOf(site: CallSite, args: readonly Sym[] = site.ir.args): Sym | undefined {
  for (const raw of args) {
    const a = site.R(raw);
    if (a?.k === "fn" || a?.k === "fnref") return a;
    if (a?.k !== "obj") continue;
    for (const key of BODY_KEYS) {
      const p = site.prop(a, key);
      if (p && (p.v.k === "fn" || p.v.k === "fnref" || p.v.k === "call")) return p.v;
    }
  }
  return undefined;
}

/** Tools whose implementation is a project function named by reference (`execute: wipe`): its id, given a body once every file is walked. */
const bodyRefs = new WeakMap<ToolDef, string>();
export function bodyRefOf(t: ToolDef): string | undefined {
  return bodyRefs.get(t);
}

/**
 * Tools whose name the definition does not declare (the variable or key it was assigned to stands
 * in), and the project function the definition sits in: a factory whose callers name the tools.
 */
const undeclared = new WeakMap<ToolDef, { fn?: string; factory: boolean }>();
export function undeclaredName(t: ToolDef): { fn?: string; factory: boolean } | undefined {
  return undeclared.get(t);
}

/** Where each tool's defining call is, for "is this operation inside that definition" when its body is not a plain function. */
const definitionSpans = new WeakMap<ToolDef, Span>();
export function definitionSpan(t: ToolDef): Span | undefined {
  return definitionSpans.get(t);
}

/** A tool definition. `body` may be a function, or a wrapper call around one (`withAudit(fn)`); when none is given, the factory's arguments are searched. */
/**
 * A tool a library defines (a framework's built-in, a vended tool): no body in this source, recorded at
 * `at` (the option that hands it to the agent) or the call, and labelled by where it comes from.
 */
export function addBuiltInTool(b: Builder, site: CallSite, d: { name: string; framework: Framework; from?: string; at?: SourceLocation; approval?: { v: Sym; loc: SourceLocation } }): ToolDef {
  const t = addTool(b, site, { name: d.name, framework: d.framework, ...(d.approval ? { approval: d.approval } : {}), body: { k: "null" } });
  if (d.at) t.loc = d.at;
  if (d.from) t.builtIn = d.from;
  delete t.varName;
  return t;
}

export function addTool(b: Builder, site: CallSite, t: { name?: string; framework: Framework; approval?: { v: Sym; loc: SourceLocation }; body?: Sym }): ToolDef {
  const name = t.name ?? site.ir.propKey ?? site.ir.varName ?? "<anonymous tool>";
  let body: Span | undefined;
  let auditedBy: string | undefined;
  const s = site.R(t.body) ?? implementationOf(site);
  if (s?.k === "fn") body = { file: s.at.file, start: s.start, end: s.end };
  else if (s?.k === "call") {
    const wrapper = show(s.callee);
    const inner = s.args.map((a) => site.R(a)).find((a) => a?.k === "fn");
    if (inner?.k === "fn") body = { file: inner.at.file, start: inner.start, end: inner.end };
    if (isAuditName(wrapper)) auditedBy = `wrapped by ${wrapper}`;
  }
  const tool: ToolDef = {
    name, loc: site.loc, framework: t.framework, approval: approvalOf(t.approval?.v),
    ...(t.approval ? { approvalLoc: t.approval.loc } : {}),
    ...(body ? { body } : {}),
    ...(s?.k === "fn" && s.empty ? { noop: true as const } : {}),
    audited: auditedBy !== undefined,
    ...(auditedBy ? { auditedBy } : {}),
    ...(site.ir.varName ? { varName: site.ir.varName } : {}),
  };
  b.facts.tools.push(tool);
  definitionSpans.set(tool, { file: site.file, start: site.ir.at.pos, end: site.ir.end });
  if (t.name === undefined) {
    // A factory: inside a project function, named neither by a key nor a variable, or by a name option computed from its inputs.
    const computedName = site.ir.args.slice(0, 2).some((a) => ["name", "toolName", "id"].some((k) => site.has(a, k)));
    const factory = !!site.ir.fn && (computedName || (!site.ir.propKey && !site.ir.varName));
    undeclared.set(tool, { ...(site.ir.fn ? { fn: site.ir.fn } : {}), factory });
  }
  if (s?.k === "fnref") bodyRefs.set(tool, s.id);
  return tool;
}

/** Tool names in a `tools` option: object keys, or `name`s of an array of tools; remembers `{ key: var }` renames. */
export function toolNames(site: CallSite, tools: Sym | undefined, b: Builder): string[] {
  const t = site.R(tools);
  if (!t) return [];
  if (t.k === "obj") {
    const raw = tools;
    // Map `{ key: varName }` to the tool built in `const varName = tool(...)`.
    if (raw && raw.k === "obj") for (const [key, p] of Object.entries(raw.props)) {
      const v = p.v;
      if (v.k === "call") b.toolKeys.set(`${v.at.file}:${v.at.line}:${v.at.column}`, key);
    }
    return Object.keys(t.props);
  }
  if (t.k === "arr") {
    const names: string[] = [];
    for (const it of t.items) {
      const r = site.R(it);
      if (r?.k === "call") {
        const n = declaredToolName(site, r.args);
        if (n) names.push(n);
      }
    }
    return names;
  }
  return [];
}

export { loc };
