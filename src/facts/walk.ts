import { ts } from "ts-morph";
import { LazyPos, LineMap, newProps, UNKNOWN, type ModuleExports, type Pos, type Sym } from "./sym.js";
import { findSecrets } from "./secrets.js";

/**
 * ts-morph exposes TypeScript as a namespace of 2,000+ members (a dictionary-mode object, where
 * every property read is a hash lookup); the walk calls these millions of times, so it binds each
 * once, here.
 */
const K = ts.SyntaxKind;
const {
  NodeFlags, ScriptKind, ScriptTarget, canHaveModifiers, createSourceFile, factory,
  flattenDiagnosticMessageText, forEachChild, JSDocParsingMode, getModifiers, isAsExpression, isAwaitExpression, isBinaryExpression,
  isBindingElement, isBlock, isBreakStatement, isCallExpression, isCaseClause,
  isClassDeclaration, isClassLike, isConstructorDeclaration, isContinueStatement, isDoStatement, isElementAccessExpression,
  isExportAssignment, isExportDeclaration, isExternalModuleReference, isForInStatement, isForOfStatement, isForStatement,
  isFunctionDeclaration, isFunctionLike, isIdentifier, isImportDeclaration, isImportEqualsDeclaration, isMetaProperty,
  isMethodDeclaration, isNamespaceExport, isNamespaceImport, isNewExpression, isNonNullExpression, isNumericLiteral,
  isObjectBindingPattern, isObjectLiteralExpression, isParenthesizedExpression, isPostfixUnaryExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration,
  isReturnStatement, isSatisfiesExpression, isShorthandPropertyAssignment, isSpreadAssignment, isSpreadElement, isStringLiteral,
  isStringLiteralLike, isThrowStatement, isVariableDeclaration, isVariableDeclarationList, isVariableStatement, isWhileStatement,
} = ts;
/** What the walk does at each node kind (a table, so the dispatch is one indexed load and a jump). */
const enum Act { Descend, Skip, Leaf, Block, CaseBlock, Declarations, Function, Loop, If, Conditional, Binary, Call, Access, PropAssign, ExportAssign, Class, Text }
const ACT = new Uint8Array(K.Count + 1);
// Tokens and identifiers have no children and mean nothing alone (a third of all nodes).
for (let k: number = 0; k <= K.LastToken; k++) ACT[k] = Act.Leaf;
// Types never call anything at run time.
for (let k: number = K.FirstTypeNode; k <= K.LastTypeNode; k++) ACT[k] = Act.Skip;
const acts: [Act, ts.SyntaxKind[]][] = [
  [Act.Skip, [K.ImportDeclaration, K.InterfaceDeclaration, K.TypeAliasDeclaration]],
  [Act.Block, [K.Block, K.ModuleBlock]],
  [Act.CaseBlock, [K.CaseBlock]],
  [Act.Declarations, [K.VariableDeclarationList]],
  [Act.Function, [K.FunctionDeclaration, K.FunctionExpression, K.ArrowFunction, K.MethodDeclaration, K.Constructor, K.GetAccessor, K.SetAccessor]],
  [Act.Loop, [K.WhileStatement, K.DoStatement, K.ForStatement, K.ForOfStatement, K.ForInStatement]],
  [Act.If, [K.IfStatement]],
  [Act.Conditional, [K.ConditionalExpression]],
  [Act.Binary, [K.BinaryExpression]],
  [Act.Call, [K.CallExpression, K.NewExpression]],
  [Act.Access, [K.PropertyAccessExpression, K.ElementAccessExpression]],
  [Act.PropAssign, [K.PropertyAssignment]],
  [Act.ExportAssign, [K.ExportAssignment]],
  [Act.Class, [K.ClassDeclaration, K.ClassExpression]],
  [Act.Text, [K.StringLiteral, K.NoSubstitutionTemplateLiteral, K.TemplateHead, K.TemplateMiddle, K.TemplateTail]],
];
for (const [act, kinds] of acts) for (const k of kinds) ACT[k] = act;

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
  /**
   * Not a call: `class <name> extends <callee>` of a package's class (Cloudflare's Think). The one
   * argument holds the class's overrides: fields with their initializers, methods as functions, and
   * for a method that returns an object literal, that object under `<method>()`.
   */
  subclass?: string;
  /**
   * Not a call: a decorator (`@tool("x")`, `@function_tool(needs_approval=True)`, `@agent.tool`) on a
   * Python function. The callee is the decorator's (its callee when it is a call), the args its
   * arguments, and this names the function it decorates and its body.
   */
  decorates?: { name: string; fn: Sym };
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

/** A function as the walk records it: its position is its start, made into a Pos only when asked. */
class FnRecord implements FnIR {
  // Declared, not initialised: most functions never get either, and every field costs memory
  // (hundreds of thousands of functions are kept until cross-file resolution).
  declare depthGuard?: { at: Pos; sym: Sym };
  declare private fullId?: string;
  constructor(private readonly name: string, readonly start: number, readonly end: number, private readonly lines: LineMap) {}
  /** `file#name`, built when first asked for (most functions never are). */
  get id(): string {
    return (this.fullId ??= this.lines.idPrefix + this.name);
  }
  get at(): Pos {
    return new LazyPos(this.start, this.lines);
  }
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
  /** Assignments to a library module's attributes or settings (`litellm.api_base = …`, `os.environ["X"] = …`); Python only. */
  assignments?: { target: Sym; value: Sym; at: Pos }[];
}

/**
 * A file's record. Its functions (a project has hundreds of thousands, all kept until cross-file
 * resolution, and most never asked about) are kept as a name and two numbers each, and made into
 * FnIR objects only when first asked for.
 */
