import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { digestOf, GENERATED_DIR } from "../util/generated.js";
import { packageFile, toolVersion } from "../util/package.js";
import { AI_PACKAGES_FILE } from "../sources/ai-packages.js";
import { CODEC_VERSION } from "./cache-codec.js";

/**
 * The digest of everything a file's record depends on besides the file itself: psf's version, the
 * code of the walks and of source collection (every module under facts/ and sources/, byte for
 * byte, so a rebuilt psf with any change there never reads records an older build wrote), the AI
 * package table the Python walk consults, the parsers' versions, and the cache's own layout.
 *
 * `npm run build` writes it to dist/generated/ (scripts/build-generated.mjs) so a run does not read
 * its own code to learn it; a run from the TypeScript sources (tests) works it out from them.
 */
export const FACTS_CODE_DIGEST_GENERATED = "facts-code-digest.json";

const here = path.dirname(fileURLToPath(import.meta.url));
let memo: string | undefined;

export function factsCodeDigest(): string {
  if (memo) return memo;
  if (path.basename(path.dirname(here)) === "dist") {
    try {
      const gen = JSON.parse(readFileSync(packageFile(`${GENERATED_DIR}/${FACTS_CODE_DIGEST_GENERATED}`), "utf8")) as { digest?: unknown };
      if (typeof gen.digest === "string" && /^[0-9a-f]{64}$/.test(gen.digest)) return (memo = gen.digest);
    } catch {
      /* not built: worked out below */
    }
  }
  return (memo = computeFactsCodeDigest(path.dirname(here)));
}

/** The digest from the code under `codeRoot` (dist/ or src/): its facts/ and sources/ modules. */
export function computeFactsCodeDigest(codeRoot: string): string {
  const parts = [`psf ${toolVersion}`, `codec ${CODEC_VERSION}`, `ts-morph ${versionOf("ts-morph")} ${versionOf("@ts-morph/common", "ts-morph")}`, `tree-sitter ${versionOf("@vscode/tree-sitter-wasm")}`, readFileSync(packageFile(AI_PACKAGES_FILE), "utf8")];
  for (const folder of ["facts", "sources"]) {
    for (const file of codeFiles(path.join(codeRoot, folder))) parts.push(path.relative(codeRoot, file).split(path.sep).join("/"), readFileSync(file, "utf8"));
  }
  return digestOf(parts);
}

function codeFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) codeFiles(p, out);
    else if (/\.(js|ts)$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** An installed package's version (`via`: the package that depends on it, as ts-morph bundles TypeScript); "?" when not found. */
function versionOf(name: string, via?: string): string {
  try {
    let req = createRequire(import.meta.url);
    if (via) req = createRequire(req.resolve(`${via}/package.json`));
    return (JSON.parse(readFileSync(req.resolve(`${name}/package.json`), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}
