import { describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import type { Report } from "../../src/report/model.js";
import { FINGERPRINT_KEY, SECURITY_SEVERITY, fingerprint, renderSarif } from "../../src/report/render/sarif.js";
import { MINIMAL, project } from "../helpers.js";
import { EPOCH, FIXTURES, fixtureReport, sarifValidator } from "./support.js";

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind: string;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn?: number } } }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; justification: string }[];
}
interface SarifRule { id: string; name: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string; markdown: string }; properties: { "security-severity": string; tags: string[] } }
interface Sarif { version: string; runs: { tool: { driver: { rules: SarifRule[] } }; results: SarifResult[]; properties: Record<string, unknown> }[] }

const sarif = (report: Report, uriPrefix?: string) => JSON.parse(renderSarif(report, { uriPrefix })) as Sarif;
const validate = sarifValidator();

describe.each(FIXTURES)("SARIF for %s", (name) => {
  const report = fixtureReport(name);
  const doc = sarif(report, `fixtures/${name}`);
  const run = doc.runs[0]!;
  const rules = run.tool.driver.rules;

  it("validates against the SARIF 2.1.0 schema", () => {
    expect(validate(doc)).toBe("");
  });

  it("has one rule per control (28), with severity, tags and help that carries the remediation", () => {
    expect(rules.map((r) => r.id)).toEqual(report.controls.map((c) => c.id));
    expect(rules).toHaveLength(28);
    for (const [i, c] of report.controls.entries()) {
      const r = rules[i]!;
      expect(r.name).toMatch(/^[A-Za-z0-9]+$/);
      expect(r.shortDescription.text).toBe(c.title);
      expect(r.fullDescription.text.length).toBeGreaterThan(20);
      expect(r.properties["security-severity"]).toBe(SECURITY_SEVERITY[c.severity]);
      expect(r.properties.tags.slice(0, 2)).toEqual([c.domain, "security"]);
      // Then the standards' items it gives evidence for, as framework:item (catalogue data).
      expect(r.properties.tags.length, c.id).toBeGreaterThan(2);
      for (const t of r.properties.tags.slice(2)) expect(t).toMatch(/^(owasp-agentic:ASI\d\d|owasp-llm:LLM\d\d|nist-ai-rmf:[A-Z]+ \d+\.\d+|iso-42001:A\.[\d.]+|eu-ai-act:Art\. [\d()a-z]+)$/);
      expect(r.help.markdown).toContain("```");
      expect(r.help.text).toContain("Fix:");
    }
    expect(rules.find((r) => r.id === "OOC-02")!.properties.tags).toEqual(["OOC", "security", "eu-ai-act:Art. 14(4)(e)", "nist-ai-rmf:MANAGE 2.4", "owasp-agentic:ASI10", "owasp-agentic:ASI08"]);
  });

  it("has a result per finding, with the level of the finding, and none for passing or not-applicable controls", () => {
    for (const [i, c] of report.controls.entries()) {
      const results = run.results.filter((r) => r.ruleId === c.id);
      const quiet = c.status === "pass" || c.status === "not_applicable";
      expect(results.length, c.id).toBe(c.findings.length || (quiet ? 0 : 1));
      for (const r of results) expect(r.ruleIndex).toBe(i);
      if (c.findings.length) expect(results.map((r) => r.level)).toEqual(c.findings.map((f) => (f.level === "warn" ? "warning" : "error")));
    }
  });

  it("with includePassing, every control has a result: pass and notApplicable ones at level none", () => {
    const whole = JSON.parse(renderSarif(report, { uriPrefix: `fixtures/${name}`, includePassing: true })) as Sarif;
    expect(validate(whole)).toBe("");
    const all = whole.runs[0]!;
    for (const c of report.controls) {
      const results = all.results.filter((r) => r.ruleId === c.id);
      expect(results.length, c.id).toBe(Math.max(1, c.findings.length));
      if (!c.findings.length && (c.status === "pass" || c.status === "not_applicable")) expect(results[0]).toMatchObject({ kind: c.status === "pass" ? "pass" : "notApplicable", level: "none" });
    }
  });

  it("locates every result repository-relative: the finding's line, or the manifest's line 1", () => {
    for (const c of report.controls) {
      const results = run.results.filter((r) => r.ruleId === c.id);
      c.findings.forEach((f, j) => {
        const loc = results[j]!.locations[0]!.physicalLocation;
        expect(loc.artifactLocation.uriBaseId).toBe("%SRCROOT%");
        expect(loc.artifactLocation.uri).toBe(`fixtures/${name}/${f.file ?? "psf.yaml"}`);
        expect(loc.region.startLine).toBe(f.file ? f.line ?? 1 : 1);
        if (f.file && f.column) expect(loc.region.startColumn).toBe(f.column);
      });
    }
  });

  it("gives every result a distinct fingerprint", () => {
    const fps = run.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(new Set(fps).size).toBe(fps.length);
  });

  it("carries the 72-hour worst case in the run's properties", () => {
    expect(run.properties.worstCaseSpend72h).toEqual(report.worstCaseSpend);
  });
});

