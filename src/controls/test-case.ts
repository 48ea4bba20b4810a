/**
 * The test cases of a control-test file, read from its text (DRA-02): psf never runs or imports a
 * test. A case's `text` is what it is about (its name, the names of the groups around it and its
 * body without comments or docstrings); `asserts` says whether its body asserts something other
 * than a constant.
 */
export interface TestCase {
  name: string;
  line: number;
  endLine?: number;
  text: string;
  asserts: boolean;
}


/** The 1-based line of an offset in a text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
