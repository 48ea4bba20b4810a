/**
 * The languages an agent's source may be written in, and which of them psf reads. A file in a
 * language psf does not read is never passed over silently: the inventory counts it and the source
 * controls say it was not examined (docs/coverage.md).
 */
export interface Language {
  name: string;
  extensions: readonly string[];
  /** psf has a front end for it: its files are parsed and their facts decide the source controls. */
  read: boolean;
  /** The registry its packages come from, for the AI-package inventory. */
  ecosystem?: "npm" | "pypi";
  /** The language psf reads it as, when its files hold another language's code (a notebook's cells are Python). */
  readAs?: string;
}

export const LANGUAGES: readonly Language[] = [
  { name: "TypeScript", extensions: [".ts", ".tsx", ".mts", ".cts"], read: true, ecosystem: "npm" },
  { name: "JavaScript", extensions: [".js", ".mjs", ".cjs", ".jsx"], read: true, ecosystem: "npm" },
  { name: "Python", extensions: [".py"], read: true, ecosystem: "pypi" },
  // A notebook's code cells are code the agent may run (often the agent itself): read as Python (notebook.ts).
  { name: "Jupyter notebook", extensions: [".ipynb"], read: true, ecosystem: "pypi", readAs: "Python" },
  { name: "Go", extensions: [".go"], read: false },
  { name: "Rust", extensions: [".rs"], read: false },
  { name: "Java", extensions: [".java"], read: false },
  { name: "Kotlin", extensions: [".kt", ".kts"], read: false },
  { name: "C#", extensions: [".cs"], read: false },
  { name: "Ruby", extensions: [".rb"], read: false },
  { name: "PHP", extensions: [".php"], read: false },
  { name: "Swift", extensions: [".swift"], read: false },
  { name: "Scala", extensions: [".scala"], read: false },
  { name: "Elixir", extensions: [".ex", ".exs"], read: false },
  { name: "Clojure", extensions: [".clj", ".cljs", ".cljc"], read: false },
  { name: "Dart", extensions: [".dart"], read: false },
  { name: "Lua", extensions: [".lua"], read: false },
  { name: "R", extensions: [".r", ".R"], read: false },
  { name: "Julia", extensions: [".jl"], read: false },
];

const BY_EXTENSION = new Map<string, Language>(LANGUAGES.flatMap((l) => l.extensions.map((e) => [e, l] as const)));

/** Files that describe code rather than being it (type stubs and declarations). */
const DECLARATION_FILE = /\.d\.[mc]?ts$|\.pyi$/;

/** The language of a source file by its name, or undefined for anything that is not source code. */
export function languageOf(file: string): Language | undefined {
  if (DECLARATION_FILE.test(file)) return undefined;
  const dot = file.lastIndexOf(".");
  if (dot <= file.lastIndexOf("/")) return undefined;
  return BY_EXTENSION.get(file.slice(dot));
}

/** "TypeScript/JavaScript and Python": what psf reads, for messages. */
export function readLanguagesText(): string {
  const read = LANGUAGES.filter((l) => l.read && !l.readAs).map((l) => l.name);
  const merged = read.includes("TypeScript") && read.includes("JavaScript") ? ["TypeScript/JavaScript", ...read.filter((n) => n !== "TypeScript" && n !== "JavaScript")] : read;
  return merged.length > 1 ? `${merged.slice(0, -1).join(", ")} and ${merged[merged.length - 1]}` : merged[0]!;
}

/** The default `agent.include`: every file of a language psf reads. */
export const DEFAULT_INCLUDE: readonly string[] = [`**/*.{${LANGUAGES.filter((l) => l.read).flatMap((l) => l.extensions.map((e) => e.slice(1))).join(",")}}`];
