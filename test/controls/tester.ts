import { assess, type AssessOptions } from "../../src/assess.js";
import type { ControlResult, Status } from "../../src/report/model.js";
import { project } from "../helpers.js";

export const BASE = "psf: 1\ndeployment:\n  name: demo-agent\n  owner: alice@example.net\n";
export const NOW = new Date("2026-11-21T12:00:00Z");

export interface ControlCase {
  name: string;
  /** Manifest text after the required header. */
  yaml: string;
  files?: Record<string, string>;
  status: Status;
  /** Each pattern must match some finding's message; `at` the `file:line` of the first finding. */
  says?: RegExp[];
  at?: string;
  opts?: AssessOptions;
}

/** Assess a throwaway project and return one control's result: the ControlTester of this project. */
export function evaluateControl(id: string, c: Pick<ControlCase, "yaml" | "files" | "opts"> & { owner?: string }): ControlResult {
  const base = c.owner ? BASE.replace("alice@example.net", c.owner) : BASE;
  const dir = project({ "psf.yaml": base + c.yaml, ...(c.files ?? {}) });
  const { report } = assess(dir, { now: NOW, ...c.opts });
  const r = report.controls.find((x) => x.id === id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
}

export function describeFinding(r: ControlResult): string {
  return r.findings.map((f) => `${f.level} ${f.file ?? ""}:${f.line ?? ""} ${f.message}`).join("\n");
}
