#!/usr/bin/env node
// The psf command: a thin shim over the compiled CLI in dist/ (built by `npm run build`, and by `npm pack`
// through prepack). main() returns the exit code; the process ends with it once its output is flushed.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // `psf --version` alone prints what the CLI would (the package's version) without loading the CLI:
  // a version check in a script or a hook costs a Node start-up and nothing more.
  const { readFileSync } = await import("node:fs");
  process.stdout.write(`${JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version}\n`);
} else {
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
  process.exitCode = await cli.main(process.argv);
}
