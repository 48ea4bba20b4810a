// A warm facts cache spares the parsers (issue 15): a run whose every file's record is in the cache
// loads neither the TypeScript compiler nor tree-sitter, and a changed file loads its language's
// parser again. Checked in real processes, through the modules each one loaded.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RECORD = path.join(import.meta.dirname, "record-loads.mjs");

function run(project: string, cache: string): { report: { sources: { examined: number } }; packages: Set<string> } {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", SOURCE_DATE_EPOCH: "1795262400" };
  delete env.PSF_CACHE; // test/global-setup.ts turns the cache off for every other test
  const r = spawnSync(process.execPath, ["--import", RECORD, path.join(ROOT, "bin/psf.js"), "assess", project, "-f", "json", "--cache-dir", cache], { cwd: ROOT, encoding: "utf8", env });
  const loaded = r.stderr.split("\n").filter((l) => l.startsWith("\u0000loaded ")).map((l) => path.relative(ROOT, new URL(l.slice(8)).pathname));
  return { report: JSON.parse(r.stdout), packages: new Set(loaded.flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? [])) };
}

describe("what an assessment with a warm facts cache loads", () => {
  it.each([
    ["TypeScript", "frameworks/vercel-ai/governed", "@ts-morph/common", ".ts"],
    ["Python", "python/governed-scanner", "web-tree-sitter", ".py"],
  ])("%s: the parser loads when there is a file to parse, and only then", (_name, fixture, parser, ext) => {
    const project = mkdtempSync(path.join(tmpdir(), "psf-cache-loads-"));
    cpSync(path.join(ROOT, "fixtures", fixture), project, { recursive: true });
    const cache = path.join(project, ".cache");
    const cold = run(project, cache);
    expect(cold.report.sources.examined).toBeGreaterThan(0);
    expect(cold.packages.has(parser)).toBe(true);
    const warm = run(project, cache);
    expect(warm.report).toEqual(cold.report);
    expect(["ts-morph", "@ts-morph/common", "web-tree-sitter"].filter((p) => warm.packages.has(p))).toEqual([]);
    // One file changed: its parser is back.
    const file = findFile(project, ext);
    writeFileSync(file, `${readFileSync(file, "utf8")}\n`);
    expect(run(project, cache).packages.has(parser)).toBe(true);
  });
});

function findFile(dir: string, ext: string): string {
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) if (e.isFile() && e.name.endsWith(ext) && !e.parentPath.includes(".cache")) return path.join(e.parentPath, e.name);
  throw new Error(`no ${ext} file in ${dir}`);
}
