import { expect } from "vitest";
import type { Manifest } from "../../src/manifest/types.js";
import type { ControlContext } from "../../src/controls/types.js";
import { runSourceCheck, type SourceCheckId, type SourceCheckResult } from "../../src/controls/source/index.js";
import { extractFacts } from "../../src/facts/extract.js";
import { sourceSet } from "../facts/helpers.js";
import type { SourceSet } from "../../src/sources/collect.js";
import path from "node:path";
import { assessAsync } from "../../src/assess.js";
import { project } from "../helpers.js";

export type Fragment = Omit<Partial<Manifest>, "psf" | "deployment">;

/** Run one source check over in-memory files (or a collected SourceSet) with a manifest fragment. */
export function check(id: SourceCheckId, manifest: Fragment, files: Record<string, string> | SourceSet): SourceCheckResult {
  const sources = "files" in files && Array.isArray(files.files) ? (files as SourceSet) : sourceSet(files as Record<string, string>);
  const m = { psf: 1, deployment: { name: "t", owner: "o@example.net" }, ...manifest } as Manifest;
  const ctx = { manifest: m, sources, facts: extractFacts(sources) } as unknown as ControlContext;
  return runSourceCheck(id, ctx);
}

/** `level@line` for each finding, for compact table expectations. */
export function summary(r: SourceCheckResult): string[] {
  return r.findings.map((f) => `${f.level}@${f.loc && "line" in f.loc ? f.loc.line : "-"}`);
}

/**
 * One row of a whole-project table (browser-use, agno, Agent Framework, Claude Agent SDK): "pass" is no
 * fail or warn, with `text` in the control's notes (so it saw the construct); otherwise a finding of
 * that level at that line whose message holds `text`, and whose fix holds `fix` when one is given.
 */
export function expectControlCase(found: { findings: { level: string; message: string; line?: number; fix?: string }[]; notes: string[] }, level: string, line: number, text: string, fix?: string): void {
  const f = found.findings;
  if (level === "pass") {
    expect(f.filter((x) => x.level === "fail" || x.level === "warn"), JSON.stringify(f)).toEqual([]);
    expect(found.notes.join(" "), JSON.stringify(found.notes)).toContain(text);
    return;
  }
  const hit = f.find((x) => x.level === level && x.message.includes(text));
  expect(hit, JSON.stringify(f)).toBeDefined();
  expect(hit!.line).toBe(line);
  if (fix !== undefined) expect(hit!.fix).toContain(fix);
}

/**
 * One control of a whole assessment of a small project (`files`, its psf.yaml among them): its status,
 * its findings in `file`, all its findings, its notes and the coverage block. The frameworks' tables
 * (agno, Agent Framework, Haystack, Semantic Kernel, …) each assess a one-file agent through it.
 */
export async function controlIn(files: Record<string, string>, id: string, file = "agent.py") {
  const dir = project(files);
  const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
  const c = r.controls.find((x) => x.id === id)!;
  return { status: c.status, findings: c.findings.filter((f) => f.file === file), all: c.findings, notes: c.notes ?? [], coverage: r.coverage };
}
