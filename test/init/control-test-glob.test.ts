// `psf init` on a project with no tests suggests control-test files its team's test runner would
// find, the same glob DRA-02's fix names: a Go team told to add `*.test.ts` files is told nothing.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { project, psf } from "../helpers.js";

const GO = "package main\n\nfunc main() {}\n";
const cases: { name: string; files: Record<string, string>; glob: string }[] = [
  { name: "a Go agent", files: { "go.mod": "module example.net/scanner\n", "cmd/scanner/main.go": GO, "internal/queue.go": "package internal\n" }, glob: "controls/*_test.go" },
  { name: "a Rust agent", files: { "Cargo.toml": '[package]\nname = "scanner"\n', "src/main.rs": "fn main() {}\n" }, glob: "tests/controls*.rs" },
  { name: "a Ruby agent", files: { "Gemfile": 'source "https://rubygems.org"\n', "lib/agent.rb": "class Agent; end\n" }, glob: "spec/controls/**/*_spec.rb" },
  { name: "a TypeScript agent", files: { "src/agent.ts": "export const a = 1;\n" }, glob: "test/controls/**/*.test.ts" },
  { name: "a Python agent", files: { "agent.py": "import os\n" }, glob: "tests/controls/test_*.py" },
  // A language psf reads wins over one it does not, as in DRA-02: its examples can be checked.
  { name: "Go with one Python helper", files: { "cmd/main.go": GO, "tools/main2.go": GO, "scripts/seed.py": "import os\n" }, glob: "tests/controls/test_*.py" },
];

describe("psf init suggests control tests in the project's language", () => {
  it.each(cases)("$name: $glob", ({ files, glob }) => {
    const dir = project(files);
    const r = psf(["init", "--yes", dir]);
    expect(r.code, r.stderr).toBe(0);
    const manifest = readFileSync(path.join(dir, "psf.yaml"), "utf8");
    expect(manifest).toContain(`# No test files were found: add control_tests: ["${glob}"] once they exist.`);
    // The assessment init runs right after says the same in DRA-02's fix.
    expect(r.stdout).toContain(`fix: add readiness.control_tests: ["${glob}"]`);
  });
});
