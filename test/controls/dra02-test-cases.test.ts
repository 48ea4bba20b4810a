// DRA-02 counts a stop (spend cap, kill path, termination bound) only where a test case that asserts
// something names it, read from the test's text (never run): a keyword in a comment, in a docstring, in
// a skipped test or in a test that asserts nothing proves no stop fires. Tests in a language psf does
// not read match by keyword only, and say so (warn).
import { afterAll, describe, expect, it } from "vitest";
import type { Status } from "../../src/report/model.js";
import { removeProjects } from "../helpers.js";
import { describeFinding, evaluateControl } from "./tester.js";

afterAll(removeProjects);

const tests = (glob: string) => `readiness:\n  control_tests: ["${glob}"]\n`;
const TS = tests("test/**/*.test.ts");
const PY = tests("tests/test_*.py");
const GO = tests("controls/*_test.go");

interface Case {
  name: string;
  yaml: string;
  files: Record<string, string>;
  status: Status;
  says: RegExp[];
  /** file:line of the first finding. */
  at?: string;
}

const cases: Case[] = [
  // The reported loophole: keywords alone.
  { name: "a TypeScript file holding only a TODO comment", yaml: TS, files: { "test/stops.test.ts": "// TODO: budget, kill, max_steps\n" }, status: "fail", says: [/the spend cap is mentioned here, but not inside a test case that asserts anything: the file holds no test case/], at: "test/stops.test.ts:1" },
  { name: "Python tests that only assert True", yaml: PY, files: { "tests/test_stops.py": "def test_budget():\n    assert True\n\n\ndef test_kill():\n    assert 1\n\n\ndef test_max_steps():\n    assert(True)\n" }, status: "fail", says: [/test "test_budget" \(line 1\) asserts nothing, nor does any other test/, /test "test_kill" \(line 5\)/, /test "test_max_steps" \(line 9\)/], at: "tests/test_stops.py:1" },
  // Other ways to name a stop without testing it.
  { name: "TypeScript: the words in a test that asserts only a constant", yaml: TS, files: { "test/stops.test.ts": "it('budget, kill and max_steps', () => {\n  expect(true).toBe(true);\n});\n" }, status: "fail", says: [/test "budget, kill and max_steps" \(line 1\) asserts nothing/] },
  { name: "TypeScript: a skipped test", yaml: TS, files: { "test/stops.test.ts": "it.skip('budget, kill and max_steps', () => {\n  expect(run().stopped).toBe(true);\n});\nit('runs', () => { expect(run().ok).toBe(true); });\n" }, status: "fail", says: [/the spend cap is mentioned here, but not inside a test case that asserts anything: the line is outside every test case/], at: "test/stops.test.ts:1" },
  { name: "TypeScript: the words in a string outside any test", yaml: TS, files: { "test/stops.test.ts": "const topics = 'budget kill max_steps';\nit('runs', () => { expect(run(topics).ok).toBe(true); });\n" }, status: "fail", says: [/the kill\/suspend path is mentioned here, but not inside a test case that asserts anything: the line is outside every test case/], at: "test/stops.test.ts:1" },
  { name: "TypeScript: the words in a block comment inside an asserting test", yaml: TS, files: { "test/stops.test.ts": "import { run } from '../src/agent';\nit('runs', () => {\n  /* budget, kill, max_steps */\n  expect(run().ok).toBe(true);\n});\n" }, status: "fail", says: [/the termination bound is mentioned here, .*inside test "runs" it is only in a comment/], at: "test/stops.test.ts:3" },
  { name: "Python: the words only in a docstring", yaml: PY, files: { "tests/test_stops.py": 'from agent import run\n\n\ndef test_runs():\n    """The budget, the kill path and max_steps."""\n    assert run().ok\n' }, status: "fail", says: [/the spend cap is mentioned here, .*inside test "test_runs" it is only in a comment/], at: "tests/test_stops.py:5" },
  { name: "Python: the words only in a comment", yaml: PY, files: { "tests/test_stops.py": "# budget, kill, max_steps\ndef test_runs():\n    assert run().ok  # budget\n" }, status: "fail", says: [/the spend cap is mentioned here, .*outside every test case/], at: "tests/test_stops.py:1" },
  { name: "Python: tests an unconditional decorator skips", yaml: PY, files: { "tests/test_stops.py": "import pytest\nimport unittest\n\n\n@pytest.mark.skip(reason='flaky')\ndef test_budget_refused():\n    assert gateway.call().status == 402\n\n\n@unittest.skip('later')\ndef test_kill_aborts():\n    assert run(stop=True).aborted\n\n\n@pytest.mark.skipif(sys.platform == 'win32', reason='posix')\ndef test_max_steps_bound():\n    assert run().steps == MAX_STEPS\n" }, status: "fail", says: [/the spend cap is mentioned here, but not inside a test case that asserts anything/] },
  { name: "Python: a helper, not a test, names the stops", yaml: PY, files: { "tests/test_stops.py": "def check_budget_kill_max_steps():\n    assert run().ok\n" }, status: "fail", says: [/the file holds no test case/] },
  { name: "Go: empty tests named after the stops", yaml: GO, files: { "controls/stops_test.go": "package controls\n\nimport \"testing\"\n\nfunc TestSpendCap(t *testing.T) {}\n\nfunc TestKillSwitch(t *testing.T) { t.Log(\"kill\") }\n\nfunc TestMaxSteps(t *testing.T) {}\n" }, status: "fail", says: [/the spend cap is mentioned here, .*test "TestSpendCap" \(line 5\) asserts nothing/, /test "TestKillSwitch"/, /test "TestMaxSteps"/], at: "controls/stops_test.go:5" },
  // Real tests pass, whatever runner and shape they take.
  {
    name: "TypeScript: describe titles, it.each, test.concurrent and node:test's t.assert",
    yaml: TS,
    files: {
      "test/spend.test.ts": "import { gateway } from '../src/agent.js';\ndescribe('spend cap', () => {\n  it.each([1, 2])('refuses call %i past the ceiling', async (n) => {\n    await expect(gateway.call(n)).rejects.toThrow(/402/);\n  });\n});\n",
      "test/kill.test.ts": "import assert from 'node:assert';\nimport { gate } from '../src/agent.ts';\ntest.concurrent('an operator stop aborts the run', () => {\n  assert.equal(gate.stop().signal.aborted, true);\n});\n",
      "test/bound.test.ts": "import { test } from 'node:test';\nconst { run, MAX_STEPS } = require('../src');\ntest('the run stops', (t) => {\n  t.assert.equal(run().steps, MAX_STEPS);\n});\n",
    },
    status: "pass",
    says: [/3 test cases with an assertion/],
  },
  { name: "TypeScript: tests given a function of the file by name", yaml: TS, files: { "test/stops.test.ts": "import * as agent from '@demo/agent/run';\nfunction refusesPastTheBudget() {\n  expect(gateway.call(201)).toBe(402);\n}\nconst killStopsTheRun = async () => {\n  expect((await run({ stop: true })).aborted).toBe(true);\n};\nit('spend cap', refusesPastTheBudget);\ntest('kill switch', killStopsTheRun);\nit('max_steps bounds the run', function () {\n  expect(run().steps).toBe(MAX_STEPS);\n});\n" }, status: "pass", says: [/3 test cases with an assertion/] },
  { name: "Python: a unittest class, pytest.raises and a real assert", yaml: PY, files: { "tests/test_stops.py": "import pytest\n\nfrom scanner.gateway import gateway\n\n\nclass TestSpendCap:\n    def test_refuses_past_the_ceiling(self):\n        self.assertEqual(gateway.call().status, 402)\n\n\ndef test_stop_kills_the_run():\n    with pytest.raises(RunStopped):\n        run(stop=True)\n\n\ndef test_the_run_stops():\n    assert run().steps == MAX_STEPS\n" }, status: "pass", says: [/3 test cases with an assertion/] },
  { name: "Python: a Strands run asserted to stop with stop_reason limit_turns is a test of the termination bound", yaml: PY, files: { "tests/test_stops.py": "import pytest\n\nfrom scanner.gateway import gateway\n\n\nclass TestSpendCap:\n    def test_refuses_past_the_ceiling(self):\n        self.assertEqual(gateway.call().status, 402)\n\n\ndef test_stop_kills_the_run():\n    with pytest.raises(RunStopped):\n        run(stop=True)\n\n\ndef test_the_agent_stops():\n    assert agent(\"go\", limits={\"turns\": 3}).stop_reason == \"limit_turns\"\n" }, status: "pass", says: [/3 test cases with an assertion/] },
  { name: "Go: t.Fatalf and testify", yaml: GO, files: { "controls/stops_test.go": "package controls\n\nimport \"testing\"\n\nfunc TestSpendCap(t *testing.T) {\n\tif gateway.Call() != 402 {\n\t\tt.Fatalf(\"not refused\")\n\t}\n}\n\nfunc TestKillSwitch(t *testing.T) { require.True(t, stop().Aborted) }\n\nfunc TestMaxSteps(t *testing.T) { assert.Equal(t, 3, run().Steps) }\n" }, status: "pass", says: [/3 test cases with an assertion/] },
  { name: "assertion helpers: expectX() in TypeScript, a mock's assert_called_* in Python, a Go helper handed t", yaml: tests("tests/**/*"), files: {
    "tests/spend.test.ts": "const { gateway } = await import('../src/agent.mjs');\nit('refuses calls past the budget', () => {\n  expectRefused(gateway.call());\n});\n",
    "tests/test_kill.py": "from .helpers import gate, runner\n\n\ndef test_stop_kills_the_run():\n    gate.stop()\n    runner.abort.assert_called_once_with('stopped')\n",
    "tests/bound_test.go": "package tests\n\nimport \"testing\"\n\nfunc TestMaxSteps(t *testing.T) {\n\tassertStopsAt(t, run(), 3)\n}\n",
  }, status: "pass", says: [/3 test cases with an assertion/] },
  // A language psf does not read: its test cases are not examined, whatever keywords they hold.
  { name: "a Rust test file: not examined, an error naming the language", yaml: tests("tests/*.rs"), files: { "tests/stops.rs": "#[test]\nfn budget_kill_max_steps() {\n    assert!(run().stopped);\n}\n" }, status: "error", says: [/control test tests\/stops\.rs is Rust, whose tests psf does not read/], at: "tests/stops.rs:1" },
  { name: "a Java test with @Test and assertThat: not examined, not '0 test cases'", yaml: tests("src/test/java/**/*IT.java"), files: { "src/test/java/AgentIT.java": "class AgentIT {\n  @Test\n  void stops() {\n    assertThat(agent.run()).isNotNull();\n  }\n}\n" }, status: "error", says: [/control test src\/test\/java\/AgentIT\.java is Java, whose tests psf does not read/], at: "src/test/java/AgentIT.java:1" },
  { name: "a Java test beside Python tests psf reads: a warn on the Java file, the Python ones judged", yaml: `readiness:\n  control_tests: ["tests/test_*.py", "src/test/java/**/*IT.java"]\n`, files: { "tests/test_stops.py": "from agent import run\n\n\ndef test_budget_kill_max_steps():\n    assert run() is None\n", "src/test/java/AgentIT.java": "class AgentIT {}\n" }, status: "warn", says: [/AgentIT\.java is Java, whose tests psf does not read/] },
];

/** The agent the tests above load (each asserting test imports one of these, as a real control test does). */
const AGENT: Record<string, string> = {
  "src/agent.ts": "export const run = () => ({ ok: true });\n",
  "src/agent.mjs": "export const gateway = {};\n",
  "src/index.ts": "export const MAX_STEPS = 3;\n",
  "package.json": '{ "name": "@demo/agent" }\n',
  "agent.py": "def run():\n    pass\n",
  "scanner/gateway.py": "gateway = None\n",
  "tests/helpers.py": "gate = runner = None\n",
};

describe("DRA-02: a stop counts only inside a test case that asserts something", () => {
  it.each(cases)("$name → $status", (c) => {
    const r = evaluateControl("DRA-02", { yaml: c.yaml, files: { ...AGENT, ...c.files } });
    expect(r.status, describeFinding(r)).toBe(c.status);
    const said = [...r.findings.map((f) => f.message), ...(r.notes ?? [])];
    for (const re of c.says) expect(said.some((m) => re.test(m)), `${re} in:\n${said.join("\n")}`).toBe(true);
    if (c.at) expect(`${r.findings[0]?.file}:${r.findings[0]?.line}`).toBe(c.at);
  });
});
