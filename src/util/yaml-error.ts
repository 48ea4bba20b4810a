import type { LineCounter, YAMLError } from "yaml";

/**
 * A YAML syntax error said the way a person fixes it: at the line that is wrong, in words about that
 * line. The yaml library reports some mistakes where its parser noticed them, in its own terms: a key
 * indented too deep ("owner: y" then "    team: z") is "Nested mappings are not allowed in compact
 * mappings" at owner's value, one line above the mistake; an unclosed `{` is reported where the
 * next key begins. The common indentation and punctuation mistakes are recognised here and put at
 * the line to change; anything else keeps the library's message and place.
 */
export interface YamlProblem {
  message: string;
  line: number;
  column: number;
  hint?: string;
}

export function explainYamlError(error: YAMLError, text: string, lc: LineCounter): YamlProblem {
  const at = lc.linePos(error.pos[0]);
  const fallback: YamlProblem = { message: `invalid YAML: ${libraryMessage(error.message)}`, line: at.line, column: at.col };
  const lines = text.split(/\r?\n/);
  try {
    switch (error.code) {
      case "BLOCK_AS_IMPLICIT_KEY":
        return deeperKey(lines, at.line) ?? fallback;
      case "MULTILINE_IMPLICIT_KEY":
        return noSpaceAfterColon(lines, at.line) ?? fallback;
      case "BAD_INDENT":
        return unclosedFlow(lines, at.line, error.message) ?? misalignedKey(lines, at.line) ?? fallback;
      case "MISSING_CHAR":
        return /without - indicator/.test(error.message) ? misalignedKey(lines, at.line) ?? fallback : fallback;
      default:
        return fallback;
    }
  } catch {
    return fallback;
  }
}

/** The first line of the library's message, without the place it appends. */
export function libraryMessage(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "").replace(/:$/, "");
}

const KEY_LINE = /^(\s*)(?:-\s+)?([^\s#:][^:#]*?):(?:\s|$)/;

function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

/** A `key:` line indented deeper than the `key: value` line above it, which YAML reads as part of that value. */
function deeperKey(lines: string[], errorLine: number): YamlProblem | undefined {
  const parent = KEY_LINE.exec(lines[errorLine - 1] ?? "");
  if (!parent) return undefined;
  const parentIndent = indentOf(lines[errorLine - 1]!);
  for (let i = errorLine; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    const key = KEY_LINE.exec(line);
    if (indentOf(line) <= parentIndent || !key) return undefined;
    const [, , parentKey] = parent;
    return {
      message: `invalid YAML: "${key[2]!.trim()}:" is indented deeper than "${parentKey!.trim()}:" on line ${errorLine}, which already has a value on its line, so YAML cannot read it as a key`,
      line: i + 1,
      column: indentOf(line) + 1,
      hint: `indent "${key[2]!.trim()}:" to column ${parentIndent + 1} like "${parentKey!.trim()}:", or put ${parentKey!.trim()}'s value on lines of its own below it`,
    };
  }
  return undefined;
}

/** `key:value` with no space after the colon: YAML reads the whole line as text, not a key. */
function noSpaceAfterColon(lines: string[], errorLine: number): YamlProblem | undefined {
  const line = lines[errorLine - 1] ?? "";
  const m = /^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*):(\S.*)$/.exec(line);
  if (!m || /^\/\//.test(m[3]!)) return undefined;
  return {
    message: `invalid YAML: "${m[2]}:${m[3]}" has no space after the colon, so YAML reads it as text, not as the key "${m[2]}"`,
    line: errorLine,
    column: m[1]!.length + m[2]!.length + 2,
    hint: `write "${m[2]}: ${m[3]}"`,
  };
}

/** A `{` or `[` opened on an earlier line and never closed: named where it opens. */
function unclosedFlow(lines: string[], errorLine: number, message: string): YamlProblem | undefined {
  const kind = /Flow (map|sequence)/.exec(message)?.[1];
  if (!kind) return undefined;
  const [open, close] = kind === "map" ? ["{", "}"] : ["[", "]"];
  // The nearest line above with more opening than closing brackets of that kind, outside quotes.
  for (let i = errorLine - 2; i >= 0; i--) {
    const bare = lines[i]!.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, (q) => " ".repeat(q.length)).replace(/\s#.*$/, "");
    let depth = 0;
    let openAt = -1;
    for (let c = 0; c < bare.length; c++) {
      if (bare[c] === open) {
        if (depth === 0) openAt = c;
        depth++;
      } else if (bare[c] === close) depth--;
    }
    if (depth > 0 && openAt >= 0) {
      return {
        message: `invalid YAML: the "${open}" opened here is never closed with "${close}"`,
        line: i + 1,
        column: openAt + 1,
        hint: `close it with "${close}" before the next key, or write the ${kind === "map" ? "mapping" : "list"} as block YAML, one entry per line`,
      };
    }
  }
  return undefined;
}

/** A key that does not line up with the keys of the mapping it continues. */
function misalignedKey(lines: string[], errorLine: number): YamlProblem | undefined {
  const line = lines[errorLine - 1] ?? "";
  const key = KEY_LINE.exec(line);
  if (!key) return undefined;
  const indent = indentOf(line);
  // The nearest key line above: the column that mapping's keys start at (inside a list item, after "- ").
  for (let i = errorLine - 2; i >= 0; i--) {
    const above = lines[i]!;
    if (!above.trim() || above.trimStart().startsWith("#")) continue;
    const m = /^(\s*)(-\s+)?([^\s#:][^:#]*?):(?:\s|$)/.exec(above);
    if (!m) return undefined;
    const column = m[1]!.length + (m[2]?.length ?? 0);
    if (column === indent) return undefined;
    return {
      message: `invalid YAML: "${key[2]!.trim()}:" starts at column ${indent + 1}, but "${m[3]!.trim()}:" on line ${i + 1}, the key above it, starts at column ${column + 1}`,
      line: errorLine,
      column: indent + 1,
      hint: `indent "${key[2]!.trim()}:" to column ${column + 1}, or to the column of the key it belongs under`,
    };
  }
  return undefined;
}
