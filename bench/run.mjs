// `npm run bench`: synthetic agent projects of 1,000, 5,000 and 20,000 files; wall time, CPU time and
// peak RSS of psf's source analysis (collect + extractFacts, built code in dist/) beside the floor —
// reading the same files and running TypeScript's own parser (ts.createSourceFile) in one process.
// Each measurement runs in a fresh child process (module loading included on both sides), and the
// floor and psf runs alternate so that a change in the machine's load hits both alike. Prints
// numbers; asserts nothing.
//
// `npm run bench -- DIR` also measures a real project's tree (e.g. a clone of vercel/ai; never
// committed). PSF_BENCH_SIZES (default 1000,5000,20000; empty for none), PSF_BENCH_LANGS (ts,py),
// PSF_BENCH_RUNS (3) and PSF_BENCH_STARTUP_RUNS (5; 0 for none) choose what runs.
//
// The facts cache (second table; PSF_BENCH_CACHE=0 skips it): for each TypeScript size and the real
// tree, a cold run that fills a fresh cache folder, a warm run that reads it, and a run with one file
// changed (in memory: the tree on disk is never touched), beside the floor and psf without a cache.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generate } from "./gen.mjs";
import { generatePython } from "./gen-py.mjs";
import { measureStartup } from "./startup.mjs";

const sizes = (process.env.PSF_BENCH_SIZES ?? "1000,5000,20000").split(",").filter(Boolean).map(Number);
const realTree = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
const startupRuns = Number(process.env.PSF_BENCH_STARTUP_RUNS ?? 5);
const runs = Number(process.env.PSF_BENCH_RUNS ?? 3);
const child = path.join(import.meta.dirname, "child.mjs");

