import { ts } from "ts-morph";
import { UNKNOWN, type ModuleExports, type Pos, type Prop, type Sym } from "./sym.js";
import { findSecrets } from "./secrets.js";

/**
 * ts-morph exposes TypeScript as a module namespace whose members are getters; the walk touches
 * SyntaxKind and the node tests millions of times, so it reads them from a plain copy.
 */
const T = { ...ts } as typeof ts;
const K = T.SyntaxKind;
/** Node kinds the walk treats specially; every other kind is only descended into. */
const HANDLED = new Uint8Array(K.Count + 1);
for (const k of [
  K.ImportDeclaration, K.InterfaceDeclaration, K.TypeAliasDeclaration, K.Block, K.CaseBlock, K.ModuleBlock, K.VariableDeclarationList,
  K.FunctionDeclaration, K.FunctionExpression, K.ArrowFunction, K.MethodDeclaration, K.Constructor, K.GetAccessor, K.SetAccessor,
  K.WhileStatement, K.DoStatement, K.ForStatement, K.ForOfStatement, K.ForInStatement, K.IfStatement, K.ConditionalExpression, K.BinaryExpression,
  K.CallExpression, K.NewExpression, K.PropertyAccessExpression, K.ElementAccessExpression,
  K.StringLiteral, K.NoSubstitutionTemplateLiteral, K.TemplateHead, K.TemplateMiddle, K.TemplateTail,
]) HANDLED[k] = 1;

/**
 * The one walk over one file. It records what later stages need, as small symbolic records
 * (calls with their callee and arguments as Syms, loops, functions, conditions), so the syntax
 * tree can be dropped as soon as the walk ends. Framework knowledge lives in facts/frameworks/;
 * this module knows only JavaScript.
 */

export interface CallIR {
  at: Pos;
  end: number;
  callee: Sym;
  args: Sym[];
  isNew: boolean;
  fn?: string;
  /** `const x = <call>` */
  varName?: string;
  /** `{ key: <call> }` */
  propKey?: string;
  /** Short text of the callee, for messages. */
  text: string;
}

export interface LoopIR {
  at: Pos;
  start: number;
  end: number;
  infinite: boolean;
  bound?: { sym: Sym; at: Pos };
  condText?: string;
  pauseAt?: Pos;
  consumes: Set<string>;
  pushes: Map<string, Pos>;
  sizeChecks: Map<string, { at: Pos; sym: Sym }[]>;
  fn?: string;
}

export interface FnIR {
  id: string;
  at: Pos;
  start: number;
  end: number;
  depthGuard?: { at: Pos; sym: Sym };
}

export interface GuardIR {
  at: Pos;
  start: number;
  end: number;
  modelAt: Pos;
}

export interface FileIR {
  path: string;
  calls: CallIR[];
  loops: LoopIR[];
  fns: FnIR[];
  guards: GuardIR[];
  envReads: { name: string; at: Pos }[];
  secrets: { kind: string; redacted: string; at: Pos }[];
  sql: { op: string; at: Pos }[];
  /** Offsets of audit/trace calls (audit(), tracer.startActiveSpan(), span.end(), …). */
  audits: number[];
  /** Offsets of `.abort()` calls (a timer that aborts is a timeout). */
  aborts: number[];
  /** Branches chosen by a string: `case "x":` clauses and `if (name === "x")` blocks (tool dispatch by name). */
  branches: { label: string; at: Pos; start: number; end: number }[];
  exports: ModuleExports;
  parseError?: { at: Pos; message: string };
}

type Binding =
  | { k: "import"; sym: Sym }
  | { k: "const"; init: ts.Expression; memo?: Sym; busy?: boolean; name: string }
  | { k: "destr"; init: ts.Expression; path: string[] }
  | { k: "fn"; id: string }
  | { k: "opaque"; why: string; name: string };

/** Names of calls that audit or trace (in a tool body or around a model call). */
export const AUDIT_RE = /audit|trace|span|telemetry|observ|instrument/i;
/** Calls that check a pause / kill / continue signal from inside a loop. */
const PAUSE_RE = /^(throwIfAborted|checkPause|waitIfPaused|awaitResume|shouldContinue|canContinue|checkContinue|checkKill\w*|isKilled|isPaused|shouldStop|shouldHalt|checkStop|pauseCheck|pollPause\w*|assertNotPaused|checkSignal|checkControl\w*)$/i;
const DEPTH_RE = /depth|level|hops?$|generation|recurs/i;
const SQL_RE = /\b(DROP\s+(?:TABLE|DATABASE|SCHEMA|INDEX|VIEW)|TRUNCATE(?:\s+TABLE)?|DELETE\s+FROM)\b/i;
/** Quick test that an expression's call is a model call, for tracking model output into conditions. */
const MODEL_CALL_TEXT = /(?:^|\.)(generateText|generateObject|streamText|streamObject)$|\.(chat\.completions|responses|messages|completions)\.(create|parse)$|^(llm|model|chat\w*|agent\w*|\w*Model|\w*Llm|\w*Agent)\.(invoke|generate|call|predict)$|^run$/;
/** Method names worth recording on receivers the walk cannot name (parameters, fields). */
const UNKNOWN_ROOT_METHODS = new Set(["create", "invoke", "stream", "generate", "run", "execute", "parse", "compile", "batch"]);
/** Globals that matter (network, timers, abort). */
const INTERESTING_GLOBALS = new Set(["fetch", "WebSocket", "EventSource", "AbortSignal", "AbortController", "setTimeout", "setInterval", "require", "Request"]);

const EXT_CANDIDATES = ["", ".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx", "/index.ts", "/index.tsx", "/index.js", "/index.mjs"];

