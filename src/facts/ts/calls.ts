import { ts } from "./typescript.js";
import { newProps, type Pos, type Sym } from "../sym.js";
import { findSecrets } from "../secrets.js";
import { AUDIT_RE, type CallIR } from "../ir.js";
import { NO_TAINT } from "./records.js";
import { boringSym, collectNames, firstTainted, INTERESTING_GLOBALS, MODEL_CALL_NAMES, MODEL_CALL_TEXT, PAUSE_RE, SQL_RE, SQL_TRUNCATE_RE, UNKNOWN_ROOT_METHODS, unwrap, WORD_CHAR } from "./syntax.js";
import { ExportCollector } from "./exports.js";
import { own } from "./detach.js";
import { packageRootOf } from "../context.js";
import { packageIsRead } from "../recognizers.js";

const K = ts.SyntaxKind;
const {
  isAsExpression, isAwaitExpression, isCallExpression, isElementAccessExpression, isIdentifier, isMetaProperty, isMethodDeclaration, isNewExpression, isNonNullExpression, isObjectBindingPattern, isParenthesizedExpression, isPropertyAccessExpression, isPropertyDeclaration, isReturnStatement, isSatisfiesExpression, isStringLiteral, isStringLiteralLike,
} = ts;

/** Packages whose calls are a test's, never an agent's. */
const TEST_RUNNERS = new Set(["vitest", "@jest/globals", "bun:test", "node:test"]);
/** What extract reads from any call's text (APPROVAL_CALL, isToolRun there): such calls are kept. */
const NAME_MATCHED = /approv|waitForEvent$|(^|\.)(execute|invoke|call)$/i;

function isTestRunnerCall(callee: Sym): boolean {
  let s = callee;
  while (s.k === "member" || s.k === "call") s = s.k === "member" ? s.obj : s.callee;
  return s.k === "import" && TEST_RUNNERS.has(s.module);
}

/** Which calls become facts (and with what), model output tracked into conditions, strings' secrets and SQL. */
export abstract class CallRecorder extends ExportCollector {
  protected visitCall(c: ts.CallExpression | ts.NewExpression): void {
    const callee = c.expression;
    const method = isPropertyAccessExpression(callee) ? callee.name.text : isIdentifier(callee) ? callee.text : "";
    // `recv.method` names an audit when either word does (no AUDIT_RE alternative spans the dot).
    let audit = AUDIT_RE.test(method);
    if (isPropertyAccessExpression(callee)) {
      const recv = callee.expression;
      if (isIdentifier(recv)) audit = (audit || AUDIT_RE.test(recv.text)) && recv.text !== "console";
      else if (isPropertyAccessExpression(recv)) audit ||= AUDIT_RE.test(recv.name.text);
    }
    if (audit) this.ir.audits.push(c.getStart(this.sf));
    if (PAUSE_RE.test(method)) this.markPause(c);
    // `.abort()`, and `.cancel()` (Strands' agent.cancel(), a stream's cancel()): in a timer's callback, a timeout.
    if (method === "abort" || method === "cancel") this.ir.aborts.push(c.getStart(this.sf));
    if (this.frame.loops.length && isPropertyAccessExpression(callee)) {
      const recv = callee.expression.getText(this.sf);
      if (method === "shift" || method === "pop" || method === "splice") for (const l of this.frame.loops) l.consumes.add(recv);
      if (method === "push" || method === "unshift") for (const l of this.frame.loops) if (!l.pushes.has(recv)) l.pushes.set(recv, this.at(c));
    }
    if (!this.interesting(callee, method)) return;
    if (!UNKNOWN_ROOT_METHODS.has(method) && this.boringCallee(callee, 0)) return;
    // The same test as below (packageRootOf), read off the syntax before evaluating: a plain member
    // chain on an import of a package nothing reads (`z.object(…)`, `path.join(…)`) is that package,
    // and evaluating it has no effect on the walk (no function literal on the way to name).
    let matched: boolean | undefined;
    const nameMatched = () => (matched ??= NAME_MATCHED.test(callee.getText(this.sf)));
    const inLoop = this.frame.loops.length > 0;
    if (!inLoop && this.unreadPackageChain(callee) && !nameMatched()) return;
    const calleeSym = this.eval(callee);
    if (!this.worthRecording(calleeSym, method)) return;
    // A call on a package nothing reads (`z.object(…)`, `path.join(…)`) can never become a fact: its
    // arguments are not evaluated (in a loop they are, for a signal handed to the call).
    const pkg = packageRootOf(calleeSym);
    const unread = pkg !== undefined && !packageIsRead(pkg);
    if (unread && !inLoop && !nameMatched()) return;
    const args = (c.arguments ?? []).map((a) => this.evalArg(a));
    // A signal handed to a call inside a loop is that loop's pause check.
    if (this.frame.loops.length && args.some((a) => a.k === "obj" && ("signal" in a.props || "abortSignal" in a.props))) this.markPause(c);
    // A test runner's calls (`expect(x).toBe(y)`, `it(…)`, `vi.fn()`: four in ten of a tested
    // project's calls) match no recognizer; only a name-matched tool run or approval could use one.
    // Their arguments are still evaluated above: evaluation names the functions it meets.
    if ((unread || isTestRunnerCall(calleeSym)) && !nameMatched()) return;
    const ir: CallIR = { at: this.at(c), end: c.end, callee: calleeSym, args, isNew: isNewExpression(c), text: this.text(callee) };
    if (this.frame.ir) ir.fn = this.frame.ir.id;
    const named = this.namedCalls.get(c);
    if (named?.varName !== undefined) ir.varName = named.varName;
    else if (named?.propKey !== undefined) ir.propKey = named.propKey;
    this.ir.calls.push(ir);
  }

