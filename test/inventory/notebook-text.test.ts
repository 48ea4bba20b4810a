// A notebook's code cells read as Python (src/sources/notebook.ts): every code line stays on the
// line of the .ipynb file that holds it, IPython's own syntax is blanked, and a notebook psf cannot
// place line for line says why instead of giving findings at wrong lines.
import { describe, expect, it } from "vitest";
import { notebookPython, type NotebookUnread } from "../../src/sources/notebook.js";
import { notebook } from "../notebook-fixture.js";
import { dependencyReader } from "../../src/sources/dependencies.js";
import { JsonSyntaxError, parseJsonWithLines } from "../../src/sources/json-lines.js";

/** The Python text's non-blank lines, each with the line of the notebook it is on and what that line of the notebook holds. */
function placed(text: string): string[] {
  const py = notebookPython(text);
  if (typeof py !== "string") throw new Error(`not read: ${py.reason}`);
  const file = text.split("\n");
  expect(py.split("\n")).toHaveLength(file.length);
  return py.split("\n").flatMap((l, i) => (l.trim() ? [`${i + 1} ${l} ← ${file[i]!.trim()}`] : []));
}

describe("a notebook's code lines, each on the line of the file that holds it", () => {
  it("markdown, raw and outputs are blank; code keeps its line, decoded", () => {
    const text = notebook([["markdown", "# Agent\nimport not_code\n"], ["code", 'from openai import OpenAI\nclient = OpenAI(base_url="https://gw")\n'], ["raw", "import raw_text\n"], ["code", 'print("a \\"quoted\\" word")']]);
    expect(placed(text)).toEqual([
      '15 from openai import OpenAI ← "from openai import OpenAI\\n",',
      '16 client = OpenAI(base_url="https://gw") ← "client = OpenAI(base_url=\\"https://gw\\")\\n"',
      '32 print("a \\"quoted\\" word") ← "print(\\"a \\\\\\"quoted\\\\\\" word\\")"',
    ]);
  });

  it("a cell's source written as one string of one line is placed on its line", () => {
    const text = '{"cells": [\n {"cell_type": "code", "metadata": {}, "outputs": [],\n  "source": "client = OpenAI()"}\n],\n "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n';
    expect(placed(text)).toEqual(['3 client = OpenAI() ← "source": "client = OpenAI()"}']);
  });
});

describe("IPython's own syntax is blanked (a block keeps a `pass`)", () => {
  const cases: { name: string; cell: string; python: string[] }[] = [
    { name: "line magics and shell escapes", cell: "%pip install openai\n!ls -la\nfiles = !ls\nx = %env HOME\nimport os\n", python: ["", "", "", "", "import os"] },
    { name: "a shell escape inside a block becomes pass", cell: "if True:\n    !pip install x\nimport os\n", python: ["if True:", "    pass", "import os"] },
    { name: "a magic continued by backslashes", cell: "!pip install a \\\n    b \\\n    c\nimport os\n", python: ["", "", "", "import os"] },
    { name: "a help request", cell: "os.path?\n??os\nimport os\n", python: ["", "", "import os"] },
    { name: "% inside brackets and ! inside a string are Python", cell: 'msg = ("a %s"\n     % name)\np = """\n!important\n%s\n"""\n', python: ['msg = ("a %s"', "     % name)", 'p = """', "!important", "%s", '"""'] },
    { name: "a cell magic of another language blanks the cell", cell: "%%bash\necho hi\nls\n", python: ["", "", ""] },
    { name: "a cell magic that runs Python loses its own line", cell: "%%time\nimport os\n", python: ["", "import os"] },
    { name: "%%writefile of a .py file is Python the notebook runs", cell: "%%writefile agent.py\nimport os\n", python: ["", "import os"] },
    { name: "%%writefile of another file is not", cell: "%%writefile requirements.txt\nopenai==1.0\n", python: ["", ""] },
    { name: "a Databricks cell in SQL", cell: "%sql\nSELECT * FROM t\n", python: ["", ""] },
  ];
  it.each(cases)("$name", ({ cell, python }) => {
    const text = notebook([["code", cell]]);
    const py = notebookPython(text) as string;
    const lines = py.split("\n");
    const first = text.split("\n").findIndex((l) => l.includes('"source"')) + 1;
    expect(lines.slice(first, first + python.length)).toEqual(python);
  });
});

