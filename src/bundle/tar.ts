import { gunzipSync, gzipSync } from "node:zlib";
import { InputError } from "../errors.js";

/**
 * A deliberately small ustar writer and reader for the evidence bundle.
 *
 * Writer: regular files only, sorted by name, every header field fixed (mode 0644, uid/gid 0,
 * owner "root", one mtime), and gzip with a fixed header, so the same files give the same bytes.
 * Reader: parses into memory and refuses, before anything is used, any entry that is not a plain
 * file with a safe relative name: the verifier never extracts, so a hostile archive cannot write.
 */

export interface TarEntry {
  name: string;
  data: Buffer;
}

const BLOCK = 512;
const enc = new TextEncoder();

function writeString(buf: Buffer, offset: number, length: number, value: string): void {
  const bytes = enc.encode(value);
  if (bytes.length > length) throw new Error(`tar header field too long: ${value}`);
  buf.set(bytes, offset);
}

/** Octal, zero-padded, NUL-terminated, as ustar wants it. */
function writeOctal(buf: Buffer, offset: number, length: number, value: number): void {
  const text = value.toString(8).padStart(length - 1, "0");
  if (text.length > length - 1) throw new Error(`tar numeric field overflows: ${value}`);
  writeString(buf, offset, length, text + "\0");
}

/** ustar keeps a name in 100 bytes, or splits a longer one at a `/` into prefix (155) and name (100). */
function splitName(name: string): { prefix: string; base: string } {
  if (enc.encode(name).length <= 100) return { prefix: "", base: name };
  for (let i = name.lastIndexOf("/"); i > 0; i = name.lastIndexOf("/", i - 1)) {
    const prefix = name.slice(0, i);
    const base = name.slice(i + 1);
    if (enc.encode(prefix).length <= 155 && enc.encode(base).length <= 100 && base.length > 0) return { prefix, base };
  }
  throw new InputError("the path is too long to store in a ustar archive (at most 155 + 100 bytes, split at a /)", { file: name });
}

function header(entry: TarEntry, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  const { prefix, base } = splitName(entry.name);
  writeString(h, 0, 100, base);
  writeOctal(h, 100, 8, 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, entry.data.length);
  writeOctal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  h[156] = 0x30; // '0': regular file
  writeString(h, 257, 6, "ustar\0");
  writeString(h, 263, 2, "00");
  writeString(h, 265, 32, "root");
  writeString(h, 297, 32, "root");
  writeOctal(h, 329, 8, 0);
  writeOctal(h, 337, 8, 0);
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (const b of h) sum += b;
  writeString(h, 148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
  return h;
}

/** A ustar archive of the entries, sorted by name (byte order), each with the given mtime (seconds). */
export function writeTar(entries: TarEntry[], mtime: number): Buffer {
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  const parts: Buffer[] = [];
  const seen = new Set<string>();
  for (const e of sorted) {
    const problem = unsafeName(e.name);
    if (problem) throw new Error(`refusing to archive ${JSON.stringify(e.name)}: ${problem}`);
    if (seen.has(e.name)) throw new Error(`two entries named ${e.name}`);
    seen.add(e.name);
    parts.push(header(e, mtime), e.data);
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}

/**
 * gzip at level 9 with a fixed header: mtime 0, no file name, XFL 2 (maximum compression) and
 * OS 3 (Unix) whatever platform wrote it, so the header never varies.
 */
export function gzip(data: Buffer): Buffer {
  const out = gzipSync(data, { level: 9 });
  out.writeUInt32LE(0, 4);
  out[8] = 2;
  out[9] = 3;
  return out;
}

export function writeTarGz(entries: TarEntry[], mtime: number): Buffer {
  return gzip(writeTar(entries, mtime));
}

/** Why a name may not be used: absolute, climbs out with `..`, or is otherwise not a plain relative path. */
export function unsafeName(name: string): string | undefined {
  if (name === "") return "the name is empty";
  if (name.includes("\0")) return "the name holds a NUL byte";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name) || name.startsWith("\\")) return "it is an absolute path";
  if (name.includes("\\")) return "it holds a backslash";
  const segs = name.split("/");
  if (segs.includes("..")) return "it climbs out of the folder with ..";
  if (segs.some((s) => s === "" || s === ".")) return "it is not a normalized relative path";
  return undefined;
}

export class UnsafeArchiveError extends Error {
  constructor(readonly entry: string, message: string) {
    super(message);
    this.name = "UnsafeArchiveError";
  }
}

