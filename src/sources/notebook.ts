import { JsonSyntaxError, parseJsonWithLines, type JsonValue } from "./json-lines.js";
import { pythonLinesOfCell } from "./notebook-magics.js";
import { lineAt } from "../util/text.js";

/**
 * A Jupyter notebook's code, as the Python psf reads. Jupyter (nbformat 4) writes each line of a
 * cell's `source` on its own line of the .ipynb file, so the notebook becomes a Python text with
 * exactly as many lines as the file: the line of the file that holds a line of a code cell holds
 * that line, decoded; every other line (markdown, outputs, metadata, JSON punctuation) is blank. A
 * finding's line is then the notebook's own line, where a reviewer opening the file sees the code
 * (its column counts within the code line, not the JSON line).
 *
 * Outputs are not code: what a run printed (a secret in a traceback included) is not read. Markdown
 * and raw cells are not code either. IPython's magics and shell escapes are not Python and are
 * blanked (notebook-magics.ts).
 *
 * A notebook whose kernel is another language is counted as code in that language, which psf does
 * not read (as an R file is). A notebook whose code cannot be placed line for line (a cell's source written as one string of
 * several lines, minified JSON) is not examined, and says why: a finding at a wrong line is worse
 * than none.
 */

/** A notebook psf cannot read as Python: why, and what to do about it. */
export interface NotebookUnread {
  reason: string;
  fix: string;
}

/** A notebook whose kernel runs another language (R, Julia): code in a language psf does not read. */
export interface NotebookInOtherLanguage {
  language: string;
}

/**
 * How many times a source file's size limit a notebook may be: its bytes are mostly its outputs
 * (plots as base64, tables), not code (in deepset-ai/haystack-cookbook 5 notebooks of 72 pass 1 MiB).
 */
export const NOTEBOOK_SIZE_FACTOR = 16;

/** Whether a path is a Jupyter notebook. */
export function isNotebook(path: string): boolean {
  return path.endsWith(".ipynb");
}

/**
 * What is read of a notebook's JSON: lines down to a cell's source (notebook, cells, cell, source),
 * and not the values of a cell's outputs and attachments or the notebook's widget state (megabytes
 * of plots and widget models: checked to be JSON, not kept).
 */
const CELLS_ONLY = [4, (depth: number, name: string) => (depth === 3 && (name === "outputs" || name === "attachments")) || (depth === 2 && name === "widgets")] as const;

const RESAVE = "open and save it in Jupyter (or run `jupyter nbconvert --to notebook --inplace` on it), which writes one source line per line of the file, then run psf again; or exclude it with agent.exclude if it is not agent code";

/** The notebook's JSON, read down to its cells' sources (a byte-order mark kept as a space, so columns hold); throws on bad JSON. */
function parseCells(text: string): ReturnType<typeof parseJsonWithLines> {
  return parseJsonWithLines(text.startsWith("\uFEFF") ? ` ${text.slice(1)}` : text, ...CELLS_ONLY);
}

/** A cell's source as its parts (nbformat: a string, or a list of strings to join); undefined when it is neither. */
function sourceParts(source: JsonValue | undefined): string[] | undefined {
  if (typeof source === "string") return [source];
  return Array.isArray(source) && source.every((s) => typeof s === "string") ? (source as string[]) : undefined;
}

