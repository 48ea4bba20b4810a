import { ts } from "./typescript.js";
import { own } from "./detach.js";

const {
  ScriptKind, ScriptTarget, createSourceFile, JSDocParsingMode,
} = ts;

const EXT_CANDIDATES = ["", ".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx", "/index.ts", "/index.tsx", "/index.js", "/index.mjs"];

/** Resolutions by file set (one per run; a facts cache gives each walk its own recording set), then by folder and specifier. */
const resolved = new WeakMap<ReadonlySet<string>, Map<string, { module: string; project: boolean }>>();

/** What an import specifier in a file names: a project file (resolved like TypeScript's bundler resolution) or a package. */
export function resolveSpecifier(from: string, spec: string, files: ReadonlySet<string>): { module: string; project: boolean } {
  // Only the importing file's folder matters: the files of one folder share their answers.
  const dir = from.includes("/") ? from.slice(0, from.lastIndexOf("/")) : "";
  let memo = resolved.get(files);
  if (!memo) resolved.set(files, (memo = new Map()));
  // own(): the specifier is cut from the file's text, and a key must not keep that text alive (detach.ts).
  const key = own(`${dir}\0${spec}`);
  let hit = memo.get(key);
  if (!hit) memo.set(key, (hit = resolveUncached(dir, spec, files)));
  return hit;
}

function resolveUncached(dir: string, spec: string, files: ReadonlySet<string>): { module: string; project: boolean } {
  // The path aliases project templates set in tsconfig paths (`"@/*": ["./*"]` or `["./src/*"]`, `~/*`): no
  // npm package can be named `@/x` or `~/x`, so one that names a read file is that file.
  const alias = /^[@~]\/(.+)$/.exec(spec);
  if (alias) {
    for (const base of [alias[1]!, `src/${alias[1]!}`]) {
      const stripped = base.replace(/\.(m|c)?jsx?$/, "");
      for (const ext of EXT_CANDIDATES) if (files.has(stripped + ext)) return { module: stripped + ext, project: true };
    }
    return { module: own(spec), project: false };
  }
  if (!spec.startsWith(".") && !spec.startsWith("/")) return { module: own(spec), project: false };
  const joined = normalize(spec.startsWith("/") ? spec.slice(1) : dir ? `${dir}/${spec}` : spec);
  const stripped = joined.replace(/\.(m|c)?jsx?$/, "");
  for (const base of stripped !== joined ? [stripped, joined] : [joined]) {
    for (const ext of EXT_CANDIDATES) {
      if (files.has(base + ext)) return { module: base + ext, project: true };
    }
  }
  return { module: joined, project: true };
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return out.join("/");
}

const SCRIPT_KIND: Record<string, ts.ScriptKind> = { ts: ScriptKind.TS, mts: ScriptKind.TS, cts: ScriptKind.TS, tsx: ScriptKind.TSX, jsx: ScriptKind.JSX, js: ScriptKind.JS, mjs: ScriptKind.JS, cjs: ScriptKind.JS };

const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ScriptTarget.Latest, jsDocParsingMode: JSDocParsingMode.ParseNone };

export function parse(path: string, text: string): ts.SourceFile {
  const ext = path.slice(path.lastIndexOf(".") + 1);
  // No parent links: the walk passes what it needs down (see Walker.namedCalls), and fnId's
  // naming parents (declarations, property assignments, classes) are linked where they are met.
  // JSDoc is never read: skipping its parse saves a fifth of the parse time on documented code.
  return createSourceFile(path, text, PARSE_OPTIONS, false, SCRIPT_KIND[ext] ?? ScriptKind.TS);
}
