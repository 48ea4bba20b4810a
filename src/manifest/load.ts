import { existsSync, readFileSync, statSync, realpathSync } from "node:fs";
import path from "node:path";
import { explainYamlError } from "../util/yaml-error.js";
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isAlias, type Document, type Node as YamlNode } from "yaml";
import { formatPosition, InputError } from "../errors.js";
import { LIMITS, overLimit } from "../limits.js";
import type { ErrorObject, ValidateFunction } from "ajv";
import { nearest } from "../util/did-you-mean.js";
import { packageFile } from "../util/package.js";
import { schemaValidator, type SchemaSpec } from "../util/generated.js";
import type { Manifest, ManifestLocation, ManifestPath } from "./types.js";
import { relativePathProblem, staysInside } from "./paths.js";

export const MANIFEST_FILE = "psf.yaml";
/** Above this a manifest is not a manifest; refusing early keeps a hostile file from costing memory. */
const MAX_MANIFEST_BYTES = 1024 * 1024;
/** yaml's guard against alias ("billion laughs") expansion. */
const MAX_ALIAS_COUNT = 100;

export interface LoadedManifest {
  /** Absolute path of the manifest file. */
  path: string;
  /** The path as the user should see it in error messages (relative to the working directory). */
  shown: string;
  /** The manifest's name in reports: relative to its folder, i.e. its base name. */
  name: string;
  /** Real absolute path of the manifest's folder: the tree every manifest path must stay in. */
  dir: string;
  bytes: Buffer;
  value: Manifest;
  /** Position of the node at `p`, or of its nearest existing parent when `p` is missing. */
  locate(p: ManifestPath): ManifestLocation;
  /** True when the manifest spells out the node at `p`. */
  has(p: ManifestPath): boolean;
}

/** The manifest's schema and how it is compiled (at build time into dist/generated/, see util/generated.ts). */
export const MANIFEST_SCHEMA: SchemaSpec = {
  schema: "schemas/psf-manifest.schema.json",
  module: "manifest-validator.cjs",
  options: { allErrors: true, verbose: true, strict: true, allowUnionTypes: true },
};

let validator: ValidateFunction | undefined;
export function manifestSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(packageFile(MANIFEST_SCHEMA.schema), "utf8")) as Record<string, unknown>;
}
function manifestValidator(): ValidateFunction {
  validator ??= schemaValidator(MANIFEST_SCHEMA).validate;
  return validator;
}

/** The names a manifest may have, in the order they are looked for. */
export const MANIFEST_NAMES = [MANIFEST_FILE, "psf.yml"] as const;

/** The manifest in one folder (psf.yaml or psf.yml), undefined when it has none; both is ambiguous. */
function manifestIn(dir: string, shown: string): string | undefined {
  const found = MANIFEST_NAMES.map((n) => path.join(dir, n)).filter((f) => {
    try {
      return statSync(f).isFile();
    } catch {
      return false;
    }
  });
  if (found.length > 1) throw new InputError(`both psf.yaml and psf.yml are in this folder; psf cannot tell which one is the manifest`, { file: shown }, "keep one of them");
  return found[0];
}

/**
 * `PATH` as `psf assess` takes it: a manifest file, or a folder holding psf.yaml (or psf.yml). A
 * folder without one is searched upward, up to the repository's root (the folder holding `.git`),
 * so `psf assess` works from any subfolder of the deployment.
 */
export function resolveManifestArgument(arg: string): string {
  const abs = path.resolve(arg);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new InputError(`no such file or folder`, { file: arg }, `pass a psf.yaml or the folder that holds it`);
  }
  if (!st.isDirectory()) return abs;
  for (let dir = abs; ; dir = path.dirname(dir)) {
    const found = manifestIn(dir, dir === abs ? arg : displayPath(dir));
    if (found) return found;
    if (existsSync(path.join(dir, ".git")) || path.dirname(dir) === dir) break;
  }
  throw new InputError(`no ${MANIFEST_FILE} (or psf.yml) in this folder or above it in the repository`, { file: arg }, `create one with \`psf init ${arg}\``);
}

export function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : abs;
}

export function loadManifest(arg: string): LoadedManifest {
  const file = resolveManifestArgument(arg);
  const shown = displayPath(file);
  let bytes: Buffer;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new InputError(`not a regular file`, { file: shown });
    if (st.size > MAX_MANIFEST_BYTES) throw new InputError(`is ${st.size} bytes; a manifest is at most ${MAX_MANIFEST_BYTES}`, { file: shown });
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read the manifest: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: shown }, "check that the file exists and is readable");
  }
  return parseManifest(bytes, file, shown);
}

