/**
 * Symbolic values: what an expression is, as far as syntax tells, kept small enough to outlive the
 * syntax tree. The walk turns expressions into Syms (one file at a time, then the tree is dropped);
 * after every file is walked, `resolve` follows imports across the project's own modules.
 */
export interface Pos {
  file: string;
  line: number;
  column: number;
  /** Character offset in the file, for span containment. */
  pos: number;
}

/**
 * One file's name and where each of its lines starts, computed the first time a position in the
 * file is shown: the walk records many positions, and only those that end up in a fact are ever
 * turned into a line and column. Same rules as TypeScript's computeLineStarts (CR, LF, CRLF,
 * U+2028, U+2029).
 */
export class LineMap {
  private starts: Int32Array | undefined;
  /** `file#`, the start of every function id in the file (one string, shared). */
  readonly idPrefix: string;
  constructor(readonly file: string, private text: string) {
    this.idPrefix = `${file}#`;
  }

  /** Work out where each line starts now, and let go of the text (the file's text can then be collected). */
  seal(): void {
    this.starts ??= lineStarts(this.text);
    this.text = "";
  }

  /** Zero-based line of an offset. */
  lineOf(offset: number): number {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  startOf(line: number): number {
    return (this.starts ??= lineStarts(this.text))[line]!;
  }
}

/**
 * Where each line starts, as 32-bit offsets in an array of exactly that length (a file's texts are
 * far below 2 GiB): a record keeps this table for the whole run, and a plain array grown by push
 * holds 8 bytes an entry plus up to half again as many empty slots (8 MB for vercel/ai's million
 * lines, against 4 MB here).
 */
function lineStarts(text: string): Int32Array {
  if (!OTHER_LINE_BREAK.test(text)) {
    // Only LF: let indexOf do the scanning, once to count and once to fill.
    let n = 1;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
    const out = new Int32Array(n);
    n = 1;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) out[n++] = i + 1;
    return out;
  }
  const out: number[] = [];
  let pos = 0, lineStart = 0;
  while (pos < text.length) {
    const ch = text.charCodeAt(pos++);
    if (ch === 13) {
      if (text.charCodeAt(pos) === 10) pos++;
      out.push(lineStart);
      lineStart = pos;
    } else if (ch === 10 || ch === 0x2028 || ch === 0x2029) {
      out.push(lineStart);
      lineStart = pos;
    }
  }
  out.push(lineStart);
  return Int32Array.from(out);
}

const OTHER_LINE_BREAK = /[\r\u2028\u2029]/;

/** A position whose line and column (one-based) are worked out only when read. */
export class LazyPos implements Pos {
  constructor(readonly pos: number, private readonly lines: LineMap) {}
  get file(): string {
    return this.lines.file;
  }
  get line(): number {
    return this.lines.lineOf(this.pos) + 1;
  }
  get column(): number {
    return this.pos - this.lines.startOf(this.lines.lineOf(this.pos)) + 1;
  }
}

/**
 * The prototype of every `obj` Sym's props: empty and frozen, ending the chain at null, so a key
 * like `constructor` or `__proto__` is only ever the object's own. (Object.create(null) would give
 * the same chain but a dictionary-mode object: several times the memory, and slower to read.)
 */
const PROPS_PROTO: object = Object.freeze(Object.create(null) as object);

export function newProps(): Record<string, Prop> {
  return Object.create(PROPS_PROTO) as Record<string, Prop>;
}

export interface Prop {
  v: Sym;
  at: Pos;
}

export type Sym =
  | { k: "num"; v: number; via?: string }
  | { k: "str"; v: string; via?: string }
  | { k: "bool"; v: boolean }
  | { k: "null" }
  | { k: "undef" }
  | { k: "env"; name: string }
  /** Concatenation of parts (template literal, `+`). */
  | { k: "cat"; parts: Sym[] }
  | { k: "url"; path: Sym; base: Sym }
  /** An imported binding. `module` is a project file path for relative imports, else the package specifier. */
  | { k: "import"; module: string; name: string; project: boolean }
  | { k: "global"; name: string }
  /** An object (a Python dict); `kw` marks the keyword arguments of a Python call, kept as its last argument. */
  | { k: "obj"; props: Record<string, Prop>; spread: boolean; at: Pos; kw?: boolean }
  | { k: "arr"; items: Sym[] }
  | { k: "call"; callee: Sym; args: Sym[]; at: Pos; isNew: boolean }
  | { k: "member"; obj: Sym; name: string }
  /** A function literal; start/end are offsets of its body in the file. */
  /** `empty`: the body is `{}` — the function does nothing (a routing tool's `handler: async () => {}`). */
  | { k: "fn"; at: Pos; start: number; end: number; id: string; empty?: true }
  /** A project function declaration, referenced by id. */
  | { k: "fnref"; id: string }
  /** One of several values (`a ?? b`, `c ? a : b`). */
  | { k: "or"; options: Sym[] }
  | { k: "unknown"; text: string; why: string };

