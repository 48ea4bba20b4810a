import type { KeyObject } from "node:crypto";
import type { Report } from "../report/model.js";
import { canonicalBytes } from "./jcs.js";
import { decodeBase64Strict, parseEnvelope, serializeEnvelope, signPae, verifyPae } from "./dsse.js";
import { AttestationError } from "./errors.js";
import { InputError } from "../errors.js";
import { LIMITS, overLimit } from "../limits.js";
import { parseStrictJson, StrictJsonError } from "./strict-json.js";
import { keyIdOf, publicKeyFromPem, type SigningKey } from "./keys.js";
import { checkStatement, PAYLOAD_TYPE, readinessStatement, type ReadinessStatement } from "./statement.js";

/** Above this an "attestation" is not one; refusing early keeps a hostile file from costing memory. */
export const MAX_ATTESTATION_BYTES = LIMITS.attestationBytes;

/**
 * The signed attestation for a report: a DSSE envelope around the canonical (RFC 8785) in-toto
 * Statement, as one JSON line plus "\n". Same report and key → same bytes.
 */
export function attestReport(report: Report, key: Pick<SigningKey, "privateKey" | "keyid">): string {
  const subjects = report.subjects.length;
  if (subjects > LIMITS.subjects) throw new InputError(`cannot sign this report: ${overLimit("subjects", subjects)}`, { file: report.manifest }, "narrow agent.include so fewer files are assessed");
  const body = canonicalBytes(readinessStatement(report));
  const sig = signPae(PAYLOAD_TYPE, body, key.privateKey);
  const envelope = serializeEnvelope({ payloadType: PAYLOAD_TYPE, payload: body.toString("base64"), signatures: [{ keyid: key.keyid, sig: sig.toString("base64") }] });
  // What psf signs, its own verify must accept: refuse here rather than write what verify refuses.
  const size = Buffer.byteLength(envelope);
  if (size > LIMITS.attestationBytes) throw new InputError(`cannot sign this report: the attestation would hold ${overLimit("attestationBytes", size)}`, { file: report.manifest }, "the report embeds manifest values and one line per assessed file; shorten long manifest values or narrow agent.include");
  return envelope;
}

export interface VerifiedAttestation {
  statement: ReadinessStatement;
  report: Report;
  /** keyid of the key whose signature verified. */
  keyid: string;
}

/**
 * Verify an attestation with one public key, in the order DSSE prescribes: decode the envelope,
 * verify a signature over PAE(payloadType, payload) — before the payload is parsed at all — then
 * check the type, then parse the payload as an in-toto Statement v1 with psf's predicate.
 * Any one signature that verifies with the key suffices; a signature whose keyid names another key
 * is not tried (DSSE: keyid may narrow the keys tried). Throws AttestationError saying what is wrong.
 */
export function verifyEnvelope(envelopeText: string | Buffer, publicKeyPem: string | Buffer | KeyObject): VerifiedAttestation {
  const publicKey = publicKeyFromPem(publicKeyPem);
  const keyid = keyIdOf(publicKey);
  const size = typeof envelopeText === "string" ? Buffer.byteLength(envelopeText) : envelopeText.length;
  if (size > LIMITS.attestationBytes) throw new AttestationError("envelope", `not a psf attestation: ${overLimit("attestationBytes", size)}`);
  const text = typeof envelopeText === "string" ? envelopeText : decodeUtf8(envelopeText);
  const env = parseEnvelope(text);
  const body = decodeBase64Strict(env.payload, "payload");
  if (env.signatures.length === 0) throw new AttestationError("signature", "the envelope carries no signature");
  const tried: string[] = [];
  let verified = false;
  env.signatures.forEach((s, i) => {
    if (verified) return;
    if (s.keyid !== undefined && s.keyid !== "" && s.keyid !== keyid) {
      tried.push(`signature ${i + 1} is by another key (keyid ${s.keyid.slice(0, 16)}…)`);
      return;
    }
    let sig: Buffer;
    try {
      sig = decodeBase64Strict(s.sig, `signature ${i + 1}`);
    } catch (e) {
      tried.push((e as Error).message);
      return;
    }
    if (verifyPae(env.payloadType, body, sig, publicKey)) verified = true;
    else tried.push(`signature ${i + 1} does not verify`);
  });
  if (!verified) throw new AttestationError("signature", `no signature verifies with the key ${keyid.slice(0, 16)}… (${tried.join("; ")}): the attestation was altered, or signed with another key`);
  // The type is signed (it is part of PAE), so it is checked only once it is known to be authentic.
  if (env.payloadType !== PAYLOAD_TYPE) throw new AttestationError("payloadType", `payloadType is ${JSON.stringify(env.payloadType)}, expected ${PAYLOAD_TYPE}`);
  let value: unknown;
  try {
    // Strictly: a duplicate key would let another verifier read another verdict from the same signature.
    value = parseStrictJson(decodeUtf8(body, "statement"));
  } catch (e) {
    if (!(e instanceof StrictJsonError)) throw e;
    throw new AttestationError("statement", `the signed payload is not JSON, read strictly (${e.message})`);
  }
  const statement = checkStatement(value);
  return { statement, report: statement.predicate, keyid };
}

function decodeUtf8(bytes: Buffer, problem: "envelope" | "statement" = "envelope"): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AttestationError(problem, problem === "envelope" ? "the envelope is not UTF-8 text" : "the signed payload is not UTF-8 text");
  }
}
