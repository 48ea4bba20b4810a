import { LineCounter, parseAllDocuments, isMap, isScalar, isSeq, isPair } from "yaml";
import type { Node, YAMLMap, YAMLSeq } from "yaml";
import { explainYamlError, libraryMessage } from "../../util/yaml-error.js";

/** A config file parsed with positions: every node can be turned into file:line:column. */
export interface ParsedConfig {
  file: string;
  /** The top-level node of each YAML document (null for an empty document). */
  roots: (Node | null)[];
  lineCounter: LineCounter;
}

export type ParseOutcome =
  | { ok: true; config: ParsedConfig }
  | { ok: false; message: string; line: number; column: number };

/** Parse YAML (every document of a Kubernetes multi-document file) or JSON, keeping positions. */
export function parseConfig(file: string, text: string): ParseOutcome {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      if (/\.json$/i.test(file)) {
        const lp = err.linePos?.[0] ?? lineCounter.linePos(err.pos[0]);
        return { ok: false, message: `invalid JSON: ${libraryMessage(err.message)}`, line: lp.line, column: lp.col };
      }
      const p = explainYamlError(err, text, lineCounter);
      return { ok: false, message: p.hint ? `${p.message} (${p.hint})` : p.message, line: p.line, column: p.column };
    }
  }
  if (/\.json$/i.test(file)) {
    // YAML is a superset of JSON: a .json file must also be strict JSON (no comments, no bare words).
    try {
      JSON.parse(text);
    } catch (e) {
      const msg = (e as Error).message;
      // Node 20 gives no position for some errors ("Unexpected token ']', … is not valid JSON"): find it.
      const m = /position (\d+)/.exec(msg);
      const { line, col } = lineCounter.linePos(m ? Number(m[1]) : jsonErrorOffset(text));
      const clean = msg.replace(/ in JSON at position \d+.*$/, "").replace(/\s*\(line \d+ column \d+\)$/, "");
      return { ok: false, message: `invalid JSON: ${clean}`, line: Math.max(1, line), column: Math.max(1, col) };
    }
  }
  return { ok: true, config: { file, roots: list.map((d) => (d.contents as Node | null) ?? null), lineCounter } };
}

export interface Loc {
  file: string;
  line: number;
  column: number;
}

/** Where a node starts in the config file; line 1 column 1 when there is no node. */
export function locOf(cfg: ParsedConfig, node: Node | null | undefined): Loc {
  const start = node?.range?.[0];
  if (start === undefined) return { file: cfg.file, line: 1, column: 1 };
  const { line, col } = cfg.lineCounter.linePos(start);
  return { file: cfg.file, line, column: col };
}

/** `infra/litellm.yaml:12` */
export function where(loc: Loc): string {
  return `${loc.file}:${loc.line}`;
}

export function asMap(node: unknown): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

export function asSeq(node: unknown): YAMLSeq | undefined {
  return isSeq(node) ? node : undefined;
}

/** The value node under `key` in a mapping. */
export function child(node: unknown, key: string): Node | undefined {
  const map = asMap(node);
  if (!map) return undefined;
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return (item.value as Node | null) ?? undefined;
  }
  return undefined;
}

/** The key node of `key` in a mapping (to point at a key whose value is empty). */
export function keyNode(node: unknown, key: string): Node | undefined {
  const map = asMap(node);
  if (!map) return undefined;
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item.key;
  }
  return undefined;
}

/** Follow a path of mapping keys. */
export function dig(node: unknown, ...keys: string[]): Node | undefined {
  let cur: unknown = node;
  for (const k of keys) {
    cur = child(cur, k);
    if (cur === undefined) return undefined;
  }
  return cur as Node;
}

/** The plain value of a scalar node; undefined for collections and missing nodes. */
export function scalar(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

export function str(node: unknown): string | undefined {
  const v = scalar(node);
  return typeof v === "string" ? v : undefined;
}

export function num(node: unknown): number | undefined {
  const v = scalar(node);
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

export function items(node: unknown): Node[] {
  const seq = asSeq(node);
  return seq ? (seq.items as unknown[]).filter((n): n is Node => n !== null && typeof n === "object") : [];
}

/** Every mapping in the tree under `node`, depth first (for configs whose plugins may sit at any level). */
export function* walkMaps(node: unknown): Generator<YAMLMap> {
  if (isMap(node)) {
    yield node;
    for (const item of node.items) if (isPair(item)) yield* walkMaps(item.value);
  } else if (isSeq(node)) {
    for (const item of node.items) yield* walkMaps(item);
  }
}

/** Offset of the first character where `text` stops being JSON (a small validating scanner, no values built). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => { while (i < text.length && " \t\n\r".includes(text[i]!)) i++; };
  const fail = (): never => { throw i; };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++; ws();
      if (text[i] === "}") { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string(); ws();
        if (text[i] !== ":") fail();
        i++; value(); ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "}") { i++; return; }
        fail();
      }
    } else if (c === "[") {
      i++; ws();
      if (text[i] === "]") { i++; return; }
      for (;;) {
        value(); ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "]") { i++; return; }
        fail();
      }
    } else if (c === '"') string();
    else {
      const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
      if (!m) fail();
      i += m![0].length;
    }
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\n") fail();
      i += text[i] === "\\" ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  try {
    value(); ws();
    if (i < text.length) fail();
  } catch (at) {
    if (typeof at === "number") return Math.min(at, text.length);
    throw at;
  }
  return 0;
}
