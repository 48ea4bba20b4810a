import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";

/** Folders that never hold the agent's own source at any depth: installed dependencies, VCS data, caches. */
export const DEPENDENCY_DIRS = new Set(["node_modules", ".git", ".hg", ".svn", "__pycache__", ".venv", "venv", "site-packages", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache"]);
/**
 * Build output, skipped only at the top of the walk: `src/out/` is somebody's code, `out/` beside
 * `src/` is what a build wrote. Deeper folders with these names are read like any other.
 */
export const BUILD_OUTPUT_DIRS = new Set(["dist", "build", "out", ".next", ".nuxt", ".output", ".turbo", "coverage"]);

export interface WalkEntry {
  /** Relative to the walk's base, with `/`. */
  rel: string;
  abs: string;
  /** The top-level build-output folder the file is in (only when the walk was asked to enter them). */
  buildDir?: string;
}

export interface WalkResult {
  files: WalkEntry[];
  skipped: { rel: string; reason: string; folder?: boolean }[];
}

export interface WalkOptions {
  /** Enter top-level build-output folders and mark their files (source collection), instead of leaving them out. */
  markBuildOutput?: boolean;
}

/**
 * Every file under `base` that is not in an always-skipped folder or .gitignore'd (nested .gitignore
 * files honoured). Symbolic links are followed only when they stay inside `fence` (the manifest's
 * folder); a linked folder is not entered, which also rules out cycles.
 */
export function walkTree(base: string, fence: string, opts: WalkOptions = {}): WalkResult {
  const files: WalkEntry[] = [];
  const skipped: WalkResult["skipped"] = [];
  const fenceReal = realpathSync(fence);
  const visit = (dirAbs: string, dirRel: string, rules: { base: string; ig: Ignore }[], buildDir?: string): void => {
    let entries;
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true });
    } catch (e) {
      skipped.push({ rel: dirRel || ".", reason: `folder not readable (${(e as NodeJS.ErrnoException).code ?? "error"})`, folder: true });
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
      if (isDir && DEPENDENCY_DIRS.has(ent.name)) continue;
      if (ignoredBy(here, rel, isDir)) continue;
      const topBuild = isDir && !dirRel && BUILD_OUTPUT_DIRS.has(ent.name);
      if (topBuild && !opts.markBuildOutput) continue;
      if (isDir) visit(abs, rel, here, topBuild ? ent.name : buildDir);
      else if (isFile) files.push(buildDir ? { rel, abs, buildDir } : { rel, abs });
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
