import { listCovers } from "./context.js";
import { normalise } from "../sources/ai-packages.js";
import { INSTRUMENTATION_PACKAGES, RECOGNIZERS } from "./recognizers.js";
import { PYTHON_PACKAGES } from "./python/recognizers.js";

export { listCovers } from "./context.js";

/**
 * Whether psf's analysis reads what a package does (its runs, tools, clients), by ecosystem: the
 * union of what the front ends' recognizers declare. The inventory asks this for every AI package.
 */
export function recognizesPackage(ecosystem: "npm" | "pypi" | "other", name: string): boolean {
  if (ecosystem === "npm") return RECOGNIZERS.some((r) => listCovers(r.packages, name)) || INSTRUMENTATION_PACKAGES.includes(name);
  if (ecosystem === "pypi") return listCovers(PYTHON_PACKAGES, normalise("pypi", name));
  return false;
}
