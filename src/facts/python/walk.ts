import { mirror, type PyNode as Node } from "./tree.js";
import { findSecrets } from "../secrets.js";
import { LazyPos, LineMap, newProps, UNKNOWN, type Pos, type Prop, type Sym } from "../sym.js";
import { AUDIT_RE, type CallIR, type FileIR, type FnIR, type LoopIR } from "../ir.js";
import { parsePython } from "./parser.js";
import { dottedName, isEnviron, QUEUE_BOUND } from "./names.js";
import { resolvePyModule } from "./modules.js";
import { collectNames, comparison, exitsEarly, firstComparison, firstTainted, isAlwaysTrue, isCounter, isLengthOf, lengthReceiver, named, notALimit, short, stringEquality, unwrap } from "./syntax.js";

/**
 * The Python front end: one parse (tree-sitter) and one walk per file into the same language-neutral
 * record the TypeScript walk produces (calls with Sym callees and arguments, loops, functions,
 * conditions, env reads, secrets, SQL, exports), then the tree is freed. Keyword arguments become
 * one object Sym (flagged `kw`) after the positional arguments; imports become import Syms with the
 * module's Python name (`openai`, `urllib.request`), or the project file for the project's own
 * modules; Python's builtins are imports from `builtins`; module-level names are the exports.
 */

type Binding =
  | { k: "import"; sym: Sym }
  | { k: "value"; node: Node; scope: Scope; memo?: Sym; busy?: boolean; name: string }
  | { k: "fn"; id: string }
  | { k: "class"; name: string }
  | { k: "opaque"; why: string; name: string };

interface Scope {
  vars: Map<string, Binding>;
  parent?: Scope;
  kind: "module" | "function" | "class";
}

interface ClassInfo {
  name: string;
  /** Method name → function id. */
  methods: Map<string, string>;
  /** `self.x = …` (and class-level `x = …`): the value and the function it is assigned in; null when assigned more than once. */
  attrs: Map<string, { value: Node; fn?: Node } | null>;
}

interface Frame {
  params: readonly string[];
  tainted: Map<string, Pos>;
  loops: LoopIR[];
  ir: FnIR | undefined;
  cls?: ClassInfo;
  selfName?: string;
}

/** Builtins that matter (they run code or reach files); every other unbound name is a plain global. */
const BUILTINS = new Set(["eval", "exec", "compile", "__import__", "open"]);
/** Method names worth recording on receivers the walk cannot name (parameters, attributes set at run time). */
const UNKNOWN_ROOT_METHODS = new Set([
  "create", "parse", "stream", "invoke", "ainvoke", "astream", "generate", "agenerate", "run", "arun", "run_sync", "execute", "executemany", "executescript",
  "drop_all", "kickoff", "unlink", "rmdir", "rmtree", "complete", "acomplete", "completion", "acompletion", "tool_runner", "run_tools",
]);
/** Calls that check a pause / kill / continue signal from inside a loop. */
const PAUSE_RE = /^(throw_?if_?aborted|check_?pause\w*|wait_?if_?paused|await_?resume|should_?continue|can_?continue|check_?continue|check_?kill\w*|is_?killed|is_?paused|should_?stop|should_?halt|check_?stop\w*|pause_?check|poll_?pause\w*|assert_?not_?paused|check_?signal|check_?control\w*|raise_?if_?cancell?ed|is_set|is_cancell?ed|cancell?ed|stop_?requested)$/i;
const DEPTH_RE = /depth|level|hops?$|generation|recurs/i;
const SQL_RE = /\b(DROP\s+(?:TABLE|DATABASE|SCHEMA|INDEX|VIEW)|TRUNCATE(?:\s+TABLE)?|DELETE\s+FROM)\b/i;
/** A call whose result is a model's answer (for model output flowing into conditions). */
const MODEL_CALL_TEXT = /\.(chat\.completions|responses|messages|completions)\.(create|parse)$|(^|\.)a?completion$|^(\w+\.)*(llm|model|chat\w*|agent\w*|\w*_model|\w*_llm|\w*_agent|\w*Model|\w*Agent)\.a?(invoke|generate|call|predict|run|chat|complete)$|^(\w+\.)?(run_sync|kickoff)$/;
const CONSUME = new Set(["pop", "popleft", "get", "get_nowait"]);
const PUSH = new Set(["append", "appendleft", "extend", "insert", "put", "put_nowait"]);

export function walkPythonFile(path: string, text: string, files: ReadonlySet<string>): FileIR {
  const tree = parsePython(text);
  let root: Node;
  try {
    root = mirror(tree, text);
  } finally {
    // WebAssembly memory is not garbage-collected: free the tree as soon as it is copied.
    tree.delete();
  }
  return new PyWalker(path, text, files).run(root);
}

class PyWalker {
  private readonly lines: LineMap;
  private readonly ir: FileIR;
  private readonly module: Scope = { vars: new Map(), kind: "module" };
  private scope: Scope = this.module;
  private frame: Frame = { params: [], tainted: new Map(), loops: [], ir: undefined };
  private depth = 0;
  private readonly usedNames = new Set<string>();
  private readonly fnIds = new Map<number, string>();
  private readonly classes = new Map<number, ClassInfo>();
  /** Calls that are the value of `x = …`: call node id → the name. */
  private readonly namedCalls = new Map<number, string>();
  /** Queues built with a size limit (`asyncio.Queue(maxsize=N)`, `deque(maxlen=N)`), by receiver text. */
  private readonly boundedQueues = new Map<string, { at: Pos; sym: Sym }>();
  /** The left side of the assignment being visited (its env subscript is a write, not a read). */
  private assignTarget = -1;
  /** Function scopes built for evaluating `self.x` from another method. */
  private readonly methodScopes = new Map<number, Scope>();

  constructor(private readonly path: string, private readonly text: string, private readonly files: ReadonlySet<string>) {
    this.lines = new LineMap(path, text);
    this.ir = {
      path, calls: [], loops: [], fns: [], guards: [], envReads: [], secrets: [], sql: [], audits: [], aborts: [], branches: [],
      exports: { names: new Map(), star: [] }, assignments: [],
    };
  }