class FileRecord implements FileIR {
  readonly calls: CallIR[] = [];
  readonly loops: LoopIR[] = [];
  readonly guards: GuardIR[] = [];
  readonly envReads: { name: string; at: Pos }[] = [];
  readonly secrets: { kind: string; redacted: string; at: Pos }[] = [];
  readonly sql: { op: string; at: Pos }[] = [];
  readonly audits: number[] = [];
  readonly aborts: number[] = [];
  readonly branches: { label: string; at: Pos; start: number; end: number }[] = [];
  readonly exports: ModuleExports = { names: new Map(), star: [] };
  declare parseError?: { at: Pos; message: string };
  /** Per function, in walk order: its name, and its start and end. */
  private readonly fnNames: string[] = [];
  private readonly fnSpans: number[] = [];
  private fnGuards: Map<number, { at: Pos; sym: Sym }> | undefined;
  private fnList: FnIR[] | undefined;
  constructor(readonly path: string, private readonly lines: LineMap) {}

  /** Record a function; returns its index. */
  addFn(name: string, start: number, end: number): number {
    this.fnNames.push(name);
    this.fnSpans.push(start, end);
    return this.fnNames.length - 1;
  }
  setDepthGuard(index: number, guard: { at: Pos; sym: Sym }): void {
    (this.fnGuards ??= new Map()).set(index, guard);
  }
  get fns(): FnIR[] {
    if (this.fnList) return this.fnList;
    const list: FnIR[] = [];
    for (let i = 0; i < this.fnNames.length; i++) {
      const f = new FnRecord(this.fnNames[i]!, this.fnSpans[2 * i]!, this.fnSpans[2 * i + 1]!, this.lines);
      const g = this.fnGuards?.get(i);
      if (g) f.depthGuard = g;
      list.push(f);
    }
    return (this.fnList = list);
  }
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
/**
 * Destructive SQL in a string. A bare `truncate` is Tailwind's class name far more often than SQL
 * (`className="text-sm truncate"`), so TRUNCATE counts in any case only with TABLE, and otherwise
 * only written in capitals before a name, as SQL is.
 */
const SQL_RE = /\b(DROP\s+(?:TABLE|DATABASE|SCHEMA|INDEX|VIEW)|TRUNCATE\s+TABLE|DELETE\s+FROM)\b/i;
const SQL_TRUNCATE_RE = /\b(TRUNCATE)\s+[\w"`]/;
/** Quick test that an expression's call is a model call, for tracking model output into conditions. */
const MODEL_CALL_TEXT = /(?:^|\.)(generateText|generateObject|streamText|streamObject)$|\.(chat\.completions|responses|messages|completions)\.(create|parse)$|^(llm|model|chat\w*|agent\w*|\w*Model|\w*Llm|\w*Agent)\.(invoke|generate|call|predict)$|^run$/;
const MODEL_CALL_NAMES = new Set(["generateText", "generateObject", "streamText", "streamObject", "create", "parse", "invoke", "generate", "call", "predict", "run"]);
const WORD_CHAR = /[\w$]/;
/** Method names worth recording on receivers the walk cannot name (parameters, fields). */
const UNKNOWN_ROOT_METHODS = new Set(["create", "invoke", "stream", "generate", "run", "execute", "parse", "compile", "batch", "waitForEvent", "addMcpServer"]);
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

const SCRIPT_KIND: Record<string, ts.ScriptKind> = { ts: ScriptKind.TS, mts: ScriptKind.TS, cts: ScriptKind.TS, tsx: ScriptKind.TSX, jsx: ScriptKind.JSX, js: ScriptKind.JS, mjs: ScriptKind.JS, cjs: ScriptKind.JS };

const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ScriptTarget.Latest, jsDocParsingMode: JSDocParsingMode.ParseNone };

export function parse(path: string, text: string): ts.SourceFile {
  const ext = path.slice(path.lastIndexOf(".") + 1);
  // No parent links: the walk passes what it needs down (see Walker.namedCalls), and fnId's
  // naming parents (declarations, property assignments, classes) are linked where they are met.
  // JSDoc is never read: skipping its parse saves a fifth of the parse time on documented code.
  return createSourceFile(path, text, PARSE_OPTIONS, false, SCRIPT_KIND[ext] ?? ScriptKind.TS);
}

export function walkFile(path: string, text: string, files: ReadonlySet<string>): FileIR {
  const sf = parse(path, text);
  return new Walker(sf, path, files).run();
}

/** The taint map of a frame where nothing is tainted yet; shared, never written (see taint()). */
const NO_TAINT: ReadonlyMap<string, Pos> = new Map();

const ANONYMOUS = "<anonymous>";
/** `<anonymous>@line` strings, shared by every file (thousands of files repeat the same few hundred). */
const ANONYMOUS_AT: string[] = [];

/**
 * The scopes of one file as a single map of the bindings in view and an undo log, rather than a
 * map per scope: most scopes declare a name or two, and a project has hundreds of thousands.
 * Declarations only ever go into the innermost scope, so the latest binding of a name is the one
 * in view.
 */
class Scopes {
  private readonly visible = new Map<string, Binding>();
  private readonly undoNames: string[] = [];
  private readonly undoPrev: (Binding | undefined)[] = [];
  private readonly marks: number[] = [];

