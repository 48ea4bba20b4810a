import { ts } from "./typescript.js";
import { newProps, UNKNOWN, type Sym } from "../sym.js";
import { PARAMETER } from "./records.js";
import { resolveSpecifier } from "./parse.js";
import { collectNames } from "./syntax.js";
import { WalkState } from "./state.js";
import { own } from "./detach.js";

const K = ts.SyntaxKind;
const {
  canHaveModifiers, getModifiers, isAsExpression, isBinaryExpression, isBlock, isConstructorDeclaration, isExpressionStatement, isFunctionDeclaration, isIdentifier, isMetaProperty, isMethodDeclaration, isNewExpression, isNumericLiteral, isObjectLiteralExpression, isParenthesizedExpression, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isReturnStatement, isSatisfiesExpression, isShorthandPropertyAssignment, isSpreadAssignment, isSpreadElement, isStringLiteral, isStringLiteralLike, isVariableStatement,
} = ts;

/** The expressions whose values evalInner keeps: those with parts, whose evaluation costs more than a lookup (a spread argument is never kept: evalArg gives it no value of its own). */
const MEMO_KINDS = new Uint8Array(K.Count + 1);
for (const k of [K.PropertyAccessExpression, K.ElementAccessExpression, K.CallExpression, K.NewExpression, K.ObjectLiteralExpression, K.ArrayLiteralExpression, K.TemplateExpression, K.BinaryExpression, K.ConditionalExpression]) MEMO_KINDS[k] = 1;

/** Expressions to symbolic values (Syms), and a file's exports. */
export abstract class Evaluator extends WalkState {
  // ---- evaluation ------------------------------------------------------------------------

  /**
   * The object of a member access or the callee of a call: one link of a method chain
   * (`client.chat.completions.runTools(…).on(…).on(…)`). A chain is as long as the code makes it
   * and each link nests no further, so links do not count toward the depth limit, which bounds
   * nesting inside arguments.
   */
  protected evalSpine(node: ts.Expression): Sym {
    // Still bounded, far above any real chain, so that generated code cannot exhaust the stack.
    if (this.spineDepth > 500) {
      this.cutShort++;
      return UNKNOWN(this.text(node), "too deeply nested");
    }
    this.spineDepth++;
    try {
      return this.evalInner(node);
    } finally {
      this.spineDepth--;
    }
  }

  eval(node: ts.Expression): Sym {
    if (this.depth > 10) {
      this.cutShort++;
      return UNKNOWN(this.text(node), "too deeply nested");
    }
    this.depth++;
    try {
      return this.evalInner(node);
    } finally {
      this.depth--;
    }
  }

  /**
   * An expression's value. The walk evaluates a nested call twice: with the expression around it
   * (a recorded call's arguments and callee: `a(b(c()))`, `x.a().b().c()`), then on its own when the
   * walk reaches it, when visitCall evaluates its callee and arguments again. So the values of a
   * nested call's callee and arguments are kept (keep, below) and given back here, under three
   * conditions that make a kept value the one a fresh evaluation would give:
   * - nothing is kept or reused inside a declaration's value (declDepth > 0), a returned object or a
   *   `this.x` (those evaluate code away from where the walk stands, with other names in view); at
   *   declDepth 0 every expression evaluated lies in the walk's current scope;
   * - no depth limit cut the value short;
   * - it is reused only at a depth no deeper than it was evaluated at, so a fresh evaluation, with
   *   at least as much room, would not have been cut short either.
   * Syms are never changed once built, so sharing one between two records is safe. On vercel/ai this
   * keeps 1 value in 6 and saves a sixth of all evaluations.
   */
  protected evalInner(node: ts.Expression): Sym {
    if (this.declDepth === 0 && MEMO_KINDS[node.kind]) {
      const kept = this.evaluated.get(node);
      if (kept && this.depth <= kept.depth && this.spineDepth <= kept.spine) return kept.sym;
    }
    return this.evalFresh(node);
  }

  /** Keep a nested call's callee or argument value (see evalInner), evaluated at this depth and chain link, unless `cut` says a limit cut it short. */
  private keep(node: ts.Expression, sym: Sym, cut: number, depth: number, spine: number): void {
    if (this.cutShort === cut && this.declDepth === 0 && MEMO_KINDS[node.kind]) this.evaluated.set(node, { sym, depth, spine });
  }

