import { perRun, type Builder, type CallSite, type Recognizer } from "../context.js";
import type { SourceLocation } from "../types.js";

/**
 * Node's own destructive operations: fs rm/rmSync/unlink/rmdir (and fs.promises), child_process
 * exec/spawn/fork. SQL DROP/TRUNCATE/DELETE is found by the walk in string literals. Timers that
 * abort (setTimeout(() => controller.abort(), ms)) are found here too.
 */
const FS = new Set(["fs", "node:fs", "fs/promises", "node:fs/promises", "fs-extra", "rimraf", "del"]);
const FS_OPS = new Set(["rm", "rmSync", "unlink", "unlinkSync", "rmdir", "rmdirSync", "remove", "removeSync", "emptyDir", "emptyDirSync", "rimraf", "rimrafSync", "deleteAsync", "deleteSync", "truncate", "truncateSync"]);
const CP = new Set(["child_process", "node:child_process", "execa", "shelljs"]);
const CP_OPS = new Set(["exec", "execSync", "spawn", "spawnSync", "execFile", "execFileSync", "fork", "execa", "execaSync", "execaCommand", "$", "default"]);

/** File writes: not destructive, but a tool that performs one acts on the world (OOC-03 for undeclared tools). */
const FS_WRITES = new Set(["writeFile", "writeFileSync", "appendFile", "appendFileSync", "mkdir", "mkdirSync", "copyFile", "copyFileSync", "cp", "cpSync", "rename", "renameSync", "createWriteStream", "symlink", "symlinkSync", "outputFile", "outputFileSync", "writeJson", "writeJsonSync", "outputJson", "outputJsonSync", "move", "moveSync", "copy", "copySync", "ensureDir", "ensureDirSync", "mkdirp", "mkdirpSync"]);

export interface WriteSite {
  op: string;
  loc: SourceLocation;
  pos: number;
  fn?: string;
}
const writeSites = perRun((): WriteSite[] => []);
/** Write sites recorded so far for this extraction (tool attribution happens in function-tools.ts). */
export function writesOf(b: Builder): WriteSite[] {
  return writeSites(b);
}

/** Record a file write another front end recognized (Python's `open(p, "w")`, `Path.write_text`). */
export function recordWrite(b: Builder, site: CallSite, op: string): void {
  writeSites(b).push({ op, loc: site.loc, pos: site.ir.at.pos, ...(site.ir.fn ? { fn: site.ir.fn } : {}) });
}

export const nodeBuiltins: Recognizer = {
  packages: [],
  alsoReads: (m) => FS.has(m) || CP.has(m),
  recognize(site, b) {
    const r = site.root!;
    if (r.instance) return;
    const op = site.q.path.length ? site.q.path[site.q.path.length - 1]! : r.name;
    if (FS.has(r.module) && (FS_OPS.has(op) || (r.module === "rimraf" || r.module === "del"))) {
      b.facts.destructive.push({ loc: site.loc, op: `${r.module.replace("node:", "")}.${op === "default" ? "rimraf" : op}` });
      b.markAction(site);
    } else if (FS.has(r.module) && FS_WRITES.has(op)) {
      writeSites(b).push({ op: `${r.module.replace("node:", "")}.${op}`, loc: site.loc, pos: site.ir.at.pos, ...(site.ir.fn ? { fn: site.ir.fn } : {}) });
    } else if (CP.has(r.module) && CP_OPS.has(op)) {
      b.facts.destructive.push({ loc: site.loc, op: `${r.module.replace("node:", "")}.${op}` });
      b.markAction(site);
    }
  },
};

/** AbortSignal.timeout(ms) anywhere, and setTimeout/setInterval whose callback aborts. */
export function recognizeTimers(site: CallSite, b: Builder, abortCalls: ReadonlyArray<{ pos: number; file: string }>): boolean {
  const q = site.q;
  if (q.root.k !== "global") return false;
  if (q.root.name === "AbortSignal" && q.path[0] === "timeout") {
    const a = site.arg(0);
    b.facts.timeouts.push({ loc: site.loc, kind: "AbortSignal.timeout", ...(a?.k === "num" ? { ms: a.v } : {}) });
    return true;
  }
  if ((q.root.name === "setTimeout") && q.path.length === 0) {
    const fn = site.arg(0);
    if (fn?.k === "fn" && abortCalls.some((c) => c.file === fn.at.file && c.pos >= fn.start && c.pos < fn.end)) {
      const ms = site.arg(1);
      b.facts.timeouts.push({ loc: site.loc, kind: "timer-abort", ...(ms?.k === "num" ? { ms: ms.v } : {}) });
    }
    return true;
  }
  return false;
}
