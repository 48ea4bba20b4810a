import path from "node:path";
import { loadTypeScript } from "../facts/ts/load-typescript.js";
import { languageOf } from "../sources/languages.js";
import { BUILD_OUTPUT_DIRS } from "../sources/walk.js";
import { npmPackageOf } from "../sources/inventory.js";
import { lineAt, someOf } from "../util/text.js";
import { pythonCode } from "./control-tests.js";

/*
 * Whether a control test reaches the agent (DRA-02): a test can only show a stop fires if it loads the
 * code that holds the stop. Read from the test's imports, never by running it: a relative import that
 * resolves to a file of the project, a Python module or package the project has, or the project's own
 * package name (package.json, pyproject.toml). A test that imports only third-party packages (vitest,
 * pytest, yaml), or a path or module the project does not have, tests something else.
 */

/** What of the project a test may import: its files (relative to the manifest's folder) and its own package names. */
export interface ProjectShape {
  files: ReadonlySet<string>;
  /** Every folder with a .py file in or below it: a package, or a namespace package (no __init__.py). */
  pyDirs: ReadonlySet<string>;
  /** npm names of the project's package.json files, and tsconfig path aliases (`@app/*` → `@app/`). */
  npmNames: readonly string[];
  /** Import names of the project's Python distributions (pyproject's `dn42-scanner` → `dn42_scanner`). */
  pyNames: readonly string[];
}

export function projectShape(files: readonly string[], readText: (rel: string) => string | undefined): ProjectShape {
  // A folder of YAML named `yaml/` is no Python package: only folders holding Python code are.
  const pyDirs = new Set<string>();
  for (const f of files) if (f.endsWith(".py")) for (let d = path.posix.dirname(f); d !== "." && !pyDirs.has(d); d = path.posix.dirname(d)) pyDirs.add(d);
  const npmNames: string[] = [];
  const pyNames: string[] = [];
  for (const f of files) {
    const base = path.posix.basename(f);
    if (base === "package.json") {
      const name = jsonObject(readText(f))?.name;
      if (typeof name === "string" && name) npmNames.push(name);
    } else if (base === "pyproject.toml") {
      const name = /^\s*name\s*=\s*["']([^"']+)["']/m.exec(readText(f) ?? "")?.[1];
      if (name) pyNames.push(name.toLowerCase().replace(/[-.]+/g, "_"));
    } else if (/^tsconfig(\.[\w-]+)?\.json$/.test(base)) {
      const options = jsonObject(readText(f))?.compilerOptions;
      const paths = options && typeof options === "object" ? (options as { paths?: unknown }).paths : undefined;
      if (paths && typeof paths === "object") for (const k of Object.keys(paths)) npmNames.push(k.replace(/\*$/, ""));
    }
  }
  return { files: new Set(files), pyDirs, npmNames, pyNames };
}

/** A JSON (or JSONC, as tsconfig is) file's top-level object, or undefined when it does not parse. */
function jsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const v: unknown = JSON.parse(text.replace(/^\s*\/\/.*$/gm, "").replace(/,(\s*[}\]])/g, "$1"));
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface TestImport {
  module: string;
  line: number;
  /** project: resolves to the project; missing: a project path or module that is not there; package: anything else. */
  kind: "project" | "missing" | "package";
}

export interface Reach {
  /** undefined: a language whose imports psf does not read here (Go tests sit in their package), counted as before. */
  reaches: boolean | undefined;
  imports: TestImport[];
}

export function testReach(file: string, text: string, shape: ProjectShape): Reach {
  const lang = languageOf(file)?.name;
  if (lang === "TypeScript" || lang === "JavaScript") return verdict(jsImports(file, text).map((i) => ({ ...i, kind: jsKind(file, i.module, shape) })));
  if (lang === "Python") return verdict(pyImports(text).map((i) => ({ module: i.module, line: i.line, kind: pyKind(file, i, shape) })));
  return { reaches: undefined, imports: [] };
}

/**
 * pytest hands a test the fixtures of every conftest.py in its folder and above, so a test that takes
 * the agent as a fixture reaches it through a conftest that imports it.
 */
export function conftestReaches(file: string, shape: ProjectShape, readText: (rel: string) => string | undefined): boolean {
  if (languageOf(file)?.name !== "Python") return false;
  for (let d = path.posix.dirname(file); ; d = path.posix.dirname(d)) {
    const conftest = d === "." ? "conftest.py" : `${d}/conftest.py`;
    const text = conftest !== file && shape.files.has(conftest) ? readText(conftest) : undefined;
    if (text !== undefined && testReach(conftest, text, shape).reaches) return true;
    if (d === ".") return false;
  }
}

const verdict = (imports: TestImport[]): Reach => ({ reaches: imports.some((i) => i.kind === "project"), imports });

// ---- TypeScript / JavaScript -------------------------------------------------------------------

/** Static and dynamic imports and require() calls, as TypeScript's pre-processor finds them (never in a comment). */
function jsImports(file: string, text: string): { module: string; line: number }[] {
  const ts = loadTypeScript();
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => ({ module: f.fileName, line: lineAt(text, f.pos) }));
}

