import type { FileIR } from "./ir.js";
import { resolve, type ExportTable } from "./sym.js";
import type { Bound, Facts, SourceLocation, Span } from "./types.js";
import { toBound } from "./values.js";
import { loc } from "./context.js";

/** Cross-file resolution helpers of extract.ts: function spans, positions, the call graph reversed, cycles. */

/**
 * Function id → its span, looked up on demand: a project has hundreds of thousands of functions and
 * only the few around model calls, runs and recursion are ever asked for. A function id is its file's
 * path, `#`, and its name; when ids repeat, the last file (then the last function) wins.
 */
export function fnSpans(irs: FileIR[]): { get(id: string): Span | undefined } {
  const order = new Map(irs.map((ir, i) => [ir.path, i]));
  const memo = new Map<string, Span | undefined>();
  return {
    get(id: string): Span | undefined {
      if (memo.has(id)) return memo.get(id);
      let best: { i: number; span: Span } | undefined;
      for (let h = id.indexOf("#"); h >= 0; h = id.indexOf("#", h + 1)) {
        const i = order.get(id.slice(0, h));
        if (i === undefined || (best && best.i > i)) continue;
        const ir = irs[i]!;
        if (ir.lastFnSpan) {
          const s = ir.lastFnSpan(id.slice(h + 1));
          if (s) best = { i, span: { file: ir.path, start: s.start, end: s.end } };
          continue;
        }
        for (let k = ir.fns.length - 1; k >= 0; k--) {
          const fn = ir.fns[k]!;
          if (fn.id === id) {
            best = { i, span: { file: ir.path, start: fn.start, end: fn.end } };
            break;
          }
        }
      }
      memo.set(id, best?.span);
      return best?.span;
    },
  };
}

/** Per file: "line:column" → offset of the first call there, else of the first SQL statement there. */
export const positionIndex = new WeakMap<FileIR, Map<string, number>>();

/**
 * Offset of a location in its file (facts keep line/column; spans keep offsets). Only calls and SQL
 * statements are known (interrupt() and other recorded calls are always calls); -1 otherwise. The
 * file's index is built on first use, so each lookup is O(1) (was a scan of the file's calls).
 */
export function posOf(ir: FileIR | undefined, l: SourceLocation): number {
  if (!ir) return -1;
  let index = positionIndex.get(ir);
  if (!index) {
    index = new Map();
    for (const x of [...ir.calls, ...ir.sql]) {
      const key = `${x.at.line}:${x.at.column}`;
      if (!index.has(key)) index.set(key, x.at.pos);
    }
    positionIndex.set(ir, index);
  }
  return index.get(`${l.line}:${l.column}`) ?? -1;
}

/** Facts of one kind by file, in their order. */
export function groupByFile<T extends { loc: SourceLocation }>(list: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) {
    const l = out.get(x.loc.file);
    if (l) l.push(x);
    else out.set(x.loc.file, [x]);
  }
  return out;
}

/** `seen` holds name, file and push line of the queues already in F.queues (one queue per push site). */
export function queuesOf(ir: FileIR, l: FileIR["loops"][number], F: Facts, table: ExportTable, seen: Set<string>): void {
  for (const [name, pushAt] of l.pushes) {
    if (!l.consumes.has(name)) continue;
    const key = `${name}\n${ir.path}\n${pushAt.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const checks = (l.sizeChecks.get(name) ?? []).map((c) => ({ loc: loc(c.at), bound: toBound(resolve(c.sym, table)) ?? ({ kind: "dynamic", text: "?", reason: "not a number" } as Bound) }));
    F.queues.push({ name, loc: loc(l.at), pushLoc: loc(pushAt), sizeChecks: checks });
  }
}

export function guardOf(byFile: Map<string, FileIR>, id: string, table: ExportTable): { loc: SourceLocation; bound: Bound } | undefined {
  const file = id.slice(0, id.indexOf("#"));
  const fn = byFile.get(file)?.fns.find((f) => f.id === id);
  if (!fn?.depthGuard) return undefined;
  return { loc: loc(fn.depthGuard.at), bound: toBound(resolve(fn.depthGuard.sym, table)) ?? { kind: "dynamic", text: "?", reason: "not a number" } };
}

/** Callee → the functions that call it: the call graph's edges reversed, O(E). */
export function reverseEdges(edges: Map<string, Set<string>>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [caller, callees] of edges) {
    for (const callee of callees) {
      const list = out.get(callee);
      if (list) list.push(caller);
      else out.set(callee, [caller]);
    }
  }
  return out;
}

/**
 * Function id → index in `tools` of the first tool whose body calls that function, directly or
 * through other project functions. Tools are taken in order and each walks the call graph forward
 * from the functions its body calls, stopping at functions an earlier tool already reached (all they
 * reach was reached then too): each function and edge is visited once, O(V + E + calls).
 */
export function firstToolReaching(tools: Facts["tools"], fnCalls: Map<string, { pos: number; target: string }[]>, edges: Map<string, Set<string>>): Map<string, number> {
  const first = new Map<string, number>();
  // Calls by file sorted by offset, so a body's calls are found by binary search: O(log n + hits).
  const sorted = new Map<string, { pos: number; target: string }[]>();
  const callsIn = (file: string, start: number, end: number) => {
    let list = sorted.get(file);
    if (!list) sorted.set(file, (list = [...(fnCalls.get(file) ?? [])].sort((a, c) => a.pos - c.pos)));
    let lo = 0, hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.pos < start) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let k = lo; k < list.length && list[k]!.pos < end; k++) out.push(list[k]!.target);
    return out;
  };
  tools.forEach((t, i) => {
    if (!t.body) return;
    const work: string[] = [];
    for (const target of callsIn(t.body.file, t.body.start, t.body.end)) if (!first.has(target)) {
      first.set(target, i);
      work.push(target);
    }
    while (work.length) {
      for (const next of edges.get(work.pop()!) ?? []) if (!first.has(next)) {
        first.set(next, i);
        work.push(next);
      }
    }
  });
  return first;
}

/**
 * Tarjan's strongly connected components, keeping those that are real cycles (size > 1 or a self-call).
 * Iterative, with an explicit stack: a project's call chain can be thousands of functions deep, and
 * the analysis must not be bounded by the JavaScript stack.
 */
export function cycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let i = 0;
  const visit = (v: string): { v: string; next: Iterator<string> } => {
    index.set(v, i);
    low.set(v, i);
    i++;
    stack.push(v);
    onStack.add(v);
    return { v, next: (edges.get(v) ?? new Set<string>()).values() };
  };
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const frames = [visit(root)];
    while (frames.length) {
      const frame = frames[frames.length - 1]!;
      const { v } = frame;
      const step = frame.next.next();
      if (!step.done) {
        const w = step.value;
        if (!index.has(w)) frames.push(visit(w));
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (low.get(v) === index.get(v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1 || edges.get(v)?.has(v)) out.push(comp.reverse());
      }
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(v)!));
    }
  }
  return out;
}
