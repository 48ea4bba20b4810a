import type { Loc } from "./yaml-nodes.js";

/** Just enough of HCL (Terraform) to find resource blocks and their attributes, with line and column. */

export interface Block {
  type: string;
  name: string;
  body: string;
  /** Offset of the body's first character in the file. */
  start: number;
  headerOffset: number;
}

export type HclOutcome = { ok: true; blocks: Block[] } | { ok: false; line: number; column: number; message: string };

export function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
}

/** Top-level `resource "T" "N" { … }` and `data "T" "N" { … }` blocks; braces inside strings and heredocs are skipped. */
export function hclBlocks(text: string): HclOutcome {
  const blocks: Block[] = [];
  const header = /^[ \t]*(resource|data)[ \t]+"([^"]+)"[ \t]+"([^"]+)"[ \t]*\{/gm;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchBrace(text, open);
    if (close < 0) {
      const { line, column } = lineCol(text, open);
      return { ok: false, line, column, message: `the block ${m[1]} "${m[2]}" "${m[3]}" opened here is never closed` };
    }
    const prefix = m[1] === "data" ? "data." : "";
    blocks.push({ type: m[2]!, name: `${prefix}${m[2]}.${m[3]}`, body: text.slice(open + 1, close), start: open + 1, headerOffset: m.index + (m[0].length - m[0].trimStart().length) });
    header.lastIndex = close;
  }
  return { ok: true, blocks };
}

export function matchBrace(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
    } else if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "<" && text.startsWith("<<", i)) {
      const h = /^<<-?([A-Z_]+)\n/.exec(text.slice(i));
      if (h) {
        const end = text.indexOf(`\n${h[1]}`, i + h[0].length - 1);
        const endTrim = new RegExp(`\\n[ \\t]*${h[1]}\\b`).exec(text.slice(i + h[0].length - 1));
        i = endTrim ? i + h[0].length - 1 + endTrim.index + endTrim[0].length : end < 0 ? text.length : end + h[1]!.length + 1;
        continue;
      }
    } else if (c === "{") depth++;
    else if (c === "}") {
      depth--;
      if (depth === 0) return i;
    }
    i++;
  }
  return -1;
}

/** `key = value` anywhere in a block body (nested blocks included): the first one. */
export function attr(b: Block, text: string, key: string): { value: string; loc: Loc } | undefined {
  const re = new RegExp(`(^|[\\s{])${key}[ \\t]*=[ \\t]*("([^"]*)"|[^\\n#]+)`, "m");
  const m = re.exec(b.body);
  if (!m) return undefined;
  const value = (m[3] ?? m[2]!).trim();
  const off = b.start + m.index + m[1]!.length;
  return { value, loc: { file: "", ...lineCol(text, off) } };
}
