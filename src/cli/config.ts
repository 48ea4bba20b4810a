import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { LineCounter, isMap, isScalar, parseDocument } from "yaml";
import { explainYamlError } from "../util/yaml-error.js";
import { InputError, formatPosition, type SourcePosition } from "../errors.js";
import { SEVERITIES } from "../report/model.js";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "../util/ajv.js";
import { nearest } from "../util/did-you-mean.js";
import { packageFile } from "../util/package.js";
import { displayPath, locateOffset } from "../manifest/load.js";

/**
 * `.psf/config.yaml`: defaults for `psf assess`, and PSF_* environment overrides. Precedence, per
 * setting: a flag on the command line > the environment > the config file > psf's default. The
 * file is found from the working directory upward to the repository root (the folder holding
 * `.git`), as the manifest is; PSF_CONFIG names another one.
 */
export const CONFIG_FILE = path.join(".psf", "config.yaml");
const MAX_CONFIG_BYTES = 256 * 1024;

/** Every setting, by the long flag name that is also its key in the file. */
export interface AssessSettings {
  manifest?: string[];
  format?: string[];
  output?: string[];
  "fail-on"?: string;
  "min-severity"?: string;
  strict?: boolean;
  only?: string[];
  skip?: string[];
  "soft-fail"?: boolean;
  baseline?: string;
  "sarif-include-passing"?: boolean;
  quiet?: boolean;
  compact?: boolean;
  "inline-waivers"?: boolean;
  summary?: boolean;
  /** false: no facts cache (no read, no write). */
  cache?: boolean;
  "cache-dir"?: string;
}
export type SettingName = keyof AssessSettings;

/** Where each setting came from, to say so in a message. */
export interface Layer {
  values: AssessSettings;
  /** What a message about a value names: the file:line:col of the key, or the variable. */
  /** `index`: the position of that item of a list setting (`only: [A, B]`), where the source can say. */
  origin: (key: SettingName, index?: number) => SourcePosition;
}

const LISTS = new Set<SettingName>(["manifest", "format", "output", "only", "skip"]);
const PATHS = new Set<SettingName>(["manifest", "output", "baseline", "cache-dir"]);

/** PSF_<NAME> for each setting: PSF_FAIL_ON, PSF_SOFT_FAIL, PSF_FORMAT, … (lists comma-separated). */
export function envName(key: SettingName): string {
  return `PSF_${key.toUpperCase().replaceAll("-", "_")}`;
}
const SETTINGS: SettingName[] = ["manifest", "format", "output", "fail-on", "min-severity", "strict", "only", "skip", "soft-fail", "baseline", "sarif-include-passing", "quiet", "compact", "inline-waivers", "summary", "cache", "cache-dir"];
const BOOLEAN_WORDS: Record<string, boolean> = { true: true, "1": true, yes: true, on: true, false: false, "0": false, no: false, off: false };
const FORMATS = ["text", "json", "sarif", "junit", "markdown", "html"];

/** The PSF_* variables that are set (an empty one counts as unset). */
export function envLayer(env: NodeJS.ProcessEnv): Layer {
  const values: Record<string, unknown> = {};
  for (const key of SETTINGS) {
    const raw = env[envName(key)];
    if (raw === undefined || raw.trim() === "") continue;
    const where = { file: envName(key) };
    if (key === "strict" || key === "soft-fail" || key === "sarif-include-passing" || key === "quiet" || key === "compact" || key === "inline-waivers" || key === "summary" || key === "cache") {
      const b = BOOLEAN_WORDS[raw.trim().toLowerCase()];
      if (b === undefined) throw new InputError(`is ${JSON.stringify(raw)}; it must be true or false (also 1/0, yes/no)`, where);
      values[key] = b;
    } else if (LISTS.has(key)) {
      values[key] = raw.split(",").map((s) => s.trim()).filter(Boolean);
    } else values[key] = raw.trim();
    if ((key === "fail-on" || key === "min-severity") && !(SEVERITIES as readonly string[]).includes(values[key] as string)) {
      const guess = nearest(values[key] as string, [...SEVERITIES]);
      throw new InputError(`is ${JSON.stringify(raw)}; it must be one of ${SEVERITIES.join(", ")}`, where, guess.length ? `did you mean ${guess[0]}?` : undefined);
    }
    if (key === "format") for (const f of values[key] as string[]) if (!FORMATS.includes(f)) throw new InputError(`names the format ${JSON.stringify(f)}; choose from ${FORMATS.join(", ")}`, where);
  }
  return { values: values as AssessSettings, origin: (key) => ({ file: envName(key) }) };
}

/** The config file for a run: PSF_CONFIG, else .psf/config.yaml in the working directory or a folder above it in the repository. */
export function findConfig(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  const named = env.PSF_CONFIG;
  if (named !== undefined && named.trim() !== "") {
    if (!existsSync(named)) throw new InputError("no such file", { file: named }, "PSF_CONFIG names the config file (.psf/config.yaml)");
    return path.resolve(named);
  }
  // Upward from the working directory to the repository's root, and no further: outside a repository,
  // only the working directory itself. A config in some folder above (/tmp/.psf, ~/.psf) that anyone
  // could have written must never switch the gate off or move its outputs.
  const start = path.resolve(cwd);
  let root: string | undefined;
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, ".git"))) {
      root = dir;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = path.join(dir, CONFIG_FILE);
    if (existsSync(file)) return file;
    if (root === undefined || dir === root || path.dirname(dir) === dir) return undefined;
  }
}

