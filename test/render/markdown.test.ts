import { describe, expect, it } from "vitest";
import { mdCode, mdText, renderMarkdown } from "../../src/report/render/markdown.js";
import { fixtureReport } from "./support.js";

describe("Markdown summary", () => {
  const dn42 = fixtureReport("dn42-scanner");
  const md = renderMarkdown(dn42, { uriPrefix: "fixtures/dn42-scanner" });

  it("opens with the verdict and has a row per domain", () => {
    expect(md.split("\n")[0]).toBe("## ❌ psf: dn42-topology-scanner is **not ready** for production");
    for (const d of dn42.domains) expect(md).toMatch(new RegExp(`^\\| \\*\\*${d.id}\\*\\* ${d.title} \\|`, "m"));
  });

  it("lists every blocking control with file:line and the fix", () => {
    for (const c of dn42.controls.filter((x) => x.status === "fail" || x.status === "error")) {
      expect(md).toContain(`**${c.id}**`);
      for (const f of c.findings) if (f.file && f.line) expect(md).toContain(`\`fixtures/dn42-scanner/${f.file}:${f.line}`);
    }
    expect(md).toContain("`fixtures/dn42-scanner/psf.yaml:12:5` the ceiling is enforced by the application");
    expect(md).toContain("**fix:** set on_exceed: suspend (or terminate)");
  });

  it("states the 72-hour worst case with its derivation", () => {
    expect(md).toContain(`**72-hour worst-case spend: ⚠️ unbounded** — ${mdText(dn42.worstCaseSpend.derivation)}`);
    const gov = renderMarkdown(fixtureReport("governed-scanner"));
    expect(gov).toContain("**72-hour worst-case spend: 200.24 USD** — gateway rate 60 calls per 1m × 72h");
  });

  it("user text cannot break the table or open code spans or HTML", () => {
    expect(mdText("a | b `c` <script> *x* \\ foo_bar _baz_")).toBe("a \\| b \\`c\\` \\<script> \\*x\\* \\\\ foo_bar \\_baz\\_");
    expect(mdText("line\nbreak")).toBe("line break");
    expect(mdCode("src/a`b.ts:3")).toBe("`` src/a`b.ts:3 ``");
    const r = structuredClone(dn42);
    r.domains[0]!.title = "Spend | money";
    expect(renderMarkdown(r)).toContain("| **RSG** Spend \\| money |");
  });

  it("lists waivers with their justification", () => {
    const r = structuredClone(dn42);
    const c = r.controls.find((x) => x.id === "IAA-03")!;
    c.status = "waived";
    c.findings[0]!.waived = true;
    c.findings[0]!.waiver = { source: "manifest", reason: "pilot writes to scratch", approvedBy: "carol@example.net", expires: "2027-01-31", file: "psf.yaml", line: 20 };
    const out = renderMarkdown(r);
    expect(out).toContain("### Waived (1)");
    expect(out).toContain("waived (manifest): pilot writes to scratch, approved by carol@example.net, expires 2027-01-31");
  });
});