  /** How many scopes are open inside the file's top level. */
  get depth(): number {
    return this.marks.length;
  }
  get(name: string): Binding | undefined {
    return this.visible.get(name);
  }
  /** Declare in the innermost scope. */
  set(name: string, b: Binding): void {
    if (this.marks.length) {
      this.undoNames.push(name);
      this.undoPrev.push(this.visible.get(name));
    }
    this.visible.set(name, b);
  }
  open(): void {
    this.marks.push(this.undoNames.length);
  }
  close(): void {
    const mark = this.marks.pop()!;
    // pop(), not `length = mark`: setting an array's length is a slow runtime call, and most
    // scopes close with nothing to undo.
    const names = this.undoNames, prevs = this.undoPrev;
    while (names.length > mark) {
      const name = names.pop()!;
      const prev = prevs.pop();
      if (prev === undefined) this.visible.delete(name);
      else this.visible.set(name, prev);
    }
  }
}

/** The binding of every parameter (shared: opaque bindings are never written to). */
const PARAMETER: Binding = Object.freeze({ k: "opaque", why: "a parameter", name: "" });

/** The loops of a frame that has none yet (frozen: visitLoop gives the frame its own list). */
const NO_LOOPS: LoopIR[] = Object.freeze([]) as unknown as LoopIR[];

const NO_PARAMS: readonly string[] = [];

interface FnFrame {
  /** Parameter names (a list: functions have few). */
  params: readonly string[];
  tainted: ReadonlyMap<string, Pos>;
  loops: LoopIR[];
  ir: FnIR | undefined;
}

class Walker {
  private readonly ir: FileRecord;
  private readonly scopes = new Scopes();
  private readonly fnNames = new Map<ts.Node, string>();
  /** Full ids handed out so far (declared functions and function values); one string per function. */
  private readonly fnIds = new Map<ts.Node, string>();
  /** The function behind each id (for `...tools()`, see returnedObject). */
  private readonly fnNodes = new Map<string, ts.FunctionLikeDeclaration>();
  /** Functions whose returned object is being evaluated (a function spreading its own call ends there). */
  private readonly returning = new Set<string>();
  /** `execute` functions of Mastra workflow steps (see noteMastraStep). */
  private readonly mastraSteps = new Set<ts.Node>();
  /**
   * Function names already given out in this file: first uses in a set, repeats (`name@line`) in a
   * list, since only a name with an `@` in it (a quoted property name) could ever equal one.
   */
  private readonly usedNames = new Set<string>();
  private readonly repeatNames: string[] = [];
  private frame: FnFrame;
  private depth = 0;
  /** How many declarations' values are being evaluated, one inside another (see evalDetached). */
  private declDepth = 0;
  /**
   * The value of each destructuring's initialiser, once evaluated, and those being evaluated now.
   * Every name of `const { a, b } = init` shares one init: without these, an init that names its own
   * bindings (`const { a, b } = f(a, b)`, easily typed mid-edit) re-evaluated itself for each name at
   * every level, exponentially (a 5-line file ran psf out of memory).
   */
  private readonly destrMemo = new Map<ts.Expression, Sym>();
  private readonly destrBusy = new Set<ts.Expression>();
  /** How many links of a method chain are being evaluated, one inside another (see evalSpine). */
  private spineDepth = 0;
  /**
   * Calls that are the value of `const x = …`, `{ key: … }` or `export default …` (through await,
   * parentheses, `as`, `satisfies`), registered when the walk passes the declaration. The walk sets
   * no `parent` links: writing one on every node cost as much as the rest of the walk.
   */
  private readonly namedCalls = new Map<ts.Node, { varName?: string; propKey?: string }>();

  private readonly lines: LineMap;

  constructor(private readonly sf: ts.SourceFile, private readonly path: string, private readonly files: ReadonlySet<string>) {
    this.lines = new LineMap(path, sf.text);
    this.ir = new FileRecord(path, this.lines);
    this.frame = { params: NO_PARAMS, tainted: NO_TAINT, loops: NO_LOOPS, ir: undefined };
  }

  private descend(node: ts.Node): void {
    forEachChild(node, this.visit);
  }

