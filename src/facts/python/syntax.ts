import type { Pos } from "../sym.js";
import type { PyNode as Node } from "./tree.js";

/** Questions about Python syntax the walk asks of the tree copy (no scopes, no values). */

/** Source text on one line, cut to 80 characters (for messages). */
export function short(t: string): string {
  const one = t.replace(/\s+/g, " ");
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}

/** A node's named children, comments left out. */
export function named(n: Node): Node[] {
  return n.namedChildren.filter((c) => c.type !== "comment");
}

/** Through parentheses and `await`. */
export function unwrap(n: Node): Node {
  let x = n;
  while (x.type === "parenthesized_expression" || x.type === "await") {
    const inner = named(x)[0];
    if (!inner) break;
    x = inner;
  }
  return x;
}

export function isAlwaysTrue(n: Node): boolean {
  const x = unwrap(n);
  return x.type === "true" || (x.type === "integer" && Number(x.text) !== 0);
}

/** A counter: `i`, `step`, `self.steps`, `state.turn`. */
export function isCounter(n: Node): boolean {
  const x = unwrap(n);
  return x.type === "identifier" || (x.type === "attribute" && !/^(length|size)$/.test(x.childForFieldName("attribute")?.text ?? ""));
}

/** `len(q)` / `q.qsize()`: the receiver's text. */
export function lengthReceiver(n: Node): string | undefined {
  const x = unwrap(n);
  if (x.type !== "call") return undefined;
  const f = x.childForFieldName("function");
  const args = x.childForFieldName("arguments");
  if (f?.type === "identifier" && f.text === "len" && args) return named(args)[0]?.text;
  if (f?.type === "attribute" && f.childForFieldName("attribute")?.text === "qsize") return f.childForFieldName("object")?.text;
  return undefined;
}

export function isLengthOf(n: Node): boolean {
  return lengthReceiver(n) !== undefined;
}

/** `x is None`, `answer == "quit"`, `done == True`: an exit on a value, not a counter limit. */
export function notALimit(n: Node): boolean {
  const t = unwrap(n).type;
  return t === "none" || t === "true" || t === "false" || t === "string" || t === "concatenated_string";
}

/** The first two operands of a comparison and its first operator. */
export function comparison(n: Node): { left: Node; right: Node; op: string } | undefined {
  if (n.type !== "comparison_operator") return undefined;
  const ops = n.childrenForFieldName("operators").filter((c): c is Node => c !== null);
  const operands = named(n);
  if (operands.length < 2 || !ops.length) return undefined;
  // `0 <= i < N`: the last pair carries the limit.
  const k = operands.length - 2;
  const op = (ops[Math.min(k, ops.length - 1)]!.type).replace(/\s+/g, " ");
  return { left: operands[k]!, right: operands[k + 1]!, op };
}

export function firstComparison(n: Node): { left: Node; right: Node; op: string } | undefined {
  const x = unwrap(n);
  if (x.type === "boolean_operator") {
    const l = x.childForFieldName("left"), r = x.childForFieldName("right");
    return (l && firstComparison(l)) ?? (r ? firstComparison(r) : undefined);
  }
  return comparison(x);
}

/** The string in `name == "x"` / `"x" == name` (through `or`: the first), for dispatch-by-name branches. */
export function stringEquality(n: Node): string | undefined {
  const x = unwrap(n);
  if (x.type === "boolean_operator" && x.childForFieldName("operator")?.type === "or") {
    const l = x.childForFieldName("left"), r = x.childForFieldName("right");
    return (l && stringEquality(l)) ?? (r ? stringEquality(r) : undefined);
  }
  const cmp = comparison(x);
  if (!cmp || cmp.op !== "==") return undefined;
  const lit = cmp.right.type === "string" ? cmp.right : cmp.left.type === "string" ? cmp.left : undefined;
  if (!lit) return undefined;
  const parts = named(lit);
  if (parts.some((p) => p.type === "interpolation")) return undefined;
  return parts.filter((p) => p.type === "string_content").map((p) => p.text).join("");
}

/** "break" / "return" (incl. raise) when a block leaves the loop or function first thing it does, "continue", or undefined. */
export function exitsEarly(block: Node): "break" | "return" | "continue" | undefined {
  for (const s of named(block)) {
    if (s.type === "break_statement") return "break";
    if (s.type === "return_statement" || s.type === "raise_statement") return "return";
    if (s.type === "continue_statement") return "continue";
  }
  return undefined;
}

export function collectNames(n: Node, out: string[]): void {
  if (n.type === "identifier") out.push(n.text);
  else if (n.type === "pattern_list" || n.type === "tuple_pattern" || n.type === "list_pattern") for (const c of named(n)) collectNames(c, out);
}

export function firstTainted(n: Node, tainted: ReadonlyMap<string, Pos>): string | undefined {
  if (n.type === "identifier") return tainted.has(n.text) ? n.text : undefined;
  if (n.type === "lambda" || n.type === "function_definition") return undefined;
  if (n.type === "attribute") {
    const o = n.childForFieldName("object");
    return o ? firstTainted(o, tainted) : undefined;
  }
  if (n.type === "keyword_argument") {
    const v = n.childForFieldName("value");
    return v ? firstTainted(v, tainted) : undefined;
  }
  for (const c of named(n)) {
    const hit = firstTainted(c, tainted);
    if (hit) return hit;
  }
  return undefined;
}

/** The names of a function's parameters (`self` included), in order. */
export function paramNames(fn: Node): string[] {
  const params = fn.childForFieldName("parameters");
  const out: string[] = [];
  if (!params) return out;
  for (const p of named(params)) {
    if (p.type === "identifier") out.push(p.text);
    else if (p.type === "default_parameter" || p.type === "typed_default_parameter") {
      const nm = p.childForFieldName("name");
      if (nm) out.push(nm.text);
    } else if (p.type === "typed_parameter" || p.type === "list_splat_pattern" || p.type === "dictionary_splat_pattern") {
      const id = named(p).find((c) => c.type === "identifier" || c.type === "list_splat_pattern" || c.type === "dictionary_splat_pattern");
      if (id?.type === "identifier") out.push(id.text);
      else if (id) out.push(...named(id).filter((c) => c.type === "identifier").map((c) => c.text));
    }
  }
  return out;
}
