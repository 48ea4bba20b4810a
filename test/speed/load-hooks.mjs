// Module hooks for record-loads.mjs: every ES module and CommonJS entry the loader is asked for.
// Written straight to file descriptor 2: the hooks run on their own thread, whose process.stderr is
// relayed asynchronously and can lose its last lines when the process exits.
import { writeSync } from "node:fs";

export async function load(url, context, next) {
  if (url.startsWith("file:")) writeSync(2, `\u0000loaded ${url}\n`);
  return next(url, context);
}
