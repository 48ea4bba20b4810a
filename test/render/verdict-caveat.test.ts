// A READY verdict says what it rests on besides the controls that passed: the controls at warn (they
// block only under --strict) and the code psf did not read. Every human format says it where the
// verdict is, so a reader who stops at the verdict line still sees it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { renderText } from "../../src/report/render/text.js";
import { renderMarkdown } from "../../src/report/render/markdown.js";
import { renderHtml } from "../../src/report/render/html.js";
import { fixture } from "../helpers.js";

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const NOW = new Date("2026-11-28T00:00:00Z");

function copyOf(name: string, manifest: (yaml: string) => string = (y) => y, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "psf-verdict-"));
  made.push(dir);
  cpSync(fixture(name), dir, { recursive: true });
  writeFileSync(path.join(dir, "psf.yaml"), manifest(readFileSync(path.join(dir, "psf.yaml"), "utf8")));
  for (const [rel, text] of Object.entries(extra)) writeFileSync(path.join(dir, rel), text);
  return dir;
}
/** A helper built on an agent framework psf does not read, beside the runs psf does read. */
const UNREAD_HELPER = { "src/helper.ts": `import { LettaClient } from "@letta-ai/letta-client";\n\nexport const ask = (prompt: string) => new LettaClient({}).agents.messages.create("agent-1", { messages: [{ role: "user", content: prompt }] });\n` };

describe("the verdict of a READY report says what it rests on", () => {
  const cases: { name: string; dir: () => string; ready: boolean; caveat: RegExp | undefined }[] = [
    { name: "every control passes: plain READY", dir: () => copyOf("governed-scanner"), ready: true, caveat: undefined },
    {
      name: "a control at warn, all code read: READY names it and --strict",
      dir: () => copyOf("governed-scanner", (y) => y.replace(/^ {2}termination:\n( {4}- .*\n)+/m, "")),
      ready: true,
      caveat: /^1 control at warn \(ABC-03\), which blocks readiness only under --strict$/,
    },
    {
      name: "an agent framework psf does not read, beside runs it reads: READY names it and the review by hand",
      dir: () => copyOf("governed-scanner", (y) => y, UNREAD_HELPER),
      ready: true,
      caveat: /^12 controls at warn \(RSG-04, .*\), which block readiness only under --strict; psf did not read @letta-ai\/letta-client, so what they say about that code rests on a review by hand$/,
    },
    { name: "not ready: the blocking controls, no caveat", dir: () => copyOf("dn42-scanner"), ready: false, caveat: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const report = assess(path.join(c.dir(), "psf.yaml"), { now: NOW }).report;
      expect(report.ready).toBe(c.ready);
      const text = renderText(report, { color: false }).trimEnd().split("\n").at(-1)!;
      const md = renderMarkdown(report).split("\n").find((l) => l.startsWith("⚠️ Ready with "));
      const html = /<p class="caveat">Ready with (.*?)\.<\/p>/.exec(renderHtml(report))?.[1];
      if (!c.caveat) {
        expect(text).toMatch(c.ready ? /^READY: no control blocks readiness\.$/ : /^NOT READY: /);
        expect(md).toBeUndefined();
        expect(html).toBeUndefined();
        return;
      }
      const caveat = /^READY, with (.*)\.$/.exec(text)?.[1];
      expect(caveat).toMatch(c.caveat);
      expect(md).toBe(`⚠️ Ready with ${caveat}.`);
      expect(html).toBe(caveat);
    });
  }
});
