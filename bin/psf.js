#!/usr/bin/env node
// The psf command: a thin shim over the compiled CLI in dist/ (built by `npm run build`, and by `npm pack`
// through prepack). main() returns the exit code; the process ends with it once its output is flushed.
let cli;
try {
  cli = await import("../dist/cli/main.js");
} catch (e) {
  if (e && e.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes("dist/cli/main.js")) {
    process.stderr.write("psf: internal error: the compiled CLI is missing (dist/). Run `npm run build` in the psf folder.\n");
    process.exit(3);
  }
  throw e;
}
const code = await cli.main(process.argv);
process.exitCode = code;
