import type { CallSite } from "../context.js";
import type { Qualified, Sym } from "../sym.js";
import type { SourceLocation } from "../types.js";
import { kwargsOf, positionalOf } from "./names.js";

/** What a Python call site is called: its dotted names, and its keyword and positional arguments. */

export interface PyNames {
  /** A module function or attribute chain, not through an instance: `requests.get`, `openai.chat.completions.create`. */
  full?: string;
  /** For a call on an instance: the dotted name of the class or factory that made it (`openai.OpenAI`). */
  ctor?: string;
  /** The member path after the instance (`chat.completions.create`), with raw-response wrappers dropped. */
  path: string;
  /** How many calls deep the instance is (`Session().get` is 1; `Session().get(u).json` is 2). */
  hops: number;
}

export function pyNames(site: CallSite): PyNames | undefined {
  const r = site.root;
  if (!r) return undefined;
  const path = site.q.path.filter((p) => p !== "with_raw_response" && p !== "with_streaming_response").join(".");
  if (!r.instance) {
    const base = r.name === "default" || r.name === "*" ? r.module : `${r.module}.${r.name}`;
    return { full: path ? `${base}.${path}` : base, path, hops: 0 };
  }
  let q: Qualified = site.q;
  let hops = 0;
  for (; hops < 12 && q.root.k === "instance"; hops++) q = q.root.ctor;
  if (q.root.k !== "import") return undefined;
  const base = q.root.name === "*" || q.root.name === "default" ? q.root.module : `${q.root.module}.${q.root.name}`;
  return { ctor: q.path.length ? `${base}.${q.path.join(".")}` : base, path, hops };
}

export function kw(site: CallSite, name: string): { v: Sym; loc: SourceLocation } | undefined {
  return site.prop(kwargsOf(site.ir.args), name);
}

export function positional(site: CallSite, i: number): Sym | undefined {
  return site.R(positionalOf(site.ir.args)[i]);
}

/** An option given by keyword, else at position `i` (where the call is, then: a positional argument has no place of its own). */
export function kwOr(site: CallSite, name: string, i: number): { v: Sym; loc: SourceLocation } | undefined {
  const k = kw(site, name);
  if (k) return k;
  const v = positional(site, i);
  return v ? { v, loc: site.loc } : undefined;
}

/** The last name of the class or function a nested call builds: `StdioConnectionParams(…)` → "StdioConnectionParams". */
export function builtClass(site: CallSite, v: Sym | undefined): string | undefined {
  const c = site.R(v);
  if (c?.k !== "call") return undefined;
  let callee = c.callee;
  for (let i = 0; i < 8 && callee.k !== "import" && callee.k !== "member"; i++) {
    const r = site.R(callee);
    if (!r || r === callee) break;
    callee = r;
  }
  return callee.k === "import" ? (callee.name === "*" || callee.name === "default" ? callee.module.split(".").pop() : callee.name) : callee.k === "member" ? callee.name : undefined;
}

/**
 * The calls that made the instance a method is called on, nearest first, each with the last name of
 * what it called: for `StateGraph(S).compile().with_config(…).invoke(…)`, with_config(…), compile(),
 * StateGraph(S).
 */
export function instanceCalls(site: CallSite): { name: string; call: Extract<Sym, { k: "call" }> }[] {
  const out: { name: string; call: Extract<Sym, { k: "call" }> }[] = [];
  let q: Qualified = site.q;
  for (let i = 0; i < 12 && q.root.k === "instance"; i++) {
    const ctor = q.root.ctor;
    const name = ctor.path.length ? ctor.path[ctor.path.length - 1]! : ctor.root.k === "import" ? ctor.root.name : "";
    out.push({ name, call: q.root.call });
    q = ctor;
  }
  return out;
}
