import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import type { SourceFile } from "../sources/collect.js";
import type { FileIR } from "./ir.js";
import { CODEC_VERSION, decodeFileIR, encodeFileIR } from "./cache-codec.js";

/**
 * The facts cache: each source file's record (FileIR) kept on disk, so that a run over files that have
 * not changed reads records instead of parsing and walking them. A record depends on the file's path
 * and text, on psf's analysis code, and on which project files exist (imports resolve to them): the
 * key is the SHA-256 of the code digest, the path and the file's SHA-256, and each entry lists the
 * `paths.has(x)` questions its walk asked with their answers, asked again on every lookup (a file
 * added or removed elsewhere that would change an import is a miss).
 *
 * Never trusted as it is: an entry whose header, key, checksum or content is wrong is a miss, and is
 * rewritten. Nothing here throws: a folder that cannot be written stops writing for the run.
 *
 * Layout: `<dir>/<code digest, 16 hex>/<key[0:2]>/<key>` holding one line of header
 * (`psf-facts <codec> <key> <sha256 of the rest>`), one line of the questions' JSON, then the record's JSON.
 */
export interface CacheStats {
  /** Records read from the cache. */
  hits: number;
  /** Files walked (not in the cache, or an entry that did not hold). */
  misses: number;
  /** Records written. */
  written: number;
  /** Why writing stopped, when it did (a read-only folder, a full disk). */
  writeFailed?: string;
}

const MAGIC = "psf-facts";

/**
 * Where the cache lives unless told: beside the project's dependencies
 * (`<project>/node_modules/.cache/psf/facts`, where build tools keep theirs, removed with them) when the
 * project has a node_modules folder; else the user's cache folder (`$XDG_CACHE_HOME/psf/facts`,
 * `~/.cache/psf/facts`; `%LOCALAPPDATA%\psf\cache\facts` on Windows).
 */
export function defaultCacheDir(projectDir: string, env: NodeJS.ProcessEnv): string {
  const modules = path.join(projectDir, "node_modules");
  try {
    if (statSync(modules).isDirectory()) return path.join(modules, ".cache", "psf", "facts");
  } catch {
    /* no node_modules: the user's cache folder */
  }
  if (process.platform === "win32" && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, "psf", "cache", "facts");
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, "psf", "facts");
  return path.join(env.HOME || env.USERPROFILE || homedir(), ".cache", "psf", "facts");
}

export class FactsCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, written: 0 };
  private readonly root: string;
  private readonly madeDirs = new Set<string>();
  private canWrite = true;
  /** Lookups already made this run (assessAsync looks up first to learn which parsers to load): each file is read and counted once. */
  private readonly found = new Map<string, FileIR | null>();

  /** `dir`: the cache folder; `codeDigest`: the digest of psf's analysis code (code-digest.ts). */
  constructor(readonly dir: string, readonly codeDigest: string) {
    this.root = path.join(dir, codeDigest.slice(0, 16));
  }

  private keyOf(file: SourceFile): string {
    return createHash("sha256").update(`${this.codeDigest}\0${file.path}\0${file.sha256}`).digest("hex");
  }
  private entryPath(key: string): string {
    return path.join(this.root, key.slice(0, 2), key);
  }
  /** Where a file's entry is (whether or not it exists). */
  entryOf(file: SourceFile): string {
    return this.entryPath(this.keyOf(file));
  }

  /** The file's record from the cache, when an entry for these very bytes holds under `paths`; else undefined. */
  lookup(file: SourceFile, paths: ReadonlySet<string>): FileIR | undefined {
    const memo = this.found.get(file.path);
    if (memo !== undefined) return memo ?? undefined;
    const ir = this.read(file, paths);
    this.found.set(file.path, ir ?? null);
    if (ir) this.stats.hits++;
    else this.stats.misses++;
    return ir;
  }

  private read(file: SourceFile, paths: ReadonlySet<string>): FileIR | undefined {
    const key = this.keyOf(file);
    let text: string;
    try {
      text = readFileSync(this.entryPath(key), "utf8");
    } catch {
      return undefined;
    }
    try {
      const headerEnd = text.indexOf("\n");
      const queriesEnd = text.indexOf("\n", headerEnd + 1);
      if (headerEnd < 0 || queriesEnd < 0) return undefined;
      const [magic, codec, entryKey, sum] = text.slice(0, headerEnd).split(" ");
      if (magic !== MAGIC || codec !== String(CODEC_VERSION) || entryKey !== key) return undefined;
      const body = text.slice(headerEnd + 1);
      if (createHash("sha256").update(body).digest("hex") !== sum) return undefined;
      const [yes, no] = JSON.parse(text.slice(headerEnd + 1, queriesEnd)) as [string[], string[]];
      for (const p of yes) if (!paths.has(p)) return undefined;
      for (const p of no) if (paths.has(p)) return undefined;
      return decodeFileIR(text.slice(queriesEnd + 1), file.path, file.text);
    } catch {
      return undefined;
    }
  }

  /** Store a walked file's record with the path questions its walk asked (see RecordingPaths). */
  store(file: SourceFile, ir: FileIR, asked: RecordingPaths): void {
    if (!this.canWrite) return;
    const json = encodeFileIR(ir);
    const body = `${JSON.stringify(asked.answers())}\n${json}`;
    const key = this.keyOf(file);
    const target = this.entryPath(key);
    const tmp = `${target}.${process.pid}.tmp`;
    try {
      const dir = path.dirname(target);
      if (!this.madeDirs.has(dir)) {
        mkdirSync(dir, { recursive: true });
        this.madeDirs.add(dir);
      }
      writeFileSync(tmp, `${MAGIC} ${CODEC_VERSION} ${key} ${createHash("sha256").update(body).digest("hex")}\n${body}`);
      renameSync(tmp, target);
      this.stats.written++;
    } catch (e) {
      // A read-only folder, a full disk: this run goes on without writing; the next one walks again.
      this.canWrite = false;
      this.stats.writeFailed = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      try {
        rmSync(tmp, { force: true });
      } catch {
        /* nothing more to do */
      }
    }
  }
}

/**
 * The project's paths as a walk sees them, remembering every question it asks (`has`), with the
 * answer: a walk reads nothing else of the project, so these answers decide whether its record still
 * holds when other files come and go.
 */
export class RecordingPaths implements ReadonlySet<string> {
  private readonly asked = new Map<string, boolean>();
  constructor(private readonly paths: ReadonlySet<string>) {}
  has(p: string): boolean {
    let a = this.asked.get(p);
    if (a === undefined) this.asked.set(p, (a = this.paths.has(p)));
    return a;
  }
  /** [paths that existed, paths that did not]. */
  answers(): [string[], string[]] {
    const yes: string[] = [], no: string[] = [];
    for (const [p, a] of this.asked) (a ? yes : no).push(p);
    return [yes, no];
  }
  // The rest of ReadonlySet: a walk only asks `has`, and anything else would be a question the cache
  // could not replay, so it fails loudly rather than answer.
  get size(): number {
    return unsupported();
  }
  forEach(): void {
    unsupported();
  }
  entries(): SetIterator<[string, string]> {
    return unsupported();
  }
  keys(): SetIterator<string> {
    return unsupported();
  }
  values(): SetIterator<string> {
    return unsupported();
  }
  [Symbol.iterator](): SetIterator<string> {
    return unsupported();
  }
}

function unsupported(): never {
  throw new Error("a walk asked the project's paths something other than has(): the facts cache cannot replay it");
}
