import { existsSync, readFileSync, statSync } from "node:fs";
import { isNotebook } from "./notebook.js";
import path from "node:path";
import { classifyPackage, importKind, looksLikeAi, normalise, packageForModule, type AiKind, type Ecosystem } from "./ai-packages.js";
import { dependencyReader, type Declared } from "./dependencies.js";
import { LANGUAGES, languageOf } from "./languages.js";
import type { SourceSet } from "./collect.js";
import { lineAt } from "../util/text.js";
import { resolvePyModule } from "./python-modules.js";
import { maskPython, maskScript } from "./code-mask.js";

/**
 * What the agent is made of, computed once per assessment from what collection walked: source files
 * by language (read or not), the dependency manifests read, and the AI packages found (declared or
 * imported), each with whether psf recognizes it. Reports show it; the coverage rules decide from it.
 */
export interface PackageUse {
  name: string;
  ecosystem: Ecosystem;
  kind: AiKind;
  recognized: boolean;
  version?: string;
  /** The first import in a read file, else the dependency manifest line that declares it. */
  first_seen: { file: string; line: number };
  imported: boolean;
  /** The first import line in each other read file that imports it, in path order (absent when none). */
  also_imported_in?: { file: string; line: number }[];
}

export interface Inventory {
  languages: { language: string; files: number; read: boolean }[];
  unread_examples: string[];
  dependency_manifests: string[];
  packages: PackageUse[];
}

/** How many of the packages only declared a finding or a report row names; the JSON report lists every one. */
export const DECLARED_NAMED = 5;

/** Ecosystems whose imports psf reads (npm from TypeScript/JavaScript, PyPI from Python). */
export const READ_ECOSYSTEMS: ReadonlySet<Ecosystem> = new Set(LANGUAGES.filter((l) => l.read && l.ecosystem).map((l) => l.ecosystem!));

/**
 * Declared in a dependency manifest, and imported by no file psf read, in a language whose imports it
 * reads. A Go module in go.mod is not "only declared": psf reads no Go file, so it cannot tell.
 */
export function onlyDeclared(p: Pick<PackageUse, "imported" | "ecosystem">): boolean {
  return !p.imported && READ_ECOSYSTEMS.has(p.ecosystem);
}

/** Packages in the order a reader of the dependency manifests meets them (file, then line). */
export function inManifestOrder<P extends Pick<PackageUse, "first_seen">>(pkgs: readonly P[]): P[] {
  return [...pkgs].sort((a, b) => (a.first_seen.file === b.first_seen.file ? a.first_seen.line - b.first_seen.line : a.first_seen.file < b.first_seen.file ? -1 : 1));
}

export type RecognizesPackage = (ecosystem: Ecosystem, name: string, version?: string) => boolean;

