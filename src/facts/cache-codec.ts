import { LineMap, type ModuleExports, type Pos, type Sym } from "./sym.js";
import type { CallIR, FileIR, FnIR, LoopIR } from "./ir.js";
import { FileRecord } from "./ts/records.js";
import { decodePos, encodePos, SymCodec } from "./cache-sym.js";

/**
 * A file's record (FileIR) as JSON text and back, for the facts cache (cache.ts). The decoded record
 * gives the same facts as the one the walk made: same fields (an optional field absent stays absent),
 * same key order (facts are compared and printed as JSON), Syms rebuilt as the walks build them
 * (cache-sym.ts), Maps and Sets as Maps and Sets.
 *
 * Positions are stored as their offset only: line and column are worked out from the file's text
 * when a fact shows them, as after a walk, so encoding never computes them.
 *
 * The TypeScript walk's FileRecord keeps its functions as a table it turns into objects only when
 * asked; it is stored as that table and decoded into a FileRecord again, so neither a cold nor a warm
 * run builds function objects the resolution never asks for.
 */

/** Bumped when the layout below changes (the code digest changes with it anyway). */
export const CODEC_VERSION = 5;

/** What JSON gives back before decoding (positions as offsets, Maps as entry lists). */
type Raw = Record<string, unknown>;

/** The record as JSON text. */
export function encodeFileIR(ir: FileIR): string {
  return new Encoder(new SymCodec(ir.path)).file(ir);
}

/** One file's record as JSON-ready values: Syms through the SymCodec, positions as offsets, Maps as entry lists. */
class Encoder {
  constructor(private readonly syms: SymCodec) {}

  file(ir: FileIR): string {
    const sym = (s: Sym) => this.syms.encode(s);
    const fnTable = ir instanceof FileRecord ? ir.fnTable() : undefined;
    const args = ir.calls.map((c) => c.args.map((a) => this.syms.encode(a)));
    const out: Raw = {
      path: ir.path,
      calls: ir.calls.map((c) => this.call(c)),
      loops: ir.loops.map((l) => this.loop(l)),
      ...(fnTable ? { fnTable: { names: fnTable.names, spans: fnTable.spans, guards: [...fnTable.guards].map(([i, g]) => [i, this.guard(g)]) } } : { fns: ir.fns.map((f) => this.fn(f)) }),
      guards: ir.guards.map((g) => ({ ...g, at: encodePos(g.at), modelAt: encodePos(g.modelAt) })),
      envReads: ir.envReads.map(withPos),
      secrets: ir.secrets.map(withPos),
      sql: ir.sql.map(withPos),
      audits: ir.audits,
      aborts: ir.aborts,
      branches: ir.branches.map(withPos),
      exports: { names: [...ir.exports.names].map(([k, v]) => [k, sym(v)]), star: ir.exports.star },
      ...(ir.parseError ? { parseError: withPos(ir.parseError) } : {}),
      ...(ir.assignments ? { assignments: ir.assignments.map((a) => ({ ...a, target: sym(a.target), value: sym(a.value), at: encodePos(a.at) })) } : {}),
      ...(ir.pauses ? { pauses: ir.pauses } : {}),
    };
    // Each call's arguments on a line of its own after the record's: read only when that call's
    // arguments are (see CachedCall). JSON text never holds a raw newline, so the lines cannot run together.
    return `${JSON.stringify(out)}\n${args.map((a) => JSON.stringify(a)).join("\n")}`;
  }

  guard(g: { at: Pos; sym: Sym }): Raw {
    return { ...g, at: encodePos(g.at), sym: this.syms.encode(g.sym) };
  }

  call(c: CallIR): Raw {
    const out: Raw = { ...c, at: encodePos(c.at), callee: this.syms.encode(c.callee) };
    delete out.args;
    if (c.fn !== undefined) out.fn = this.syms.shortId(c.fn);
    if (c.decorates) out.decorates = { ...c.decorates, fn: this.syms.encode(c.decorates.fn) };
    return out;
  }

  loop(l: LoopIR): Raw {
    const out: Raw = { ...l, at: encodePos(l.at), consumes: [...l.consumes], pushes: [...l.pushes].map(([k, p]) => [k, encodePos(p)]), sizeChecks: [...l.sizeChecks].map(([k, list]) => [k, list.map((g) => this.guard(g))]) };
    if (l.bound) out.bound = this.guard(l.bound);
    if (l.pauseAt) out.pauseAt = encodePos(l.pauseAt);
    if (l.humanAt) out.humanAt = encodePos(l.humanAt);
    if (l.fn !== undefined) out.fn = this.syms.shortId(l.fn);
    return out;
  }

  /** A function as its fields (a class instance's getters are not own properties). */
  fn(f: FnIR): Raw {
    return { id: this.syms.shortId(f.id), at: encodePos(f.at), start: f.start, end: f.end, ...(f.depthGuard ? { depthGuard: this.guard(f.depthGuard) } : {}) };
  }
}

/** The object with its `at` as an offset (spread first: every key keeps its place). */
function withPos<T extends { at: Pos }>(o: T): Raw {
  return { ...o, at: encodePos(o.at) };
}

/**
 * The record back from encodeFileIR's text (as UTF-8 bytes), with its positions in `text` (the file's current text:
 * the cache key includes its digest). Throws on anything malformed; the cache treats that as a miss.
 */
