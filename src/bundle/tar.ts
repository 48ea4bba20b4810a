import * as zlib from "node:zlib";
import { gzipSync, inflateRawSync } from "node:zlib";
import { InputError } from "../errors.js";
import { LIMITS, overLimit } from "../limits.js";

/**
 * A deliberately small ustar writer and reader for the evidence bundle.
 *
 * Writer: regular files only, sorted by name, every header field fixed (mode 0644, uid/gid 0,
 * owner "root", one mtime), and gzip with a fixed header, so the same files give the same bytes.
 * Reader: parses into memory and refuses, before anything is used, any entry that is not a plain
 * file with a safe relative name: the verifier never extracts, so a hostile archive cannot write.
 * It also refuses what psf never writes and `tar` would still act on: data after the end-of-archive
 * blocks or after the gzip member (`tar -i` and gunzip read on), setuid/setgid/sticky bits, and
 * owners other than root.
 *
 * Damage, precisely: a gzip stream that cannot be decoded, or a tar header that does not parse
 * (bad checksum, not octal, cut short), makes the archive unreadable (UnreadableArchiveError, exit 2).
 * A stream that decodes but whose gzip CRC or length disagrees is still parsed: when the tar reads,
 * the damage is reported against the file whose digest no longer matches (tampered, exit 1), so a
 * flipped bit names what changed instead of "cannot read".
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

export const DEFAULT_LIMITS: ReadLimits = { maxTotal: LIMITS.bundleUncompressedBytes, maxEntries: LIMITS.bundleEntries };

const TYPE_NAMES: Record<string, string> = { "1": "a hard link", "2": "a symbolic link", "3": "a character device", "4": "a block device", "6": "a FIFO", "7": "a contiguous file", g: "a pax global header", x: "a pax header", L: "a GNU long name", K: "a GNU long link name" };

/** Where an archive-wide refusal is reported (it is about no single entry). */
export const WHOLE_ARCHIVE = "(the archive)";

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

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** Where the deflate data of a gzip member starts (RFC 1952 §2.3). */
function gzipHeaderLength(gz: Buffer): number {
  if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b) throw new UnreadableArchiveError("not a gzip file");
  if (gz[2] !== 8) throw new UnreadableArchiveError("not a readable gzip file (unknown compression method)");
  const flags = gz[3]!;
  if (flags & 0xe0) throw new UnreadableArchiveError("not a readable gzip file (reserved header flags set)");
  let off = 10;
  if (flags & FEXTRA) off += 2 + gz.readUInt16LE(Math.min(off, gz.length - 2));
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const end = gz.indexOf(0, off);
    if (end < 0) throw new UnreadableArchiveError("not a readable gzip file (header cut short)");
    off = end + 1;
  }
  if (flags & FHCRC) off += 2;
  if (off >= gz.length) throw new UnreadableArchiveError("not a readable gzip file (header cut short)");
  return off;
}

const crc32: (data: Uint8Array) => number = (zlib as unknown as { crc32?: (d: Uint8Array) => number }).crc32 ?? crc32Slow;

