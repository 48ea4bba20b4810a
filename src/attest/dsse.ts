import { sign as edSign, verify as edVerify, type KeyObject } from "node:crypto";
import { LIMITS, overLimit } from "../limits.js";
import { AttestationError } from "./errors.js";
import { parseStrictJson, StrictJsonError } from "./strict-json.js";

/** DSSE (Dead Simple Signing Envelope) v1: https://github.com/secure-systems-lab/dsse */
export interface DsseSignature {
  keyid?: string;
  sig: string;
}
export interface DsseEnvelope {
  payloadType: string;
  payload: string;
  signatures: DsseSignature[];
}

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body; LEN = byte length in ASCII decimal. */
export function pae(payloadType: string, body: Buffer): Buffer {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `, "ascii"), type, Buffer.from(` ${body.length} `, "ascii"), body]);
}

/** Ed25519 over PAE; Ed25519 is deterministic, so the same key and body always give the same signature. */
export function signPae(payloadType: string, body: Buffer, privateKey: KeyObject): Buffer {
  return edSign(null, pae(payloadType, body), privateKey);
}

export function verifyPae(payloadType: string, body: Buffer, sig: Buffer, publicKey: KeyObject): boolean {
  try {
    return edVerify(null, pae(payloadType, body), publicKey, sig);
  } catch {
    return false;
  }
}

const STANDARD = /^[A-Za-z0-9+/]*$/;
const URL_SAFE = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64: standard or URL-safe (DSSE allows both), one alphabet per string, padding optional
 * but correct when present, and canonical (no stray bits in the last character). Node's own decoder
 * skips characters it does not know, which would let an altered envelope decode to the same bytes.
 */
export function decodeBase64Strict(text: string, what: string): Buffer {
  const bare = text.replace(/={1,2}$/, "");
  const padded = text.length !== bare.length;
  if (!STANDARD.test(bare) && !URL_SAFE.test(bare)) throw new AttestationError("envelope", `${what} is not base64 (a character outside the alphabet, or standard and URL-safe mixed)`);
  if (bare.length % 4 === 1) throw new AttestationError("envelope", `${what} is not base64 (truncated: ${bare.length} characters)`);
  if (padded && text.length % 4 !== 0) throw new AttestationError("envelope", `${what} is not base64 (wrong padding)`);
  const standard = bare.replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Buffer.from(standard, "base64");
  if (bytes.toString("base64").replace(/=+$/, "") !== standard) throw new AttestationError("envelope", `${what} is not canonical base64 (unused bits are set)`);
  return bytes;
}

const ENVELOPE_KEYS = new Set(["payloadType", "payload", "signatures"]);
const SIGNATURE_KEYS = new Set(["keyid", "sig"]);

/**
 * Parse the JSON envelope without trusting any of it: every field typed, no unknown fields (each byte
 * of a psf attestation means something, so a field nobody signs is refused rather than ignored).
 * The JSON is read strictly (no duplicate keys, no lone surrogates): an envelope has one reading.
 */
export function parseEnvelope(text: string): DsseEnvelope {
  const trimmed = text.replace(/^\uFEFF/, "");
  if (trimmed.trim() === "") throw new AttestationError("envelope", "the file is empty");
  let value: unknown;
  try {
    value = parseStrictJson(trimmed);
  } catch (e) {
    if (!(e instanceof StrictJsonError)) throw e;
    throw new AttestationError("envelope", `not a JSON envelope (${e.message}); truncated or damaged?`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new AttestationError("envelope", "not a DSSE envelope: expected a JSON object with payloadType, payload and signatures");
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !ENVELOPE_KEYS.has(k));
  if (unknown.length) throw new AttestationError("envelope", `not a DSSE envelope: unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => JSON.stringify(k)).join(", ")}`);
  if (typeof o.payloadType !== "string") throw new AttestationError("envelope", "not a DSSE envelope: payloadType is missing or not a string");
  if (typeof o.payload !== "string") throw new AttestationError("envelope", "not a DSSE envelope: payload is missing or not a string");
  if (!Array.isArray(o.signatures)) throw new AttestationError("envelope", "not a DSSE envelope: signatures is missing or not a list");
  // Counted before any is looked at: a flood of signatures is refused in one line, not tried one by one.
  if (o.signatures.length > LIMITS.signatures) throw new AttestationError("envelope", `not a psf attestation: ${overLimit("signatures", o.signatures.length)}`);
  const signatures: DsseSignature[] = o.signatures.map((s: unknown, i: number) => {
    if (s === null || typeof s !== "object" || Array.isArray(s)) throw new AttestationError("envelope", `signatures[${i}] is not an object`);
    const so = s as Record<string, unknown>;
    const extra = Object.keys(so).filter((k) => !SIGNATURE_KEYS.has(k));
    if (extra.length) throw new AttestationError("envelope", `signatures[${i}] has unknown field${extra.length > 1 ? "s" : ""} ${extra.map((k) => JSON.stringify(k)).join(", ")}`);
    if (typeof so.sig !== "string") throw new AttestationError("envelope", `signatures[${i}].sig is missing or not a string`);
    if (so.keyid !== undefined && typeof so.keyid !== "string") throw new AttestationError("envelope", `signatures[${i}].keyid is not a string`);
    return so.keyid === undefined ? { sig: so.sig } : { keyid: so.keyid, sig: so.sig };
  });
  return { payloadType: o.payloadType, payload: o.payload, signatures };
}

/** The envelope as one JSON line plus a newline (the *.intoto.jsonl convention). */
export function serializeEnvelope(env: DsseEnvelope): string {
  return JSON.stringify({ payloadType: env.payloadType, payload: env.payload, signatures: env.signatures.map((s) => (s.keyid === undefined ? { sig: s.sig } : { keyid: s.keyid, sig: s.sig })) }) + "\n";
}
