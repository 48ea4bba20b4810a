// TypeScript's compiler is loaded through V8's code cache (src/facts/ts/code-cache.ts). It is only a
// cache: what psf reports never depends on it, and a corrupt or foreign cache file is rejected and
// rewritten, never an error or a different verdict.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { psfProcess } from "../helpers.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "psf");
const EPOCH = { SOURCE_DATE_EPOCH: "1795000000" };
const assess = (env: Record<string, string>) => psfProcess(["assess", "fixtures/dn42-scanner", "-f", "json"], { env: { ...EPOCH, ...env } });
/** This Node's cache files (another Node's, left by an earlier install, are simply never read). */
const cacheFiles = () => (existsSync(CACHE_DIR) ? readdirSync(CACHE_DIR).filter((f) => f.startsWith("typescript-") && f.includes(`-node${process.versions.node}-`) && f.endsWith(".v8")) : []);

describe("TypeScript through V8's code cache", () => {
  it("a run writes the cache, and the report is byte-identical with it, without it, and from a corrupt one", () => {
    const plain = assess({ PSF_NO_CODE_CACHE: "1" });
    expect(plain.code, plain.stderr).toBe(1);

    const first = assess({});
    expect(first.stdout).toBe(plain.stdout);
    const files = cacheFiles();
    expect(files).toHaveLength(1);
    const file = path.join(CACHE_DIR, files[0]!);
    expect(readFileSync(file).length).toBeGreaterThan(100_000);

    const warm = assess({});
    expect(warm.stdout).toBe(plain.stdout);

    // A cache file that is not V8's (truncated, foreign, garbage): rejected, the run is the same, and the file is rewritten.
    writeFileSync(file, Buffer.from("not a code cache ".repeat(64)));
    const corrupt = assess({});
    expect(corrupt.stderr).toBe("");
    expect(corrupt.stdout).toBe(plain.stdout);
    expect(readFileSync(file).length).toBeGreaterThan(100_000);

    // Bytes flipped in the middle of a valid cache (V8 checks only the header: unchecked, this crashed the process).
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    for (let i = 0; i < 64; i++) flipped[Math.floor(good.length / 2) + i] ^= 0xff;
    writeFileSync(file, flipped);
    for (const run of [assess({}), assess({})]) {
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toBe(plain.stdout);
    }
  });
});
