import { existsSync, realpathSync } from "node:fs";
import path from "node:path";

/** The nearest folder at or above `start` that holds `.git` (a folder, or a file in worktrees and submodules). */
export function findRepoRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, ".git"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The manifest's folder relative to the repository root, with `/` and no trailing slash ("" at the
 * root or outside any repository). Report paths are relative to the manifest's folder; code scanning
 * and workflow annotations want them relative to the repository root, so this is what goes in front.
 */
export function uriPrefixFor(manifestDir: string): string {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const dir = real(manifestDir);
  const root = findRepoRoot(dir);
  if (!root) return "";
  const rel = path.relative(root, dir);
  if (!rel || rel.startsWith("..") || path.isAbsolute(rel)) return "";
  return rel.split(path.sep).join("/");
}

/** A report path (relative to the manifest's folder) as a repository-relative URI path. */
export function repoPath(file: string, uriPrefix: string | undefined): string {
  const joined = uriPrefix ? path.posix.join(uriPrefix, file) : path.posix.normalize(file);
  return joined.replace(/^\.\//, "");
}

/** Where a finding lands in CI output: its file and line, or line 1 of the manifest for findings about the whole deployment. */
export function ciLocation(manifest: string, f: { file?: string; line?: number; column?: number }, uriPrefix: string | undefined): { uri: string; line: number; column?: number } {
  const uri = repoPath(f.file ?? manifest, uriPrefix);
  if (!f.file) return { uri, line: 1 };
  const line = f.line && f.line > 0 ? f.line : 1;
  return f.column && f.column > 0 && f.line ? { uri, line, column: f.column } : { uri, line };
}
