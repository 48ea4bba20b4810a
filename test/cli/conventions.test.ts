// CLI conventions a user of other tools expects (run in-process through the same main() the bin uses).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { globalOptionsAnywhere } from "../../src/cli/main.js";
import { resolveManifestArgument } from "../../src/manifest/load.js";
import { InputError } from "../../src/errors.js";
import { MINIMAL, project, psf } from "../helpers.js";

const run = async (args: string[]) => psf(args);

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("CLI conventions", () => {
  it("`psf` alone prints the help on stdout and exits 0", async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: psf/);
    expect(r.stderr).toBe("");
  });

  it("`psf version` prints the version", async () => {
    const r = await run(["version"]);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each([
    [["--no-color", "assess", "x"], ["assess", "--no-color", "x"]],
    [["assess", "--no-color", "x"], ["assess", "--no-color", "x"]],
    [["--bogus", "assess"], ["--bogus", "assess"]],
  ])("global options anywhere: %j reads as %j", (given, read) => {
    expect(globalOptionsAnywhere(["node", "psf", ...given]).slice(2)).toEqual(read);
  });

  it("finds psf.yml as well as psf.yaml, and searches upward from a subfolder to the repository root", () => {
    const dir = project({ ".git/HEAD": "ref: refs/heads/main\n", "deploy/psf.yml": MINIMAL, "deploy/src/agent/tools/x.ts": "export {};\n" });
    made.push(dir);
    expect(resolveManifestArgument(path.join(dir, "deploy/src/agent/tools"))).toBe(path.join(dir, "deploy/psf.yml"));
    expect(resolveManifestArgument(path.join(dir, "deploy"))).toBe(path.join(dir, "deploy/psf.yml"));
    // Not above the repository root.
    mkdirSync(path.join(dir, "other"));
    expect(() => resolveManifestArgument(path.join(dir, "other"))).toThrow(InputError);
  });

  it("psf.yaml and psf.yml side by side is ambiguous: bad input", () => {
    const dir = project({ "psf.yaml": MINIMAL, "psf.yml": MINIMAL });
    made.push(dir);
    expect(() => resolveManifestArgument(dir)).toThrow(/both psf\.yaml and psf\.yml/);
  });

  it("assess from a subfolder assesses the deployment above it", async () => {
    const dir = project({ "psf.yaml": MINIMAL, "src/a.ts": "export const a = 1;\n" });
    made.push(dir);
    writeFileSync(path.join(dir, ".git"), "gitdir: elsewhere\n");
    const r = await run(["assess", path.join(dir, "src"), "-f", "json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).deployment.name).toBe("demo-agent");
  });
});
