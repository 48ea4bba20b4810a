import { type Builder, type CallSite, type Recognizer } from "../context.js";

/**
 * Node's own destructive operations: fs rm/rmSync/unlink/rmdir (and fs.promises), child_process
 * exec/spawn/fork. SQL DROP/TRUNCATE/DELETE is found by the walk in string literals. Timers that
 * abort (setTimeout(() => controller.abort(), ms)) are found here too.
 */
const FS = new Set(["fs", "node:fs", "fs/promises", "node:fs/promises", "fs-extra", "rimraf", "del"]);
const FS_OPS = new Set(["rm", "rmSync", "unlink", "unlinkSync", "rmdir", "rmdirSync", "remove", "removeSync", "emptyDir", "emptyDirSync", "rimraf", "rimrafSync", "deleteAsync", "deleteSync", "truncate", "truncateSync"]);
const CP = new Set(["child_process", "node:child_process", "execa", "shelljs"]);
const CP_OPS = new Set(["exec", "execSync", "spawn", "spawnSync", "execFile", "execFileSync", "fork", "execa", "execaSync", "execaCommand", "$", "default"]);

export const nodeBuiltins: Recognizer = {
  matches: (m) => FS.has(m) || CP.has(m),
  recognize(site, b) {
    const r = site.root!;
    if (r.instance) return;
    const op = site.q.path.length ? site.q.path[site.q.path.length - 1]! : r.name;
    if (FS.has(r.module) && (FS_OPS.has(op) || (r.module === "rimraf" || r.module === "del"))) {
      b.facts.destructive.push({ loc: site.loc, op: `${r.module.replace("node:", "")}.${op === "default" ? "rimraf" : op}` });
      b.markAction(site);
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
