import type { ManifestPath } from "../manifest/types.js";
import type { EvidenceRead } from "./evidence.js";
import type { RawFinding } from "./types.js";

/**
 * A named evidence file that is missing fails its control (naming the file and the manifest line);
 * one the tool could not read is an `error`: the check could not be made.
 */
export function evidenceProblem(read: Extract<EvidenceRead, { ok: false }>, at: ManifestPath, what: string): RawFinding {
  return {
    level: read.missing ? "fail" : "error",
    message: `${what} ${read.path} ${read.reason}`,
    at,
    fix: read.missing ? `create ${read.path}, or point the manifest at the right file` : `make ${read.path} readable by the user running psf`,
  };
}
