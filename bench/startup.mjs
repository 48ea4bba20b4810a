// Start-up: wall and CPU time of whole `psf` processes on small inputs (`--version`, `help`, `explain`, an
// assessment of the 8-file TypeScript and Python fixtures), each in a fresh process, medians of N.
// CPU is the children's user+system time from /proc (Linux); elsewhere only wall time is shown.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = path.join(root, "bin", "psf.js");

/** Children's CPU seconds so far (cutime + cstime of this process), or undefined off Linux. */
function childCpuMs() {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").replace(/^.*\) /, "").split(" ");
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // fields 16, 17 of stat(5); USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

export const STARTUP_CASES = [
  ["psf --version", ["--version"]],
  ["psf help", ["help"]],
  ["psf explain DRA-04", ["explain", "DRA-04"]],
  ["psf controls", ["controls"]],
  ["psf verify --help", ["verify", "--help"]],
  ["psf assess (8 TypeScript files)", ["assess", "fixtures/governed-scanner", "-f", "json", "--no-cache"]],
  ["psf assess (12 Python files)", ["assess", "fixtures/python/governed-scanner", "-f", "json", "--no-cache"]],
  // The facts cache as a developer's machine has it after a first run (the first of these runs fills it).
  ["psf assess (8 TS files, facts cache)", ["assess", "fixtures/governed-scanner", "-f", "json", "--cache"]],
  ["psf assess (12 Python files, facts cache)", ["assess", "fixtures/python/governed-scanner", "-f", "json", "--cache"]],
  ["node -e 0 (Node's own start)", null],
];

export function measureStartup(runs) {
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return STARTUP_CASES.map(([name, args]) => {
    const wall = [], cpu = [];
    for (let i = 0; i < runs; i++) {
      const c0 = childCpuMs(), t0 = performance.now();
      const r = spawnSync(process.execPath, args ? [bin, ...args] : ["-e", "0"], { cwd: root, encoding: "utf8" });
      wall.push(performance.now() - t0);
      const c1 = childCpuMs();
      if (c0 !== undefined && c1 !== undefined) cpu.push(c1 - c0);
      if (r.status !== 0 && r.status !== 1) throw new Error(`${name}: exit ${r.status}\n${r.stderr}`);
    }
    return { name, wallMs: median(wall), cpuMs: cpu.length ? median(cpu) : undefined };
  });
}
