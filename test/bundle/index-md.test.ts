import { describe, expect, it } from "vitest";
import { loadCatalogue } from "../../src/catalogue/load.js";
import { evidenceFilesFor, manifestValues, mdText } from "../../src/bundle/index-md.js";
import type { Manifest } from "../../src/manifest/types.js";

describe("INDEX.md helpers", () => {
  it.each([
    ["<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"],
    ["[click](https://evil.example)", "\\[click\\](https://evil.example)"],
    ["a | b", "a \\| b"],
    ["`code` *em* _u_", "\\`code\\` \\*em\\* \\_u\\_"],
    ["two\nlines", "two lines"],
  ])("mdText makes %j inert", (input, out) => {
    expect(mdText(input)).toBe(out);
  });

  it("manifestValues walks dotted paths and lists", () => {
    const m = { boundaries: { tools: [{ name: "a", access: "read" }, { name: "b", access: "write" }] }, audit: { schema: "s.json" } };
    expect(manifestValues(m, "boundaries.tools[].access")).toEqual(["read", "write"]);
    expect(manifestValues(m, "audit.schema")).toEqual(["s.json"]);
    expect(manifestValues(m, "audit.sink.kind")).toEqual([]);
  });

  it("maps a file-backed control to the evidence files its manifest fields name, exactly or by glob", () => {
    const cat = loadCatalogue();
    const m = { psf: 1, deployment: { name: "x", owner: "a@b.c" }, readiness: { control_tests: ["test/**/*.test.ts"] }, spend: { enforcement: { gateway: { config: "./infra/gw.yaml" } } } } as unknown as Manifest;
    const evidence = ["infra/gw.yaml", "test/a.test.ts", "test/deep/b.test.ts", "other.txt"];
    const control = (id: string) => cat.controls.find((c) => c.id === id)!;
    expect(evidenceFilesFor(control("RSG-07"), undefined, m, evidence)).toEqual(["infra/gw.yaml"]);
    expect(evidenceFilesFor(control("DRA-02"), undefined, m, evidence)).toEqual(["test/a.test.ts", "test/deep/b.test.ts"]);
    expect(evidenceFilesFor(control("IAA-01"), undefined, m, evidence)).toEqual([]);
  });
});