export function resolveSpecifier(from: string, spec: string, files: ReadonlySet<string>): { module: string; project: boolean } {
  if (!spec.startsWith(".") && !spec.startsWith("/")) return { module: spec, project: false };
  const dir = from.includes("/") ? from.slice(0, from.lastIndexOf("/")) : "";
  const joined = normalize(spec.startsWith("/") ? spec.slice(1) : dir ? `${dir}/${spec}` : spec);
  const stripped = joined.replace(/\.(m|c)?jsx?$/, "");
  for (const base of stripped !== joined ? [stripped, joined] : [joined]) {
    for (const ext of EXT_CANDIDATES) {
      if (files.has(base + ext)) return { module: base + ext, project: true };
    }
  }
  return { module: joined, project: true };
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return out.join("/");
}

const SCRIPT_KIND: Record<string, ts.ScriptKind> = { ts: T.ScriptKind.TS, mts: T.ScriptKind.TS, cts: T.ScriptKind.TS, tsx: T.ScriptKind.TSX, jsx: T.ScriptKind.JSX, js: T.ScriptKind.JS, mjs: T.ScriptKind.JS, cjs: T.ScriptKind.JS };

export function parse(path: string, text: string): ts.SourceFile {
  const ext = path.slice(path.lastIndexOf(".") + 1);
  // Parents are set by the walk itself as it descends (one pass instead of two).
  return T.createSourceFile(path, text, T.ScriptTarget.Latest, false, SCRIPT_KIND[ext] ?? T.ScriptKind.TS);
}

export function walkFile(path: string, text: string, files: ReadonlySet<string>): FileIR {
  const sf = parse(path, text);
  return new Walker(sf, path, files).run();
}

interface FnFrame {
  id: string;
  params: Set<string>;
  tainted: Map<string, Pos>;
  loops: LoopIR[];
  ir: FnIR | undefined;
}

class Walker {
  private readonly ir: FileIR;
  private readonly scopes: Map<string, Binding>[] = [];
  private readonly fnIds = new Map<ts.Node, string>();
  private readonly usedIds = new Set<string>();
  private frame: FnFrame;
  private depth = 0;
  /** The node whose children are being visited: the walk sets `parent` links as it goes. */
  private parentNode: ts.Node;
  private readonly visitChild = (c: ts.Node): void => {
    (c as { parent: ts.Node }).parent = this.parentNode;
    this.visit(c);
  };

  constructor(private readonly sf: ts.SourceFile, private readonly path: string, private readonly files: ReadonlySet<string>) {
    this.ir = { path, calls: [], loops: [], fns: [], guards: [], envReads: [], secrets: [], sql: [], audits: [], aborts: [], branches: [], exports: { names: new Map(), star: [] } };
    this.frame = { id: `${path}#<module>`, params: new Set(), tainted: new Map(), loops: [], ir: undefined };
    this.parentNode = sf;
  }

  private descend(node: ts.Node): void {
    const saved = this.parentNode;
    this.parentNode = node;
    T.forEachChild(node, this.visitChild);
    this.parentNode = saved;
  }

