import { INSTRUMENTATION_PACKAGES, RECOGNIZERS } from "./extract.js";
import { PYTHON_PACKAGES } from "./python/recognizers.js";

/** Does a package list (`name`, `@scope/*` or `prefix-*`, `!name`) cover this package? */
export function listCovers(list: readonly string[], name: string): boolean {
  if (list.includes(`!${name}`)) return false;
  return list.some((p) => p === name || (p.endsWith("*") && !p.startsWith("!") && name.startsWith(p.slice(0, -1))));
}

/**
 * Whether psf's analysis reads what a package does (its runs, tools, clients), by ecosystem: the
 * union of what the front ends' recognizers declare. The inventory asks this for every AI package.
 */
export function recognizesPackage(ecosystem: "npm" | "pypi" | "other", name: string): boolean {
  if (ecosystem === "npm") return RECOGNIZERS.some((r) => listCovers(r.packages, name)) || INSTRUMENTATION_PACKAGES.includes(name);
  if (ecosystem === "pypi") return listCovers(PYTHON_PACKAGES, name.toLowerCase().replace(/[-_.]+/g, "-"));
  return false;
}
