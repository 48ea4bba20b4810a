import { Ajv2020, Ajv2019, AjvDraft7 } from "../util/ajv.js";
import { metaValidator } from "./meta-schemas.js";

/** The reconstruction fields IAA-01 demands, each with the names it is known by (controls.md). */
export const AUDIT_FIELDS: { field: string; names: string[]; prefixes?: string[] }[] = [
  { field: "timestamp", names: ["timestamp", "ts", "time"] },
  { field: "run id", names: ["run_id", "trace_id", "gen_ai.conversation.id"] },
  { field: "sequence number", names: ["sequence", "seq", "sequence_number", "step"] },
  { field: "triggering state", names: ["triggering_state", "trigger", "state"] },
  { field: "action", names: ["action"] },
  { field: "tool name", names: ["tool_name", "tool", "gen_ai.tool.name"] },
  { field: "tool input", names: ["tool_input", "arguments", "gen_ai.tool.call.arguments"] },
  { field: "outcome", names: ["outcome", "result", "output", "gen_ai.tool.call.result"] },
  { field: "model", names: ["model", "gen_ai.request.model"] },
  { field: "model version", names: ["model_version", "gen_ai.response.model"] },
  { field: "temperature", names: ["temperature", "gen_ai.request.temperature"] },
  { field: "seed", names: ["seed", "gen_ai.request.seed"] },
  { field: "tokens", names: ["tokens", "usage"], prefixes: ["gen_ai.usage."] },
  { field: "cost", names: ["cost", "cost_usd"] },
];

/** Case- and separator-insensitive: runId = run_id = run-id. */
export const normalizeField = (s: string): string => s.toLowerCase().replace(/[\s_.\-]/g, "");

type JsonSchema = { [k: string]: unknown };

/** Every property path the schema requires of one record, following local $refs and allOf. */
export function requiredPaths(root: JsonSchema): string[] {
  const out = new Set<string>();
  const seen = new Set<unknown>();
  const resolve = (s: unknown): JsonSchema | undefined => {
    let cur = s as JsonSchema | undefined;
    for (let i = 0; i < 16 && cur && typeof cur.$ref === "string" && cur.$ref.startsWith("#"); i++) {
      const parts = cur.$ref.slice(1).split("/").filter(Boolean).map((p) => decodeURIComponent(p).replace(/~1/g, "/").replace(/~0/g, "~"));
      let target: unknown = root;
      for (const p of parts) target = (target as JsonSchema | undefined)?.[p];
      cur = target as JsonSchema | undefined;
    }
    return cur && typeof cur === "object" ? cur : undefined;
  };
  const visit = (s: unknown, prefix: string, depth: number): void => {
    const schema = resolve(s);
    if (!schema || depth > 8 || seen.has(schema)) return;
    seen.add(schema);
    for (const sub of (schema.allOf as unknown[] | undefined) ?? []) visit(sub, prefix, depth + 1);
    const props = (schema.properties ?? {}) as Record<string, unknown>;
    for (const name of (schema.required as unknown[] | undefined) ?? []) {
      if (typeof name !== "string") continue;
      out.add(prefix + name);
      if (props[name]) visit(props[name], `${prefix}${name}.`, depth + 1);
    }
    seen.delete(schema);
  };
  visit(root, "", 0);
  return [...out];
}

/** The reconstruction fields that no required property covers. */
export function missingAuditFields(required: string[]): string[] {
  const full = required.map(normalizeField);
  const leaves = required.map((p) => normalizeField(p.split(".").pop() ?? p));
  const has = (n: string) => full.includes(normalizeField(n)) || leaves.includes(normalizeField(n));
  return AUDIT_FIELDS.filter((f) => {
    if (f.field === "tokens" && has("input_tokens") && has("output_tokens")) return false;
    if (f.names.some(has)) return false;
    if (f.prefixes?.some((p) => full.some((r) => r.startsWith(normalizeField(p))))) return false;
    return true;
  }).map((f) => f.field);
}

/**
 * The error text when the schema is not a JSON Schema of its declared draft, else undefined. The
 * meta-schema check runs on a validator generated at build time (controls/meta-schemas.ts), so ajv
 * is not loaded; a schema with what only compiling can judge (a $ref to resolve, an $id or anchor
 * below the root, a regular expression that does not parse) is compiled with ajv, as it always was.
 */
export function jsonSchemaProblem(schema: unknown): string | undefined {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return "is not a JSON Schema object";
  const meta = metaValidator(String((schema as JsonSchema).$schema ?? ""));
  if (meta) {
    // ajv's own wording (Ajv.errorsText), as compiling would have said it.
    if (!meta(schema)) return `is not a valid JSON Schema: schema is invalid: ${(meta.errors ?? []).map((e) => `data${e.instancePath} ${e.message}`).join(", ")}`;
    if (!onlyCompilingCanJudge(schema)) return undefined;
  }
  return compiledProblem(schema);
}

/** Keys whose meaning only a compile resolves (references and the names they point at). */
const REFERENCE_KEYS = new Set(["$ref", "$dynamicRef", "$recursiveRef", "$anchor", "$dynamicAnchor", "$recursiveAnchor"]);

/** Whether compiling the schema could find what the meta-schema cannot: a reference, a nested $id, a pattern that is not a regular expression. */
function onlyCompilingCanJudge(root: object): boolean {
  const bad = (pattern: unknown) => {
    if (typeof pattern !== "string") return false;
    try {
      new RegExp(pattern, "u");
      return false;
    } catch {
      return true;
    }
  };
  const visit = (node: unknown, depth: number): boolean => {
    if (depth > 64) return true;
    if (Array.isArray(node)) return node.some((x) => visit(x, depth + 1));
    if (!node || typeof node !== "object") return false;
    for (const [k, v] of Object.entries(node)) {
      if (REFERENCE_KEYS.has(k) || (k === "$id" && node !== root) || (k === "pattern" && bad(v))) return true;
      if (k === "patternProperties" && v && typeof v === "object" && Object.keys(v).some(bad)) return true;
      if (visit(v, depth + 1)) return true;
    }
    return false;
  };
  return visit(root, 0);
}

/** Compile the schema with ajv's validator for its declared draft; the error text when it is not a JSON Schema. */
export function compiledProblem(schema: object): string | undefined {
  const declared = String((schema as JsonSchema).$schema ?? "");
  const opts = { strict: false, allErrors: false, validateFormats: false } as const;
  const ajv = declared.includes("2019-09") ? new Ajv2019(opts) : declared.includes("draft-07") || declared.includes("draft-06") ? new AjvDraft7(opts) : new Ajv2020(opts);
  if (declared.includes("draft-04")) return undefined; // no draft-04 validator is bundled; its shape was checked above
  try {
    ajv.compile(schema as object);
    return undefined;
  } catch (e) {
    return `is not a valid JSON Schema: ${(e as Error).message}`;
  }
}

/** 1-based line/column of a character offset. */
export function offsetToPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; last = i; }
  return { line, column: offset - last };
}
