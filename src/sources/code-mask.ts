/**
 * A source text with what the language would not execute blanked out: the insides of comments and
 * string literals become spaces (newlines stay, so every offset and line is the original's). A text
 * scan run over the mask finds only code, so `import dspy` in a docstring or a commented-out
 * `require("x")` is not taken for an import. The inventory scans before any parser is loaded (and
 * `psf init` scans the same way), so this is a lexer, not a parse: it knows strings and comments only.
 * It jumps from one character that may open a string or comment to the next (a regular expression
 * search), as every file psf reads passes through it.
 */

/** Where a Python string may end: a backslash (it escapes what follows) or the closing quote(s); a one-line string also at its line's end. */
const PY_STRING_END: Record<string, RegExp> = { "1'": /[\\\n']/g, '1"': /[\\\n"]/g, "3'": /\\|'''/g, '3"': /\\|"""/g };

/** Python: `#` comments; '…', "…", '''…''', """…""" with any prefix (r, b, f, u, rb, …); a backslash escapes the next character (a raw string's too: r"\"" does not end at the second quote). */
export function maskPython(text: string): string {
  const blanks = new Blanks(text);
  const n = text.length;
  const opener = /[#'"]/g;
  let i = 0;
  for (;;) {
    opener.lastIndex = i;
    const m = opener.exec(text);
    if (!m) break;
    const at = m.index;
    const c = text[at]!;
    if (c === "#") {
      i = lineEnd(text, at);
      blanks.add(at + 1, i);
      continue;
    }
    const triple = text.startsWith(c.repeat(3), at);
    const start = at + (triple ? 3 : 1);
    // The string ends at its closing quote(s); a one-line string that reaches its line's end is unterminated and ends there.
    const end = stringEnd(text, start, PY_STRING_END[`${triple ? 3 : 1}${c}`]!);
    blanks.add(start, end);
    i = end < n && text[end] === c ? end + (triple ? 3 : 1) : end;
  }
  return blanks.apply();
}

/**
 * TypeScript/JavaScript: `//` and `/* … *\/` comments, '…' and "…" strings, template literals (their
 * `${…}` expressions stay code), and regular expression literals (told from division by what precedes
 * the slash). An unterminated quote ends at its line, so an apostrophe in JSX text hides one line at most.
 */
export function maskScript(text: string): string {
  const blanks = new Blanks(text);
  const n = text.length;
  // For each `${` still open, the brace depth inside it; braces matter only inside one.
  const open: number[] = [];
  const inCode = /[/'"`]/g;
  const inExpression = /[/'"`{}]/g;
  const inTemplate = /[`\\$]/g;
  let i = 0;
  /** From i, inside a template literal: blank up to its closing backtick or the next `${`. */
  const template = (): void => {
    let j = i;
    for (;;) {
      inTemplate.lastIndex = j;
      const e = inTemplate.exec(text);
      if (!e) {
        blanks.add(i, n);
        i = n;
        return;
      }
      const c = text[e.index]!;
      if (c === "\\") j = e.index + 2;
      else if (c === "$" && text[e.index + 1] !== "{") j = e.index + 1;
      else {
        blanks.add(i, e.index);
        if (c === "`") i = e.index + 1;
        else {
          open.push(0);
          i = e.index + 2;
        }
        return;
      }
    }
  };
  while (i < n) {
    const re = open.length ? inExpression : inCode;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) break;
    const at = m.index;
    const c = text[at]!;
    i = at + 1;
    if (c === "/" && text[at + 1] === "/") {
      i = lineEnd(text, at);
      blanks.add(at + 2, i);
    } else if (c === "/" && text[at + 1] === "*") {
      const end = text.indexOf("*/", at + 2);
      i = end < 0 ? n : end + 2;
      blanks.add(at + 2, end < 0 ? n : end);
    } else if (c === "'" || c === '"') {
      const end = stringEnd(text, at + 1, c === "'" ? JS_STRING_END.single : JS_STRING_END.double);
      blanks.add(at + 1, end);
      i = text[end] === c ? end + 1 : end;
    } else if (c === "`") template();
    else if (c === "{") open[open.length - 1]!++;
    else if (c === "}") {
      if (open[open.length - 1]! > 0) open[open.length - 1]!--;
      else {
        open.pop();
        template();
      }
    } else if (c === "/" && regexMayStart(text, at)) i = skipRegex(blanks, text, at);
  }
  return blanks.apply();
}

const JS_STRING_END = { single: /[\\\n']/g, double: /[\\\n"]/g };

/**
 * Where a string that starts at `from` ends: at the first match of `stop` (its closing quote(s), or
 * the end of its line for a one-line string) that no backslash escapes; the text's end when none.
 */
function stringEnd(text: string, from: number, stop: RegExp): number {
  for (let j = from; ; ) {
    stop.lastIndex = j;
    const e = stop.exec(text);
    if (!e) return text.length;
    if (text[e.index] !== "\\") return e.index;
    j = e.index + 2;
  }
}

/** Ranges of a text to blank, in order; `apply` writes the masked text (newlines kept). */
class Blanks {
  private readonly ranges: number[] = [];
  constructor(private readonly text: string) {}
  add(from: number, to: number): void {
    if (to > from) this.ranges.push(from, to);
  }
  apply(): string {
    if (!this.ranges.length) return this.text;
    const parts: string[] = [];
    let at = 0;
    for (let k = 0; k < this.ranges.length; k += 2) {
      const from = this.ranges[k]!, to = this.ranges[k + 1]!;
      parts.push(this.text.slice(at, from));
      const inside = this.text.slice(from, to);
      parts.push(/[\r\n]/.test(inside) ? inside.replace(/[^\r\n]/g, " ") : " ".repeat(inside.length));
      at = to;
    }
    parts.push(this.text.slice(at));
    return parts.join("");
  }
}

function lineEnd(text: string, from: number): number {
  const e = text.indexOf("\n", from);
  return e < 0 ? text.length : e;
}

/** Words after which a slash starts a regular expression, not a division. */
const BEFORE_REGEX = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"]);

function regexMayStart(text: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && (text[j] === " " || text[j] === "\t" || text[j] === "\n" || text[j] === "\r")) j--;
  if (j < 0) return true;
  const prev = text[j]!;
  if (prev === ")" || prev === "]") return false;
  if (/[\w$]/.test(prev)) {
    let k = j;
    while (k > 0 && /[\w$]/.test(text[k - 1]!)) k--;
    return BEFORE_REGEX.has(text.slice(k, j + 1));
  }
  return true;
}

/** Past a regular expression literal (its body blanked; a `/` inside a class `[…]` does not end it); it ends at its line at the latest. */
function skipRegex(blanks: Blanks, text: string, at: number): number {
  let i = at + 1;
  let inClass = false;
  while (i < text.length && text[i] !== "\n") {
    const c = text[i]!;
    if (c === "\\" && text[i + 1] !== "\n") i++;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) break;
    i++;
  }
  blanks.add(at + 1, Math.min(i, text.length));
  return i < text.length && text[i] === "/" ? i + 1 : i;
}
