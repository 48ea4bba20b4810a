import { LazyPos, LineMap, newProps, type ModuleExports, type Pos, type Prop, type Sym } from "./sym.js";
import type { CallIR, FileIR, FnIR, LoopIR } from "./ir.js";
import { FileRecord } from "./ts/records.js";

/**
 * A file's record (FileIR) as JSON text and back, for the facts cache (cache.ts). The decoded record
 * gives the same facts as the one the walk made: same fields (an optional field absent stays absent),
 * same key order (facts are compared and printed as JSON), Syms rebuilt as the walk builds them (an
 * object's props on newProps()), Maps and Sets as Maps and Sets.
 *
 * Positions are stored as their offset only (LazyPos.toJSON): line and column are worked out from the
 * file's text when a fact shows them, as after a walk, so encoding never computes them. A position
 * that is not a LazyPos (none today) is kept as the plain object it is.
 *
 * The TypeScript walk's FileRecord keeps its functions as a table it turns into objects only when
 * asked; it is stored as that table and decoded into a FileRecord again, so neither a cold nor a warm
 * run builds function objects the resolution never asks for.
 */

/** Bumped when the layout below changes (the code digest changes with it anyway). */
export const CODEC_VERSION = 1;

/** What JSON gives back before decoding (positions as offsets, Maps as entry lists). */
type Raw = Record<string, unknown>;

/** The record as JSON text. */
export function encodeFileIR(ir: FileIR): string {
  const fnTable = ir instanceof FileRecord ? ir.fnTable() : undefined;
  const out: Raw = {
    path: ir.path,
    calls: ir.calls,
    loops: ir.loops.map(encodeLoop),
    ...(fnTable ? { fnTable: { names: fnTable.names, spans: fnTable.spans, guards: [...fnTable.guards] } } : { fns: ir.fns.map(plainFn) }),
    guards: ir.guards,
    envReads: ir.envReads,
    secrets: ir.secrets,
    sql: ir.sql,
    audits: ir.audits,
    aborts: ir.aborts,
    branches: ir.branches,
    exports: { names: [...ir.exports.names], star: ir.exports.star },
    ...(ir.parseError ? { parseError: ir.parseError } : {}),
    ...(ir.assignments ? { assignments: ir.assignments } : {}),
    ...(ir.pauses ? { pauses: ir.pauses } : {}),
  };
  const text = JSON.stringify(out);
  // JSON has no Infinity or NaN (they become null): a number Sym holding one (`1e999`, `1 / 0`) is
  // written as its name instead, and made a number again on decoding. `"v":null` (quotes unescaped)
  // cannot occur inside a JSON string, so the second pass runs only for such a record.
  return text.includes('"v":null') ? JSON.stringify(out, nonFinite) : text;
}

function nonFinite(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
}

function encodeLoop(l: LoopIR): Raw {
  return { ...l, consumes: [...l.consumes], pushes: [...l.pushes], sizeChecks: [...l.sizeChecks] };
}

/** A function as its fields (a class instance's getters are not own properties JSON would see). */
function plainFn(f: FnIR): Raw {
  return { id: f.id, at: f.at, start: f.start, end: f.end, ...(f.depthGuard ? { depthGuard: f.depthGuard } : {}) };
}

/**
 * The record back from encodeFileIR's text, with its positions in `text` (the file's current text:
 * the cache key includes its digest). Throws on anything malformed; the cache treats that as a miss.
 */
export function decodeFileIR(json: string, path: string, text: string): FileIR {
  const raw = JSON.parse(json) as Raw;
  if (raw.path !== path) throw new Error("a record of another file");
  const lines = new LineMap(path, text);
  const d = new Decoder(lines);
  const calls = (raw.calls as Raw[]).map((c) => d.call(c));
  const loops = (raw.loops as Raw[]).map((l) => d.loop(l));
  const guards = (raw.guards as Raw[]).map((g) => d.at(d.at(g, "at"), "modelAt"));
  const envReads = (raw.envReads as Raw[]).map((e) => d.at(e, "at"));
  const secrets = (raw.secrets as Raw[]).map((e) => d.at(e, "at"));
  const sql = (raw.sql as Raw[]).map((e) => d.at(e, "at"));
  const branches = (raw.branches as Raw[]).map((e) => d.at(e, "at"));
  const ex = raw.exports as { names: [string, Raw][]; star: string[] };
  const exports: ModuleExports = { names: new Map(ex.names.map(([k, v]) => [k, d.sym(v)])), star: ex.star };
  const parseError = raw.parseError ? (d.at(raw.parseError as Raw, "at") as unknown as { at: Pos; message: string }) : undefined;
  const audits = raw.audits as number[], aborts = raw.aborts as number[];
  const fnTable = raw.fnTable as { names: string[]; spans: number[]; guards: [number, Raw][] } | undefined;
  if (fnTable) {
    // A TypeScript record: rebuilt as the walk builds it, its functions still a table.
    const rec = new FileRecord(path, lines);
    for (let i = 0; i < fnTable.names.length; i++) rec.addFn(fnTable.names[i]!, fnTable.spans[2 * i]!, fnTable.spans[2 * i + 1]!);
    for (const [i, g] of fnTable.guards) rec.setDepthGuard(i, d.guard(g));
    pushAll(rec.calls, calls);
    pushAll(rec.loops, loops);
    pushAll(rec.guards, guards);
    pushAll(rec.envReads, envReads);
    pushAll(rec.secrets, secrets);
    pushAll(rec.sql, sql);
    pushAll(rec.audits, audits);
    pushAll(rec.aborts, aborts);
    pushAll(rec.branches, branches);
    for (const [k, v] of exports.names) rec.exports.names.set(k, v);
    rec.exports.star.push(...exports.star);
    if (parseError) rec.parseError = parseError;
    return rec;
  }
  const fns = (raw.fns as Raw[]).map((f) => {
    d.at(f, "at");
    if (f.depthGuard) f.depthGuard = d.guard(f.depthGuard as Raw);
    return f as unknown as FnIR;
  });
  const ir: FileIR = { path, calls, loops, fns, guards, envReads, secrets, sql, audits, aborts, branches, exports } as unknown as FileIR;
  if (parseError) ir.parseError = parseError;
  if (raw.assignments) ir.assignments = (raw.assignments as Raw[]).map((a) => ({ target: d.sym(a.target as Raw), value: d.sym(a.value as Raw), at: d.pos(a.at) }));
  if (raw.pauses) ir.pauses = raw.pauses as number[];
  return ir;
}

