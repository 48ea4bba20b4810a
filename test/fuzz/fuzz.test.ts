import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "./targets.js";

/*
 * Property-based fuzzing of every parser in TARGETS: any input gives a value or a typed refusal.
 *
 * In `npm test` each target runs a small fixed number of inputs from a fixed seed (the whole file in
 * well under 15 s). `npm run fuzz` sets PSF_FUZZ_RUNS (inputs per target) for the long run: inputs
 * are drawn in batches, each from its own seed, so one failure does not stop the others being
 * found; it prints, per target, inputs tried and failures found, then fails if there was any.
 * A failure prints its seed and the shrunk input: add it to regressions.test.ts, then fix it.
 */

const LONG_RUNS = Number(process.env.PSF_FUZZ_RUNS ?? 0);
const SEED = Number(process.env.PSF_FUZZ_SEED ?? 20261129);
/** Inputs per target in the bounded run; the slow front ends get fewer. */
const BOUNDED: Record<string, number> = { "TypeScript front end": 25, "Python front end": 25, "bundle (gzip bytes)": 40, "bundle (tar inside gzip)": 40 };
const BATCH = 250;
/** PSF_FUZZ_ONLY=substring: run only the targets whose name holds it. */
const ONLY = process.env.PSF_FUZZ_ONLY;
const SELECTED = TARGETS.filter((t) => !ONLY || t.name.toLowerCase().includes(ONLY.toLowerCase()));

beforeAll(async () => {
  for (const t of SELECTED) await t.setup?.();
});

if (LONG_RUNS > 0) {
  describe("fuzz (long run)", () => {
    it(`every parser, ${LONG_RUNS} inputs each`, () => {
      const rows: string[] = [];
      const failures: string[] = [];
      let total = 0;
      for (const t of SELECTED) {
        if (process.env.PSF_FUZZ_PROGRESS) process.stderr.write(`fuzz: ${t.name}…\n`);
        const started = Date.now();
        let tried = 0;
        let failed = 0;
        for (let batch = 0; tried < LONG_RUNS; batch++) {
          const seed = SEED + batch;
          const runs = Math.min(BATCH, LONG_RUNS - tried);
          const details = fc.check(fc.property(t.inputs(), (x) => t.run(x)), { seed, numRuns: runs });
          tried += details.numRuns;
          if (details.failed) {
            failed++;
            failures.push(`${t.name} (seed ${seed}): ${String((details.errorInstance as Error | undefined)?.message ?? details.error).split("\n")[0]}\n    counterexample: ${fc.stringify(details.counterexample)}`);
          }
          if (!details.failed && details.numRuns < runs) break;
        }
        total += tried;
        rows.push(`${t.name.padEnd(42)} ${String(tried).padStart(7)} inputs  ${String(failed).padStart(3)} failures  ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`);
      }
      process.stdout.write(`\npsf fuzz: seed ${SEED}\n${rows.join("\n")}\n${"total".padEnd(42)} ${String(total).padStart(7)} inputs  ${String(failures.length).padStart(3)} failures\n`);
      if (failures.length) process.stdout.write(`\n${failures.join("\n")}\n`);
      expect(failures).toEqual([]);
    }, 3_600_000);
  });
} else {
  describe("fuzz (bounded): any input gives a value or a typed refusal", () => {
    it.each(SELECTED.map((t) => [t.name, t] as const))("%s", (_name, t) => {
      fc.assert(fc.property(t.inputs(), (x) => t.run(x)), { seed: SEED, numRuns: BOUNDED[t.name] ?? 100 });
    });
  });
}
