import path from "node:path";
import { isMainThread } from "node:worker_threads";
import { Command, CommanderError } from "commander";
import { redactSecrets } from "../redact.js";
import { visibleControls, visibleControlsMultiline } from "../util/terminal-text.js";
import { InputError, InternalError } from "../errors.js";
import { toolVersion } from "../util/package.js";
import { registerAssess } from "./commands/assess.js";
import { registerBundle } from "./commands/bundle.js";
import { registerInit } from "./commands/init.js";
import { registerExplain } from "./commands/explain.js";
import { registerControls } from "./commands/controls.js";
import { registerSchema } from "./commands/schema.js";
import { registerKeygen } from "./commands/keygen.js";
import { registerVerify } from "./commands/verify.js";
import { registerAudit } from "./commands/audit.js";
import type { CommandIO } from "./io.js";
export type { CommandIO } from "./io.js";

export const ISSUES_URL = "https://github.com/psf-dev/psf/issues";

/** What a caller of main() may supply; anything left out is the process's own. */
export interface MainIO {
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
  /** The working directory relative paths resolve against (process-wide: runs with a cwd take turns). */
  cwd?: string;
}

/**
 * Run the CLI; returns the exit code and never calls process.exit or sets process.exitCode. The only
 * place that maps errors to exit codes. The bin and the tests both enter here.
 */
export async function main(argv: string[], io: MainIO = {}): Promise<number> {
  if (io.cwd === undefined || path.resolve(io.cwd) === process.cwd()) return run(argv, io);
  const cwd = path.resolve(io.cwd);
  const turn = cwdQueue.then(async () => {
    // Worker threads cannot change directory: their caller must have done so already (checked above).
    if (!isMainThread) throw new Error(`main(): cannot change the working directory to ${cwd} in a worker thread; chdir before calling`);
    const before = process.cwd();
    process.chdir(cwd);
    try {
      return await run(argv, io);
    } finally {
      process.chdir(before);
    }
  });
  cwdQueue = turn.catch(() => undefined);
  return turn;
}

/** Runs that change the working directory, one after another. */
let cwdQueue: Promise<unknown> = Promise.resolve();

/**
 * A reader that closes the pipe early (`psf init | head`, `psf explain X | head -3`) has read all it
 * wants: the output ends there, quietly, and the command finishes with its own exit code. Without a
 * handler, Node raises the EPIPE of the next write as an uncaught error with a stack trace.
 */
function endQuietlyOnClosedPipe(stream: NodeJS.WritableStream): void {
  if (stream.listenerCount("error") > 0) return;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
  });
}

async function run(argv: string[], io: MainIO): Promise<number> {
  let code = 0;
  if (!io.stdout) endQuietlyOnClosedPipe(process.stdout);
  const full: CommandIO = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? process.stdin,
    env: io.env ?? process.env,
    setExitCode: (c) => { code = Math.max(code, c); },
  };
  const program = new Command("psf")
    .description("Production Safety Framework: decide whether an autonomous AI agent deployment is ready for production, and prove it")
    .version(toolVersion, "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => full.stdout.write(s),
      writeErr: (s) => full.stderr.write(s),
      outputError: (s, write) => write(`psf: ${visibleControlsMultiline(s.replace(/^error: /, ""))}`),
    });
  registerAssess(program, full);
  registerBundle(program, full);
  registerInit(program, full);
  registerExplain(program, full);
  registerControls(program, full);
  registerSchema(program, full);
  registerVerify(program, full);
  registerKeygen(program, full);
  registerAudit(program, full);
  program
    .command("version")
    .description("print psf's version")
    .action(() => {
      full.stdout.write(`${toolVersion}\n`);
    });
  try {
    if (argv.length <= 2) {
      // `psf` alone: the help, on stdout, as a request for it rather than an error.
      full.stdout.write(program.helpInformation());
      return 0;
    }
    await program.parseAsync(globalOptionsAnywhere(argv));
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (e instanceof InputError) {
      // A message can quote a file name or a value from the repository: shown, never interpreted by the terminal.
      // Several problems (a manifest's) come one per line; each line is shown safely on its own.
      full.stderr.write([e.format(), ...e.more].map((line) => `psf: ${visibleControls(redactSecrets(line))}\n`).join(""));
      return 2;
    }
    const err = e as Error;
    const frame = err.stack?.split("\n").find((l) => !l.includes("node_modules") && (l.includes("/src/") || l.includes("/dist/")))?.trim();
    full.stderr.write(`psf: internal error${e instanceof InternalError ? "" : ` (${err.name})`}: ${redactSecrets(err.message)}\n` + (frame ? `  ${frame}\n` : "") + `This is a bug in psf ${toolVersion}; please report it at ${ISSUES_URL} with the command you ran.\n` + (full.env.PSF_DEBUG ? `${err.stack}\n` : ""));
    return 3;
  }
}

/** Options every command takes that users also put before the command (`psf --no-color assess`). */
const GLOBAL_FLAGS = new Set(["--no-color"]);

/** Move global flags written before the command to after it, where commander reads them. */
export function globalOptionsAnywhere(argv: string[]): string[] {
  const head = argv.slice(0, 2);
  const rest = argv.slice(2);
  const cmd = rest.findIndex((a) => !a.startsWith("-"));
  if (cmd <= 0) return argv;
  const before = rest.slice(0, cmd);
  if (!before.every((a) => GLOBAL_FLAGS.has(a))) return argv;
  return [...head, rest[cmd]!, ...before, ...rest.slice(cmd + 1)];
}
