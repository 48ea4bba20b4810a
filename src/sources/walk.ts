import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";

/** Folders that never hold the agent's own source: dependencies, VCS data, build output. */
export const ALWAYS_SKIPPED_DIRS = new Set(["node_modules", ".git", ".hg", ".svn", "dist", "build", "out", ".next", ".nuxt", ".output", ".turbo", "coverage",
  // Python: installed packages and caches are never the agent's code.
  ".venv", "venv", "site-packages", "__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache"]);

export interface WalkEntry {
  /** Relative to the walk's base, with `/`. */
  rel: string;
  abs: string;
}

export interface WalkResult {
  files: WalkEntry[];
  skipped: { rel: string; reason: string }[];
}

/**
 * Every file under `base` that is not in an always-skipped folder or .gitignore'd (nested .gitignore
 * files honoured). Symbolic links are followed only when they stay inside `fence` (the manifest's
 * folder); a linked folder is not entered, which also rules out cycles.
 */
export function walkTree(base: string, fence: string): WalkResult {
  const files: WalkEntry[] = [];
  const skipped: { rel: string; reason: string }[] = [];
  const fenceReal = realpathSync(fence);
  const visit = (dirAbs: string, dirRel: string, rules: { base: string; ig: Ignore }[]): void => {
    let entries;
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true });
    } catch (e) {
      skipped.push({ rel: dirRel || ".", reason: `folder not readable (${(e as NodeJS.ErrnoException).code ?? "error"})` });
      return;
    }
    let here = rules;
    const gi = entries.find((e) => e.name === ".gitignore" && e.isFile());
    if (gi) {
      try {
        here = [...rules, { base: dirRel, ig: ignore().add(readFileSync(path.join(dirAbs, ".gitignore"), "utf8")) }];
      } catch {
        /* an unreadable .gitignore ignores nothing */
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const rel = dirRel ? `${dirRel}/${ent.name}` : ent.name;
      const abs = path.join(dirAbs, ent.name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(abs);
        } catch {
          skipped.push({ rel, reason: "broken symbolic link" });
          continue;
        }
        if (real !== fenceReal && !real.startsWith(fenceReal + path.sep)) {
          skipped.push({ rel, reason: "symbolic link leads outside the manifest's folder" });
          continue;
        }
        const st = statSync(real);
        if (st.isDirectory()) {
          skipped.push({ rel, reason: "symbolic link to a folder (not followed)" });
          continue;
        }
        isFile = st.isFile();
        isDir = false;
      }
      if (isDir && ALWAYS_SKIPPED_DIRS.has(ent.name)) continue;
      if (ignoredBy(here, rel, isDir)) continue;
      if (isDir) visit(abs, rel, here);
      else if (isFile) files.push({ rel, abs });
    }
  };
  visit(base, "", []);
  return { files, skipped };
}

function ignoredBy(rules: { base: string; ig: Ignore }[], rel: string, isDir: boolean): boolean {
  for (const r of rules) {
    const sub = r.base ? rel.slice(r.base.length + 1) : rel;
    if (r.ig.ignores(isDir ? `${sub}/` : sub)) return true;
  }
  return false;
}
