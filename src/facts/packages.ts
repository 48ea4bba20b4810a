import { listCovers } from "./context.js";
import { normalise } from "../sources/ai-packages.js";
import { INSTRUMENTATION_PACKAGES, RECOGNIZERS } from "./recognizers.js";
import { PYTHON_PACKAGES } from "./python/recognizers.js";

export { listCovers } from "./context.js";

/**
 * Whether psf's analysis reads what a package does (its runs, tools, clients), by ecosystem: the
 * union of what the front ends' recognizers declare. The inventory asks this for every AI package.
 */
export function recognizesPackage(ecosystem: "npm" | "pypi" | "other", name: string, version?: string): boolean {
  if (ecosystem === "npm") return RECOGNIZERS.some((r) => listCovers(r.packages, name)) || INSTRUMENTATION_PACKAGES.includes(name);
  if (ecosystem === "pypi") return listCovers(PYTHON_PACKAGES, normalise("pypi", name)) && !beforeReadApi(normalise("pypi", name), version);
  return false;
}

/**
 * Packages whose read API began at a major version: semantic-kernel before 1.0 had another one (Kernel.add_chat_service,
 * create_semantic_function, the planners) that psf does not read; it reads the 1.x agents, connectors and filters.
 * Only a requirement held below that major (`^0.5`, `~=0.9`, `==0.4.2`, a bare `0.9.1`) counts: `>=0.9` may install 1.x.
 */
const READ_FROM_MAJOR: Record<string, number> = { "semantic-kernel": 1 };
function beforeReadApi(name: string, version: string | undefined): boolean {
  const from = READ_FROM_MAJOR[name];
  const m = version ? /^\s*(\^|~=?|==)?\s*v?(\d+)\./.exec(version) : null;
  return from !== undefined && !!m && Number(m[2]) < from;
}
