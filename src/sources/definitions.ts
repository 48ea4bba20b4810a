import type { SourceFile } from "./collect.js";
import { languageOf } from "./languages.js";
import { maskPython, maskScript } from "./code-mask.js";
import { lineAt } from "../util/text.js";
import { packagesImportedBy } from "./inventory.js";
import { escapeRegExp } from "../util/text.js";

/** A place in the code that defines something under a given name, whatever framework (if any) it is for. */
export interface NamedDefinition {
  name: string;
  file: string;
  line: number;
  column: number;
  /** The defining text as written: `def add_to_watchlist`, `name: 'processPayment'`. */
  text: string;
  /** The packages the defining file imports (which framework the definition may be for). */
  imports: string[];
}


/** Forms that define `name` in code (run over the masked text, so a docstring's example is not one). */
function codeForms(name: string, python: boolean): RegExp {
  const n = escapeRegExp(name);
  return python
    ? new RegExp(`^[ \\t]*(?:async[ \\t]+)?(def|class)[ \\t]+${n}[ \\t]*[(:]`, "gm")
    : new RegExp(`\\b(?:function[ \\t]*\\*?[ \\t]*${n}[ \\t]*[(<]|(?:const|let|var|class)[ \\t]+${n}\\b)`, "g");
}

/** `name: "x"`, `name="x"`, `"name": "x"`: a definition that carries its name as a string (`defineTool({ name })`, `Tool(name=…)`). */
function nameStringForm(name: string): RegExp {
  return new RegExp(`(?:\\bname|(["'])name\\1)[ \\t]*[:=][ \\t]*(["'\`])${escapeRegExp(name)}\\2`, "g");
}

/**
 * Where each name is defined in the files psf reads, by a text search: a function or class of that
 * name, or a definition carrying it as its `name` string. For a declared tool psf found no tool of,
 * this finds the definition on a framework psf does not read, so a finding can point at it. Only
 * code counts (comments and strings are masked first); the first place in path order wins.
 */
export function namedDefinitions(files: readonly SourceFile[], names: readonly string[]): Map<string, NamedDefinition> {
  const found = new Map<string, NamedDefinition>();
  const forms = new Map(names.map((n) => [n, { py: codeForms(n, true), script: codeForms(n, false), named: nameStringForm(n) }]));
  for (const f of files) {
    const lang = languageOf(f.path);
    if (!lang?.read || !lang.ecosystem) continue;
    const wanted = names.filter((n) => !found.has(n));
    if (!wanted.length) break;
    const text = f.text;
    const here = wanted.filter((n) => text.includes(n));
    if (!here.length) continue;
    const python = lang.ecosystem === "pypi";
    const code = python ? maskPython(text) : maskScript(text);
    let imports: string[] | undefined;
    for (const name of here) {
      const form = forms.get(name)!;
      let best: { at: number; text: string } | undefined;
      const defined = firstMatch(python ? form.py : form.script, code);
      if (defined) {
        const at = defined.index + defined[0].search(/\S/);
        best = { at, text: code.slice(at, defined.index + defined[0].length).replace(/[ \t]*[(:<]$/, "").replace(/\s+/g, " ") };
      }
      // A `name` string counts in code only, not inside a comment or another string: the mask keeps the match's first character.
      const named = firstMatch(form.named, text, (m) => code[m.index] !== " ");
      if (named && (!best || named.index < best.at)) best = { at: named.index, text: named[0] };
      if (!best) continue;
      const column = best.at - (text.lastIndexOf("\n", best.at - 1) + 1) + 1;
      found.set(name, { name, file: f.path, line: lineAt(text, best.at), column, text: best.text, imports: (imports ??= packagesImportedBy(f.path, text)) });
    }
  }
  return found;
}

function firstMatch(re: RegExp, text: string, keep: (m: RegExpExecArray) => boolean = () => true): RegExpExecArray | undefined {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) if (keep(m)) return m;
  return undefined;
}