  private evalFresh(node: ts.Expression): Sym {
    switch (node.kind) {
      case K.NumericLiteral: return { k: "num", v: Number((node as ts.NumericLiteral).text.replace(/_/g, "")) };
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral: return { k: "str", v: own((node as ts.StringLiteral).text) };
      case K.TrueKeyword: return { k: "bool", v: true };
      case K.FalseKeyword: return { k: "bool", v: false };
      case K.NullKeyword: return { k: "null" };
      case K.Identifier: return this.evalIdent(node as ts.Identifier);
      case K.ParenthesizedExpression:
      case K.AsExpression:
      case K.SatisfiesExpression:
      case K.NonNullExpression:
      case K.TypeAssertionExpression:
      case K.AwaitExpression:
        return this.eval((node as ts.ParenthesizedExpression).expression);
      case K.TemplateExpression: {
        const t = node as ts.TemplateExpression;
        const parts: Sym[] = [];
        if (t.head.text) parts.push({ k: "str", v: own(t.head.text) });
        for (const span of t.templateSpans) {
          parts.push(this.eval(span.expression));
          if (span.literal.text) parts.push({ k: "str", v: own(span.literal.text) });
        }
        return { k: "cat", parts };
      }
      case K.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        const op = b.operatorToken.kind;
        if (op === K.PlusToken) {
          const l = this.eval(b.left), r = this.eval(b.right);
          if (l.k === "num" && r.k === "num") return { k: "num", v: l.v + r.v };
          return { k: "cat", parts: [...(l.k === "cat" ? l.parts : [l]), ...(r.k === "cat" ? r.parts : [r])] };
        }
        if (op === K.AsteriskToken) {
          const l = this.eval(b.left), r = this.eval(b.right);
          if (l.k === "num" && r.k === "num") return { k: "num", v: l.v * r.v, via: l.via ?? r.via };
        }
        if (op === K.QuestionQuestionToken || op === K.BarBarToken) return { k: "or", options: [this.eval(b.left), this.eval(b.right)] };
        return UNKNOWN(this.text(node), "computed at run time");
      }
      case K.ConditionalExpression: {
        const c = node as ts.ConditionalExpression;
        return { k: "or", options: [this.eval(c.whenTrue), this.eval(c.whenFalse)] };
      }
      case K.PropertyAccessExpression: {
        const p = node as ts.PropertyAccessExpression;
        const env = this.envName(p);
        if (env) return { k: "env", name: own(env) };
        if (p.expression.kind === K.ThisKeyword) {
          const own = this.thisMember(p.name.text);
          if (own) return own;
        }
        return { k: "member", obj: this.evalSpine(p.expression), name: own(p.name.text) };
      }
      case K.ElementAccessExpression: {
        const e = node as ts.ElementAccessExpression;
        const env = this.envName(e);
        if (env) return { k: "env", name: own(env) };
        if (isStringLiteralLike(e.argumentExpression)) return { k: "member", obj: this.evalSpine(e.expression), name: own(e.argumentExpression.text) };
        return UNKNOWN(this.text(node), "an element chosen at run time");
      }
      case K.CallExpression:
      case K.NewExpression: {
        const c = node as ts.CallExpression | ts.NewExpression;
        // `require("m")`, and `import("m")` (a dynamic import: `const { x } = await import("m")`): the module's namespace.
        if (((isIdentifier(c.expression) && c.expression.text === "require" && !this.lookup("require")) || c.expression.kind === K.ImportKeyword) && c.arguments?.[0] && isStringLiteralLike(c.arguments[0])) {
          const r = resolveSpecifier(this.path, c.arguments[0].text, this.files);
          return { k: "import", module: r.module, name: "*", project: r.project };
        }
        if (isNewExpression(c) && isIdentifier(c.expression) && c.expression.text === "URL" && !this.lookup("URL") && c.arguments?.length) {
          const [p, base] = c.arguments;
          return base ? { k: "url", path: this.eval(p!), base: this.eval(base) } : this.eval(p!);
        }
        let cut = this.cutShort;
        const callee = this.evalSpine(c.expression);
        this.keep(c.expression, callee, cut, this.depth, this.spineDepth + 1);
        const args: Sym[] = [];
        for (const a of c.arguments ?? []) {
          cut = this.cutShort;
          const v = this.evalArg(a);
          this.keep(a, v, cut, this.depth + 1, this.spineDepth);
          args.push(v);
        }
        return { k: "call", callee, args, at: this.at(c), isNew: isNewExpression(c) };
      }
      case K.ObjectLiteralExpression: {
        const o = node as ts.ObjectLiteralExpression;
        const props = newProps();
        let spread = false;
        for (const p of o.properties) {
          if (isSpreadAssignment(p)) {
            const s = this.eval(p.expression);
            const o = s.k === "obj" ? s : this.returnedObject(s);
            if (o) Object.assign(props, o.props);
            // A returned object's own unresolvable spread stays one (a local object's is left as it was).
            if (!o || (o !== s && o.spread)) spread = true;
            continue;
          }
          const key = p.name && (isIdentifier(p.name) || isStringLiteral(p.name) || isNumericLiteral(p.name)) ? p.name.text : undefined;
          if (key === undefined) continue;
          if (isPropertyAssignment(p)) props[key] = { v: this.eval(p.initializer), at: this.at(p) };
          else if (isShorthandPropertyAssignment(p)) props[key] = { v: this.evalIdent(p.name), at: this.at(p) };
          else if (isMethodDeclaration(p) && p.body) props[key] = { v: this.fnSym(p), at: this.at(p) };
        }
        return { k: "obj", props, spread, at: this.at(o) };
      }
      case K.ArrayLiteralExpression:
        return { k: "arr", items: (node as ts.ArrayLiteralExpression).elements.map((e) => this.evalArg(e)) };
      case K.ArrowFunction:
      case K.FunctionExpression:
        return this.fnSym(node as ts.ArrowFunction);
      case K.PrefixUnaryExpression: {
        const u = node as ts.PrefixUnaryExpression;
        if (u.operator === K.MinusToken && isNumericLiteral(u.operand)) return { k: "num", v: -Number(u.operand.text) };
        return UNKNOWN(this.text(node), "computed at run time");
      }
      default:
        return UNKNOWN(this.text(node), "computed at run time");
    }
  }

  /** Whether the innermost class gives `name` a value thisMember can read (a cheap syntactic test). */
  protected classSets(name: string): boolean {
    const cls = this.classes[this.classes.length - 1];
    if (!cls) return false;
    let names = this.classMembers.get(cls);
    if (!names) {
      names = new Set();
      for (const m of cls.members) {
        if (isPropertyDeclaration(m) && isIdentifier(m.name) && m.initializer) names.add(m.name.text);
        if (!isConstructorDeclaration(m)) continue;
        for (const prm of m.parameters) if (isIdentifier(prm.name) && prm.initializer && canHaveModifiers(prm) && getModifiers(prm)?.length) names.add(prm.name.text);
        for (const st of m.body?.statements ?? []) {
          if (isExpressionStatement(st) && isBinaryExpression(st.expression) && st.expression.operatorToken.kind === K.EqualsToken && isPropertyAccessExpression(st.expression.left) && st.expression.left.expression.kind === K.ThisKeyword) names.add(st.expression.left.name.text);
        }
      }
      this.classMembers.set(cls, names);
    }
    return names.has(name);
  }

  /**
   * `this.x` inside a class: the value the class gives `x` — a property initialiser
   * (`runner = new Runner()`), a constructor parameter property's default, or the constructor's
   * `this.x = …` (a parameter assigned there stands for its default: `constructor(runner = new Runner())`).
   * Undefined when the class sets it from elsewhere (a plain parameter, a method), so it stays unknown.
   */
  protected thisMember(name: string): Sym | undefined {
    const cls = this.classes[this.classes.length - 1];
    if (!cls || !this.classSets(name)) return undefined;
    let found: ts.Expression | undefined;
    for (const m of cls.members) {
      if (isPropertyDeclaration(m) && isIdentifier(m.name) && m.name.text === name && m.initializer) found = m.initializer;
      if (!isConstructorDeclaration(m)) continue;
      const params = new Map<string, ts.ParameterDeclaration>();
      for (const prm of m.parameters) if (isIdentifier(prm.name)) params.set(prm.name.text, prm);
      const own = params.get(name);
      if (own && canHaveModifiers(own) && getModifiers(own)?.length && own.initializer) found = own.initializer;
      for (const st of m.body?.statements ?? []) {
        if (!isExpressionStatement(st) || !isBinaryExpression(st.expression) || st.expression.operatorToken.kind !== K.EqualsToken) continue;
        const { left, right } = st.expression;
        if (!isPropertyAccessExpression(left) || left.expression.kind !== K.ThisKeyword || left.name.text !== name) continue;
        if (isIdentifier(right) && params.has(right.text)) found = params.get(right.text)!.initializer;
        else found = right;
      }
    }
    if (!found || this.thisBusy.has(found)) return undefined;
    this.thisBusy.add(found);
    try {
      return this.evalDetached(found);
    } finally {
      this.thisBusy.delete(found);
    }
  }

  /**
   * A declaration's value, evaluated as if it were the whole expression: the value is remembered
   * for the name, so it must not depend on how deep inside another expression the name was first
   * met (a `const client = new OpenAI()` first reached at the end of a long method chain was once
   * remembered cut short, and every later use of `client` lost it). Cycles end at `busy`; a chain of
   * declarations each naming the next is bounded separately.
   */
  protected evalDetached(init: ts.Expression): Sym {
    if (this.declDepth > 64) {
      this.cutShort++;
      return UNKNOWN(this.text(init), "too deeply nested");
    }
    const saved = this.depth, savedSpine = this.spineDepth;
    this.depth = 0;
    this.spineDepth = 0;
    this.declDepth++;
    try {
      return this.eval(init);
    } finally {
      this.depth = saved;
      this.spineDepth = savedSpine;
      this.declDepth--;
    }
  }

  /**
   * `...tools()` where `tools` is a function of this file whose body is only `return { … }` (after
   * local declarations) or an arrow returning an object literal: that object, evaluated with the
   * function's parameters (and locals) in scope. Undefined for anything else (a library call, a
   * parameter, a function that returns from several places).
   */
  protected returnedObject(s: Sym): Extract<Sym, { k: "obj" }> | undefined {
    if (s.k !== "call" || s.isNew || (s.callee.k !== "fnref" && s.callee.k !== "fn")) return undefined;
    const id = s.callee.id;
    const fn = this.fnNodes.get(id);
    if (!fn?.body || this.returning.has(id)) return undefined;
    let expr: ts.Expression | undefined;
    let locals: ts.NodeArray<ts.Statement> | undefined;
    if (isBlock(fn.body)) {
      const st = fn.body.statements;
      const last = st[st.length - 1];
      if (!last || !isReturnStatement(last) || !last.expression) return undefined;
      for (let i = 0; i < st.length - 1; i++) if (!isVariableStatement(st[i]!) && !isFunctionDeclaration(st[i]!)) return undefined;
      expr = last.expression;
      locals = st;
    } else expr = fn.body;
    while (isParenthesizedExpression(expr) || isAsExpression(expr) || isSatisfiesExpression(expr)) expr = expr.expression;
    if (!isObjectLiteralExpression(expr)) return undefined;
    this.returning.add(id);
    this.scopes.open();
    try {
      const names: string[] = [];
      for (const p of fn.parameters) collectNames(p.name, names);
      for (const n of names) this.scopes.set(n, PARAMETER);
      if (locals) this.prescan(locals, this.scopes);
      const o = this.evalDetached(expr);
      return o.k === "obj" ? o : undefined;
    } finally {
      this.scopes.close();
      this.returning.delete(id);
    }
  }

  protected evalArg(a: ts.Expression): Sym {
    return isSpreadElement(a) ? UNKNOWN(this.text(a), "spread at run time") : this.eval(a);
  }

  protected fnSym(node: ts.FunctionLikeDeclaration): Sym {
    const body = node.body ?? node;
    return { k: "fn", at: this.at(node), start: body.getStart(this.sf), end: body.end, id: this.fnId(node), ...(isBlock(body) && body.statements.length === 0 ? { empty: true as const } : {}) };
  }

  protected evalIdent(id: ts.Identifier): Sym {
    const name = own(id.text);
    if (name === "undefined") return { k: "undef" };
    const b = this.lookup(name);
    if (!b) return { k: "global", name };
    switch (b.k) {
      case "import": return b.sym;
      case "fn": return { k: "fnref", id: b.id };
      case "opaque": return UNKNOWN(name, b.why);
      case "const": {
        if (b.memo) return b.memo;
        if (b.busy) return UNKNOWN(name, "defined in terms of itself");
        b.busy = true;
        let v = this.evalDetached(b.init);
        if (v.k === "num" || v.k === "str") v = { ...v, via: v.via ?? name };
        b.busy = false;
        b.memo = v;
        return v;
      }
      case "destr": {
        let v = this.destrMemo.get(b.init);
        if (!v) {
          if (this.destrBusy.has(b.init)) return UNKNOWN(name, "defined in terms of itself");
          this.destrBusy.add(b.init);
          try {
            v = this.evalDetached(b.init);
          } finally {
            this.destrBusy.delete(b.init);
          }
          this.destrMemo.set(b.init, v);
        }
        for (const key of b.path) v = v.k === "global" && v.name === "process" && key === "env" ? { k: "global", name: "process.env" } : v.k === "global" && v.name === "process.env" ? { k: "env", name: key } : { k: "member", obj: v, name: key };
        return v;
      }
    }
  }

  /** `process.env.X`, `process.env["X"]`, `import.meta.env.X`. */
  protected envName(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
    const obj = node.expression;
    const key = isPropertyAccessExpression(node) ? node.name.text : isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
    if (key === undefined || !isPropertyAccessExpression(obj) || obj.name.text !== "env") return undefined;
    const base = obj.expression;
    if (isIdentifier(base) && base.text === "process" && !this.lookup("process")) return key;
    if (isMetaProperty(base)) return key;
    return undefined;
  }
}
