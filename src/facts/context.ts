import { qualify, resolve, show, type ExportTable, type Pos, type Prop, type Qualified, type Sym } from "./sym.js";
import type { CallIR } from "./ir.js";
import type { Facts, SourceLocation } from "./types.js";
import { AUDIT_RE } from "./ir.js";
import { npmPackageOf } from "../sources/inventory.js";

export function loc(p: Pos): SourceLocation {
  return { file: p.file, line: p.line, column: p.column };
}

/** One call site as recognizers see it: callee resolved across the project, arguments resolved on demand. */
export class CallSite {
  readonly callee: Sym;
  readonly q: Qualified;
  /** The package the callee chain starts from (through instances: `new OpenAI().chat.completions.create`). */
  readonly root: { module: string; name: string; instance: boolean; call?: Extract<Sym, { k: "call" }>; traced: boolean } | undefined;
  // The line and column of a call are worked out when first read: most call sites never become a
  // fact, and a project has hundreds of thousands of them.
  declare private cachedLoc?: SourceLocation;

  constructor(readonly file: string, readonly ir: CallIR, private readonly table: ExportTable) {
    this.callee = resolve(ir.callee, table);
    const { q, traced } = unwrapTracer(qualify(this.callee), table);
    this.q = q;
    this.root = rootOf(q, traced);
  }

  get loc(): SourceLocation {
    return (this.cachedLoc ??= loc(this.ir.at));
  }

  /** The last name in the callee chain (`create` in `client.chat.completions.create`). */
  get method(): string {
    const p = this.q.path;
    if (p.length) return p[p.length - 1]!;
    return this.root?.instance ? "" : (this.root?.name ?? (this.q.root.k === "global" ? this.q.root.name : ""));
  }
  get pathText(): string {
    return this.q.path.join(".");
  }

  R(s: Sym | undefined): Sym | undefined {
    return s === undefined ? undefined : resolve(s, this.table);
  }
  arg(i: number): Sym | undefined {
    return this.R(this.ir.args[i]);
  }
  /** A property of an object argument (resolved), with where it is written. */
  prop(obj: Sym | undefined, key: string): { v: Sym; loc: SourceLocation } | undefined {
    const o = this.R(obj);
    if (!o || o.k !== "obj") return undefined;
    const p: Prop | undefined = o.props[key];
    if (!p) return undefined;
    return { v: this.R(p.v)!, loc: loc(p.at) };
  }
  has(obj: Sym | undefined, key: string): boolean {
    const o = this.R(obj);
    return !!o && o.k === "obj" && key in o.props;
  }
  /** Keys of an object argument; undefined when the value is not an object literal. */
  keys(obj: Sym | undefined): string[] | undefined {
    const o = this.R(obj);
    return o && o.k === "obj" ? Object.keys(o.props) : undefined;
  }
  qualify(s: Sym | undefined): Qualified | undefined {
    const r = this.R(s);
    return r ? unwrapTracer(qualify(r), this.table).q : undefined;
  }
  show(s: Sym | undefined): string {
    return s ? show(s) : "";
  }
}

/** `wrapOpenAI(new OpenAI())`, `observeOpenAI(client)`: the wrapped client, marked traced. */
function unwrapTracer(q: Qualified, table: ExportTable): { q: Qualified; traced: boolean } {
  if (q.root.k === "instance") {
    const ctor = q.root.ctor;
    const name = ctor.root.k === "import" ? ctor.root.name : ctor.root.k === "global" ? ctor.root.name : "";
    const inner = q.root.call.args[0];
    if (!q.root.call.isNew && ctor.path.length === 0 && /^(wrap|observe|instrument|trace)/i.test(name) && inner) {
      const iq = qualify(resolve(inner, table));
      if (iq.root.k === "instance") return { q: { root: iq.root, path: q.path }, traced: true };
    }
    const deeper = unwrapTracer(ctor, table);
    if (deeper.traced) return { q: { root: { ...q.root, ctor: deeper.q }, path: q.path }, traced: true };
  }
  return { q, traced: false };
}

