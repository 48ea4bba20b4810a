import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sha256, type SourceFile, type SourceSet } from "../sources/collect.js";
import type { FactsCache } from "./cache.js";
import type { Facts } from "./types.js";
import { writeFileSafely } from "../util/safe-write.js";

/**
 * The whole tree's facts, kept beside the per-file records (cache.ts): when not one source file
 * changed since the last run, the facts that run extracted are read back as they were, and nothing
 * is parsed, walked or resolved. The per-file records still serve a run where some files changed
 * (only those are walked, then everything is resolved again).
 *
 * Key: the SHA-256 of the analysis code's digest and every source file's path and SHA-256, in the
 * order read. Extraction also reads a few files that are not source files (CrewAI's agents.yaml):
 * each is listed with its SHA-256 (or as absent) and checked again before the facts are used.
 *
 * One file per project folder (`tree.json`, replaced by each run that extracts): a header line
 * `psf-tree <key> <sha256 of the body>`, then the body. Like every cache entry, it is never trusted
 * as it is: a wrong key, checksum, extra file or body is a miss, rewritten by this run.
 */
const MAGIC = "psf-tree";
const FILE = "tree.json";

interface Body {
  reads: { file: string; sha256: string | null }[];
  facts: Facts;
}

/** Facts read by wholeTreeFacts and not yet taken by extraction, per cache (assessAsync asks first, to learn that no parser is needed). */
const found = new WeakMap<FactsCache, { key: string; facts: Facts | null }>();

export function treeKey(cache: FactsCache, sources: SourceSet): string {
  const h = createHash("sha256").update(`${cache.codeDigest}\n`);
  for (const f of sources.files) h.update(`${f.path}\0${f.sha256}\n`);
  return h.digest("hex");
}

/** The facts of the last run over exactly these files, when they hold; else undefined. */
export function wholeTreeFacts(cache: FactsCache, sources: SourceSet): Facts | undefined {
  const key = treeKey(cache, sources);
  const memo = found.get(cache);
  if (memo?.key === key) return memo.facts ?? undefined;
  const facts = read(path.join(cache.folder, FILE), key) ?? null;
  found.set(cache, { key, facts });
  return facts ?? undefined;
}

/**
 * The files extraction will have to parse (the others' facts are in the cache), looked up before
 * the parsers load: none when the whole tree's facts hold, else the files with no record.
 */
export function filesToParse(cache: FactsCache | undefined, sources: SourceSet): SourceFile[] {
  if (!cache) return sources.files;
  if (cache.wholeTree && wholeTreeFacts(cache, sources)) return [];
  const paths = new Set(sources.files.map((f) => f.path));
  return sources.files.filter((f) => !cache.lookup(f, paths));
}

/** Take the facts wholeTreeFacts found (each run uses them once: assess adds to them). */
export function takeWholeTreeFacts(cache: FactsCache, sources: SourceSet): Facts | undefined {
  const facts = wholeTreeFacts(cache, sources);
  found.delete(cache);
  return facts;
}

function read(file: string, key: string): Facts | undefined {
  try {
    const text = readFileSync(file, "utf8");
    const nl = text.indexOf("\n");
    const [magic, k, sum] = text.slice(0, nl).split(" ");
    if (magic !== MAGIC || k !== key) return undefined;
    const body = text.slice(nl + 1);
    if (sha256(body) !== sum) return undefined;
    const parsed = JSON.parse(body) as Body;
    if (!Array.isArray(parsed.reads) || !parsed.facts || !Array.isArray(parsed.facts.files)) return undefined;
    for (const r of parsed.reads) if (digestOf(r.file) !== r.sha256) return undefined;
    return parsed.facts;
  } catch {
    return undefined;
  }
}

/**
 * Keep these facts as the tree's (before assess adds MCP config servers and pinned defaults to them).
 * Not kept when a file could not be analysed: that may be this machine's trouble, not the file's.
 */
export function keepWholeTreeFacts(cache: FactsCache, sources: SourceSet, facts: Facts, reads: readonly string[]): void {
  if (cache.stats.writeFailed || facts.unanalysed.length) return;
  try {
    const body = JSON.stringify({ reads: [...new Set(reads)].map((file) => ({ file, sha256: digestOf(file) })), facts } satisfies Body);
    mkdirSync(cache.folder, { recursive: true });
    // As every file psf writes: through an exclusive temp file, never through a link or onto a device.
    writeFileSafely(path.join(cache.folder, FILE), `${MAGIC} ${treeKey(cache, sources)} ${sha256(body)}\n${body}`);
  } catch {
    // A read-only or full disk, or something other than a file at tree.json: the per-file records (or a walk) serve the next run.
  }
}

function digestOf(file: string): string | null {
  try {
    return sha256(readFileSync(file));
  } catch {
    return null;
  }
}
