// The inventory finds imports where the language would execute them: an `import` written in a
// docstring, a comment or a string is text, and must not become a package's first_seen (a real
// case: every coverage finding pointed at a module docstring's usage example, not the import).
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { importsOf } from "../../src/sources/inventory.js";
import { MINIMAL, project, removeProjects } from "../helpers.js";

afterAll(removeProjects);

const lines = (...ls: string[]) => ls.join("\n") + "\n";

const python: { name: string; text: string; imports: string[] }[] = [
  { name: "a module docstring's usage example", text: lines('"""Frames.', "", "Usage:", "    import agno", "    from crewai import Agent", '"""'), imports: [] },
  { name: "a function docstring, single quotes", text: lines("def f():", "    '''", "    from agno.agent import Agent", "    '''", "    return 1"), imports: [] },
  { name: "a comment", text: lines("# import agno", "x = 1  # from crewai import Agent"), imports: [] },
  { name: "triple-quoted strings with prefixes r, b, f, u, rb", text: lines('r"""', "import a1", '"""', "b'''", "import a2", "'''", 'f"""{x}', "import a3", '"""', "U'''", "import a4", "'''", 'Rb"""', "import a5", '"""'), imports: [] },
  { name: "an escaped quote does not end a triple-quoted string", text: lines("s = '''it\\'''s", "import fake", "'''", "import real"), imports: ["real@4"] },
  { name: "a # inside a string is not a comment", text: lines("u = 'http://h/#x'", "import real"), imports: ["real@2"] },
  { name: "an apostrophe in a comment opens no string", text: lines("# don't", "import real"), imports: ["real@2"] },
  { name: "an import under `if TYPE_CHECKING:` still counts", text: lines("from typing import TYPE_CHECKING", "if TYPE_CHECKING:", "    from agno.tools import Toolkit"), imports: ["typing@1", "agno.tools@3"] },
  { name: "`from x import(a)` with no space, after a long function", text: lines("import os", "def f():", ...Array.from({ length: 50 }, (_, i) => `    x${i} = ${i}  # imported from nowhere`), "    return 1", "from agno.tools import(Toolkit)"), imports: ["os@1", "agno.tools@54"] },
  { name: "an import at the end, after text that says import", text: lines("import os", '"""Why import matters."""', "import agno  # important"), imports: ["os@1", "agno@3"] },
  { name: "the real import after a docstring is the one found", text: lines('"""Data frames.', "", "Example::", "", "    import agno", '"""', "from __future__ import annotations", "import agno"), imports: ["__future__@7", "agno@8"] },
];

const script: { name: string; text: string; imports: string[] }[] = [
  { name: "a template literal", text: lines("const doc = `", 'import { Agent } from "fake-one";', "`;", 'import { run } from "real";'), imports: ["real@4"] },
  { name: "a block comment", text: lines("/*", 'import a from "fake-one";', 'const b = require("fake-two");', "*/"), imports: [] },
  { name: "a line comment", text: lines('// const x = require("fake-one");', '// import("fake-two")'), imports: [] },
  { name: "a string", text: lines("const s = 'require(\"fake-one\")';", 'const t = "; import \'fake-two\'";'), imports: [] },
  { name: "a dynamic import inside a template's ${…} is code", text: lines("const t = `${(await import(\"real\")).x}`;"), imports: ["real@1"] },
  { name: "a quote in a regular expression opens no string", text: lines("const re = /'/g; const m = require(\"real\");"), imports: ["real@1"] },
  { name: "imports late in a file, spaced as people write them", text: lines('import a from "one";', "const x = 1;", "// imported from nowhere", 'const b = require ( "two" );', 'const c = await import ("three");', 'export * from"four";'), imports: ["one@1", "two@4", "three@5", "four@6"] },
  { name: "an apostrophe in JSX text hides no later line", text: lines("const a = <p>Don't</p>;", 'const b = require("real");'), imports: ["real@2"] },
];

const shown = (file: string, text: string) => importsOf(file, text).map((i) => `${i.module}@${i.line}`);

describe("Python imports are found only in code", () => {
  it.each(python)("$name", ({ text, imports }) => {
    expect(shown("a.py", text)).toEqual(imports);
  });
});

describe("TypeScript/JavaScript imports are found only in code", () => {
  it.each(script)("$name", ({ text, imports }) => {
    expect(shown("a.tsx", text)).toEqual(imports);
  });
});

describe("first_seen is the real import, and the coverage finding points at it", () => {
  const docstring = lines('"""Frames for the agent.', "", "Usage:", "", "    from griptape.structures import Agent", "    import griptape", '"""', "", "import os", "from griptape.structures import Agent", "", "agent = Agent()");
  const comment = lines("/*", "import { ReActAgent } from 'beeai-framework';", "*/", "const note = `", 'import { ReActAgent } from "beeai-framework";', "`;", 'import { ReActAgent } from "beeai-framework";', "export const agent = new ReActAgent({});");
  it.each([
    { name: "Python, after a docstring", files: { "requirements.txt": "griptape==1.0\n", "agent/frames.py": docstring }, pkg: "griptape", at: "agent/frames.py:10" },
    { name: "TypeScript, after a doc comment and a template literal", files: { "package.json": JSON.stringify({ name: "d", dependencies: { "beeai-framework": "0.1.0" } }), "src/ai.ts": comment }, pkg: "beeai-framework", at: "src/ai.ts:7" },
  ])("$name", ({ files, pkg, at }) => {
    const dir = project({ "psf.yaml": MINIMAL, ...files });
    const report = assess(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") }).report;
    const p = report.coverage.packages.find((x) => x.name === pkg)!;
    expect(`${p.first_seen.file}:${p.first_seen.line}`).toBe(at);
    const warns = report.controls.flatMap((c) => c.findings).filter((f) => f.message.includes(`${pkg} (agent framework)`) || f.message.includes(`on ${pkg}`));
    expect(warns.length).toBeGreaterThan(0);
    for (const f of warns) expect(`${f.file}:${f.line}`).toBe(at);
  });
});
