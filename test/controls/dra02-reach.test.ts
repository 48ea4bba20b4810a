// DRA-02 counts a control test only when it loads something of the project under assessment: a relative
// import that resolves to a project file, a Python module or package the project has (a conftest.py's
// fixtures count), or the project's own package name (package.json, pyproject.toml, tsconfig paths). A
// test importing only third-party packages, or a path or module the project does not have, tests
// something else: DRA-02 names it at the import's file:line (fail when it was the only test of a stop).
import { afterAll, describe, expect, it } from "vitest";
import { removeProjects } from "../helpers.js";
import { describeFinding, evaluateControl } from "./tester.js";

afterAll(removeProjects);

const tests = (glob: string) => `readiness:\n  control_tests: ["${glob}"]\n`;
const TS = tests("test/**/*.test.*");
const PY = tests("tests/**/test_*.py");

/** Test cases that name and assert all three stops, after the given import lines. */
const tsStops = (imports: string) => `${imports}\ndescribe('stops', () => {\n  it('refuses past the budget', () => { expect(agent.call(201)).toBe(402); });\n  it('kill aborts the run', () => { expect(agent.stop().aborted).toBe(true); });\n  it('stops at max_steps', () => { expect(agent.run().steps).toBe(3); });\n});\n`;
const pyStops = (imports: string) => `${imports}\n\n\ndef test_budget_refused():\n    assert limits.call(201) == 402\n\n\ndef test_kill_aborts():\n    assert limits.stop().aborted\n\n\ndef test_max_steps():\n    assert limits.run().steps == 3\n`;

interface Pair {
  name: string;
  yaml: string;
  /** The control test, which imports what `project` provides. */
  test: Record<string, string>;
  /** The project files that import resolves to; without them the test reaches nothing. */
  project: Record<string, string>;
  /** What DRA-02 says without them, at file:line of the import. */
  says: RegExp;
  at: string;
}

