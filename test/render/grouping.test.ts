// Findings a reviewer reads once (issue 13 item 4, issue 19 item 3): the human formats group a
// control's findings — one line per message with all its places, a shared fix once — and lose no place.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { groupFindings } from "../../src/report/group.js";
import type { ControlResult, Finding, Report } from "../../src/report/model.js";
import { renderJson } from "../../src/report/render/json.js";
import { renderMarkdown } from "../../src/report/render/markdown.js";
import { renderText } from "../../src/report/render/text.js";
import { renderHtml } from "../../src/report/render/html.js";
import { InputError } from "../../src/errors.js";
import { visibleControls } from "../../src/util/terminal-text.js";
import { fixture } from "../helpers.js";
import { EPOCH } from "./support.js";

/** Every governed/ungoverned pair under fixtures/frameworks and fixtures/python/frameworks. */
const frameworks = ["frameworks", "python/frameworks"].flatMap((root) =>
  readdirSync(fixture(root)).flatMap((f) => readdirSync(fixture(`${root}/${f}`)).map((v) => `${root}/${f}/${v}`)),
);
const reportOf = (name: string): Report => assess(fixture(name), { now: new Date(EPOCH * 1000) }).report;
const loads = (name: string) => {
  try {
    reportOf(name);
    return true;
  } catch (e) {
    if (e instanceof InputError) return false; // a fixture whose manifest is itself the input error under test
    throw e;
  }
};
const FIXTURES = ["dn42-scanner", "governed-scanner", "python/dn42-scanner", ...frameworks.filter(loads)];

/** Every `file:line` a text shows: a path with an extension, a colon, a line number (a column may follow). */
function placesIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/([\w@.\-/]+\.[A-Za-z0-9]+):(\d+)(?::\d+)?/g)) out.add(`${m[1]}:${m[2]}`);
  return out;
}

