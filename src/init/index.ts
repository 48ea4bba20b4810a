import { existsSync, lstatSync, statSync } from "node:fs";
import { checkWriteTarget, writeFileSafely } from "../util/safe-write.js";
import { redactSecrets } from "../redact.js";
import path from "node:path";
import { InputError, InternalError } from "../errors.js";
import { MANIFEST_FILE, displayPath, manifestSchema, parseManifest } from "../manifest/load.js";
import type { Detected } from "./detect.js";
import type { InitAnswers } from "./answers.js";
import { renderManifestText } from "./manifest-text.js";

export { detectProject, type Detected } from "./detect.js";
export { placeholderAnswers, PLACEHOLDER, type InitAnswers } from "./answers.js";
export { askAnswers, type PromptStreams } from "./prompts.js";

/** The project folder `psf init DIR` works on; refuses to clobber an existing manifest unless forced. */
export function initTarget(dirArg: string, force: boolean): { dir: string; file: string } {
  // path.resolve("") is the working directory: an empty argument (an unset shell variable) must not silently mean ".".
  if (dirArg.trim() === "") throw new InputError("the folder is an empty string", { file: "psf init" }, "pass the agent project's folder, or . for this one");
  const dir = path.resolve(dirArg);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) throw new InputError("no such folder", { file: dirArg }, "pass the agent project's folder");
  const file = path.join(dir, MANIFEST_FILE);
  if (lexists(file) && !force) throw new InputError(`${MANIFEST_FILE} already exists; not overwriting it`, { file: displayPath(file) }, "pass --force to replace it, or edit it by hand");
  checkWriteTarget(file, { shown: displayPath(file) }); // a link, a device or a folder at psf.yaml: refused before any work
  return { dir, file };
}

/**
 * What the `$schema=` header points at: the schema shipped in the project's own node_modules/psf
 * when psf is a dependency (works offline, matches the installed version), else the schema's $id.
 */
export function schemaReference(dir: string): string {
  const local = path.join(dir, "node_modules", "psf", "schemas", "psf-manifest.schema.json");
  if (existsSync(local)) return "./node_modules/psf/schemas/psf-manifest.schema.json";
  return String(manifestSchema().$id);
}

/** Render and validate the manifest text; a manifest psf itself wrote that does not validate is a bug. */
export function manifestText(dir: string, file: string, detected: Detected, answers: InitAnswers, interactive: boolean): string {
  // A key found in the code (a URL's query, a baseURL's user-info) is never copied into psf.yaml.
  const text = redactSecrets(renderManifestText(detected, answers, { schemaRef: schemaReference(dir), interactive }));
  try {
    parseManifest(Buffer.from(text), file, displayPath(file));
  } catch (e) {
    throw new InternalError(`psf init produced a manifest that does not validate: ${e instanceof InputError ? e.format() : (e as Error).message}`);
  }
  return text;
}

/** Write whole or not at all, through the one safe writer (never through a link or over a device). */
export function writeAtomically(file: string, text: string): void {
  writeFileSafely(file, text, { shown: displayPath(file) });
}

/** Whether anything is at the path, a dangling symbolic link included (existsSync follows links). */
function lexists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
