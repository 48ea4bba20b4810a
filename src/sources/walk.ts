import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { InputError } from "../errors.js";

/** Folders that never hold the agent's own source at any depth: installed dependencies, VCS data, caches. */
export const DEPENDENCY_DIRS = new Set(["node_modules", ".git", ".hg", ".svn", "__pycache__", ".venv", "venv", "site-packages", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints"]);
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
  const visit = (dirAbs: string, dirRel: string, rules: { base: string; ig: Ignore; file?: string }[], buildDir?: string): void => {
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
        const file = path.join(dirAbs, ".gitignore");
        here = [...rules, { base: dirRel, ig: ignoreRules(file, readFileSync(file, "utf8")), file }];
      } catch (e) {
        if (e instanceof InputError) throw e;
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

/**
 * Longest .gitignore rule psf applies. The `ignore` package turns each rule into a regular
 * expression, which fails past ~32k characters with a message quoting all of it; no rule written by
 * hand is anywhere near this long. Such a line is refused (exit 2, naming it) rather than skipped:
 * the rules decide which files are examined, so a rule psf silently dropped would change the
 * assessment's subject without anyone seeing why.
 */
export const MAX_IGNORE_RULE_CHARS = 4096;

/** One folder's .gitignore rules; a rule too long to apply is bad input naming its line. */
export function ignoreRules(file: string, text: string): Ignore {
  const lines = text.split("\n");
  const long = lines.findIndex((l) => l.length > MAX_IGNORE_RULE_CHARS);
  if (long >= 0) {
    throw new InputError(`.gitignore rule is ${lines[long]!.length} characters long; psf applies rules of at most ${MAX_IGNORE_RULE_CHARS}`, { file: shownPath(file), line: long + 1 }, "shorten or remove that line");
  }
  return ignore().add(text);
}

function ignoredBy(rules: { base: string; ig: Ignore; file?: string }[], rel: string, isDir: boolean): boolean {
  for (const r of rules) {
    const sub = r.base ? rel.slice(r.base.length + 1) : rel;
    let hit: boolean;
    try {
      hit = r.ig.ignores(isDir ? `${sub}/` : sub);
    } catch (e) {
      // The library's own message quotes the compiled expression, which can run to kilobytes.
      throw new InputError(`a rule in this .gitignore cannot be applied (${(e as Error).name})`, { file: shownPath(r.file ?? ".gitignore") }, "simplify its patterns");
    }
    if (hit) return true;
  }
  return false;
}

/** Relative to the working directory when below it, as the user would type it. */
function shownPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : abs;
}