describe.each(FIXTURES)("%s", (name) => {
  const report = reportOf(name);
  // What the machine-readable report holds: one finding per place, untouched by grouping.
  const json = JSON.parse(renderJson(report)) as Report;
  const findings = json.controls.flatMap((c) => c.findings.map((f) => ({ control: c.id, ...f })));
  const before = new Set(findings.filter((f) => f.file && f.line !== undefined).map((f) => `${f.file}:${f.line}`));

  it.each([
    ["text", () => renderText(report, { color: 0 })],
    ["text at 80 columns", () => renderText(report, { color: 0, width: 80 })],
    ["markdown", () => renderMarkdown(report)],
    ["html", () => renderHtml(report)],
  ] as const)("%s names every file:line the JSON report's findings name", (_, render) => {
    const after = placesIn(render());
    expect([...before].filter((p) => !after.has(p))).toEqual([]);
  });

  it("at 80 columns no text line is wider, except one unbreakable token (lists of places wrap too)", () => {
    for (const line of renderText(report, { color: 0, width: 80 }).split("\n")) {
      if (line.length > 80) expect(line.trim(), line).not.toMatch(/\s/);
    }
  });

  it("grouping is presentation: rendering the human formats leaves the report, and so its JSON, as it was", () => {
    const copy = structuredClone(report);
    renderText(copy, { color: 0 });
    renderMarkdown(copy);
    renderHtml(copy);
    renderText(copy, { color: 0, compact: true });
    expect(renderJson(copy)).toBe(renderJson(report));
  });

  it("text prints each fix once per control, and each message once per control and level", () => {
    const text = renderText(report, { color: 0 });
    const blocks = text.split(/\n(?= {2}\S )/); // one block per control line
    for (const c of report.controls) {
      const block = blocks.find((b) => new RegExp(`^ {2}\\S ${c.id} `).test(b)) ?? "";
      const open = c.findings.filter((f) => !f.waived);
      for (const fix of new Set(open.map((f) => f.fix).filter(Boolean))) {
        expect(block.split("\n").filter((l) => l === `        fix: ${visibleControls(fix!)}`).length, `${c.id} fix ${fix}`).toBe(1);
      }
      for (const m of new Set(open.map((f) => f.message))) {
        expect(block.split("\n").filter((l) => l.includes(visibleControls(m))).length, `${c.id}: ${m}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it("text is shorter than one line per finding plus one per fix, whenever two findings of a control share a fix or a message", () => {
    const text = renderText(report, { color: 0 });
    const ungroupedFindingLines = findings.reduce((n, f) => n + 1 + (f.fix && !f.waived ? 1 : 0), 0);
    const groupedFindingLines = text.split("\n").filter((l) => /^ {6}(fail|warn|error|waived) |^ {8}(fix:|at |· )/.test(l)).length;
    const shared = report.controls.some((c) => {
      const fixes = c.findings.map((f) => f.fix).filter(Boolean);
      const messages = c.findings.map((f) => f.message);
      return new Set(fixes).size < fixes.length || new Set(messages).size < messages.length;
    });
    if (shared) expect(groupedFindingLines).toBeLessThan(ungroupedFindingLines);
    else expect(groupedFindingLines).toBeLessThanOrEqual(ungroupedFindingLines);
  });
});

it("the dn42 fixture's text report is grouped: shared messages on one line, the loop findings under one template", () => {
  const text = renderText(reportOf("dn42-scanner"), { color: 0 });
  expect(text).toMatch(/^ {6}fail src\/agent\.ts:11:16, src\/llm\.ts:8:20 new OpenAI \(openai\) calls the model provider/m);
  expect(text).toMatch(/^ {6}fail model call chat\.completions\.create is not covered by audit logging or tracing \(4 places\):\n {8}at src\/agent\.ts:47:25, src\/agent\.ts:83:25, src\/explore\.ts:18:23, src\/tools\.ts:69:23$/m);
  expect(text).toMatch(/^ {8}· src\/tools\.ts:15:7 tool lookup_asn \(also under OOC-03\)$/m);
});

const f = (over: Partial<Finding>): Finding => ({ level: "fail", message: "m", waived: false, file: "src/a.ts", line: 1, column: 1, ...over });
const control = (findings: Finding[]): Pick<ControlResult, "id" | "findings"> => ({ id: "IAA-04", findings });

describe("groupFindings", () => {
  it.each([
    {
      name: "the same message at three places: one message, three places, one fix",
      findings: [f({ line: 1, fix: "x" }), f({ line: 2, fix: "x" }), f({ line: 3, fix: "x" })],
      shape: [{ fix: "x", messages: [{ message: "m", places: ["src/a.ts:1:1", "src/a.ts:2:1", "src/a.ts:3:1"], fills: ["", "", ""] }] }],
    },
    {
      name: "messages that differ in one word: a template, each place with its word",
      findings: [
        f({ line: 1, message: "tool alpha executes with no audit record", fix: "x" }),
        f({ line: 2, message: "tool beta executes with no audit record", fix: "x" }),
      ],
      shape: [{ fix: "x", messages: [{ message: "tool … executes with no audit record", places: ["src/a.ts:1:1", "src/a.ts:2:1"], fills: ["tool alpha", "tool beta"] }] }],
    },
    {
      name: "a gap inside parentheses keeps the closing one (a new user's report read `(access … is declared`)",
      findings: [
        f({ line: 1, message: "tool click (access write) is declared but no tool of that name is defined", fix: "x" }),
        f({ line: 2, message: "tool evaluate (access destructive) is declared but no tool of that name is defined", fix: "x" }),
      ],
      shape: [{ fix: "x", messages: [{ message: "tool … (access …) is declared but no tool of that name is defined", places: ["src/a.ts:1:1", "src/a.ts:2:1"], fills: ["tool click … (access write)", "tool evaluate … (access destructive)"] }] }],
    },
    {
      name: "a gap that opens a quote keeps it, and punctuation the words do not share stays in them",
      findings: [
        f({ line: 1, message: "the limit `max_steps` is 10, above the declared bound", fix: "x" }),
        f({ line: 2, message: "the limit `max_turns` is 10; above the declared bound", fix: "x" }),
      ],
      shape: [{ fix: "x", messages: [{ message: "the limit `…` is … above the declared bound", places: ["src/a.ts:1:1", "src/a.ts:2:1"], fills: ["limit `max_steps` … is 10,", "limit `max_turns` … is 10;"] }] }],
    },
    {
      name: "a gap inside parentheses: each place's words without the closing mark that belongs to the template",
      findings: [
        f({ line: 1, message: 'baseURL (ADK model "gemini-2.0-flash") is not on the endpoint allowlist', fix: "x" }),
        f({ line: 2, message: 'baseURL (ADK model "gemini-2.5-pro") is not on the endpoint allowlist', fix: "x" }),
      ],
      shape: [{ fix: "x", messages: [{ message: 'baseURL (ADK model "…") is not on the endpoint allowlist', places: ["src/a.ts:1:1", "src/a.ts:2:1"], fills: ['model "gemini-2.0-flash"', 'model "gemini-2.5-pro"'] }] }],
    },
    {
      name: "messages whose template would cut a bracket in two stay whole",
      findings: [
        f({ line: 1, message: "run (mastra): the bound hasCost(…) (a custom stop condition (hasCost) the analysis cannot count) is only known at run time", fix: "x" }),
        f({ line: 2, message: "run (mastra): the bound toolCall(…) (a custom stop condition (toolCall) the analysis cannot count) is only known at run time", fix: "x" }),
      ],
      shape: [{ fix: "x", messages: [
        { message: "run (mastra): the bound hasCost(…) (a custom stop condition (hasCost) the analysis cannot count) is only known at run time", places: ["src/a.ts:1:1"], fills: [""] },
        { message: "run (mastra): the bound toolCall(…) (a custom stop condition (toolCall) the analysis cannot count) is only known at run time", places: ["src/a.ts:2:1"], fills: [""] },
      ] }],
    },
    {
      name: "different fixes stay apart",
      findings: [f({ line: 1, fix: "x" }), f({ line: 2, fix: "y" })],
      shape: [
        { fix: "x", messages: [{ message: "m", places: ["src/a.ts:1:1"], fills: [""] }] },
        { fix: "y", messages: [{ message: "m", places: ["src/a.ts:2:1"], fills: [""] }] },
      ],
    },
    {
      name: "one fix, two unrelated messages: both messages, the fix once",
      findings: [f({ line: 1, message: "the loop never ends", fix: "x" }), f({ line: 2, message: "a queue grows without any bound at all", fix: "x" })],
      shape: [{ fix: "x", messages: [{ message: "the loop never ends", places: ["src/a.ts:1:1"], fills: [""] }, { message: "a queue grows without any bound at all", places: ["src/a.ts:2:1"], fills: [""] }] }],
    },
    {
      name: "a waived finding is not grouped with an open one",
      findings: [f({ line: 1 }), f({ line: 2, waived: true, waiver: { source: "inline", reason: "r", file: "src/a.ts", line: 2 } })],
      shape: [
        { fix: undefined, messages: [{ message: "m", places: ["src/a.ts:1:1"], fills: [""] }] },
        { fix: undefined, messages: [{ message: "m", places: ["src/a.ts:2:1"], fills: [""] }] },
      ],
    },
  ])("$name", ({ findings, shape }) => {
    const groups = groupFindings(control(findings));
    expect(groups.map((g) => ({ fix: g.fix, messages: g.messages.map((m) => ({ message: m.message, places: m.places.map((p) => p.location), fills: m.places.map((p) => p.fill) })) }))).toEqual(shape);
    // Every finding is in exactly one place.
    expect(groups.flatMap((g) => g.messages.flatMap((m) => m.places.map((p) => p.finding)))).toHaveLength(findings.length);
  });

  it("a warn and a fail with the same message are two lines (the level is part of what each says)", () => {
    const groups = groupFindings(control([f({ line: 1, level: "warn" }), f({ line: 2, level: "fail" })]));
    expect(groups.flatMap((g) => g.messages.map((m) => m.level))).toEqual(["warn", "fail"]);
  });

  it("a place other controls report too names them", () => {
    const index = new Map([["src/a.ts:1:1", ["RSG-04", "IAA-04", "ABC-02"]]]);
    const [g] = groupFindings(control([f({})]), index);
    expect(g!.messages[0]!.places[0]!.also).toEqual(["RSG-04", "ABC-02"]);
  });
});

describe("path helper", () => {
  it("finds file:line with and without a column, and not a bare time", () => {
    expect([...placesIn("at src/a.ts:12:3, psf.yaml:4 and 12:00")]).toEqual(["src/a.ts:12", "psf.yaml:4"]);
  });
});

it("a ready report ends on its verdict alone (nothing to fix above)", () => {
  const text = renderText(reportOf("governed-scanner"), { color: 0 });
  expect(text.trimEnd().split("\n").pop()).toBe("READY: no control blocks readiness.");
});
