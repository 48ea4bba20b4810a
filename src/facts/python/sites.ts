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
