// Every format shows what psf read and what it did not: an auditor must see it at a glance.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { renderHtml } from "../../src/report/render/html.js";
import { renderMarkdown } from "../../src/report/render/markdown.js";
import { renderSarif } from "../../src/report/render/sarif.js";
import { renderText } from "../../src/report/render/text.js";
import { Ajv2020, addFormats } from "../../src/util/ajv.js";
import { fixture, MINIMAL, project, repoRoot } from "../helpers.js";
import { sarifValidator } from "../render/support.js";

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validateReport = ajv.compile(JSON.parse(readFileSync(`${repoRoot}/schemas/psf-report.schema.json`, "utf8")) as object);
const validateSarif = sarifValidator();
const NOW = new Date("2026-11-28T00:00:00Z");

const cases = [
  { fixture: "unread/go-agent", shows: [/Go 2 files NOT read/, /cmd\/scanner\/main\.go/, /github\.com\/sashabaranov\/go-openai/, /go\.mod/] },
  { fixture: "unread/unknown-framework", shows: [/TypeScript 1 file read/, /NOT recognized/, /@letta-ai\/letta-client \(agent framework, src\/agent\.ts:3\)/, /package\.json/] },
  { fixture: "governed-scanner", shows: [/TypeScript 8 files read/, /Recognized/, /@ai-sdk\/openai, ai, openai/] },
];

describe.each(cases)("$fixture: coverage in every format", ({ fixture: name, shows }) => {
  const report = assess(path.join(fixture(name), "psf.yaml"), { now: NOW }).report;

  it("the JSON report's coverage validates against the schema", () => {
    expect(validateReport(JSON.parse(JSON.stringify(report))), ajv.errorsText(validateReport.errors)).toBe(true);
    expect(report.coverage.languages.length).toBeGreaterThan(0);
  });

  it.each([
    ["text", () => renderText(report, { color: 0 })],
    ["text --quiet", () => renderText(report, { color: 0, quiet: true })],
    ["markdown", () => renderMarkdown(report)],
    ["html", () => renderHtml(report)],
  ])("%s shows a 'What psf read' block under the verdict", (_format, render) => {
    const out = render();
    const block = out.indexOf("What psf read");
    expect(block).toBeGreaterThan(-1);
    // Under the verdict, before the first domain (a quiet report of a ready deployment lists none).
    const firstDomain = out.search(/\bRSG\b(?!-)|id="overview"/);
    if (firstDomain !== -1) expect(block).toBeLessThan(firstDomain);
    expect(block).toBeGreaterThan(out.search(/READY|ready/));
    for (const re of shows) expect(out).toMatch(re);
  });

  it("SARIF carries the coverage object in runs[0].properties and still validates", () => {
    const sarif = JSON.parse(renderSarif(report));
    expect(validateSarif(sarif)).toBe("");
    expect(sarif.runs[0].properties.coverage).toEqual(report.coverage);
  });
});

// What was read is what an analysed file imports; a package the manifest only declares is said apart,
// in every human format, as the findings say it.
describe("imported and only-declared AI packages are told apart", () => {
  const deps = { "@ai-sdk/openai": "^2.0.0", ai: "^5.0.0", openai: "^6.0.0", "@llamaindex/env": "^0.1.0", "@llamaindex/groq": "^0.0.9", "@llamaindex/qdrant": "^0.1.0", "acme-llm-client": "1.0.0", "beeai-framework": "^0.1.0" };
  const agent = `import OpenAI from "openai";\nimport { agent } from "beeai-framework";\nexport const c = new OpenAI({ baseURL: process.env.LLM_BASE_URL });\nexport const a = agent;\n`;
  const dir = project({ "psf.yaml": MINIMAL, "package.json": JSON.stringify({ dependencies: deps }, null, 2), "src/agent.ts": agent });
  const report = assess(path.join(dir, "psf.yaml"), { now: NOW }).report;
  const rows: [string, string][] = [
    ["Recognized and read", "openai"],
    ["Recognized, only declared", "@ai-sdk/openai, ai (declared in package.json, imported by no analysed file)"],
    ["NOT recognized", "beeai-framework (agent framework, src/agent.ts:2)"],
    ["NOT recognized, only declared", "4 packages (1 agent framework, 1 model SDK, 1 retrieval library, 1 AI-named package not in psf's table) declared in package.json, imported by no analysed file: @llamaindex/env, @llamaindex/groq, @llamaindex/qdrant, acme-llm-client"],
  ];

  it.each([
    ["text", () => renderText(report, { color: 0 }), (label: string, text: string) => `  ${label}: ${text}\n`],
    ["markdown", () => renderMarkdown(report), (label: string, text: string) => `${label}: ${text}\n`],
    ["html", () => renderHtml(report), (label: string, text: string) => `${label}</dt><dd${label.startsWith("NOT") ? ' class="alert"' : ""}>${text.replace(/'/g, "&#39;")}</dd>`],
  ] as const)("%s", (_format, render, line) => {
    const out = render();
    for (const [label, text] of rows) expect(out).toContain(line(label, text));
    expect(out).not.toMatch(/Recognized: /);
  });

  it("a Go module in go.mod is not 'only declared': psf reads no Go file, so it cannot tell", () => {
    const go = assess(path.join(fixture("unread/go-agent"), "psf.yaml"), { now: NOW }).report;
    const out = renderText(go, { color: 0 });
    expect(out).toMatch(/^ {2}NOT recognized: github\.com\/sashabaranov\/go-openai \(model SDK, go\.mod:\d+\)$/m);
    expect(out).not.toMatch(/only declared/);
  });

  it("the JSON report, with a retrieval package in it, validates against the schema", () => {
    expect(report.coverage.packages.find((p) => p.name === "@llamaindex/qdrant")?.kind).toBe("retrieval");
    expect(validateReport(JSON.parse(JSON.stringify(report))), ajv.errorsText(validateReport.errors)).toBe(true);
    expect(validateSarif(JSON.parse(renderSarif(report)))).toBe("");
  });

  it("the JSON coverage still lists every package, each marked imported or not", () => {
    expect(report.coverage.packages.map((p) => `${p.name} ${p.imported}`).sort()).toEqual([
      "@ai-sdk/openai false", "@llamaindex/env false", "@llamaindex/groq false", "@llamaindex/qdrant false", "acme-llm-client false", "ai false", "beeai-framework true", "openai true",
    ]);
  });
});
