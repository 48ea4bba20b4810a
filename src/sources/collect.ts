import * as crypto from "node:crypto";
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import { walkTree } from "./walk.js";
import { DEFAULT_INCLUDE, languageOf } from "./languages.js";
import { dependencyReader } from "./dependencies.js";
import { isNotebook, NOTEBOOK_SIZE_FACTOR, notebookPython } from "./notebook.js";
import { InputError } from "../errors.js";

export { DEFAULT_INCLUDE } from "./languages.js";
/** Type declarations and stubs describe code; they are never the agent's behaviour. */
const ALWAYS_EXCLUDED = ["**/*.d.ts", "**/*.d.mts", "**/*.d.cts", "**/*.pyi"];
/** Larger files are bundles or generated code, not something a reviewer reads line by line. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
/** How many bytes are looked at for a NUL, the mark of a binary file. */
const BINARY_PROBE = 8000;

export interface SourceFile {
  /** Relative to the manifest's folder, with `/`: the name used in every report. */
  path: string;
  abs: string;
  /** What psf reads: the file's text; for a notebook, its code cells as Python on their own lines (notebook.ts). */
  text: string;
  sha256: string;
  size: number;
}

/**
 * A file (or folder) under the agent's root that was selected but not analysed. Nothing is passed
 * over silently: every entry is listed in the report's coverage, and every source control says it
 * was not examined (`error` when it is code psf reads or a file `include` names, else `warn`).
 */
export interface SkippedSource {
  path: string;
  reason: string;
  level: "error" | "warn";
  /** Its digest when its bytes could be read (it is still attested, so swapping it is drift). */
  sha256?: string;
  folder?: boolean;
  /** What to do about it, when the generic advice (make it readable, under 1 MiB) does not fit. */
  fix?: string;
}

/** A file in a language psf does not read. */
export interface UnreadSource {
  path: string;
  language: string;
  /** Its digest: unread code is still attested, so a change to it is drift. */
  sha256?: string;
}

export interface SourceSet {
  files: SourceFile[];
  /** Selected but not analysed, with the reason (binary, too large, unreadable, build output, link). */
  skipped: SkippedSource[];
  /** Source files in languages psf does not read (not excluded by agent.exclude). */
  unread: UnreadSource[];
  /** Every file path under the root that the walk saw (relative to the manifest's folder), for the inventory. */
  walked: { path: string; abs: string }[];
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
  return oneShot ? oneShot("sha256", bytes, "hex") : createHash("sha256").update(bytes).digest("hex");
}

/**
 * crypto.hash (Node 20.12 and later): the same digest in one call, without a Hash object. A run
 * hashes every source file and every facts-cache entry it reads (12,000 small inputs on a tree of
 * 6,000 files), and the object's set-up costs about as much as hashing a small file.
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer | string, encoding: "hex") => string }).hash;

interface Selection {
  files: { path: string; abs: string }[];
  skipped: SkippedSource[];
  unread: UnreadSource[];
  walked: { path: string; abs: string }[];
}

/** Does an include pattern name this top-level folder explicitly (`dist/**`, `out/agent.ts`)? */
function namesFolder(include: readonly string[], folder: string): boolean {
  return include.some((p) => {
    const base = picomatch.scan(p).base;
    return base === folder || base.startsWith(`${folder}/`);
  });
}

/**
 * What a file an include pattern selects is, when its name gives no language. Only what is code is
 * parsed: an include such as `examples/**` also selects README.md, go.sum and LICENSE, and parsing
 * those as TypeScript gave a syntax-error finding under eleven controls for each (a new user's Go
 * project). Code, read as TypeScript/JavaScript as before:
 * - a file an include pattern names literally (`bin/agent`): the operator's statement that it is code;
 * - a file with no extension whose first line runs Node.js (`#!/usr/bin/env node`, deno, bun, tsx, ts-node).
 * A file with no extension whose first line runs python is Python psf would not parse as such:
 * not examined, said so. A dependency manifest (go.mod, pyproject.toml) is read as one by the
 * inventory, from the walked files. Anything else (documents, data, lock files) is not source code.
 */
