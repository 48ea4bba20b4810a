import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { writeFileSafely } from "../../util/safe-write.js";

/**
 * TypeScript's compiler (9 MB of JavaScript, in ts-morph's copy) takes about 0.3 s to compile on each
 * start, most of a small assessment's time; Node 20 keeps no compile cache of its own. This loads that
 * one file through V8's code cache: the compiled code (with the functions the run compiled lazily) is
 * written once, after a run, to `node_modules/.cache/psf/` beside psf, and later runs start from it.
 *
 * It is only a cache, and never trusted as it is: V8 checks only a cache's header (a flipped byte in its
 * body crashes the process), so the file carries a SHA-256 of the data, checked before V8 sees it. A
 * cache that fails the check, or that V8 rejects (another TypeScript, another Node), is ignored: the
 * file is compiled as usual and the cache rewritten. A cache folder that cannot be written (a read-only install) is never an error. Set
 * PSF_NO_CODE_CACHE=1 to load TypeScript the ordinary way.
 */
export function preloadWithCodeCache(fromUrl: string, request: string): void {
  if (process.env.PSF_NO_CODE_CACHE === "1") return;
  let file: string;
  try {
    file = createRequire(fromUrl).resolve(request);
  } catch {
    return;
  }
  const cache = Module as unknown as { _cache: Record<string, unknown>; wrap(src: string): string; _nodeModulePaths(dir: string): string[] };
  if (cache._cache[file]) return;
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch {
    return;
  }
  const cacheFile = cachePath(file);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = verified(readFileSync(cacheFile));
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(cache.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const mod = new Module(file) as Module & { filename: string; paths: string[]; loaded: boolean };
  mod.filename = file;
  mod.paths = cache._nodeModulePaths(path.dirname(file));
  cache._cache[file] = mod;
  try {
    const fn = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: unknown, filename: string, dirname: string) => void;
    fn.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
    mod.loaded = true;
  } catch (e) {
    delete cache._cache[file];
    throw e;
  }
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    // After the run, so the functions it compiled lazily (the parser's) are in the cache too.
    process.once("exit", () => writeCache(cacheFile, script));
  }
}

/** `<psf>/node_modules/.cache/psf/<file>-<size>-<mtime>-node<version>.v8`, or undefined with no node_modules above the file. */
function cachePath(file: string): string | undefined {
  const at = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (at < 0) return undefined;
  try {
    const st = statSync(file);
    const name = `${path.basename(file, ".js")}-${st.size}-${Math.floor(st.mtimeMs)}-node${process.versions.node}-v8${process.versions.v8}.v8`;
    return path.join(file.slice(0, at), "node_modules", ".cache", "psf", name);
  } catch {
    return undefined;
  }
}

const DIGEST = 32;

/** The cache data when the file's SHA-256 trailer matches it, else undefined (truncated, corrupt, foreign). */
function verified(file: Buffer): Buffer | undefined {
  if (file.length <= DIGEST) return undefined;
  const data = file.subarray(0, file.length - DIGEST);
  return createHash("sha256").update(data).digest().equals(file.subarray(file.length - DIGEST)) ? data : undefined;
}

/**
 * The data and its SHA-256, written as every file psf writes (an exclusive, unguessable temporary name,
 * never through a link, then renamed): a concurrent run reads the old cache or the new one, never half.
 */
function writeCache(cacheFile: string, script: vm.Script): void {
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    const data = script.createCachedData();
    writeFileSafely(cacheFile, Buffer.concat([data, createHash("sha256").update(data).digest()]));
  } catch {
    // A read-only install, a full disk: the next run compiles as this one did.
  }
}
