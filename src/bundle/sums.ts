import { InputError } from "../errors.js";
import { sha256 } from "../sources/collect.js";

export const SUMS_FILE = "SHA256SUMS";



function byName(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** `sha256sum` text format: `<hex>  <path>` (two spaces: text mode), one line per file, sorted by path. */
export function formatSums(files: { name: string; data: Buffer }[]): string {
  return [...files]
    .sort((a, b) => byName(a.name, b.name))
    .map((f) => {
      if (/[\n\\]/.test(f.name)) throw new InputError("a file name with a newline or backslash cannot be listed plainly in SHA256SUMS", { file: JSON.stringify(f.name) }, "rename the file");
      return `${sha256(f.data)}  ${f.name}\n`;
    })
    .join("");
}

export interface SumsLine {
  name: string;
  sha256: string;
  line: number;
}

/** Parse SHA256SUMS strictly; a line that is not `<64 hex>  <path>` (or ` *<path>`) is a problem, not skipped. */
export function parseSums(text: string): { lines: SumsLine[]; problems: string[] } {
  const lines: SumsLine[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const rows = text.split("\n");
  if (rows[rows.length - 1] === "") rows.pop();
  rows.forEach((row, i) => {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(row);
    if (!m) {
      problems.push(`line ${i + 1} is not "<sha256>  <file>"`);
      return;
    }
    const name = m[2]!;
    if (seen.has(name)) problems.push(`line ${i + 1} lists ${name} a second time`);
    seen.add(name);
    lines.push({ name, sha256: m[1]!, line: i + 1 });
  });
  return { lines, problems };
}
