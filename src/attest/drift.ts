import { createHash } from "node:crypto";
import { closeSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import { InputError } from "../errors.js";
import { loadManifest, displayPath } from "../manifest/load.js";
import { relativePathProblem, staysInside } from "../manifest/paths.js";
import type { Report } from "../report/model.js";
import { selectSourcePaths } from "../sources/collect.js";
import { walkTree } from "../sources/walk.js";

export interface Drift {
  /** Real path of the folder the subjects were compared against. */
  dir: string;
  manifestFile: string;
  /** How many subjects were re-digested. */
  checked: number;
  /** Subjects whose bytes differ from the attested digest. */
  changed: string[];
  /** Subjects no longer there. */
  missing: string[];
  /** Files the manifest's globs now select that the attestation does not name. */
  added: string[];
  /** Subjects that could not be compared (unreadable, or a name that leaves the tree): drift, since nothing proves them unchanged. */
  unreadable: { name: string; reason: string }[];
  /** What could not be checked, e.g. new files when the current manifest does not load. */
  notes: string[];
  drifted: boolean;
}

/**
 * Where the attested tree is: `target` may be a folder (holding the report's manifest, usually
 * psf.yaml) or the manifest file; without it, the report's manifest relative to the working directory.
 */
export function resolveTree(report: Pick<Report, "manifest">, target?: string): { dir: string; manifestFile: string } {
  let manifestFile: string;
  if (target === undefined) manifestFile = path.resolve(report.manifest);
  else {
    let st;
    try {
      st = statSync(target);
    } catch {
      throw new InputError("no such file or folder", { file: target }, "pass the deployment's folder, or its manifest");
    }
    manifestFile = st.isDirectory() ? path.join(path.resolve(target), report.manifest) : path.resolve(target);
  }
  try {
    if (!statSync(manifestFile).isFile()) throw new Error("not a file");
  } catch {
    const where = target === undefined ? "the working directory" : displayPath(path.dirname(manifestFile));
    throw new InputError(`the attested manifest ${report.manifest} is not in ${where}`, { file: displayPath(manifestFile) }, "pass the deployment's folder (or its manifest) as PATH");
  }
  return { dir: realpathSync(path.dirname(manifestFile)), manifestFile };
}

/** Re-digest every attested subject against the tree, and list the files the manifest now selects that it did not. */
export function checkDrift(report: Pick<Report, "manifest" | "subjects" | "sources">, target?: string): Drift {
  const { dir, manifestFile } = resolveTree(report, target);
  const changed: string[] = [];
  const missing: string[] = [];
  const unreadable: { name: string; reason: string }[] = [];
  const notes: string[] = [];
  for (const s of report.subjects) {
    const problem = relativePathProblem(s.name);
    if (problem) {
      unreadable.push({ name: s.name, reason: "the attested name leaves the tree; not compared" });
      continue;
    }
    const abs = s.name === report.manifest ? manifestFile : path.join(dir, s.name);
    if (!staysInside(dir, abs)) {
      unreadable.push({ name: s.name, reason: "resolves (through a symbolic link) outside the tree; not compared" });
      continue;
    }
    let digest: string;
    try {
      digest = digestFile(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") missing.push(s.name);
      else unreadable.push({ name: s.name, reason: `could not be read (${code ?? "error"})` });
      continue;
    }
    if (digest !== s.digest.sha256) changed.push(s.name);
  }
  const added = newFiles(report, manifestFile, dir, notes);
  return { dir, manifestFile, checked: report.subjects.length, changed, missing, added, unreadable, notes, drifted: changed.length + missing.length + added.length + unreadable.length > 0 };
}

/** SHA-256 of a file read in chunks: a subject swapped for a huge file costs time, not its size in memory. */
function digestFile(abs: string): string {
  const fd = openSync(abs, "r");
  try {
    const hash = createHash("sha256");
    const chunk = Buffer.alloc(1024 * 1024);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
    }
    return hash.digest("hex");
  } finally {
    closeSync(fd);
  }
}

/** Files the current manifest's agent globs and control-test globs select that the attestation does not name. */
function newFiles(report: Pick<Report, "subjects" | "sources">, manifestFile: string, dir: string, notes: string[]): string[] {
  let loaded;
  try {
    loaded = loadManifest(manifestFile);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    notes.push(`new files were not listed: the current manifest does not load (${e.format()})`);
    return [];
  }
  // Files the assessment saw but did not read (binary, too large) are not new.
  // The signed report may come from another psf version: its optional parts are read only when they have the expected shape.
  const skipped: unknown = report.sources?.skipped;
  const skippedNames = Array.isArray(skipped) ? skipped.map((s: unknown) => (s as { name?: unknown } | null)?.name).filter((n): n is string => typeof n === "string") : [];
  const known = new Set([...report.subjects.map((s) => s.name), ...skippedNames]);
  const m = loaded.value;
  const sel = selectSourcePaths({ dir: loaded.dir, root: m.agent?.root, include: m.agent?.include, exclude: m.agent?.exclude });
  // A new file in a language psf does not read is new all the same: it changes what was not examined.
  const selected = new Set([...sel.files, ...sel.unread].map((f) => f.path));
  const tests = m.readiness?.control_tests;
  if (tests?.length) {
    const match = picomatch(tests, { dot: true });
    for (const f of walkTree(dir, dir).files) if (match(f.rel)) selected.add(f.rel);
  }
  return [...selected].filter((p) => !known.has(p)).sort();
}
