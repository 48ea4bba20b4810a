import { InputError } from "../errors.js";
import type { PreviousAssessment } from "../controls/types.js";
import type { Report } from "../report/model.js";
import { loadPublicKey, loadSigningKey, SIGNING_KEY_ENV, type SigningKey } from "./keys.js";
import { previousAssessment } from "./previous.js";
import type { VerifiedAttestation } from "./attestation.js";

/** The attestation options of `psf assess`. */
export interface AttestCliOptions {
  /** --attest FILE: write the signed attestation there. */
  attest?: string;
  /** --key FILE: the Ed25519 private key (else PSF_SIGNING_KEY). */
  key?: string;
  /** --previous ATTESTATION: DRA-03 compares with it. */
  previous?: string;
  /** --previous-key PUB: verifies --previous; defaults to the public half of the signing key. */
  previousKey?: string;
}

export interface AttestPlan {
  signing?: SigningKey;
  previous?: PreviousAssessment;
  previousVerified?: VerifiedAttestation;
}

/**
 * Everything the attestation options need, resolved before any assessment work so that a bad key or
 * previous attestation fails fast (exit 2). `--key` is the private signing key; the public key that
 * verifies `--previous` is `--previous-key PUB`, or else derived from the signing key (--key or
 * PSF_SIGNING_KEY): in CI the same key usually signs each run and so verifies the one before.
 */
export function resolveAttestOptions(opts: AttestCliOptions, env: NodeJS.ProcessEnv = process.env): AttestPlan {
  if (opts.key !== undefined && opts.attest === undefined && opts.previous === undefined) {
    throw new InputError("nothing would use it", { file: "--key" }, "add --attest FILE to write a signed attestation");
  }
  if (opts.previousKey !== undefined && opts.previous === undefined) {
    throw new InputError("is given without --previous", { file: "--previous-key" }, "add --previous ATTESTATION");
  }
  const plan: AttestPlan = {};
  if (opts.attest !== undefined) {
    const signing = loadSigningKey(opts.key, env);
    if (!signing) throw new InputError("needs a signing key", { file: "--attest" }, `pass --key psf-signing.key or set ${SIGNING_KEY_ENV} to its PEM text; create a pair with \`psf keygen\``);
    plan.signing = signing;
  }
  if (opts.previous !== undefined) {
    let publicKey;
    if (opts.previousKey !== undefined) publicKey = loadPublicKey(opts.previousKey).publicKey;
    else publicKey = (plan.signing ?? loadSigningKey(opts.key, env))?.publicKey;
    if (!publicKey) throw new InputError("needs the public key that signed it", { file: "--previous" }, `pass --previous-key psf-signing.pub, or the signing key with --key or ${SIGNING_KEY_ENV}`);
    const { previous, verified } = previousAssessment(opts.previous, publicKey);
    plan.previous = previous;
    plan.previousVerified = verified;
  }
  return plan;
}

/** A previous attestation of another deployment says nothing about this one. */
export function checkPreviousDeployment(plan: AttestPlan, report: Report, previousFile: string): void {
  const before = plan.previousVerified?.report.deployment.name;
  if (before !== undefined && before !== report.deployment.name) {
    throw new InputError(`the previous attestation is for deployment ${before}, not ${report.deployment.name}`, { file: previousFile }, "pass the attestation of this deployment's last assessment");
  }
}
