import { describe, expect, it } from "vitest";
import { renderJunit, xmlEscape } from "../../src/report/render/junit.js";
import { FIXTURES, childrenNamed, fixtureReport, parseXml, type XmlElement } from "./support.js";

const count = (el: XmlElement, attr: string) => Number(el.attrs[attr]);

describe.each(FIXTURES)("JUnit for %s", (name) => {
  const report = fixtureReport(name);
  const root = parseXml(renderJunit(report, { uriPrefix: `fixtures/${name}` }));
  const suites = childrenNamed(root, "testsuite");
  const cases = suites.flatMap((s) => childrenNamed(s, "testcase"));

  it("is one testsuite per domain and one testcase per control (28), named ID title, classname the domain", () => {
    expect(root.name).toBe("testsuites");
    expect(suites.map((s) => s.attrs.name)).toEqual(report.domains.map((d) => `${d.id} ${d.title}`));
    expect(cases).toHaveLength(28);
    expect(cases.map((c) => c.attrs.name)).toEqual(report.controls.map((c) => `${c.id} ${c.title}`));
    expect(cases.map((c) => c.attrs.classname)).toEqual(report.controls.map((c) => c.domain));
  });

  it("fails exactly the controls that fail or error, skips waived and not applicable ones", () => {
    report.controls.forEach((c, i) => {
      const tc = cases[i]!;
      const failure = childrenNamed(tc, "failure");
      const skipped = childrenNamed(tc, "skipped");
      expect(failure.length, c.id).toBe(c.status === "fail" || c.status === "error" ? 1 : 0);
      expect(skipped.length, c.id).toBe(c.status === "waived" || c.status === "not_applicable" ? 1 : 0);
      if (failure[0]) {
        expect(failure[0].attrs.type).toBe(c.status);
        for (const f of c.findings) expect(failure[0].text).toContain(f.message);
        for (const f of c.findings) if (f.file && f.line) expect(failure[0].text).toContain(`fixtures/${name}/${f.file}:${f.line}`);
        for (const f of c.findings) if (f.fix) expect(failure[0].text).toContain(`fix: ${f.fix}`);
      }
    });
  });

  it("counts tests, failures, errors and skipped at both levels", () => {
    const tally = (tcs: XmlElement[]) => ({
      tests: tcs.length,
      failures: tcs.filter((t) => childrenNamed(t, "failure").length).length,
      errors: tcs.filter((t) => childrenNamed(t, "error").length).length,
      skipped: tcs.filter((t) => childrenNamed(t, "skipped").length).length,
    });
    for (const s of suites) {
      const t = tally(childrenNamed(s, "testcase"));
      expect({ tests: count(s, "tests"), failures: count(s, "failures"), errors: count(s, "errors"), skipped: count(s, "skipped") }).toEqual(t);
    }
    const t = tally(cases);
    expect({ tests: count(root, "tests"), failures: count(root, "failures"), errors: count(root, "errors"), skipped: count(root, "skipped") }).toEqual(t);
    expect(t.failures).toBe(report.summary.fail + report.summary.error);
  });
});

describe("JUnit edge cases", () => {
  it("escapes markup in messages, paths and titles and stays well-formed", () => {
    const report = fixtureReport("dn42-scanner");
    const nasty = `<script>&"'</script>\u0001 ]]>`;
    const c = report.controls.find((x) => x.id === "RSG-02")!;
    c.title = nasty;
    c.findings[0]!.message = nasty;
    c.findings[0]!.file = `src/<a>&"b'.ts`;
    const root = parseXml(renderJunit(report));
    const tc = childrenNamed(childrenNamed(root, "testsuite")[0]!, "testcase").find((t) => t.attrs.name!.startsWith("RSG-02"))!;
    expect(tc.attrs.name).toBe(`RSG-02 <script>&"'</script> ]]>`);
    const failure = childrenNamed(tc, "failure")[0]!;
    expect(failure.text).toContain(`src/<a>&"b'.ts:12:5 <script>&"'</script> ]]>`);
    expect(failure.attrs.message).toContain(`<script>&"'</script>`);
  });

  it("the escaper covers the five characters, keeps newlines in attributes and drops what XML cannot hold", () => {
    expect(xmlEscape(`<script>&"'`)).toBe("&lt;script&gt;&amp;&quot;&apos;");
    expect(xmlEscape("a\nb", true)).toBe("a&#10;b");
    expect(xmlEscape("a\u0000b\u001fc")).toBe("abc");
  });

  it("a waived control is skipped with its reason; a warn passes with the warning in system-out", () => {
    const report = fixtureReport("dn42-scanner");
    const waived = report.controls.find((x) => x.id === "IAA-03")!;
    waived.status = "waived";
    waived.findings[0]!.waived = true;
    waived.findings[0]!.waiver = { source: "manifest", reason: "pilot writes to scratch", approvedBy: "carol@example.net", expires: "2027-01-31", file: "psf.yaml", line: 20 };
    const warn = report.controls.find((x) => x.id === "IAA-05")!;
    warn.status = "warn";
    warn.findings[0]!.level = "warn";
    const cases = childrenNamed(parseXml(renderJunit(report)), "testsuite").flatMap((s) => childrenNamed(s, "testcase"));
    const w = cases.find((t) => t.attrs.name!.startsWith("IAA-03"))!;
    expect(childrenNamed(w, "skipped")[0]!.attrs.message).toBe("waived: pilot writes to scratch");
    const v = cases.find((t) => t.attrs.name!.startsWith("IAA-05"))!;
    expect(childrenNamed(v, "failure")).toHaveLength(0);
    expect(childrenNamed(v, "system-out")[0]!.text).toContain("warn: psf.yaml:3:1 no audit retention period is declared");
  });
});
