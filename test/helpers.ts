import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));
export const fixture = (name: string) => path.join(repoRoot, "fixtures", name);
const bin = path.join(repoRoot, "bin", "psf.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
}

/** The environment a run sees: the test process's, no colour, no CI or signing settings unless asked. */
function cliEnv(extra: CliOptions["env"]): Record<string, string> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, GITHUB_ACTIONS: undefined, GITHUB_STEP_SUMMARY: undefined, PSF_SIGNING_KEY: undefined, ...extra };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env as Record<string, string>;
}

const TIMEOUT_MS = 120_000;
let cli: { worker: Worker; port: MessagePort } | undefined;

/** One worker per test file holding the built CLI, loaded once (test/psf-worker.mjs). */
function cliWorker(): { worker: Worker; port: MessagePort } {
  if (!cli) {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(new URL("./psf-worker.mjs", import.meta.url), { workerData: { port: port2 }, transferList: [port2] });
    worker.unref();
    cli = { worker, port: port1 };
  }
  return cli;
}

/**
 * Run the built CLI's main() as the bin does, in this process: same argv, exit code, stdout and stderr,
 * stdin not a terminal, no colour unless asked. It runs in a worker thread this thread waits on, so
 * the call stays synchronous; the working directory is changed here for the call (a worker cannot).
 * Use psfProcess() for what only a real process shows.
 */
export function psf(args: string[], opts: CliOptions = {}): CliResult {
  const { worker, port } = cliWorker();
  const cwd = path.resolve(opts.cwd ?? repoRoot);
  const done = new SharedArrayBuffer(4);
  const before = process.cwd();
  process.chdir(cwd);
  try {
    port.postMessage({ args, env: cliEnv(opts.env), cwd, input: opts.input ?? "", done });
    const waited = Atomics.wait(new Int32Array(done), 0, 0, TIMEOUT_MS);
    const answer = receiveMessageOnPort(port);
    if (waited === "timed-out" || !answer) {
      void worker.terminate();
      cli = undefined;
      throw new Error(`psf ${args.join(" ")}: no result from the CLI worker within ${TIMEOUT_MS / 1000} s`);
    }
    return answer.message as CliResult;
  } finally {
    process.chdir(before);
  }
}

/** Run the built CLI as a user would: a subprocess of bin/psf.js, no colour unless asked. */
export function psfProcess(args: string[], opts: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: opts.cwd ?? repoRoot, env: cliEnv(opts.env), encoding: "utf8", input: opts.input ?? "", timeout: TIMEOUT_MS });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const made: string[] = [];

/** A throwaway project: { "psf.yaml": "...", "src/a.ts": "..." }; `{ symlink: target }` makes a link. Removed after the test file. */
export function project(files: Record<string, string | { symlink: string }>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "psf-test-"));
  made.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    if (typeof content === "string") writeFileSync(abs, content);
    else symlinkSync(content.symlink, abs);
  }
  return dir;
}

/** Remove every project() folder made so far (test/setup.ts calls it after each test file). */
export function removeProjects(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const MINIMAL = "psf: 1\ndeployment:\n  name: demo-agent\n  owner: alice@example.net\n";
