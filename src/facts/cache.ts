import { randomBytes } from "node:crypto";
import { closeSync, constants, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { sha256, type SourceFile } from "../sources/collect.js";
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
 * Layout: `<dir>/<code digest, 16 hex>/<project, 16 hex>/*.pack`. A pack is written once (to a
 * temporary name, then renamed) and never changed: entries one after another, each a header line
 * (`psf-facts <codec> <key> <sha256 of the body> <body bytes>`), then the body: one line of the path
 * questions' JSON and the record's JSON. A run writes one pack with the records it walked; thousands
 * of small files cost more to create than to fill. When the packs hold as much that the run did not use
 * (files changed since) as it used, or there are many packs, the run writes one pack of what it used and
 * removes the packs it read.
 */
export interface CacheStats {
  /** Records read from the cache. */
  hits: number;
  /** Files walked (not in the cache, or an entry that did not hold). */
  misses: number;
  /** Records written. */
  written: number;
  /** The whole tree's facts were read back (tree-cache.ts): no file was walked or resolved. */
  whole?: boolean;
  /** Why writing stopped, when it did (a read-only folder, a full disk). */
  writeFailed?: string;
}

const MAGIC = "psf-facts";
/** More packs than this and the next run that writes puts what it used in one pack. */
const MAX_PACKS = 8;

/**
 * Where the cache lives unless told: beside the project's dependencies
 * (`<project>/node_modules/.cache/psf/facts`, where build tools keep theirs, removed with them) when the
 * project has a node_modules folder; else the user's cache folder (`$XDG_CACHE_HOME/psf/facts`,
 * `~/.cache/psf/facts`; `%LOCALAPPDATA%\\psf\\cache\\facts` on Windows).
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

/** An entry in a pack read this run: where its body is. */
interface Slot {
  pack: Buffer;
  /** Where its header starts, and its body. */
  head: number;
  start: number;
  end: number;
  sum: string;
}

export class FactsCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, written: 0 };
  private readonly root: string;
  /** Entries by key, from the packs there were when first asked; undefined until then. */
  private slots: Map<string, Slot> | undefined;
  private readonly packsRead: string[] = [];
  private bytesRead = 0;
  /** Lookups already made this run (assessAsync looks up first to learn which parsers to load): each file is read and counted once. */
  private readonly found = new Map<string, FileIR | null>();
  /** The raw entries this run read (header and body), for a pack that replaces the old ones. */
  private readonly hits = new Map<string, Buffer>();
  /** This run's pack, open from its first record until flush(). */
  private out: { target: string; tmp: string; fd: number } | undefined;
  private fresh = 0;
  private freshBytes = 0;

  /**
   * `dir`: the cache folder; `codeDigest`: the digest of psf's analysis code (code-digest.ts);
   * `project`: the assessed project's folder, so that projects sharing a folder keep apart;
   * `wholeTree`: also keep the whole tree's facts (tree-cache.ts), read back when no file changed.
   */
  constructor(readonly dir: string, readonly codeDigest: string, project = "", readonly wholeTree = false) {
    this.root = path.join(dir, codeDigest.slice(0, 16), sha256(project).slice(0, 16));
  }

  /** The key of a file's entry: its bytes, its path and the code that would walk it. */
  keyOf(file: SourceFile): string {
    return sha256(`${this.codeDigest}\0${file.path}\0${file.sha256}`);
  }
  /** The folder of this code digest and project, holding the packs. */
  get folder(): string {
    return this.root;
  }

  /** The file's record from the cache, when an entry for these very bytes holds under `paths`; else undefined. */
  lookup(file: SourceFile, paths: ReadonlySet<string>): FileIR | undefined {
    const memo = this.found.get(file.path);
    if (memo !== undefined) return memo ?? undefined;
    const key = this.keyOf(file);
    const slot = this.index().get(key);
    const ir = slot ? this.read(slot, file, paths) : undefined;
    this.found.set(file.path, ir ?? null);
    if (ir) {
      this.stats.hits++;
      this.hits.set(key, slot!.pack.subarray(slot!.head, slot!.end));
    } else this.stats.misses++;
    return ir;
  }

  private index(): Map<string, Slot> {
    if (this.slots) return this.slots;
    this.slots = new Map();
    let names: string[];
    try {
      const all = readdirSync(this.root);
      names = all.filter((n) => n.endsWith(".pack")).sort();
      // A pack (or tree.json, tree-cache.ts) left half-written by a run that died: removed once it is surely not being written.
      for (const n of all) if (n.endsWith(".tmp") && olderThanADay(path.join(this.root, n))) rmQuietly(path.join(this.root, n));
    } catch {
      return this.slots;
    }
    for (const name of names) {
      let pack: Buffer;
      try {
        pack = readFileSync(path.join(this.root, name));
      } catch {
        continue; // removed by another run since listed
      }
      this.packsRead.push(name);
      this.bytesRead += pack.length;
      // Headers, each followed by its body's length in bytes; a malformed one ends the pack.
      for (let at = 0; at < pack.length;) {
        const nl = pack.indexOf(10, at);
        if (nl < 0 || nl - at > 200) break;
        const [magic, codec, key, sum, len] = pack.toString("latin1", at, nl).split(" ");
        const bytes = Number(len);
        if (magic !== MAGIC || !key || !sum || !Number.isSafeInteger(bytes) || bytes < 0 || nl + 1 + bytes > pack.length) break;
        if (codec === String(CODEC_VERSION)) this.slots.set(key, { pack, head: at, start: nl + 1, end: nl + 1 + bytes, sum });
        at = nl + 1 + bytes;
      }
    }
    return this.slots;
  }

  private read(slot: Slot, file: SourceFile, paths: ReadonlySet<string>): FileIR | undefined {
    try {
      const body = slot.pack.subarray(slot.start, slot.end);
      if (sha256(body) !== slot.sum) return undefined;
      const queriesEnd = body.indexOf(10);
      if (queriesEnd < 0) return undefined;
      const [yes, no] = JSON.parse(body.toString("utf8", 0, queriesEnd)) as [string[], string[]];
      for (const p of yes) if (!paths.has(p)) return undefined;
      for (const p of no) if (paths.has(p)) return undefined;
      return decodeFileIR(body.subarray(queriesEnd + 1), file.path, file.text);
    } catch {
      return undefined;
    }
  }

  /** Write a walked file's record, with the path questions its walk asked (see RecordingPaths), to this run's pack. */
  store(file: SourceFile, ir: FileIR, asked: RecordingPaths): void {
    if (this.stats.writeFailed !== undefined) return;
    let body: string;
    try {
      body = `${JSON.stringify(asked.answers())}\n${encodeFileIR(ir)}`;
    } catch {
      return; // a record the codec cannot write (a psf bug): the file is walked on every run, never misread
    }
    const key = this.keyOf(file);
    const bytes = Buffer.byteLength(body);
    if (!this.append(`${MAGIC} ${CODEC_VERSION} ${key} ${sha256(body)} ${bytes}\n${body}`)) return;
    this.fresh++;
    this.freshBytes += bytes;
  }

  /** Append to this run's pack (a temporary file until flush()); false when writing has failed. */
  private append(part: string | Buffer): boolean {
    try {
      if (!this.out) {
        mkdirSync(this.root, { recursive: true });
        const target = path.join(this.root, `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString("hex")}.pack`);
        // Created exclusively, never through a link (psf runs as root in CI; the folder may be a project's).
        this.out = { target, tmp: `${target}.tmp`, fd: openSync(`${target}.tmp`, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o644) };
      }
      const bytes = typeof part === "string" ? Buffer.from(part) : part;
      // writeSync may write less than asked (a full disk, a signal): go on until all of it is written.
      for (let off = 0; off < bytes.length; ) off += writeSync(this.out.fd, bytes, off, bytes.length - off);
      return true;
    } catch (e) {
      // A read-only folder, a full disk: this run goes on without writing; the next one walks again.
      this.stats.writeFailed = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      this.abandon();
      return false;
    }
  }

  private abandon(): void {
    if (!this.out) return;
    try {
      closeSync(this.out.fd);
    } catch {
      /* already closed */
    }
    rmQuietly(this.out.tmp);
    this.out = undefined;
  }

  /**
   * Put this run's pack in place. When the packs read hold as much that this run did not use (files
   * changed or removed since) as it used, or are many, the records it read go into its pack too and
   * the packs it read are removed.
   */
  flush(): void {
    let hitBytes = 0;
    for (const e of this.hits.values()) hitBytes += e.length;
    const stale = this.bytesRead - hitBytes;
    const compact = this.stats.writeFailed === undefined && (this.packsRead.length + 1 > MAX_PACKS || (stale > 0 && stale >= hitBytes + this.freshBytes));
    if (compact) for (const e of this.hits.values()) if (!this.append(e)) break;
    this.hits.clear();
    this.slots = new Map();
    if (!this.out) return;
    const { fd, tmp, target } = this.out;
    try {
      closeSync(fd);
      renameSync(tmp, target);
      this.stats.written += this.fresh;
    } catch (e) {
      this.stats.writeFailed = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      rmQuietly(tmp);
      return;
    } finally {
      this.out = undefined;
      this.fresh = 0;
      this.freshBytes = 0;
    }
    if (compact) for (const old of this.packsRead.splice(0)) rmQuietly(path.join(this.root, old));
  }
}

function olderThanADay(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs > 24 * 3600 * 1000;
  } catch {
    return false;
  }
}

function rmQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    /* another run's, or already gone */
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