  run(root: Node): FileIR {
    if (root.hasError) this.ir.parseError = this.firstError(root);
    this.prescan(root, this.module);
    // `global x` in a function: the module's x can change at run time, whatever the order of the code.
    for (const g of root.globals ?? []) for (const id of named(g)) if (id.type === "identifier") this.module.vars.set(id.text, { k: "opaque", why: "a module variable a function reassigns", name: id.text });
    for (const st of named(root)) this.visit(st);
    for (const [name, b] of this.module.vars) this.ir.exports.names.set(name, this.bindingSym(name, b));
    return this.ir;
  }

  private pos(offset: number): Pos {
    return new LazyPos(offset, this.lines);
  }
  private at(n: Node): Pos {
    return this.pos(n.startIndex);
  }

  private firstError(root: Node): { at: Pos; message: string } | undefined {
    const stack: Node[] = [root];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.isMissing) return { at: this.at(n), message: `invalid syntax: missing ${JSON.stringify(n.type)}` };
      if (n.isError) return { at: this.at(n), message: `invalid syntax near ${JSON.stringify(short(n.text).slice(0, 30))}` };
      if (!n.hasError) continue;
      const kids = n.children.filter((c): c is Node => c !== null);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
    return { at: this.pos(0), message: "invalid syntax" };
  }

  // ---- scopes ----------------------------------------------------------------------------

  private lookup(name: string): Binding | undefined {
    // Names in a class body are visible there, never inside its methods (Python's scoping).
    for (let s: Scope | undefined = this.scope, first = true; s; s = s.parent, first = false) {
      if (s.kind === "class" && !first) continue;
      const b = s.vars.get(name);
      if (b) return b;
    }
    return undefined;
  }

  /** Bindings of a body (module, function, class): imports, defs, classes, and names assigned once. */
  private prescan(body: Node, scope: Scope, cls?: ClassInfo): void {
    const counts = new Map<string, { n: number; value?: Node }>();
    const assign = (name: string, value: Node | undefined) => {
      const c = counts.get(name);
      if (c) c.n++;
      else counts.set(name, { n: value ? 1 : 2, ...(value ? { value } : {}) });
    };
    const targets = (t: Node, value: Node | undefined) => {
      if (t.type === "identifier") assign(t.text, value);
      else if (t.type === "pattern_list" || t.type === "tuple_pattern" || t.type === "list_pattern" || t.type === "as_pattern_target") for (const c of named(t)) targets(c, undefined);
      else if (t.type === "list_splat_pattern") for (const c of named(t)) targets(c, undefined);
    };
    const visit = (st: Node): void => {
      switch (st.type) {
        case "import_statement":
        case "import_from_statement":
          this.addImport(st, scope);
          return;
        case "future_import_statement":
          return;
        case "decorated_definition": {
          const def = st.childForFieldName("definition");
          if (def) visit(def);
          return;
        }
        case "function_definition": {
          const name = st.childForFieldName("name")?.text;
          if (!name) return;
          const id = this.fnId(st, cls);
          if (cls) cls.methods.set(name, id);
          counts.set(name, { n: 1 });
          scope.vars.set(name, { k: "fn", id });
          return;
        }
        case "class_definition": {
          const name = st.childForFieldName("name")?.text;
          if (name) {
            counts.set(name, { n: 1 });
            scope.vars.set(name, { k: "class", name });
          }
          return;
        }
        case "expression_statement":
          for (const c of named(st)) visit(c);
          return;
        case "assignment": {
          let right = st.childForFieldName("right");
          const lefts = [st.childForFieldName("left")];
          while (right?.type === "assignment") {
            lefts.push(right.childForFieldName("left"));
            right = right.childForFieldName("right");
          }
          for (const l of lefts) if (l) {
            targets(l, right ?? undefined);
            if (cls && l.type === "identifier" && right) cls.attrs.set(l.text, cls.attrs.has(l.text) ? null : { value: right });
          }
          return;
        }
        case "augmented_assignment": {
          const l = st.childForFieldName("left");
          if (l) targets(l, undefined);
          return;
        }
        case "for_statement": {
          const l = st.childForFieldName("left");
          if (l) targets(l, undefined);
          for (const f of ["body", "alternative"]) {
            const b = st.childForFieldName(f);
            if (b) visit(b);
          }
          return;
        }
        case "with_statement": {
          for (const clause of named(st)) {
            if (clause.type !== "with_clause") continue;
            for (const item of named(clause)) {
              const v = item.childForFieldName("value");
              if (v?.type === "as_pattern") {
                const alias = v.childForFieldName("alias");
                const target = alias ? named(alias)[0] : undefined;
                const value = named(v)[0];
                if (target?.type === "identifier") assign(target.text, value);
                else if (target) targets(target, undefined);
              }
            }
          }
          const b = st.childForFieldName("body");
          if (b) visit(b);
          return;
        }
        case "except_clause": {
          const v = st.childForFieldName("value");
          if (v?.type === "as_pattern") {
            const alias = v.childForFieldName("alias");
            if (alias) targets(alias, undefined);
          }
          for (const c of named(st)) if (c.type === "block") visit(c);
          return;
        }
        case "module":
        case "block":
        case "if_statement":
        case "elif_clause":
        case "else_clause":
        case "while_statement":
        case "try_statement":
        case "finally_clause":
        case "except_group_clause":
        case "match_statement":
        case "case_clause":
          for (const c of named(st)) if (c.type !== "comment") visit(c);
          return;
        default:
          return;
      }
    };
    visit(body);
    for (const [name, c] of counts) {
      const cur = scope.vars.get(name);
      if (cur && (cur.k === "fn" || cur.k === "class" || cur.k === "import") && c.n === 1) continue;
      if (cur && cur.k === "import" && c.n > 1) {
        scope.vars.set(name, { k: "opaque", why: "a variable that can change", name });
        continue;
      }
      if (c.n === 1 && c.value) scope.vars.set(name, { k: "value", node: c.value, scope, name });
      else if (!cur || c.n > 1) scope.vars.set(name, { k: "opaque", why: "a variable that can change", name });
    }
  }

  private addImport(st: Node, scope: Scope): void {
    if (st.type === "import_statement") {
      for (const n of named(st)) {
        if (n.type === "dotted_name") {
          // `import a.b.c` binds `a`.
          const top = n.text.split(".")[0]!;
          const r = resolvePyModule(this.path, 0, top, this.files);
          scope.vars.set(top, { k: "import", sym: { k: "import", module: r.module, name: "*", project: r.project } });
        } else if (n.type === "aliased_import") {
          const mod = n.childForFieldName("name")?.text ?? "";
          const alias = n.childForFieldName("alias")?.text;
          if (!alias) continue;
          const r = resolvePyModule(this.path, 0, mod, this.files);
          scope.vars.set(alias, { k: "import", sym: { k: "import", module: r.module, name: "*", project: r.project } });
        }
      }
      return;
    }
    const modNode = st.childForFieldName("module_name");
    if (!modNode) return;
    let level = 0;
    let dotted = modNode.text;
    if (modNode.type === "relative_import") {
      const prefix = named(modNode).find((c) => c.type === "import_prefix");
      level = prefix ? prefix.text.length : 0;
      dotted = named(modNode).find((c) => c.type === "dotted_name")?.text ?? "";
    }
    const from = resolvePyModule(this.path, level, dotted, this.files);
    for (const n of st.childrenForFieldName("name").filter((c): c is Node => c !== null)) {
      const orig = n.type === "aliased_import" ? n.childForFieldName("name")?.text : n.text;
      const local = n.type === "aliased_import" ? n.childForFieldName("alias")?.text : n.text;
      if (!orig || !local) continue;
      // `from pkg import mod` may name a submodule.
      const sub = from.project || level > 0 ? resolvePyModule(this.path, level, dotted ? `${dotted}.${orig}` : orig, this.files) : undefined;
      if (sub?.project && this.files.has(sub.module)) scope.vars.set(local, { k: "import", sym: { k: "import", module: sub.module, name: "*", project: true } });
      else scope.vars.set(local, { k: "import", sym: { k: "import", module: from.module, name: orig, project: from.project } });
    }
    if (named(st).some((c) => c.type === "wildcard_import") && from.project) this.ir.exports.star.push(from.module);
  }

  private fnId(def: Node, cls?: ClassInfo): string {
    const hit = this.fnIds.get(def.id);
    if (hit) return hit;
    let name = def.childForFieldName("name")?.text ?? "<anonymous>";
    if (cls) name = `${cls.name}.${name}`;
    if (this.usedNames.has(name)) name = `${name}@${this.at(def).line}`;
    this.usedNames.add(name);
    const id = this.lines.idPrefix + name;
    this.fnIds.set(def.id, id);
    return id;
  }

  private bindingSym(name: string, b: Binding): Sym {
    switch (b.k) {
      case "import": return b.sym;
      case "fn": return { k: "fnref", id: b.id };
      case "class": return UNKNOWN(name, "a class");
      case "opaque": return UNKNOWN(name, b.why);
      case "value": {
        if (b.memo) return b.memo;
        if (b.busy) return UNKNOWN(name, "defined in terms of itself");
        b.busy = true;
        const saved = this.scope, savedDepth = this.depth;
        this.scope = b.scope;
        this.depth = 0;
        let v: Sym;
        try {
          v = this.eval(b.node);
        } finally {
          this.scope = saved;
          this.depth = savedDepth;
          b.busy = false;
        }
        if (v.k === "num" || v.k === "str") v = { ...v, via: v.via ?? name };
        b.memo = v;
        return v;
      }
    }
  }

  // ---- evaluation ------------------------------------------------------------------------

  private eval(n: Node): Sym {
    if (this.depth > 24) return UNKNOWN(short(n.text), "too deeply nested");
    this.depth++;
    try {
      return this.evalInner(n);
    } finally {
      this.depth--;
    }
  }

  private evalInner(n: Node): Sym {
    switch (n.type) {
      case "integer":
      case "float": {
        const v = Number(n.text.replace(/_/g, "").replace(/[jJlL]$/, ""));
        return Number.isFinite(v) ? { k: "num", v } : UNKNOWN(n.text, "not a plain number");
      }
      case "true": return { k: "bool", v: true };
      case "false": return { k: "bool", v: false };
      case "none": return { k: "null" };
      case "string": return this.evalString(n);
      case "concatenated_string": {
        const parts: Sym[] = [];
        for (const s of named(n)) {
          const v = this.evalString(s);
          if (v.k === "cat") parts.push(...v.parts);
          else parts.push(v);
        }
        return parts.every((p) => p.k === "str") ? { k: "str", v: parts.map((p) => (p as { v: string }).v).join("") } : { k: "cat", parts };
      }
      case "identifier": return this.evalIdent(n.text);
      case "parenthesized_expression":
      case "await":
      case "expression_statement": {
        const inner = named(n)[0];
        return inner ? this.eval(inner) : UNKNOWN(short(n.text), "empty");
      }
      case "named_expression": {
        const v = n.childForFieldName("value");
        return v ? this.eval(v) : UNKNOWN(short(n.text), "computed at run time");
      }
      case "attribute": return this.evalAttribute(n);
      case "subscript": {
        const value = n.childForFieldName("value");
        const sub = n.childForFieldName("subscript");
        if (!value || !sub) return UNKNOWN(short(n.text), "an element chosen at run time");
        const obj = this.eval(value);
        const key = sub.type === "string" ? this.evalString(sub) : undefined;
        if (key?.k === "str") {
          if (isEnviron(obj)) return { k: "env", name: key.v };
          return { k: "member", obj, name: key.v };
        }
        if (sub.type === "integer" && obj.k === "arr") {
          const item = obj.items[Number(sub.text)];
          if (item) return item;
        }
        // A class parameterized by types (`Agent[Deps, Output](...)`) is still the class.
        if ((obj.k === "import" || obj.k === "member") && !isEnviron(obj) && /^[A-Z]/.test(value.text.split(".").pop() ?? "")) return obj;
        return UNKNOWN(short(n.text), "an element chosen at run time");
      }
      case "call": return this.evalCall(n);
      case "dictionary": {
        const props = newProps();
        let spread = false;
        for (const c of named(n)) {
          if (c.type === "pair") {
            const k = c.childForFieldName("key"), v = c.childForFieldName("value");
            if (!k || !v) continue;
            const key = k.type === "string" ? this.evalString(k) : k.type === "integer" ? { k: "str" as const, v: k.text } : undefined;
            if (key?.k !== "str") {
              spread = true;
              continue;
            }
            props[key.v] = { v: this.eval(v), at: this.at(c) };
          } else if (c.type === "dictionary_splat") {
            const inner = named(c)[0];
            const s = inner ? this.eval(inner) : undefined;
            if (s?.k === "obj") Object.assign(props, s.props);
            else spread = true;
          }
        }
        return { k: "obj", props, spread, at: this.at(n) };
      }
      case "list":
      case "tuple":
      case "set":
      case "expression_list":
        return { k: "arr", items: named(n).map((c) => (c.type === "list_splat" ? UNKNOWN(short(c.text), "spread at run time") : this.eval(c))) };
      case "binary_operator": {
        const l = n.childForFieldName("left"), r = n.childForFieldName("right");
        const op = n.childForFieldName("operator")?.type;
        if (!l || !r) break;
        if (op === "+") {
          const a = this.eval(l), b = this.eval(r);
          if (a.k === "num" && b.k === "num") return { k: "num", v: a.v + b.v };
          return { k: "cat", parts: [...(a.k === "cat" ? a.parts : [a]), ...(b.k === "cat" ? b.parts : [b])] };
        }
        if (op === "*") {
          const a = this.eval(l), b = this.eval(r);
          if (a.k === "num" && b.k === "num") return { k: "num", v: a.v * b.v, ...(a.via ?? b.via ? { via: a.via ?? b.via } : {}) };
        }
        break;
      }
      case "boolean_operator": {
        const op = n.childForFieldName("operator")?.type;
        const l = n.childForFieldName("left"), r = n.childForFieldName("right");
        if (op === "or" && l && r) return { k: "or", options: [this.eval(l), this.eval(r)] };
        break;
      }
      case "conditional_expression": {
        const parts = named(n);
        if (parts.length === 3) return { k: "or", options: [this.eval(parts[0]!), this.eval(parts[2]!)] };
        break;
      }
      case "unary_operator": {
        const arg = n.childForFieldName("argument");
        if (n.childForFieldName("operator")?.type === "-" && arg && (arg.type === "integer" || arg.type === "float")) return { k: "num", v: -Number(arg.text.replace(/_/g, "")) };
        break;
      }
      case "lambda": return this.fnSym(n);
    }
    return UNKNOWN(short(n.text), "computed at run time");
  }

  private evalString(n: Node): Sym {
    if (n.type === "concatenated_string") return this.eval(n);
    const parts: Sym[] = [];
    let text = "";
    for (const c of named(n)) {
      if (c.type === "string_content") text += c.text;
      else if (c.type === "interpolation") {
        if (text) parts.push({ k: "str", v: text });
        text = "";
        const e = c.childForFieldName("expression");
        parts.push(e ? this.eval(e) : UNKNOWN(short(c.text), "computed at run time"));
      }
    }
    if (!parts.length) return { k: "str", v: text };
    if (text) parts.push({ k: "str", v: text });
    return { k: "cat", parts };
  }

  private evalIdent(name: string): Sym {
    const b = this.lookup(name);
    if (!b) return BUILTINS.has(name) ? { k: "import", module: "builtins", name, project: false } : { k: "global", name };
    return this.bindingSym(name, b);
  }

  private evalAttribute(n: Node): Sym {
    const obj = n.childForFieldName("object");
    const attr = n.childForFieldName("attribute")?.text ?? "";
    if (!obj) return UNKNOWN(short(n.text), "computed at run time");
    if (obj.type === "identifier" && this.frame.cls && obj.text === this.frame.selfName) return this.selfAttr(attr);
    return { k: "member", obj: this.eval(obj), name: attr };
  }

  /** `self.x` inside a class: a method, or an attribute assigned once (evaluated where it is assigned). */
  private selfAttr(attr: string): Sym {
    const cls = this.frame.cls!;
    const m = cls.methods.get(attr);
    if (m) return { k: "fnref", id: m };
    const a = cls.attrs.get(attr);
    if (!a) return UNKNOWN(`self.${attr}`, a === null ? "an attribute assigned more than once" : "an attribute set at run time");
    const saved = this.scope, savedFrame = this.frame;
    if (a.fn) {
      this.scope = this.methodScope(a.fn);
      this.frame = { ...this.frame, tainted: new Map() };
    }
    try {
      return this.eval(a.value);
    } finally {
      this.scope = saved;
      this.frame = savedFrame;
    }
  }

  private methodScope(fn: Node): Scope {
    const hit = this.methodScopes.get(fn.id);
    if (hit) return hit;
    const scope: Scope = { vars: new Map(), parent: this.module, kind: "function" };
    for (const p of this.paramNames(fn)) scope.vars.set(p, { k: "opaque", why: "a parameter", name: p });
    const body = fn.childForFieldName("body");
    if (body) this.prescan(body, scope);
    this.methodScopes.set(fn.id, scope);
    return scope;
  }

  private evalCall(n: Node): Sym {
    const fnNode = n.childForFieldName("function");
    if (!fnNode) return UNKNOWN(short(n.text), "computed at run time");
    const callee = this.eval(fnNode);
    const { args, kw } = this.evalArgs(n);
    const dotted = dottedName(callee);
    const positional = kw ? args.slice(0, -1) : args;
    const kwProp = (name: string) => (kw?.k === "obj" ? kw.props[name]?.v : undefined);
    // os.getenv("X", default), os.environ.get("X", default)
    if (dotted === "os.getenv" || dotted === "os.environ.get" || (callee.k === "member" && callee.name === "get" && isEnviron(callee.obj))) {
      const name = positional[0];
      if (name?.k === "str") {
        const fallback = positional[1] ?? kwProp("default");
        return fallback ? { k: "or", options: [{ k: "env", name: name.v }, fallback] } : { k: "env", name: name.v };
      }
    }
    if (dotted === "urllib.parse.urljoin" && positional.length >= 2) return { k: "url", path: positional[1]!, base: positional[0]! };
    if (callee.k === "global" && (callee.name === "int" || callee.name === "float" || callee.name === "str") && positional.length === 1) {
      const a = positional[0]!;
      if (a.k === "env" || a.k === "or" || (callee.name === "str" && a.k === "str")) return a;
    }
    if (callee.k === "global" && callee.name === "dict" && !positional.length) return kw ?? { k: "obj", props: newProps(), spread: false, at: this.at(n) };
    return { k: "call", callee, args, at: this.at(n), isNew: false };
  }

  /** Positional arguments, then the keyword arguments (and `**dict` literals) as one object Sym flagged `kw`. */
  private evalArgs(call: Node): { args: Sym[]; kw?: Sym } {
    const list = call.childForFieldName("arguments");
    const args: Sym[] = [];
    if (!list) return { args };
    if (list.type === "generator_expression") return { args: [UNKNOWN(short(list.text), "a generator")] };
    let props: Record<string, Prop> | undefined;
    let spread = false;
    for (const a of named(list)) {
      if (a.type === "keyword_argument") {
        const name = a.childForFieldName("name")?.text, value = a.childForFieldName("value");
        if (!name || !value) continue;
        (props ??= newProps())[name] = { v: this.eval(value), at: this.at(a) };
      } else if (a.type === "dictionary_splat") {
        const inner = named(a)[0];
        const s = inner ? this.eval(inner) : undefined;
        props ??= newProps();
        if (s?.k === "obj") Object.assign(props, s.props);
        else spread = true;
      } else if (a.type === "list_splat") args.push(UNKNOWN(short(a.text), "spread at run time"));
      else args.push(this.eval(a));
    }
    if (!props && !spread) return { args };
    const kw: Sym = { k: "obj", props: props ?? newProps(), spread, at: this.at(list), kw: true };
    args.push(kw);
    return { args, kw };
  }

  private fnSym(n: Node): Sym {
    const body = n.childForFieldName("body") ?? n;
    return { k: "fn", at: this.at(n), start: body.startIndex, end: n.endIndex, id: this.lambdaId(n) };
  }

  private lambdaId(n: Node): string {
    const hit = this.fnIds.get(n.id);
    if (hit) return hit;
    let name = "<lambda>";
    if (this.usedNames.has(name)) name = `${name}@${this.at(n).line}`;
    this.usedNames.add(name);
    const id = this.lines.idPrefix + name;
    this.fnIds.set(n.id, id);
    return id;
  }

  // ---- the walk --------------------------------------------------------------------------

  private visitAll(n: Node): void {
    for (const c of named(n)) this.visit(c);
  }

  private visit(n: Node): void {
    switch (n.type) {
      case "comment":
      case "import_statement":
      case "import_from_statement":
      case "future_import_statement":
        return;
      case "decorated_definition": {
        const decorators = named(n).filter((c) => c.type === "decorator");
        for (const d of decorators) this.visitAll(d);
        const def = n.childForFieldName("definition");
        if (def?.type === "function_definition") this.visitFunction(def, decorators);
        else if (def?.type === "class_definition") this.visitClass(def);
        return;
      }
      case "function_definition":
        this.visitFunction(n, []);
        return;
      case "class_definition":
        this.visitClass(n);
        return;
      case "lambda":
        this.visitLambda(n);
        return;
      case "while_statement":
      case "for_statement":
        this.visitLoop(n);
        return;
      case "if_statement":
      case "elif_clause":
        this.visitIf(n);
        break;
      case "match_statement":
        this.visitMatch(n);
        break;
      case "conditional_expression": {
        const parts = named(n);
        if (parts.length === 3) this.checkGuard(parts[1]!, parts[0]!.startIndex, parts[2]!.endIndex);
        break;
      }
      case "call":
        this.visitCall(n);
        break;
      case "assignment":
        this.visitAssignment(n);
        return;
      case "augmented_assignment": {
        const l = n.childForFieldName("left"), r = n.childForFieldName("right");
        if (l?.type === "identifier" && r) this.propagateTaint(l, r);
        break;
      }
      case "comparison_operator":
        this.visitComparison(n);
        break;
      case "subscript":
        this.visitSubscript(n);
        break;
      case "string":
        this.visitString(n);
        return;
    }
    this.visitAll(n);
  }

  private paramNames(fn: Node): string[] {
    const params = fn.childForFieldName("parameters");
    const out: string[] = [];
    if (!params) return out;
    for (const p of named(params)) {
      if (p.type === "identifier") out.push(p.text);
      else if (p.type === "default_parameter" || p.type === "typed_default_parameter") {
        const nm = p.childForFieldName("name");
        if (nm) out.push(nm.text);
      } else if (p.type === "typed_parameter" || p.type === "list_splat_pattern" || p.type === "dictionary_splat_pattern") {
        const id = named(p).find((c) => c.type === "identifier" || c.type === "list_splat_pattern" || c.type === "dictionary_splat_pattern");
        if (id?.type === "identifier") out.push(id.text);
        else if (id) out.push(...named(id).filter((c) => c.type === "identifier").map((c) => c.text));
      }
    }
    return out;
  }

  /** Each decorator of a function, as a record recognizers read: a tool decorator makes the function a tool. */
  private recordDecorators(n: Node, decorators: Node[]): void {
    const name = n.childForFieldName("name")?.text;
    const body = n.childForFieldName("body");
    if (!name || !body) return;
    for (const d of decorators) {
      const expr = named(d)[0];
      if (!expr || /^(staticmethod|classmethod|property|\w+\.setter)$/.test(expr.text)) continue;
      const isCall = expr.type === "call";
      const calleeNode = isCall ? expr.childForFieldName("function") : expr;
      if (!calleeNode) continue;
      const callee = this.eval(calleeNode);
      if (callee.k === "unknown") continue;
      const args = isCall ? this.evalArgs(expr).args : [];
      const fn: Sym = { k: "fn", at: this.at(n), start: body.startIndex, end: n.endIndex, id: `${this.ir.path}#${name}` };
      const ir: CallIR = { at: this.at(d), end: d.endIndex, callee, args, isNew: false, text: short(calleeNode.text), decorates: { name, fn } };
      if (this.frame.ir) ir.fn = this.frame.ir.id;
      this.ir.calls.push(ir);
    }
  }

  private visitFunction(n: Node, decorators: Node[]): void {
    const cls = this.classOf(n);
    const id = this.fnId(n, cls);
    const start = n.startIndex, end = n.endIndex;
    const fnIr: FnIR = { id, at: this.at(n), start, end };
    this.ir.fns.push(fnIr);
    const body = n.childForFieldName("body");
    // `@observe()`, `@traceable`, `@tracer.start_as_current_span(...)`: the function's body is traced.
    if (body && decorators.some((d) => AUDIT_RE.test(d.text) || /\btraceable\b|\bobserve\b/.test(d.text))) this.ir.audits.push(body.startIndex);
    this.recordDecorators(n, decorators);
    const params = this.paramNames(n);
    const isStatic = decorators.some((d) => /staticmethod/.test(d.text));
    const savedScope = this.scope, savedFrame = this.frame;
    // A function's own scope sees the enclosing functions and the module, never a class body.
    let parent: Scope | undefined = this.scope;
    while (parent && parent.kind === "class") parent = parent.parent;
    const scope: Scope = { vars: new Map(), parent, kind: "function" };
    for (const p of params) scope.vars.set(p, { k: "opaque", why: "a parameter", name: p });
    if (body) this.prescan(body, scope);
    this.scope = scope;
    this.frame = {
      params, tainted: new Map(savedFrame.tainted), loops: [], ir: fnIr,
      ...(cls ? { cls, ...(!isStatic && params[0] ? { selfName: params[0] } : {}) } : savedFrame.cls ? { cls: savedFrame.cls, ...(savedFrame.selfName ? { selfName: savedFrame.selfName } : {}) } : {}),
    };
    try {
      if (body) this.visitAll(body);
    } finally {
      this.scope = savedScope;
      this.frame = savedFrame;
    }
  }

  private visitLambda(n: Node): void {
    const id = this.lambdaId(n);
    const fnIr: FnIR = { id, at: this.at(n), start: n.startIndex, end: n.endIndex };
    this.ir.fns.push(fnIr);
    const savedScope = this.scope, savedFrame = this.frame;
    const scope: Scope = { vars: new Map(), parent: this.scope.kind === "class" ? this.scope.parent : this.scope, kind: "function" };
    const params: string[] = [];
    const ps = n.childForFieldName("parameters");
    if (ps) for (const p of named(ps)) if (p.type === "identifier") params.push(p.text);
    for (const p of params) scope.vars.set(p, { k: "opaque", why: "a parameter", name: p });
    this.scope = scope;
    this.frame = { ...savedFrame, params, tainted: new Map(savedFrame.tainted), loops: [], ir: fnIr };
    try {
      const body = n.childForFieldName("body");
      if (body) this.visit(body);
    } finally {
      this.scope = savedScope;
      this.frame = savedFrame;
    }
  }

  /** The class a function is a method of (the class body is its direct parent block). */
  private classOf(fn: Node): ClassInfo | undefined {
    let p = fn.parent;
    if (p?.type === "decorated_definition") p = p.parent;
    if (p?.type !== "block") return undefined;
    const cls = p.parent;
    return cls?.type === "class_definition" ? this.classes.get(cls.id) : undefined;
  }

  private visitClass(n: Node): void {
    const name = n.childForFieldName("name")?.text ?? "<class>";
    const info: ClassInfo = { name, methods: new Map(), attrs: new Map() };
    this.classes.set(n.id, info);
    const body = n.childForFieldName("body");
    const sup = n.childForFieldName("superclasses");
    if (sup) this.visitAll(sup);
    if (!body) return;
    const scope: Scope = { vars: new Map(), parent: this.scope, kind: "class" };
    this.prescan(body, scope, info);
    // `self.x = …` in any method.
    for (const st of named(body)) {
      const def = st.type === "decorated_definition" ? st.childForFieldName("definition") : st;
      if (def?.type !== "function_definition") continue;
      const self = this.paramNames(def)[0];
      const fnBody = def.childForFieldName("body");
      if (self && fnBody) this.collectSelfAttrs(fnBody, self, def, info);
    }
    const saved = this.scope;
    this.scope = scope;
    try {
      this.visitAll(body);
    } finally {
      this.scope = saved;
    }
  }

  private collectSelfAttrs(n: Node, self: string, fn: Node, info: ClassInfo): void {
    for (const c of named(n)) {
      if (c.type === "function_definition" || c.type === "class_definition" || c.type === "lambda") continue;
      if (c.type === "assignment") {
        const l = c.childForFieldName("left"), r = c.childForFieldName("right");
        const obj = l?.type === "attribute" ? l.childForFieldName("object") : undefined;
        if (l && r && obj?.type === "identifier" && obj.text === self) {
          const attr = l.childForFieldName("attribute")?.text;
          if (attr && !info.methods.has(attr)) info.attrs.set(attr, info.attrs.has(attr) ? null : { value: r, fn });
        }
        continue;
      }
      if (c.type === "augmented_assignment") {
        const l = c.childForFieldName("left");
        const obj = l?.type === "attribute" ? l.childForFieldName("object") : undefined;
        const attr = l?.childForFieldName("attribute")?.text;
        if (obj?.text === self && attr) info.attrs.set(attr, null);
        continue;
      }
      this.collectSelfAttrs(c, self, fn, info);
    }
  }

  private visitLoop(n: Node): void {
    const loop: LoopIR = { at: this.at(n), start: n.startIndex, end: n.endIndex, infinite: false, consumes: new Set(), pushes: new Map(), sizeChecks: new Map(), ...(this.frame.ir ? { fn: this.frame.ir.id } : {}) };
    if (n.type === "while_statement") {
      const cond = n.childForFieldName("condition");
      if (cond && isAlwaysTrue(cond)) loop.infinite = true;
      else if (cond) {
        const b = this.counterBound(cond);
        if (b) loop.bound = b;
        else loop.condText = short(cond.text);
      }
    } else {
      const right = n.childForFieldName("right");
      const it = right ? unwrap(right) : undefined;
      if (it?.type === "call") {
        const fnText = it.childForFieldName("function")?.text ?? "";
        const args = it.childForFieldName("arguments");
        const pos = args ? named(args).filter((a) => a.type !== "keyword_argument") : [];
        if (fnText === "range" && !this.lookup("range") && pos.length) {
          const limit = pos.length === 1 ? pos[0]! : pos[1]!;
          loop.bound = { sym: this.eval(limit), at: this.at(limit) };
        } else if (/^(itertools\.)?(count|cycle|repeat)$/.test(fnText) && (fnText.startsWith("itertools.") || this.lookup(fnText)?.k === "import") && !(fnText.endsWith("repeat") && pos.length > 1)) {
          loop.infinite = true;
        } else if (fnText === "enumerate" && pos[0] && (pos[0].type === "identifier" || pos[0].type === "attribute")) {
          loop.consumes.add(pos[0].text);
        }
      } else if (it && (it.type === "identifier" || it.type === "attribute")) loop.consumes.add(it.text);
    }
    this.ir.loops.push(loop);
    this.frame.loops.push(loop);
    try {
      this.visitAll(n);
    } finally {
      this.frame.loops.pop();
    }
    for (const name of loop.pushes.keys()) {
      const bounded = this.boundedQueues.get(name);
      if (!bounded) continue;
      const list = loop.sizeChecks.get(name) ?? [];
      list.push(bounded);
      loop.sizeChecks.set(name, list);
    }
  }

  /** `step < MAX`, `MAX > step`, `0 <= i < N` inside a condition (through `and`). */
  private counterBound(cond: Node): { sym: Sym; at: Pos } | undefined {
    const e = unwrap(cond);
    if (e.type === "boolean_operator" && e.childForFieldName("operator")?.type === "and") {
      const l = e.childForFieldName("left"), r = e.childForFieldName("right");
      return (l && this.counterBound(l)) ?? (r ? this.counterBound(r) : undefined);
    }
    const cmp = comparison(e);
    if (!cmp || (cmp.op !== "<" && cmp.op !== "<=" && cmp.op !== ">" && cmp.op !== ">=")) return undefined;
    const lt = cmp.op === "<" || cmp.op === "<=";
    const counter = lt ? cmp.left : cmp.right;
    const limit = lt ? cmp.right : cmp.left;
    if (isCounter(counter) && !isLengthOf(limit)) return { sym: this.eval(limit), at: this.at(limit) };
    return undefined;
  }

  private visitIf(n: Node): void {
    const cond = n.childForFieldName("condition");
    const then = n.childForFieldName("consequence");
    if (!cond || !then) return;
    this.checkGuard(cond, then.startIndex, n.type === "if_statement" ? n.endIndex : then.endIndex);
    const label = stringEquality(cond);
    if (label !== undefined) this.ir.branches.push({ label, at: this.at(n), start: then.startIndex, end: then.endIndex });
    const exits = exitsEarly(then);
    if (!exits) return;
    const cmp = comparison(unwrap(cond)) ?? firstComparison(cond);
    if (!cmp) return;
    const loop = this.frame.loops[this.frame.loops.length - 1];
    if (loop && !loop.bound && exits !== "continue" && cmp.op !== "==" && cmp.op !== "!=") {
      const limit = isCounter(cmp.left) && !isLengthOf(cmp.right) ? cmp.right : isCounter(cmp.right) && !isLengthOf(cmp.left) ? cmp.left : undefined;
      if (limit && !notALimit(limit)) loop.bound = { sym: this.eval(limit), at: this.at(cond) };
    }
    const fn = this.frame.ir;
    if (fn && !fn.depthGuard && exits !== "continue") {
      const nameOf = (x: Node) => (x.type === "identifier" ? x.text : x.type === "attribute" ? x.childForFieldName("attribute")?.text ?? "" : "");
      const l = nameOf(cmp.left), r = nameOf(cmp.right);
      const isDepth = (nm: string) => !!nm && (DEPTH_RE.test(nm) || this.frame.params.includes(nm)) && !/max|limit/i.test(nm);
      if (isDepth(l) && !notALimit(cmp.right)) fn.depthGuard = { at: this.at(cond), sym: this.eval(cmp.right) };
      else if (isDepth(r) && !notALimit(cmp.left)) fn.depthGuard = { at: this.at(cond), sym: this.eval(cmp.left) };
    }
  }

  private visitMatch(n: Node): void {
    const body = n.childForFieldName("body");
    if (!body) return;
    for (const c of named(body)) {
      if (c.type !== "case_clause") continue;
      const pattern = named(c).find((x) => x.type === "case_pattern");
      const str = pattern ? named(pattern)[0] : undefined;
      const then = c.childForFieldName("consequence");
      if (str?.type === "string" && then) {
        const v = this.evalString(str);
        if (v.k === "str") this.ir.branches.push({ label: v.v, at: this.at(c), start: then.startIndex, end: then.endIndex });
      }
    }
  }

  private visitComparison(n: Node): void {
    if (!this.frame.loops.length) return;
    const cmp = comparison(n);
    if (!cmp || cmp.op === "==" || cmp.op === "!=" || cmp.op === "in" || cmp.op === "is") return;
    for (const [side, other] of [[cmp.left, cmp.right], [cmp.right, cmp.left]] as const) {
      const recv = lengthReceiver(side);
      if (!recv) continue;
      const o = unwrap(other);
      if (o.type === "integer" && Number(o.text) <= 1) continue;
      for (const loop of this.frame.loops) {
        const list = loop.sizeChecks.get(recv) ?? [];
        list.push({ at: this.at(n), sym: this.eval(other) });
        loop.sizeChecks.set(recv, list);
      }
    }
  }

  private visitSubscript(n: Node): void {
    if (n.id === this.assignTarget) return;
    const value = n.childForFieldName("value");
    const sub = n.childForFieldName("subscript");
    if (!value || sub?.type !== "string" || !/environ$/.test(value.text)) return;
    const key = this.evalString(sub);
    if (key.k === "str" && isEnviron(this.eval(value))) this.ir.envReads.push({ name: key.v, at: this.at(n) });
  }

  private visitString(n: Node): void {
    for (const c of named(n)) {
      if (c.type === "string_content") {
        const t = c.text;
        if (t.length < 8) continue;
        for (const s of findSecrets(t)) this.ir.secrets.push({ kind: s.kind, redacted: s.redacted, at: this.pos(c.startIndex + s.index) });
        const m = SQL_RE.exec(t);
        if (m) this.ir.sql.push({ op: `SQL ${m[1]!.replace(/\s+/g, " ").toUpperCase()}`, at: this.at(n) });
      } else if (c.type === "interpolation") this.visitAll(c);
    }
  }

  private visitAssignment(n: Node): void {
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    if (left && right) {
      const value = unwrap(right);
      if (value.type === "call") {
        const name = left.type === "identifier" ? left.text : left.type === "attribute" ? left.childForFieldName("attribute")?.text : undefined;
        if (name) this.namedCalls.set(value.id, name);
        this.noteBoundedQueue(left, value);
      }
      if (left.type === "identifier" || left.type === "pattern_list" || left.type === "tuple_pattern") this.propagateTaint(left, right);
      // `litellm.api_base = …`, `os.environ["OPENAI_BASE_URL"] = …`: settings on a library module.
      if (left.type === "attribute" || left.type === "subscript") {
        let root: Node | null = left;
        while (root && (root.type === "attribute" || root.type === "subscript")) root = root.childForFieldName(root.type === "attribute" ? "object" : "value");
        const b = root?.type === "identifier" ? this.lookup(root.text) : undefined;
        if (b?.k === "import") this.ir.assignments!.push({ target: this.eval(left), value: this.eval(right), at: this.at(n) });
      }
      this.assignTarget = left.type === "subscript" ? left.id : -1;
      this.visit(left);
      this.assignTarget = -1;
      this.visit(right);
    } else this.visitAll(n);
  }

  /** `q = asyncio.Queue(maxsize=N)`, `queue.Queue(N)`, `deque(maxlen=N)`: a queue that cannot grow past N. */
  private noteBoundedQueue(left: Node, call: Node): void {
    const fnNode = call.childForFieldName("function");
    if (!fnNode) return;
    const callee = this.eval(fnNode);
    const spec = QUEUE_BOUND[dottedName(callee) ?? ""];
    if (!spec) return;
    const { args, kw } = this.evalArgs(call);
    const positional = kw ? args.slice(0, -1) : args;
    const p = kw?.k === "obj" ? kw.props[spec.kw] : undefined;
    const v = p?.v ?? positional[spec.pos];
    if (!v || v.k === "null" || (v.k === "num" && v.v <= 0)) return;
    this.boundedQueues.set(left.text, { at: p?.at ?? this.at(call), sym: v });
  }

  private visitCall(n: Node): void {
    const callee = n.childForFieldName("function");
    if (!callee) return;
    const isAttr = callee.type === "attribute";
    const method = isAttr ? callee.childForFieldName("attribute")?.text ?? "" : callee.type === "identifier" ? callee.text : "";
    const recvNode = isAttr ? callee.childForFieldName("object") : null;
    let audit = AUDIT_RE.test(method);
    if (recvNode?.type === "identifier") audit = (audit || AUDIT_RE.test(recvNode.text)) && recvNode.text !== "traceback";
    else if (recvNode?.type === "attribute") audit ||= AUDIT_RE.test(recvNode.childForFieldName("attribute")?.text ?? "");
    if (audit) this.ir.audits.push(n.startIndex);
    if (PAUSE_RE.test(method)) this.markPause(n);
    if (this.frame.loops.length) {
      const args = n.childForFieldName("arguments");
      const first = args ? named(args)[0] : undefined;
      const heap = method === "heappop" || method === "heappush" ? first?.text : undefined;
      const recv = heap ?? recvNode?.text;
      if (recv && (CONSUME.has(method) || method === "heappop")) for (const l of this.frame.loops) l.consumes.add(recv);
      if (recv && (PUSH.has(method) || method === "heappush")) for (const l of this.frame.loops) if (!l.pushes.has(recv)) l.pushes.set(recv, this.at(n));
    }
    if (!this.interesting(callee, method)) return;
    const calleeSym = this.eval(callee);
    const dotted = dottedName(calleeSym);
    if (dotted === "os.getenv" || dotted === "os.environ.get" || (calleeSym.k === "member" && calleeSym.name === "get" && isEnviron(calleeSym.obj))) {
      const args = n.childForFieldName("arguments");
      const first = args ? named(args)[0] : undefined;
      const name = first?.type === "string" ? this.evalString(first) : undefined;
      if (name?.k === "str") this.ir.envReads.push({ name: name.v, at: this.at(n) });
      return;
    }
    if (!worthRecording(calleeSym, method)) return;
    const { args } = this.evalArgs(n);
    const ir: CallIR = { at: this.at(n), end: n.endIndex, callee: calleeSym, args, isNew: false, text: short(callee.text) };
    if (this.frame.ir) ir.fn = this.frame.ir.id;
    const varName = this.namedCalls.get(n.id);
    if (varName !== undefined) ir.varName = varName;
    this.ir.calls.push(ir);
  }

  /** Cheap syntactic pre-filter before evaluating a callee. */
  private interesting(callee: Node, method: string): boolean {
    if (UNKNOWN_ROOT_METHODS.has(method)) return true;
    let root: Node | null = callee;
    while (root && (root.type === "attribute" || root.type === "call" || root.type === "subscript" || root.type === "parenthesized_expression" || root.type === "await")) {
      root = root.type === "attribute" ? root.childForFieldName("object") : root.type === "call" ? root.childForFieldName("function") : root.type === "subscript" ? root.childForFieldName("value") : named(root)[0] ?? null;
    }
    if (root?.type !== "identifier") return false;
    if (this.frame.cls && root.text === this.frame.selfName) return true;
    const b = this.lookup(root.text);
    if (!b) return BUILTINS.has(root.text);
    return b.k !== "opaque";
  }

  private markPause(n: Node): void {
    const at = this.at(n);
    for (const l of this.frame.loops) l.pauseAt ??= at;
  }

  // ---- model output flowing into conditions ---------------------------------------------

  private isModelCallExpr(e: Node): boolean {
    const x = unwrap(e);
    if (x.type !== "call") return false;
    const t = x.childForFieldName("function")?.text.replace(/\s+/g, "") ?? "";
    return MODEL_CALL_TEXT.test(t);
  }

  private propagateTaint(left: Node, right: Node): void {
    let from: Pos | undefined;
    if (this.isModelCallExpr(right)) from = this.at(unwrap(right));
    else if (this.frame.tainted.size) {
      const t = firstTainted(right, this.frame.tainted);
      if (t) from = this.frame.tainted.get(t);
    }
    if (!from) return;
    const names: string[] = [];
    collectNames(left, names);
    for (const nm of names) this.frame.tainted.set(nm, from);
  }

  private checkGuard(cond: Node, start: number, end: number): void {
    if (!this.frame.tainted.size) return;
    const t = firstTainted(cond, this.frame.tainted);
    if (!t) return;
    this.ir.guards.push({ at: this.at(cond), start, end, modelAt: this.frame.tainted.get(t)! });
  }
}

function worthRecording(sym: Sym, method: string): boolean {
  let s = sym;
  while (s.k === "member" || s.k === "call") s = s.k === "member" ? s.obj : s.callee;
  if (s.k === "import" || s.k === "fnref" || s.k === "fn") return true;
  return UNKNOWN_ROOT_METHODS.has(method);
}
