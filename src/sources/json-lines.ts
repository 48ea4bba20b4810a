/**
 * A JSON parser that also says on which line of the text each value starts. JSON.parse gives values
 * only, and a notebook's code is read line for line from where each of its strings is written
 * (sources/notebook.ts). Strict JSON (RFC 8259): what Jupyter writes, and what it would load.
 */

/** Where a JSON text stops being JSON (1-based line and column). */
export class JsonSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsonWithLines {
  value: JsonValue;
  /** The line each element of an array starts on, by array: `lineOf.get(arr)![i]`. */
  lineOf: WeakMap<readonly JsonValue[], number[]>;
  /** The line each member's value starts on, by object. */
  memberLineOf: WeakMap<object, Map<string, number>>;
}

/** What ends a run of plain characters in a string: its closing quote, an escape, or a control character (not allowed). */
const SPECIAL = /["\\\x00-\x1f]/g;

const NUMBER_OR_WORD = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** Whether a member's value is checked but not kept (null in the result), by its object's depth (the top value's members: 1) and its name. */
export type SkipMember = (depth: number, name: string) => boolean;

/**
 * Parse a JSON text; throws JsonSyntaxError at the first place that is not JSON. Lines are kept for
 * the arrays and objects nested less than `depth` deep (the top value is at depth 0): a notebook's
 * outputs can hold a hundred thousand small values whose lines nobody asks for, nor their values
 * (`skip`).
 */
export function parseJsonWithLines(text: string, depth = Infinity, skip?: SkipMember): JsonWithLines {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const lineOf = new WeakMap<readonly JsonValue[], number[]>();
  const memberLineOf = new WeakMap<object, Map<string, number>>();
  const fail = (what: string): never => {
    throw new JsonSyntaxError(i >= text.length ? `unexpected end of the text (${what})` : `unexpected ${JSON.stringify(text[i])} (${what})`, line, i - lineStart + 1);
  };
  const space = (): void => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === "\n") {
        line++;
        lineStart = i + 1;
      } else if (c !== " " && c !== "\t" && c !== "\r") return;
    }
  };
  const expect = (c: string, what: string): void => {
    if (text[i] !== c) fail(what);
    i++;
  };
  const string = (keep = true): string => {
    expect('"', "a string");
    let out = "";
    for (let from = i; ; ) {
      // Jump to the next character that ends the run of plain ones (outputs hold megabytes of base64).
      SPECIAL.lastIndex = i;
      i = SPECIAL.exec(text)?.index ?? text.length;
      const c = text[i];
      if (c === undefined || c < " ") fail("an unterminated string");
      if (c === '"') {
        if (keep) out += text.slice(from, i);
        i++;
        return out;
      }
      if (keep) out += text.slice(from, i);
      const e = text[i + 1]!;
      if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else if (e in ESCAPES) {
        out += ESCAPES[e];
        i += 2;
      } else {
        i++;
        fail("a string escape");
      }
      from = i;
    }
  };
  let level = 0;
  const value = (keep = true): JsonValue => {
    space();
    const c = text[i];
    if (c === "{" || c === "[") {
      level++;
      const v = c === "{" ? object(keep) : array(keep);
      level--;
      return v;
    }
    if (c === '"') return string(keep);
    NUMBER_OR_WORD.lastIndex = i;
    const word = NUMBER_OR_WORD.exec(text);
    if (!word) return fail("a JSON value");
    i += word[0].length;
    return word[0] === "true" ? true : word[0] === "false" ? false : word[0] === "null" ? null : Number(word[0]);
  };
  const object = (keep: boolean): JsonValue => {
    i++;
    // No prototype: a member named __proto__ is a member like any other.
    const obj = keep ? (Object.create(null) as { [key: string]: JsonValue }) : null;
    const lines = keep && level <= depth ? new Map<string, number>() : undefined;
    if (lines) memberLineOf.set(obj!, lines);
    space();
    if (text[i] === "}") return i++, obj;
    for (;;) {
      space();
      const key = string();
      space();
      expect(":", "a colon after a member name");
      space();
      lines?.set(key, line);
      const v = value(keep && !skip?.(level, key));
      if (obj) obj[key] = v;
      space();
      if (text[i] === "}") return i++, obj;
      expect(",", "a comma or a closing brace");
    }
  };
  const array = (keep: boolean): JsonValue => {
    i++;
    const arr: JsonValue[] | null = keep ? [] : null;
    const lines = keep && level <= depth ? ([] as number[]) : undefined;
    if (lines) lineOf.set(arr!, lines);
    space();
    if (text[i] === "]") return i++, arr;
    for (;;) {
      space();
      lines?.push(line);
      const v = value(keep);
      arr?.push(v);
      space();
      if (text[i] === "]") return i++, arr;
      expect(",", "a comma or a closing bracket");
    }
  };
  const top = value();
  space();
  if (i < text.length) fail("the end of the text");
  return { value: top, lineOf, memberLineOf };
}