describe("a notebook psf cannot read says why", () => {
  const cases: { name: string; text: string; reason: RegExp }[] = [
    { name: "invalid JSON, with its line and column", text: '{\n "cells": [\n  {"cell_type": "code",}\n ]\n}\n', reason: /^not valid JSON at line 3, column 24: unexpected "}"/ },
    { name: "a cell's source as one string of several lines", text: '{"cells": [\n {"cell_type": "code", "metadata": {}, "outputs": [],\n  "source": "import os\\nclient = OpenAI()"}\n],\n "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n', reason: /the code cell at line 3 writes its source as one string of several lines/ },
    { name: "minified JSON", text: JSON.stringify(JSON.parse(notebook([["code", "import os\nimport sys\n"]]))), reason: /cannot place its code line for line/ },
    { name: "nbformat 3", text: '{"worksheets": [{"cells": []}], "nbformat": 3}\n', reason: /nbformat 3 notebook/ },
  ];
  it.each(cases)("$name", ({ text, reason }) => {
    const r = notebookPython(text) as NotebookUnread;
    expect(typeof r).toBe("object");
    expect(r.reason).toMatch(reason);
    expect(r.fix.length).toBeGreaterThan(0);
  });

  it("a notebook whose kernel runs another language is code in that language", () => {
    expect(notebookPython(notebook([["code", "library(httr)\n"]], { kernelspec: { language: "R", name: "ir" } }))).toEqual({ language: "R" });
  });

  it("a %%bash cell written as one string is blank, so the notebook is still read", () => {
    const text = '{"cells": [\n {"cell_type": "code", "source": "%%bash\\npip install x"},\n {"cell_type": "code", "source": ["import os"]}\n], "metadata": {}, "nbformat": 4}\n';
    expect(placed(text)).toEqual(['3 import os ← {"cell_type": "code", "source": ["import os"]}']);
  });
});

describe("a notebook's install lines pin versions, as a lock file does", () => {
  const cases: { name: string; cell: string; pins: [string, string][] }[] = [
    { name: "%pip, !pip, python -m pip, uv pip, and pip in a shell cell", cell: "%pip install -q langgraph==0.2.60\n!pip install 'openai==1.40.0'\n!python -m pip install crewai==0.80.0\n!uv pip install agno==1.2.0\n", pins: [["langgraph", "0.2.60"], ["openai", "1.40.0"], ["crewai", "0.80.0"], ["agno", "1.2.0"]] },
    { name: "options and their values, paths, URLs and what follows && are not packages", cell: "!pip install -r requirements.txt --index-url https://x/simple ./local.whl git+https://g/x.git langgraph==1.0.0 && pip install crewai==0.1\n", pins: [["langgraph", "1.0.0"]] },
    { name: "a range or no version pins nothing; a bash cell's pip line pins", cell: "%%bash\npip install \"langgraph>=0.2\" openai\npip install agno==2.0.0\n", pins: [["agno", "2.0.0"]] },
  ];
  it.each(cases)("$name", ({ cell, pins }) => {
    const read = dependencyReader("demo.ipynb")!(notebook([["markdown", "!pip install langgraph==9.9.9\n"], ["code", cell]]));
    expect([...read.locked]).toEqual(pins);
    expect(read.declared).toEqual([]);
  });
});

describe("the notebook's JSON is read as JSON.parse reads it, with lines", () => {
  it.each([
    ['{"a": [1, -2.5e3, true, false, null], "b": {"c": "\\u00e9\\n\\t\\"q\\" \\\\ \\/"}}'],
    ['[\n "x",\n  {"y": []}\n]'],
    ['{"__proto__": {"polluted": 1}, "k": "v"}'],
  ])("%j", (text) => {
    expect(JSON.stringify(parseJsonWithLines(text).value)).toBe(JSON.stringify(JSON.parse(text)));
  });

  it("each array element's line", () => {
    const r = parseJsonWithLines('{"s": [\n "a",\n "b", "c"\n]}');
    const s = (r.value as { s: string[] }).s;
    expect(r.lineOf.get(s)).toEqual([2, 3, 3]);
  });

  it.each([
    ['{"a": 1,}', /^unexpected "}" \(a string\)$/, 1, 9],
    ['{"a": "b\nc"}', /an unterminated string/, 1, 9],
    ['{"a": "\\x"}', /^unexpected "x" \(a string escape\)$/, 1, 9],
    ['{"a": 1} x', /the end of the text/, 1, 10],
    ['[1,\n 2', /unexpected end of the text/, 2, 3],
  ])("%j is not JSON", (text, message, line, column) => {
    let err: JsonSyntaxError | undefined;
    try {
      parseJsonWithLines(text);
    } catch (e) {
      err = e as JsonSyntaxError;
    }
    expect(err).toBeInstanceOf(JsonSyntaxError);
    expect(err!.message).toMatch(message);
    expect([err!.line, err!.column]).toEqual([line, column]);
    expect(() => JSON.parse(text)).toThrow();
  });
});
