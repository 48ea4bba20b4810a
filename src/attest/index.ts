/** Signed readiness attestations: DSSE + in-toto Statement v1 + Ed25519, and drift against a tree. */
export { canonicalize, canonicalBytes, compareUtf16, CanonicalizationError } from "./jcs.js";
export { pae, parseEnvelope, serializeEnvelope, decodeBase64Strict, type DsseEnvelope, type DsseSignature } from "./dsse.js";
export { AttestationError, type AttestationProblem } from "./errors.js";
export { keyIdOf, loadSigningKey, loadPublicKey, publicKeyFromPem, generateSigningKeys, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, SIGNING_KEY_ENV, type SigningKey } from "./keys.js";
export { readinessStatement, checkStatement, STATEMENT_TYPE, PREDICATE_TYPE, PAYLOAD_TYPE, type ReadinessStatement } from "./statement.js";
export { attestReport, verifyEnvelope, MAX_ATTESTATION_BYTES, type VerifiedAttestation } from "./attestation.js";
export { checkDrift, resolveTree, type Drift } from "./drift.js";
export { previousAssessment, readAttestationFile } from "./previous.js";
export { resolveAttestOptions, checkPreviousDeployment, type AttestCliOptions, type AttestPlan } from "./options.js";
