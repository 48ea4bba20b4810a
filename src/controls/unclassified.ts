import { readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { classifyPackage, normalise, packageForModule, type Ecosystem } from "../sources/ai-packages.js";
import type { SourceSet } from "../sources/collect.js";
import { dependencyReader } from "../sources/dependencies.js";
import { importsOf, npmPackageOf, READ_ECOSYSTEMS, type Inventory } from "../sources/inventory.js";
import { languageOf } from "../sources/languages.js";
import { isNotebook } from "../sources/notebook.js";
import { resolvePyModule } from "../sources/python-modules.js";
import { PYTHON_STDLIB } from "./python-stdlib.js";

/**
 * The third-party packages the agent imports or declares that psf's table of AI packages does not
 * classify at all (`express`, `browser_use` before it was listed). When psf read no agent run, model
 * call or model client, the agent's machinery is likely in one of them: the coverage finding names
 * them, so the reviewer knows where to look (docs/coverage.md).
 */
export interface UnclassifiedPackage {
  /** The npm package, the Python module as imported (`browser_use`), or the name a manifest declares. */
  name: string;
  ecosystem: Ecosystem;
  /** The first import in a read file, else the dependency manifest line that declares it. */
  first_seen: { file: string; line: number };
  imported: boolean;
}

const NODE_BUILTINS: ReadonlySet<string> = new Set(builtinModules);
/** Manifests larger than this are not read again here (the inventory has the same limit). */
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/**
 * Imported packages first (in file order), then those only declared (in manifest order); each name once.
 * The imports are scanned again only when `scanImports` (psf found nothing of the agent, and the finding
 * names them): on a tree of 6,000 files that scan costs as much as the inventory's own.
 */
export function unclassifiedPackages(inv: Inventory, sources: SourceSet, dir: string, scanImports = true): UnclassifiedPackage[] {
  const out = new Map<string, UnclassifiedPackage>();
  const key = (eco: Ecosystem, name: string) => `${eco}:${normalise("pypi", name)}`;
  const add = (eco: Ecosystem, name: string, at: { file: string; line: number }, imported: boolean) => {
    const k = key(eco, name);
    if (!out.has(k) && !classifyPackage(eco, name)) out.set(k, { name, ecosystem: eco, first_seen: at, imported });
  };

  // A folder or file of the project's own is never a package (a path alias `lib/x`, a sibling module).
  const ownNames = new Set<string>();
  for (const w of sources.walked) for (const seg of w.path.replace(/\.[^./]+$/, "").split("/")) ownNames.add(seg);
  // …and the folders the project sits in (`examples/helpers/io.js` from inside examples/, a tsconfig path).
  for (const seg of path.resolve(dir).split(path.sep).slice(-2)) ownNames.add(seg);
  const pyFiles: ReadonlySet<string> = new Set(sources.walked.filter((w) => w.path.endsWith(".py")).map((w) => w.path));
  for (const f of scanImports ? sources.files : []) {
    const eco = languageOf(f.path)?.ecosystem;
    for (const imp of importsOf(f.path, f.text)) {
      const at = { file: f.path, line: imp.line };
      if (eco === "npm") {
        const pkg = npmPackageOf(imp.module);
        if (!pkg || NODE_BUILTINS.has(pkg) || (!pkg.startsWith("@") && ownNames.has(pkg))) continue;
        add("npm", pkg, at, true);
      } else if (eco === "pypi") {
        const top = imp.module.split(".")[0]!;
        if (!top || PYTHON_STDLIB.has(top) || ownNames.has(top) || packageForModule(imp.module) || resolvePyModule(f.path, 0, top, pyFiles).project) continue;
        add("pypi", top, at, true);
      }
    }
  }

  const own = new Set<string>();
  const declared: { name: string; ecosystem: Ecosystem; at: { file: string; line: number } }[] = [];
  for (const file of inv.dependency_manifests) {
    const reader = dependencyReader(path.posix.basename(file));
    // A notebook gives versions only (its install lines declare nothing): not read a third time here.
    if (!reader || isNotebook(file)) continue;
    let text: string;
    try {
      const abs = path.join(dir, file);
      if (statSync(abs).size > MAX_MANIFEST_BYTES) continue;
      text = readFileSync(abs, "utf8");
    } catch {
      continue;
    }
    const read = reader(text);
    for (const o of read.own) own.add(o);
    for (const d of read.declared) declared.push({ name: d.name, ecosystem: d.ecosystem, at: { file, line: d.line } });
  }
  for (const d of declared) if (!own.has(d.name) && READ_ECOSYSTEMS.has(d.ecosystem)) add(d.ecosystem, d.name, d.at, false);
  return [...out.values()];
}
