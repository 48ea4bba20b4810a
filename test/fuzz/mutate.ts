import fc from "fast-check";

/**
 * Inputs for the fuzz targets: real files (seeds) changed by a few edits, so most inputs get past
 * the first check and reach the parser's depths, plus a share of plain random bytes. Every edit is a
 * small record fast-check can shrink, so a failure comes back as the seed and the fewest edits.
 */
export type Edit =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "set"; at: number; byte: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "token"; at: number; token: string }
  | { kind: "delete"; at: number; length: number }
  | { kind: "copy"; from: number; length: number; at: number }
  | { kind: "truncate"; at: number };

function editArbitrary(tokens: readonly string[]): fc.Arbitrary<Edit> {
  const at = fc.nat();
  return fc.oneof(
    fc.record({ kind: fc.constant("flip" as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant("set" as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant("insert" as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
    fc.record({ kind: fc.constant("token" as const), at, token: fc.constantFrom(...tokens) }),
    fc.record({ kind: fc.constant("token" as const), at, token: fc.constantFrom(...tokens) }),
    fc.record({ kind: fc.constant("delete" as const), at, length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ kind: fc.constant("copy" as const), from: fc.nat(), length: fc.integer({ min: 1, max: 512 }), at }),
    fc.record({ kind: fc.constant("truncate" as const), at }),
  );
}

/** Apply edits in order; positions wrap around the current length, so every edit applies to any input. */
export function applyEdits(seed: Buffer, edits: readonly Edit[]): Buffer {
  let b = Buffer.from(seed);
  for (const e of edits) {
    const n = b.length;
    const pos = (p: number) => (n === 0 ? 0 : p % (n + 1));
    switch (e.kind) {
      case "flip":
      case "set":
        if (n === 0) break;
        b[e.at % n] = e.kind === "flip" ? b[e.at % n]! ^ (1 << e.bit) : e.byte;
        break;
      case "insert":
      case "token": {
        const p = pos(e.at);
        const add = e.kind === "insert" ? Buffer.from(e.bytes) : Buffer.from(e.token, "utf8");
        b = Buffer.concat([b.subarray(0, p), add, b.subarray(p)]);
        break;
      }
      case "delete": {
        const p = pos(e.at);
        b = Buffer.concat([b.subarray(0, p), b.subarray(p + e.length)]);
        break;
      }
      case "copy": {
        const from = pos(e.from);
        const slice = Buffer.from(b.subarray(from, from + e.length));
        const p = pos(e.at);
        b = Buffer.concat([b.subarray(0, p), slice, b.subarray(p)]);
        break;
      }
      case "truncate":
        b = b.subarray(0, pos(e.at));
        break;
    }
  }
  return b;
}

/** A seed with one to six edits (most inputs), or random bytes (a few). */
export function mutated(seeds: readonly Buffer[], tokens: readonly string[]): fc.Arbitrary<Buffer> {
  const edited = fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(editArbitrary(tokens), { minLength: 1, maxLength: 6 })).map(([i, edits]) => applyEdits(seeds[i]!, edits));
  const random = fc.uint8Array({ maxLength: 256 }).map((u) => Buffer.from(u));
  return fc.oneof({ arbitrary: edited, weight: 9 }, { arbitrary: random, weight: 1 });
}
