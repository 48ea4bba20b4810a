// Remediation follows the agent's language (coverage inventory): a Go or Python team is never handed a
// TypeScript snippet or a *.test.ts glob, and a fix never asks for what the manifest already declares.
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { renderText } from "../../src/report/render/text.js";
import type { Report } from "../../src/report/model.js";
import { MINIMAL, project, removeProjects } from "../helpers.js";

afterAll(removeProjects);

const NOW = new Date("2026-11-21T12:00:00Z");
const run = (files: Record<string, string>, yaml = ""): Report => {
  const dir = project({ "psf.yaml": MINIMAL + yaml, ...files });
  return assess(path.join(dir, "psf.yaml"), { now: NOW }).report;
};
const control = (r: Report, id: string) => r.controls.find((c) => c.id === id)!;
const fixOf = (r: Report, id: string, message: RegExp) => control(r, id).findings.find((f) => message.test(f.message))?.fix ?? "";

/** A control's fix and remediation lines in the text report (not its findings' messages or notes, which say what is there). */
function askedFor(text: string, id: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => new RegExp(`^  \\S ${id} `).test(l));
  const end = lines.findIndex((l, i) => i > start && (/^  \S /.test(l) || l === ""));
  const block = lines.slice(start + 1, end);
  const asks: string[] = [];
  let inRemediation = false;
  for (const l of block) {
    if (/^ {6}remediation:/.test(l)) inRemediation = true;
    else if (/^ {6}\S/.test(l)) inRemediation = false;
    if (inRemediation || /^ {8}fix:/.test(l)) asks.push(l);
  }
  return asks.join("\n");
}

const GO = "package main\n\nfunc main() {}\n";
// Each agent imports the SDK the catalogue's RSG-04 example is written for (remediation-framework.test.ts covers others).
const PY = "from openai import OpenAI\n\n\ndef main() -> None:\n    pass\n";
const TS = 'import { createOpenAI } from "@ai-sdk/openai";\n\nexport const answer = 42;\n';

const cases: { name: string; files: Record<string, string>; glob: string; code: RegExp | null; notCode: RegExp; bound: RegExp; timeout: RegExp }[] = [
  { name: "Go", files: { "cmd/agent/main.go": GO, "internal/run.go": GO }, glob: "controls/*_test.go", code: null, notCode: /import |process\.env|stepCountIs|def /, bound: /step bound no larger than it/, timeout: /abort every run in the code/ },
  { name: "Python", files: { "agent.py": PY, "tools.py": PY }, glob: "tests/controls/test_*.py", code: /base_url=os\.environ\["LLM_GATEWAY_URL"\]/, notCode: /createOpenAI|process\.env|stepCountIs/, bound: /max_turns=40/, timeout: /asyncio\.timeout/ },
  { name: "Python beside one TypeScript file", files: { "agent.py": PY, "tools.py": PY, "web/x.ts": TS }, glob: "tests/controls/test_*.py", code: /base_url=/, notCode: /createOpenAI/, bound: /max_turns=40/, timeout: /asyncio\.timeout/ },
  { name: "TypeScript", files: { "src/agent.ts": TS }, glob: "test/controls/**/*.test.ts", code: /createOpenAI\(\{/, notCode: /os\.environ|def /, bound: /stepCountIs\(40\)/, timeout: /AbortSignal\.timeout/ },
  { name: "JavaScript", files: { "src/agent.js": TS }, glob: "test/controls/**/*.test.js", code: /createOpenAI\(\{/, notCode: /os\.environ/, bound: /stepCountIs\(40\)/, timeout: /AbortSignal\.timeout/ },
];

describe.each(cases)("a $name agent", ({ files, glob, code, notCode, bound, timeout }) => {
  const r = run(files);

  it("DRA-02: the control-test glob in the fix and the example is the language's own", () => {
    expect(fixOf(r, "DRA-02", /no control tests/)).toContain(`control_tests: ["${glob}"]`);
    expect(control(r, "DRA-02").remediationExample).toContain(`control_tests: ["${glob}"]`);
  });

  it("source-control examples are code in the agent's language, or none", () => {
    const ex = control(r, "RSG-04").remediationExample;
    if (code) expect(ex).toMatch(code);
    else expect(ex).toBeUndefined();
    for (const c of r.controls) expect(c.remediationExample ?? "", c.id).not.toMatch(notCode);
  });

  it("a YAML example whose code half is left out does not end in '# and in code:'", () => {
    for (const c of r.controls) expect(c.remediationExample ?? "", c.id).not.toMatch(/# and in code:\s*$/);
  });

  it("ABC-03 and ABC-06 manifest fixes name the code half in the agent's language", () => {
    expect(fixOf(r, "ABC-03", /max_steps is not declared/)).toMatch(bound);
    expect(fixOf(r, "ABC-06", /no wall-clock timeout is declared/)).toMatch(timeout);
  });
});

describe("DRA-02 mention: snake_case bounds count", () => {
  it.each([
    ["a pytest file naming max_turns", "tests/controls/test_stops.py", "from agent import run\n\n\ndef test_budget_pause_and_max_turns():\n    assert run(max_turns=3).stopped\n"],
    ["a pytest file naming recursion_limit", "tests/controls/test_stops.py", "from agent import run\n\n\ndef test_spend_abort_recursion_limit():\n    assert run(recursion_limit=3).stopped\n"],
  ])("%s", (_, file, text) => {
    const r = run({ "agent.py": PY, [file]: text }, 'readiness:\n  control_tests: ["tests/controls/test_*.py"]\n');
    expect(control(r, "DRA-02").findings.map((f) => f.message)).toEqual([]);
  });
});

describe("a remediation never asks for what the manifest declares", () => {
  const gateway = 'spend:\n  ceiling: { amount: 200, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { url: "http://gw:4000" }\n';
  it.each([
    ["RSG-06 with max_concurrency declared", "RSG-06", gateway + "boundaries:\n  limits:\n    max_concurrency: 4\n", /concurrency/],
    ["RSG-06 with the cost per call declared", "RSG-06", gateway + "  cost_model:\n    max_cost_per_call: { amount: 0.06, currency: USD }\n", /cost of the most expensive|max_cost_per_call: \{/],
    ["ABC-05 with a rate declared", "ABC-05", "boundaries:\n  limits:\n    rate: { calls: 60, per: 1m, enforced_by: gateway }\n", /rate limit|rate:/],
  ])("%s: the text report's block for it does not ask for it", (_, id, yaml, asked) => {
    const r = run({ "src/agent.ts": TS }, yaml);
    expect(control(r, id).status).not.toBe("pass");
    expect(askedFor(renderText(r, { color: 0 }), id)).not.toMatch(asked);
  });
});
