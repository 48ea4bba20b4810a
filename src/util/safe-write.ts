import { randomBytes } from "node:crypto";
import { appendFileSync, closeSync, constants, fchmodSync, fstatSync, lstatSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from "node:fs";
import path from "node:path";
import { InputError } from "../errors.js";

/**
 * The one way psf writes a file (reports, attestations, bundles, keys, psf.yaml, the job summary).
 * psf runs as root in CI, so a target is written only when it is a regular file or a new name in an
 * existing folder, is none of the run's inputs, and is not a symbolic link; the content goes to an
 * unpredictable temp file created exclusively beside it, then is renamed over it: whole or not at
 * all, and no device, FIFO, link or input is ever opened for writing.
 */
export interface SafeWriteOptions {
  /** Files this run read (manifest, sources, evidence, keys, --previous): never overwritten. */
  inputs?: readonly string[];
  /** Mode of a new file (an existing file keeps its own, unless keepMode is false); default 0644. */
  mode?: number;
  /** false: the new content gets `mode` even when it replaces a file (a private key stays 0600). */
  keepMode?: boolean;
  /** How the target is named in messages (default: the path as given). */
  shown?: string;
}

/** Kernel views where a "file" is a control knob: psf writes nothing there. */
const VIRTUAL_ROOTS = ["/proc", "/sys"];

/** A target that passed every check: where it is, and what is there now (undefined when new). */
interface CheckedTarget {
  abs: string;
  current: Stats | undefined;
}

/** Refuse any target psf must not write; exit 2 naming it. */
export function checkWriteTarget(file: string, opts: SafeWriteOptions = {}): CheckedTarget {
  const shown = opts.shown ?? file;
  const refuse = (why: string, hint?: string): never => {
    throw new InputError(why, { file: shown }, hint);
  };
  if (file === "") refuse("an empty output path", "name a file");
  const given = path.resolve(file);
  const parent = path.dirname(given);
  let parentReal: string;
  try {
    parentReal = realpathSync(parent);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return refuse(code === "ENOENT" ? `the folder ${path.dirname(file) || "."} does not exist; psf does not create folders for its output` : `cannot reach the folder: ${code ?? "error"}`, code === "ENOENT" ? "create the folder first, or write elsewhere" : undefined);
  }
  if (!statSync(parentReal).isDirectory()) refuse(`${path.dirname(file)} is not a folder`);
  if (VIRTUAL_ROOTS.some((r) => parentReal === r || parentReal.startsWith(r + "/"))) refuse(`is under ${parentReal.split("/").slice(0, 2).join("/")}, a kernel interface, not a place for files`);
  const abs = path.join(parentReal, path.basename(given));
  let current: Stats | undefined;
  try {
    current = lstatSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") refuse(`cannot check the output path: ${(e as NodeJS.ErrnoException).code ?? "error"}`);
  }
  if (current) {
    if (current.isSymbolicLink()) refuse("is a symbolic link; psf does not write through links", "remove the link or write to another path");
    if (current.isDirectory()) refuse("is a folder; name a file inside it");
    if (!current.isFile()) refuse(`is ${kindOf(current)}, not a regular file; psf writes only regular files`, "write to a file, or use -o - for standard output");
  }
  if (isInput(abs, current, opts.inputs ?? [])) refuse("refusing to overwrite an input of this run", "choose another output path");
  return { abs, current };
}

/** Write `content` to `file` whole or not at all (see the module comment). */
export function writeFileSafely(file: string, content: string | Buffer, opts: SafeWriteOptions = {}): void {
  const { abs, current } = checkWriteTarget(file, opts);
  const mode = current && opts.keepMode !== false ? current.mode & 0o777 : (opts.mode ?? 0o644);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${randomBytes(12).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    // Exclusive and private from the first byte: no one can pre-plant it, read it half-written, or link it elsewhere.
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    const bytes = typeof content === "string" ? Buffer.from(content) : content;
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    if (process.platform !== "win32") fchmodSync(fd, mode);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, abs);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* never created, or already renamed */
    }
    throw new InputError(`cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: opts.shown ?? file });
  }
}

/**
 * Append to an existing regular file (GitHub's job summary): the same refusals as a write, and the
 * file is opened without following a link, then checked again through the open descriptor.
 */
export function appendFileSafely(file: string, content: string, opts: SafeWriteOptions = {}): void {
  const { abs, current } = checkWriteTarget(file, opts);
  if (!current) {
    // The runner creates the summary file; a missing one is appended to as a new private file.
    writeFileSafely(file, content, { ...opts, mode: opts.mode ?? 0o600 });
    return;
  }
  let fd: number | undefined;
  try {
    fd = openSync(abs, constants.O_WRONLY | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile() || st.dev !== current.dev || st.ino !== current.ino) throw new InputError("changed while psf was writing to it; not appended", { file: opts.shown ?? file });
    appendFileSync(fd, content);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot append: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: opts.shown ?? file });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Same file by path (through links) or by identity (a hard link to the signing key is still the key). */
function isInput(abs: string, current: Stats | undefined, inputs: readonly string[]): boolean {
  for (const input of inputs) {
    let real = path.resolve(input);
    try {
      real = realpathSync(real);
    } catch {
      /* a listed input that is gone: compare by path */
    }
    if (real === abs) return true;
    if (current) {
      try {
        const st = statSync(real);
        if (st.dev === current.dev && st.ino === current.ino) return true;
      } catch {
        /* gone */
      }
    }
  }
  return false;
}

function kindOf(st: Stats): string {
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  return "a special file";
}
