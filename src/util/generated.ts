import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import { packageFile } from "./package.js";

/**
 * Artefacts `npm run build` derives from the package's own inputs so that a run does not pay for
 * them at start: JSON Schemas compiled to standalone validators (no ajv compile), YAML tables parsed
 * and validated (no yaml, no ajv). scripts/build-generated.mjs writes them into dist/generated/.
 *
 * Each artefact records the digest of what it was made from (the input's bytes, the options, the
 * ajv version); a run uses it only when that digest is the one of the inputs it has, and otherwise
 * derives the same thing at run time. A stale or missing artefact costs time, never a different result.
 */
export const GENERATED_DIR = "dist/generated";

const require = createRequire(import.meta.url);

/** SHA-256 of the parts, each length-prefixed so that no two different lists share a digest. */
export function digestOf(parts: readonly string[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(`${Buffer.byteLength(p)}:`).update(p);
  return h.digest("hex");
}

let ajvVersionMemo: string | undefined;
/** The installed ajv's version: a validator compiled by another ajv may behave differently. */
export function ajvVersion(): string {
  ajvVersionMemo ??= (JSON.parse(readFileSync(require.resolve("ajv/package.json"), "utf8")) as { version: string }).version;
  return ajvVersionMemo;
}

/** A JSON Schema psf validates its own inputs against, with the ajv options it is compiled with. */
export interface SchemaSpec {
  /** The schema file, relative to the package root. */
  schema: string;
  /** The generated standalone validator's file name under GENERATED_DIR, for a schema checked on every run. */
  module?: string;
  options: Record<string, unknown>;
}

export function schemaDigest(spec: SchemaSpec, schemaText: string): string {
  return digestOf(["schema", ajvVersion(), JSON.stringify(spec.options), schemaText]);
}

/**
 * The validator for a schema: the standalone one generated at build time when it was made from this
 * very schema, options and ajv; else compiled now (ajv loaded only then).
 */
export function schemaValidator(spec: SchemaSpec): { validate: ValidateFunction; generated: boolean } {
  const text = readFileSync(packageFile(spec.schema), "utf8");
  const generated = spec.module ? loadGenerated<ValidateFunction & { psfDigest?: string }>(spec.module) : undefined;
  if (generated && generated.psfDigest === schemaDigest(spec, text)) return { validate: generated, generated: true };
  return { validate: compileSchema(spec, text), generated: false };
}

/** Compile at run time with ajv (the path the generated validator must agree with). */
export function compileSchema(spec: SchemaSpec, text = readFileSync(packageFile(spec.schema), "utf8")): ValidateFunction {
  const Ajv2020 = (require("ajv/dist/2020.js") as { default: typeof import("ajv/dist/2020.js").default }).default;
  return new Ajv2020(spec.options).compile(JSON.parse(text) as object);
}

/**
 * Data parsed and validated at build time from a package file (a YAML table), when it was made from
 * these very bytes; undefined otherwise (the caller parses and validates `text` itself).
 */
export function pregenerated<T>(module: string, text: string): T | undefined {
  const gen = loadGenerated<{ digest?: string; data?: T }>(module);
  return gen?.digest === dataDigest(text) ? gen.data : undefined;
}

export function dataDigest(text: string): string {
  return digestOf(["data", text]);
}

function loadGenerated<T>(module: string): T | undefined {
  try {
    return require(packageFile(`${GENERATED_DIR}/${module}`)) as T;
  } catch {
    // Not built (a run from the sources before `npm run build`): derived at run time instead.
    return undefined;
  }
}

/** ajv's one-line description of validation errors (for psf's own tables: a failure there is a psf bug). */
export function errorsText(errors: ValidateFunction["errors"]): string {
  const Ajv2020 = (require("ajv/dist/2020.js") as { default: typeof import("ajv/dist/2020.js").default }).default;
  return new Ajv2020().errorsText(errors);
}

/** YAML parsed with the yaml package, loaded on first use (a run with pre-parsed tables never loads it). */
export function parseYaml(text: string): unknown {
  return (require("yaml") as typeof import("yaml")).parse(text);
}
