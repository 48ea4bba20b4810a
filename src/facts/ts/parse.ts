import { ts } from "./typescript.js";
import { own } from "./detach.js";

const {
  ScriptKind, ScriptTarget, createSourceFile, JSDocParsingMode,
} = ts;

const EXT_CANDIDATES = ["", ".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx", "/index.ts", "/index.tsx", "/index.js", "/index.mjs"];

export function resolveSpecifier(from: string, spec: string, files: ReadonlySet<string>): { module: string; project: boolean } {
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
  const dir = from.includes("/") ? from.slice(0, from.lastIndexOf("/")) : "";
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
