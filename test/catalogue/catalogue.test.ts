import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadCatalogue } from "../../src/catalogue/load.js";
import { CONTROLS } from "../../src/controls/registry.js";
import { repoRoot } from "../helpers.js";

/** The rows of controls.md's tables: id, severity and evidence as the spec states them. */
function specRows(): { id: string; severity: string; evidence: string }[] {
  const md = readFileSync(`${repoRoot}/../shared/spec/controls.md`, "utf8");
  return [...md.matchAll(/^\| ((?:RSG|OOC|ABC|IAA|DRA)-\d\d) \| (\w+) \| .* \| ([a-z +]+) \|$/gm)].map((m) => ({ id: m[1]!, severity: m[2]!, evidence: m[3]!.trim() }));
}

describe("the catalogue", () => {
  const cat = loadCatalogue();

  it("has the 28 controls of the spec, with their severity and evidence", () => {
    const rows = specRows();
    expect(rows).toHaveLength(28);
    expect(cat.controls.map((c) => c.id)).toEqual(rows.map((r) => r.id));
    for (const r of rows) {
      const c = cat.controls.find((x) => x.id === r.id)!;
      expect(c.severity, r.id).toBe(r.severity);
      expect(c.evidence.join(" + "), r.id).toBe(r.evidence);
    }
  });

  it("and the registered evaluations match in both directions", () => {
    expect([...CONTROLS.keys()].sort()).toEqual(cat.controls.map((c) => c.id).sort());
  });

  it("every YAML remediation example parses", () => {
    for (const c of cat.controls) if (c.remediation.example_language === "yaml") expect(() => parse(c.remediation.example), c.id).not.toThrow();
  });
});
