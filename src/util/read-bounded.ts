import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";

export type BoundedRead = { bytes: Buffer } | { notAFile: true } | { tooLarge: number };

/**
 * A file's bytes, its size checked before anything is read, and never more than `max` bytes read
 * even if it grows meanwhile: a huge or growing file is refused, not loaded. The path is stat'ed
 * before it is opened (opening a FIFO would wait for a writer). File system errors (ENOENT, EACCES,
 * …) are thrown as they are.
 */
export function readFileBounded(file: string, max: number): BoundedRead {
  if (!statSync(file).isFile()) return { notAFile: true };
  const fd = openSync(file, "r");
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { notAFile: true };
    if (st.size > max) return { tooLarge: st.size };
    // One byte of room past the size: a file that grew after fstat is seen to, up to the limit.
    const buf = Buffer.alloc(Math.min(max, st.size) + 1);
    let off = 0;
    for (let n = -1; off < buf.length && n !== 0; off += n) n = readSync(fd, buf, off, buf.length - off, off);
    if (off > max) return { tooLarge: off };
    return { bytes: buf.subarray(0, off) };
  } finally {
    closeSync(fd);
  }
}