const pairs: Pair[] = [
  // Python: a package, a module, a namespace package, a src/ layout, the distribution's name, a relative import, a conftest.
  { name: "Python: from scanner import limits, scanner/ a package", yaml: PY, test: { "tests/test_limits.py": pyStops("import pytest\n\nfrom scanner import limits") }, project: { "scanner/__init__.py": "", "scanner/limits.py": "MAX_STEPS = 3\n" }, says: /tests\/test_limits\.py imports nothing of the agent \(scanner is no module or package of this project; pytest is a library, not the project\): its tests of the spend cap, the kill\/suspend path and the termination bound do not reach the agent/, at: "tests/test_limits.py:3" },
  { name: "Python: scanner.py beside the tests' folder", yaml: PY, test: { "tests/test_limits.py": pyStops("from scanner import limits") }, project: { "scanner.py": "limits = None\n" }, says: /scanner is no module or package of this project/, at: "tests/test_limits.py:1" },
  { name: "Python: a namespace package (no __init__.py)", yaml: PY, test: { "tests/controls/test_limits.py": pyStops("import scanner.limits as limits") }, project: { "scanner/limits.py": "MAX_STEPS = 3\n" }, says: /scanner\.limits is no module or package of this project/, at: "tests/controls/test_limits.py:1" },
  { name: "Python: a namespace package, not a folder of YAML named like the library", yaml: PY, test: { "tests/test_limits.py": pyStops("import yaml\nimport scanner as limits") }, project: { "scanner/run.py": "" }, says: /scanner is no module or package of this project; yaml is a library, not the project/, at: "tests/test_limits.py:2" },
  { name: "Python: a src/ layout", yaml: PY, test: { "tests/test_limits.py": pyStops("from scanner import limits") }, project: { "src/scanner/__init__.py": "", "src/scanner/limits.py": "" }, says: /scanner is no module/, at: "tests/test_limits.py:1" },
  { name: "Python: the project's distribution name from pyproject.toml", yaml: PY, test: { "tests/test_limits.py": pyStops("import dn42_scanner.limits as limits") }, project: { "pyproject.toml": '[project]\nname = "dn42-scanner"\n' }, says: /dn42_scanner\.limits is no module/, at: "tests/test_limits.py:1" },
  { name: "Python: a relative import of the tests' package", yaml: PY, test: { "tests/test_limits.py": pyStops("from .support import limits") }, project: { "tests/support.py": "from scanner import limits\n" }, says: /\.support is no module or package of this project/, at: "tests/test_limits.py:1" },
  { name: "Python: the agent handed over by a conftest.py fixture", yaml: PY, test: { "tests/controls/test_limits.py": pyStops("import pytest") }, project: { "tests/conftest.py": "import pytest\n\nfrom scanner.agent import build\n", "scanner/agent.py": "def build():\n    pass\n" }, says: /pytest is a library, not the project\): its tests of/, at: "tests/controls/test_limits.py:1" },
  // TypeScript / JavaScript: a relative file (with .js for .ts), an index, the package name, a path alias, a dynamic import, require().
  { name: "TypeScript: ../src/limits.js for src/limits.ts", yaml: TS, test: { "test/stops.test.ts": tsStops('import { describe, expect, it } from "vitest";\nimport * as agent from "../src/limits.js";') }, project: { "src/limits.ts": "export const MAX_STEPS = 3;\n" }, says: /test\/stops\.test\.ts imports nothing of the agent \(\.\.\/src\/limits\.js resolves to no file of this project; vitest is a library, not the project\)/, at: "test/stops.test.ts:2" },
  { name: "TypeScript: a folder's index", yaml: TS, test: { "test/stops.test.ts": tsStops('import { agent } from "../src";') }, project: { "src/index.ts": "export const agent = {};\n" }, says: /\.\.\/src resolves to no file/, at: "test/stops.test.ts:1" },
  { name: "TypeScript: the project's own package name", yaml: TS, test: { "test/stops.test.ts": tsStops('import { expect } from "vitest";\nimport { agent } from "dn42-scanner/agent";') }, project: { "package.json": '{ "name": "dn42-scanner", "type": "module" }\n' }, says: /vitest, dn42-scanner\/agent are libraries, not the project/, at: "test/stops.test.ts:2" },
  { name: "TypeScript: a tsconfig path alias", yaml: TS, test: { "test/stops.test.ts": tsStops('import { agent } from "@app/agent";') }, project: { "tsconfig.json": '{\n  // aliases\n  "compilerOptions": { "paths": { "@app/*": ["src/*"] } },\n}\n' }, says: /@app\/agent is a library/, at: "test/stops.test.ts:1" },
  { name: "TypeScript: a dynamic import()", yaml: TS, test: { "test/stops.test.ts": tsStops('import { it } from "vitest";\nconst agent = await import("../src/gateway.js");') }, project: { "src/gateway.ts": "export const call = () => 402;\n" }, says: /\.\.\/src\/gateway\.js resolves to no file/, at: "test/stops.test.ts:2" },
  { name: "JavaScript: require() of a file beside the test", yaml: TS, test: { "test/stops.test.js": tsStops('const agent = require("./agent");') }, project: { "test/agent.js": "module.exports = {};\n" }, says: /\.\/agent resolves to no file/, at: "test/stops.test.js:1" },
];

describe("DRA-02: a control test counts when it imports the project, and is named when it does not", () => {
  it.each(pairs)("$name", ({ yaml, test, project, says, at }) => {
    const reached = evaluateControl("DRA-02", { yaml, files: { ...project, ...test } });
    expect(reached.status, describeFinding(reached)).toBe("pass");
    const alone = evaluateControl("DRA-02", { yaml, files: test });
    expect(alone.status, describeFinding(alone)).toBe("fail");
    const f = alone.findings.find((x) => says.test(x.message));
    expect(f, describeFinding(alone)).toBeDefined();
    expect(`${f!.file}:${f!.line}`).toBe(at);
  });
});

const AGENT = { "src/agent.ts": "export const agent = {};\n", "scanner/__init__.py": "", "scanner/limits.py": "" };