export function decodeFileIR(json: Buffer, path: string, text: string): FileIR {
  // Only the record's line is made a string: the arguments' bytes (two fifths of a record) stay in
  // the pack until a call has its arguments read (LazyArgs), as one call in twenty does.
  const split = json.indexOf(10);
  if (split < 0) throw new Error("no arguments line");
  const raw = JSON.parse(json.toString("utf8", 0, split)) as Raw;
  if (raw.path !== path) throw new Error("a record of another file");
  const lines = new LineMap(path, text);
  // Line starts now, so the file's text can go (as after a walk: see ts/detach.ts). Computing them
  // only when a position is first shown would save little: resolution shows positions in most files
  // (3,972 of vercel/ai's 6,285), and each map would hold its text until then.
  lines.seal();
  const syms = new SymCodec(path, lines);
  const d = new Decoder(lines, syms);
  const args = new LazyArgs(json.subarray(split + 1), syms, path);
  const calls = (raw.calls as Raw[]).map((c, i) => d.call(c, args, i));
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
    f.id = d.id(f.id);
    if (f.depthGuard) f.depthGuard = d.guard(f.depthGuard as Raw);
    return f as unknown as FnIR;
  });
  const ir: FileIR = { path, calls, loops, fns, guards, envReads, secrets, sql, audits, aborts, branches, exports } as unknown as FileIR;
  if (parseError) ir.parseError = parseError;
  if (raw.assignments) ir.assignments = (raw.assignments as Raw[]).map((a) => { a.target = d.sym(a.target); a.value = d.sym(a.value); a.at = d.pos(a.at); return a as unknown as { target: Sym; value: Sym; at: Pos }; });
  if (raw.pauses) ir.pauses = raw.pauses as number[];
  return ir;
}

function pushAll<T>(into: T[], from: readonly unknown[]): void {
  for (const x of from) into.push(x as T);
}

/** Rebuilds positions and Syms in place (so every key keeps its place), for one file. */
class Decoder {
  constructor(private readonly lines: LineMap, private readonly syms: SymCodec) {}

  pos(v: unknown): Pos {
    return decodePos(v, this.lines);
  }
  sym(v: unknown): Sym {
    return this.syms.decode(v);
  }
  id(v: unknown): string {
    if (typeof v !== "string") throw new Error("not a function id");
    return this.syms.fullId(v);
  }
  /** `o[key]` made a position; returns o. */
  at<T extends Raw>(o: T, key: string): T {
    (o as Raw)[key] = this.pos(o[key]);
    return o;
  }
  guard(g: Raw): { at: Pos; sym: Sym } {
    g.at = this.pos(g.at);
    g.sym = this.sym(g.sym);
    return g as unknown as { at: Pos; sym: Sym };
  }

  call(c: Raw, args: LazyArgs, index: number): CallIR {
    c.at = this.pos(c.at);
    if (c.fn !== undefined) c.fn = this.id(c.fn);
    c.callee = this.sym(c.callee);
    const dec = c.decorates as Raw | undefined;
    if (dec) dec.fn = this.sym(dec.fn);
    return Object.assign(new CachedCall(args, index), c) as unknown as CallIR;
  }

  loop(l: Raw): LoopIR {
    l.at = this.pos(l.at);
    if (l.fn !== undefined) l.fn = this.id(l.fn);
    if (l.bound) l.bound = this.guard(l.bound as Raw);
    if (l.pauseAt !== undefined) l.pauseAt = this.pos(l.pauseAt);
    if (l.humanAt !== undefined) l.humanAt = this.pos(l.humanAt);
    l.consumes = new Set(l.consumes as string[]);
    l.pushes = new Map((l.pushes as [string, unknown][]).map(([k, p]) => [k, this.pos(p)]));
    l.sizeChecks = new Map((l.sizeChecks as [string, Raw[]][]).map(([k, list]) => [k, list.map((g) => this.guard(g))]));
    return l as unknown as LoopIR;
  }
}

/**
 * A file's call arguments as stored, one line per call, each parsed when its call's arguments are
 * first read: cross-file resolution and the recognizers read the arguments of the calls that become
 * facts (one call in twenty on a real project, in one file in three), and the arguments are two
 * fifths of a record.
 */
class LazyArgs {
  /** Where each call's line starts in `bytes`, found on the first read. */
  private starts: number[] | undefined;
  constructor(private readonly bytes: Buffer, private readonly syms: SymCodec, private readonly path: string) {}
  of(index: number): Sym[] {
    try {
      const starts = (this.starts ??= lineStartsOf(this.bytes));
      const from = starts[index];
      if (from === undefined) throw new Error(`no line for call ${index}`);
      const to = index + 1 < starts.length ? starts[index + 1]! - 1 : this.bytes.length;
      return (JSON.parse(this.bytes.toString("utf8", from, to)) as unknown[]).map((e) => this.syms.decode(e));
    } catch (e) {
      // The entry passed its SHA-256, so only a psf bug gets here: fail the run rather than guess.
      throw new Error(`the facts cache's record of ${this.path} has unreadable call arguments (${(e as Error).message}); delete the cache folder or run with --no-cache`);
    }
  }
}

/** The offsets at which the lines of `bytes` start (the first at 0). */
function lineStartsOf(bytes: Buffer): number[] {
  const starts = [0];
  for (let nl = bytes.indexOf(10); nl >= 0; nl = bytes.indexOf(10, nl + 1)) starts.push(nl + 1);
  return starts;
}

/** A call read from the cache: the walk's fields as own properties, its arguments decoded when first read. */
class CachedCall {
  #args: Sym[] | undefined;
  readonly #source: LazyArgs;
  readonly #index: number;
  constructor(source: LazyArgs, index: number) {
    this.#source = source;
    this.#index = index;
  }
  get args(): Sym[] {
    return (this.#args ??= this.#source.of(this.#index));
  }
  set args(value: Sym[]) {
    this.#args = value;
  }
}
