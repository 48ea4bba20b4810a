/** "1 file", "3 files": a count and its noun. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Up to `max` names, then how many were left out: "a, b, c (and 7 more)". */
export function someOf(names: readonly string[], max: number): string {
  return `${names.slice(0, max).join(", ")}${names.length > max ? ` (and ${names.length - max} more)` : ""}`;
}

/** The 1-based line of a character offset in a text (1 for an offset before the first line break or below 0). */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** The text as a regular expression that matches it literally. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The line where `needle` first stands in `text` (1 when it does not). */
export function lineOfText(text: string, needle: string): number {
  return lineAt(text, text.indexOf(needle));
}