/** Parse and validate manifest bytes. Throws InputError naming file:line:col for anything wrong. */
export function parseManifest(bytes: Buffer, file: string, shown: string): LoadedManifest {
  const text = bytes.toString("utf8");
  if (text.includes("\uFFFD") && !bytes.includes(Buffer.from("\uFFFD"))) {
    throw new InputError("is not UTF-8 text", { file: shown, line: 1, column: 1 });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const p = explainYamlError(firstError, text, lineCounter);
    throw new InputError(p.message, { file: shown, line: p.line, column: p.column }, p.hint);
  }
  if (doc.contents === null || (isScalar(doc.contents) && (doc.contents.value === null || doc.contents.value === ""))) {
    throw new InputError("the manifest is empty", { file: shown, line: 1, column: 1 }, "start from `psf init`, or see manifest-v1: psf, deployment.name and deployment.owner are required");
  }
  if (!isMap(doc.contents)) {
    const pos = lineCounter.linePos(doc.contents.range?.[0] ?? 0);
    throw new InputError(`the manifest must be a mapping of keys (psf:, deployment:, …), not a ${isSeq(doc.contents) ? "list" : "single value"}`, { file: shown, line: pos.line, column: pos.col });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const msg = (e as Error).message;
    const aliasPos = firstAliasPosition(doc, lineCounter);
    if (/alias/i.test(msg)) {
      throw new InputError(`YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} alias nodes): refused as a resource-exhaustion attack`, { file: shown, ...aliasPos }, "write the values out instead of aliasing them");
    }
    throw new InputError(`invalid YAML: ${msg}`, { file: shown, ...aliasPos });
  }
  // yaml counts alias nodes, not what they expand to: 99 aliases of a 1 MB string are 100 MB of
  // manifest values, which the report (and so the signed attestation) would carry. Bounded here.
  const expanded = expandedSize(value, LIMITS.manifestExpandedBytes);
  if (expanded > LIMITS.manifestExpandedBytes) {
    throw new InputError(`YAML aliases expand the manifest too far: ${overLimit("manifestExpandedBytes", `more than ${LIMITS.manifestExpandedBytes}`)}`, { file: shown, ...firstAliasPosition(doc, lineCounter) }, "write the values out instead of aliasing large ones");
  }

  const dir = realpathSync(path.dirname(file));
  const locate = (p: ManifestPath): ManifestLocation => {
    const offset = locateOffset(doc, p);
    const pos = lineCounter.linePos(offset);
    return { file: path.basename(file), line: pos.line, column: pos.col };
  };
  const locateShown = (p: ManifestPath) => ({ ...locate(p), file: shown });

  const validate = manifestValidator();
  if (!validate(value)) {
    const errors = (validate.errors ?? []).filter((e) => !isNoise(e, validate.errors ?? []));
    const messages = errors.map((e) => describeSchemaError(e, doc, locateShown));
    messages.sort((a, b) => (a.pos.line ?? 0) - (b.pos.line ?? 0) || (a.pos.column ?? 0) - (b.pos.column ?? 0));
    const first = messages[0]!;
    // Every problem, one per line, each with its place and hint: fixing one should not reveal the next.
    const more = messages.slice(1).map((m) => `${formatPosition(m.pos)}: ${m.text}${m.hint ? ` (${m.hint})` : ""}`);
    throw new InputError(first.text + (first.hint ? ` (${first.hint})` : ""), first.pos, undefined, more);
  }
  const manifest = value as Manifest;
  checkPaths(manifest, dir, locateShown);
  return {
    path: file,
    shown,
    name: path.basename(file),
    dir,
    bytes,
    value: manifest,
    locate,
    has: (p) => hasPath(manifest, p),
  };
}

function hasPath(root: unknown, p: ManifestPath): boolean {
  let cur: unknown = root;
  for (const seg of p) {
    if (cur === null || typeof cur !== "object") return false;
    cur = (cur as Record<string | number, unknown>)[seg];
    if (cur === undefined) return false;
  }
  return true;
}

/** The offset of the key (or list item) at this path in a YAML document, or of the deepest one that exists (the mapping a missing key belongs in). */
export function locateOffset(doc: Document, p: ManifestPath): number {
  let node: unknown = doc.contents;
  // A top-level key that is missing belongs in the top-level mapping: its first key, not a comment above it.
  let offset = (doc.contents as YamlNode | null)?.range?.[0] ?? 0;
  for (const seg of p) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === String(seg));
      if (!pair) break;
      offset = (pair.key as YamlNode).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg] as YamlNode | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

function firstAliasPosition(doc: Document, lc: LineCounter): { line: number; column: number } {
  let found: number | undefined;
  const visit = (n: unknown): void => {
    if (found !== undefined || !n) return;
    if (isAlias(n)) { found = n.range?.[0]; return; }
    if (isMap(n)) for (const it of n.items) { visit(it.key); visit(it.value); }
    else if (isSeq(n)) for (const it of n.items) visit(it);
  };
  visit(doc.contents);
  const pos = lc.linePos(found ?? 0);
  return { line: pos.line, column: pos.col };
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~")).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function dotted(p: ReadonlyArray<string | number>): string {
  return p.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("") || "(top level)";
}