/** CRC-32 (IEEE) for Node versions whose zlib does not export one. */
function crc32Slow(data: Uint8Array): number {
  let c = ~0;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

export interface GunzipResult {
  tar: Buffer;
  /** Set when the stream decoded but its CRC-32 or length does not match the trailer. */
  damage?: string;
}

/**
 * Decode exactly one gzip member, and refuse anything after it. zlib's gunzip reads every member
 * back to back (and GNU gunzip reads appended data), so a second member would be content that psf
 * never checked but an auditor's `tar` extracts.
 */
export function gunzipOne(gz: Buffer, limits: ReadLimits = DEFAULT_LIMITS): GunzipResult {
  const start = gzipHeaderLength(gz);
  let tar: Buffer;
  let consumed: number;
  try {
    // The trailer's length (ISIZE) as the output chunk size: an honest archive decodes into one
    // buffer, instead of chunks and then their copy (twice its size in memory). A lying ISIZE costs
    // no more than the limit.
    const isize = gz.readUInt32LE(gz.length - 4);
    const chunkSize = isize < limits.maxTotal ? Math.max(16 * 1024, isize + 1) : undefined;
    const r = inflateRawSync(gz.subarray(start), { info: true, maxOutputLength: limits.maxTotal, ...(chunkSize ? { chunkSize } : {}) }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    tar = r.buffer;
    consumed = r.engine.bytesWritten;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UnreadableArchiveError(code === "ERR_BUFFER_TOO_LARGE" ? `refusing to read it: ${overLimit("bundleUncompressedBytes", `more than ${limits.maxTotal}`)}` : `not a readable gzip file (${code ?? (e as Error).message})`);
  }
  const trailer = start + consumed;
  if (trailer + 8 > gz.length) throw new UnreadableArchiveError("not a readable gzip file (cut short: no CRC and length trailer)");
  if (trailer + 8 < gz.length) {
    throw new UnsafeArchiveError(WHOLE_ARCHIVE, `${gz.length - trailer - 8} bytes follow the gzip stream (a second gzip member, or appended data); psf writes one member, and gunzip would read on into what psf does not check`);
  }
  const crcOk = gz.readUInt32LE(trailer) === crc32(tar);
  const sizeOk = gz.readUInt32LE(trailer + 4) === tar.length % 2 ** 32;
  return crcOk && sizeOk ? { tar } : { tar, damage: `the gzip ${crcOk ? "length" : "CRC-32"} does not match the decoded archive: the bundle was altered after it was written` };
}

/** Gunzip (capped) and parse; every entry is checked before any is returned. Damage of any kind is an error. */
export function readTarGz(gz: Buffer, limits: ReadLimits = DEFAULT_LIMITS): TarEntry[] {
  const { tar, damage } = gunzipOne(gz, limits);
  if (damage) throw new UnreadableArchiveError(damage);
  return readTar(tar, limits);
}

const ZEROS = Buffer.alloc(64 * 1024);

/** True when every byte from `from` on is zero. */
function zeroFrom(buf: Buffer, from: number): boolean {
  for (let off = from; off < buf.length; off += ZEROS.length) {
    const chunk = buf.subarray(off, Math.min(off + ZEROS.length, buf.length));
    if (!chunk.equals(ZEROS.subarray(0, chunk.length))) return false;
  }
  return true;
}

/** Entries' data are views into `tar`, not copies: a bundle costs its size once in memory. */
export function readTar(tar: Buffer, limits: ReadLimits = DEFAULT_LIMITS): TarEntry[] {
  const entries: TarEntry[] = [];
  const seen = new Set<string>();
  let headers = 0;
  let off = 0;
  for (;;) {
    if (off + BLOCK > tar.length) throw new UnreadableArchiveError("truncated tar archive (no end-of-archive marker)");
    const h = tar.subarray(off, off + BLOCK);
    if (h.equals(ZEROS.subarray(0, BLOCK))) {
      // `tar -i` reads past the end-of-archive blocks: anything hidden there is refused, not ignored.
      if (!zeroFrom(tar, off)) throw new UnsafeArchiveError(WHOLE_ARCHIVE, "data follows the end-of-archive blocks; psf writes nothing there, and `tar -i` would extract it");
      break;
    }
    const stored = readOctal(h, 148, 8, "checksum");
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    if (sum !== stored) throw new UnreadableArchiveError(`not a ustar archive: header checksum mismatch at offset ${off}`);
    if (++headers > limits.maxEntries) throw new UnreadableArchiveError(`refusing to read it: ${overLimit("bundleEntries", `more than ${limits.maxEntries}`)}`);
    const magic = readString(h, 257, 6);
    const base = readString(h, 0, 100);
    const prefix = magic === "ustar" ? readString(h, 345, 155) : "";
    // `tar -C dir .` writes ./name: the same file, so an auditor's re-packed copy still reads.
    const name = (prefix ? `${prefix}/${base}` : base).replace(/^(?:\.\/)+/, "");
    const type = String.fromCharCode(h[156]!);
    const odd = ownershipProblem(h, magic === "ustar");
    if (odd) throw new UnsafeArchiveError(name, `entry ${JSON.stringify(name)} ${odd}`);
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
    const size = readOctal(h, 124, 12, "size");
    const start = off + BLOCK;
    if (start + size > tar.length) throw new UnreadableArchiveError(`truncated tar archive: ${name} is cut short`);
    entries.push({ name, data: tar.subarray(start, start + size) });
    off = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

/**
 * psf writes mode 0644, uid/gid 0 and owner root; `tar` run as root restores modes and owners, so a
 * setuid bit or a stranger's uid in a bundle would become real on the auditor's disk.
 */
function ownershipProblem(h: Buffer, ustar: boolean): string | undefined {
  const mode = readOctal(h, 100, 8, "mode");
  if (mode & 0o7000) return `has mode ${mode.toString(8).padStart(4, "0")} (setuid, setgid or sticky bit); psf writes 0644`;
  const uid = readOctal(h, 108, 8, "uid");
  const gid = readOctal(h, 116, 8, "gid");
  if (uid !== 0 || gid !== 0) return `is owned by uid ${uid}, gid ${gid}; psf writes root (0/0)`;
  if (ustar) {
    for (const [off, what] of [[265, "owner"], [297, "group"]] as const) {
      const n = readString(h, off, 32);
      if (n !== "" && n !== "root") return `names the ${what} ${JSON.stringify(n)}; psf writes root`;
    }
  }
  return undefined;
}
