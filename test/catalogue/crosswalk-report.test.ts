import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../src/report/render/html.js";
import { Ajv2020, addFormats } from "../../src/util/ajv.js";
import { bundledFixture, entryText } from "../bundle/support.js";
import { repoRoot } from "../helpers.js";
import { fixtureReport } from "../render/support.js";

describe("the cross-walk in the assessment's outputs", () => {
  const report = fixtureReport("dn42-scanner");

  it("the JSON report carries crosswalk with this assessment's verdicts, and validates against its schema", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(`${repoRoot}/schemas/psf-report.schema.json`, "utf8")) as object);
    expect(validate(JSON.parse(JSON.stringify(report))), ajv.errorsText(validate.errors)).toBe(true);
    const eu = report.crosswalk!.find((f) => f.framework === "eu-ai-act")!;
    const stop = eu.items.find((i) => i.id === "Art. 14(4)(e)")!;
    expect(stop.controls).toEqual([{ id: "OOC-02", partial: false, status: report.controls.find((c) => c.id === "OOC-02")!.status }]);
    expect(eu.items.find((i) => i.id === "Art. 15")!.controls).toEqual([]);
  });

  it("the HTML report has one table per standard, uncovered items said plainly", () => {
    const page = renderHtml(report);
    expect(page).toContain('<h2 id="crosswalk">Standards cross-walk</h2>');
    expect(page).toMatch(/<caption>OWASP Top 10 for Agentic Applications 2026<\/caption>/);
    expect(page).toMatch(/<tr><th scope="row">ASI06<\/th><td>Memory and context poisoning<\/td><td><em>not covered by psf<\/em><\/td><\/tr>/);
    expect(page).toMatch(/<tr><th scope="row">Art\. 14\(4\)\(e\)<\/th><td>[^<]*<\/td><td>OOC-02 <span/);
  });

  it("the bundle's INDEX.md has the per-standard table with the verdicts", () => {
    const b = bundledFixture("dn42-scanner");
    const index = entryText(b.bytes, "INDEX.md");
    expect(index).toContain("## Standards cross-walk");
    expect(index).toMatch(/^\| Art\. 14\(4\)\(e\) \| .* \| OOC-02: (FAIL|PASS|WARN|ERROR) \|$/m);
    expect(index).toMatch(/^\| LLM01 \| Prompt injection \| not covered by psf \|$/m);
  });
});