/** With allErrors, a failing `if/then` or `$ref` adds wrapper errors that say nothing new. */
function isNoise(e: ErrorObject, all: ErrorObject[]): boolean {
  if (e.keyword === "if") return true;
  if (e.keyword === "anyOf" || e.keyword === "oneOf") return all.some((o) => o !== e && o.instancePath.startsWith(e.instancePath) && o.keyword !== e.keyword);
  return false;
}

interface Described { text: string; hint: string | undefined; pos: { file: string; line?: number; column?: number } }

function describeSchemaError(e: ErrorObject, doc: Document, locate: (p: ManifestPath) => { file: string; line: number; column: number }): Described {
  const at = pointerToPath(e.instancePath);
  const name = dotted(at);
  const schema = (e.parentSchema ?? {}) as { description?: string; properties?: Record<string, unknown> };
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(schema.properties ?? {});
      const guess = nearest(key, allowed);
      return {
        text: `unknown key \`${dotted([...at, key])}\``,
        hint: guess.length ? `did you mean \`${guess[0]}\`?` : `allowed here: ${allowed.join(", ")}`,
        pos: locate([...at, key]),
      };
    }
    case "required": {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      return { text: `\`${dotted([...at, missing])}\` is required`, hint: undefined, pos: locate(at) };
    }
    case "enum": {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const guess = typeof e.data === "string" ? nearest(e.data, allowed) : [];
      return {
        text: `\`${name}\` is ${JSON.stringify(e.data)}; it must be one of ${allowed.join(", ")}`,
        hint: guess.length ? `did you mean \`${guess[0]}\`?` : undefined,
        pos: locate(at),
      };
    }
    case "const":
      return { text: `\`${name}\` must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)} (got ${JSON.stringify(e.data)})`, hint: name === "psf" ? "only manifest format 1 exists" : undefined, pos: locate(at) };
    case "pattern":
      return { text: `\`${name}\` is ${JSON.stringify(e.data)}, which is not ${schema.description ? `valid: ${schema.description}` : `of the expected form`}`, hint: undefined, pos: locate(at) };
    case "type":
      return { text: `\`${name}\` must be ${articled(String((e.params as { type: string }).type))} (got ${describeValue(e.data)})`, hint: undefined, pos: locate(at) };
    default:
      return { text: `\`${name}\` ${e.message ?? "is invalid"}`, hint: undefined, pos: locate(at) };
  }
}

function articled(t: string): string {
  return t === "object" ? "a mapping" : t === "array" ? "a list" : t === "integer" ? "a whole number" : `a ${t}`;
}
function describeValue(v: unknown): string {
  if (v === null) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return JSON.stringify(v);
}

/** Every path-valued field must stay inside the manifest's folder, symlinks followed. */
function checkPaths(m: Manifest, dir: string, locate: (p: ManifestPath) => { file: string; line: number; column: number }): void {
  const fields: { p: ManifestPath; v: string; glob: boolean }[] = [];
  const add = (p: ManifestPath, v: string | undefined, glob = false) => { if (v !== undefined) fields.push({ p, v, glob }); };
  add(["agent", "root"], m.agent?.root);
  m.agent?.include?.forEach((v, i) => add(["agent", "include", i], v, true));
  m.agent?.exclude?.forEach((v, i) => add(["agent", "exclude", i], v, true));
  add(["spend", "enforcement", "gateway", "config"], m.spend?.enforcement?.gateway?.config);
  add(["spend", "enforcement", "gateway", "budget_evidence"], m.spend?.enforcement?.gateway?.budget_evidence);
  add(["spend", "enforcement", "provider", "config"], m.spend?.enforcement?.provider?.config);
  m.boundaries?.policy?.files?.forEach((v, i) => add(["boundaries", "policy", "files", i], v));
  add(["audit", "schema"], m.audit?.schema);
  m.readiness?.control_tests?.forEach((v, i) => add(["readiness", "control_tests", i], v, true));
  for (const f of fields) {
    const problem = relativePathProblem(f.v);
    if (problem) throw new InputError(problem, locate(f.p), "use a path relative to the manifest's folder");
    if (!f.glob && !staysInside(dir, path.join(dir, f.v))) {
      throw new InputError(`"${f.v}" resolves (through a symbolic link) outside the manifest's folder`, locate(f.p), "keep evidence files inside the repository");
    }
  }
}

/** Roughly the JSON size of a value (strings by length), counting only until `stop` is passed. */
function expandedSize(value: unknown, stop: number): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length && total <= stop) {
    const v = stack.pop();
    if (typeof v === "string") total += v.length + 2;
    else if (Array.isArray(v)) {
      total += 2 + v.length;
      for (const x of v) stack.push(x);
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v as Record<string, unknown>);
      total += 2 + entries.length;
      for (const [k, x] of entries) {
        total += k.length + 3;
        stack.push(x);
      }
    } else total += 8;
  }
  return total;
}
