// `node --import ./record-loads.mjs bin/psf.js …`: writes to stderr, one per line prefixed with NUL
// and "loaded ", each file the process loaded — ES modules through the loader's hook, CommonJS ones
// (require, including modules a CommonJS package requires) from require's cache at exit.
import { writeSync } from "node:fs";
import { createRequire, register } from "node:module";

register(new URL("./load-hooks.mjs", import.meta.url));
const cache = createRequire(import.meta.url).cache;
process.on("exit", () => {
  for (const file of Object.keys(cache)) writeSync(2, `\u0000loaded file://${file}\n`);
});
