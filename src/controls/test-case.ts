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

