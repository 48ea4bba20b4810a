/**
 * Python module resolution for the project's own modules, as the interpreter would find them
 * without running anything: relative imports from the importing file's package, absolute imports
 * from any folder above the file (a `src/` layout, a repository root). Anything else is a library,
 * named by its Python module name (`openai`, `urllib.request`).
 */
import { packageForModule } from "./ai-packages.js";

const EXTS = [".py", "/__init__.py"];

/** Resolutions already made, per project file set (every file of a package imports the same few modules). */
const resolved = new WeakMap<ReadonlySet<string>, Map<string, { module: string; project: boolean }>>();

/** Where a Python module lives in the project, if it does: relative imports from the file's package, absolute ones from any folder above it. */
export function resolvePyModule(from: string, level: number, dotted: string, files: ReadonlySet<string>): { module: string; project: boolean } {
  const dir = from.includes("/") ? from.slice(0, from.lastIndexOf("/")) : "";
  const memo = resolved.get(files) ?? resolved.set(files, new Map()).get(files)!;
  const key = `${dir}\n${level}\n${dotted}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const r = resolveUncached(dir, level, dotted, files);
  memo.set(key, r);
  return r;
}

function resolveUncached(dir: string, level: number, dotted: string, files: ReadonlySet<string>): { module: string; project: boolean } {
  const rel = dotted ? dotted.split(".").join("/") : "";
  if (level > 0) {
    let base = dir;
    for (let i = 1; i < level; i++) base = base.includes("/") ? base.slice(0, base.lastIndexOf("/")) : "";
    const stem = [base, rel].filter(Boolean).join("/");
    for (const ext of rel ? EXTS : ["/__init__.py"]) {
      const cand = rel ? stem + ext : (stem ? `${stem}/__init__.py` : "__init__.py");
      if (files.has(cand)) return { module: cand, project: true };
    }
    return { module: `${stem || "."}/${rel ? "" : "__init__"}`.replace(/\/$/, ""), project: true };
  }
  const parts = dir ? dir.split("/") : [];
  for (let i = parts.length; i >= 0; i--) {
    const base = parts.slice(0, i).join("/");
    for (const ext of EXTS) {
      const cand = (base ? `${base}/` : "") + rel + ext;
      if (!files.has(cand)) continue;
      if (shadowsFramework(base, dotted, files)) continue;
      return { module: cand, project: true };
    }
  }
  return { module: dotted, project: false };
}

/**
 * A project package or module named like an AI library in psf's table (`agents/` beside `manager.py`, as in the
 * OpenAI Agents examples; `airline/agents.py` beside `airline/guardrails.py`) does not shadow the framework when
 * it sits inside a regular package: the interpreter puts the folder above the top package on sys.path, not the
 * package itself, so `from agents import Agent` there is the library (the project reaches its own module as
 * `from .agents import ...`).
 */
function shadowsFramework(base: string, dotted: string, files: ReadonlySet<string>): boolean {
  if (dotted.includes(".") || !packageForModule(dotted)) return false;
  return files.has(base ? `${base}/__init__.py` : "__init__.py");
}
