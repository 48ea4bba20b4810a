import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, repoRoot } from "../helpers.js";

describe("an internal failure", () => {
  it("is exit 3 with a bug report message, never 0 and never a bare stack trace", () => {
    // A broken installation: a copy of psf whose catalogue no longer matches its schema.
    const copy = mkdtempSync(path.join(tmpdir(), "psf-broken-"));
    for (const d of ["bin", "dist", "schemas", "checklists", "package.json"]) cpSync(path.join(repoRoot, d), path.join(copy, d), { recursive: true });
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(copy, "node_modules"));
    writeFileSync(path.join(copy, "checklists", "psf-v1.1.yaml"), "id: psf-v1.1\ncontrols: 12\n");
    const r = spawnSync(process.execPath, [path.join(copy, "bin", "psf.js"), "assess", fixture("dn42-scanner")], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^psf: internal error: checklists\/psf-v1\.1\.yaml does not match its schema/);
    expect(r.stderr).toMatch(/This is a bug in psf/);
    expect(r.stdout).toBe("");
  });
});