function measure(mode, dir, cacheDir, env = {}) {
  const out = execFileSync(process.execPath, ["--max-old-space-size=4096", child, mode, dir, ...(cacheDir ? [cacheDir] : [])], { encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  return JSON.parse(out.trim().split("\n").pop());
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function compare(dir, lang = "") {
  const floor = [], psf = [];
  for (let i = 0; i < runs; i++) {
    floor.push(measure(`floor${lang}`, dir));
    psf.push(measure(`psf${lang}`, dir));
  }
  const sum = (rs) => ({ ms: median(rs.map((r) => r.ms)), cpu: median(rs.map((r) => r.cpuMs)), rss: Math.max(...rs.map((r) => r.maxRssKb)) / 1024, detail: rs[0].detail });
  return { floor: sum(floor), psf: sum(psf) };
}

const withCache = process.env.PSF_BENCH_CACHE !== "0";
/** Cold (filling a fresh cache), warm, and one file changed: medians over `runs`, each with its own cache folder. */
function cacheRuns(dir) {
  const cold = [], warm = [], changed = [];
  for (let i = 0; i < runs; i++) {
    const cache = mkdtempSync(path.join(os.tmpdir(), "psf-bench-cache-"));
    try {
      cold.push(measure("psf", dir, cache));
      warm.push(measure("psf", dir, cache));
      changed.push(measure("psf", dir, cache, { PSF_BENCH_CHANGE: "1" }));
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }
  const sum = (rs) => ({ ms: median(rs.map((r) => r.ms)), cpu: median(rs.map((r) => r.cpuMs)), rss: Math.max(...rs.map((r) => r.maxRssKb)) / 1024, detail: rs[0].detail });
  return { cold: sum(cold), warm: sum(warm), changed: sum(changed) };
}
const cacheRows = [];
function addCacheRow(label, files, dir, floor, psf) {
  if (!withCache) return;
  const c = cacheRuns(dir);
  cacheRows.push({ label, files, floor, psf, ...c });
  process.stderr.write(`${label}: warm ${c.warm.detail}; changed ${c.changed.detail}\n`);
}

const load = os.loadavg()[0];
const rows = [];
for (const n of (process.env.PSF_BENCH_LANGS ?? "ts,py").split(",").includes("ts") ? sizes : []) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `psf-bench-${n}-`));
  try {
    generate(dir, n);
    const { floor, psf } = compare(dir);
    rows.push({ files: n, label: String(n), psfMs: psf.ms, floorMs: floor.ms, ratio: psf.ms / floor.ms, psfCpu: psf.cpu, floorCpu: floor.cpu, psfRss: psf.rss, floorRss: floor.rss });
    process.stderr.write(`${n} files: ${psf.detail}\n`);
    addCacheRow("generated", n, dir, floor, psf);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (realTree) {
  const { floor, psf } = compare(realTree);
  const files = Number(/^(\d+) files/.exec(psf.detail)?.[1] ?? 0);
  rows.push({ files, label: path.basename(realTree), psfMs: psf.ms, floorMs: floor.ms, ratio: psf.ms / floor.ms, psfCpu: psf.cpu, floorCpu: floor.cpu, psfRss: psf.rss, floorRss: floor.rss });
  process.stderr.write(`${realTree}: ${psf.detail}\n`);
  addCacheRow(path.basename(realTree), files, realTree, floor, psf);
}

// Python projects of the same sizes (PSF_BENCH_LANGS=ts or py to run one language only).
const langs = (process.env.PSF_BENCH_LANGS ?? "ts,py").split(",");
const pyRows = [];
for (const n of langs.includes("py") ? sizes : []) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `psf-bench-py-${n}-`));
  try {
    generatePython(dir, n);
    const { floor, psf } = compare(dir, "-py");
    pyRows.push({ files: n, psfMs: psf.ms, floorMs: floor.ms, ratio: psf.ms / floor.ms, psfCpu: psf.cpu, floorCpu: floor.cpu, psfRss: psf.rss, floorRss: floor.rss });
    process.stderr.write(`${n} Python files: ${psf.detail}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pad = (s, w) => String(s).padStart(w);
console.log(`| project         | files  | psf wall (ms) | floor wall (ms) | wall ratio | psf CPU (ms) | floor CPU (ms) | CPU ratio | psf peak RSS (MB) | floor peak RSS (MB) | psf CPU ms/file | floor CPU ms/file |`);
console.log(`|:----------------|-------:|--------------:|----------------:|-----------:|-------------:|---------------:|----------:|------------------:|--------------------:|----------------:|------------------:|`);
for (const r of rows) {
  console.log(`| ${r.label === String(r.files) ? "generated".padEnd(15) : r.label.slice(0, 15).padEnd(15)} | ${pad(r.files, 6)} | ${pad(r.psfMs.toFixed(0), 13)} | ${pad(r.floorMs.toFixed(0), 15)} | ${pad(r.ratio.toFixed(2) + "×", 10)} | ${pad(r.psfCpu.toFixed(0), 12)} | ${pad(r.floorCpu.toFixed(0), 14)} | ${pad((r.psfCpu / r.floorCpu).toFixed(2) + "×", 9)} | ${pad(r.psfRss.toFixed(0), 17)} | ${pad(r.floorRss.toFixed(0), 19)} | ${pad((r.psfCpu / r.files).toFixed(3), 15)} | ${pad((r.floorCpu / r.files).toFixed(3), 17)} |`);
}
console.log(`\nfloor = read each file + ts.createSourceFile (setParentNodes false) in one process; psf = collectSources (read + sha256) + extractFacts (parse once, one walk, cross-file resolution, recognizers). CPU = user+sys of the child; on a loaded machine CPU is the steadier comparison.`);
console.log(`median of ${runs} runs each, floor and psf alternating, fresh process per run (module load included); RSS is the process maximum (getrusage in the child). ${os.cpus().length} CPUs, load average ${load.toFixed(1)} at start, Node ${process.version}.`);

if (cacheRows.length) {
  console.log(`\nFacts cache (wall ms, CPU ms in brackets; ratios are wall over the floor's wall):\n`);
  console.log(`| project         | files  | floor         | psf, no cache | cold, filling the cache | warm          | warm ratio | one file changed | changed ratio | cold overhead |`);
  console.log(`|:----------------|-------:|--------------:|--------------:|------------------------:|--------------:|-----------:|-----------------:|--------------:|--------------:|`);
  const cell = (r, w) => pad(`${r.ms.toFixed(0)} (${r.cpu.toFixed(0)})`, w);
  for (const r of cacheRows) {
    console.log(`| ${r.label.slice(0, 15).padEnd(15)} | ${pad(r.files, 6)} | ${cell(r.floor, 13)} | ${cell(r.psf, 13)} | ${cell(r.cold, 23)} | ${cell(r.warm, 13)} | ${pad((r.warm.ms / r.floor.ms).toFixed(2) + "×", 10)} | ${cell(r.changed, 16)} | ${pad((r.changed.ms / r.floor.ms).toFixed(2) + "×", 13)} | ${pad(((r.cold.cpu / r.psf.cpu - 1) * 100).toFixed(0) + "% CPU", 13)} |`);
  }
  console.log(`\ncold = collect + lookups (all missing) + extractFacts writing every record; warm = the same run again: nothing changed, so the whole tree's facts are read back (no parser loaded, nothing resolved); one file changed = a comment appended to one file in memory before extraction (that file walked, every other record read, everything resolved). Cold overhead = extra CPU of the cold run over psf without a cache. Each triple has its own fresh cache folder.`);
}

if (pyRows.length) {
  console.log(`\nPython (tree-sitter, WebAssembly):\n`);
  console.log(`| files  | psf wall (ms) | floor wall (ms) | wall ratio | psf CPU (ms) | floor CPU (ms) | CPU ratio | psf peak RSS (MB) | floor peak RSS (MB) | psf files/s |`);
  console.log(`|-------:|--------------:|----------------:|-----------:|-------------:|---------------:|----------:|------------------:|--------------------:|------------:|`);
  for (const r of pyRows) {
    console.log(`| ${pad(r.files, 6)} | ${pad(r.psfMs.toFixed(0), 13)} | ${pad(r.floorMs.toFixed(0), 15)} | ${pad(r.ratio.toFixed(2) + "×", 10)} | ${pad(r.psfCpu.toFixed(0), 12)} | ${pad(r.floorCpu.toFixed(0), 14)} | ${pad((r.psfCpu / r.floorCpu).toFixed(2) + "×", 9)} | ${pad(r.psfRss.toFixed(0), 17)} | ${pad(r.floorRss.toFixed(0), 19)} | ${pad((r.files / (r.psfMs / 1000)).toFixed(0), 11)} |`);
  }
  console.log(`\nPython floor = load the tree-sitter Python grammar (WebAssembly) + read each file + parse it + free the tree, in one process; psf = the same parser load + collectSources + extractFacts.`);
}

if (startupRuns > 0) {
  console.log(`\nStart-up (whole processes of bin/psf.js, medians of ${startupRuns}; CPU = user+system of the child):\n`);
  console.log(`| command                              | wall (ms) | CPU (ms) |`);
  console.log(`|:-------------------------------------|----------:|---------:|`);
  for (const r of measureStartup(startupRuns)) console.log(`| ${r.name.padEnd(36)} | ${pad(r.wallMs.toFixed(0), 9)} | ${pad(r.cpuMs === undefined ? "–" : r.cpuMs.toFixed(0), 8)} |`);
}
