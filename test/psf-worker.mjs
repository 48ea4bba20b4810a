// The built CLI's main(), kept warm in a worker thread so a test can run it synchronously (test/helpers.ts
// psf()) without starting a process each time. The test thread changes directory before each call
// (a worker cannot) and sleeps on `done` until this thread has posted the result and woken it.
import { Readable } from "node:stream";
import { workerData } from "node:worker_threads";

const { port } = workerData;
let main;
let loadError;
try {
  ({ main } = await import("../dist/cli/main.js"));
} catch (e) {
  loadError = e;
}

/** An output stream that is not a terminal and keeps, synchronously, what it is given (as a pipe would). */
function capture() {
  const chunks = [];
  const stream = { isTTY: false, write: (chunk, enc, cb) => { chunks.push(String(chunk)); (typeof enc === "function" ? enc : cb)?.(); return true; } };
  return { stream, text: () => chunks.join("") };
}

port.on("message", async ({ args, env, cwd, input, done }) => {
  const out = capture();
  const err = capture();
  const stdin = Readable.from([input]);
  stdin.isTTY = false;
  let result;
  try {
    if (loadError) throw loadError;
    const code = await main(["node", "psf", ...args], { stdout: out.stream, stderr: err.stream, stdin, env, cwd });
    result = { code, stdout: out.text(), stderr: err.text() };
  } catch (e) {
    // main() maps every error to an exit code; reaching here is a bug in the harness or in main().
    result = { code: null, stdout: out.text(), stderr: `${err.text()}psf test worker: main() threw: ${e?.stack ?? e}\n` };
  }
  port.postMessage(result);
  const flag = new Int32Array(done);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
