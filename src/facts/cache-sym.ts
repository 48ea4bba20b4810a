import { LazyPos, newProps, type LineMap, type Pos, type Prop, type Sym } from "./sym.js";

/**
 * Syms as compact JSON for the facts cache (cache-codec.ts): an array whose first item says the kind,
 * then the fields in a fixed order; a plain string is a string Sym and true/false a boolean one.
 * Most of a record is Syms (call arguments and callees), and field names written out for each would
 * make the cache more than twice the size, and slower to read back. Decoding builds each Sym with its
 * keys in the order the walks build them (facts are compared and printed as JSON).
 */
type Enc = string | boolean | Enc[] | number | { [key: string]: Enc };

const enum K { StrVia = 1, Num, Null, Undef, Env, Cat, Url, Import, Global, Obj, Arr, Call, Member, Fn, FnRef, Or, Unknown }

/** A position as its offset (a LazyPos), or the plain object it is. */
export function encodePos(p: Pos): Enc {
  return p instanceof LazyPos ? p.pos : { file: p.file, line: p.line, column: p.column, pos: p.pos };
}

export function decodePos(v: unknown, lines: LineMap): Pos {
  if (typeof v === "number") return new LazyPos(v, lines);
  if (v && typeof v === "object" && typeof (v as Pos).pos === "number") return v as Pos;
  throw new Error("not a position");
}

/** The string at a[i] of an encoded Sym; throws when it is not one. */
function str(a: unknown[], i: number): string {
  const v = a[i];
  if (typeof v !== "string") throw new Error("not a string");
  return v;
}

/** JSON has no Infinity or NaN: a number that is neither is kept by its name. */
const num = (v: number): Enc => (Number.isFinite(v) ? v : String(v));

/**
 * One file's Syms both ways. Function ids of the file's own functions (`<path>#<name>`, most of them)
 * are stored without the path, after a \u0001 (which no path starts with).
 */
export class SymCodec {
  private readonly prefix: string;
  constructor(path: string, private readonly lines?: LineMap) {
    this.prefix = `${path}#`;
  }

  shortId(id: string): string {
    return id.startsWith(this.prefix) ? `\u0001${id.slice(this.prefix.length)}` : id;
  }
  fullId(id: string): string {
    return id.charCodeAt(0) === 1 ? this.prefix + id.slice(1) : id;
  }

  encode(s: Sym): Enc {
    switch (s.k) {
      case "str": return s.via === undefined ? s.v : [K.StrVia, s.v, s.via];
      case "num": return s.via === undefined ? [K.Num, num(s.v)] : [K.Num, num(s.v), s.via];
      case "bool": return s.v;
      case "null": return [K.Null];
      case "undef": return [K.Undef];
      case "env": return [K.Env, s.name];
      case "cat": return [K.Cat, ...s.parts.map((x) => this.encode(x))];
      case "url": return [K.Url, this.encode(s.path), this.encode(s.base)];
      case "import": return [K.Import, s.module, s.name, s.project];
      case "global": return [K.Global, s.name];
      case "obj": {
        const props: { [key: string]: Enc } = {};
        for (const key in s.props) {
          const p = s.props[key]!;
          props[key] = [this.encode(p.v), encodePos(p.at)];
        }
        return s.kw === undefined ? [K.Obj, props, s.spread, encodePos(s.at)] : [K.Obj, props, s.spread, encodePos(s.at), s.kw];
      }
      case "arr": return [K.Arr, ...s.items.map((x) => this.encode(x))];
      case "call": return [K.Call, this.encode(s.callee), encodePos(s.at), s.isNew, ...s.args.map((x) => this.encode(x))];
      case "member": return [K.Member, this.encode(s.obj), s.name];
      case "fn": return s.empty === undefined ? [K.Fn, encodePos(s.at), s.start, s.end, this.shortId(s.id)] : [K.Fn, encodePos(s.at), s.start, s.end, this.shortId(s.id), s.empty];
      case "fnref": return [K.FnRef, this.shortId(s.id)];
      case "or": return [K.Or, ...s.options.map((x) => this.encode(x))];
      case "unknown": return [K.Unknown, s.text, s.why];
    }
  }

  /** The Syms of `a` from index `from` on. */
  private list(a: unknown[], from: number): Sym[] {
    const out: Sym[] = [];
    for (let i = from; i < a.length; i++) out.push(this.decode(a[i]));
    return out;
  }

  /** The Sym back; throws on anything malformed (the cache then walks the file). */
  decode(e: unknown): Sym {
    const lines = this.lines!;
    if (typeof e === "string") return { k: "str", v: e };
    if (typeof e === "boolean") return { k: "bool", v: e };
    if (!Array.isArray(e)) throw new Error("not a value");
    const a = e as unknown[];
    // str() and this.list() take `a`: closures made here would cost two allocations for every Sym of every record read.
    switch (a[0] as K) {
      case K.StrVia: return { k: "str", v: str(a, 1), via: str(a, 2) };
      case K.Num: {
        const v = typeof a[1] === "string" ? Number(a[1]) : (a[1] as number);
        if (typeof v !== "number") throw new Error("not a number");
        return a.length > 2 ? { k: "num", v, via: str(a, 2) } : { k: "num", v };
      }
      case K.Null: return { k: "null" };
      case K.Undef: return { k: "undef" };
      case K.Env: return { k: "env", name: str(a, 1) };
      case K.Cat: return { k: "cat", parts: this.list(a, 1) };
      case K.Url: return { k: "url", path: this.decode(a[1]), base: this.decode(a[2]) };
      case K.Import: return { k: "import", module: str(a, 1), name: str(a, 2), project: a[3] === true };
      case K.Global: return { k: "global", name: str(a, 1) };
      case K.Obj: {
        const props = newProps();
        const raw = a[1] as Record<string, [unknown, unknown]>;
        for (const key in raw) {
          const [v, at] = raw[key]!;
          props[key] = { v: this.decode(v), at: decodePos(at, lines) } satisfies Prop;
        }
        const at = decodePos(a[3], lines);
        return a.length > 4 ? { k: "obj", props, spread: a[2] === true, at, kw: a[4] === true } : { k: "obj", props, spread: a[2] === true, at };
      }
      case K.Arr: return { k: "arr", items: this.list(a, 1) };
      case K.Call: {
        const callee = this.decode(a[1]);
        return { k: "call", callee, args: this.list(a, 4), at: decodePos(a[2], lines), isNew: a[3] === true };
      }
      case K.Member: return { k: "member", obj: this.decode(a[1]), name: str(a, 2) };
      case K.Fn: {
        const at = decodePos(a[1], lines), start = a[2] as number, end = a[3] as number, id = this.fullId(str(a, 4));
        return a.length > 5 ? { k: "fn", at, start, end, id, empty: true } : { k: "fn", at, start, end, id };
      }
      case K.FnRef: return { k: "fnref", id: this.fullId(str(a, 1)) };
      case K.Or: return { k: "or", options: this.list(a, 1) };
      case K.Unknown: return { k: "unknown", text: str(a, 1), why: str(a, 2) };
      default: throw new Error("an unknown kind of value");
    }
  }
}
