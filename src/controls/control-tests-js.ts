import type { ts as TS } from "ts-morph";
import { loadTypeScript } from "../facts/ts/load-typescript.js";
import type { TestCase } from "./test-case.js";

/** Runners' modifiers that keep a case from running: a skipped test proves nothing. */
const NOT_RUN = new Set(["skip", "todo", "fixme", "skipIf", "runIf"]);

/**
 * The test cases of a vitest, jest, node:test or mocha file: calls of `it`/`test` (with `.each`,
 * `.concurrent`, `.only`, …) given a function. A case's text is its title, the titles of the
 * `describe` blocks around it and the names and string literals of its body; comments are not
 * tokens, so they never count.
 */
export function jsTestCases(path: string, text: string): TestCase[] {
  // TypeScript's parser, loaded on first use (load-typescript.ts): a Python agent with Python control tests does not pay for it.
  const ts = loadTypeScript();
  const kind = /\.[cm]?tsx?$/.test(path) ? (path.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS) : path.endsWith("x") ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, kind);
  const cases: TestCase[] = [];
  const named = functionsByName(ts, file);
  const visit = (node: TS.Node, titles: string[]): void => {
    if (ts.isCallExpression(node)) {
      const runner = runnerOf(ts, node.expression);
      // `it("…", () => {…})`, or `it("…", checkCap)` naming a function of this file.
      const body = node.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a)) ?? node.arguments.slice(1).map((a) => (ts.isIdentifier(a) ? named.get(a.text) : undefined)).find((f) => f !== undefined);
      const title = titleOf(ts, node.arguments[0]);
      if (runner === "case" && body) {
        const words: string[] = [...titles, title ?? ""];
        const asserts = collect(ts, body, words);
        const lineOf = (pos: number) => file.getLineAndCharacterOfPosition(pos).line + 1;
        cases.push({ line: lineOf(node.getStart(file)), endLine: lineOf(node.getEnd()), name: title ?? "(untitled)", text: words.join(" "), asserts });
        return;
      }
      if (runner === "group" && body) {
        node.forEachChild((c) => visit(c, title ? [...titles, title] : titles));
        return;
      }
    }
    node.forEachChild((c) => visit(c, titles));
  };
  visit(file, []);
  return cases;
}

/** The file's named functions (`function f() {}`, `const f = () => {}`), for a test given one by name. */
function functionsByName(ts: typeof TS, file: TS.SourceFile): Map<string, TS.Node> {
  const out = new Map<string, TS.Node>();
  const visit = (n: TS.Node): void => {
    if (ts.isFunctionDeclaration(n) && n.name && n.body) out.set(n.name.text, n);
    else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) out.set(n.name.text, n.initializer);
    n.forEachChild(visit);
  };
  visit(file);
  return out;
}

/** `it`/`test` → a case, `describe`/`suite`/`context` → a group; skipped or to-do ones are neither. */
function runnerOf(ts: typeof TS, callee: TS.Expression): "case" | "group" | undefined {
  let e: TS.Expression = callee;
  for (;;) {
    if (ts.isPropertyAccessExpression(e)) {
      if (NOT_RUN.has(e.name.text)) return undefined;
      e = e.expression;
    } else if (ts.isCallExpression(e)) e = e.expression; // it.each([...])(title, fn)
    else if (ts.isTaggedTemplateExpression(e)) e = e.tag; // it.each`table`(title, fn)
    else break;
  }
  if (!ts.isIdentifier(e)) return undefined;
  if (e.text === "it" || e.text === "test") return "case";
  if (e.text === "describe" || e.text === "suite" || e.text === "context") return "group";
  return undefined;
}

function titleOf(ts: typeof TS, arg: TS.Expression | undefined): string | undefined {
  if (!arg) return undefined;
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return arg.text;
  if (ts.isTemplateExpression(arg)) return [arg.head.text, ...arg.templateSpans.map((s) => s.literal.text)].join(" ");
  return undefined;
}

/** Push the body's names and strings onto `words`; true when it holds an assertion on something other than a constant. */
function collect(ts: typeof TS, body: TS.Node, words: string[]): boolean {
  let asserts = false;
  const visit = (n: TS.Node): void => {
    if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) words.push(n.text);
    else if (ts.isStringLiteralLike(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) words.push(n.text);
    if (!asserts && isAssertion(ts, n)) asserts = true;
    n.forEachChild(visit);
  };
  visit(body);
  return asserts;
}

/**
 * `expect(x)`, `assert(x)`, `assert.*(x)`, `t.assert.*(x)`, `x.should`, and the project's own
 * `expectX(…)`/`assertX(…)` helpers: with `x` not a literal (`expect(true).toBe(true)` asserts nothing).
 */
function isAssertion(ts: typeof TS, n: TS.Node): boolean {
  if (ts.isPropertyAccessExpression(n) && n.name.text === "should") return !isConstant(ts, n.expression);
  if (!ts.isCallExpression(n)) return false;
  const names: string[] = [];
  let e: TS.Expression = n.expression;
  while (ts.isPropertyAccessExpression(e)) {
    names.push(e.name.text);
    e = e.expression;
  }
  if (ts.isIdentifier(e)) names.push(e.text);
  const asserting = names.includes("assert") || (ts.isIdentifier(e) && /^(?:expect|assert)(?:[A-Z_]|$)/.test(e.text) && names.every((x) => x === e.text || x === "soft"));
  return asserting && n.arguments.length > 0 && !n.arguments.every((a) => isConstant(ts, a));
}

function isConstant(ts: typeof TS, e: TS.Expression): boolean {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return ts.isLiteralExpression(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === "undefined") || (ts.isPrefixUnaryExpression(e) && isConstant(ts, e.operand));
}
