import { type PyNode as Node } from "./tree.js";
import { LazyPos, LineMap, UNKNOWN, type Pos, type Sym } from "../sym.js";
import { type FileIR } from "../ir.js";
import { resolvePyModule } from "../../sources/python-modules.js";
import { named, short, unwrap } from "./syntax.js";
import { type Binding, type Scope, type ClassInfo, type Frame } from "./walk-records.js";

/**
 * The Python walk is one object per file, built in layers, each in its own module: PyWalkState
 * (this: the file's state, positions, scopes, imports and function ids) ← PyEvaluator (expressions
 * to Syms) ← PyExpressions (comparisons, strings, assignments, calls, taint) ← PyWalker (the visit
 * over every statement: functions, classes, loops, conditions).
 */
export abstract class PyWalkState {
  protected readonly lines: LineMap;
  protected readonly ir: FileIR;
  protected readonly module: Scope = { vars: new Map(), kind: "module" };
  protected scope: Scope = this.module;
  protected frame: Frame = { params: [], tainted: new Map(), loops: [], ir: undefined };
  protected depth = 0;
  protected readonly usedNames = new Set<string>();
  protected readonly fnIds = new Map<number, string>();
  protected readonly classes = new Map<number, ClassInfo>();
  /** Calls that are the value of `x = …`: call node id → the name. */
  protected readonly namedCalls = new Map<number, string>();
  /** Queues built with a size limit (`asyncio.Queue(maxsize=N)`, `deque(maxlen=N)`), by receiver text. */
  protected readonly boundedQueues = new Map<string, { at: Pos; sym: Sym }>();
  /** The left side of the assignment being visited (its env subscript is a write, not a read). */
  protected assignTarget = -1;
  /** Function scopes built for evaluating `self.x` from another method. */
  protected readonly methodScopes = new Map<number, Scope>();
  /** Every function definition of the file, by its id (what a call of it returns is read from its body). */
  protected readonly fnDefs = new Map<string, Node>();

  constructor(protected readonly path: string, protected readonly text: string, protected readonly files: ReadonlySet<string>) {
    this.lines = new LineMap(path, text);
    this.ir = {
      path, calls: [], loops: [], fns: [], guards: [], envReads: [], secrets: [], sql: [], audits: [], aborts: [], branches: [],
      exports: { names: new Map(), star: [] }, assignments: [], pauses: [],
    };
  }

  protected pos(offset: number): Pos {
    return new LazyPos(offset, this.lines);
  }
  protected at(n: Node): Pos {
    return this.pos(n.startIndex);
  }

