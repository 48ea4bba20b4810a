import { ts } from "./typescript.js";
import type { Pos, Sym } from "../sym.js";
import type { FileIR, LoopIR } from "../ir.js";
import { FnRecord, NO_LOOPS, NO_PARAMS, NO_TAINT, PARAMETER } from "./records.js";
import { parse } from "./parse.js";
import { detachRecord } from "./detach.js";
import { collectNames, comparison, DEPTH_RE, exitsEarly, firstTainted, isAlwaysTrue, isCounter, isLengthOf, notALimit, PROMPT_KEY, PROMPT_VAR, stringEquality, unwrap } from "./syntax.js";
import { CallRecorder } from "./calls.js";

/**
 * ts-morph exposes TypeScript as a namespace of 2,000+ members (a dictionary-mode object, where
 * every property read is a hash lookup); the walk calls these millions of times, so it binds each
 * once, here.
 */
const K = ts.SyntaxKind;
const {
  flattenDiagnosticMessageText, forEachChild, isBinaryExpression, isBlock, isCaseClause, isDoStatement, isExpressionStatement, isForInStatement, isForOfStatement, isForStatement, isFunctionDeclaration, isIdentifier, isMethodDeclaration, isNumericLiteral, isObjectBindingPattern, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isStringLiteral, isStringLiteralLike, isVariableDeclarationList, isVariableStatement, isWhileStatement,
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
export function walkFile(path: string, text: string, files: ReadonlySet<string>): FileIR {
  const sf = parse(path, text);
  return new Walker(sf, path, files).run();
}

class Walker extends CallRecorder {
  run(): FileIR {
    const diags = (this.sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics;
    if (diags && diags.length > 0) {
      const d = diags[0]!;
      this.ir.parseError = { at: this.pos(d.start), message: flattenDiagnosticMessageText(d.messageText, " ") };
    }
    this.prescan(this.sf.statements, this.scopes);
    for (const st of this.sf.statements) this.visit(st);
    this.collectExports();
    detachRecord(this.ir);
    return this.ir;
  }

  // ---- the walk --------------------------------------------------------------------------

  /** The walk: one call per node (an arrow, so forEachChild can call it directly). */
  protected override readonly visit = (node: ts.Node): void => {
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
            if (isIdentifier(d.name)) {
              this.nameCall(init, { varName: d.name.text });
              if (PROMPT_VAR.test(d.name.text)) this.prose(init);
            }
          }
          this.trackEnvDestructuring(d);
          this.trackTaint(d);
        }
        break;
      }
      case Act.PropAssign: {
        const p = node as ts.PropertyAssignment;
        (p.initializer as { parent: ts.Node }).parent = p;
        if (isIdentifier(p.name) || isStringLiteral(p.name)) {
          this.nameCall(p.initializer, { propKey: p.name.text });
          if (PROMPT_KEY.test(p.name.text)) this.prose(p.initializer);
        }
        break;
      }
      case Act.ExportAssign:
        this.nameCall((node as ts.ExportAssignment).expression, { varName: "default" });
        break;
      case Act.Class:
        // fnId names methods and constructors after their class.
        for (const m of (node as ts.ClassLikeDeclaration).members) (m as { parent: ts.Node }).parent = node;
        this.recordSubclass(node as ts.ClassLikeDeclaration);
        this.classes.push(node as ts.ClassLikeDeclaration);
        forEachChild(node, this.visit);
        this.classes.pop();
        return;
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
        const op = b.operatorToken.kind;
        const opens = this.fallbackExpr === undefined && (op === K.QuestionQuestionToken || op === K.BarBarToken);
        if (opens) this.fallbackExpr = b.pos;
        this.visit(b.left);
        this.visit(b.right);
        if (opens) this.fallbackExpr = undefined;
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
        if (env) this.ir.envReads.push({ name: env, at: this.at(p), ...(this.fallbackExpr !== undefined ? { expr: this.fallbackExpr } : {}) });
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

  /** The strings of this expression are text for a model (its walk comes next, in source order; an enclosing one already covers it). */
  protected prose(e: ts.Expression): void {
    if (e.pos >= this.proseEnd) this.proseEnd = e.end;
  }

  protected prescanFunctions(stmts: ts.NodeArray<ts.Statement>): void {
    for (const st of stmts) if (isFunctionDeclaration(st) && st.name) this.scopes.set(st.name.text, { k: "fn", id: this.fnId(st) });
  }


  protected visitFunction(node: ts.FunctionLikeDeclaration): void {
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
  protected noteMastraStep(c: ts.CallExpression | ts.NewExpression): void {
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
  protected bindStepMastra(name: ts.BindingName): void {
    if (!isObjectBindingPattern(name)) return;
    for (const el of name.elements) {
      const key = el.propertyName ? (isIdentifier(el.propertyName) || isStringLiteral(el.propertyName) ? el.propertyName.text : undefined) : isIdentifier(el.name) ? el.name.text : undefined;
      if (key === "mastra" && !el.dotDotDotToken && isIdentifier(el.name)) {
        this.scopes.set(el.name.text, { k: "import", sym: { k: "import", module: "@mastra/core/workflows", name: "Mastra", project: false } });
      }
    }
  }

  protected visitLoop(node: ts.IterationStatement): void {
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
    // Statements that run on every iteration, for "does a person answer each turn?" (see human-turns.ts).
    const body = node.statement;
    const every: number[] = [];
    for (const st of isBlock(body) ? body.statements : [body]) if (isVariableStatement(st) || isExpressionStatement(st)) every.push(st.getStart(this.sf), st.end);
    if (every.length) loop.every = every;
    this.ir.loops.push(loop);
    if (this.frame.loops === NO_LOOPS) this.frame.loops = [];
    this.frame.loops.push(loop);
    this.descend(node);
    this.frame.loops.pop();
    this.scopes.close();
  }

  /** `i < N`, `steps <= MAX`, `N > i` inside a condition (through `&&`). */
  protected counterBound(cond: ts.Expression): { sym: Sym; at: Pos } | undefined {
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

  protected visitIf(node: ts.IfStatement): void {
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

  protected visitBinary(b: ts.BinaryExpression): void {
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
}
