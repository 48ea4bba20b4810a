import { maskPython } from "./code-mask.js";

/**
 * A code cell's lines as Python: IPython's own syntax, which is not Python, blanked. What IPython
 * runs from such a line is not Python code psf could read (a shell command, a package install, SQL),
 * and parsing it as Python would only give a syntax error.
 * - a cell magic (`%%bash`, `%%sql`, `%%html`, …) makes the whole cell another language: the cell is
 *   blank. Those that run the cell as Python (`%%time`, `%%timeit`, `%%capture`, `%%python`) lose
 *   only their own line, and so does `%%writefile x.py`: the file it writes is Python the notebook
 *   then runs;
 * - a Databricks cell whose first line names its language (`%sql`, `%md`, `%sh`, `%scala`, `%r`) is
 *   blank; `%python` loses its line;
 * - a line magic or a shell escape (`%pip install …`, `!ls`, `files = !ls`, `x = %env HOME`) and a
 *   help request (`obj?`) at the start of a statement is blanked with the lines it continues onto
 *   (a trailing backslash). Inside a block it becomes `pass`, so the block stays a block.
 * A `%` or `!` that starts a line inside brackets or a string is Python (`% name)` after `"%s"`),
 * as for IPython, which only reads magics where a statement starts.
 */

const PYTHON_CELL_MAGICS = new Set(["time", "timeit", "capture", "python", "python3", "prun", "debug"]);
const DATABRICKS_LANGUAGES = new Set(["md", "md-sandbox", "sql", "sh", "scala", "r", "fs", "bash", "html", "javascript", "js", "latex", "markdown", "sql-pyspark"]);

const LINE_MAGIC = /^(\s*)(?:[%!]|(?:[A-Za-z_]\w*\s*,\s*)*[A-Za-z_]\w*\s*=\s*[%!](?!=))/;
const HELP = /^\s*(?:\?{1,2}[\w.]+|[\w.]+\?{1,2})\s*$/;

export function pythonLinesOfCell(lines: readonly string[]): string[] {
  const first = lines.findIndex((l) => l.trim() !== "");
  if (first < 0) return [...lines];
  const head = /^\s*%%([\w-]+)(.*)$/.exec(lines[first]!);
  if (head) {
    const [, name, args] = head;
    const writesPython = name === "writefile" && /\.py\s*$/.test(args!.trim().split(/\s+/).pop() ?? "");
    if (!PYTHON_CELL_MAGICS.has(name!) && !writesPython) return lines.map(() => "");
    return lineMagicsBlanked(lines.map((l, k) => (k === first ? "" : l)));
  }
  const databricks = /^\s*%([\w-]+)\s*$/.exec(lines[first]!);
  if (databricks && DATABRICKS_LANGUAGES.has(databricks[1]!.toLowerCase())) return lines.map(() => "");
  return lineMagicsBlanked(lines);
}

/** Blank each line magic, shell escape and help request that starts a statement (see above). */
function lineMagicsBlanked(lines: readonly string[]): string[] {
  // Lines that look like IPython's syntax, then those of them that are not where a statement starts
  // are given back (they are Python inside brackets or a string), until nothing changes: a line given
  // back can itself open a bracket or a string.
  let magic = new Set<number>();
  for (let k = 0; k < lines.length; k++) {
    if (!LINE_MAGIC.test(lines[k]!) && !HELP.test(lines[k]!)) continue;
    magic.add(k);
    while (k < lines.length - 1 && lines[k]!.endsWith("\\")) magic.add(++k);
  }
  for (let round = 0; round < 5 && magic.size; round++) {
    // Each candidate stands as a bare name: code where a statement starts, blanked inside a string.
    const starts = statementStarts(lines.map((l, k) => (magic.has(k) ? "x" : l)));
    const kept = new Set([...magic].filter((k) => starts[k] || (magic.has(k - 1) && lines[k - 1]!.endsWith("\\"))));
    if (kept.size === magic.size) break;
    magic = kept;
  }
  return lines.map((l, k) => (!magic.has(k) ? l : /^\s+\S/.test(l) && !(magic.has(k - 1) && lines[k - 1]!.endsWith("\\")) ? `${/^\s*/.exec(l)![0]}pass` : ""));
}

/** For each line, whether it starts a statement: outside any bracket and string, and not continued by a backslash. */
function statementStarts(lines: readonly string[]): boolean[] {
  const masked = maskPython(lines.join("\n")).split("\n");
  const out: boolean[] = [];
  let depth = 0;
  let continued = false;
  for (let k = 0; k < lines.length; k++) {
    const raw = lines[k]!, code = masked[k]!;
    // A line whose first character is blanked by the mask starts inside a string.
    const lead = raw.search(/\S/);
    const inString = lead >= 0 && code[lead] !== raw[lead];
    out.push(depth === 0 && !continued && !inString);
    for (const c of code) {
      if (c === "(" || c === "[" || c === "{") depth++;
      else if ((c === ")" || c === "]" || c === "}") && depth > 0) depth--;
    }
    continued = code.trimEnd().endsWith("\\");
  }
  return out;
}
