import { mirror, type PyNode as Node } from "./tree.js";
import { type Pos, type Sym } from "../sym.js";
import { AUDIT_RE, type CallIR, type FileIR, type FnIR, type LoopIR } from "../ir.js";
import { parsePython } from "./parser.js";
import { comparison, exitsEarly, firstComparison, isAlwaysTrue, isCounter, isLengthOf, named, notALimit, short, stringEquality, unwrap, paramNames } from "./syntax.js";
import { type Scope, type ClassInfo, DEPTH_RE } from "./walk-records.js";
import { PyExpressions } from "./walk-exprs.js";

/**
 * The Python front end: one parse (tree-sitter) and one walk per file into the same language-neutral
 * record the TypeScript walk produces (calls with Sym callees and arguments, loops, functions,
 * conditions, env reads, secrets, SQL, exports), then the tree is freed. Keyword arguments become
 * one object Sym (flagged `kw`) after the positional arguments; imports become import Syms with the
 * module's Python name (`openai`, `urllib.request`), or the project file for the project's own
 * modules; Python's builtins are imports from `builtins`; module-level names are the exports.
 */

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

class PyWalker extends PyExpressions {
  run(root: Node): FileIR {
    if (root.hasError) this.ir.parseError = this.firstError(root);
    this.prescan(root, this.module);
    // `global x` in a function: the module's x can change at run time, whatever the order of the code.
    for (const g of root.globals ?? []) for (const id of named(g)) if (id.type === "identifier") this.module.vars.set(id.text, { k: "opaque", why: "a module variable a function reassigns", name: id.text });
    for (const st of named(root)) this.visit(st);
    for (const [name, b] of this.module.vars) this.ir.exports.names.set(name, this.bindingSym(name, b));
    return this.ir;
  }

  // ---- the walk --------------------------------------------------------------------------

  protected override visitAll(n: Node): void {
    for (const c of named(n)) this.visit(c);
  }

  protected override visit(n: Node): void {
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


  /** Each decorator of a function, as a record recognizers read: a tool decorator makes the function a tool. */
  protected recordDecorators(n: Node, decorators: Node[]): void {
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
      // `@self.action(…)` in a subclass of a library class: the decorator is the base class's method (browser-use Tools).
      const inherited = callee.k === "unknown" ? this.inheritedDecorator(calleeNode) : undefined;
      if (callee.k === "unknown" && !inherited) continue;
      const args = isCall ? this.evalArgs(expr).args : [];
      const fn: Sym = { k: "fn", at: this.at(n), start: body.startIndex, end: n.endIndex, id: `${this.ir.path}#${name}` };
      const ir: CallIR = { at: this.at(d), end: d.endIndex, callee: inherited ?? callee, args, isNew: false, text: short(calleeNode.text), decorates: { name, fn } };
      if (this.frame.ir) ir.fn = this.frame.ir.id;
      this.ir.calls.push(ir);
    }
  }

  /** `self.name` where the class sets no `name` and derives from a library class: that class's member. */
  protected inheritedDecorator(n: Node): Sym | undefined {
    const obj = n.type === "attribute" ? n.childForFieldName("object") : undefined;
    const attr = n.childForFieldName("attribute")?.text;
    const base = this.frame.cls?.base;
    if (!base || !attr || obj?.type !== "identifier" || obj.text !== this.frame.selfName) return undefined;
    return { k: "member", obj: base, name: attr };
  }

