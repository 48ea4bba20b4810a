// What only a real process shows: the bin's exit status, the real stdin and stderr (pipe or terminal),
// a missing build. Everything else runs the same main() in-process (test/helpers.ts psf()).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasScript } from "../init/pty.js";
import { fixture, MINIMAL, project, psfProcess, repoRoot } from "../helpers.js";

describe("bin/psf.js, as a process", () => {
  it.each([
    ["a ready deployment", ["assess", fixture("governed-scanner"), "-q"], 0],
    ["a deployment that is not ready", ["assess", fixture("dn42-scanner"), "-q"], 1],
    ["a manifest that does not exist", ["assess", "no/such/psf.yaml"], 2],
  ] as const)("exits with main()'s code: %s", (_, args, code) => {
    const r = psfProcess([...args]);
    expect(r.code).toBe(code);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    // stderr is a pipe here: no progress line, only what went wrong.
    if (code !== 2) expect(r.stderr).toBe("");
  });

  it("with stdin a pipe, init does not ask, and says so", () => {
    const dir = project({ "package.json": '{ "name": "piped" }\n', "src/a.ts": "export const a = 1;\n" });
    const r = psfProcess(["init", dir], { input: "" });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("standard input is not a terminal");
  });

  it.each([
    ["init", (dir: string) => ["init", "-y", dir], 0],
    ["assess", (dir: string) => ["assess", dir], 1],
  ] as const)("%s into a pipe its reader closes early (`| head -1`): the output ends quietly, with the command's own exit code", (name, args, code) => {
    const dir = project({ "package.json": '{ "name": "piped" }\n', "src/a.ts": "export const a = 1;\n", ...(name === "assess" ? { "psf.yaml": MINIMAL } : {}) });
    // `sh -c` with `head -1`: head exits after one line and closes the pipe while psf still writes.
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(repoRoot, "bin", "psf.js"))} ${args(dir).map((a) => JSON.stringify(a)).join(" ")} | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`;
    const r = spawnSync("bash", ["-c", cmd], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 });
    expect(r.stderr).not.toMatch(/EPIPE|^\s+at /m);
    expect(r.stderr).toContain(`exit=${code}`);
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it.skipIf(!hasScript)("on a terminal, shows progress on stderr and erases it before the report", () => {
    const dir = project({ "psf.yaml": MINIMAL, "src/a.ts": "export const a = 1;\n" });
    const cmd = `${process.execPath} ${path.join(repoRoot, "bin", "psf.js")} assess ${dir} -f json -o ${path.join(dir, "r.json")}`;
    const r = spawnSync("script", ["-qfec", cmd, "/dev/null"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", TERM: "xterm" }, timeout: 60_000 });
    expect(r.stdout).toMatch(/\r\x1b\[2Kpsf: /);
    expect(r.stdout.endsWith("\r\x1b[2K") || /\r\x1b\[2K\s*$/.test(r.stdout)).toBe(true);
  });

  it("without a build, says how to make one and exits 3", () => {
    const copy = mkdtempSync(path.join(tmpdir(), "psf-nobuild-"));
    cpSync(path.join(repoRoot, "bin"), path.join(copy, "bin"), { recursive: true });
    const r = spawnSync(process.execPath, [path.join(copy, "bin", "psf.js"), "controls"], { encoding: "utf8" });
    expect(r.status).toBe(3);
    expect(r.stderr).toBe("psf: internal error: the compiled CLI is missing (dist/). Run `npm run build` in the psf folder.\n");
  });
});
