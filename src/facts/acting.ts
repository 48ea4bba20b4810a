import type { Builder, CallSite } from "./context.js";
import type { FileIR } from "./ir.js";
import { writesOf } from "./frameworks/node.js";
import type { SourceLocation } from "./types.js";

/** Outbound HTTP methods that change something at the other end. */
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Functions that act on the world, directly or through the project functions they call: a
 * destructive operation, an outbound write (POST/PUT/PATCH/DELETE), a file write, or a tool run.
 * Function id → what it does and where, for "the model's answer decides whether this call runs".
 */
export function actingFunctions(b: Builder, irs: FileIR[], sites: CallSite[], isToolRun: (s: CallSite) => boolean): Map<string, string> {
  const F = b.facts;
  // Only the call sites in files with a destructive operation or an outbound write are looked up by
  // position: working out every site's line and column would cost more than the rest of this.
  const lookedUp = new Set(F.destructive.map((d) => d.loc.file));
  for (const u of F.urls) if (u.method && WRITE_METHODS.has(u.method)) lookedUp.add(u.loc.file);
  const fnAt = new Map<string, string>();
  for (const s of sites) if (s.ir.fn && lookedUp.has(s.file)) fnAt.set(`${s.loc.file}:${s.loc.line}:${s.loc.column}`, s.ir.fn);
  const byFile = new Map(irs.map((ir) => [ir.path, ir]));
  const innermost = (file: string, pos: number) => byFile.get(file)?.fns.filter((f) => pos >= f.start && pos < f.end).sort((x, y) => x.end - x.start - (y.end - y.start))[0]?.id;
  const direct = new Map<string, string>();
  const note = (fn: string | undefined, what: string, l: SourceLocation) => {
    if (fn && !direct.has(fn)) direct.set(fn, `${what} at ${l.file}:${l.line}`);
  };
  for (const d of F.destructive) {
    const key = `${d.loc.file}:${d.loc.line}:${d.loc.column}`;
    const sql = fnAt.has(key) ? undefined : byFile.get(d.loc.file)?.sql.find((x) => x.at.line === d.loc.line && x.at.column === d.loc.column);
    note(fnAt.get(key) ?? (sql ? innermost(d.loc.file, sql.at.pos) : undefined), `runs ${d.op}`, d.loc);
  }
  for (const u of F.urls) if (u.method && WRITE_METHODS.has(u.method)) note(fnAt.get(`${u.loc.file}:${u.loc.line}:${u.loc.column}`), `sends ${u.method} with ${u.api}`, u.loc);
  for (const w of writesOf(b)) note(w.fn, `runs ${w.op}`, w.loc);
  for (const s of sites) if (isToolRun(s)) note(s.ir.fn, `runs the tool ${s.ir.text}`, s.loc);
  // Up the call graph: a caller of an acting function acts too.
  const callers = new Map<string, string[]>();
  for (const [caller, callees] of b.edges) for (const c of callees) {
    const list = callers.get(c);
    if (list) list.push(caller);
    else callers.set(c, [caller]);
  }
  const out = new Map(direct);
  const work = [...direct.keys()];
  while (work.length) {
    const fn = work.pop()!;
    for (const caller of callers.get(fn) ?? []) if (!out.has(caller)) {
      out.set(caller, out.get(fn)!);
      work.push(caller);
    }
  }
  return out;
}
