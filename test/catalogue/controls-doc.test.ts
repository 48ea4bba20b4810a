import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderControlsDoc } from "../../src/catalogue/doc.js";
import { loadCatalogue } from "../../src/catalogue/load.js";
import { repoRoot } from "../helpers.js";

describe("docs/controls.md", () => {
  it("is what `npm run docs` writes from the catalogue today (run it after changing checklists/psf-v1.1.yaml)", () => {
    const committed = readFileSync(`${repoRoot}/docs/controls.md`, "utf8");
    expect(committed === renderControlsDoc(loadCatalogue()), "docs/controls.md is stale: run `npm run docs` and commit it").toBe(true);
  });

  it("holds every control's title, fix and example, each under its own heading", () => {
    const md = readFileSync(`${repoRoot}/docs/controls.md`, "utf8");
    for (const c of loadCatalogue().controls) {
      expect(md, c.id).toContain(`### ${c.id} ${c.title}\n`);
      expect(md, c.id).toContain(c.remediation.example.trimEnd());
    }
  });
});
