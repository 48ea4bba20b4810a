import { existsSync, mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { redactSecrets } from "../redact.js";
import path from "node:path";
import { InputError, InternalError } from "../errors.js";
import { MANIFEST_FILE, displayPath, manifestSchema, parseManifest } from "../manifest/load.js";
import { detectProject, type Detected } from "./detect.js";
import type { InitAnswers } from "./answers.js";
import { renderManifestText } from "./manifest-text.js";

export { detectProject, type Detected } from "./detect.js";
export { placeholderAnswers, PLACEHOLDER, type InitAnswers } from "./answers.js";
export { askAnswers, type PromptStreams } from "./prompts.js";

/** The project folder `psf init DIR` works on; refuses to clobber an existing manifest unless forced. */
export function initTarget(dirArg: string, force: boolean): { dir: string; file: string } {
  const dir = path.resolve(dirArg);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) throw new InputError("no such folder", { file: dirArg }, "pass the agent project's folder");
  const file = path.join(dir, MANIFEST_FILE);
  if (existsSync(file) && !force) throw new InputError(`${MANIFEST_FILE} already exists; not overwriting it`, { file: displayPath(file) }, "pass --force to replace it, or edit it by hand");
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

/** Write whole or not at all: a temp file in the same folder, then rename over the target. */
export function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, text, { flag: "wx" });
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    throw new InputError(`cannot write the manifest: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: displayPath(file) });
  }
}