function rootOf(q: Qualified, traced: boolean): CallSite["root"] {
  let cur = q;
  let instance = false;
  let call: Extract<Sym, { k: "call" }> | undefined;
  // One step per call in a method chain (see MAX_CHAIN in sym.ts).
  for (let i = 0; i < 96; i++) {
    if (cur.root.k === "import") return { module: cur.root.module, name: cur.root.name === "*" ? "default" : cur.root.name, instance, call, traced };
    if (cur.root.k === "instance") {
      instance = true;
      call ??= cur.root.call;
      cur = cur.root.ctor;
      continue;
    }
    return undefined;
  }
  return undefined;
}

const NO_EXPORTS: ExportTable = new Map();

/**
 * The npm package a call's root is (as CallSite.root gives it) when that can be known from the file
 * alone: the callee holds no import of a project file, so resolving it across the project changes
 * nothing. Undefined when it may hold one, or the root is no package.
 */
export function packageRootOf(callee: Sym): string | undefined {
  // Most callees start at a project function, a parameter or a global: no package, and nothing to build.
  let s = callee;
  let links = 0, calls = false;
  for (; s.k === "member" || s.k === "call"; links++) {
    if (s.k === "call") calls = true;
    s = s.k === "member" ? s.obj : s.callee;
  }
  if (s.k !== "import" || s.project) return undefined;
  // A plain member chain on a package's import (`z.object`, `path.join`, `ns.a.b`): the package,
  // as the general case below would give it (a chain far longer than any real one stays unknown there).
  if (!calls && links <= 64) return s.module;
  if (mayHoldProjectImport(callee, 0)) return undefined;
  const r = resolve(callee, NO_EXPORTS);
  const { q, traced } = unwrapTracer(qualify(r), NO_EXPORTS);
  return rootOf(q, traced)?.module;
}

function mayHoldProjectImport(s: Sym, depth: number): boolean {
  if (depth > 24) return true;
  // Loops rather than some(): this runs on every call the walk sees on a package, and a closure per list adds up.
  switch (s.k) {
    case "import": return s.project;
    case "member": return mayHoldProjectImport(s.obj, depth + 1);
    case "call": return mayHoldProjectImport(s.callee, depth + 1) || anyHolds(s.args, depth + 1);
    case "cat": return anyHolds(s.parts, depth + 1);
    case "url": return mayHoldProjectImport(s.path, depth + 1) || mayHoldProjectImport(s.base, depth + 1);
    case "or": return anyHolds(s.options, depth + 1);
    case "arr": return anyHolds(s.items, depth + 1);
    case "obj": {
      for (const key in s.props) if (mayHoldProjectImport(s.props[key]!.v, depth + 1)) return true;
      return false;
    }
    default: return false;
  }
}

function anyHolds(list: readonly Sym[], depth: number): boolean {
  for (let i = 0; i < list.length; i++) if (mayHoldProjectImport(list[i]!, depth)) return true;
  return false;
}