/** Dependency manifests larger than this are not read (a lock file of a huge monorepo). */
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/** `import … from "x"`, `export … from "x"`, `import "x"`, `require("x")`, `import("x")` (not `import type`). */
const JS_IMPORT = /(?:^|[\n;}])[ \t]*(?:import(?![ \t]+type[ \t{])|export)\b[^;'"`]*?\bfrom[ \t]*["']([^"'\n]+)["']|(?:^|[\n;])[ \t]*import[ \t]*["']([^"'\n]+)["']|\brequire[ \t]*\([ \t]*["']([^"'\n]+)["'][ \t]*\)|\bimport[ \t]*\([ \t]*["']([^"'\n]+)["'][ \t]*\)/dg;
/** `import a.b as c, d` and `from a.b import c` at the start of a line (relative imports are the project's own). */
const PY_IMPORT = /^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b|import[ \t]+([A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?)*))/gm;

/** The npm package a module specifier names (`@scope/pkg/sub` → `@scope/pkg`), or undefined for project paths. */
export function npmPackageOf(spec: string): string | undefined {
  if (/^(\.|\/|node:|[a-z]+:|#|~\/|@\/)/.test(spec)) return undefined;
  const parts = spec.split("/");
  if (spec.startsWith("@")) return parts.length >= 2 && parts[1] ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0] || undefined;
}


/**
 * Every import in a file: the module and the line it is written on. Only code counts: the scan runs
 * over the text with comments and string contents blanked (code-mask.ts), so an `import` in a
 * docstring, a comment or a template literal is not one. A JS module specifier is itself a string, so
 * its name is read back from the original text at the place the scan found it.
 */
export function importsOf(file: string, text: string): { module: string; line: number }[] {
  const lang = languageOf(file);
  const out: { module: string; line: number }[] = [];
  if (lang?.ecosystem !== "npm" && lang?.ecosystem !== "pypi") return out;
  // Every import ends on a line that holds its keyword and what follows it (`from "x"`, `require("x")`,
  // `import("x")`; in Python `import x`), and whether a place is code depends only on the text before
  // it: so only the text up to the end of the last such line is masked and scanned. Imports are mostly
  // at the top of a file: on vercel/ai that is 2.2 MB of 25 MB.
  const last = lang.ecosystem === "npm"
    ? Math.max(lastKeyword(text, "from", QUOTE, true), lastKeyword(text, "require", PAREN, true), lastKeyword(text, "import", QUOTE_OR_PAREN, true))
    : lastKeyword(text, "import", BLANK_OR_PAREN, false);
  if (last < 0) return out;
  const cut = text.indexOf("\n", last);
  const head = cut < 0 ? text : text.slice(0, cut);
  if (lang.ecosystem === "npm") {
    for (const m of maskScript(head).matchAll(JS_IMPORT)) {
      const group = [1, 2, 3, 4].find((g) => m.indices![g]);
      if (group === undefined) continue;
      const [from, to] = m.indices![group]!;
      out.push({ module: text.slice(from, to), line: lineAt(text, m.index! + m[0].search(/\S/)) });
    }
  } else {
    for (const m of maskPython(head).matchAll(PY_IMPORT)) {
      const line = lineAt(text, m.index! + m[0].search(/\S/));
      if (m[1]) out.push({ module: m[1], line });
      else for (const part of m[2]!.split(",")) out.push({ module: part.trim().split(/[ \t]+/)[0]!, line });
    }
  }
  return out;
}

const QUOTE = /["']/, PAREN = /\(/, QUOTE_OR_PAREN = /["'(]/, BLANK_OR_PAREN = /[ \t(]/;

/** Where the last `word` followed by a character `next` (after any spaces or tabs, with `skipBlanks`) starts; -1 when there is none. */
function lastKeyword(text: string, word: string, next: RegExp, skipBlanks: boolean): number {
  for (let i = text.lastIndexOf(word); i >= 0; i = i > 0 ? text.lastIndexOf(word, i - 1) : -1) {
    let j = i + word.length;
    if (skipBlanks) while (text[j] === " " || text[j] === "\t") j++;
    if (j < text.length && next.test(text[j]!)) return i;
  }
  return -1;
}

/** The packages a file imports: npm package names; PyPI names from the table, else the module's top name as a distribution name. */
export function packagesImportedBy(file: string, text: string): string[] {
  const npm = languageOf(file)?.ecosystem === "npm";
  const names = importsOf(file, text).map((i) => (npm ? npmPackageOf(i.module) : packageForModule(i.module)?.name ?? i.module.split(".")[0]!.replace(/_/g, "-")));
  return [...new Set(names.filter((n): n is string => !!n))];
}

/**
 * Where dependency manifests may be: the walked files in folders that hold (at any depth) a source
 * file the agent's include/exclude select, plus the folders between the manifest's folder and
 * agent.root. A manifest in a folder none of the agent's files are in declares another program's
 * dependencies (a Python service beside a TypeScript agent whose include is `src/**\/*.ts`): with
 * no file selected at all, every walked manifest counts.
 */
function manifestCandidates(sources: SourceSet, dir: string, root: string): { path: string; abs: string }[] {
  const selected = [...sources.files.map((f) => f.path), ...sources.unread.map((u) => u.path), ...sources.skipped.map((s) => s.path)];
  const governs = (manifest: string): boolean => {
    const folder = manifest.includes("/") ? manifest.slice(0, manifest.lastIndexOf("/") + 1) : "";
    return selected.length === 0 || selected.some((p) => p.startsWith(folder));
  };
  // A notebook installs packages for itself (`%pip install`): only one psf reads is the agent's.
  const read = new Set(sources.files.map((f) => f.path));
  const out = sources.walked.filter((w) => dependencyReader(path.posix.basename(w.path)) !== undefined && governs(w.path) && (!isNotebook(w.path) || read.has(w.path)));
  const rootAbs = path.resolve(dir, root);
  const seen = new Set(out.map((o) => o.abs));
  for (let d = path.dirname(rootAbs); rootAbs !== dir && (d === dir || d.startsWith(dir + path.sep)); d = path.dirname(d)) {
    for (const name of ["package.json", "package-lock.json", "pyproject.toml", "requirements.txt", "Pipfile", "setup.cfg", "uv.lock", "poetry.lock", "go.mod", "Cargo.toml"]) {
      const abs = path.join(d, name);
      if (!seen.has(abs) && existsSync(abs)) {
        out.push({ path: path.relative(dir, abs).split(path.sep).join("/"), abs });
        seen.add(abs);
      }
    }
    if (d === dir) break;
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function buildInventory(sources: SourceSet, dir: string, root: string, recognizes: RecognizesPackage): Inventory {
  // Languages
  const counts = new Map<string, number>();
  for (const f of sources.files) {
    const l = languageOf(f.path);
    if (l) counts.set(l.name, (counts.get(l.name) ?? 0) + 1);
  }
  for (const u of sources.unread) counts.set(u.language, (counts.get(u.language) ?? 0) + 1);
  const languages = LANGUAGES.filter((l) => counts.has(l.name)).map((l) => ({ language: l.name, files: counts.get(l.name)!, read: l.read }));
  // Code in a language the table does not name (a notebook whose kernel is R: "Jupyter notebook (R)") is listed too.
  const known = new Set(LANGUAGES.map((l) => l.name));
  for (const [language, files] of counts) if (!known.has(language)) languages.push({ language, files, read: false });

  // Dependency manifests
  const declared: (Declared & { file: string })[] = [];
  const locked = new Map<string, string>();
  const own = new Set<string>();
  const manifests: string[] = [];
  for (const c of manifestCandidates(sources, dir, root)) {
    const reader = dependencyReader(path.posix.basename(c.path))!;
    let text: string;
    try {
      if (statSync(c.abs).size > MAX_MANIFEST_BYTES) continue;
      text = readFileSync(c.abs, "utf8");
    } catch {
      continue;
    }
    const read = reader(text);
    // A notebook is a dependency manifest only when it pins a version (`%pip install x==1.2`).
    if (isNotebook(c.path) && !read.locked.size) continue;
    manifests.push(c.path);
    for (const d of read.declared) declared.push({ ...d, file: c.path });
    for (const [k, v] of read.locked) if (!locked.has(k)) locked.set(k, v);
    for (const o of read.own) own.add(o);
  }
  const declaredKey = new Map<string, Declared & { file: string }>();
  for (const d of declared) if (!declaredKey.has(`${d.ecosystem}:${normalise(d.ecosystem, d.name)}`)) declaredKey.set(`${d.ecosystem}:${normalise(d.ecosystem, d.name)}`, d);
  const hasManifest = { npm: declared.some((d) => d.ecosystem === "npm") || manifests.some((m) => m.endsWith("package.json")), pypi: declared.some((d) => d.ecosystem === "pypi") };

  // Python modules that are the project's own (any folder or file name of a walked .py file).
  const localPy = new Set<string>();
  for (const w of sources.walked) if (w.path.endsWith(".py")) for (const seg of w.path.slice(0, -3).split("/")) localPy.add(seg === "__init__" ? "" : seg);
  const pyFiles: ReadonlySet<string> = new Set(sources.walked.filter((w) => w.path.endsWith(".py")).map((w) => w.path));

  // "parent/child" pairs of the project's own paths: `agents/planner` with src/agents/planner.ts is a
  // path alias (baseUrl/paths), not the `agents` package, unless a package.json declares the package.
  const ownPaths = new Set<string>();
  for (const w of sources.walked) {
    const segs = w.path.replace(/\.[^./]+$/, "").split("/");
    for (let i = 0; i < segs.length; i++) ownPaths.add(i ? `${segs[i - 1]}/${segs[i]}` : segs[i]!);
    for (let i = 0; i < segs.length - 1; i++) ownPaths.add(segs[i]!);
  }
  const isOwnPath = (spec: string) => {
    const segs = spec.split("/");
    return segs.length > 1 ? ownPaths.has(`${segs[0]}/${segs[1]}`) : ownPaths.has(spec);
  };
  const found = new Map<string, PackageUse>();
  // `kind`: what this import of the package is (importKind); imports of two kinds count as the wider (widerKind).
  const note = (ecosystem: Ecosystem, name: string, at: { file: string; line: number }, imported: boolean, kind?: AiKind) => {
    const key = `${ecosystem}:${normalise(ecosystem, name)}`;
    const prev = found.get(key);
    if (prev && imported && kind && prev.kind !== kind) prev.kind = widerKind(prev.kind, kind) ?? classifyPackage(ecosystem, name)?.kind ?? prev.kind;
    if (prev) {
      if (imported && !prev.imported) Object.assign(prev, { first_seen: at, imported: true });
      // Every file that imports it, so a reviewer (or a waiver) sees each site, not only the first.
      else if (imported && at.file !== prev.first_seen.file) {
        const sites = (prev.also_imported_in ??= []);
        const last = sites[sites.length - 1];
        // A file's imports come together: keep its first line.
        if (last?.file !== at.file) sites.push(at);
        else if (at.line < last.line) last.line = at.line;
      }
      return;
    }
    const c = classifyPackage(ecosystem, name);
    if (!c) return;
    // The table's spelling (PyPI names are normalised), but never a family pattern (`group:*`, `@scope/*`): the package's own name.
    const shown = c.known && !c.known.name.endsWith("*") ? c.known.name : name;
    const decl = declaredKey.get(key);
    const version = locked.get(ecosystem === "pypi" ? normalise("pypi", shown) : shown) ?? decl?.version;
    found.set(key, { name: shown, ecosystem, kind: kind ?? c.kind, recognized: c.kind !== "unknown-ai" && recognizes(ecosystem, shown, version), ...(version ? { version } : {}), first_seen: at, imported });
  };

  // Imports in the files psf reads (in path order, so `first_seen` is the first file a reader meets).
  for (const f of sources.files) {
    for (const imp of importsOf(f.path, f.text)) {
      const at = { file: f.path, line: imp.line };
      if (languageOf(f.path)?.ecosystem === "npm") {
        const pkg = npmPackageOf(imp.module);
        if (!pkg || own.has(pkg)) continue;
        if (!declaredKey.has(`npm:${pkg}`) && isOwnPath(imp.module)) continue;
        const known = classifyPackage("npm", pkg)?.known;
        // An unlisted AI-looking name counts only when a package.json declares it (else it may be a path alias).
        if (known || (looksLikeAi(pkg) && (!hasManifest.npm || declaredKey.has(`npm:${pkg}`)))) note("npm", pkg, at, true);
      } else {
        const top = imp.module.split(".")[0]!;
        // A folder of the project's named like the package is the project's, unless the import resolves
        // past it (a subpackage named `agents` inside a package is not what `from agents import` finds).
        if (localPy.has(top) && resolvePyModule(f.path, 0, top, pyFiles).project) continue;
        const known = packageForModule(imp.module);
        if (known) note("pypi", known.name, at, true, importKind(known, imp.module));
        else {
          const dist = top.replace(/_/g, "-");
          if (looksLikeAi(dist) && (!hasManifest.pypi || declaredKey.has(`pypi:${normalise("pypi", dist)}`))) note("pypi", dist, at, true);
        }
      }
    }
  }
  // Declared but not imported in any file psf read.
  for (const d of declared) if (!own.has(d.name)) note(d.ecosystem, d.name, { file: d.file, line: d.line }, false);

  const packages = [...found.values()].sort((a, b) => (a.ecosystem + a.name < b.ecosystem + b.name ? -1 : 1));
  return { languages, unread_examples: sources.unread.slice(0, 10).map((u) => u.path), dependency_manifests: manifests, packages };
}

/**
 * Of two kinds of one package's imports, the one whose controls include the other's (docs/coverage.md:
 * tracing and ui affect none, retrieval ABC-02, a model SDK RSG-04/05, ABC-02 and IAA-04, an agent
 * framework every source control); undefined when neither does (an MCP library beside a model SDK).
 */
const KIND_RANK: Partial<Record<AiKind, number>> = { tracing: 0, ui: 0, retrieval: 1, "model-sdk": 2, "gateway-client": 2, "unknown-ai": 2, "agent-framework": 3 };
function widerKind(a: AiKind, b: AiKind): AiKind | undefined {
  const ra = KIND_RANK[a], rb = KIND_RANK[b];
  if (ra === undefined || rb === undefined) return a === "agent-framework" || b === "agent-framework" ? "agent-framework" : undefined;
  return ra >= rb ? a : b;
}