  run(): FileIR {
    const diags = (this.sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics;
    if (diags && diags.length > 0) {
      const d = diags[0]!;
      this.ir.parseError = { at: this.pos(d.start), message: T.flattenDiagnosticMessageText(d.messageText, " ") };
    }
    const top = new Map<string, Binding>();
    this.scopes.push(top);
    this.prescan(this.sf.statements, top);
    for (const st of this.sf.statements) this.visitChild(st);
    this.collectExports();
    return this.ir;
  }

  // ---- positions -------------------------------------------------------------------------

  private pos(offset: number): Pos {
    const lc = this.sf.getLineAndCharacterOfPosition(offset);
    return { file: this.path, line: lc.line + 1, column: lc.character + 1, pos: offset };
  }
  private at(node: ts.Node): Pos {
    return this.pos(node.getStart(this.sf));
  }
  private text(node: ts.Node): string {
    const t = node.getText(this.sf);
    return t.length > 80 ? `${t.slice(0, 77)}...` : t;
  }

  // ---- scopes ----------------------------------------------------------------------------

  /** Hoisted declarations of a statement list: imports, functions, classes, and consts (so uses above a declaration resolve). */
  private prescan(statements: ts.NodeArray<ts.Statement>, scope: Map<string, Binding>): void {
    for (const st of statements) {
      if (T.isImportDeclaration(st)) this.addImport(st, scope);
      else if (T.isImportEqualsDeclaration(st) && T.isExternalModuleReference(st.moduleReference) && T.isStringLiteral(st.moduleReference.expression)) {
        const r = resolveSpecifier(this.path, st.moduleReference.expression.text, this.files);
        scope.set(st.name.text, { k: "import", sym: { k: "import", module: r.module, name: "*", project: r.project } });
      } else if (T.isFunctionDeclaration(st) && st.name) scope.set(st.name.text, { k: "fn", id: this.fnId(st) });
      else if (T.isClassDeclaration(st) && st.name) scope.set(st.name.text, { k: "opaque", why: "a class", name: st.name.text });
      else if (T.isVariableStatement(st)) {
        (st.declarationList as { parent: ts.Node }).parent = st;
        this.declare(st.declarationList, scope);
      }
    }
  }

  private addImport(st: ts.ImportDeclaration, scope: Map<string, Binding>): void {
    if (!T.isStringLiteral(st.moduleSpecifier) || !st.importClause) return;
    const r = resolveSpecifier(this.path, st.moduleSpecifier.text, this.files);
    const mk = (name: string): Binding => ({ k: "import", sym: { k: "import", module: r.module, name, project: r.project } });
    const c = st.importClause;
    if (c.name) scope.set(c.name.text, mk("default"));
    const nb = c.namedBindings;
    if (nb && T.isNamespaceImport(nb)) scope.set(nb.name.text, mk("*"));
    else if (nb) for (const el of nb.elements) scope.set(el.name.text, mk((el.propertyName ?? el.name).text));
  }

  private declare(list: ts.VariableDeclarationList, scope: Map<string, Binding>): void {
    const isConst = (list.flags & T.NodeFlags.Const) !== 0;
    for (const d of list.declarations) {
      (d as { parent: ts.Node }).parent = list;
      if (d.initializer) (d.initializer as { parent: ts.Node }).parent = d;
      if (T.isIdentifier(d.name)) {
        if (isConst && d.initializer) scope.set(d.name.text, { k: "const", init: d.initializer, name: d.name.text });
        else if (!isConst && d.initializer && this.isRequire(d.initializer)) scope.set(d.name.text, { k: "const", init: d.initializer, name: d.name.text });
        else scope.set(d.name.text, { k: "opaque", why: isConst ? "declared without a value" : "a variable that can change", name: d.name.text });
      } else if (d.initializer) {
        this.declarePattern(d.name, d.initializer, [], scope, isConst);
      }
    }
  }

  private declarePattern(name: ts.BindingName, init: ts.Expression, path: string[], scope: Map<string, Binding>, isConst: boolean): void {
    if (T.isIdentifier(name)) {
      scope.set(name.text, isConst || this.isRequire(init) ? { k: "destr", init, path } : { k: "opaque", why: "a variable that can change", name: name.text });
      return;
    }
    if (T.isObjectBindingPattern(name)) {
      for (const el of name.elements) {
        const key = el.propertyName && (T.isIdentifier(el.propertyName) || T.isStringLiteral(el.propertyName)) ? el.propertyName.text : T.isIdentifier(el.name) ? el.name.text : undefined;
        if (el.dotDotDotToken || key === undefined) continue;
        this.declarePattern(el.name, init, [...path, key], scope, isConst);
      }
    } else {
      for (const el of name.elements) if (T.isBindingElement(el)) this.markOpaque(el.name, scope);
    }
  }

  private markOpaque(name: ts.BindingName, scope: Map<string, Binding>): void {
    if (T.isIdentifier(name)) scope.set(name.text, { k: "opaque", why: "a destructured value", name: name.text });
    else for (const el of name.elements) if (T.isBindingElement(el)) this.markOpaque(el.name, scope);
  }

  private isRequire(e: ts.Expression): boolean {
    return T.isCallExpression(e) && T.isIdentifier(e.expression) && e.expression.text === "require";
  }

  private lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i]!.get(name);
      if (b) return b;
    }
    return undefined;
  }

  private fnId(node: ts.Node): string {
    const hit = this.fnIds.get(node);
    if (hit) return hit;
    let name = "<anonymous>";
    const n = node as ts.FunctionLikeDeclaration;
    if (n.name && (T.isIdentifier(n.name) || T.isStringLiteral(n.name))) {
      name = n.name.text;
      const cls = node.parent;
      if (T.isMethodDeclaration(node) && cls && T.isClassLike(cls) && cls.name) name = `${cls.name.text}.${name}`;
    } else if (node.parent && T.isVariableDeclaration(node.parent) && T.isIdentifier(node.parent.name)) name = node.parent.name.text;
    else if (node.parent && T.isPropertyAssignment(node.parent) && (T.isIdentifier(node.parent.name) || T.isStringLiteral(node.parent.name))) name = node.parent.name.text;
    else if (T.isConstructorDeclaration(node) && T.isClassLike(node.parent) && node.parent.name) name = `${node.parent.name.text}.constructor`;
    let id = `${this.path}#${name}`;
    if (this.usedIds.has(id)) id = `${id}@${this.at(node).line}`;
    this.usedIds.add(id);
    this.fnIds.set(node, id);
    return id;
  }

  // ---- evaluation ------------------------------------------------------------------------

  eval(node: ts.Expression): Sym {
    if (this.depth > 10) return UNKNOWN(this.text(node), "too deeply nested");
    this.depth++;
    try {
      return this.evalInner(node);
    } finally {
      this.depth--;
    }
  }

  private evalInner(node: ts.Expression): Sym {
    switch (node.kind) {
      case T.SyntaxKind.NumericLiteral: return { k: "num", v: Number((node as ts.NumericLiteral).text.replace(/_/g, "")) };
      case T.SyntaxKind.StringLiteral:
      case T.SyntaxKind.NoSubstitutionTemplateLiteral: return { k: "str", v: (node as ts.StringLiteral).text };
      case T.SyntaxKind.TrueKeyword: return { k: "bool", v: true };
      case T.SyntaxKind.FalseKeyword: return { k: "bool", v: false };
      case T.SyntaxKind.NullKeyword: return { k: "null" };
      case T.SyntaxKind.Identifier: return this.evalIdent(node as ts.Identifier);
      case T.SyntaxKind.ParenthesizedExpression:
      case T.SyntaxKind.AsExpression:
      case T.SyntaxKind.SatisfiesExpression:
      case T.SyntaxKind.NonNullExpression:
      case T.SyntaxKind.TypeAssertionExpression:
      case T.SyntaxKind.AwaitExpression:
        return this.eval((node as ts.ParenthesizedExpression).expression);
      case T.SyntaxKind.TemplateExpression: {
        const t = node as ts.TemplateExpression;
        const parts: Sym[] = [];
        if (t.head.text) parts.push({ k: "str", v: t.head.text });
        for (const span of t.templateSpans) {
          parts.push(this.eval(span.expression));
          if (span.literal.text) parts.push({ k: "str", v: span.literal.text });
        }
        return { k: "cat", parts };
      }
      case T.SyntaxKind.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        const op = b.operatorToken.kind;
        if (op === T.SyntaxKind.PlusToken) {
          const l = this.eval(b.left), r = this.eval(b.right);
          if (l.k === "num" && r.k === "num") return { k: "num", v: l.v + r.v };
          return { k: "cat", parts: [...(l.k === "cat" ? l.parts : [l]), ...(r.k === "cat" ? r.parts : [r])] };
        }
        if (op === T.SyntaxKind.AsteriskToken) {
          const l = this.eval(b.left), r = this.eval(b.right);
          if (l.k === "num" && r.k === "num") return { k: "num", v: l.v * r.v, via: l.via ?? r.via };
        }
        if (op === T.SyntaxKind.QuestionQuestionToken || op === T.SyntaxKind.BarBarToken) return { k: "or", options: [this.eval(b.left), this.eval(b.right)] };
        return UNKNOWN(this.text(node), "computed at run time");
      }
      case T.SyntaxKind.ConditionalExpression: {
        const c = node as ts.ConditionalExpression;
        return { k: "or", options: [this.eval(c.whenTrue), this.eval(c.whenFalse)] };
      }
      case T.SyntaxKind.PropertyAccessExpression: {
        const p = node as ts.PropertyAccessExpression;
        const env = this.envName(p);
        if (env) return { k: "env", name: env };
        return { k: "member", obj: this.eval(p.expression), name: p.name.text };
      }
      case T.SyntaxKind.ElementAccessExpression: {
        const e = node as ts.ElementAccessExpression;
        const env = this.envName(e);
        if (env) return { k: "env", name: env };
        if (T.isStringLiteralLike(e.argumentExpression)) return { k: "member", obj: this.eval(e.expression), name: e.argumentExpression.text };
        return UNKNOWN(this.text(node), "an element chosen at run time");
      }
      case T.SyntaxKind.CallExpression:
      case T.SyntaxKind.NewExpression: {
        const c = node as ts.CallExpression | ts.NewExpression;
        if (T.isIdentifier(c.expression) && c.expression.text === "require" && c.arguments?.[0] && T.isStringLiteralLike(c.arguments[0]) && !this.lookup("require")) {
          const r = resolveSpecifier(this.path, c.arguments[0].text, this.files);
          return { k: "import", module: r.module, name: "*", project: r.project };
        }
        if (T.isNewExpression(c) && T.isIdentifier(c.expression) && c.expression.text === "URL" && !this.lookup("URL") && c.arguments?.length) {
          const [p, base] = c.arguments;
          return base ? { k: "url", path: this.eval(p!), base: this.eval(base) } : this.eval(p!);
        }
        return { k: "call", callee: this.eval(c.expression), args: (c.arguments ?? []).map((a) => this.evalArg(a)), at: this.at(c), isNew: T.isNewExpression(c) };
      }
      case T.SyntaxKind.ObjectLiteralExpression: {
        const o = node as ts.ObjectLiteralExpression;
        const props: Record<string, Prop> = Object.create(null) as Record<string, Prop>;
        let spread = false;
        for (const p of o.properties) {
          if (T.isSpreadAssignment(p)) {
            const s = this.eval(p.expression);
            if (s.k === "obj") Object.assign(props, s.props);
            else spread = true;
            continue;
          }
          const key = p.name && (T.isIdentifier(p.name) || T.isStringLiteral(p.name) || T.isNumericLiteral(p.name)) ? p.name.text : undefined;
          if (key === undefined) continue;
          if (T.isPropertyAssignment(p)) props[key] = { v: this.eval(p.initializer), at: this.at(p) };
          else if (T.isShorthandPropertyAssignment(p)) props[key] = { v: this.evalIdent(p.name), at: this.at(p) };
          else if (T.isMethodDeclaration(p) && p.body) props[key] = { v: this.fnSym(p), at: this.at(p) };
        }
        return { k: "obj", props, spread, at: this.at(o) };
      }
      case T.SyntaxKind.ArrayLiteralExpression:
        return { k: "arr", items: (node as ts.ArrayLiteralExpression).elements.map((e) => this.evalArg(e)) };
      case T.SyntaxKind.ArrowFunction:
      case T.SyntaxKind.FunctionExpression:
        return this.fnSym(node as ts.ArrowFunction);
      case T.SyntaxKind.PrefixUnaryExpression: {
        const u = node as ts.PrefixUnaryExpression;
        if (u.operator === T.SyntaxKind.MinusToken && T.isNumericLiteral(u.operand)) return { k: "num", v: -Number(u.operand.text) };
        return UNKNOWN(this.text(node), "computed at run time");
      }
      default:
        return UNKNOWN(this.text(node), "computed at run time");
    }
  }

  private evalArg(a: ts.Expression): Sym {
    return T.isSpreadElement(a) ? UNKNOWN(this.text(a), "spread at run time") : this.eval(a);
  }

  private fnSym(node: ts.FunctionLikeDeclaration): Sym {
    const body = node.body ?? node;
    return { k: "fn", at: this.at(node), start: body.getStart(this.sf), end: body.end, id: this.fnId(node) };
  }

  private evalIdent(id: ts.Identifier): Sym {
    const name = id.text;
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
        let v = this.eval(b.init);
        if (v.k === "num" || v.k === "str") v = { ...v, via: v.via ?? name };
        b.busy = false;
        b.memo = v;
        return v;
      }
      case "destr": {
        let v = this.eval(b.init);
        for (const key of b.path) v = v.k === "global" && v.name === "process" && key === "env" ? { k: "global", name: "process.env" } : v.k === "global" && v.name === "process.env" ? { k: "env", name: key } : { k: "member", obj: v, name: key };
        return v;
      }
    }
  }

  /** `process.env.X`, `process.env["X"]`, `import.meta.env.X`. */
  private envName(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
    const obj = node.expression;
    const key = T.isPropertyAccessExpression(node) ? node.name.text : T.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
    if (key === undefined || !T.isPropertyAccessExpression(obj) || obj.name.text !== "env") return undefined;
    const base = obj.expression;
    if (T.isIdentifier(base) && base.text === "process" && !this.lookup("process")) return key;
    if (T.isMetaProperty(base)) return key;
    return undefined;
  }

  // ---- the walk --------------------------------------------------------------------------

  private visit(node: ts.Node): void {
    const kind = node.kind;
    // Types never call anything at run time.
    if (kind >= K.FirstTypeNode && kind <= K.LastTypeNode) return;
    if (!HANDLED[kind]) {
      this.descend(node);
      return;
    }
    switch (kind) {
      case T.SyntaxKind.ImportDeclaration:
      case T.SyntaxKind.InterfaceDeclaration:
      case T.SyntaxKind.TypeAliasDeclaration:
        return;
      case T.SyntaxKind.Block:
      case T.SyntaxKind.CaseBlock:
      case T.SyntaxKind.ModuleBlock: {
        const scope = new Map<string, Binding>();
        this.scopes.push(scope);
        const stmts = T.isCaseBlock(node) ? undefined : (node as ts.Block).statements;
        if (stmts) this.prescanFunctions(stmts, scope);
        else for (const cl of (node as ts.CaseBlock).clauses) if (T.isCaseClause(cl) && T.isStringLiteralLike(cl.expression)) this.ir.branches.push({ label: cl.expression.text, at: this.at(cl), start: cl.getStart(this.sf), end: cl.end });
        this.descend(node);
        this.scopes.pop();
        return;
      }
      case T.SyntaxKind.VariableDeclarationList: {
        const list = node as ts.VariableDeclarationList;
        if (this.scopes.length > 1) this.declare(list, this.scopes[this.scopes.length - 1]!);
        for (const d of list.declarations) {
          this.trackEnvDestructuring(d);
          this.trackTaint(d);
        }
        this.descend(node);
        return;
      }
      case T.SyntaxKind.FunctionDeclaration:
      case T.SyntaxKind.FunctionExpression:
      case T.SyntaxKind.ArrowFunction:
      case T.SyntaxKind.MethodDeclaration:
      case T.SyntaxKind.Constructor:
      case T.SyntaxKind.GetAccessor:
      case T.SyntaxKind.SetAccessor:
        this.visitFunction(node as ts.FunctionLikeDeclaration);
        return;
      case T.SyntaxKind.WhileStatement:
      case T.SyntaxKind.DoStatement:
      case T.SyntaxKind.ForStatement:
      case T.SyntaxKind.ForOfStatement:
      case T.SyntaxKind.ForInStatement:
        this.visitLoop(node as ts.IterationStatement);
        return;
      case T.SyntaxKind.IfStatement:
        this.visitIf(node as ts.IfStatement);
        break;
      case T.SyntaxKind.ConditionalExpression: {
        const c = node as ts.ConditionalExpression;
        this.checkGuard(c.condition, c.whenTrue.getStart(this.sf), c.whenFalse.end);
        break;
      }
      case T.SyntaxKind.BinaryExpression:
        this.visitBinary(node as ts.BinaryExpression);
        break;
      case T.SyntaxKind.CallExpression:
      case T.SyntaxKind.NewExpression:
        this.visitCall(node as ts.CallExpression | ts.NewExpression);
        break;
      case T.SyntaxKind.PropertyAccessExpression:
      case T.SyntaxKind.ElementAccessExpression: {
        const p = node as ts.PropertyAccessExpression | ts.ElementAccessExpression;
        const env = this.envName(p);
        if (env) this.ir.envReads.push({ name: env, at: this.at(p) });
        if (T.isPropertyAccessExpression(p) && p.name.text === "aborted") this.markPause(p);
        break;
      }
      case T.SyntaxKind.StringLiteral:
      case T.SyntaxKind.NoSubstitutionTemplateLiteral:
      case T.SyntaxKind.TemplateHead:
      case T.SyntaxKind.TemplateMiddle:
      case T.SyntaxKind.TemplateTail:
        this.visitString(node as ts.LiteralLikeNode);
        return;
      case T.SyntaxKind.TaggedTemplateExpression:
        break;
    }
    this.descend(node);
  }

  private prescanFunctions(stmts: ts.NodeArray<ts.Statement>, scope: Map<string, Binding>): void {
    for (const st of stmts) if (T.isFunctionDeclaration(st) && st.name) scope.set(st.name.text, { k: "fn", id: this.fnId(st) });
  }

  private visitFunction(node: ts.FunctionLikeDeclaration): void {
    const id = this.fnId(node);
    const fnIr: FnIR = { id, at: this.at(node), start: node.getStart(this.sf), end: node.end };
    this.ir.fns.push(fnIr);
    const saved = this.frame;
    const params = new Set<string>();
    const scope = new Map<string, Binding>();
    for (const p of node.parameters) {
      if (T.isIdentifier(p.name)) params.add(p.name.text);
      this.markOpaque(p.name, scope);
      if (!T.isIdentifier(p.name)) {
        const names: string[] = [];
        collectNames(p.name, names);
        for (const n of names) params.add(n);
      }
    }
    for (const [n, b] of scope) if (b.k === "opaque") b.why = "a parameter";
    this.frame = { id, params, tainted: new Map(saved.tainted), loops: [], ir: fnIr };
    this.scopes.push(scope);
    if (node.body) {
      if (T.isBlock(node.body)) this.prescanFunctions(node.body.statements, scope);
      const savedParent = this.parentNode;
      this.parentNode = node;
      for (const p of node.parameters) this.visitChild(p);
      this.visitChild(node.body);
      this.parentNode = savedParent;
    }
    this.scopes.pop();
    this.frame = saved;
  }

  private visitLoop(node: ts.IterationStatement): void {
    const loop: LoopIR = { at: this.at(node), start: node.getStart(this.sf), end: node.end, infinite: false, consumes: new Set(), pushes: new Map(), sizeChecks: new Map(), fn: this.frame.ir ? this.frame.id : undefined };
    let cond: ts.Expression | undefined;
    if (T.isWhileStatement(node) || T.isDoStatement(node)) cond = node.expression;
    else if (T.isForStatement(node)) cond = node.condition;
    if (T.isForStatement(node) && !cond) loop.infinite = true;
    if (cond && isAlwaysTrue(cond)) loop.infinite = true;
    const scope = new Map<string, Binding>();
    this.scopes.push(scope);
    if (T.isForStatement(node) && node.initializer && T.isVariableDeclarationList(node.initializer)) this.declare(node.initializer, scope);
    if ((T.isForOfStatement(node) || T.isForInStatement(node))) {
      if (T.isVariableDeclarationList(node.initializer)) for (const d of node.initializer.declarations) this.markOpaque(d.name, scope);
      const iter = unwrap(node.expression);
      if (T.isIdentifier(iter) || T.isPropertyAccessExpression(iter)) loop.consumes.add(iter.getText(this.sf));
    }
    if (cond && !loop.infinite) {
      const b = this.counterBound(cond);
      if (b) loop.bound = b;
      else loop.condText = this.text(cond);
    }
    this.ir.loops.push(loop);
    this.frame.loops.push(loop);
    this.descend(node);
    this.frame.loops.pop();
    this.scopes.pop();
  }

  /** `i < N`, `steps <= MAX`, `N > i` inside a condition (through `&&`). */
  private counterBound(cond: ts.Expression): { sym: Sym; at: Pos } | undefined {
    const e = unwrap(cond);
    if (T.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === T.SyntaxKind.AmpersandAmpersandToken) return this.counterBound(e.left) ?? this.counterBound(e.right);
      const lt = op === T.SyntaxKind.LessThanToken || op === T.SyntaxKind.LessThanEqualsToken;
      const gt = op === T.SyntaxKind.GreaterThanToken || op === T.SyntaxKind.GreaterThanEqualsToken;
      if (!lt && !gt) return undefined;
      const counter = lt ? e.left : e.right;
      const limit = lt ? e.right : e.left;
      if (isCounter(counter) && !isLengthOf(limit)) return { sym: this.eval(limit), at: this.at(limit) };
    }
    return undefined;
  }

  private visitIf(node: ts.IfStatement): void {
    this.checkGuard(node.expression, node.thenStatement.getStart(this.sf), (node.elseStatement ?? node.thenStatement).end);
    const label = stringEquality(node.expression);
    if (label !== undefined) this.ir.branches.push({ label, at: this.at(node), start: node.thenStatement.getStart(this.sf), end: node.thenStatement.end });
    const exits = exitsEarly(node.thenStatement);
    if (!exits) return;
    // `if (step >= MAX_STEPS) break;` inside a loop bounds it; `if (depth > MAX_DEPTH) return;` bounds recursion.
    const loop = this.frame.loops[this.frame.loops.length - 1];
    const cmp = comparison(node.expression);
    if (!cmp) return;
    if (loop && !loop.bound && exits !== "continue") {
      const limit = isCounter(cmp.left) && !isLengthOf(cmp.right) ? cmp.right : isCounter(cmp.right) && !isLengthOf(cmp.left) ? cmp.left : undefined;
      if (limit && !notALimit(limit)) loop.bound = { sym: this.eval(limit), at: this.at(node.expression) };
    }
    if (this.frame.ir && !this.frame.ir.depthGuard && exits !== "continue") {
      const names = (x: ts.Expression) => (T.isIdentifier(x) ? x.text : T.isPropertyAccessExpression(x) ? x.name.text : "");
      const l = names(cmp.left), r = names(cmp.right);
      const isDepth = (n: string) => (DEPTH_RE.test(n) || this.frame.params.has(n)) && !/max|limit/i.test(n);
      if (isDepth(l)) this.frame.ir.depthGuard = { at: this.at(node.expression), sym: this.eval(cmp.right) };
      else if (isDepth(r)) this.frame.ir.depthGuard = { at: this.at(node.expression), sym: this.eval(cmp.left) };
    }
  }

  private visitBinary(b: ts.BinaryExpression): void {
    const op = b.operatorToken.kind;
    if (op === T.SyntaxKind.EqualsToken && T.isIdentifier(b.left) && this.refsTaint(b.right)) this.taint(b.left.text, this.frame.tainted.get(firstTainted(b.right, this.frame.tainted) ?? "") ?? this.at(b));
    if (op === T.SyntaxKind.EqualsToken && T.isIdentifier(b.left) && this.isModelCallExpr(b.right)) this.taint(b.left.text, this.at(b.right));
    if (!this.frame.loops.length) return;
    const isCmp = op === T.SyntaxKind.LessThanToken || op === T.SyntaxKind.LessThanEqualsToken || op === T.SyntaxKind.GreaterThanToken || op === T.SyntaxKind.GreaterThanEqualsToken;
    if (!isCmp) return;
    for (const [side, other] of [[b.left, b.right], [b.right, b.left]] as const) {
      const s = unwrap(side);
      if (T.isPropertyAccessExpression(s) && (s.name.text === "length" || s.name.text === "size")) {
        const o = unwrap(other);
        if (T.isNumericLiteral(o) && Number(o.text) <= 1) continue;
        const name = s.expression.getText(this.sf);
        for (const loop of this.frame.loops) {
          const list = loop.sizeChecks.get(name) ?? [];
          list.push({ at: this.at(b), sym: this.eval(other) });
          loop.sizeChecks.set(name, list);
        }
      }
    }
  }

  private visitCall(c: ts.CallExpression | ts.NewExpression): void {
    const callee = c.expression;
    const method = T.isPropertyAccessExpression(callee) ? callee.name.text : T.isIdentifier(callee) ? callee.text : "";
    if (AUDIT_RE.test(T.isPropertyAccessExpression(callee) ? `${T.isIdentifier(callee.expression) ? callee.expression.text : T.isPropertyAccessExpression(callee.expression) ? callee.expression.name.text : ""}.${method}` : method) && !(T.isPropertyAccessExpression(callee) && T.isIdentifier(callee.expression) && callee.expression.text === "console")) this.ir.audits.push(c.getStart(this.sf));
    if (PAUSE_RE.test(method)) this.markPause(c);
    if (method === "abort") this.ir.aborts.push(c.getStart(this.sf));
    if (this.frame.loops.length && T.isPropertyAccessExpression(callee)) {
      const recv = callee.expression.getText(this.sf);
      if (method === "shift" || method === "pop" || method === "splice") for (const l of this.frame.loops) l.consumes.add(recv);
      if (method === "push" || method === "unshift") for (const l of this.frame.loops) if (!l.pushes.has(recv)) l.pushes.set(recv, this.at(c));
    }
    if (!this.interesting(callee, method)) return;
    const calleeSym = this.eval(callee);
    if (!this.worthRecording(calleeSym, method)) return;
    const args = (c.arguments ?? []).map((a) => this.evalArg(a));
    const ir: CallIR = { at: this.at(c), end: c.end, callee: calleeSym, args, isNew: T.isNewExpression(c), text: this.text(callee) };
    if (this.frame.ir) ir.fn = this.frame.id;
    let p: ts.Node = c.parent;
    while (p && (T.isAwaitExpression(p) || T.isParenthesizedExpression(p) || T.isAsExpression(p) || T.isSatisfiesExpression(p))) p = p.parent;
    if (p && T.isVariableDeclaration(p) && T.isIdentifier(p.name)) ir.varName = p.name.text;
    else if (p && T.isPropertyAssignment(p) && (T.isIdentifier(p.name) || T.isStringLiteral(p.name))) ir.propKey = p.name.text;
    else if (p && T.isExportAssignment(p)) ir.varName = "default";
    // A signal handed to a call inside a loop is that loop's pause check.
    if (this.frame.loops.length && args.some((a) => a.k === "obj" && ("signal" in a.props || "abortSignal" in a.props))) this.markPause(c);
    this.ir.calls.push(ir);
  }

  /** Cheap syntactic pre-filter before evaluating a callee. */
  private interesting(callee: ts.Expression, method: string): boolean {
    if (UNKNOWN_ROOT_METHODS.has(method) || INTERESTING_GLOBALS.has(method)) return true;
    let root: ts.Expression = callee;
    while (T.isPropertyAccessExpression(root) || T.isCallExpression(root) || T.isElementAccessExpression(root) || T.isNewExpression(root) || T.isParenthesizedExpression(root) || T.isNonNullExpression(root)) root = root.expression;
    if (root.kind === T.SyntaxKind.ThisKeyword) return true;
    if (!T.isIdentifier(root)) return false;
    const b = this.lookup(root.text);
    if (!b && INTERESTING_GLOBALS.has(root.text)) return true;
    return b !== undefined && b.k !== "opaque";
  }

  private worthRecording(sym: Sym, method: string): boolean {
    let s = sym;
    for (let i = 0; i < 12; i++) {
      if (s.k === "member") s = s.obj;
      else if (s.k === "call") s = s.callee;
      else break;
    }
    if (s.k === "import" || s.k === "fnref" || s.k === "fn") return true;
    if (s.k === "global") return INTERESTING_GLOBALS.has(s.name) || s.name === "process.env";
    return UNKNOWN_ROOT_METHODS.has(method);
  }

  private markPause(node: ts.Node): void {
    const at = this.at(node);
    for (const l of this.frame.loops) l.pauseAt ??= at;
  }

  private visitString(node: ts.LiteralLikeNode): void {
    const t = node.text;
    if (t.length < 8) return;
    const start = node.getStart(this.sf);
    for (const s of findSecrets(t)) this.ir.secrets.push({ kind: s.kind, redacted: s.redacted, at: this.pos(start + 1 + s.index) });
    const m = SQL_RE.exec(t);
    if (m) this.ir.sql.push({ op: `SQL ${m[1]!.replace(/\s+/g, " ").toUpperCase()}`, at: this.pos(start) });
  }

  private trackEnvDestructuring(d: ts.VariableDeclaration): void {
    if (!d.initializer || !T.isObjectBindingPattern(d.name)) return;
    const init = unwrap(d.initializer);
    const isEnv = T.isPropertyAccessExpression(init) && init.name.text === "env" && ((T.isIdentifier(init.expression) && init.expression.text === "process") || T.isMetaProperty(init.expression));
    if (!isEnv) return;
    for (const el of d.name.elements) {
      const key = el.propertyName && T.isIdentifier(el.propertyName) ? el.propertyName.text : T.isIdentifier(el.name) ? el.name.text : undefined;
      if (key) this.ir.envReads.push({ name: key, at: this.at(el) });
    }
  }

  // ---- model output flowing into conditions ---------------------------------------------

  private isModelCallExpr(e: ts.Expression): boolean {
    const x = unwrap(e);
    if (!T.isCallExpression(x)) return false;
    const t = x.expression.getText(this.sf).replace(/\s+/g, "");
    return MODEL_CALL_TEXT.test(t);
  }

  private trackTaint(d: ts.VariableDeclaration): void {
    if (!d.initializer) return;
    let from: Pos | undefined;
    if (this.isModelCallExpr(d.initializer)) from = this.at(d.initializer);
    else {
      const t = firstTainted(d.initializer, this.frame.tainted);
      if (t) from = this.frame.tainted.get(t);
    }
    if (!from) return;
    const names: string[] = [];
    collectNames(d.name, names);
    for (const n of names) this.taint(n, from);
  }

  private taint(name: string, from: Pos): void {
    this.frame.tainted.set(name, from);
  }

  private refsTaint(e: ts.Expression): boolean {
    return this.frame.tainted.size > 0 && firstTainted(e, this.frame.tainted) !== undefined;
  }

  private checkGuard(cond: ts.Expression, start: number, end: number): void {
    if (!this.frame.tainted.size) return;
    const t = firstTainted(cond, this.frame.tainted);
    if (!t) return;
    this.ir.guards.push({ at: this.at(cond), start, end, modelAt: this.frame.tainted.get(t)! });
  }

  // ---- exports ---------------------------------------------------------------------------

  private collectExports(): void {
    const ex = this.ir.exports;
    for (const st of this.sf.statements) {
      const exported = T.canHaveModifiers(st) && T.getModifiers(st)?.some((m) => m.kind === T.SyntaxKind.ExportKeyword);
      if (T.isVariableStatement(st) && exported) {
        for (const d of st.declarationList.declarations) {
          const names: string[] = [];
          collectNames(d.name, names);
          for (const n of names) ex.names.set(n, this.evalName(n));
        }
      } else if (T.isFunctionDeclaration(st) && exported) {
        const isDefault = T.getModifiers(st)?.some((m) => m.kind === T.SyntaxKind.DefaultKeyword);
        const sym: Sym = { k: "fnref", id: this.fnId(st) };
        if (st.name) ex.names.set(st.name.text, sym);
        if (isDefault) ex.names.set("default", sym);
      } else if (T.isExportAssignment(st)) {
        ex.names.set("default", this.eval(st.expression));
      } else if (T.isExportDeclaration(st)) {
        const from = st.moduleSpecifier && T.isStringLiteral(st.moduleSpecifier) ? resolveSpecifier(this.path, st.moduleSpecifier.text, this.files) : undefined;
        if (!st.exportClause) {
          if (from?.project) ex.star.push(from.module);
          continue;
        }
        if (T.isNamespaceExport(st.exportClause)) {
          if (from) ex.names.set(st.exportClause.name.text, { k: "import", module: from.module, name: "*", project: from.project });
          continue;
        }
        for (const el of st.exportClause.elements) {
          const local = (el.propertyName ?? el.name).text;
          ex.names.set(el.name.text, from ? { k: "import", module: from.module, name: local, project: from.project } : this.evalName(local));
        }
      }
    }
  }

  private evalName(name: string): Sym {
    const b = this.scopes[0]!.get(name);
    if (!b) return UNKNOWN(name, "not found");
    const saved = this.scopes.length;
    const v = this.evalIdent(T.factory.createIdentifier(name));
    this.scopes.length = saved;
    return v;
  }
}

