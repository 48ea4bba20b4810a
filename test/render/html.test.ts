import { describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { escapeHtml, html, renderHtml } from "../../src/report/render/html.js";
import { RENDERERS } from "../../src/report/render/index.js";
import { project, psf } from "../helpers.js";
import { EPOCH, FIXTURES, fixtureReport } from "./support.js";

const NOW = new Date(EPOCH * 1000);

/** A manifest whose every free-text value is hostile markup. */
const HOSTILE = [
  "psf: 1",
  "deployment:",
  "  name: demo-agent",
  "  owner: 'slack:<script>alert(1)</script>'",
  "agent:",
  '  include: ["src/**/*.ts"]',
  "audit:",
  "  retention: 30d",
  "waivers:",
  "  - control: IAA-03",
  "    reason: '<script>alert(\"reason\")</script> & <b>bold</b> \"quoted\" ''single'''",
  "    approved_by: 'x:\"><img/src=x/onerror=alert(1)>'",
  "    expires: 2027-01-31",
  "",
].join("\n");

function hostileReport() {
  const dir = project({ "psf.yaml": HOSTILE, "src/<svg onload=alert(1)>.ts": "export const x = 1;\n" });
  return assess(dir, { now: NOW }).report;
}

describe("escapeHtml: the one escape", () => {
  it.each([
    ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ['"><img src=x onerror=alert(1)>', "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"],
    ["it's & that", "it&#39;s &amp; that"],
    ["&lt; already", "&amp;lt; already"],
    [42, "42"],
    ["plain", "plain"],
  ])("%s", (input, out) => {
    expect(escapeHtml(input)).toBe(out);
  });

  it("html`` escapes every interpolation, including inside lists, and only nests its own markup", () => {
    const evil = "<i>x</i>";
    expect(html`<p>${evil}</p>`.text).toBe("<p>&lt;i&gt;x&lt;/i&gt;</p>");
    expect(html`<ul>${[evil, html`<li>${evil}</li>`]}</ul>`.text).toBe("<ul>&lt;i&gt;x&lt;/i&gt;<li>&lt;i&gt;x&lt;/i&gt;</li></ul>");
    expect(html`<a title="${'" onmouseover="x'}">`.text).toBe('<a title="&quot; onmouseover=&quot;x">');
  });
});

describe("-f html", () => {
  it("a manifest or file name value <script> renders as text, never as markup", () => {
    const report = hostileReport();
    const out = renderHtml(report, { keyid: "ab".repeat(32) });
    // The only elements are the renderer's own: no script, img or svg from any value.
    expect(out).not.toMatch(/<script|<img|<svg|<b>/i);
    expect(out).toContain("slack:&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).toContain("&lt;script&gt;alert(&quot;reason&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;");
    expect(out).toContain("x:&quot;&gt;&lt;img/src=x/onerror=alert(1)&gt;");
    expect(out).toContain("src/&lt;svg onload=alert(1)&gt;.ts");
    // Every attribute is one the renderer wrote.
    const attrs = [...out.matchAll(/\s([a-z-]+)="[^"]*"/g)].map((m) => m[1]);
    expect(new Set(attrs)).toEqual(new Set(["lang", "charset", "http-equiv", "content", "name", "class", "aria-labelledby", "id", "href", "scope", "aria-hidden"].filter((a) => attrs.includes(a))));
    expect(attrs).not.toContain("onerror");
    expect(attrs).not.toContain("onload");
  });

  it("shows waivers with reason, approver and expiry", () => {
    const out = renderHtml(hostileReport());
    const waivers = out.split('<h2 id="waivers">')[1]!.split("</section>")[0]!;
    expect(waivers).toContain('<a href="#IAA-03">IAA-03</a>');
    expect(waivers).toContain("2027-01-31");
    expect(waivers).toContain("x:&quot;&gt;&lt;img/src=x/onerror=alert(1)&gt;");
    expect(waivers).toMatch(/psf\.yaml:10<\/code> \(manifest\)/);
  });

  it.each(FIXTURES)("%s: self-contained, verdict first, every section in order", (name) => {
    const report = fixtureReport(name);
    const out = RENDERERS.html!(report, { color: 0 });
    expect(out).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(out).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`);
    // Nothing that could fetch: no URL-bearing attribute except in-page anchors, no url() or @import in the CSS.
    expect(out).not.toMatch(/\s(src|srcset|action|formaction|poster|data)=/i);
    for (const m of out.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^#/);
    expect(out).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|<base/i);
    const css = out.split("<style>")[1]!.split("</style>")[0]!;
    expect(css).not.toMatch(/url\(|@import|@font-face/i);
    const verdict = report.ready ? ">READY<" : ">NOT READY<";
    const order = [verdict, 'id="overview"', 'id="spend"', 'id="controls"', 'id="waivers"', 'id="subjects"', 'id="signature"'].map((s) => out.indexOf(s));
    for (const i of order) expect(i).toBeGreaterThan(0);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const c of report.controls) expect(out).toContain(`<h4 id="${c.id}-title">${c.id} `);
    for (const s of report.subjects) expect(out).toContain(s.digest.sha256);
    expect(out).toContain(escapeHtml(report.worstCaseSpend.derivation.split(/;\s+/)[0]!));
  });

  it.each(FIXTURES)("%s: accessible structure — one h1, headings never skip a level, every table has a caption and scoped headers", (name) => {
    const out = renderHtml(fixtureReport(name));
    const levels = [...out.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    expect(levels[0]).toBe(1);
    levels.forEach((l, i) => {
      if (i > 0) expect(l - levels[i - 1]!).toBeLessThanOrEqual(1);
    });
    const tables = out.split("<table>").slice(1);
    expect(tables.length).toBeGreaterThanOrEqual(2);
    for (const t of tables) {
      expect(t).toMatch(/^\s*<caption>[^<]+<\/caption>/);
      expect(t.split("</table>")[0]).not.toMatch(/<th(?=[\s>])(?![^>]*scope=)/);
    }
  });

  it("status is said in words, not colour alone", () => {
    const report = fixtureReport("dn42-scanner");
    const out = renderHtml(report);
    for (const c of report.controls.filter((x) => x.status === "fail")) {
      const block = out.split(`id="${c.id}-title"`)[1]!.split("</article>")[0]!;
      expect(block).toMatch(/<span class="status s-fail"><span aria-hidden="true">✗ <\/span>FAIL<\/span>/);
    }
  });

  it("shows the signing key id only when signed", () => {
    const report = fixtureReport("governed-scanner");
    const keyid = "0123456789abcdef".repeat(4);
    expect(renderHtml(report, { keyid })).toContain(`signed by key <code class="digest">${keyid}</code>`);
    expect(renderHtml(report)).not.toContain("signed by key");
    expect(renderHtml(report)).toContain("not produced with a signature");
  });

  it("is reproducible, and psf assess -f html -o writes it", () => {
    const a = psf(["assess", "fixtures/dn42-scanner", "-f", "html"], { env: { SOURCE_DATE_EPOCH: String(EPOCH) } });
    const b = psf(["assess", "fixtures/dn42-scanner", "-f", "html"], { env: { SOURCE_DATE_EPOCH: String(EPOCH) } });
    expect(a.code).toBe(1);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toBe(renderHtml(fixtureReport("dn42-scanner")));
  });
});
