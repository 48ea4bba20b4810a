import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadCatalogue } from "../../src/catalogue/load.js";
import { CONTROLS } from "../../src/controls/registry.js";
import { repoRoot } from "../helpers.js";

/**
 * The 28 controls of PSF v1.1 as the framework defines them: id, severity and the kinds of evidence
 * each reads. Kept here by hand, apart from the catalogue, so that changing a control's severity or
 * evidence in checklists/psf-v1.1.yaml is a deliberate edit in two places, never a silent one.
 */
const EXPECTED: [id: string, severity: string, evidence: string][] = [
  ["RSG-01", "critical", "manifest"],
  ["RSG-02", "critical", "manifest"],
  ["RSG-03", "high", "manifest"],
  ["RSG-04", "critical", "source"],
  ["RSG-05", "high", "source"],
  ["RSG-06", "critical", "manifest"],
  ["RSG-07", "high", "file"],
  ["OOC-01", "high", "manifest"],
  ["OOC-02", "high", "manifest + source"],
  ["OOC-03", "high", "manifest + source"],
  ["OOC-04", "medium", "manifest"],
  ["ABC-01", "high", "manifest"],
  ["ABC-02", "high", "source"],
  ["ABC-03", "critical", "manifest + source"],
  ["ABC-04", "critical", "source"],
  ["ABC-05", "high", "manifest"],
  ["ABC-06", "high", "manifest + source"],
  ["ABC-07", "high", "manifest + file + source"],
  ["ABC-08", "critical", "source"],
  ["IAA-01", "high", "file"],
  ["IAA-02", "high", "manifest"],
  ["IAA-03", "medium", "manifest"],
  ["IAA-04", "high", "source"],
  ["IAA-05", "medium", "manifest"],
  ["DRA-01", "high", "manifest"],
  ["DRA-02", "high", "file"],
  ["DRA-03", "medium", "manifest + file"],
  ["DRA-04", "critical", "report"],
];

/** The summary table of docs/controls.md (generated from the catalogue): id, severity, evidence. */
function docRows(): [string, string, string][] {
  const md = readFileSync(`${repoRoot}/docs/controls.md`, "utf8");
  return [...md.matchAll(/^\| \[((?:RSG|OOC|ABC|IAA|DRA)-\d\d)\]\(#[a-z0-9-]+\) \| (\w+) \| \w+ \| .* \| ([a-z +]+) \|$/gm)].map((m) => [m[1]!, m[2]!, m[3]!.trim()]);
}

describe("the catalogue", () => {
  const cat = loadCatalogue();

  it("has the 28 controls of PSF v1.1, in order, with their severity and evidence", () => {
    expect(EXPECTED).toHaveLength(28);
    expect(cat.controls.map((c) => c.id)).toEqual(EXPECTED.map((r) => r[0]));
    for (const [id, severity, evidence] of EXPECTED) {
      const c = cat.controls.find((x) => x.id === id)!;
      expect(c.severity, id).toBe(severity);
      expect(c.evidence.join(" + "), id).toBe(evidence);
    }
  });

  it("docs/controls.md lists the same ids, severities and evidence", () => {
    expect(docRows()).toEqual(EXPECTED);
  });

  it("and the registered evaluations match in both directions", () => {
    expect([...CONTROLS.keys()].sort()).toEqual(cat.controls.map((c) => c.id).sort());
  });

  it("every YAML remediation example parses", () => {
    for (const c of cat.controls) if (c.remediation.example_language === "yaml") expect(() => parse(c.remediation.example), c.id).not.toThrow();
  });
});
