import type { Sym } from "../sym.js";

/**
 * Python names as a reviewer reads them: `openai.OpenAI`, `urllib.request.urlopen`, `os.environ.get`,
 * whichever way the module was imported (`import openai`, `from openai import OpenAI as O`).
 */

/** The dotted name of a module member chain (`os.environ.get`), or undefined when it does not start at an import. */
export function dottedName(s: Sym | undefined, depth = 0): string | undefined {
  if (!s || depth > 16) return undefined;
  if (s.k === "import") {
    if (s.project) return undefined;
    return s.name === "*" || s.name === "default" ? s.module : `${s.module}.${s.name}`;
  }
  if (s.k === "member") {
    const base = dottedName(s.obj, depth + 1);
    return base === undefined ? undefined : `${base}.${s.name}`;
  }
  return undefined;
}

/** `os.environ` (also `from os import environ`). */
export function isEnviron(s: Sym): boolean {
  return dottedName(s) === "os.environ";
}

/** Queue constructors and where their size limit is given (keyword, or position). 0 or None is unbounded. */
export const QUEUE_BOUND: Record<string, { kw: string; pos: number }> = {
  "asyncio.Queue": { kw: "maxsize", pos: 0 },
  "asyncio.LifoQueue": { kw: "maxsize", pos: 0 },
  "asyncio.PriorityQueue": { kw: "maxsize", pos: 0 },
  "asyncio.queues.Queue": { kw: "maxsize", pos: 0 },
  "queue.Queue": { kw: "maxsize", pos: 0 },
  "queue.LifoQueue": { kw: "maxsize", pos: 0 },
  "queue.PriorityQueue": { kw: "maxsize", pos: 0 },
  "multiprocessing.Queue": { kw: "maxsize", pos: 0 },
  "collections.deque": { kw: "maxlen", pos: 1 },
};

/** The keyword arguments of a call's argument list (the last argument, when the Python walk made one). */
export function kwargsOf(args: readonly Sym[]): Extract<Sym, { k: "obj" }> | undefined {
  const last = args[args.length - 1];
  return last?.k === "obj" && last.kw ? last : undefined;
}

/** The positional arguments (everything before the keyword object). */
export function positionalOf(args: readonly Sym[]): readonly Sym[] {
  return kwargsOf(args) ? args.slice(0, -1) : args;
}
