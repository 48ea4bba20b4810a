import { ts } from "./typescript.js";
import { LazyPos, LineMap, type Pos, type Sym } from "../sym.js";
import { ANONYMOUS, ANONYMOUS_AT, FileRecord, NO_LOOPS, NO_PARAMS, NO_TAINT, Scopes, type Binding, type FnFrame } from "./records.js";
import { resolveSpecifier } from "./parse.js";
import { own } from "./detach.js";

const {
  NodeFlags, forEachChild, isBindingElement, isCallExpression, isClassDeclaration, isClassLike, isConstructorDeclaration, isExternalModuleReference, isFunctionDeclaration, isFunctionLike, isIdentifier, isImportDeclaration, isImportEqualsDeclaration, isMethodDeclaration, isNamespaceImport, isObjectBindingPattern, isPropertyAssignment, isStringLiteral, isVariableDeclaration, isVariableStatement,
} = ts;

/**
 * The TypeScript walk is one object per file, built in layers, each in its own module:
 * WalkState (this: the file's state, positions, scopes and function names) ← Evaluator
 * (expressions to Syms, exports) ← CallRecorder (which calls become facts, taint, strings) ←
 * Walker (the visit over every node: functions, loops, conditions).
 */
export abstract class WalkState {
  protected readonly ir: FileRecord;
  protected readonly scopes = new Scopes();
  protected readonly fnNames = new Map<ts.Node, string>();
  /** Full ids handed out so far (declared functions and function values); one string per function. */
  protected readonly fnIds = new Map<ts.Node, string>();
  /** The function behind each id (for `...tools()`, see returnedObject). */
  protected readonly fnNodes = new Map<string, ts.FunctionLikeDeclaration>();
  /** Functions whose returned object is being evaluated (a function spreading its own call ends there). */
  protected readonly returning = new Set<string>();
  /** `execute` functions of Mastra workflow steps (see noteMastraStep). */
  protected readonly mastraSteps = new Set<ts.Node>();
  /**
   * Function names already given out in this file: first uses in a set, repeats (`name@line`) in a
   * list, since only a name with an `@` in it (a quoted property name) could ever equal one.
   */
  protected readonly usedNames = new Set<string>();
  protected readonly repeatNames: string[] = [];
  protected frame: FnFrame;
  protected depth = 0;
  /** Where the outermost `??` / `||` expression being walked starts: environment reads inside it are one read with fallbacks. */
  protected fallbackExpr: number | undefined;
  /** Where the prompt text being walked ends (see PROMPT_KEY): strings before it, from its start on, are text for a model. */
  protected proseEnd = 0;
  /** How many declarations' values are being evaluated, one inside another (see evalDetached). */
  protected declDepth = 0;
  /**
   * The value of each destructuring's initialiser, once evaluated, and those being evaluated now.
   * Every name of `const { a, b } = init` shares one init: without these, an init that names its own
   * bindings (`const { a, b } = f(a, b)`, easily typed mid-edit) re-evaluated itself for each name at
   * every level, exponentially (a 5-line file ran psf out of memory).
   */
  protected readonly destrMemo = new Map<ts.Expression, Sym>();
  protected readonly destrBusy = new Set<ts.Expression>();
  /** The classes the walk is inside, innermost last: what `this.x` names (see thisMember). */
  protected readonly classes: ts.ClassLikeDeclaration[] = [];
  /** Per class, the member names it gives a value in an initialiser or its constructor (see classSets). */
  protected readonly classMembers = new Map<ts.ClassLikeDeclaration, Set<string>>();
  /** `this.x` members being evaluated now: `this.x = this.x ?? …` ends there. */
  protected readonly thisBusy = new Set<ts.Node>();
  /** How many links of a method chain are being evaluated, one inside another (see evalSpine). */
  protected spineDepth = 0;
  /** Values of compound expressions already evaluated in this file, and how deep they were evaluated (see Evaluator.evalInner). */
  protected readonly evaluated = new Map<ts.Node, { sym: Sym; depth: number; spine: number }>();
  /** How many times evaluation was cut short by a depth limit so far (a value cut short is not kept in `evaluated`). */
  protected cutShort = 0;
  /**
   * Calls that are the value of `const x = …`, `{ key: … }` or `export default …` (through await,
   * parentheses, `as`, `satisfies`), registered when the walk passes the declaration. The walk sets
   * no `parent` links: writing one on every node cost as much as the rest of the walk.
   */
  protected readonly namedCalls = new Map<ts.Node, { varName?: string; propKey?: string }>();

  protected readonly lines: LineMap;

  constructor(protected readonly sf: ts.SourceFile, protected readonly path: string, protected readonly files: ReadonlySet<string>) {
    this.lines = new LineMap(path, sf.text);
    this.ir = new FileRecord(path, this.lines);
    this.frame = { params: NO_PARAMS, tainted: NO_TAINT, loops: NO_LOOPS, ir: undefined };
  }

  protected descend(node: ts.Node): void {
    forEachChild(node, this.visit);
  }


  // ---- positions -------------------------------------------------------------------------

  protected pos(offset: number): Pos {
    return new LazyPos(offset, this.lines);
  }
  protected at(node: ts.Node): Pos {
    return this.pos(node.getStart(this.sf));
  }
  protected text(node: ts.Node): string {
    const t = node.getText(this.sf);
    return own(t.length > 80 ? `${t.slice(0, 77)}...` : t);
  }

  // ---- scopes ----------------------------------------------------------------------------

  /** Hoisted declarations of a statement list: imports, functions, classes, and consts (so uses above a declaration resolve). */
  protected prescan(statements: ts.NodeArray<ts.Statement>, scope: Scopes): void {
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

  protected addImport(st: ts.ImportDeclaration, scope: Scopes): void {
    if (!isStringLiteral(st.moduleSpecifier) || !st.importClause) return;
    const r = resolveSpecifier(this.path, st.moduleSpecifier.text, this.files);
    const mk = (name: string): Binding => ({ k: "import", sym: { k: "import", module: r.module, name: own(name), project: r.project } });
    const c = st.importClause;
    if (c.name) scope.set(c.name.text, mk("default"));
    const nb = c.namedBindings;
    if (nb && isNamespaceImport(nb)) scope.set(nb.name.text, mk("*"));
    else if (nb) for (const el of nb.elements) scope.set(el.name.text, mk((el.propertyName ?? el.name).text));
  }

  protected declare(list: ts.VariableDeclarationList, scope: Scopes): void {
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

  protected declarePattern(name: ts.BindingName, init: ts.Expression, path: string[], scope: Scopes, isConst: boolean): void {
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

  protected markOpaque(name: ts.BindingName, scope: Scopes): void {
    if (isIdentifier(name)) scope.set(name.text, { k: "opaque", why: "a destructured value", name: name.text });
    else for (const el of name.elements) if (isBindingElement(el)) this.markOpaque(el.name, scope);
  }

  protected isRequire(e: ts.Expression): boolean {
    return isCallExpression(e) && isIdentifier(e.expression) && e.expression.text === "require";
  }

  protected lookup(name: string): Binding | undefined {
    return this.scopes.get(name);
  }

  /** A function's id: `file#name`, where name is fnName's. */
  protected fnId(node: ts.Node): string {
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
  protected fnName(node: ts.Node): string {
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
    // A name cut from the file's text would keep the whole text alive in every id made of it (detach.ts).
    name = own(name);
    this.fnNames.set(node, name);
    return name;
  }

  /** The walk: one call per node (Walker's). */
  protected abstract readonly visit: (node: ts.Node) => void;
}