  /**
   * `class MyAgent extends Think { maxSteps = 20; getTools() { return { … } } }`: a framework whose
   * agents are subclasses is configured by overriding fields and methods, so the subclass is recorded
   * like a construction of its base class, with the overrides as its options.
   */
  protected recordSubclass(cls: ts.ClassLikeDeclaration): void {
    const ext = cls.heritageClauses?.find((h) => h.token === K.ExtendsKeyword)?.types[0]?.expression;
    if (!ext || !(isIdentifier(ext) || isPropertyAccessExpression(ext))) return;
    const method = isIdentifier(ext) ? ext.text : ext.name.text;
    if (!this.interesting(ext, method)) return;
    const base = this.eval(ext);
    if (base.k !== "import" && base.k !== "member") return;
    const props = newProps();
    for (const m of cls.members) {
      const key = m.name && (isIdentifier(m.name) || isStringLiteral(m.name)) ? m.name.text : undefined;
      if (key === undefined) continue;
      if (isPropertyDeclaration(m) && m.initializer) props[key] = { v: this.eval(m.initializer), at: this.at(m) };
      else if (isMethodDeclaration(m) && m.body) {
        const fn = this.fnSym(m);
        props[key] = { v: fn, at: this.at(m) };
        const returned = fn.k === "fn" ? this.returnedObject({ k: "call", callee: fn, args: [], at: fn.at, isNew: false }) : undefined;
        if (returned) props[`${key}()`] = { v: returned, at: this.at(m) };
        else {
          // `getModel() { return "@cf/…"; }`: a method that only returns a constant string.
          const only = m.body.statements.length === 1 ? m.body.statements[0] : undefined;
          if (only && isReturnStatement(only) && only.expression && isStringLiteralLike(only.expression)) props[`${key}()`] = { v: { k: "str", v: own(only.expression.text) }, at: this.at(only.expression) };
        }
      }
    }
    const name = cls.name?.text ?? "<anonymous class>";
    const ir: CallIR = { at: this.at(cls), end: cls.end, callee: base, args: [{ k: "obj", props, spread: false, at: this.at(cls) }], isNew: false, text: `class ${name} extends ${this.text(ext)}`, subclass: name, varName: name };
    if (this.frame.ir) ir.fn = this.frame.ir.id;
    this.ir.calls.push(ir);
  }

  /** `a.b.c` (up to 64 links, as packageRootOf reads them) where `a` is an import of a package no recognizer reads. */
  private unreadPackageChain(callee: ts.Expression): boolean {
    let e = callee;
    for (let links = 0; isPropertyAccessExpression(e); links++) {
      if (links >= 64) return false;
      e = e.expression;
    }
    if (!isIdentifier(e)) return false;
    const b = this.lookup(e.text);
    return b?.k === "import" && b.sym.k === "import" && !b.sym.project && !packageIsRead(b.sym.module);
  }

