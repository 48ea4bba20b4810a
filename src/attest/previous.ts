import type { KeyObject } from "node:crypto";
import { InputError } from "../errors.js";
import type { PreviousAssessment } from "../controls/types.js";
import type { Capabilities } from "../report/model.js";
import { MAX_ATTESTATION_BYTES, verifyEnvelope, type VerifiedAttestation } from "./attestation.js";
import { AttestationError } from "./errors.js";
import { overLimit } from "../limits.js";
import { readFileBounded } from "../util/read-bounded.js";

/** The bytes of an attestation file; an unreadable file is bad input (exit 2), not an invalid attestation. */
export function readAttestationFile(file: string): Buffer {
  let r;
  try {
    r = readFileBounded(file, MAX_ATTESTATION_BYTES);
  } catch (e) {
    throw new InputError(`cannot read the attestation: ${(e as NodeJS.ErrnoException).code ?? "error"}`, { file }, "pass the file written by `psf assess --attest`");
  }
  if ("notAFile" in r) throw new InputError("the attestation is not a regular file", { file });
  if ("tooLarge" in r) throw new InputError(`is too large to be an attestation: ${overLimit("attestationBytes", r.tooLarge)}`, { file });
  return r.bytes;
}

/**
 * `assess --previous`: verify the earlier attestation exactly as `psf verify` does, then take from it
 * what DRA-03 compares. An attestation that does not verify is refused as bad input (exit 2): it is an
 * argument of this run that cannot be used, not a verdict on the deployment being assessed.
 * Capability changes come from the report's `capabilities` (tools, endpoints, limits, ceiling); a report
 * without them (or with a shape this version does not know) still gives the per-file comparison.
 */
export function previousAssessment(file: string, publicKey: KeyObject): { previous: PreviousAssessment; verified: VerifiedAttestation } {
  const bytes = readAttestationFile(file);
  let verified: VerifiedAttestation;
  try {
    verified = verifyEnvelope(bytes, publicKey);
  } catch (e) {
    if (e instanceof AttestationError) throw new InputError(`the previous attestation is not valid: ${e.message}`, { file: file }, "pass the attestation of the last assessment and the public key that signed it (--previous-key)");
    throw e;
  }
  const r = verified.report;
  return {
    previous: {
      generatedAt: r.generatedAt,
      subjects: verified.statement.subject.map((s) => ({ name: s.name, sha256: s.digest.sha256 })),
      ...(isCapabilities(r.capabilities) ? { capabilities: r.capabilities } : {}),
      keyid: verified.keyid,
    },
    verified,
  };
}

/** The signed report is trusted, but may come from another psf version: use its capabilities only when they have the expected shape. */
function isCapabilities(c: unknown): c is Capabilities {
  if (c === null || typeof c !== "object") return false;
  const o = c as Record<string, unknown>;
  return (
    Array.isArray(o.tools) && o.tools.every((t) => t !== null && typeof t === "object" && typeof (t as Record<string, unknown>).name === "string" && typeof (t as Record<string, unknown>).access === "string") &&
    Array.isArray(o.endpoints) && o.endpoints.every((e) => typeof e === "string") &&
    o.limits !== null && typeof o.limits === "object" && !Array.isArray(o.limits) &&
    (o.ceiling === null || (typeof o.ceiling === "object" && !Array.isArray(o.ceiling)))
  );
}
