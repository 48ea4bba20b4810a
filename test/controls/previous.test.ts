import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import type { PreviousAssessment } from "../../src/controls/types.js";
import type { Report } from "../../src/report/model.js";
import { project } from "../helpers.js";
import { BASE, NOW } from "./tester.js";

const previousOf = (r: Report): PreviousAssessment => ({ generatedAt: r.generatedAt, subjects: r.subjects.map((s) => ({ name: s.name, sha256: s.digest.sha256 })), capabilities: r.capabilities });
const manifest = (tools: string, reviewed = "2026-11-02") => `${BASE}boundaries:\n  tools:\n${tools}  endpoints:\n    allow: ["https://a.example"]\n  limits:\n    max_steps: 40\nreadiness:\n  reviewed_at: ${reviewed}\n  reassess_every: 90d\n`;

describe("DRA-03 with a previous assessment", () => {
  const tools = "    - { name: lookup, access: read }\n";
  const dir = project({ "psf.yaml": manifest(tools), "src/agent.ts": "export const a = 1;\n", "src/old.ts": "export const b = 2;\n" });
  const first = assess(dir, { now: NOW }).report;

  it("nothing changed: passes and says so", () => {
    const again = assess(dir, { now: NOW, previous: previousOf(first) }).report.controls.find((c) => c.id === "DRA-03")!;
    expect(again.status).toBe("pass");
    expect(again.notes.join(" ")).toMatch(/nothing changed/);
  });

  it("lists every changed, new and removed file, and names capability changes", () => {
    const later = project({
      "psf.yaml": manifest(tools + "    - { name: purge, access: destructive, requires_approval: true }\n").replace("max_steps: 40", "max_steps: 80"),
      "src/agent.ts": "export const a = 2;\n",
      "src/new.ts": "export const c = 3;\n",
    });
    const r = assess(later, { now: NOW, previous: previousOf(first) }).report.controls.find((c) => c.id === "DRA-03")!;
    const messages = r.findings.map((f) => f.message);
    expect(r.status).toBe("fail");
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/^src\/agent\.ts changed since/),
      expect.stringMatching(/^src\/new\.ts is new since/),
      expect.stringMatching(/^src\/old\.ts was removed since/),
      expect.stringMatching(/^psf\.yaml changed since/),
      expect.stringMatching(/capability change .*new tool purge \(destructive\)/),
      expect.stringMatching(/capability change .*limit max_steps changed from 40 to 80/),
    ]));
    expect(r.findings.find((f) => f.message.includes("new tool"))?.line).toBeGreaterThan(5);
  });

  it("changes reviewed since the previous assessment only warn", () => {
    writeFileSync(path.join(dir, "src/agent.ts"), "export const a = 3;\n");
    const later = { ...previousOf(first), generatedAt: "2026-11-01T00:00:00Z" };
    const r = assess(dir, { now: NOW, previous: later }).report.controls.find((c) => c.id === "DRA-03")!;
    expect(r.status).toBe("warn");
    expect(r.findings[0]?.message).toMatch(/src\/agent\.ts changed/);
  });
});
