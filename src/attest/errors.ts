/**
 * Why an attestation does not prove anything. The CLI maps every kind to exit 1 ("invalid signature
 * or drift" in the spec's table): the file was readable, but what it holds is not a valid attestation
 * for the given key. Unreadable files and unusable keys are InputError (exit 2) instead.
 */
export type AttestationProblem =
  /** Not a well-formed DSSE JSON envelope (truncated, not JSON, bad base64, unknown fields). */
  | "envelope"
  /** payloadType is not application/vnd.in-toto+json. */
  | "payloadType"
  /** No signature verifies with the given key (including: no signatures at all). */
  | "signature"
  /** Signed, but the payload is not an in-toto Statement v1 carrying a psf readiness report. */
  | "statement";

export class AttestationError extends Error {
  readonly problem: AttestationProblem;
  constructor(problem: AttestationProblem, message: string) {
    super(message);
    this.name = "AttestationError";
    this.problem = problem;
  }
}