  protected visitFunction(n: Node, decorators: Node[]): void {
    const cls = this.classOf(n);
    const id = this.fnId(n, cls);
    const start = n.startIndex, end = n.endIndex;
    const fnIr: FnIR = { id, at: this.at(n), start, end };
    this.ir.fns.push(fnIr);
    const body = n.childForFieldName("body");
    // `@observe()`, `@traceable`, `@tracer.start_as_current_span(...)`: the function's body is traced. By the
    // decorator's name only: agno's `@approval(type="audit")` asks a person, it records nothing.
    if (body && decorators.some((d) => tracingDecorator(d.text))) this.ir.audits.push(body.startIndex);
    this.recordDecorators(n, decorators);
    const params = paramNames(n);
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

  protected visitLambda(n: Node): void {
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

  /** A class: its methods and attributes, for calls on `self` and on its instances. */
  protected visitClass(n: Node): void {
    const name = n.childForFieldName("name")?.text ?? "<class>";
    const info: ClassInfo = { name, methods: new Map(), attrs: new Map() };
    this.classes.set(n.id, info);
    const body = n.childForFieldName("body");
    const sup = n.childForFieldName("superclasses");
    if (sup) this.visitAll(sup);
    const first = sup ? named(sup).find((s) => s.type !== "keyword_argument") : undefined;
    const base = first ? this.eval(first) : undefined;
    if (base?.k === "import" && !base.project) info.base = base;
    if (!body) return;
    const scope: Scope = { vars: new Map(), parent: this.scope, kind: "class" };
    this.prescan(body, scope, info);
    // `self.x = …` in any method.
    for (const st of named(body)) {
      const def = st.type === "decorated_definition" ? st.childForFieldName("definition") : st;
      if (def?.type !== "function_definition") continue;
      const self = paramNames(def)[0];
      const fnBody = def.childForFieldName("body");
      if (self && fnBody) this.collectSelfAttrs(fnBody, self, def, info);
    }
    const saved = this.scope;
    this.scope = scope;
    try {
      if (sup) this.recordSubclass(n, name, sup, body, info);
      this.visitAll(body);
    } finally {
      this.scope = saved;
    }
  }

  /**
   * `class CalculatorTool(BaseTool): name = "…"; def _run(…)`: a library class the project subclasses,
   * recorded as a pseudo call (CallIR.subclass) whose one argument holds the class's string fields and
   * its methods, so recognizers can read tool classes (CrewAI and LangChain BaseTool).
   */
  protected recordSubclass(n: Node, name: string, sup: Node, body: Node, info: ClassInfo): void {
    for (const s of named(sup)) {
      if (s.type === "keyword_argument") continue;
      const callee = this.eval(s);
      if (callee.k !== "import" && callee.k !== "member") continue;
      const at = this.at(n);
      const props: Record<string, { v: Sym; at: Pos }> = {};
      for (const [attr, v] of info.attrs) if (v && !v.fn) props[attr] = { v: this.eval(v.value), at: this.at(v.value) };
      for (const st of named(body)) {
        const def = st.type === "decorated_definition" ? st.childForFieldName("definition") : st;
        const fnName = def?.type === "function_definition" ? def.childForFieldName("name")?.text : undefined;
        const fnBody = def?.childForFieldName("body");
        const id = fnName ? info.methods.get(fnName) : undefined;
        if (def && fnName && fnBody && id) props[fnName] = { v: { k: "fn", at: this.at(def), start: fnBody.startIndex, end: def.endIndex, id }, at: this.at(def) };
      }
      const ir: CallIR = { at, end: n.endIndex, callee, args: [{ k: "obj", props, spread: false, at }], isNew: false, text: short(s.text), subclass: name };
      if (this.frame.ir) ir.fn = this.frame.ir.id;
      this.ir.calls.push(ir);
    }
  }

  protected collectSelfAttrs(n: Node, self: string, fn: Node, info: ClassInfo): void {
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

  protected visitLoop(n: Node): void {
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
      // A for loop's iterable is evaluated once, before the first turn: `for event in graph.stream(…)` reads one
      // run's events, and the run is no call the loop repeats. Its calls are outside the span the loop repeats.
      const body = n.childForFieldName("body");
      if (body) loop.start = body.startIndex;
      const right = n.childForFieldName("right");
      const it = right ? unwrap(right) : undefined;
      const over = it ? this.resultOfCall(it) : undefined;
      if (over !== undefined) loop.overResultOf = over;
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
  protected counterBound(cond: Node): { sym: Sym; at: Pos } | undefined {
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

  protected visitIf(n: Node): void {
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

  protected visitMatch(n: Node): void {
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
}

/** Whether a decorator (`@observe()`, `@tracer.start_as_current_span("x")`) traces its function, judged by its name, not its arguments. */
function tracingDecorator(text: string): boolean {
  const name = text.replace(/^@\s*/, "").split("(")[0]!;
  return AUDIT_RE.test(name) || /\btraceable\b|\bobserve\b/.test(name);
}