  /** Cheap syntactic pre-filter before evaluating a callee. */
  protected interesting(callee: ts.Expression, method: string): boolean {
    if (UNKNOWN_ROOT_METHODS.has(method) || INTERESTING_GLOBALS.has(method)) return true;
    let root: ts.Expression = callee;
    while (isPropertyAccessExpression(root) || isCallExpression(root) || isElementAccessExpression(root) || isNewExpression(root) || isParenthesizedExpression(root) || isNonNullExpression(root)) root = root.expression;
    if (root.kind === K.ThisKeyword) return true;
    if (!isIdentifier(root)) return false;
    const b = this.lookup(root.text);
    if (!b && INTERESTING_GLOBALS.has(root.text)) return true;
    return b !== undefined && b.k !== "opaque";
  }

  /**
   * True when evaluating this callee can only end at a root worthRecording rejects (a parameter,
   * `this`, a global that does not matter…) and evaluating it would touch nothing not seen before
   * (every function literal on the way already has its id), so skipping eval changes nothing.
   * Most calls in a project are of this kind (`parts.join(",")`, `this.render()`). False when unsure.
   */
  protected boringCallee(e: ts.Expression, depth: number): boolean {
    if (depth > 24) return false;
    switch (e.kind) {
      case K.ParenthesizedExpression:
      case K.AsExpression:
      case K.SatisfiesExpression:
      case K.NonNullExpression:
      case K.TypeAssertionExpression:
      case K.AwaitExpression:
        return this.boringCallee((e as ts.ParenthesizedExpression).expression, depth + 1);
      case K.PropertyAccessExpression: {
        const p = e as ts.PropertyAccessExpression;
        // `this.runner` where the class gives `runner` a value (see thisMember) may be a library object.
        if (p.expression.kind === K.ThisKeyword && this.classSets(p.name.text)) return false;
        return this.envName(p) !== undefined || this.boringCallee(p.expression, depth + 1);
      }
      case K.ElementAccessExpression: {
        const x = e as ts.ElementAccessExpression;
        if (this.envName(x) !== undefined) return true;
        return isStringLiteralLike(x.argumentExpression) ? this.boringCallee(x.expression, depth + 1) : true;
      }
      case K.CallExpression:
      case K.NewExpression: {
        const c = e as ts.CallExpression | ts.NewExpression;
        if (isIdentifier(c.expression) && (c.expression.text === "require" || c.expression.text === "URL")) return false;
        if (c.arguments) for (const a of c.arguments) if (!this.pureArg(a)) return false;
        return this.boringCallee(c.expression, depth + 1);
      }
      case K.ThisKeyword:
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
      case K.NumericLiteral:
        return true;
      case K.Identifier: {
        const name = (e as ts.Identifier).text;
        if (name === "undefined") return true;
        const b = this.lookup(name);
        if (!b) return !INTERESTING_GLOBALS.has(name);
        if (b.k === "opaque") return true;
        if (b.k !== "const") return false;
        if (b.memo) return boringSym(b.memo);
        return b.busy ? true : this.boringCallee(b.init, depth + 1);
      }
      default:
        return false;
    }
  }

  /** An argument whose evaluation has no effect on the walk's state (see boringCallee). */
  protected pureArg(a: ts.Expression): boolean {
    switch (a.kind) {
      case K.SpreadElement:
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
      case K.NumericLiteral:
      case K.TrueKeyword:
      case K.FalseKeyword:
      case K.NullKeyword:
        return true;
      case K.ArrowFunction:
      case K.FunctionExpression:
        return this.fnNames.has(a);
      case K.Identifier: {
        const b = this.lookup((a as ts.Identifier).text);
        return !b || b.k === "import" || b.k === "fn" || b.k === "opaque" || (b.k === "const" && (b.memo !== undefined || !!b.busy));
      }
      default:
        return false;
    }
  }

