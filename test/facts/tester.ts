import { describe, expect, it } from "vitest";
import type { Facts } from "../../src/facts/types.js";
import { factsOf } from "./helpers.js";

/**
 * A recognizer tester in the manner of ESLint's RuleTester: each case is source in, facts out.
 * `expect` is matched as a subset (toMatchObject) on the named fact lists; `absent` lists must be empty.
 */
export interface RecognizerCase {
  name: string;
  code: string | Record<string, string>;
  expect?: Partial<{ [K in keyof Facts]: unknown }>;
  absent?: (keyof Facts)[];
  /** Further assertions that a subset match cannot state (a field that must be missing). */
  check?: (f: Facts) => void;
}

export function recognizerTester(ecosystem: string, cases: { valid: RecognizerCase[]; invalid: RecognizerCase[] }): void {
  describe(ecosystem, () => {
    for (const [kind, list] of [["recognizes", cases.valid], ["does not over-recognize", cases.invalid]] as const) {
      for (const c of list) {
        it(`${kind}: ${c.name}`, () => {
          const f = factsOf(c.code);
          if (c.expect) expect(f).toMatchObject(c.expect);
          for (const k of c.absent ?? []) expect(f[k], `${String(k)} should be empty`).toEqual(Array.isArray(f[k]) ? [] : f[k]);
          c.check?.(f);
        });
      }
    }
  });
}