// ---- helpers ---------------------------------------------------------------------------

function unwrap(e: ts.Expression): ts.Expression {
  while (T.isParenthesizedExpression(e) || T.isAsExpression(e) || T.isNonNullExpression(e) || T.isAwaitExpression(e) || T.isSatisfiesExpression(e)) e = e.expression;
  return e;
}

function isAlwaysTrue(e: ts.Expression): boolean {
  const x = unwrap(e);
  return x.kind === T.SyntaxKind.TrueKeyword || (T.isNumericLiteral(x) && Number(x.text) !== 0);
}

/** A counter: `i`, `step`, `this.steps`, `i++`, `++turns`, `state.turn`. */
function isCounter(e: ts.Expression): boolean {
  const x = unwrap(e);
  if (T.isPostfixUnaryExpression(x) || T.isPrefixUnaryExpression(x)) return isCounter(x.operand);
  return T.isIdentifier(x) || (T.isPropertyAccessExpression(x) && x.name.text !== "length" && x.name.text !== "size");
}

function isLengthOf(e: ts.Expression): boolean {
  const x = unwrap(e);
  return T.isPropertyAccessExpression(x) && (x.name.text === "length" || x.name.text === "size");
}

/** `x === null`, `answer == "quit"`, `done === true`: an exit on a value, not a counter limit. */
function notALimit(e: ts.Expression): boolean {
  const x = unwrap(e);
  const k = x.kind;
  return k === T.SyntaxKind.NullKeyword || k === T.SyntaxKind.TrueKeyword || k === T.SyntaxKind.FalseKeyword || T.isStringLiteralLike(x) || (T.isIdentifier(x) && x.text === "undefined");
}

