import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../helpers.js";

/** util-linux `script` gives the child a real pseudo-terminal, so stdin.isTTY and raw mode are real. */
export const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r/g;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export const KEY = { enter: "\r", down: "\x1b[B", ctrlC: "\x03" };

/** The built psf in a pseudo-terminal, driven like an expect script: wait for text, then type. */
export class PtySession {
  private readonly child: ChildProcess;
  private raw = "";
  /** Everything printed so far, without escape sequences. */
  get text(): string {
    return this.raw.replace(ANSI, "");
  }
  private cursor = 0;
  private readonly exited: Promise<number>;

  constructor(args: string[], cwd: string) {
    const cmd = [process.execPath, path.join(repoRoot, "bin", "psf.js"), ...args].map(quote).join(" ");
    const env = { ...process.env, NO_COLOR: "1", TERM: "xterm", COLUMNS: "200", LINES: "50" };
    delete env.FORCE_COLOR;
    this.child = spawn("script", ["-qfec", `stty cols 200 rows 50; exec ${cmd}`, "/dev/null"], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout!.on("data", (d: Buffer) => (this.raw += d.toString("utf8")));
    this.child.stderr!.on("data", (d: Buffer) => (this.raw += d.toString("utf8")));
    this.exited = new Promise((resolve) => this.child.on("close", (code) => resolve(code ?? -1)));
  }

  /** Wait until `pattern` appears after the last match; returns the text since then. */
  async expect(pattern: RegExp | string, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.text.slice(this.cursor);
      const m = typeof pattern === "string" ? (rest.includes(pattern) ? { index: rest.indexOf(pattern), 0: pattern } : null) : pattern.exec(rest);
      if (m) {
        this.cursor += m.index + m[0].length;
        return rest.slice(0, m.index + m[0].length);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; screen so far:\n${this.text.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Type keys after the prompt has had a moment to start listening. */
  async send(keys: string): Promise<void> {
    await new Promise((r) => setTimeout(r, 80));
    this.child.stdin!.write(keys);
  }

  /** Answer the prompt whose message matches `prompt` with `answer` + Enter ("" takes the default). */
  async answer(prompt: RegExp | string, answer: string): Promise<void> {
    await this.expect(prompt);
    await this.send(answer + KEY.enter);
  }

  async exit(timeoutMs = 30_000): Promise<number> {
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
