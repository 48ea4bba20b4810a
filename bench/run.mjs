// `npm run bench`: synthetic agent projects of 1,000, 5,000 and 20,000 files; wall time and peak
// RSS of psf's source analysis (collect + extractFacts, built code in dist/) beside the floor —
// reading the same files and running TypeScript's own parser (ts.createSourceFile) in one process.
// Each measurement runs in a fresh child process. Prints numbers; asserts nothing.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generate } from "./gen.mjs";

const sizes = (process.env.PSF_BENCH_SIZES ?? "1000,5000,20000").split(",").map(Number);
const child = path.join(import.meta.dirname, "child.mjs");
const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

function measure(mode, dir) {
  const args = [child, mode, dir];
  if (timeBin) {
    const out = execFileSync(timeBin, ["-v", process.execPath, "--max-old-space-size=4096", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 26 });
    return JSON.parse(out.trim().split("\n").pop());
  }
  const out = execFileSync(process.execPath, ["--max-old-space-size=4096", ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split("\n").pop());
}

function best(mode, dir, runs = 3) {
  const rs = Array.from({ length: runs }, () => measure(mode, dir));
  rs.sort((a, b) => a.ms - b.ms);
  const cpu = rs.map((r) => r.cpuMs).sort((a, b) => a - b);
  return { ms: rs[Math.floor(runs / 2)].ms, cpu: cpu[Math.floor(runs / 2)], rss: Math.max(...rs.map((r) => r.maxRssKb)) / 1024, detail: rs[0].detail };
}

const rows = [];
for (const n of sizes) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `psf-bench-${n}-`));
  try {
    generate(dir, n);
    const floor = best("floor", dir);
    const psf = best("psf", dir);
    rows.push({ files: n, psfMs: psf.ms, floorMs: floor.ms, ratio: psf.ms / floor.ms, psfCpu: psf.cpu, floorCpu: floor.cpu, psfRss: psf.rss, floorRss: floor.rss, detail: psf.detail });
    process.stderr.write(`${n} files: ${psf.detail}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pad = (s, w) => String(s).padStart(w);
console.log(`| files  | psf wall (ms) | floor wall (ms) | wall ratio | psf CPU (ms) | floor CPU (ms) | CPU ratio | psf peak RSS (MB) | floor peak RSS (MB) | psf CPU ms/file |`);
console.log(`|-------:|--------------:|----------------:|-----------:|-------------:|---------------:|----------:|------------------:|--------------------:|----------------:|`);
for (const r of rows) {
  console.log(`| ${pad(r.files, 6)} | ${pad(r.psfMs.toFixed(0), 13)} | ${pad(r.floorMs.toFixed(0), 15)} | ${pad(r.ratio.toFixed(2) + "×", 10)} | ${pad(r.psfCpu.toFixed(0), 12)} | ${pad(r.floorCpu.toFixed(0), 14)} | ${pad((r.psfCpu / r.floorCpu).toFixed(2) + "×", 9)} | ${pad(r.psfRss.toFixed(0), 17)} | ${pad(r.floorRss.toFixed(0), 19)} | ${pad((r.psfCpu / r.files).toFixed(3), 15)} |`);
}
console.log(`\nfloor = read each file + ts.createSourceFile (setParentNodes false) in one process; psf = collectSources (read + sha256) + extractFacts (parse once, one walk that also sets parents, cross-file resolution, recognizers). CPU = user+sys of the child; on a loaded machine CPU is the steadier comparison.`);
console.log(`median of 3 runs each, fresh process per run (module load included); RSS is the process maximum (${timeBin ? "getrusage via the child" : "process.resourceUsage().maxRSS"}).`);