function pushAll<T>(into: T[], from: readonly unknown[]): void {
  for (const x of from) into.push(x as T);
}

/** Rebuilds positions and Syms in place (so every key keeps its place), for one file. */
class Decoder {
  constructor(private readonly lines: LineMap) {}

  pos(v: unknown): Pos {
    if (typeof v === "number") return new LazyPos(v, this.lines);
    if (v && typeof v === "object" && typeof (v as Pos).pos === "number") return v as Pos;
    throw new Error("not a position");
  }
  /** `o[key]` made a position; returns o. */
  at<T extends Raw>(o: T, key: string): T {
    (o as Raw)[key] = this.pos(o[key]);
    return o;
  }
  guard(g: Raw): { at: Pos; sym: Sym } {
    g.at = this.pos(g.at);
    g.sym = this.sym(g.sym as Raw);
    return g as unknown as { at: Pos; sym: Sym };
  }

  call(c: Raw): CallIR {
    c.at = this.pos(c.at);
    c.callee = this.sym(c.callee as Raw);
    c.args = this.syms(c.args as Raw[]);
    const dec = c.decorates as Raw | undefined;
    if (dec) dec.fn = this.sym(dec.fn as Raw);
    return c as unknown as CallIR;
  }

  loop(l: Raw): LoopIR {
    l.at = this.pos(l.at);
    if (l.bound) l.bound = this.guard(l.bound as Raw);
    if (l.pauseAt !== undefined) l.pauseAt = this.pos(l.pauseAt);
    if (l.humanAt !== undefined) l.humanAt = this.pos(l.humanAt);
    l.consumes = new Set(l.consumes as string[]);
    l.pushes = new Map((l.pushes as [string, unknown][]).map(([k, p]) => [k, this.pos(p)]));
    l.sizeChecks = new Map((l.sizeChecks as [string, Raw[]][]).map(([k, list]) => [k, list.map((g) => this.guard(g))]));
    return l as unknown as LoopIR;
  }

  syms(list: Raw[]): Sym[] {
    for (let i = 0; i < list.length; i++) list[i] = this.sym(list[i]!) as unknown as Raw;
    return list as unknown as Sym[];
  }

  sym(s: Raw): Sym {
    switch (s.k) {
      case "num":
        if (typeof s.v === "string") s.v = Number(s.v);
        return s as unknown as Sym;
      case "str": case "bool": case "null": case "undef": case "env": case "import": case "global": case "fnref": case "unknown":
        return s as unknown as Sym;
      case "obj": {
        const props = newProps();
        const raw = s.props as Record<string, { v: Raw; at: unknown }>;
        for (const key in raw) {
          const p = raw[key]!;
          props[key] = { v: this.sym(p.v), at: this.pos(p.at) } satisfies Prop;
        }
        s.props = props;
        s.at = this.pos(s.at);
        return s as unknown as Sym;
      }
      case "cat": this.syms(s.parts as Raw[]); return s as unknown as Sym;
      case "url": s.path = this.sym(s.path as Raw); s.base = this.sym(s.base as Raw); return s as unknown as Sym;
      case "arr": this.syms(s.items as Raw[]); return s as unknown as Sym;
      case "call": s.callee = this.sym(s.callee as Raw); this.syms(s.args as Raw[]); s.at = this.pos(s.at); return s as unknown as Sym;
      case "member": s.obj = this.sym(s.obj as Raw); return s as unknown as Sym;
      case "fn": s.at = this.pos(s.at); return s as unknown as Sym;
      case "or": this.syms(s.options as Raw[]); return s as unknown as Sym;
      default:
        throw new Error(`an unknown kind of value ${String(s.k)}`);
    }
  }
}
