/** What a command reads from and writes to: everything process-wide, passed in so one process can run many. */
export interface CommandIO {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  setExitCode(code: number): void;
}
