import { beforeAll, describe, expect, it } from "vitest";
import type { Facts } from "../../../src/facts/types.js";
import { extractFacts } from "../../../src/facts/extract.js";
import { loadPythonParser } from "../../../src/facts/python/parser.js";
import { sourceSet } from "../helpers.js";

/** Facts of Python snippets: one file (`agent.py`) or several by path. */
export function pyFactsOf(files: Record<string, string> | string): Facts {
  const f = extractFacts(sourceSet(typeof files === "string" ? { "agent.py": files } : files));
  if (!f) throw new Error("no facts");
  return f;
}

export interface PyCase {
  name: string;
  code: string | Record<string, string>;
  expect?: Partial<{ [K in keyof Facts]: unknown }>;
  absent?: (keyof Facts)[];
  check?: (f: Facts) => void;
}

/** The recognizer tester for Python: snippet in, facts out (subset match), like test/facts/tester.ts. */
export function pyRecognizerTester(topic: string, cases: { valid: PyCase[]; invalid: PyCase[] }): void {
  describe(`python: ${topic}`, () => {
    beforeAll(async () => {
      await loadPythonParser();
    });
    for (const [kind, list] of [["recognizes", cases.valid], ["does not over-recognize", cases.invalid]] as const) {
      for (const c of list) {
        it(`${kind}: ${c.name}`, () => {
          const f = pyFactsOf(c.code);
          if (c.expect) expect(f).toMatchObject(c.expect);
          for (const k of c.absent ?? []) expect(f[k], `${String(k)} should be empty`).toEqual(Array.isArray(f[k]) ? [] : f[k]);
          c.check?.(f);
        });
      }
    }
  });
}