export const UNKNOWN = (text: string, why: string): Sym => ({ k: "unknown", text: text.length > 80 ? `${text.slice(0, 77)}...` : text, why });

/** Exported bindings of one project file, as Syms, for cross-file resolution. */
export interface ModuleExports {
  names: Map<string, Sym>;
  /** `export * from "./x"`: project files (resolved) to search next. */
  star: string[];
}

export type ExportTable = Map<string, ModuleExports>;

const MAX_DEPTH = 12;
/**
 * A method chain (`new StateGraph(S).addNode(…)…addEdge(…).compile()`) is one link per call and member,
 * bounded by the source text rather than by import cycles: it gets its own, larger limit, so a
 * builder with many nodes still resolves to the class it started from.
 */
const MAX_CHAIN = 96;

/**
 * Follow project-internal imports (and re-exports) until a value, a package import, or an unknown
 * remains. Members of objects and namespace imports are folded where the object is known.
 */
export function resolve(sym: Sym, table: ExportTable, depth = 0, chain = 0): Sym {
  if (depth > MAX_DEPTH || chain > MAX_CHAIN) return UNKNOWN("…", "too deeply nested to resolve");
  switch (sym.k) {
    case "import": {
      if (!sym.project) return sym;
      const hit = lookupExport(sym.module, sym.name, table, new Set());
      if (!hit) return UNKNOWN(sym.name, `imported from ${sym.module}, which does not export it (or is not part of the analysed files)`);
      return resolve(hit, table, depth + 1);
    }
    case "member": {
      const obj = resolve(sym.obj, table, depth, chain + 1);
      if (obj.k === "obj") {
        const p = obj.props[sym.name];
        if (p) return resolve(p.v, table, depth + 1);
        return UNKNOWN(sym.name, `property ${sym.name} is not set in the object`);
      }
      if (obj.k === "import" && obj.name === "*") {
        return resolve({ k: "import", module: obj.module, name: sym.name, project: obj.project }, table, depth + 1);
      }
      if (obj === sym.obj) return sym;
      return { k: "member", obj, name: sym.name };
    }
    case "cat": {
      const parts = mapShared(sym.parts, (p) => resolve(p, table, depth + 1));
      return parts === sym.parts ? sym : { k: "cat", parts };
    }
    case "url": {
      const path = resolve(sym.path, table, depth + 1), base = resolve(sym.base, table, depth + 1);
      return path === sym.path && base === sym.base ? sym : { k: "url", path, base };
    }
    case "or": {
      const options = mapShared(sym.options, (o) => resolve(o, table, depth + 1));
      return options === sym.options ? sym : { k: "or", options };
    }
    case "call": {
      const callee = resolve(sym.callee, table, depth, chain + 1);
      const args = mapShared(sym.args, (a) => resolve(a, table, depth + 1));
      return callee === sym.callee && args === sym.args ? sym : { ...sym, callee, args };
    }
    case "arr": {
      const items = mapShared(sym.items, (i) => resolve(i, table, depth + 1));
      return items === sym.items ? sym : { k: "arr", items };
    }
    default:
      return sym;
  }
}

/** Map without copying when nothing changes: resolution runs on every call site, most of which need none. */
function mapShared(list: Sym[], f: (s: Sym) => Sym): Sym[] {
  let out: Sym[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const v = f(list[i]!);
    if (v !== list[i] && !out) out = list.slice(0, i);
    if (out) out.push(v);
  }
  return out ?? list;
}

