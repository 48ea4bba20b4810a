import type { CatalogueControl } from "../catalogue/load.js";
import type { SourceSet } from "../sources/collect.js";
import { languageOf } from "../sources/languages.js";
import type { Manifest } from "../manifest/types.js";
import { exampleFits, unreadFrameworkLine, unreadFrameworks, unreadFrameworkYamlLine, withManifestFigures, type UsedPackage } from "./remediation-fit.js";

/**
 * Remediation in the agent's own language. A fix is read by the person who has to apply it: a Go or
 * Python team handed a TypeScript snippet (or a `*.test.ts` glob) has been told nothing they can use.
 */

/** How a fix is written: TypeScript/JavaScript, Python, or a language psf has no examples for. */
export type CodeSyntax = "ts" | "py" | "other";

export interface AgentLanguage {
  /** The language most of the agent's source files are in ("TypeScript", "Python", "Go", …). */
  name: string;
  syntax: CodeSyntax;
}

/**
 * The agent's main language, by file count: a language psf reads wins over one it does not (its
 * examples can be checked), TypeScript and JavaScript count together. Undefined with no source file.
 */
export function agentLanguage(sources: Pick<SourceSet, "files" | "unread">): AgentLanguage | undefined {
  // Asked by several controls per run (a fix's language): counted once per source set.
  if (languageMemo.has(sources)) return languageMemo.get(sources);
  const found = countLanguages(sources);
  languageMemo.set(sources, found);
  return found;
}

const languageMemo = new WeakMap<object, AgentLanguage | undefined>();

function countLanguages(sources: Pick<SourceSet, "files" | "unread">): AgentLanguage | undefined {
  const counts = new Map<string, { language: string; files: number; read: boolean }>();
  const add = (language: string, read: boolean) => {
    const c = counts.get(language) ?? { language, files: 0, read };
    c.files++;
    counts.set(language, c);
  };
  for (const f of sources.files) {
    const name = languageOf(f.path)?.name;
    if (name) add(name, true);
  }
  // Unread languages decide only when no file was read (mainLanguage prefers a read one anyway).
  if (!counts.size) for (const u of sources.unread) add(u.language, false);
  return mainLanguage([...counts.values()]);
}

/** The same from files counted by language (an inventory's `languages`, which `psf init` has). */
export function mainLanguage(languages: readonly { language: string; files: number; read: boolean }[]): AgentLanguage | undefined {
  const ranked = (read: boolean) => languages.filter((l) => l.read === read && l.files > 0).sort((a, b) => b.files - a.files || (a.language < b.language ? -1 : 1));
  const read = ranked(true);
  if (read.length) {
    const jsLike = read.filter((l) => l.language === "TypeScript" || l.language === "JavaScript");
    const js = jsLike.reduce((s, l) => s + l.files, 0);
    // A notebook's code cells are Python (sources/notebook.ts).
    const py = read.filter((l) => l.language === "Python" || l.language === "Jupyter notebook").reduce((s, l) => s + l.files, 0);
    if (py > js) return { name: "Python", syntax: "py" };
    return { name: jsLike[0]?.language ?? "TypeScript", syntax: "ts" };
  }
  const unread = ranked(false);
  return unread.length ? { name: unread[0]!.language, syntax: "other" } : undefined;
}

/** A control-test glob as the language's own test runner names its files. */
const TEST_GLOBS: Record<string, string> = {
  TypeScript: "test/controls/**/*.test.ts",
  JavaScript: "test/controls/**/*.test.js",
  Python: "tests/controls/test_*.py",
  Go: "controls/*_test.go",
  Rust: "tests/controls*.rs",
  Java: "src/test/java/**/*ControlsTest.java",
  Kotlin: "src/test/kotlin/**/*ControlsTest.kt",
  "C#": "tests/**/*ControlsTests.cs",
  Ruby: "spec/controls/**/*_spec.rb",
  PHP: "tests/Controls/*Test.php",
  Swift: "Tests/**/*ControlsTests.swift",
  Scala: "src/test/scala/**/*ControlsSpec.scala",
  Elixir: "test/controls/*_test.exs",
  Clojure: "test/**/controls_test.clj",
  Dart: "test/controls/*_test.dart",
  Lua: "spec/controls/*_spec.lua",
  R: "tests/testthat/test-controls*.R",
  Julia: "test/controls*.jl",
};

/** The catalogue's control-test glob, which the DRA-02 example shows for a TypeScript agent. */
const CATALOGUE_TEST_GLOB = TEST_GLOBS.TypeScript!;

export function controlTestGlob(lang: AgentLanguage | undefined): string {
  return TEST_GLOBS[lang?.name ?? "TypeScript"] ?? CATALOGUE_TEST_GLOB;
}

/** The line that joins a YAML example to the code example after it; dropped with the code. */
const AND_IN_CODE = /\n# and in code:\s*$/;

/** What the example is fitted to beyond the language: the packages the agent imports and its manifest. */
export interface ExampleFit {
  packages?: readonly UsedPackage[];
  manifest?: Manifest;
}

/**
 * The control's example for this agent: the manifest YAML always, and code only in the agent's
 * language (the catalogue's TypeScript, its Python, or none for a language it has no example in).
 * Code written against a framework is shown only when the agent imports that framework; otherwise
 * the catalogue's framework-neutral code, with one line naming the frameworks psf does not read.
 * Sizes the manifest declares replace the catalogue's (withManifestFigures). Undefined when nothing is left to show.
 */
export function remediationExample(c: CatalogueControl, lang: AgentLanguage | undefined, fit: ExampleFit = {}): string | undefined {
  const r = c.remediation;
  const syntax = lang?.syntax ?? "ts";
  let code = syntax === "ts" ? (r.example_language === "typescript" ? r.example : r.code_example) : syntax === "py" ? r.python_example : undefined;
  let unreadLine: string | undefined;
  if (code && syntax !== "other" && fit.packages && !exampleFits(code, syntax, fit.packages)) {
    code = syntax === "ts" ? r.neutral_example : r.python_neutral_example;
    const unread = unreadFrameworks(fit.packages, syntax);
    if (unread.length) unreadLine = code ? unreadFrameworkLine(unread, syntax === "ts" ? "//" : "#") : unreadFrameworkYamlLine(unread);
  }
  const yaml = r.example_language === "yaml" ? r.example.replace(CATALOGUE_TEST_GLOB, controlTestGlob(lang)) : undefined;
  const parts = [code ? yaml : yaml?.trimEnd().replace(AND_IN_CODE, ""), unreadLine, code].filter((p): p is string => !!p?.trim());
  const text = withManifestFigures(parts.join("\n").trimEnd(), fit.manifest);
  return text || undefined;
}
