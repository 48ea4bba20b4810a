import { LIMITS, overLimit } from "../limits.js";

/**
 * A strict JSON reader for bytes under a signature. JSON.parse lets the last of two equal keys win
 * and keeps lone surrogates, so two verifiers could read two different verdicts from one signed
 * payload; this reader refuses both, refuses bytes that are not UTF-8, and bounds nesting. It is
 * linear in the input: one pass, a set per object for its keys.
 */
export class StrictJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StrictJsonError";
  }
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const PLAIN = /[^"\\\u0000-\u001f]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** Parse one JSON text (RFC 8259, no BOM); bytes must be UTF-8. Throws StrictJsonError saying where and why. */
export function parseStrictJson(input: string | Uint8Array, maxDepth: number = LIMITS.jsonDepth): unknown {
  let s: string;
  if (typeof input === "string") s = input;
  else {
    try {
      s = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(input);
    } catch {
      throw new StrictJsonError("not UTF-8 text");
    }
  }
  let i = 0;
  const fail = (why: string): never => {
    throw new StrictJsonError(`${why} at offset ${i}`);
  };
  const ws = () => {
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else return;
    }
  };
  const string = (): string => {
    i++; // opening quote
    let out = "";
    for (;;) {
      PLAIN.lastIndex = i;
      PLAIN.exec(s);
      out += s.slice(i, PLAIN.lastIndex);
      i = PLAIN.lastIndex;
      if (i >= s.length) fail("unterminated string");
      const c = s[i]!;
      if (c === '"') {
        i++;
        break;
      }
      if (c !== "\\") fail("a control character inside a string");
      const e = s[i + 1];
      if (e === "u") {
        const hex = s.slice(i + 2, i + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) fail("a bad \\u escape");
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else if (e !== undefined && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        i += 2;
      } else fail("a bad escape");
    }
    if (LONE_SURROGATE.test(out)) fail("a string holding a lone surrogate (not Unicode text)");
    return out;
  };
  const value = (depth: number): unknown => {
    ws();
    const c = s[i];
    if (c === "{" || c === "[") {
      if (depth >= maxDepth) fail(overLimit("jsonDepth", `more than ${maxDepth}`));
      i++;
      ws();
      if (c === "[") {
        const arr: unknown[] = [];
        if (s[i] === "]") {
          i++;
          return arr;
        }
        for (;;) {
          arr.push(value(depth + 1));
          ws();
          if (s[i] === ",") i++;
          else if (s[i] === "]") {
            i++;
            return arr;
          } else fail("expected , or ]");
        }
      }
      const obj: Record<string, unknown> = {};
      const keys = new Set<string>();
      if (s[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (s[i] !== '"') fail("expected a key");
        const at = i;
        const key = string();
        if (keys.has(key)) {
          i = at;
          fail(`duplicate key ${JSON.stringify(key)}`);
        }
        keys.add(key);
        ws();
        if (s[i] !== ":") fail("expected :");
        i++;
        const v = value(depth + 1);
        // An own property even for "__proto__", as JSON.parse makes it, never the prototype.
        if (key === "__proto__") Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[key] = v;
        ws();
        if (s[i] === ",") i++;
        else if (s[i] === "}") {
          i++;
          return obj;
        } else fail("expected , or }");
      }
    }
    if (c === '"') return string();
    if (s.startsWith("true", i)) return (i += 4), true;
    if (s.startsWith("false", i)) return (i += 5), false;
    if (s.startsWith("null", i)) return (i += 4), null;
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(s);
    if (!m || m[0] === "") return fail(i >= s.length ? "unexpected end of input" : "unexpected character");
    i += m[0].length;
    const n = Number(m[0]);
    if (!Number.isFinite(n)) fail("a number too large for JSON data");
    return n;
  };
  const result = value(0);
  ws();
  if (i < s.length) fail("data after the JSON value");
  return result;
}
