import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { ts as TS } from "ts-morph";
import { preloadWithCodeCache } from "./code-cache.js";

let loaded: typeof TS | undefined;

/**
 * The TypeScript compiler API: the copy ts-morph bundles (in @ts-morph/common), and only that file.
 * psf needs TypeScript's parser alone, not ts-morph's project model: requiring ts-morph itself loads
 * two more bundles (about 4 MB of JavaScript), 15 MB more heap and 22 MB more resident memory for
 * nothing psf calls. It is loaded with require() rather than an ES import (for an ES import of a
 * CommonJS file Node first scans its source for export names, about 0.2 s of CPU on this one), from
 * V8's code cache when there is one (code-cache.ts), once per process, on first use: the walk
 * (ts/typescript.ts) and DRA-02's reading of JavaScript tests (controls/control-tests-js.ts) share it.
 */
export function loadTypeScript(): typeof TS {
  if (loaded) return loaded;
  const common = createRequire(createRequire(import.meta.url).resolve("ts-morph")).resolve("@ts-morph/common");
  preloadWithCodeCache(pathToFileURL(common).href, "./typescript.js");
  return (loaded = createRequire(common)("./typescript.js") as typeof TS);
}