describe("SARIF fingerprints", () => {
  const report = fixtureReport("dn42-scanner");

  it("do not move when the finding's line does", () => {
    const moved = structuredClone(report);
    for (const c of moved.controls) for (const f of c.findings) if (f.line) f.line += 7;
    const fps = (r: Report) => sarif(r).runs[0]!.results.map((x) => x.partialFingerprints[FINGERPRINT_KEY]);
    expect(fps(moved)).toEqual(fps(report));
  });

  it("depend on the rule, the file and the message, not on spacing, case or figures", () => {
    expect(fingerprint("RSG-04", "src/a.ts", "OpenAI client  calls api.openai.com ")).toBe(fingerprint("RSG-04", "src/a.ts", "openai client calls api.openai.com"));
    expect(fingerprint("RSG-04", "src/a.ts", "ceiling 200 USD")).toBe(fingerprint("RSG-04", "src/a.ts", "ceiling 300 USD"));
    expect(fingerprint("RSG-04", "src/a.ts", "x")).not.toBe(fingerprint("RSG-05", "src/a.ts", "x"));
    expect(fingerprint("RSG-04", "src/a.ts", "x")).not.toBe(fingerprint("RSG-04", "src/b.ts", "x"));
  });

  it("keep two same-message findings in one file apart", () => {
    const twin = structuredClone(report);
    const c = twin.controls.find((x) => x.id === "RSG-02")!;
    c.findings = [{ ...c.findings[0]!, line: 3 }, { ...c.findings[0]!, line: 30 }];
    const fps = sarif(twin).runs[0]!.results.filter((r) => r.ruleId === "RSG-02").map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(new Set(fps).size).toBe(2);
  });
});

describe("SARIF suppressions", () => {
  it("a manifest waiver becomes an external suppression with its justification", () => {
    const dir = project({ "psf.yaml": MINIMAL + "audit:\n  retention: 30d\nwaivers:\n  - { control: IAA-03, reason: \"pilot writes to scratch\", approved_by: carol@example.net, expires: 2027-01-31 }\n" });
    const report = assess(dir, { now: new Date(EPOCH * 1000) }).report;
    expect(report.controls.find((c) => c.id === "IAA-03")!.status).toBe("waived");
    const doc = sarif(report);
    expect(validate(doc)).toBe("");
    const results = doc.runs[0]!.results.filter((r) => r.ruleId === "IAA-03");
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.suppressions).toEqual([expect.objectContaining({ kind: "external", status: "accepted", justification: "pilot writes to scratch (approved by carol@example.net, expires 2027-01-31)" })]);
    const waivedCount = report.controls.flatMap((c) => c.findings).filter((f) => f.waived).length;
    expect(doc.runs[0]!.results.filter((r) => r.suppressions).length).toBe(waivedCount);
  });

  it("an inline waiver becomes an inSource suppression", () => {
    const report = fixtureReport("dn42-scanner");
    const f = report.controls.find((c) => c.id === "RSG-03")!.findings[0]!;
    f.waived = true;
    f.waiver = { source: "inline", reason: "alerts live in the pager config", file: "src/agent.ts", line: 4 };
    const doc = sarif(report, "fixtures/dn42-scanner");
    expect(validate(doc)).toBe("");
    const r = doc.runs[0]!.results.find((x) => x.ruleId === "RSG-03")!;
    expect(r.suppressions).toEqual([expect.objectContaining({ kind: "inSource", justification: "alerts live in the pager config" })]);
  });

  it("a message full of markup stays valid SARIF", () => {
    const report = fixtureReport("dn42-scanner");
    report.controls[1]!.findings[0]!.message = `<script>&"'\u0000 | \` ${"\\"}`;
    report.controls[1]!.findings[0]!.file = "src/we ird,name:1.ts";
    const doc = sarif(report);
    expect(validate(doc)).toBe("");
    expect(doc.runs[0]!.results.find((r) => r.ruleId === report.controls[1]!.id)!.locations[0]!.physicalLocation.artifactLocation.uri).toBe("src/we%20ird%2Cname%3A1.ts");
  });
});