/** Everything recognizers add; the post-pass in extract.ts completes it. */
export class Builder {
  readonly facts: Facts = {
    files: [], parseErrors: [], unanalysed: [], modelClients: [], modelCalls: [], agentRuns: [], tools: [], approvals: [], loops: [], queues: [], recursion: [],
    urls: [], envReads: [], secrets: [], destructive: [], timeouts: [], modelGuards: [], mcpServers: [], tracing: {},
  };
  /** `tools: { key: someVar }` in a run: the tool assigned to someVar is named key. */
  readonly toolKeys = new Map<string, string>();
  /** Runs' telemetry by tool name (a tool given to a traced run is traced). */
  readonly tracedToolNames = new Set<string>();
  /** Agents constructed once and run elsewhere: construction key (file:pos) → run index. */
  readonly agentByCtor = new Map<string, number>();
  /** OpenAI Agents default-client sites, dropped when the project sets its own client. */
  readonly openaiAgentsDefaultClients: number[] = [];
  openaiAgentsCustomClient = false;
  /** `setTraceProcessors([...])` replaced OpenAI Agents' default trace exporter (which posts to api.openai.com). */
  openaiAgentsOwnTraceProcessors = false;
  mastraTelemetry = false;
  /**
   * What is recorded after every call site is read, by construction: a graph compiled in the source
   * and run by no source line is run by something else (the LangGraph server, a platform) with the
   * default limit, and is recorded so; other recognizers queue here what only the whole project decides
   * (an agent run by no line, a workflow whose handlers loop). `ranGraphs` cancels an entry.
   */
  compiledGraphs = new Map<string, () => void>();
  ranGraphs = new Set<string>();
  /** `.withConfig({ recursionLimit })` on a compiled graph: the bound its runs inherit. */
  graphPresets = new Map<string, { bound: import("./types.js").Bound; loc: SourceLocation }>();
  /** A `.withConfig()` result → the compiled graph it configures. */
  graphAliases = new Map<string, string>();
  /** An Inngest function (`inngest.createFunction({ cancelOn, timeouts })`): AgentKit networks run inside one, and Inngest cancels or times them out from outside the agent. */
  /** An Inngest function's cancelOn and finish timeout, and where one is defined (its step trace records AgentKit's model and tool calls). */
  inngestControls: { cancelOn?: SourceLocation; timeout?: { ms?: number; loc: SourceLocation }; fn?: SourceLocation } = {};
  /** MCP server parameters (`StdioServerParameters(…)`) already recorded as part of the toolset that wraps them (file:line:col). */
  readonly claimedMcpSites = new Set<string>();
  /** Code executors by where they are built (file:line:col) → where a person's approval of each use is set, or null once an agent uses it with none. */
  readonly approvedExecutors = new Map<string, SourceLocation | null>();
  /** Call-graph edges: caller fn id → callee fn ids. */
  readonly edges = new Map<string, Set<string>>();
  /** Offsets (per file) of calls that are model calls, agent runs or tool executions, for loops and recursion. */
  readonly actionCalls = new Map<string, { pos: number; loc: SourceLocation; fn?: string; signal: boolean }[]>();

  markAction(site: CallSite, signal = false): void {
    const list = this.actionCalls.get(site.file) ?? [];
    list.push({ pos: site.ir.at.pos, loc: site.loc, fn: site.ir.fn, signal });
    this.actionCalls.set(site.file, list);
  }
}

/**
 * State a recognizer keeps for one extraction (one Builder), made by `make` the first time it is asked
 * for: `const stateOf = perRun(() => new Map<…>())`, then `stateOf(b)`.
 */
export function perRun<T>(make: (b: Builder) => T): (b: Builder) => T {
  const byRun = new WeakMap<Builder, T>();
  return (b) => {
    let v = byRun.get(b);
    if (v === undefined) byRun.set(b, (v = make(b)));
    return v;
  };
}

export function ctorKey(call: { at: Pos }): string {
  return `${call.at.file}:${call.at.pos}`;
}

export function isAuditName(name: string): boolean {
  return AUDIT_RE.test(name);
}

/** Is this Sym truthy-literal / falsy-literal / a function / unknown? */
export function approvalOf(s: Sym | undefined): "always" | "conditional" | "never" | "none" {
  if (!s || s.k === "undef") return "none";
  if (s.k === "bool") return s.v ? "always" : "never";
  if (s.k === "fn" || s.k === "fnref") return "conditional";
  if (s.k === "obj") return "always";
  return "conditional";
}

export interface Recognizer {
  /**
   * The AI packages this recognizer reads, as the inventory reports them (`@scope/*` for a whole
   * scope, `!name` to leave one out of it). Each must be listed in checklists/ai-packages.yaml (a
   * test checks). The recognizer handles these packages' modules and their subpaths (readsModule);
   * empty for non-AI libraries (HTTP, Node builtins), which name their modules in `alsoReads`.
   */
  packages: readonly string[];
  /** Module specifiers it handles beyond its packages: path aliases, non-AI companions, whole families. */
  alsoReads?(module: string): boolean;
  recognize(site: CallSite, b: Builder): void;
}

/** Does a package list (`name`, `@scope/*` or `prefix-*`, `!name`) cover this package? */
export function listCovers(list: readonly string[], name: string): boolean {
  if (list.includes(`!${name}`)) return false;
  return list.some((p) => p === name || (p.endsWith("*") && !p.startsWith("!") && name.startsWith(p.slice(0, -1))));
}

/** Whether a recognizer handles a module specifier: a module of one of its packages, or one it also reads. */
export function readsModule(r: Recognizer, module: string): boolean {
  const pkg = npmPackageOf(module);
  return (pkg !== undefined && listCovers(r.packages, pkg)) || (r.alsoReads?.(module) ?? false);
}
