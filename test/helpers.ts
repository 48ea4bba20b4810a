import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));
export const fixture = (name: string) => path.join(repoRoot, "fixtures", name);
const bin = path.join(repoRoot, "bin", "psf.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI as a user would: a subprocess, no colour unless asked. */
export function psf(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, GITHUB_ACTIONS: undefined, GITHUB_STEP_SUMMARY: undefined, PSF_SIGNING_KEY: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: opts.cwd ?? repoRoot, env: env as NodeJS.ProcessEnv, encoding: "utf8", input: opts.input ?? "", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A throwaway project: { "psf.yaml": "...", "src/a.ts": "..." }; `{ symlink: target }` makes a link. */
export function project(files: Record<string, string | { symlink: string }>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "psf-test-"));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    if (typeof content === "string") writeFileSync(abs, content);
    else symlinkSync(content.symlink, abs);
  }
  return dir;
}

export const MINIMAL = "psf: 1\ndeployment:\n  name: demo-agent\n  owner: alice@example.net\n";
