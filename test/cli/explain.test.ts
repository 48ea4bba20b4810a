import { describe, expect, it } from "vitest";
import { psf } from "../helpers.js";

describe("psf explain", () => {
  it("RSG-06: rationale, what passes, the evidence it reads and the example fix", () => {
    const r = psf(["explain", "RSG-06"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^RSG-06 {2}Worst-case 72-hour spend is finite\n/);
    for (const heading of ["Why it matters", "Passes when", "Evidence it reads", "How to fix it"]) expect(r.stdout).toContain(heading);
    expect(r.stdout).toContain("The DN42 agent ran unattended across billing cycles");
    expect(r.stdout).toContain("    spend:\n      ceiling: { amount: 200, currency: USD, period: 30d }");
    expect(r.stdout).toContain("max_cost_per_call");
  });

  it("is case-insensitive and shows the code example when the catalogue has one", () => {
    const r = psf(["explain", "abc-06"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ABC-06 /);
    expect(r.stdout).toContain("  yaml:\n    boundaries:");
    expect(r.stdout).toContain("  code:\n");
    expect(r.stdout).toContain("AbortSignal.timeout");
  });

  it("an unknown id is bad input (exit 2) and suggests the nearest", () => {
    const r = psf(["explain", "RSG-6"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('unknown control "RSG-6"');
    expect(r.stderr).toContain("did you mean RSG-06?");
    const far = psf(["explain", "OOC-09"]);
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/did you mean OOC-0\d/);
  });

  it("--format json is the catalogue entry", () => {
    const r = psf(["explain", "DRA-02", "--format", "json"]);
    const entry = JSON.parse(r.stdout) as { id: string; remediation: { example: string } };
    expect(entry.id).toBe("DRA-02");
    expect(entry.remediation.example).toContain("control_tests");
  });
});
