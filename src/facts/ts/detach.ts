import type { Sym } from "../sym.js";
import type { FileRecord } from "./records.js";

/**
 * Detach a file's record from the file's text, so that the text can be collected once the walk ends.
 *
 * V8 makes a substring of 13 or more characters a slice that points into the string it was cut
 * from, and TypeScript's scanner cuts every identifier, string literal and `getText()` out of the
 * file's text. One name kept in a record (an export, a URL, a callee's text) would keep the whole
 * file alive: on a 6,000-file tree that is every file, 30 MB. Each kept string of that length is
 * copied here instead; shorter ones are copies already.
 */
export function detachRecord(ir: FileRecord): void {
  for (const c of ir.calls) {
    c.callee = detachSym(c.callee, 0);
    for (let i = 0; i < c.args.length; i++) c.args[i] = detachSym(c.args[i]!, 0);
    c.text = own(c.text);
    if (c.fn !== undefined) c.fn = own(c.fn);
    if (c.varName !== undefined) c.varName = own(c.varName);
    if (c.propKey !== undefined) c.propKey = own(c.propKey);
    if (c.subclass !== undefined) c.subclass = own(c.subclass);
  }
  for (const l of ir.loops) {
    if (l.bound) l.bound.sym = detachSym(l.bound.sym, 0);
    if (l.condText !== undefined) l.condText = own(l.condText);
    if (l.fn !== undefined) l.fn = own(l.fn);
    l.consumes = ownSet(l.consumes);
    l.pushes = ownKeys(l.pushes);
    const checks = ownKeys(l.sizeChecks);
    for (const list of checks.values()) for (const check of list) check.sym = detachSym(check.sym, 0);
    l.sizeChecks = checks;
  }
  const names = ownKeys(ir.exports.names);
  for (const [k, v] of names) names.set(k, detachSym(v, 0));
  ir.exports.names = names;
  for (let i = 0; i < ir.exports.star.length; i++) ir.exports.star[i] = own(ir.exports.star[i]!);
  for (const e of ir.envReads) e.name = own(e.name);
  for (const b of ir.branches) b.label = own(b.label);
  ir.detachFnNames(own);
}

/** A copy of a string that may be a slice of a file's text (see detachRecord). */
function own(s: string): string {
  return s.length < 13 ? s : (" " + s).slice(1);
}

function ownSet(set: Set<string>): Set<string> {
  if (set.size === 0) return set;
  return new Set([...set].map(own));
}

function ownKeys<V>(map: Map<string, V>): Map<string, V> {
  if (map.size === 0) return map;
  const out = new Map<string, V>();
  for (const [k, v] of map) out.set(own(k), v);
  return out;
}

/** The Sym with its strings detached; Syms are rewritten in place (a Sym may be shared within the file). */
function detachSym(s: Sym, depth: number): Sym {
  if (depth > 64) return s;
  switch (s.k) {
    case "str": if (s.v.length >= 13) s.v = own(s.v); if (s.via !== undefined) s.via = own(s.via); break;
    case "num": if (s.via !== undefined) s.via = own(s.via); break;
    case "env": s.name = own(s.name); break;
    case "global": s.name = own(s.name); break;
    case "import": s.module = own(s.module); s.name = own(s.name); break;
    case "member": s.name = own(s.name); detachSym(s.obj, depth + 1); break;
    case "cat": for (const p of s.parts) detachSym(p, depth + 1); break;
    case "url": detachSym(s.path, depth + 1); detachSym(s.base, depth + 1); break;
    case "obj": for (const key in s.props) detachSym(s.props[key]!.v, depth + 1); break;
    case "arr": for (const i of s.items) detachSym(i, depth + 1); break;
    case "call": detachSym(s.callee, depth + 1); for (const a of s.args) detachSym(a, depth + 1); break;
    case "fn": s.id = own(s.id); break;
    case "fnref": s.id = own(s.id); break;
    case "or": for (const o of s.options) detachSym(o, depth + 1); break;
    case "unknown": s.text = own(s.text); s.why = own(s.why); break;
    default: break;
  }
  return s;
}