const JS_EXTENSIONS = ["", ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json"];

function jsKind(from: string, spec: string, shape: ProjectShape): TestImport["kind"] {
  if (spec.startsWith(".")) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
    if (target.startsWith("..")) return "missing";
    // Compiled output is not walked: an import of the project's dist/ is the project, built.
    if (target.split("/").some((s) => BUILD_OUTPUT_DIRS.has(s))) return "project";
    const stems = [target, target.replace(/\.(m|c)?jsx?$/, "")];
    for (const stem of stems) for (const ext of JS_EXTENSIONS) if (shape.files.has(stem + ext)) return "project";
    for (const ext of JS_EXTENSIONS.slice(1)) if (shape.files.has(`${target}/index${ext}`)) return "project";
    return "missing";
  }
  if (shape.npmNames.some((n) => (n.endsWith("/") ? spec.startsWith(n) : spec === n || spec.startsWith(`${n}/`)))) return "project";
  if (spec.startsWith("node:")) return "package";
  // `@/x`, `~/x` and `#x` are the project's own aliases (tsconfig paths, package.json imports).
  if (/^(@\/|~\/|#)/.test(spec)) return "project";
  return npmPackageOf(spec) ? "package" : "missing";
}

// ---- Python -----------------------------------------------------------------------------------

interface PyImport {
  module: string;
  line: number;
  level: number;
  /** The names after `from … import` (submodules, when the module is a package). */
  names: string[];
}

const FROM = /^[ \t]*from[ \t]+(\.*)[ \t]*([A-Za-z_][\w.]*)?[ \t]+import[ \t]+\(?([^)#\n]*)/gm;
const IMPORT = /^[ \t]*import[ \t]+([A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?)*)/gm;

/** Imports in code (comments and strings masked, so a docstring's `from x import y` is not one). */
function pyImports(text: string): PyImport[] {
  const code = pythonCode(text);
  const out: PyImport[] = [];
  const names = (list: string) => list.split(",").map((n) => n.trim().split(/[ \t]+/)[0]!).filter((n) => /^\w+$/.test(n));
  for (const m of code.matchAll(FROM)) out.push({ module: `${m[1]}${m[2] ?? ""}`, level: m[1]!.length, names: names(m[3] ?? ""), line: lineAt(text, m.index! + m[0].search(/\S/)) });
  for (const m of code.matchAll(IMPORT)) for (const n of m[1]!.replace(/[ \t]+as[ \t]+\w+/g, "").split(",").map((s) => s.trim()).filter(Boolean)) out.push({ module: n, level: 0, names: [], line: lineAt(text, m.index! + m[0].search(/\S/)) });
  // In the order they are written in.
  return out.sort((a, b) => a.line - b.line);
}

function pyKind(from: string, imp: PyImport, shape: ProjectShape): TestImport["kind"] {
  const dotted = imp.module.replace(/^\.+/, "");
  const rel = dotted.split(".").filter(Boolean).join("/");
  const exists = (stem: string) => shape.files.has(`${stem}.py`) || shape.pyDirs.has(stem);
  if (imp.level > 0) {
    let base = path.posix.dirname(from) === "." ? "" : path.posix.dirname(from);
    for (let i = 1; i < imp.level; i++) base = base.includes("/") ? base.slice(0, base.lastIndexOf("/")) : "";
    const join = (...p: string[]) => p.filter(Boolean).join("/");
    if (rel) return exists(join(base, rel)) ? "project" : "missing";
    return imp.names.some((n) => exists(join(base, n))) || shape.files.has(join(base, "__init__.py")) ? "project" : "missing";
  }
  if (shape.pyNames.includes(dotted.split(".")[0]!)) return "project";
  // An absolute import is found from any folder above the test (a repository root, a src/ layout).
  const dir = path.posix.dirname(from);
  const bases = dir === "." ? [""] : dir.split("/").map((_, i, parts) => parts.slice(0, parts.length - i).join("/")).concat("");
  for (const base of [...bases, "src"]) if (exists(base ? `${base}/${rel}` : rel)) return "project";
  return "package";
}

// ---- What DRA-02 says of a test that does not reach the agent ----------------------------------

/** Test runners and standard or common test libraries: named as such, never pointed at as the import meant to be the agent. */
const TEST_LIBS = new Set(["vitest", "jest", "@jest/globals", "mocha", "chai", "sinon", "ava", "uvu", "yaml", "zod", "msw", "nock", "supertest",
  "pytest", "unittest", "mock", "hypothesis", "respx", "freezegun", "pytest_asyncio", "httpx", "requests", "os", "sys", "pathlib", "json", "re", "asyncio", "typing", "time", "datetime", "collections", "functools", "itertools", "dataclasses", "contextlib", "tempfile", "shutil", "subprocess", "io", "logging", "math", "random", "uuid", "__future__"]);

const isLib = (i: TestImport) => i.module.startsWith("node:") || TEST_LIBS.has(i.module.split(/[./]/)[0]!) || TEST_LIBS.has(npmPackageOf(i.module) ?? "");

/** The import that was most likely meant to load the agent: a path or module that is not there, else the first one not a test library. */
export function suspectImport(r: Reach): TestImport | undefined {
  return r.imports.find((i) => i.kind === "missing") ?? r.imports.find((i) => !isLib(i)) ?? r.imports[0];
}

/** Why a test reaches nothing of the agent, from its imports. */
export function whyUnreached(file: string, r: Reach): string {
  if (!r.imports.length) return "it has no import";
  const py = languageOf(file)?.name === "Python";
  const names = (l: TestImport[]) => [...new Set(l.map((i) => i.module))];
  const say = (l: string[], one: string, many: string) => (l.length ? `${someOf(l, 3)} ${l.length > 1 ? many : one}` : "");
  const missing = names(r.imports.filter((i) => i.kind === "missing" || (py && !isLib(i))));
  const libs = names(r.imports.filter((i) => i.kind === "package" && !missing.includes(i.module)));
  return [
    say(missing, py ? "is no module or package of this project" : "resolves to no file of this project", py ? "are no modules or packages of this project" : "resolve to no file of this project"),
    say(libs, "is a library, not the project", "are libraries, not the project"),
  ].filter(Boolean).join("; ");
}
