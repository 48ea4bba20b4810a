import type { FileRecord } from "./records.js";

/**
 * Detach a file's record from the file's text, so that the text can be collected once the walk ends.
 *
 * V8 makes a substring of 13 or more characters a slice that points into the string it was cut
 * from, and TypeScript's scanner cuts every identifier, string literal and `getText()` out of the
 * file's text. One name kept in a record (an export, a URL, a callee's text) would keep the whole
 * file alive: on a 6,000-file tree that is every file, 30 MB. So each such string is copied with
 * own(): where the walk makes a Sym of it (evaluate.ts, state.ts, parse.ts), and here for the rest
 * of the record. Shorter strings are copies already.
 */
export function detachRecord(ir: FileRecord): void {
  for (const c of ir.calls) {
    if (c.varName !== undefined) c.varName = own(c.varName);
    if (c.propKey !== undefined) c.propKey = own(c.propKey);
    if (c.subclass !== undefined) c.subclass = own(c.subclass);
  }
  for (const l of ir.loops) {
    if (l.condText !== undefined) l.condText = own(l.condText);
    l.consumes = ownSet(l.consumes);
    l.pushes = ownKeys(l.pushes);
    l.sizeChecks = ownKeys(l.sizeChecks);
  }
  ir.exports.names = ownKeys(ir.exports.names);
  for (let i = 0; i < ir.exports.star.length; i++) ir.exports.star[i] = own(ir.exports.star[i]!);
  for (const e of ir.envReads) e.name = own(e.name);
  for (const b of ir.branches) b.label = own(b.label);
  ir.lines.seal();
}

/** A copy of a string that may be a slice of a file's text (see detachRecord). */
export function own(s: string): string {
  return s.length < SLICED ? s : (" " + s).slice(1);
}

/** V8's shortest sliced string. */
const SLICED = 13;

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
