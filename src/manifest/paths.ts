import { realpathSync, existsSync } from "node:fs";
import path from "node:path";

/**
 * Why a manifest path is not allowed, or undefined when it is fine. Paths are relative to the
 * manifest's folder and must stay inside its tree: no absolute paths, no `..` segment.
 */
export function relativePathProblem(p: string): string | undefined {
  if (path.isAbsolute(p) || /^[a-zA-Z]:[\\/]/.test(p) || p.startsWith("\\") || p.startsWith("/")) {
    return `"${p}" is an absolute path; paths in the manifest are relative to its folder`;
  }
  if (p.split(/[\\/]+/).some((seg) => seg === "..")) {
    return `"${p}" leaves the manifest's folder through ".."; paths must stay inside it`;
  }
  if (p.includes("\0")) return `"${p}" contains a NUL byte`;
  return undefined;
}

/** True when `target` (after following symlinks, when it exists) lies inside `rootReal`. */
export function staysInside(rootReal: string, target: string): boolean {
  const real = existsSync(target) ? realpathSync(target) : path.resolve(target);
  return real === rootReal || real.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep);
}