/** The Python text of a notebook (as many lines as the file), or why psf cannot read it. */
export function notebookPython(text: string): string | NotebookUnread | NotebookInOtherLanguage {
  let parsed;
  try {
    parsed = parseCells(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { reason: `not valid JSON at line ${e.line}, column ${e.column}: ${e.message}`, fix: "repair the notebook (Jupyter cannot open it either), or exclude it with agent.exclude if it is not agent code" };
    if (e instanceof RangeError) return { reason: "its JSON is nested too deeply to read", fix: RESAVE };
    throw e;
  }
  const nb = parsed.value;
  if (!isObject(nb) || !Array.isArray(nb.cells)) {
    const v3 = isObject(nb) && Array.isArray(nb.worksheets);
    return { reason: v3 ? "an nbformat 3 notebook (psf reads nbformat 4, what Jupyter has written since 2015)" : "not a Jupyter notebook (no `cells` list)", fix: v3 ? "convert it: `jupyter nbconvert --to notebook --nbformat 4 --inplace`, then run psf again" : RESAVE };
  }
  const language = kernelLanguage(nb.metadata);
  if (language && !/^python/i.test(language)) {
    return { language };
  }
  const out: string[] = new Array<string>(lineAt(text, text.length)).fill("");
  const used = new Set<number>();
  const unplaced: number[] = [];
  for (const cell of nb.cells) {
    if (!isObject(cell) || cell.cell_type !== "code") continue;
    // A cell IPython runs as another language (`%%bash`) is blank wherever its lines are written.
    const whole = sourceParts(cell.source)?.join("");
    if (whole !== undefined && pythonLinesOfCell(whole.split(/\r?\n/)).every((l) => l === "")) continue;
    const placed = placeCell(cell, parsed.lineOf, parsed.memberLineOf.get(cell));
    if (!placed) {
      unplaced.push(parsed.memberLineOf.get(cell)?.get("source") ?? 0);
      continue;
    }
    const python = pythonLinesOfCell(placed.map((p) => p.text));
    placed.forEach((p, k) => {
      if (used.has(p.line)) unplaced.push(p.line);
      used.add(p.line);
      out[p.line - 1] = python[k]!;
    });
  }
  if (unplaced.length) {
    const at = [...new Set(unplaced)].sort((a, b) => a - b);
    return { reason: `psf cannot place its code line for line: the code cell${at.length > 1 ? "s" : ""} at line${at.length > 1 ? "s" : ""} ${at.slice(0, 5).join(", ")}${at.length > 5 ? ", …" : ""} ${at.length > 1 ? "write their" : "writes its"} source as one string of several lines, or on a line shared with other code`, fix: RESAVE };
  }
  return out.join("\n");
}

/**
 * Every line of every code cell, with the line of the file it is written on (for a cell written as
 * one string, the line of that string: all of it is written there), IPython's syntax included. For
 * what a notebook says besides its Python: the packages its `%pip install` lines install
 * (dependencies.ts). Nothing for a notebook that is not nbformat 4 JSON.
 */
export function notebookCodeLines(text: string): { line: number; text: string }[] {
  let parsed;
  try {
    parsed = parseCells(text);
  } catch {
    return [];
  }
  const nb = parsed.value;
  if (!isObject(nb) || !Array.isArray(nb.cells)) return [];
  const out: { line: number; text: string }[] = [];
  for (const cell of nb.cells) {
    if (!isObject(cell) || cell.cell_type !== "code") continue;
    const source = cell.source;
    const parts = sourceParts(source) ?? [];
    const lines = typeof source === "string" ? [parsed.memberLineOf.get(cell)?.get("source") ?? 1] : Array.isArray(source) ? parsed.lineOf.get(source) ?? [] : [];
    parts.forEach((part, k) => {
      for (const l of part.split(/\r?\n/)) out.push({ line: lines[k] ?? 1, text: l });
    });
  }
  return out;
}

/**
 * Each line of a code cell with the file line it is written on, or undefined when a line of the cell
 * has no line of its own (one string holding several lines, or an element that does not end its line).
 */
function placeCell(cell: { [key: string]: JsonValue }, lineOf: WeakMap<readonly JsonValue[], number[]>, members: Map<string, number> | undefined): { line: number; text: string }[] | undefined {
  const source = cell.source;
  const parts = sourceParts(source);
  if (!parts) return typeof source === "undefined" ? [] : undefined;
  const lines = typeof source === "string" ? [members?.get("source") ?? 0] : lineOf.get(source as JsonValue[])!;
  const out: { line: number; text: string }[] = [];
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k]!;
    const text = part.replace(/\r?\n$/, "");
    if (/[\r\n]/.test(text) || (k < parts.length - 1 && text === part)) return undefined;
    out.push({ line: lines[k]!, text });
  }
  return out;
}

/** The notebook's language as its kernel names it (absent: Python, Jupyter's default). */
function kernelLanguage(metadata: JsonValue | undefined): string | undefined {
  if (!isObject(metadata)) return undefined;
  const spec = metadata.kernelspec, info = metadata.language_info;
  const name = (isObject(spec) && typeof spec.language === "string" && spec.language) || (isObject(info) && typeof info.name === "string" && info.name) || undefined;
  return name || undefined;
}

function isObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