  protected worthRecording(sym: Sym, method: string): boolean {
    let s = sym;
    while (s.k === "member" || s.k === "call") s = s.k === "member" ? s.obj : s.callee;
    if (s.k === "import" || s.k === "fnref" || s.k === "fn") return true;
    if (s.k === "global") return INTERESTING_GLOBALS.has(s.name) || s.name === "process.env";
    return UNKNOWN_ROOT_METHODS.has(method);
  }

  protected nameCall(value: ts.Expression, name: { varName?: string; propKey?: string }): void {
    let e = value;
    while (isAwaitExpression(e) || isParenthesizedExpression(e) || isAsExpression(e) || isSatisfiesExpression(e)) e = e.expression;
    if (e.kind === K.CallExpression || e.kind === K.NewExpression) this.namedCalls.set(e, name);
  }

  protected markPause(node: ts.Node): void {
    const at = this.at(node);
    for (const l of this.frame.loops) l.pauseAt ??= at;
  }

  protected visitString(node: ts.LiteralLikeNode): void {
    const t = node.text;
    if (t.length < 8) return;
    const start = node.getStart(this.sf);
    for (const s of findSecrets(t)) this.ir.secrets.push({ kind: s.kind, redacted: s.redacted, at: this.pos(start + 1 + s.index) });
    // SQL quoted in text for a model (instructions, a message, a tool's description) is not an operation.
    const m = start < this.proseEnd ? null : SQL_RE.exec(t) ?? SQL_TRUNCATE_RE.exec(t);
    if (m) this.ir.sql.push({ op: `SQL ${m[1]!.replace(/\s+/g, " ").toUpperCase()}`, at: this.pos(start) });
  }

  protected trackEnvDestructuring(d: ts.VariableDeclaration): void {
    if (!d.initializer || !isObjectBindingPattern(d.name)) return;
    const init = unwrap(d.initializer);
    const isEnv = isPropertyAccessExpression(init) && init.name.text === "env" && ((isIdentifier(init.expression) && init.expression.text === "process") || isMetaProperty(init.expression));
    if (!isEnv) return;
    for (const el of d.name.elements) {
      const key = el.propertyName && isIdentifier(el.propertyName) ? el.propertyName.text : isIdentifier(el.name) ? el.name.text : undefined;
      if (key) this.ir.envReads.push({ name: key, at: this.at(el) });
    }
  }

  // ---- model output flowing into conditions ---------------------------------------------

  protected isModelCallExpr(e: ts.Expression): boolean {
    const x = unwrap(e);
    if (!isCallExpression(x)) return false;
    // Every MODEL_CALL_TEXT match ends in one of MODEL_CALL_NAMES: test that word before building the text.
    const text = this.sf.text;
    const end = x.expression.end;
    let i = end;
    while (i > 0 && WORD_CHAR.test(text[i - 1]!)) i--;
    if (!MODEL_CALL_NAMES.has(text.slice(i, end))) return false;
    const t = x.expression.getText(this.sf).replace(/\s+/g, "");
    return MODEL_CALL_TEXT.test(t);
  }

  protected trackTaint(d: ts.VariableDeclaration): void {
    if (!d.initializer) return;
    let from: Pos | undefined;
    if (this.isModelCallExpr(d.initializer)) from = this.at(d.initializer);
    else {
      const t = this.frame.tainted.size ? firstTainted(d.initializer, this.frame.tainted) : undefined;
      if (t) from = this.frame.tainted.get(t);
    }
    if (!from) return;
    const names: string[] = [];
    collectNames(d.name, names);
    for (const n of names) this.taint(n, from);
  }

  protected taint(name: string, from: Pos): void {
    if (this.frame.tainted === NO_TAINT) this.frame.tainted = new Map();
    (this.frame.tainted as Map<string, Pos>).set(name, from);
  }

  protected refsTaint(e: ts.Expression): boolean {
    return this.frame.tainted.size > 0 && firstTainted(e, this.frame.tainted) !== undefined;
  }

  protected checkGuard(cond: ts.Expression, start: number, end: number): void {
    if (!this.frame.tainted.size) return;
    const t = firstTainted(cond, this.frame.tainted);
    if (!t) return;
    this.ir.guards.push({ at: this.at(cond), start, end, modelAt: this.frame.tainted.get(t)! });
  }
}
