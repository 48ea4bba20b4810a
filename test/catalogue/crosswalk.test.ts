import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadCatalogue } from "../../src/catalogue/load.js";
import { Ajv2020 } from "../../src/util/ajv.js";
import { psf, repoRoot } from "../helpers.js";

const schema = JSON.parse(readFileSync(`${repoRoot}/schemas/psf-checklist.schema.json`, "utf8")) as object;
const catalogueData = () => parse(readFileSync(`${repoRoot}/checklists/psf-v1.1.yaml`, "utf8")) as { controls: { id: string; crosswalk?: { framework: string; item: string }[] }[] };

describe("control cross-walks in the catalogue", () => {
  it("every control gives evidence for at least one standard's item, and every item it names is listed", () => {
    const cat = loadCatalogue();
    for (const c of cat.controls) expect(c.crosswalk?.length, c.id).toBeGreaterThan(0);
    expect(cat.frameworks!.map((f) => f.id)).toEqual(["owasp-agentic", "owasp-llm", "nist-ai-rmf", "iso-42001", "eu-ai-act"]);
  });

  it.each([
    ["owasp-agentic", "ASI1"],
    ["owasp-agentic", "ASI11"],
    ["owasp-llm", "LLM6"],
    ["nist-ai-rmf", "MANAGE-2.4"],
    ["iso-42001", "6.2.8"],
    ["eu-ai-act", "Article 12"],
    ["eu-ai-act", "ASI02"],
  ])("the schema rejects a %s item written %s", (framework, item) => {
    const data = catalogueData();
    data.controls[0]!.crosswalk = [{ framework, item }];
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate(data)).toBe(false);
  });

  it("the schema accepts the catalogue as shipped", () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate(catalogueData()), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe("psf explain: Gives evidence for", () => {
  it("RSG-02 lists the standards' items, marking the partial ones", () => {
    const r = psf(["explain", "RSG-02"]);
    expect(r.code).toBe(0);
    const section = r.stdout.slice(r.stdout.indexOf("Gives evidence for"));
    expect(section).toMatch(/OWASP Top 10 for LLM Applications 2025\n\s+LLM10\s+Unbounded consumption \(partial\)\n/);
    expect(section).toMatch(/ASI08\s+Cascading failures \(partial\)/);
    expect(section).toMatch(/MANAGE 2\.4\s+.*\(partial\)/);
  });

  it("--format json carries the crosswalk", () => {
    const data = JSON.parse(psf(["explain", "OOC-02", "--format", "json"]).stdout) as { crosswalk: { framework: string; item: string; partial?: boolean }[] };
    expect(data.crosswalk).toContainEqual({ framework: "eu-ai-act", item: "Art. 14(4)(e)" });
  });
});

describe("psf controls --map", () => {
  it("eu-ai-act: one row per article with its controls, and the uncovered ones said plainly", () => {
    const r = psf(["controls", "--map", "eu-ai-act"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Art\. 14\(4\)\(e\)\s+.*\s{2}OOC-02$/m);
    expect(r.stdout).toMatch(/^Art\. 12\s+.*IAA-01 \(partial\), IAA-02 \(partial\), IAA-04$/m);
    expect(r.stdout).toMatch(/^Art\. 15\s+.*not covered by psf$/m);
    expect(r.stdout).toMatch(/psf gives no evidence at all for: .*Art\. 13 /);
  });

  it("--format json lists every item and the uncovered ones", () => {
    const data = JSON.parse(psf(["controls", "--map", "owasp-agentic", "--format", "json"]).stdout) as { items: { id: string; controls: unknown[] }[]; uncovered: string[] };
    expect(data.items.map((i) => i.id)).toEqual(["ASI01", "ASI02", "ASI03", "ASI04", "ASI05", "ASI06", "ASI07", "ASI08", "ASI09", "ASI10"]);
    expect(data.uncovered).toEqual(["ASI04", "ASI06", "ASI07"]);
  });

  it("an unknown standard is bad input", () => {
    const r = psf(["controls", "--map", "iso-27001"]);
    expect(r.code).toBe(2);
  });
});