/** The archive could not be read at all (not gzip, not tar, truncated): exit 2, not "tampered". */
export class UnreadableArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnreadableArchiveError";
  }
}

export interface ReadLimits {
  /** Largest uncompressed archive accepted. */
  maxTotal: number;
  maxEntries: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxTotal: 256 * 1024 * 1024, maxEntries: 10_000 };

const TYPE_NAMES: Record<string, string> = { "1": "a hard link", "2": "a symbolic link", "3": "a character device", "4": "a block device", "6": "a FIFO", "7": "a contiguous file", g: "a pax global header", x: "a pax header", L: "a GNU long name", K: "a GNU long link name" };

function readString(buf: Buffer, offset: number, length: number): string {
  const slice = buf.subarray(offset, offset + length);
  const end = slice.indexOf(0);
  return slice.subarray(0, end < 0 ? length : end).toString("utf8");
}

function readOctal(buf: Buffer, offset: number, length: number, what: string): number {
  const text = readString(buf, offset, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new UnreadableArchiveError(`not a ustar archive: the ${what} field is not octal`);
  return text === "" ? 0 : parseInt(text, 8);
}

/** Gunzip (capped) and parse; every entry is checked before any is returned. */
export function readTarGz(gz: Buffer, limits: ReadLimits = DEFAULT_LIMITS): TarEntry[] {
  if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b) throw new UnreadableArchiveError("not a gzip file");
  let tar: Buffer;
  try {
    tar = gunzipSync(gz, { maxOutputLength: limits.maxTotal });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UnreadableArchiveError(code === "ERR_BUFFER_TOO_LARGE" ? `larger than ${limits.maxTotal} bytes uncompressed; refusing to read it` : `not a readable gzip file (${code ?? (e as Error).message})`);
  }
  return readTar(tar, limits);
}

export function readTar(tar: Buffer, limits: ReadLimits = DEFAULT_LIMITS): TarEntry[] {
  const entries: TarEntry[] = [];
  const seen = new Set<string>();
  let off = 0;
  for (;;) {
    if (off + BLOCK > tar.length) throw new UnreadableArchiveError("truncated tar archive (no end-of-archive marker)");
    const h = tar.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    const stored = readOctal(h, 148, 8, "checksum");
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    if (sum !== stored) throw new UnreadableArchiveError(`not a ustar archive: header checksum mismatch at offset ${off}`);
    const magic = readString(h, 257, 6);
    const base = readString(h, 0, 100);
    const prefix = magic === "ustar" ? readString(h, 345, 155) : "";
    // `tar -C dir .` writes ./name: the same file, so an auditor's re-packed copy still reads.
    const name = (prefix ? `${prefix}/${base}` : base).replace(/^(?:\.\/)+/, "");
    const type = String.fromCharCode(h[156]!);
    if (type === "5") {
      // A directory holds nothing by itself; it is skipped, but its name must be as safe as a file's.
      const dir = name.replace(/\/+$/, "");
      const bad = dir === "" || dir === "." ? undefined : unsafeName(dir);
      if (bad) throw new UnsafeArchiveError(name, `entry ${JSON.stringify(name)} is unsafe: ${bad}`);
      off += BLOCK + Math.ceil(readOctal(h, 124, 12, "size") / BLOCK) * BLOCK;
      continue;
    }
    if (type !== "0" && type !== "\0") {
      throw new UnsafeArchiveError(name, `entry ${JSON.stringify(name)} is ${TYPE_NAMES[type] ?? `of type ${JSON.stringify(type)}`}; a psf bundle holds only regular files`);
    }
    const problem = unsafeName(name);
    if (problem) throw new UnsafeArchiveError(name, `entry ${JSON.stringify(name)} is unsafe: ${problem}`);
    if (seen.has(name)) throw new UnsafeArchiveError(name, `entry ${JSON.stringify(name)} appears twice; a later copy would silently replace the first on extraction`);
    seen.add(name);
    if (entries.length >= limits.maxEntries) throw new UnreadableArchiveError(`more than ${limits.maxEntries} entries; refusing to read it`);
    const size = readOctal(h, 124, 12, "size");
    const start = off + BLOCK;
    if (start + size > tar.length) throw new UnreadableArchiveError(`truncated tar archive: ${name} is cut short`);
    entries.push({ name, data: Buffer.from(tar.subarray(start, start + size)) });
    off = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}
