// RSG-06's 72-hour figure rests on the gateway: it holds only for the calls that pass it. A call the
// source makes around the gateway, or code psf could not read, is reported on RSG-06 too, at that
// place, so the figure an auditor reads is never a bound the code does not keep.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import type { Report } from "../../src/report/model.js";
import { fixture } from "../helpers.js";
import { renderText } from "../../src/report/render/text.js";
import { renderMarkdown } from "../../src/report/render/markdown.js";

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const NOW = new Date("2026-11-28T00:00:00Z");

/** The governed fixture (ready, gateway-enforced ceiling and rate) with extra source files. */
function governedWith(files: Record<string, string>, manifest: (yaml: string) => string = (y) => y): string {
  const dir = mkdtempSync(path.join(tmpdir(), "psf-rsg06-"));
  made.push(dir);
  cpSync(fixture("governed-scanner"), dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) writeFileSync(path.join(dir, rel), text);
  writeFileSync(path.join(dir, "psf.yaml"), manifest(readFileSync(path.join(dir, "psf.yaml"), "utf8")));
  return dir;
}
const rsg06 = (r: Report) => r.controls.find((c) => c.id === "RSG-06")!;

describe("RSG-06: the worst case holds only for calls that pass the gateway", () => {
  const DIRECT = { "src/direct.ts": `import OpenAI from "openai";\n\nexport const direct = new OpenAI();\n` };
  const cases: { name: string; files: Record<string, string>; manifest?: (yaml: string) => string; status: string; finding?: RegExp; at?: string; others?: RegExp }[] = [
    { name: "every call through the gateway: the figure stands", files: {}, status: "pass" },
    {
      name: "a provider client built without the gateway's base URL: fail at that client",
      files: { "src/direct.ts": `import OpenAI from "openai";\n\nexport const direct = new OpenAI();\n` },
      status: "fail",
      finding: /^the 72-hour worst case of [\d.,]+ USD holds only for calls that pass the gateway, and this one does not/,
      at: "src/direct.ts:3",
    },
    {
      name: "a fetch straight to a provider's host: fail at the fetch",
      files: { "src/direct.ts": `export async function ask(body: string) {\n  return fetch("https://api.anthropic.com/v1/messages", { method: "POST", body });\n}\n` },
      status: "fail",
      finding: /holds only for calls that pass the gateway, and this one does not/,
      at: "src/direct.ts:2",
    },
    {
      name: "an agent framework psf does not read: warn at its import",
      files: { "src/other.ts": `import { LettaClient } from "@letta-ai/letta-client";\n\nexport const run = (prompt: string) => new LettaClient({}).agents.messages.create("agent-1", { messages: [{ role: "user", content: prompt }] });\n` },
      status: "warn",
      finding: /assumes every model and paid-API call passes the gateway, which psf could not confirm here/,
      at: "src/other.ts:1",
    },
    {
      name: "no max_concurrency (the overshoot is unbounded): the direct client is reported beside it",
      files: DIRECT,
      manifest: (y) => y.replace(/^\s*max_concurrency: \d+\n/m, ""),
      status: "fail",
      finding: /holds only for calls that pass the gateway, and this one does not/,
      at: "src/direct.ts:3",
      others: /its in-flight overshoot is not: no boundaries\.limits\.max_concurrency/,
    },
    {
      name: "the direct client waived on RSG-04 by the operator, with a reason: the figure stands",
      files: { "src/direct.ts": `import OpenAI from "openai";\n\n// psf-waive RSG-04: the batch scorer runs on a provider key capped at 20 USD a month\nexport const direct = new OpenAI();\n` },
      status: "pass",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = assess(path.join(governedWith(c.files, c.manifest), "psf.yaml"), { now: NOW }).report;
      const control = rsg06(r);
      expect(control.status).toBe(c.status);
      const open = control.findings.filter((f) => !f.waived);
      if (!c.finding) {
        expect(open).toEqual([]);
        return;
      }
      const bypass = open.filter((f) => c.finding!.test(f.message));
      expect(bypass).toHaveLength(1);
      expect(`${bypass[0]!.file}:${bypass[0]!.line}`).toBe(c.at);
      expect(open.filter((f) => f !== bypass[0]).map((f) => f.message)).toEqual(c.others ? [expect.stringMatching(c.others)] : []);
    });
  }
});

describe("the printed 72-hour figure carries RSG-06's reason when the code does not keep it", () => {
  it.each([
    { name: "a direct client: the figure is followed by RSG-06's fail at it", files: { "src/direct.ts": `import OpenAI from "openai";\n\nexport const direct = new OpenAI();\n` }, but: /^ {2}but RSG-06 fail at src\/direct\.ts:3: the 72-hour worst case of [\d.,]+ USD holds only for calls that pass the gateway/m },
    { name: "every call through the gateway: the figure alone", files: {}, but: undefined },
  ])("$name", ({ files, but }) => {
    const r = assess(path.join(governedWith(files), "psf.yaml"), { now: NOW }).report;
    const text = renderText(r, { color: false });
    const md = renderMarkdown(r);
    if (!but) {
      expect(text).not.toMatch(/^ {2}but RSG-06/m);
      expect(md).not.toContain("⚠️ But RSG-06");
      return;
    }
    expect(text).toMatch(but);
    expect(md).toMatch(/⚠️ But RSG-06 fail at src\/direct\.ts:3/);
  });
});
