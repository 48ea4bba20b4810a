// An include glob such as `examples/**` selects every file under the folder: README.md, go.sum,
// LICENSE. psf parsed each file of no known language as TypeScript, so a new user's Go project
// (include `examples/**`) got "has a syntax error" for its READMEs and go.sum under 11 controls.
// Only code is parsed; a Python script without the .py extension is said not examined.
import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { selectSourcePaths } from "../../src/sources/collect.js";

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "psf-include-"));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const AGENT = { "agent/main.ts": "export const x = 1;\n" };

describe("a file of no known language that agent.include selects", () => {
  const cases: { name: string; files: Record<string, string>; include: string[]; read: string[]; notExamined?: string[] }[] = [
    {
      name: "documents, lock files and licences under a globbed folder are not parsed",
      files: { ...AGENT, "agent/README.md": "# Agent\n\nRun `go run .`\n", "agent/go.sum": "github.com/x/y v1.0.0 h1:abc=\n", "agent/LICENSE": "MIT License\n", "agent/config.json": "{}\n" },
      include: ["agent/**"],
      read: ["agent/main.ts"],
    },
    {
      name: "a script with no extension whose first line runs Node.js is read",
      files: { ...AGENT, "agent/run": "#!/usr/bin/env node\nconsole.log(1);\n", "agent/deploy": "#!/bin/sh\necho deploy\n" },
      include: ["agent/**"],
      read: ["agent/main.ts", "agent/run"],
    },
    {
      name: "a script with no extension whose first line runs python is not examined, and says so",
      files: { ...AGENT, "agent/worker": "#!/usr/bin/env python3\nprint('x')\n" },
      include: ["agent/**"],
      read: ["agent/main.ts"],
      notExamined: ["agent/worker"],
    },
    {
      name: "a file the include names literally is read as code, whatever its name",
      files: { ...AGENT, "agent/handler.agent": "export const y = 2;\n", "agent/notes.txt": "notes\n" },
      include: ["agent/main.ts", "./agent/handler.agent"],
      read: ["agent/handler.agent", "agent/main.ts"],
    },
  ];
  it.each(cases)("$name", ({ files, include, read, notExamined }) => {
    const sel = selectSourcePaths({ dir: tree(files), include });
    expect(sel.files.map((f) => f.path).sort()).toEqual(read);
    expect(sel.skipped.filter((s) => s.level === "error").map((s) => s.path)).toEqual(notExamined ?? []);
  });
});