function lookupExport(file: string, name: string, table: ExportTable, seen: Set<string>): Sym | undefined {
  if (seen.has(file)) return undefined;
  seen.add(file);
  const mod = table.get(file);
  if (!mod) return undefined;
  if (name === "*") {
    const props = newProps();
    const at = { file, line: 1, column: 1, pos: 0 };
    for (const [n, v] of mod.names) props[n] = { v, at };
    return { k: "obj", props, spread: mod.star.length > 0, at };
  }
  const direct = mod.names.get(name);
  if (direct) return direct;
  for (const next of mod.star) {
    const hit = lookupExport(next, name, table, seen);
    if (hit) return hit;
  }
  return undefined;
}

/** Text for messages: a short rendering of a Sym. */
export function show(sym: Sym): string {
  switch (sym.k) {
    case "num": return sym.via ? `${sym.via} (${sym.v})` : String(sym.v);
    case "str": return JSON.stringify(sym.v);
    case "bool": return String(sym.v);
    case "null": return "null";
    case "undef": return "undefined";
    case "env": return `process.env.${sym.name}`;
    case "cat": return "`" + sym.parts.map((p) => (p.k === "str" ? p.v : "${" + show(p) + "}")).join("") + "`";
    case "url": return `new URL(${show(sym.path)}, ${show(sym.base)})`;
    case "import": return sym.name === "default" || sym.name === "*" ? sym.module : sym.name;
    case "global": return sym.name;
    case "obj": return "{…}";
    case "arr": return "[…]";
    case "call": return `${show(sym.callee)}(…)`;
    case "member": return `${show(sym.obj)}.${sym.name}`;
    case "fn": return "function";
    case "fnref": return sym.id.slice(sym.id.indexOf("#") + 1);
    case "or": return sym.options.map(show).join(" ?? ");
    case "unknown": return sym.text;
  }
}

/** A number, when the value is one (following `or` only when every option agrees on being a number: the largest wins). */
export function asNumber(sym: Sym): { value: number; via?: string } | undefined {
  if (sym.k === "num") return { value: sym.v, via: sym.via };
  return undefined;
}

/** The name of a qualified callee: the imported name or global, then the member path. */
export interface Qualified {
  /** Where the chain starts. */
  root:
    | { k: "import"; module: string; name: string }
    | { k: "global"; name: string }
    /** An instance made by `new X(...)` or a factory call `x(...)`: its constructor is itself qualified. */
    | { k: "instance"; ctor: Qualified; call: Extract<Sym, { k: "call" }> }
    | { k: "fnref"; id: string }
    | { k: "unknown"; text: string };
  /** Member names after the root (`chat.completions.create`). */
  path: string[];
}

export function qualify(sym: Sym, depth = 0): Qualified {
  if (depth > MAX_CHAIN) return { root: { k: "unknown", text: "…" }, path: [] };
  switch (sym.k) {
    case "import": return { root: { k: "import", module: sym.module, name: sym.name }, path: [] };
    case "global": return { root: { k: "global", name: sym.name }, path: [] };
    case "fnref": return { root: { k: "fnref", id: sym.id }, path: [] };
    case "member": {
      const q = qualify(sym.obj, depth + 1);
      // `ns.x` on a namespace import is the import `x`.
      if (q.root.k === "import" && q.path.length === 0 && (q.root.name === "*")) {
        return { root: { k: "import", module: q.root.module, name: sym.name }, path: [] };
      }
      // Every Qualified qualify returns is new, so its path can grow in place (a copy per link made long chains quadratic).
      q.path.push(sym.name);
      return q;
    }
    case "call": return { root: { k: "instance", ctor: qualify(sym.callee, depth + 1), call: sym }, path: [] };
    case "or": {
      for (const o of sym.options) {
        const q = qualify(o, depth + 1);
        if (q.root.k !== "unknown") return q;
      }
      return { root: { k: "unknown", text: show(sym) }, path: [] };
    }
    case "unknown": return { root: { k: "unknown", text: sym.text }, path: [] };
    default: return { root: { k: "unknown", text: show(sym) }, path: [] };
  }
}

/** `module#name.path` for an import root, `global:name.path`, else undefined. */
export function qualifiedName(q: Qualified): string | undefined {
  const tail = q.path.length ? `.${q.path.join(".")}` : "";
  if (q.root.k === "import") return `${q.root.module}#${q.root.name}${tail}`;
  if (q.root.k === "global") return `global:${q.root.name}${tail}`;
  return undefined;
}