let validator: ValidateFunction | undefined;
function configValidator(): ValidateFunction {
  validator ??= new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(packageFile("schemas/psf-config.schema.json"), "utf8")) as object);
  return validator;
}

/**
 * Read and check a config file: every problem with file:line:col (exit 2). Paths in it are made
 * relative to the working directory, from the folder that holds .psf/ (or the file's folder).
 */
export function loadConfig(file: string, cwd: string): Layer {
  const shown = displayPath(file);
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new InputError("is not a regular file", { file: shown });
    if (st.size > MAX_CONFIG_BYTES) throw new InputError(`is ${st.size} bytes; a config file is at most ${MAX_CONFIG_BYTES}`, { file: shown });
    text = readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read the config file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: shown });
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  const at = (offset: number): SourcePosition => {
    const p = lines.linePos(offset);
    return { file: shown, line: p.line, column: p.col };
  };
  if (doc.errors[0]) {
    const p = explainYamlError(doc.errors[0], text, lines);
    throw new InputError(p.message, { file: shown, line: p.line, column: p.column }, p.hint);
  }
  const empty = doc.contents === null || (isScalar(doc.contents) && (doc.contents.value === null || doc.contents.value === ""));
  if (!empty && !isMap(doc.contents)) throw new InputError("the config file must be a mapping of settings (format:, fail-on:, …)", at(doc.contents?.range?.[0] ?? 0));
  let value: Record<string, unknown>;
  try {
    value = empty ? {} : (doc.toJS({ maxAliasCount: 10 }) as Record<string, unknown>);
  } catch (e) {
    throw new InputError(`invalid YAML: ${(e as Error).message}`, at(0));
  }
  const locate = (keys: (string | number)[]) => at(locateOffset(doc, keys));
  const validate = configValidator();
  if (!validate(value)) {
    const problems = dedupe((validate.errors ?? []).map((e) => describe(e, locate)));
    problems.sort((a, b) => (a.pos.line ?? 0) - (b.pos.line ?? 0) || (a.pos.column ?? 0) - (b.pos.column ?? 0));
    const [first, ...rest] = problems;
    throw new InputError(first!.text, first!.pos, undefined, rest.map((p) => `${formatPosition(p.pos)}: ${p.text}`));
  }
  // Paths are written relative to the project (the folder holding .psf/), whatever the working directory.
  const base = path.basename(path.dirname(file)) === ".psf" ? path.dirname(path.dirname(file)) : path.dirname(file);
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "version") continue;
    const key = k as SettingName;
    let setting: unknown = LISTS.has(key) && !Array.isArray(v) ? (key === "only" || key === "skip" ? String(v).split(",").map((s) => s.trim()) : [v]) : v;
    if (PATHS.has(key)) {
      const rebase = (p: string) => (p === "-" ? p : path.relative(cwd, path.resolve(base, p)) || ".");
      setting = Array.isArray(setting) ? (setting as string[]).map(rebase) : rebase(setting as string);
    }
    values[key] = setting;
  }
  return { values: values as AssessSettings, origin: (key, index) => locate(index === undefined ? [key] : [key, index]) };
}


function describe(e: ErrorObject, locate: (keys: (string | number)[]) => SourcePosition): { text: string; pos: SourcePosition } {
  const keys = e.instancePath.split("/").slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, "/").replace(/~0/g, "~")));
  const name = keys.map(String).join(".") || "(top level)";
  if (e.keyword === "additionalProperties") {
    const key = String((e.params as { additionalProperty: string }).additionalProperty);
    const guess = nearest(key, ["version", ...SETTINGS]);
    return { text: `unknown setting \`${key}\` (${guess.length ? `did you mean \`${guess[0]}\`?` : `settings: ${SETTINGS.join(", ")}`})`, pos: locate([...keys, key]) };
  }
  // oneOf/anyOf over a value and a list: say what the setting takes, once, at the top of the setting.
  const top = keys[0] as SettingName | undefined;
  const takes: Partial<Record<SettingName | "version", string>> = {
    manifest: "a path or a list of paths", output: "a path or a list of paths", baseline: "a path", "cache-dir": "a path",
    format: `a format or a list of them (${FORMATS.join(", ")})`,
    "fail-on": `one of ${SEVERITIES.join(", ")}`, "min-severity": `one of ${SEVERITIES.join(", ")}`,
    only: "control ids, as a list or comma-separated (RSG-04, ABC-03)", skip: "control ids, as a list or comma-separated (RSG-04, ABC-03)",
    version: "1",
  };
  const what = top ? takes[top] ?? (e.keyword === "type" ? `${(e.params as { type: string }).type}` : undefined) : undefined;
  return { text: what ? `\`${top}\` must be ${what === "boolean" ? "true or false" : what}` : `\`${name}\` ${e.message ?? "is not valid"}`, pos: locate(top ? [top] : keys) };
}

function dedupe<T extends { text: string; pos: SourcePosition }>(problems: T[]): T[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${formatPosition(p.pos)} ${p.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
