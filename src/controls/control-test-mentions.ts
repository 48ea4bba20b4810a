import type { TestCase } from "./test-case.js";
import { lineAt } from "../util/text.js";
import { fail, warn, type RawFinding } from "./types.js";

/** One of the three stops DRA-02 wants a test of, and the words that name it. */
export interface Mention {
  what: string;
  pattern: RegExp;
  example: string;
}

interface ReadTest {
  path: string;
  text: string;
  /** undefined: a language whose tests psf does not read. */
  cases: TestCase[] | undefined;
}

/**
 * Whether the control tests exercise one stop. It counts only where a test case that asserts
 * something names it: a `// TODO: budget` or a test that asserts nothing proves no stop fires. In
 * a language whose tests psf does not read, a keyword is all it can see: a warn that says so.
 */
export function judgeMention(m: Mention, files: ReadTest[]): RawFinding[] {
  if (files.some((f) => f.cases?.some((c) => c.asserts && m.pattern.test(c.text)))) return [];
  const unread = files.find((f) => !f.cases && m.pattern.test(f.text));
  if (unread) {
    const line = firstLine(unread.text, m.pattern);
    return [{ ...warn(`${m.what} is matched by keyword only here: psf does not read the test cases of ${extension(unread.path)} files, so it cannot tell whether a test asserts it`, ["readiness", "control_tests"], `add ${m.example} in a language psf reads (TypeScript/JavaScript, Python, Go), or record a review by hand as a waiver`), loc: { file: unread.path, line } }];
  }
  // A test that names the stop but asserts nothing is the likelier slip: point at it before a comment.
  let idle: { f: ReadTest; c: TestCase } | undefined;
  for (const f of files) {
    const c = f.cases?.find((x) => m.pattern.test(x.text));
    if (c) {
      idle = { f, c };
      break;
    }
  }
  const named = idle?.f ?? files.find((f) => m.pattern.test(f.text));
  if (!named) return [fail(`no control test mentions ${m.what}`, ["readiness", "control_tests"], `add ${m.example}`)];
  const line = idle?.c.line ?? firstLine(named.text, m.pattern);
  return [{
    ...fail(`${m.what} is mentioned here, but not inside a test case that asserts anything: ${where(named.cases!, line)}`, ["readiness", "control_tests"], `turn it into ${m.example}, with an assertion on the outcome (a keyword in a comment or in a test that checks nothing proves no stop fires)`),
    loc: { file: named.path, line },
  }];
}

function where(cases: TestCase[], line: number): string {
  if (!cases.length) return "the file holds no test case";
  const around = cases.find((c) => c.line <= line && line <= (c.endLine ?? c.line));
  if (around && !around.asserts) return `test "${around.name}" (line ${around.line}) asserts nothing${cases.some((c) => c.asserts) ? "" : ", nor does any other test in the file"}`;
  if (around) return `inside test "${around.name}" it is only in a comment`;
  return "the line is outside every test case (a comment or top-level code)";
}

function firstLine(text: string, pattern: RegExp): number {
  const at = text.search(pattern);
  return at >= 0 ? lineAt(text, at) : 1;
}

function extension(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot > path.lastIndexOf("/") ? path.slice(dot) : path;
}