/** The string in `name === "x"` / `"x" == name` (through `||`: the first), for dispatch-by-name branches. */
function stringEquality(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  if (!T.isBinaryExpression(x)) return undefined;
  const op = x.operatorToken.kind;
  if (op === T.SyntaxKind.BarBarToken) return stringEquality(x.left) ?? stringEquality(x.right);
  if (op !== T.SyntaxKind.EqualsEqualsEqualsToken && op !== T.SyntaxKind.EqualsEqualsToken) return undefined;
  if (T.isStringLiteralLike(x.right)) return x.right.text;
  if (T.isStringLiteralLike(x.left)) return x.left.text;
  return undefined;
}

function comparison(e: ts.Expression): { left: ts.Expression; right: ts.Expression } | undefined {
  const x = unwrap(e);
  if (!T.isBinaryExpression(x)) return undefined;
  const op = x.operatorToken.kind;
  if (op === T.SyntaxKind.BarBarToken || op === T.SyntaxKind.AmpersandAmpersandToken) return comparison(x.left) ?? comparison(x.right);
  if (op === T.SyntaxKind.GreaterThanToken || op === T.SyntaxKind.GreaterThanEqualsToken || op === T.SyntaxKind.LessThanToken || op === T.SyntaxKind.LessThanEqualsToken || op === T.SyntaxKind.EqualsEqualsEqualsToken || op === T.SyntaxKind.EqualsEqualsToken) {
    return { left: x.left, right: x.right };
  }
  return undefined;
}

/** "break" / "return" (incl. throw) when a statement leaves the loop or function, "continue", or undefined. */
function exitsEarly(st: ts.Statement): "break" | "return" | "continue" | undefined {
  if (T.isBreakStatement(st)) return "break";
  if (T.isReturnStatement(st) || T.isThrowStatement(st)) return "return";
  if (T.isContinueStatement(st)) return "continue";
  if (T.isBlock(st)) {
    for (const s of st.statements) {
      const r = exitsEarly(s);
      if (r) return r;
    }
  }
  return undefined;
}

function collectNames(name: ts.BindingName, out: string[]): void {
  if (T.isIdentifier(name)) out.push(name.text);
  else for (const el of name.elements) if (T.isBindingElement(el)) collectNames(el.name, out);
}

function firstTainted(e: ts.Node, tainted: Map<string, Pos>): string | undefined {
  if (T.isIdentifier(e)) return tainted.has(e.text) ? e.text : undefined;
  if (T.isFunctionLike(e)) return undefined;
  let hit: string | undefined;
  e.forEachChild((c) => {
    if (hit) return;
    if (T.isPropertyAccessExpression(e) && c === e.name) return;
    hit = firstTainted(c, tainted);
  });
  return hit;
}
