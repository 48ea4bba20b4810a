// The header's source-file count agrees with "What psf read": a Go-only agent is not "0 source files".
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { renderText } from "../../src/report/render/text.js";
import { renderMarkdown } from "../../src/report/render/markdown.js";
import { renderHtml } from "../../src/report/render/html.js";
import { MINIMAL, project, removeProjects } from "../helpers.js";

afterAll(removeProjects);

const GO = "package main\n\nfunc main() {}\n";
const TS = "export const answer = 42;\n";

const cases: { name: string; files: Record<string, string>; summary: string }[] = [
  { name: "Go only", files: { "main.go": GO }, summary: "1 source file (Go, not read)" },
  { name: "two Go files", files: { "cmd/a/main.go": GO, "internal/b.go": GO }, summary: "2 source files (Go, not read)" },
  { name: "Go and Rust, nothing read", files: { "main.go": GO, "src/main.rs": "fn main() {}\n", "src/lib.rs": "pub fn f() {}\n" }, summary: "3 source files (Go 1, Rust 2; not read)" },
  { name: "TypeScript beside Go", files: { "src/a.ts": TS, "src/b.ts": TS, "worker/main.go": GO }, summary: "3 source files (2 read; Go 1 not read)" },
  { name: "TypeScript only", files: { "src/a.ts": TS }, summary: "1 source file" },
  { name: "no source at all", files: { "README.md": "# nothing\n" }, summary: "0 source files" },
];

describe.each(cases)("the header counts every source file: $name", ({ files, summary }) => {
  const dir = project({ "psf.yaml": MINIMAL, ...files });
  const report = assess(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") }).report;

  it("text", () => {
    expect(renderText(report, { color: 0 }).split("\n")[1]).toBe(`psf.yaml · ${summary} · ${report.catalogue} · ${report.generatedAt}`);
  });
  it("Markdown", () => {
    expect(renderMarkdown(report).split("\n")[2]).toContain(`\`psf.yaml\` · ${summary} · owner`);
  });
  it("HTML", () => {
    const html = renderHtml(report, {});
    expect(html).toContain(`manifest <code>psf.yaml</code> · ${summary} · catalogue`);
    expect(html).toContain(`among them ${summary}`);
  });
});