function namelessKind(rel: string, abs: string, patterns: readonly string[]): "code" | "python-script" | "not-code" {
  const base = path.posix.basename(rel);
  if (dependencyReader(base)) return "not-code";
  if (patterns.some((p) => p.replace(/^\.\//, "") === rel && !picomatch.scan(p).isGlob)) return "code";
  if (base.includes(".")) return "not-code";
  const shebang = firstLine(abs);
  // A file that cannot be read is passed on: reading it reports it as not analysed.
  if (shebang === undefined) return "code";
  if (!shebang.startsWith("#!")) return "not-code";
  if (/\b(node|nodejs|deno|bun|tsx|ts-node)\b/.test(shebang)) return "code";
  if (/\bpython[0-9.]*\b/.test(shebang)) return "python-script";
  return "not-code";
}

/** The first line of a file (up to 200 bytes), or undefined when it cannot be read. */
function firstLine(abs: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(abs, "r");
    const buf = Buffer.alloc(200);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.toString("utf8", 0, n);
    const nl = text.indexOf("\n");
    return nl < 0 ? text : text.slice(0, nl);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The paths (relative to the manifest's folder) that the agent's include/exclude globs select. */
export function selectSourcePaths(opts: CollectOptions): Selection {
  const rootAbs = path.resolve(opts.dir, opts.root ?? ".");
  const prefix = path.relative(opts.dir, rootAbs).split(path.sep).join("/");
  const explicitInclude = !!opts.include?.length;
  const patterns = explicitInclude ? opts.include! : [...DEFAULT_INCLUDE];
  const include = picomatch(patterns, { dot: true });
  const exclude = picomatch([...ALWAYS_EXCLUDED, ...(opts.exclude ?? [])], { dot: true });
  const walked = walkTree(rootAbs, opts.dir, { markBuildOutput: true });
  const withPrefix = (rel: string) => (prefix ? `${prefix}/${rel}` : rel);
  const out: Selection = { files: [], skipped: [], unread: [], walked: [] };
  for (const f of walked.files) {
    const p = withPrefix(f.rel);
    if (!f.buildDir) out.walked.push({ path: p, abs: f.abs });
    // A name with a control character (a line break, ESC) is never matched by a glob's `*`: it would be
    // passed over silently, so it is listed as not examined instead.
    if (/[\x00-\x1f\x7f]/.test(f.rel)) {
      out.skipped.push({ path: p, reason: "its name holds control characters, so include/exclude patterns cannot select it", level: "error" });
      continue;
    }
    if (exclude(f.rel)) continue;
    const lang = languageOf(f.rel);
    const selected = include(f.rel);
    if (f.buildDir && !(explicitInclude && namesFolder(patterns, f.buildDir))) {
      if (selected && lang?.read) out.skipped.push({ path: p, reason: `in the build-output folder ${f.buildDir}/, which is not analysed by default (name it in agent.include to read it)`, level: "warn" });
      continue;
    }
    if (lang && !lang.read) out.unread.push({ path: p, language: lang.name });
    else if (selected) {
      const kind = lang ? "code" : namelessKind(f.rel, f.abs, patterns);
      if (kind === "code") out.files.push({ path: p, abs: f.abs });
      else if (kind === "python-script") out.skipped.push({ path: p, reason: "a Python script without the .py extension (its first line runs python): psf reads Python files by their .py name; rename it, or check it by hand", level: "error" });
    }
  }
  for (const s of walked.skipped) {
    if (!s.folder && (!include(s.rel) || exclude(s.rel))) continue;
    const lang = languageOf(s.rel);
    // A folder psf could not open may hold anything, so it is treated like code psf could not read.
    const level = s.folder || lang?.read || explicitInclude ? "error" : "warn";
    out.skipped.push({ path: withPrefix(s.rel), reason: s.reason, level, ...(s.folder ? { folder: true } : {}) });
  }
  return out;
}

/** Read a file through one descriptor: its size is checked before its bytes are read, so a huge file costs no memory. */
function readBounded(abs: string, max: number): { bytes: Buffer } | { tooBig: number; sha256: string } {
  const fd = openSync(abs, "r");
  try {
    const size = fstatSync(fd).size;
    if (size > max) {
      const hash = createHash("sha256");
      const chunk = Buffer.allocUnsafe(1 << 20);
      let n: number;
      while ((n = readSync(fd, chunk, 0, chunk.length, null)) > 0) hash.update(chunk.subarray(0, n));
      return { tooBig: size, sha256: hash.digest("hex") };
    }
    const bytes = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, bytes, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return { bytes: bytes.subarray(0, off) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Let go of a file's text once its analysis no longer needs it (on a large tree the texts are a
 * tenth of psf's memory). A later read of `text` reads the file again and checks its digest: a file
 * that changed while psf was reading the tree is bad input, never analysed under two versions.
 */
export function releaseText(f: SourceFile): void {
  // Only a file collectSources read can be read again; a SourceSet built in memory keeps its texts.
  if (!readFromDisk.has(f)) return;
  released.add(f);
  Object.defineProperty(f, "text", { get: () => rereadText(f), enumerable: true, configurable: true });
}

const readFromDisk = new WeakSet<SourceFile>();
const released = new WeakSet<object>();

/**
 * Whether a file's text was let go after its walk. Extraction keeps every text a later check reads
 * (READ_AFTER_WALK in sources/markers.ts: inline waivers, Helicone headers), so such a check can pass over
 * a released file without reading it again.
 */
export function textReleased(f: object): boolean {
  return released.has(f);
}

function rereadText(f: SourceFile): string {
  let bytes: Buffer | undefined;
  try {
    const read = readBounded(f.abs, Math.max(f.size, 1));
    if (!("tooBig" in read)) bytes = read.bytes;
  } catch {
    /* reported below */
  }
  if (!bytes || sha256(bytes) !== f.sha256) throw new InputError(`${f.path} changed (or went away) while psf was reading the sources`, { file: f.path }, "run psf again once the files stop changing");
  const text = readText(f.path, bytes);
  // The same bytes read the same way: a notebook psf read once reads again.
  return typeof text === "string" ? text : "";
}

/** The text psf reads of a file's bytes (a notebook's Python, notebook.ts), or why a notebook cannot be read. */
function readText(file: string, bytes: Buffer): ReturnType<typeof notebookPython> {
  const text = bytes.toString("utf8");
  return isNotebook(file) ? notebookPython(text) : text;
}

/** Read every selected source file once: its text for analysis and its digest for the report's subjects. */
export function collectSources(opts: CollectOptions): SourceSet {
  const max = opts.maxFileBytes ?? MAX_SOURCE_BYTES;
  const selected = selectSourcePaths(opts);
  const explicitInclude = !!opts.include?.length;
  const files: SourceFile[] = [];
  const skipped = [...selected.skipped];
  const unread = [...selected.unread];
  for (const f of selected.files) {
    const level = languageOf(f.path)?.read || explicitInclude ? "error" : "warn";
    const notebook = isNotebook(f.path);
    let read;
    try {
      read = readBounded(f.abs, notebook ? max * NOTEBOOK_SIZE_FACTOR : max);
    } catch (e) {
      skipped.push({ path: f.path, reason: `not readable (${(e as NodeJS.ErrnoException).code ?? "error"})`, level });
      continue;
    }
    if ("tooBig" in read) {
      if (notebook) skipped.push({ path: f.path, reason: `a notebook larger than ${max * NOTEBOOK_SIZE_FACTOR} bytes (${read.tooBig})`, level, sha256: read.sha256, fix: "clear its outputs (Jupyter: Edit > Clear All Outputs; they are most of its size), or exclude it in agent.exclude if it is not agent code" });
      else skipped.push({ path: f.path, reason: `larger than ${max} bytes (${read.tooBig}); generated or bundled code is not analysed`, level, sha256: read.sha256 });
      continue;
    }
    const bytes = read.bytes;
    if (bytes.subarray(0, BINARY_PROBE).includes(0)) {
      skipped.push({ path: f.path, reason: "binary file (a NUL byte in its first 8 KB)", level, sha256: sha256(bytes) });
      continue;
    }
    const text = readText(f.path, bytes);
    if (typeof text !== "string") {
      // A notebook in another language is code psf does not read; one it cannot read as Python says why.
      if ("language" in text) unread.push({ path: f.path, language: `Jupyter notebook (${text.language})`, sha256: sha256(bytes) });
      else skipped.push({ path: f.path, ...text, level: "error", sha256: sha256(bytes) });
      continue;
    }
    // The digest is of the file's bytes (a notebook's too): what is attested and what keys the facts cache.
    const file = { path: f.path, abs: f.abs, text, sha256: sha256(bytes), size: bytes.length };
    readFromDisk.add(file);
    files.push(file);
  }
  // What was passed over is still bound by the attestation: a swapped file must show as drift.
  const digest = (abs: string): string | undefined => {
    try {
      const r = readBounded(abs, max);
      return "tooBig" in r ? r.sha256 : sha256(r.bytes);
    } catch {
      return undefined;
    }
  };
  const absOf = new Map(selected.walked.map((w) => [w.path, w.abs]));
  for (const s of skipped) if (!s.sha256 && !s.folder && s.reason.startsWith("in the build-output")) s.sha256 = digest(path.resolve(opts.dir, s.path));
  for (const u of unread) {
    if (u.sha256) continue;
    const abs = absOf.get(u.path);
    const d = abs ? digest(abs) : undefined;
    if (d) u.sha256 = d;
  }
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  skipped.sort(byPath);
  return { files, skipped, unread, walked: selected.walked };
}
