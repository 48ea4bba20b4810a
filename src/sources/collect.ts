import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import { walkTree } from "./walk.js";

export const DEFAULT_INCLUDE = ["**/*.{ts,tsx,mts,cts,js,mjs,cjs,jsx,py}"];
/** Type declarations describe code; they are never the agent's behaviour. */
const ALWAYS_EXCLUDED = ["**/*.d.ts", "**/*.d.mts", "**/*.d.cts", "**/*.pyi"];
/** Larger files are bundles or generated code, not something a reviewer reads line by line. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

export interface SourceFile {
  /** Relative to the manifest's folder, with `/`: the name used in every report. */
  path: string;
  abs: string;
  text: string;
  sha256: string;
  size: number;
}

export interface SourceSet {
  files: SourceFile[];
  /** Files that matched but were not read, with the reason (binary, too large, unreadable, link). */
  skipped: { path: string; reason: string }[];
}

export interface CollectOptions {
  /** Real path of the manifest's folder. */
  dir: string;
  /** agent.root, relative to dir. */
  root?: string;
  include?: string[];
  exclude?: string[];
  maxFileBytes?: number;
}

export function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The paths (relative to the manifest's folder) that the agent's include/exclude globs select. */
export function selectSourcePaths(opts: CollectOptions): { files: { path: string; abs: string }[]; skipped: { path: string; reason: string }[] } {
  const rootAbs = path.resolve(opts.dir, opts.root ?? ".");
  const prefix = path.relative(opts.dir, rootAbs).split(path.sep).join("/");
  const include = picomatch(opts.include?.length ? opts.include : DEFAULT_INCLUDE, { dot: true });
  const exclude = picomatch([...ALWAYS_EXCLUDED, ...(opts.exclude ?? [])], { dot: true });
  const walked = walkTree(rootAbs, opts.dir);
  const withPrefix = (rel: string) => (prefix ? `${prefix}/${rel}` : rel);
  return {
    files: walked.files.filter((f) => include(f.rel) && !exclude(f.rel)).map((f) => ({ path: withPrefix(f.rel), abs: f.abs })),
    skipped: walked.skipped.filter((s) => include(s.rel)).map((s) => ({ path: withPrefix(s.rel), reason: s.reason })),
  };
}

/** Read every selected source file once: its text for analysis and its digest for the report's subjects. */
export function collectSources(opts: CollectOptions): SourceSet {
  const max = opts.maxFileBytes ?? MAX_SOURCE_BYTES;
  const selected = selectSourcePaths(opts);
  const files: SourceFile[] = [];
  const skipped = [...selected.skipped];
  for (const f of selected.files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(f.abs);
    } catch (e) {
      skipped.push({ path: f.path, reason: `not readable (${(e as NodeJS.ErrnoException).code ?? "error"})` });
      continue;
    }
    if (bytes.length > max) {
      skipped.push({ path: f.path, reason: `larger than ${max} bytes (${bytes.length}); generated or bundled code is not analysed` });
      continue;
    }
    if (bytes.subarray(0, 8000).includes(0)) {
      skipped.push({ path: f.path, reason: "binary file" });
      continue;
    }
    files.push({ path: f.path, abs: f.abs, text: bytes.toString("utf8"), sha256: sha256(bytes), size: bytes.length });
  }
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}
