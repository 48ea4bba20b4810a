import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { Parser, Tree } from "web-tree-sitter";
import { isNotebook } from "../../sources/notebook.js";

/**
 * The Python parser: tree-sitter's Python grammar, compiled to WebAssembly and shipped inside an
 * npm package (no install script, no native code, no Python interpreter). Loading it is
 * asynchronous (WebAssembly instantiation), so it is loaded once, before extraction, and only when
 * the selection holds Python files (web-tree-sitter itself is imported only then, see
 * facts/front-ends.ts); parsing itself is synchronous.
 */
let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/**
 * Files psf reads as Python: modules, and notebooks, whose text is their code cells
 * (sources/notebook.ts). Stub files describe types, never behaviour.
 */
export function isPythonFile(path: string): boolean {
  return path.endsWith(".py") || isNotebook(path);
}

/** Load the Python parser (idempotent; later calls reuse the first load). */
export function loadPythonParser(): Promise<void> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const { Language, Parser } = await import("web-tree-sitter");
    await Parser.init();
    const wasm = readFileSync(require.resolve("@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm"));
    const lang = await Language.load(new Uint8Array(wasm.buffer, wasm.byteOffset, wasm.byteLength));
    const p = new Parser();
    p.setLanguage(lang);
    parser = p;
  })();
  return loading;
}

export function pythonParserLoaded(): boolean {
  return parser !== undefined;
}

/**
 * Parse one file. The caller must call `tree.delete()` when done: the tree lives in WebAssembly
 * memory, which the garbage collector does not reclaim.
 */
export function parsePython(text: string): Tree {
  if (!parser) throw new Error("the Python parser was not loaded (psf loads it before reading Python files)");
  const tree = parser.parse(text);
  if (!tree) throw new Error("the Python parser returned no tree");
  return tree;
}
