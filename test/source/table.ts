import { describe, expect, it } from "vitest";
import type { SourceCheckId } from "../../src/controls/source/index.js";
import { check, summary, type Fragment } from "./helpers.js";

/** A control table: manifest fragment + snippet files → expected `level@line` findings (and message fragments). */
export interface ControlCase {
  name: string;
  manifest?: Fragment;
  files: Record<string, string> | string;
  /** `fail@12`, `warn@3`; [] means the check passes. */
  findings: string[];
  messages?: string[];
  notes?: string[];
}

export function controlTable(id: SourceCheckId, cases: ControlCase[]): void {
  describe(id, () => {
    for (const c of cases) {
      it(c.name, () => {
        const r = check(id, c.manifest ?? {}, typeof c.files === "string" ? { "src/agent.ts": c.files } : c.files);
        expect(summary(r)).toEqual(c.findings);
        for (const f of r.findings) {
          expect(f.fix, "every finding has a fix").toBeTruthy();
          expect(f.loc ?? f.at, "every finding says where").toBeTruthy();
        }
        const text = r.findings.map((f) => f.message).join("\n");
        for (const m of c.messages ?? []) expect(text).toContain(m);
        for (const n of c.notes ?? []) expect((r.notes ?? []).join("\n")).toContain(n);
      });
    }
  });
}
