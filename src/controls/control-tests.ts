import { jsTestCases } from "./control-tests-js.js";
import type { TestCase } from "./test-case.js";
import { lineAt } from "../util/text.js";
import { languageOf } from "../sources/languages.js";

/*
 * Which of a control-test file's functions are test cases, and whether each asserts anything, read
 * from the text: the TypeScript parser for TypeScript and JavaScript, a small masking scanner for
 * Python and Go (comments and strings are told apart from code; nothing else is needed to find a
 * test function and the calls in its body).
 */

/** The file's test cases, or undefined for a language whose tests psf does not read. */
export function testCases(path: string, text: string): TestCase[] | undefined {
  switch (languageOf(path)?.name) {
    case "TypeScript":
    case "JavaScript": return jsTestCases(path, text);
    case "Python": return pythonTestCases(text);
    case "Go": return goTestCases(text);
    default: return undefined;
  }
}

// ---- Python ----------------------------------------------------------------------------------

/** Python code with comments and strings' insides blanked (same length and lines as the text): where imports are read. */
export function pythonCode(text: string): string {
  return maskPython(text).code;
}

/**
 * Python source split into what a test's words may come from (`words`: comments and docstrings
 * blanked, other strings kept) and what its structure is read from (`code`: strings' insides
 * blanked too), both the same length as the text so offsets and lines agree; `continued` marks
 * lines that start inside a string or a bracket, which are no statement of their own.
 */