const cases: { name: string; yaml: string; files: Record<string, string>; level: "fail" | "warn"; says: RegExp; at: string }[] = [
  { name: "TypeScript: only vitest imported", yaml: TS, files: { "test/stops.test.ts": tsStops('import { describe, expect, it } from "vitest";') }, level: "fail", says: /vitest is a library, not the project\): its tests of the spend cap, the kill\/suspend path and the termination bound do not reach the agent, so they do not count/, at: "test/stops.test.ts:1" },
  { name: "TypeScript: the project import only in a comment", yaml: TS, files: { "test/stops.test.ts": tsStops('import { it } from "vitest";\n// import * as agent from "../src/agent";') }, level: "fail", says: /imports nothing of the agent \(vitest is a library/, at: "test/stops.test.ts:1" },
  { name: "Python: a pure import pytest", yaml: PY, files: { "tests/test_stops.py": pyStops("import pytest") }, level: "fail", says: /pytest is a library, not the project/, at: "tests/test_stops.py:1" },
  { name: "Python: the project import only in a docstring", yaml: PY, files: { "tests/test_stops.py": pyStops('"""Run as: from scanner import limits."""\nimport pytest') }, level: "fail", says: /\(pytest is a library, not the project\)/, at: "tests/test_stops.py:2" },
  { name: "Python: import yaml beside a folder of YAML named yaml/", yaml: PY, files: { "yaml/gateway.yaml": "budget: 200\n", "tests/test_stops.py": pyStops("import yaml") }, level: "fail", says: /\(yaml is a library, not the project\)/, at: "tests/test_stops.py:1" },
  { name: "a test with no import at all", yaml: PY, files: { "tests/test_stops.py": pyStops("") }, level: "fail", says: /tests\/test_stops\.py imports nothing of the agent \(it has no import\)/, at: "tests/test_stops.py:1" },
  // One stop tested only where the agent is not loaded: that stop is untested.
  {
    name: "the spend cap tested only by a test that does not reach the agent",
    yaml: TS,
    files: {
      "test/bound.test.ts": 'import { agent } from "../src/agent";\nit("kill aborts, max_steps bounds", () => { expect(agent.run().aborted).toBe(true); });\n',
      "test/spend.test.ts": 'import { readFileSync } from "node:fs";\nimport { parse } from "yaml";\nit("budget", () => { expect(parse(readFileSync("psf.yaml", "utf8")).spend.ceiling.amount).toBe(200); });\n',
    },
    level: "fail",
    says: /^test\/spend\.test\.ts imports nothing of the agent \(node:fs, yaml are libraries, not the project\): its tests of the spend cap do not reach the agent, so they do not count$/,
    at: "test/spend.test.ts:1",
  },
  // Every stop is tested by a test that loads the agent: the other file is named, a warn.
  {
    name: "an extra test file that reaches nothing, beside tests that do",
    yaml: TS,
    files: { "test/stops.test.ts": tsStops('import { agent } from "../src/agent";'), "test/config.test.ts": 'import { expect, it } from "vitest";\nit("budget is set", () => { expect(read().budget).toBe(200); });\n' },
    level: "warn",
    says: /^test\/config\.test\.ts imports nothing of the agent \(vitest is a library, not the project\): its tests cannot exercise the agent's stops$/,
    at: "test/config.test.ts:1",
  },
];

describe("DRA-02: what it says of a test that imports nothing of the agent", () => {
  it.each(cases)("$name → $level", ({ yaml, files, level, says, at }) => {
    const r = evaluateControl("DRA-02", { yaml, files: { ...AGENT, ...files } });
    expect(r.status, describeFinding(r)).toBe(level);
    const f = r.findings.find((x) => says.test(x.message));
    expect(f, describeFinding(r)).toBeDefined();
    expect(f!.level).toBe(level);
    expect(`${f!.file}:${f!.line}`).toBe(at);
    expect(f!.fix).toMatch(/import the agent's own code/);
  });

  it("the note counts only the test cases that reach the agent", () => {
    const r = evaluateControl("DRA-02", { yaml: TS, files: { ...AGENT, ...cases.at(-1)!.files } });
    expect(r.notes).toContainEqual(expect.stringMatching(/; 3 test cases with an assertion \(not counting 1 file that imports nothing of the agent\)$/));
  });
});
