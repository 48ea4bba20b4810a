import { type PyNode as Node } from "./tree.js";
import { newProps, UNKNOWN, type Prop, type Sym } from "../sym.js";
import { dottedName, isEnviron } from "./names.js";
import { named, short, paramNames } from "./syntax.js";
import { type Scope, BUILTINS } from "./walk-records.js";
import { PyWalkState } from "./walk-state.js";

/** Python expressions to symbolic values (Syms). */
export abstract class PyEvaluator extends PyWalkState {
  // ---- evaluation ------------------------------------------------------------------------

  protected override eval(n: Node): Sym {
    if (this.depth > 24) return UNKNOWN(short(n.text), "too deeply nested");
    this.depth++;
    try {
      return this.evalInner(n);
    } finally {
      this.depth--;
    }
  }

  protected evalInner(n: Node): Sym {
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
      case "identifier": return this.evalIdent(n.text, n.startIndex);
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

  protected evalString(n: Node): Sym {
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

  protected evalIdent(name: string, at = -1): Sym {
    const b = this.lookup(name);
    if (!b) return BUILTINS.has(name) ? { k: "import", module: "builtins", name, project: false } : { k: "global", name };
    return b.k === "seq" && at >= 0 ? this.seqSym(name, b, at) : this.bindingSym(name, b);
  }

  protected evalAttribute(n: Node): Sym {
    const obj = n.childForFieldName("object");
    const attr = n.childForFieldName("attribute")?.text ?? "";
    if (!obj) return UNKNOWN(short(n.text), "computed at run time");
    if (obj.type === "identifier" && this.frame.cls && obj.text === this.frame.selfName) return this.selfAttr(attr);
    return { k: "member", obj: this.eval(obj), name: attr };
  }

  /** `self.x` inside a class: a method, or an attribute assigned once (evaluated where it is assigned). */
  protected selfAttr(attr: string): Sym {
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

  protected methodScope(fn: Node): Scope {
    const hit = this.methodScopes.get(fn.id);
    if (hit) return hit;
    const scope: Scope = { vars: new Map(), parent: this.module, kind: "function" };
    for (const p of paramNames(fn)) scope.vars.set(p, { k: "opaque", why: "a parameter", name: p });
    const body = fn.childForFieldName("body");
    if (body) this.prescan(body, scope);
    this.methodScopes.set(fn.id, scope);
    return scope;
  }

  protected evalCall(n: Node): Sym {
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
    if (callee.k === "fnref") {
      const built = this.returnedObject(callee.id);
      if (built) return built;
    }
    return { k: "call", callee, args, at: this.at(n), isNew: false };
  }

  /** What each function of the file returns, by id (undefined while it is worked out: a recursive one returns nothing known). */
  private readonly returned = new Map<string, Sym | undefined>();

  /**
   * The object a call of one of the file's own functions returns, when the function has a single `return`
   * and it gives an object a call builds (`return StateGraph(S)`, or `return workflow` after
   * `workflow = StateGraph(S)`, or another such function's result): `self._create_workflow().compile()` is then
   * that graph's compile, as a reader follows it. Evaluated in the function's own scope, its parameters
   * unknown; anything else it returns stays the call it is.
   */
  protected returnedObject(id: string): Sym | undefined {
    if (this.returned.has(id)) return this.returned.get(id);
    this.returned.set(id, undefined);
    const def = this.fnDefs.get(id);
    const value = def ? onlyReturn(def) : undefined;
    if (!def || !value) return undefined;
    const cls = this.classOf(def);
    const params = paramNames(def);
    const isStatic = def.parent?.type === "decorated_definition" && named(def.parent).some((d) => d.type === "decorator" && /staticmethod/.test(d.text));
    const saved = this.scope, savedFrame = this.frame, savedDepth = this.depth;
    this.scope = this.methodScope(def);
    this.frame = { params, tainted: new Map(), loops: [], ir: undefined, ...(cls ? { cls, ...(!isStatic && params[0] ? { selfName: params[0] } : {}) } : {}) };
    this.depth = 0;
    let v: Sym;
    try {
      v = this.eval(value);
    } finally {
      this.scope = saved;
      this.frame = savedFrame;
      this.depth = savedDepth;
    }
    const out = v.k === "call" ? v : undefined;
    this.returned.set(id, out);
    return out;
  }

  /** Positional arguments, then the keyword arguments (and `**dict` literals) as one object Sym flagged `kw`. */
  protected evalArgs(call: Node): { args: Sym[]; kw?: Sym } {
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

  protected fnSym(n: Node): Sym {
    const body = n.childForFieldName("body") ?? n;
    return { k: "fn", at: this.at(n), start: body.startIndex, end: n.endIndex, id: this.lambdaId(n) };
  }

  protected lambdaId(n: Node): string {
    const hit = this.fnIds.get(n.id);
    if (hit) return hit;
    let name = "<lambda>";
    if (this.usedNames.has(name)) name = `${name}@${this.at(n).line}`;
    this.usedNames.add(name);
    const id = this.lines.idPrefix + name;
    this.fnIds.set(n.id, id);
    return id;
  }
}

/** The value of a function's one `return` statement, when it has exactly one and is no generator (nested definitions are their own). */
function onlyReturn(def: Node): Node | undefined {
  const body = def.childForFieldName("body");
  if (!body) return undefined;
  const found: Node[] = [];
  let generator = false;
  const stack: Node[] = [body];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "function_definition" || n.type === "class_definition" || n.type === "lambda") continue;
    if (n.type === "yield") generator = true;
    if (n.type === "return_statement") found.push(n);
    for (const c of named(n)) stack.push(c);
  }
  return !generator && found.length === 1 ? named(found[0]!)[0] : undefined;
}
