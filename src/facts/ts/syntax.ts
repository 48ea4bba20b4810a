import { ts } from "./typescript.js";
import type { Pos, Sym } from "../sym.js";

const K = ts.SyntaxKind;
const {
  isAsExpression, isAwaitExpression, isBinaryExpression, isBindingElement, isBlock, isBreakStatement, isContinueStatement, isFunctionLike, isIdentifier, isNonNullExpression, isNumericLiteral, isParenthesizedExpression, isPostfixUnaryExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isReturnStatement, isSatisfiesExpression, isStringLiteralLike, isThrowStatement,
} = ts;

/** What the TypeScript walk looks for, by name and by shape: patterns and small syntax tests. */

/** Calls that check a pause / kill / continue signal from inside a loop. */
export const PAUSE_RE = /^(throwIfAborted|checkPause|waitIfPaused|awaitResume|shouldContinue|canContinue|checkContinue|checkKill\w*|isKilled|isPaused|shouldStop|shouldHalt|checkStop|pauseCheck|pollPause\w*|assertNotPaused|checkSignal|checkControl\w*)$/i;
export const DEPTH_RE = /depth|level|hops?$|generation|recurs/i;
/**
 * Destructive SQL in a string. A bare `truncate` is Tailwind's class name far more often than SQL
 * (`className="text-sm truncate"`), so TRUNCATE counts in any case only with TABLE, and otherwise
 * only written in capitals before a name, as SQL is.
 */
export const SQL_RE = /\b(DROP\s+(?:TABLE|DATABASE|SCHEMA|INDEX|VIEW)|TRUNCATE\s+TABLE|DELETE\s+FROM)\b/i;
export const SQL_TRUNCATE_RE = /\b(TRUNCATE)\s+[\w"`]/;
/**
 * Property keys and variable names whose string is text for a model (an agent's instructions, a
 * message's content, a tool's description, `SYSTEM_PROMPT = "…"`): SQL quoted there is an example
 * for the model, never an operation (the Python walk's PROMPT_KEY / PROMPT_VAR, in JavaScript's names).
 */
export const PROMPT_KEY = /^(instructions?|system|systemPrompt|system_prompt|prompt|description|handoffDescription|backstory|goal|expectedOutput|content)$/;
export const PROMPT_VAR = /prompt|instruction|systemMessage|system_message|backstory/i;
/** Quick test that an expression's call is a model call, for tracking model output into conditions. */
export const MODEL_CALL_TEXT = /(?:^|\.)(generateText|generateObject|streamText|streamObject)$|\.(chat\.completions|responses|messages|completions|audio\.transcriptions|audio\.translations)\.(create|parse)$|^(llm|model|chat\w*|agent\w*|\w*Model|\w*Llm|\w*Agent)\.(invoke|generate|call|predict)$|^run$/;
export const MODEL_CALL_NAMES = new Set(["generateText", "generateObject", "streamText", "streamObject", "create", "parse", "invoke", "generate", "call", "predict", "run"]);
export const WORD_CHAR = /[\w$]/;
/** Method names worth recording on receivers the walk cannot name (parameters, fields). */
export const UNKNOWN_ROOT_METHODS = new Set(["create", "invoke", "stream", "generate", "run", "execute", "parse", "compile", "batch", "waitForEvent", "addMcpServer", "interrupt"]);
/** Globals that matter (network, timers, abort). */
export const INTERESTING_GLOBALS = new Set(["fetch", "WebSocket", "EventSource", "AbortSignal", "AbortController", "setTimeout", "setInterval", "require", "Request"]);


/** worthRecording's answer for a callee that ends at this Sym, for a method outside UNKNOWN_ROOT_METHODS. */
export function boringSym(sym: Sym): boolean {
  let s = sym;
  while (s.k === "member" || s.k === "call") s = s.k === "member" ? s.obj : s.callee;
  if (s.k === "import" || s.k === "fnref" || s.k === "fn") return false;
  if (s.k === "global") return !INTERESTING_GLOBALS.has(s.name) && s.name !== "process.env";
  return true;
}

export function unwrap(e: ts.Expression): ts.Expression {
  while (isParenthesizedExpression(e) || isAsExpression(e) || isNonNullExpression(e) || isAwaitExpression(e) || isSatisfiesExpression(e)) e = e.expression;
  return e;
}

export function isAlwaysTrue(e: ts.Expression): boolean {
  const x = unwrap(e);
  return x.kind === K.TrueKeyword || (isNumericLiteral(x) && Number(x.text) !== 0);
}

/** A counter: `i`, `step`, `this.steps`, `i++`, `++turns`, `state.turn`. */
export function isCounter(e: ts.Expression): boolean {
  const x = unwrap(e);
  if (isPostfixUnaryExpression(x) || isPrefixUnaryExpression(x)) return isCounter(x.operand);
  return isIdentifier(x) || (isPropertyAccessExpression(x) && x.name.text !== "length" && x.name.text !== "size");
}

export function isLengthOf(e: ts.Expression): boolean {
  const x = unwrap(e);
  return isPropertyAccessExpression(x) && (x.name.text === "length" || x.name.text === "size");
}

/** `x === null`, `answer == "quit"`, `done === true`: an exit on a value, not a counter limit. */
export function notALimit(e: ts.Expression): boolean {
  const x = unwrap(e);
  const k = x.kind;
  return k === K.NullKeyword || k === K.TrueKeyword || k === K.FalseKeyword || isStringLiteralLike(x) || (isIdentifier(x) && x.text === "undefined");
}

/** The string in `name === "x"` / `"x" == name` (through `||`: the first), for dispatch-by-name branches. */
export function stringEquality(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  if (!isBinaryExpression(x)) return undefined;
  const op = x.operatorToken.kind;
  if (op === K.BarBarToken) return stringEquality(x.left) ?? stringEquality(x.right);
  if (op !== K.EqualsEqualsEqualsToken && op !== K.EqualsEqualsToken) return undefined;
  if (isStringLiteralLike(x.right)) return x.right.text;
  if (isStringLiteralLike(x.left)) return x.left.text;
  return undefined;
}

export function comparison(e: ts.Expression): { left: ts.Expression; right: ts.Expression } | undefined {
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
export function exitsEarly(st: ts.Statement): "break" | "return" | "continue" | undefined {
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

export function collectNames(name: ts.BindingName, out: string[]): void {
  if (isIdentifier(name)) out.push(name.text);
  else for (const el of name.elements) if (isBindingElement(el)) collectNames(el.name, out);
}

export function firstTainted(e: ts.Node, tainted: ReadonlyMap<string, Pos>): string | undefined {
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
