import type { FileIR } from "./ir.js";
import { isPythonFile, loadPythonParser } from "./python/parser.js";

/** A front end: one file's text to its record (see ir.ts). */
export type Walk = (path: string, text: string, files: ReadonlySet<string>) => FileIR;

let typescript: Walk | undefined;

/**
 * Load the front ends a selection of source paths needs, before extraction: TypeScript's (the
 * TypeScript compiler, the largest module psf loads: about half a second) when there is a
 * TypeScript/JavaScript file, Python's (tree-sitter, WebAssembly) when there is a .py file. A run
 * over Python only never loads the TypeScript compiler, one over TypeScript never loads tree-sitter,
 * and commands that do not read source load neither.
 */
export async function loadParsersFor(paths: readonly string[]): Promise<void> {
  if (paths.some((p) => !isPythonFile(p))) typescript ??= (await import("./ts/walker.js")).walkFile;
  if (paths.some(isPythonFile)) await loadPythonParser();
}

/** The TypeScript front end; when it was not loaded, a walk that fails (the file is reported as not analysed). */
export function typescriptWalk(): Walk {
  return typescript ?? notLoaded;
}

function notLoaded(): never {
  throw new Error("the TypeScript parser was not loaded (psf loads it before reading TypeScript/JavaScript files)");
}