  run(): FileIR {
    const diags = (this.sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics;
    if (diags && diags.length > 0) {
      const d = diags[0]!;
      this.ir.parseError = { at: this.pos(d.start), message: flattenDiagnosticMessageText(d.messageText, " ") };
    }
    this.prescan(this.sf.statements, this.scopes);
    for (const st of this.sf.statements) this.visit(st);
    this.collectExports();
    return this.ir;
  }

  // ---- positions -------------------------------------------------------------------------

  private pos(offset: number): Pos {
    return new LazyPos(offset, this.lines);
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
  private prescan(statements: ts.NodeArray<ts.Statement>, scope: Scopes): void {
    for (const st of statements) {
      if (isImportDeclaration(st)) this.addImport(st, scope);
      else if (isImportEqualsDeclaration(st) && isExternalModuleReference(st.moduleReference) && isStringLiteral(st.moduleReference.expression)) {
        const r = resolveSpecifier(this.path, st.moduleReference.expression.text, this.files);
        scope.set(st.name.text, { k: "import", sym: { k: "import", module: r.module, name: "*", project: r.project } });
      } else if (isFunctionDeclaration(st) && st.name) scope.set(st.name.text, { k: "fn", id: this.fnId(st) });
      else if (isClassDeclaration(st) && st.name) scope.set(st.name.text, { k: "opaque", why: "a class", name: st.name.text });
      else if (isVariableStatement(st)) {
        (st.declarationList as { parent: ts.Node }).parent = st;
        this.declare(st.declarationList, scope);
      }
    }
  }

  private addImport(st: ts.ImportDeclaration, scope: Scopes): void {
    if (!isStringLiteral(st.moduleSpecifier) || !st.importClause) return;
    const r = resolveSpecifier(this.path, st.moduleSpecifier.text, this.files);
    const mk = (name: string): Binding => ({ k: "import", sym: { k: "import", module: r.module, name, project: r.project } });
    const c = st.importClause;
    if (c.name) scope.set(c.name.text, mk("default"));
    const nb = c.namedBindings;
    if (nb && isNamespaceImport(nb)) scope.set(nb.name.text, mk("*"));
    else if (nb) for (const el of nb.elements) scope.set(el.name.text, mk((el.propertyName ?? el.name).text));
  }

  private declare(list: ts.VariableDeclarationList, scope: Scopes): void {
    const isConst = (list.flags & NodeFlags.Const) !== 0;
    for (const d of list.declarations) {
      (d as { parent: ts.Node }).parent = list;
      if (d.initializer) (d.initializer as { parent: ts.Node }).parent = d;
      if (isIdentifier(d.name)) {
        if (isConst && d.initializer) scope.set(d.name.text, { k: "const", init: d.initializer, name: d.name.text });
        else if (!isConst && d.initializer && this.isRequire(d.initializer)) scope.set(d.name.text, { k: "const", init: d.initializer, name: d.name.text });
        else scope.set(d.name.text, { k: "opaque", why: isConst ? "declared without a value" : "a variable that can change", name: d.name.text });
      } else if (d.initializer) {
        this.declarePattern(d.name, d.initializer, [], scope, isConst);
      }
    }
  }

  private declarePattern(name: ts.BindingName, init: ts.Expression, path: string[], scope: Scopes, isConst: boolean): void {
    if (isIdentifier(name)) {
      scope.set(name.text, isConst || this.isRequire(init) ? { k: "destr", init, path } : { k: "opaque", why: "a variable that can change", name: name.text });
      return;
    }
    if (isObjectBindingPattern(name)) {
      for (const el of name.elements) {
        const key = el.propertyName && (isIdentifier(el.propertyName) || isStringLiteral(el.propertyName)) ? el.propertyName.text : isIdentifier(el.name) ? el.name.text : undefined;
        if (el.dotDotDotToken || key === undefined) continue;
        this.declarePattern(el.name, init, [...path, key], scope, isConst);
      }
    } else {
      for (const el of name.elements) if (isBindingElement(el)) this.markOpaque(el.name, scope);
    }
  }

  private markOpaque(name: ts.BindingName, scope: Scopes): void {
    if (isIdentifier(name)) scope.set(name.text, { k: "opaque", why: "a destructured value", name: name.text });
    else for (const el of name.elements) if (isBindingElement(el)) this.markOpaque(el.name, scope);
  }

  private isRequire(e: ts.Expression): boolean {
    return isCallExpression(e) && isIdentifier(e.expression) && e.expression.text === "require";
  }

  private lookup(name: string): Binding | undefined {
    return this.scopes.get(name);
  }

  /** A function's id: `file#name`, where name is fnName's. */
  private fnId(node: ts.Node): string {
    let id = this.fnIds.get(node);
    if (id === undefined) {
      this.fnIds.set(node, (id = this.lines.idPrefix + this.fnName(node)));
      if (isFunctionLike(node)) this.fnNodes.set(id, node as ts.FunctionLikeDeclaration);
    }
    return id;
  }

  /**
   * The name part of a function's id, fixed the first time the function is met (by the walk or by
   * evaluation): its own name, its variable's or property's, else `<anonymous>`; a repeat gets `@line`.
   */
  private fnName(node: ts.Node): string {
    const hit = this.fnNames.get(node);
    if (hit !== undefined) return hit;
    let name = ANONYMOUS;
    const n = node as ts.FunctionLikeDeclaration;
    if (n.name && (isIdentifier(n.name) || isStringLiteral(n.name))) {
      name = n.name.text;
      const cls = node.parent;
      if (isMethodDeclaration(node) && cls && isClassLike(cls) && cls.name) name = `${cls.name.text}.${name}`;
    } else if (node.parent && isVariableDeclaration(node.parent) && isIdentifier(node.parent.name)) name = node.parent.name.text;
    else if (node.parent && isPropertyAssignment(node.parent) && (isIdentifier(node.parent.name) || isStringLiteral(node.parent.name))) name = node.parent.name.text;
    else if (isConstructorDeclaration(node) && isClassLike(node.parent) && node.parent.name) name = `${node.parent.name.text}.constructor`;
    if (this.usedNames.has(name) || (name.includes("@") && this.repeatNames.includes(name))) {
      const line = this.at(node).line;
      name = name === ANONYMOUS ? (ANONYMOUS_AT[line] ??= `${ANONYMOUS}@${line}`) : `${name}@${line}`;
      this.repeatNames.push(name);
    } else this.usedNames.add(name);
    this.fnNames.set(node, name);
    return name;
  }

  // ---- evaluation ------------------------------------------------------------------------

  /**
   * The object of a member access or the callee of a call: one link of a method chain
   * (`client.chat.completions.runTools(…).on(…).on(…)`). A chain is as long as the code makes it
   * and each link nests no further, so links do not count toward the depth limit, which bounds
   * nesting inside arguments.
   */
  private evalSpine(node: ts.Expression): Sym {
    // Still bounded, far above any real chain, so that generated code cannot exhaust the stack.
    if (this.spineDepth > 500) return UNKNOWN(this.text(node), "too deeply nested");
    this.spineDepth++;
    try {
      return this.evalInner(node);
    } finally {
      this.spineDepth--;
    }
  }

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
      case K.NumericLiteral: return { k: "num", v: Number((node as ts.NumericLiteral).text.replace(/_/g, "")) };
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral: return { k: "str", v: (node as ts.StringLiteral).text };
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
        if (t.head.text) parts.push({ k: "str", v: t.head.text });
        for (const span of t.templateSpans) {
          parts.push(this.eval(span.expression));
          if (span.literal.text) parts.push({ k: "str", v: span.literal.text });
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
        if (env) return { k: "env", name: env };
        return { k: "member", obj: this.evalSpine(p.expression), name: p.name.text };
      }
      case K.ElementAccessExpression: {
        const e = node as ts.ElementAccessExpression;
        const env = this.envName(e);
        if (env) return { k: "env", name: env };
        if (isStringLiteralLike(e.argumentExpression)) return { k: "member", obj: this.evalSpine(e.expression), name: e.argumentExpression.text };
        return UNKNOWN(this.text(node), "an element chosen at run time");
      }
      case K.CallExpression:
      case K.NewExpression: {
        const c = node as ts.CallExpression | ts.NewExpression;
        if (isIdentifier(c.expression) && c.expression.text === "require" && c.arguments?.[0] && isStringLiteralLike(c.arguments[0]) && !this.lookup("require")) {
          const r = resolveSpecifier(this.path, c.arguments[0].text, this.files);
          return { k: "import", module: r.module, name: "*", project: r.project };
        }
        if (isNewExpression(c) && isIdentifier(c.expression) && c.expression.text === "URL" && !this.lookup("URL") && c.arguments?.length) {
          const [p, base] = c.arguments;
          return base ? { k: "url", path: this.eval(p!), base: this.eval(base) } : this.eval(p!);
        }
        return { k: "call", callee: this.evalSpine(c.expression), args: (c.arguments ?? []).map((a) => this.evalArg(a)), at: this.at(c), isNew: isNewExpression(c) };
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

  /**
   * A declaration's value, evaluated as if it were the whole expression: the value is remembered
   * for the name, so it must not depend on how deep inside another expression the name was first
   * met (a `const client = new OpenAI()` first reached at the end of a long method chain was once
   * remembered cut short, and every later use of `client` lost it). Cycles end at `busy`; a chain of
   * declarations each naming the next is bounded separately.
   */
  private evalDetached(init: ts.Expression): Sym {
    if (this.declDepth > 64) return UNKNOWN(this.text(init), "too deeply nested");
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
  private returnedObject(s: Sym): Extract<Sym, { k: "obj" }> | undefined {
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

  private evalArg(a: ts.Expression): Sym {
    return isSpreadElement(a) ? UNKNOWN(this.text(a), "spread at run time") : this.eval(a);
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
  private envName(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
    const obj = node.expression;
    const key = isPropertyAccessExpression(node) ? node.name.text : isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
    if (key === undefined || !isPropertyAccessExpression(obj) || obj.name.text !== "env") return undefined;
    const base = obj.expression;
    if (isIdentifier(base) && base.text === "process" && !this.lookup("process")) return key;
    if (isMetaProperty(base)) return key;
    return undefined;
  }

  // ---- the walk --------------------------------------------------------------------------

  /** The walk: one call per node (an arrow, so forEachChild can call it directly). */
  private readonly visit = (node: ts.Node): void => {
    switch (ACT[node.kind] as Act) {
      case Act.Descend:
        break;
      case Act.Skip:
      case Act.Leaf:
        return;
      case Act.Block: {
        this.scopes.open();
        this.prescanFunctions((node as ts.Block).statements);
        forEachChild(node, this.visit);
        this.scopes.close();
        return;
      }
      case Act.CaseBlock: {
        this.scopes.open();
        for (const cl of (node as ts.CaseBlock).clauses) if (isCaseClause(cl) && isStringLiteralLike(cl.expression)) this.ir.branches.push({ label: cl.expression.text, at: this.at(cl), start: cl.getStart(this.sf), end: cl.end });
        forEachChild(node, this.visit);
        this.scopes.close();
        return;
      }
      case Act.Declarations: {
        const list = node as ts.VariableDeclarationList;
        if (this.scopes.depth > 0) this.declare(list, this.scopes);
        for (const d of list.declarations) {
          (d as { parent: ts.Node }).parent = list;
          const init = d.initializer;
          if (init) {
            (init as { parent: ts.Node }).parent = d;
            if (isIdentifier(d.name)) this.nameCall(init, { varName: d.name.text });
          }
          this.trackEnvDestructuring(d);
          this.trackTaint(d);
        }
        break;
      }
      case Act.PropAssign: {
        const p = node as ts.PropertyAssignment;
        (p.initializer as { parent: ts.Node }).parent = p;
        if (isIdentifier(p.name) || isStringLiteral(p.name)) this.nameCall(p.initializer, { propKey: p.name.text });
        break;
      }
      case Act.ExportAssign:
        this.nameCall((node as ts.ExportAssignment).expression, { varName: "default" });
        break;
      case Act.Class:
        // fnId names methods and constructors after their class.
        for (const m of (node as ts.ClassLikeDeclaration).members) (m as { parent: ts.Node }).parent = node;
        this.recordSubclass(node as ts.ClassLikeDeclaration);
        break;
      case Act.Function:
        this.visitFunction(node as ts.FunctionLikeDeclaration);
        return;
      case Act.Loop:
        this.visitLoop(node as ts.IterationStatement);
        return;
      case Act.If:
        this.visitIf(node as ts.IfStatement);
        break;
      case Act.Conditional: {
        const c = node as ts.ConditionalExpression;
        this.checkGuard(c.condition, c.whenTrue.getStart(this.sf), c.whenFalse.end);
        break;
      }
      // The three commonest kinds visit their children directly, skipping the leaves
      // (operator token, `?.`, a property name) and the type arguments forEachChild would offer.
      case Act.Binary: {
        const b = node as ts.BinaryExpression;
        this.visitBinary(b);
        this.visit(b.left);
        this.visit(b.right);
        return;
      }
      case Act.Call: {
        const c = node as ts.CallExpression | ts.NewExpression;
        this.visitCall(c);
        this.noteMastraStep(c);
        this.visit(c.expression);
        if (c.arguments) for (const a of c.arguments) this.visit(a);
        return;
      }
      case Act.Access: {
        const p = node as ts.PropertyAccessExpression | ts.ElementAccessExpression;
        const env = this.envName(p);
        if (env) this.ir.envReads.push({ name: env, at: this.at(p) });
        if (p.kind === K.PropertyAccessExpression && p.name.text === "aborted") this.markPause(p);
        this.visit(p.expression);
        if (p.kind === K.ElementAccessExpression) this.visit(p.argumentExpression);
        return;
      }
      case Act.Text:
        this.visitString(node as ts.LiteralLikeNode);
        return;
    }
    forEachChild(node, this.visit);
  };

  private prescanFunctions(stmts: ts.NodeArray<ts.Statement>): void {
    for (const st of stmts) if (isFunctionDeclaration(st) && st.name) this.scopes.set(st.name.text, { k: "fn", id: this.fnId(st) });
  }


  private visitFunction(node: ts.FunctionLikeDeclaration): void {
    const name = this.fnName(node), start = node.getStart(this.sf);
    // The frame's record lives only while the walk is inside the function; the file keeps it compactly.
    const fnIr = new FnRecord(name, start, node.end, this.lines);
    const index = this.ir.addFn(name, start, node.end);
    const saved = this.frame;
    this.scopes.open();
    let params: readonly string[] = NO_PARAMS;
    if (node.parameters.length) {
      const names: string[] = [];
      for (const p of node.parameters) collectNames(p.name, names);
      params = names;
      for (const n of names) this.scopes.set(n, PARAMETER);
      if (this.mastraSteps.has(node)) this.bindStepMastra(node.parameters[0]!.name);
    }
    this.frame = { params, tainted: saved.tainted.size ? new Map(saved.tainted) : NO_TAINT, loops: NO_LOOPS, ir: fnIr };
    if (node.body) {
      if (isBlock(node.body)) this.prescanFunctions(node.body.statements);
      for (const p of node.parameters) this.visit(p);
      this.visit(node.body);
    }
    this.scopes.close();
    this.frame = saved;
    if (fnIr.depthGuard) this.ir.setDepthGuard(index, fnIr.depthGuard);
  }

  /**
   * `createStep({ execute: async ({ mastra }) => … })` from `@mastra/core/workflows`: remember the
   * execute function, whose destructured `mastra` is the workflow's Mastra instance.
   */
  private noteMastraStep(c: ts.CallExpression | ts.NewExpression): void {
    const callee = c.expression;
    if (!isIdentifier(callee) || callee.text !== "createStep") return;
    const b = this.lookup("createStep");
    if (b?.k !== "import" || b.sym.k !== "import" || b.sym.module !== "@mastra/core/workflows" || b.sym.name !== "createStep") return;
    const opts = c.arguments?.[0];
    if (!opts || !isObjectLiteralExpression(opts)) return;
    for (const p of opts.properties) {
      if (!p.name || !isIdentifier(p.name) || p.name.text !== "execute") continue;
      if (isMethodDeclaration(p)) this.mastraSteps.add(p);
      else if (isPropertyAssignment(p) && (p.initializer.kind === K.ArrowFunction || p.initializer.kind === K.FunctionExpression)) this.mastraSteps.add(p.initializer);
    }
  }

  /** The `mastra` property destructured from a step's first parameter: the Mastra instance. */
  private bindStepMastra(name: ts.BindingName): void {
    if (!isObjectBindingPattern(name)) return;
    for (const el of name.elements) {
      const key = el.propertyName ? (isIdentifier(el.propertyName) || isStringLiteral(el.propertyName) ? el.propertyName.text : undefined) : isIdentifier(el.name) ? el.name.text : undefined;
      if (key === "mastra" && !el.dotDotDotToken && isIdentifier(el.name)) {
        this.scopes.set(el.name.text, { k: "import", sym: { k: "import", module: "@mastra/core/workflows", name: "Mastra", project: false } });
      }
    }
  }

  private visitLoop(node: ts.IterationStatement): void {
    const loop: LoopIR = { at: this.at(node), start: node.getStart(this.sf), end: node.end, infinite: false, consumes: new Set(), pushes: new Map(), sizeChecks: new Map(), fn: this.frame.ir ? this.frame.ir.id : undefined };
    let cond: ts.Expression | undefined;
    if (isWhileStatement(node) || isDoStatement(node)) cond = node.expression;
    else if (isForStatement(node)) cond = node.condition;
    if (isForStatement(node) && !cond) loop.infinite = true;
    if (cond && isAlwaysTrue(cond)) loop.infinite = true;
    this.scopes.open();
    if (isForStatement(node) && node.initializer && isVariableDeclarationList(node.initializer)) this.declare(node.initializer, this.scopes);
    if ((isForOfStatement(node) || isForInStatement(node))) {
      if (isVariableDeclarationList(node.initializer)) for (const d of node.initializer.declarations) this.markOpaque(d.name, this.scopes);
      const iter = unwrap(node.expression);
      if (isIdentifier(iter) || isPropertyAccessExpression(iter)) loop.consumes.add(iter.getText(this.sf));
    }
    if (cond && !loop.infinite) {
      const b = this.counterBound(cond);
      if (b) loop.bound = b;
      else loop.condText = this.text(cond);
    }
    this.ir.loops.push(loop);
    if (this.frame.loops === NO_LOOPS) this.frame.loops = [];
    this.frame.loops.push(loop);
    this.descend(node);
    this.frame.loops.pop();
    this.scopes.close();
  }

  /** `i < N`, `steps <= MAX`, `N > i` inside a condition (through `&&`). */
  private counterBound(cond: ts.Expression): { sym: Sym; at: Pos } | undefined {
    const e = unwrap(cond);
    if (isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === K.AmpersandAmpersandToken) return this.counterBound(e.left) ?? this.counterBound(e.right);
      const lt = op === K.LessThanToken || op === K.LessThanEqualsToken;
      const gt = op === K.GreaterThanToken || op === K.GreaterThanEqualsToken;
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
      const names = (x: ts.Expression) => (isIdentifier(x) ? x.text : isPropertyAccessExpression(x) ? x.name.text : "");
      const l = names(cmp.left), r = names(cmp.right);
      const isDepth = (n: string) => (DEPTH_RE.test(n) || this.frame.params.includes(n)) && !/max|limit/i.test(n);
      if (isDepth(l)) this.frame.ir.depthGuard = { at: this.at(node.expression), sym: this.eval(cmp.right) };
      else if (isDepth(r)) this.frame.ir.depthGuard = { at: this.at(node.expression), sym: this.eval(cmp.left) };
    }
  }

  private visitBinary(b: ts.BinaryExpression): void {
    const op = b.operatorToken.kind;
    if (op === K.EqualsToken && isIdentifier(b.left) && this.refsTaint(b.right)) this.taint(b.left.text, this.frame.tainted.get(firstTainted(b.right, this.frame.tainted) ?? "") ?? this.at(b));
    if (op === K.EqualsToken && isIdentifier(b.left) && this.isModelCallExpr(b.right)) this.taint(b.left.text, this.at(b.right));
    if (!this.frame.loops.length) return;
    const isCmp = op === K.LessThanToken || op === K.LessThanEqualsToken || op === K.GreaterThanToken || op === K.GreaterThanEqualsToken;
    if (!isCmp) return;
    for (const [side, other] of [[b.left, b.right], [b.right, b.left]] as const) {
      const s = unwrap(side);
      if (isPropertyAccessExpression(s) && (s.name.text === "length" || s.name.text === "size")) {
        const o = unwrap(other);
        if (isNumericLiteral(o) && Number(o.text) <= 1) continue;
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
    if (method === "abort") this.ir.aborts.push(c.getStart(this.sf));
    if (this.frame.loops.length && isPropertyAccessExpression(callee)) {
      const recv = callee.expression.getText(this.sf);
      if (method === "shift" || method === "pop" || method === "splice") for (const l of this.frame.loops) l.consumes.add(recv);
      if (method === "push" || method === "unshift") for (const l of this.frame.loops) if (!l.pushes.has(recv)) l.pushes.set(recv, this.at(c));
    }
    if (!this.interesting(callee, method)) return;
    if (!UNKNOWN_ROOT_METHODS.has(method) && this.boringCallee(callee, 0)) return;
    const calleeSym = this.eval(callee);
    if (!this.worthRecording(calleeSym, method)) return;
    const args = (c.arguments ?? []).map((a) => this.evalArg(a));
    const ir: CallIR = { at: this.at(c), end: c.end, callee: calleeSym, args, isNew: isNewExpression(c), text: this.text(callee) };
    if (this.frame.ir) ir.fn = this.frame.ir.id;
    const named = this.namedCalls.get(c);
    if (named?.varName !== undefined) ir.varName = named.varName;
    else if (named?.propKey !== undefined) ir.propKey = named.propKey;
    // A signal handed to a call inside a loop is that loop's pause check.
    if (this.frame.loops.length && args.some((a) => a.k === "obj" && ("signal" in a.props || "abortSignal" in a.props))) this.markPause(c);
    this.ir.calls.push(ir);
  }

  /**
   * `class MyAgent extends Think { maxSteps = 20; getTools() { return { … } } }`: a framework whose
   * agents are subclasses is configured by overriding fields and methods, so the subclass is recorded
   * like a construction of its base class, with the overrides as its options.
   */
  private recordSubclass(cls: ts.ClassLikeDeclaration): void {
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
          if (only && isReturnStatement(only) && only.expression && isStringLiteralLike(only.expression)) props[`${key}()`] = { v: { k: "str", v: only.expression.text }, at: this.at(only.expression) };
        }
      }
    }
    const name = cls.name?.text ?? "<anonymous class>";
    const ir: CallIR = { at: this.at(cls), end: cls.end, callee: base, args: [{ k: "obj", props, spread: false, at: this.at(cls) }], isNew: false, text: `class ${name} extends ${this.text(ext)}`, subclass: name, varName: name };
    if (this.frame.ir) ir.fn = this.frame.ir.id;
    this.ir.calls.push(ir);
  }

  /** Cheap syntactic pre-filter before evaluating a callee. */
  private interesting(callee: ts.Expression, method: string): boolean {
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
  private boringCallee(e: ts.Expression, depth: number): boolean {
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
  private pureArg(a: ts.Expression): boolean {
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

  private worthRecording(sym: Sym, method: string): boolean {
    let s = sym;
    while (s.k === "member" || s.k === "call") s = s.k === "member" ? s.obj : s.callee;
    if (s.k === "import" || s.k === "fnref" || s.k === "fn") return true;
    if (s.k === "global") return INTERESTING_GLOBALS.has(s.name) || s.name === "process.env";
    return UNKNOWN_ROOT_METHODS.has(method);
  }

  private nameCall(value: ts.Expression, name: { varName?: string; propKey?: string }): void {
    let e = value;
    while (isAwaitExpression(e) || isParenthesizedExpression(e) || isAsExpression(e) || isSatisfiesExpression(e)) e = e.expression;
    if (e.kind === K.CallExpression || e.kind === K.NewExpression) this.namedCalls.set(e, name);
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
    const m = SQL_RE.exec(t) ?? SQL_TRUNCATE_RE.exec(t);
    if (m) this.ir.sql.push({ op: `SQL ${m[1]!.replace(/\s+/g, " ").toUpperCase()}`, at: this.pos(start) });
  }

  private trackEnvDestructuring(d: ts.VariableDeclaration): void {
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

  private isModelCallExpr(e: ts.Expression): boolean {
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

  private trackTaint(d: ts.VariableDeclaration): void {
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

  private taint(name: string, from: Pos): void {
    if (this.frame.tainted === NO_TAINT) this.frame.tainted = new Map();
    (this.frame.tainted as Map<string, Pos>).set(name, from);
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
      const exported = canHaveModifiers(st) && getModifiers(st)?.some((m) => m.kind === K.ExportKeyword);
      if (isVariableStatement(st) && exported) {
        for (const d of st.declarationList.declarations) {
          const names: string[] = [];
          collectNames(d.name, names);
          for (const n of names) ex.names.set(n, this.evalName(n));
        }
      } else if (isFunctionDeclaration(st) && exported) {
        const isDefault = getModifiers(st)?.some((m) => m.kind === K.DefaultKeyword);
        const sym: Sym = { k: "fnref", id: this.fnId(st) };
        if (st.name) ex.names.set(st.name.text, sym);
        if (isDefault) ex.names.set("default", sym);
      } else if (isExportAssignment(st)) {
        ex.names.set("default", this.eval(st.expression));
      } else if (isExportDeclaration(st)) {
        const from = st.moduleSpecifier && isStringLiteral(st.moduleSpecifier) ? resolveSpecifier(this.path, st.moduleSpecifier.text, this.files) : undefined;
        if (!st.exportClause) {
          if (from?.project) ex.star.push(from.module);
          continue;
        }
        if (isNamespaceExport(st.exportClause)) {
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

  /** A top-level name's value (the walk is over: only the top level is in view). */
  private evalName(name: string): Sym {
    if (!this.scopes.get(name)) return UNKNOWN(name, "not found");
    return this.evalIdent(factory.createIdentifier(name));
  }
}

// ---- helpers ---------------------------------------------------------------------------

/** worthRecording's answer for a callee that ends at this Sym, for a method outside UNKNOWN_ROOT_METHODS. */
function boringSym(sym: Sym): boolean {
  let s = sym;
  while (s.k === "member" || s.k === "call") s = s.k === "member" ? s.obj : s.callee;
  if (s.k === "import" || s.k === "fnref" || s.k === "fn") return false;
  if (s.k === "global") return !INTERESTING_GLOBALS.has(s.name) && s.name !== "process.env";
  return true;
}

function unwrap(e: ts.Expression): ts.Expression {
  while (isParenthesizedExpression(e) || isAsExpression(e) || isNonNullExpression(e) || isAwaitExpression(e) || isSatisfiesExpression(e)) e = e.expression;
  return e;
}

function isAlwaysTrue(e: ts.Expression): boolean {
  const x = unwrap(e);
  return x.kind === K.TrueKeyword || (isNumericLiteral(x) && Number(x.text) !== 0);
}

/** A counter: `i`, `step`, `this.steps`, `i++`, `++turns`, `state.turn`. */
function isCounter(e: ts.Expression): boolean {
  const x = unwrap(e);
  if (isPostfixUnaryExpression(x) || isPrefixUnaryExpression(x)) return isCounter(x.operand);
  return isIdentifier(x) || (isPropertyAccessExpression(x) && x.name.text !== "length" && x.name.text !== "size");
}

function isLengthOf(e: ts.Expression): boolean {
  const x = unwrap(e);
  return isPropertyAccessExpression(x) && (x.name.text === "length" || x.name.text === "size");
}

/** `x === null`, `answer == "quit"`, `done === true`: an exit on a value, not a counter limit. */
function notALimit(e: ts.Expression): boolean {
  const x = unwrap(e);
  const k = x.kind;
  return k === K.NullKeyword || k === K.TrueKeyword || k === K.FalseKeyword || isStringLiteralLike(x) || (isIdentifier(x) && x.text === "undefined");
}

/** The string in `name === "x"` / `"x" == name` (through `||`: the first), for dispatch-by-name branches. */
function stringEquality(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  if (!isBinaryExpression(x)) return undefined;
  const op = x.operatorToken.kind;
  if (op === K.BarBarToken) return stringEquality(x.left) ?? stringEquality(x.right);
  if (op !== K.EqualsEqualsEqualsToken && op !== K.EqualsEqualsToken) return undefined;
  if (isStringLiteralLike(x.right)) return x.right.text;
  if (isStringLiteralLike(x.left)) return x.left.text;
  return undefined;
}

function comparison(e: ts.Expression): { left: ts.Expression; right: ts.Expression } | undefined {
  const x = unwrap(e);
  if (!isBinaryExpression(x)) return undefined;
  const op = x.operatorToken.kind;
  if (op === K.BarBarToken || op === K.AmpersandAmpersandToken) return comparison(x.left) ?? comparison(x.right);
  if (op === K.GreaterThanToken || op === K.GreaterThanEqualsToken || op === K.LessThanToken || op === K.LessThanEqualsToken || op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken) {
    return { left: x.left, right: x.right };
  }
  return undefined;
}

/** "break" / "return" (incl. throw) when a statement leaves the loop or function, "continue", or undefined. */
function exitsEarly(st: ts.Statement): "break" | "return" | "continue" | undefined {
  if (isBreakStatement(st)) return "break";
  if (isReturnStatement(st) || isThrowStatement(st)) return "return";
  if (isContinueStatement(st)) return "continue";
  if (isBlock(st)) {
    for (const s of st.statements) {
      const r = exitsEarly(s);
      if (r) return r;
    }
  }
  return undefined;
}

function collectNames(name: ts.BindingName, out: string[]): void {
  if (isIdentifier(name)) out.push(name.text);
  else for (const el of name.elements) if (isBindingElement(el)) collectNames(el.name, out);
}

function firstTainted(e: ts.Node, tainted: ReadonlyMap<string, Pos>): string | undefined {
  if (isIdentifier(e)) return tainted.has(e.text) ? e.text : undefined;
  if (isFunctionLike(e)) return undefined;
  let hit: string | undefined;
  e.forEachChild((c) => {
    if (hit) return;
    if (isPropertyAccessExpression(e) && c === e.name) return;
    hit = firstTainted(c, tainted);
  });
  return hit;
}