  protected firstError(root: Node): { at: Pos; message: string } | undefined {
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

  protected lookup(name: string): Binding | undefined {
    // Names in a class body are visible there, never inside its methods (Python's scoping).
    for (let s: Scope | undefined = this.scope, first = true; s; s = s.parent, first = false) {
      if (s.kind === "class" && !first) continue;
      const b = s.vars.get(name);
      if (b) return b;
    }
    return undefined;
  }

  /** Bindings of a body (module, function, class): imports, defs, classes, and names assigned once. */
  protected prescan(body: Node, scope: Scope, cls?: ClassInfo): void {
    const counts = new Map<string, { n: number; value?: Node; seq: { pos: number; node?: Node; top: boolean }[] }>();
    // Whether the statement being visited is one of the body's own (not inside an if, loop, try or with); and, for
    // an assignment statement (`x = …`, `x += …`, not a for/with/except target), where it ends: its value holds after that.
    let atTop = false;
    let stmtEnd = -1;
    const assign = (name: string, value: Node | undefined) => {
      const c = counts.get(name);
      const at = { pos: stmtEnd, ...(value ? { node: value } : {}), top: atTop && stmtEnd >= 0 };
      if (c) {
        c.n++;
        c.seq.push(at);
      } else counts.set(name, { n: value ? 1 : 2, ...(value ? { value } : {}), seq: [at] });
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
          counts.set(name, { n: 1, seq: [] });
          scope.vars.set(name, { k: "fn", id });
          return;
        }
        case "class_definition": {
          const name = st.childForFieldName("name")?.text;
          if (name) {
            counts.set(name, { n: 1, seq: [] });
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
          stmtEnd = st.endIndex;
          for (const l of lefts) if (l) {
            targets(l, right ?? undefined);
            if (cls && l.type === "identifier" && right) cls.attrs.set(l.text, cls.attrs.has(l.text) ? null : { value: right });
          }
          stmtEnd = -1;
          return;
        }
        case "augmented_assignment": {
          const l = st.childForFieldName("left");
          stmtEnd = st.endIndex;
          if (l) targets(l, undefined);
          stmtEnd = -1;
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
        case "case_clause": {
          const wasTop = atTop;
          atTop = st.id === body.id;
          for (const c of named(st)) if (c.type !== "comment") visit(c);
          atTop = wasTop;
          return;
        }
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
      // Straight-line reassignments in a function or a module (a script, a notebook's cells read in order: a second
      // `builder = StateGraph(…)`): a use in that body has the last value before it. A nested function's use runs
      // later (a module's functions read its names when called), so it gets none: see seqSym.
      else if (!cur && scope.kind !== "class" && c.seq.length > 1 && c.seq.every((a) => a.top)) scope.vars.set(name, { k: "seq", items: c.seq.map((a) => ({ pos: a.pos, ...(a.node ? { node: a.node } : {}) })), scope, name });
      else if (!cur || c.n > 1) scope.vars.set(name, { k: "opaque", why: "a variable that can change", name });
    }
  }

  protected addImport(st: Node, scope: Scope): void {
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

  protected fnId(def: Node, cls?: ClassInfo): string {
    const hit = this.fnIds.get(def.id);
    if (hit) return hit;
    let name = def.childForFieldName("name")?.text ?? "<anonymous>";
    if (cls) name = `${cls.name}.${name}`;
    if (this.usedNames.has(name)) name = `${name}@${this.at(def).line}`;
    this.usedNames.add(name);
    const id = this.lines.idPrefix + name;
    this.fnIds.set(def.id, id);
    this.fnDefs.set(id, def);
    return id;
  }

  /** The class a method is defined in (its body's own statement, or a decorated one). */
  protected classOf(fn: Node): ClassInfo | undefined {
    let p = fn.parent;
    if (p?.type === "decorated_definition") p = p.parent;
    if (p?.type !== "block") return undefined;
    const cls = p.parent;
    return cls?.type === "class_definition" ? this.classes.get(cls.id) : undefined;
  }

  protected bindingSym(name: string, b: Binding): Sym {
    switch (b.k) {
      case "import": return b.sym;
      case "fn": return { k: "fnref", id: b.id };
      case "class": return UNKNOWN(name, "a class");
      case "opaque": return UNKNOWN(name, b.why);
      case "seq": return UNKNOWN(name, "a variable that can change");
      case "value": return this.evalAssigned(name, b, b.scope);
    }
  }

  /**
   * A straight-line reassigned name used at `at`: the value of the last assignment before it, when the
   * use is in the function that assigns it (a nested function runs later, with whichever value is last then).
   */
  protected seqSym(name: string, b: Extract<Binding, { k: "seq" }>, at: number): Sym {
    const item = this.seqItemAt(b, at);
    if (!item?.node) return UNKNOWN(name, "a variable that can change");
    return this.evalAssigned(name, item as { node: Node; memo?: Sym; busy?: boolean }, b.scope);
  }

  /** The last assignment of a straight-line reassigned name before `at`, when the use is in the scope that assigns it. */
  private seqItemAt(b: Extract<Binding, { k: "seq" }>, at: number): (typeof b.items)[number] | undefined {
    if (this.scope !== b.scope) return undefined;
    let item: (typeof b.items)[number] | undefined;
    for (const i of b.items) if (i.pos < at) item = i;
    return item;
  }

  /**
   * Where the call is whose result `n` reads (`reply.choices[0].message.tool_calls`, through names assigned once or
   * straight-line from it): a for loop over it walks one reply, as an agent loop's turn does with its tool calls.
   */
  protected resultOfCall(n: Node, depth = 0): number | undefined {
    const e = unwrap(n);
    if (depth > 8) return undefined;
    if (e.type === "call") return e.startIndex;
    // `reply.tool_calls or []`: the reply's list, or nothing.
    const inner = e.type === "attribute" ? e.childForFieldName("object") : e.type === "subscript" ? e.childForFieldName("value") : e.type === "boolean_operator" ? e.childForFieldName("left") : undefined;
    if (inner) return this.resultOfCall(inner, depth + 1);
    if (e.type !== "identifier") return undefined;
    const b = this.lookup(e.text);
    const node = b?.k === "value" ? b.node : b?.k === "seq" ? this.seqItemAt(b, e.startIndex)?.node : undefined;
    return node ? this.resultOfCall(node, depth + 1) : undefined;
  }

  /** The value assigned to `name` (`slot.node`, evaluated where it was assigned), kept on the slot; a number or string keeps the name it came through. */
  private evalAssigned(name: string, slot: { node: Node; memo?: Sym; busy?: boolean }, scope: Scope): Sym {
    if (slot.memo) return slot.memo;
    if (slot.busy) return UNKNOWN(name, "defined in terms of itself");
    slot.busy = true;
    const saved = this.scope, savedDepth = this.depth;
    this.scope = scope;
    this.depth = 0;
    let v: Sym;
    try {
      v = this.eval(slot.node);
    } finally {
      this.scope = saved;
      this.depth = savedDepth;
      slot.busy = false;
    }
    if (v.k === "num" || v.k === "str") v = { ...v, via: v.via ?? name };
    return (slot.memo = v);
  }

  protected abstract visit(n: Node): void;
  protected abstract visitAll(n: Node): void;
  protected abstract eval(n: Node): Sym;
}
