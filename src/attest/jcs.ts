/**
 * Canonical JSON, RFC 8785 (JCS): the bytes that are signed must not depend on who serialised them.
 * Numbers and strings serialise exactly as ECMAScript's JSON.stringify does (the RFC defines them that
 * way); object keys are sorted by their UTF-16 code units; no whitespace. Input is JSON data (I-JSON):
 * a non-finite number, a lone surrogate or a value JSON cannot hold is refused, not silently changed.
 */
export function canonicalize(value: unknown): string {
  return serialize(value, "$");
}

/** UTF-8 bytes of the canonical form: what gets hashed, base64-encoded and signed. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), "utf8");
}

export class CanonicalizationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CanonicalizationError";
  }
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Compare by UTF-16 code units, as RFC 8785 §3.2.3 requires (not by code points, not by locale). */
export function compareUtf16(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function serialize(value: unknown, where: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new CanonicalizationError(`${where}: ${value} is not a JSON number`);
      // ECMAScript Number-to-String is the RFC's number format (shortest round-trip, -0 as 0).
      return JSON.stringify(value);
    case "string":
      if (LONE_SURROGATE.test(value)) throw new CanonicalizationError(`${where}: string holds a lone surrogate, which is not valid Unicode`);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v, i) => serialize(v, `${where}[${i}]`)).join(",")}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new CanonicalizationError(`${where}: a ${(value as object).constructor?.name ?? "non-plain"} object is not JSON data`);
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      entries.sort(([a], [b]) => compareUtf16(a, b));
      return `{${entries.map(([k, v]) => `${serialize(k, where)}:${serialize(v, `${where}.${k}`)}`).join(",")}}`;
    }
    default:
      throw new CanonicalizationError(`${where}: a ${typeof value} is not JSON data`);
  }
}