function maskPython(text: string): { words: string; code: string; continued: Set<number> } {
  const words = text.split("");
  const code = text.split("");
  const continued = new Set<number>();
  let depth = 0;
  let line = 1;
  let lineStart = true; // nothing but blanks since the start of a statement line
  const blank = (arr: string[], from: number, to: number) => { for (let k = from; k < to; k++) if (arr[k] !== "\n") arr[k] = " "; };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\n") { line++; lineStart = depth === 0; if (depth > 0) continued.add(line); continue; }
    if (ch === "#") { const end = text.indexOf("\n", i); const to = end < 0 ? text.length : end; blank(words, i, to); blank(code, i, to); i = to - 1; continue; }
    const prefix = /^[rRbBuUfF]{0,2}(?:'''|"""|'|")/.exec(text.slice(i, i + 5));
    if (prefix && (ch === '"' || ch === "'" || i === 0 || !/\w/.test(text[i - 1]!))) { // a letter starts a string only as its prefix
      const quote = prefix[0].replace(/^[rRbBuUfF]+/, "");
      let j = i + prefix[0].length;
      let closed = false;
      while (j < text.length) {
        if (text.startsWith(quote, j)) { closed = true; break; }
        if (text[j] === "\n") {
          if (quote.length === 1) break; // an unterminated string ends at its line; the newline is read as code
          continued.add(++line);
        } else if (text[j] === "\\" && text[j + 1] !== "\n") j++; // an escaped quote (in a raw string too) does not close it
        j++;
      }
      const end = closed ? j + quote.length : j;
      blank(code, i + prefix[0].length, j);
      const rest = text.slice(end, (text.indexOf("\n", end) + 1 || text.length + 1) - 1);
      if (lineStart && depth === 0 && /^\s*(#.*)?$/.test(rest)) blank(words, i, end); // a docstring or a bare string: prose, not code
      lineStart = false;
      i = end - 1;
      continue;
    }
    if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth = Math.max(0, depth - 1);
    if (!/\s/.test(ch)) lineStart = false;
  }
  return { words: words.join(""), code: code.join(""), continued };
}

/**
 * `assert <expr>` other than `assert True`, `assert 1` or `assert "text"`; `self.assert*(…)`;
 * `pytest.raises(…)`; a mock's `.assert_called_with(…)` and the project's own `assert_*(…)` helpers.
 */
const PY_ASSERT = /(?:^|[^\w.])assert\s+(?!(?:\(\s*)?(?:True|1|"[^"\n]*"|'[^'\n]*')\s*\)?\s*(?:,|$))\S|\bself\.assert\w*\s*\(|\bpytest\.raises\s*\(|\bassert_\w+\s*\(/m;

/** An unconditional skip (`@pytest.mark.skip`, `@unittest.skip`) among the decorators right above statement k: a skipped test proves nothing. */
function skippedByDecorator(statements: readonly { indent: number; text: string }[], k: number): boolean {
  for (let j = k - 1; j >= 0 && statements[j]!.indent === statements[k]!.indent && statements[j]!.text.startsWith("@"); j--) {
    if (/^@(?:pytest\.mark\.skip|unittest\.skip)\b(?!If|Unless|if)/.test(statements[j]!.text)) return true;
  }
  return false;
}

/** `def test*` at module level or in a class (pytest's and unittest's cases), with its body, unless a decorator skips it. */
function pythonTestCases(text: string): TestCase[] {
  const { words, code, continued } = maskPython(text);
  const codeLines = code.split("\n");
  const wordLines = words.split("\n");
  const statements: { line: number; indent: number; text: string }[] = [];
  codeLines.forEach((l, k) => {
    if (continued.has(k + 1) || !l.trim()) return;
    statements.push({ line: k + 1, indent: l.length - l.trimStart().length, text: l.trim() });
  });
  const cases: TestCase[] = [];
  const scopes: { indent: number; kind: "class" | "def"; name: string }[] = [];
  statements.forEach((s, k) => {
    while (scopes.length && scopes[scopes.length - 1]!.indent >= s.indent) scopes.pop();
    const def = /^(?:async\s+)?def\s+(\w+)/.exec(s.text);
    const cls = /^class\s+(\w+)/.exec(s.text);
    if (def) {
      const outer = scopes[scopes.length - 1];
      if (def[1]!.startsWith("test") && (!outer || outer.kind === "class") && !skippedByDecorator(statements, k)) {
        const next = statements.slice(k + 1).find((t) => t.indent <= s.indent);
        const last = (next ? next.line : codeLines.length + 1) - 1;
        const body = codeLines.slice(s.line - 1, last).join("\n");
        const said = [...scopes.map((o) => o.name), wordLines.slice(s.line - 1, last).join("\n")].join(" ");
        cases.push({ name: def[1]!, line: s.line, endLine: last, text: said, asserts: PY_ASSERT.test(body) });
      }
      scopes.push({ indent: s.indent, kind: "def", name: def[1]! });
    } else if (cls) scopes.push({ indent: s.indent, kind: "class", name: cls[1]! });
  });
  return cases;
}

// ---- Go --------------------------------------------------------------------------------------

/** Go source with comments blanked (`words`) and strings' insides blanked too (`code`). */
function maskGo(text: string): { words: string; code: string } {
  const words = text.split("");
  const code = text.split("");
  const blank = (arr: string[], from: number, to: number) => { for (let k = from; k < to; k++) if (arr[k] !== "\n") arr[k] = " "; };
  for (let i = 0; i < text.length; i++) {
    const two = text.slice(i, i + 2);
    let end = -1;
    if (two === "//") end = (text.indexOf("\n", i) + 1 || text.length + 1) - 1;
    else if (two === "/*") end = (text.indexOf("*/", i + 2) + 1 || text.length - 1) + 1;
    if (end >= 0) { blank(words, i, end); blank(code, i, end); i = end - 1; continue; }
    const ch = text[i]!;
    if (ch === '"' || ch === "'" || ch === "`") {
      let j = i + 1;
      while (j < text.length && text[j] !== ch && (ch === "`" || text[j] !== "\n")) j += text[j] === "\\" && ch !== "`" ? 2 : 1;
      blank(code, i + 1, j);
      i = j;
    }
  }
  return { words: words.join(""), code: code.join("") };
}

/**
 * `func TestX(t *testing.T) { … }` with `t.Error*`/`t.Fatal*`/`t.Fail*`, testify's `require.`/`assert.`,
 * or a helper handed `t` (which is how a Go helper reports a failure) in its body.
 */
function goTestCases(text: string): TestCase[] {
  const { words, code } = maskGo(text);
  const cases: TestCase[] = [];
  for (const m of code.matchAll(/\bfunc\s+(Test\w*)\s*\(\s*(\w+)\s+\*testing\.T\s*\)\s*\{/g)) {
    const open = m.index! + m[0].length - 1;
    let depth = 0;
    let close = code.length;
    for (let i = open; i < code.length; i++) {
      if (code[i] === "{") depth++;
      else if (code[i] === "}" && --depth === 0) { close = i; break; }
    }
    const body = code.slice(open, close);
    const t = m[2]!;
    const asserts = new RegExp(`\\b${t}\\.(?:Error|Errorf|Fatal|Fatalf|Fail|FailNow)\\s*\\(|\\b(?:require|assert)\\.\\w+\\s*\\(|\\b(?!func\\b)\\w+\\s*\\(\\s*${t}\\s*[,)]`).test(body);
    cases.push({ name: m[1]!, line: lineAt(text, m.index!), endLine: lineAt(text, close), text: `${m[1]} ${words.slice(open, close)}`, asserts });
  }
  return cases;
}
