import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { collectSources } from "../../src/sources/collect.js";
import { extractFacts } from "../../src/facts/extract.js";
import { project } from "../helpers.js";
import { BASE, NOW } from "./tester.js";

describe("facts extracted earlier in the run (psf init)", () => {
  const dir = project({ "psf.yaml": BASE, "src/agent.ts": "export const a = fetch(\"https://a.example/x\");\n" });
  const sources = collectSources({ dir });
  const facts = extractFacts(sources);

  it("are reused when the same files with the same digests are selected: the code is parsed once", () => {
    const r = assess(dir, { now: NOW, analysed: { sources, facts } });
    expect(r.facts).toBe(facts);
  });

  it("are not reused once a file changed", () => {
    writeFileSync(path.join(dir, "src/agent.ts"), "export const a = 2;\n");
    const r = assess(dir, { now: NOW, analysed: { sources, facts } });
    expect(r.facts).not.toBe(facts);
    expect(r.facts?.urls ?? []).toHaveLength(0);
  });
});
