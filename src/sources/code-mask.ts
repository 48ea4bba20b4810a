/**
 * A source text with what the language would not execute blanked out: the insides of comments and
 * string literals become spaces (newlines stay, so every offset and line is the original's). A text
 * scan run over the mask finds only code, so `import dspy` in a docstring or a commented-out
 * `require("x")` is not taken for an import. The inventory scans before any parser is loaded (and
 * `psf init` scans the same way), so this is a lexer, not a parse: it knows strings and comments only.
 */

/** Python: `#` comments; '…', "…", '''…''', """…""" with any prefix (r, b, f, u, rb, …); a backslash escapes the next character (a raw string's too: r"\"" does not end at the second quote). */
export function maskPython(text: string): string {
  const out = text.split("");
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === "#") {
      i = blankUntilNewline(out, text, i + 1);
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      i += close.length;
      while (i < n && !text.startsWith(close, i)) {
        // A one-line string that reaches the end of its line is unterminated: the string ends there.
        if (!triple && text[i] === "\n") break;
        if (text[i] === "\\" && i + 1 < n) blank(out, i++);
        blank(out, i++);
      }
      if (i < n && text.startsWith(close, i)) i += close.length;
    } else i++;
  }
  return out.join("");
}

/**
 * TypeScript/JavaScript: `//` and `/* … *\/` comments, '…' and "…" strings, template literals (their
 * `${…}` expressions stay code), and regular expression literals (told from division by what precedes
 * the slash). An unterminated quote ends at its line, so an apostrophe in JSX text hides one line at most.
 */
export function maskScript(text: string): string {
  const out = text.split("");
  const n = text.length;
  // Brace depth of each `${` a template is waiting to see closed.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const template = (): void => {
    // Inside a template literal, from i: up to its closing backtick or the next `${`.
    while (i < n) {
      const c = text[i]!;
      if (c === "`") {
        i++;
        return;
      }
      if (c === "$" && text[i + 1] === "{") {
        templates.push(depth);
        depth++;
        i += 2;
        return;
      }
      if (c === "\\" && i + 1 < n) blank(out, i++);
      if (text[i] !== "\n") blank(out, i);
      i++;
    }
  };
  while (i < n) {
    const c = text[i]!;
    if (c === "/" && text[i + 1] === "/") i = blankUntilNewline(out, text, i + 2);
    else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end;
      for (let j = i + 2; j < stop; j++) if (text[j] !== "\n") blank(out, j);
      i = end < 0 ? n : end + 2;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < n && text[i] !== c && text[i] !== "\n") {
        if (text[i] === "\\" && i + 1 < n) blank(out, i++);
        if (text[i] !== "\n") blank(out, i);
        i++;
      }
      if (text[i] === c) i++;
    } else if (c === "`") {
      i++;
      template();
    } else if (c === "{") {
      depth++;
      i++;
    } else if (c === "}") {
      depth--;
      i++;
      if (templates.length && templates[templates.length - 1] === depth) {
        templates.pop();
        template();
      }
    } else if (c === "/" && regexMayStart(text, i)) {
      i = skipRegex(out, text, i);
    } else i++;
  }
  return out.join("");
}

function blank(out: string[], i: number): void {
  if (out[i] !== "\n" && out[i] !== "\r") out[i] = " ";
}

function blankUntilNewline(out: string[], text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== "\n") blank(out, i++);
  return i;
}

/** Words after which a slash starts a regular expression, not a division. */
const BEFORE_REGEX = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"]);

function regexMayStart(text: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && /\s/.test(text[j]!)) j--;
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

/** Past a regular expression literal (its body blanked, a `/` inside a class `[…]` included); it ends at its line at the latest. */
function skipRegex(out: string[], text: string, at: number): number {
  let i = at + 1;
  let inClass = false;
  while (i < text.length && text[i] !== "\n") {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length && text[i + 1] !== "\n") {
      blank(out, i++);
    } else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) return i + 1;
    blank(out, i++);
  }
  return i;
}
