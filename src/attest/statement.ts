import type { Report, Subject } from "../report/model.js";
import { AttestationError } from "./errors.js";
import { LIMITS, overLimit } from "../limits.js";

export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const PREDICATE_TYPE = "https://psf.dev/attestation/readiness/v1";
export const PAYLOAD_TYPE = "application/vnd.in-toto+json";

export interface InTotoSubject {
  name: string;
  digest: { sha256: string };
}
export interface ReadinessStatement {
  _type: typeof STATEMENT_TYPE;
  subject: InTotoSubject[];
  predicateType: typeof PREDICATE_TYPE;
  /** Exactly the JSON report (`psf assess -f json`), nothing added. */
  predicate: Report;
}

/** The in-toto Statement v1 that binds the report to the digests of every file it judged. */
export function readinessStatement(report: Report): ReadinessStatement {
  // Through JSON once, so the predicate is the JSON report exactly (no undefined members, plain objects).
  const predicate = JSON.parse(JSON.stringify(report)) as Report;
  return {
    _type: STATEMENT_TYPE,
    subject: report.subjects.map((s) => ({ name: s.name, digest: { sha256: s.digest.sha256 } })),
    predicateType: PREDICATE_TYPE,
    predicate,
  };
}

const HEX64 = /^[0-9a-f]{64}$/;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Check a signed payload is what psf signs: an in-toto Statement v1 with the readiness predicate, whose
 * subjects are the report's subjects. Only the fields psf relies on are checked; the signature already
 * says who wrote it.
 */
export function checkStatement(value: unknown): ReadinessStatement {
  const bad = (why: string) => new AttestationError("statement", `the signed payload is not a psf readiness statement: ${why}`);
  if (!isObject(value)) throw bad("expected a JSON object");
  if (value._type !== STATEMENT_TYPE) throw bad(`_type is ${JSON.stringify(value._type) ?? "missing"}, expected ${STATEMENT_TYPE}`);
  if (value.predicateType !== PREDICATE_TYPE) throw bad(`predicateType is ${JSON.stringify(value.predicateType) ?? "missing"}, expected ${PREDICATE_TYPE}`);
  if (!Array.isArray(value.subject) || value.subject.length === 0) throw bad("subject is missing or empty");
  if (value.subject.length > LIMITS.subjects) throw bad(overLimit("subjects", value.subject.length));
  const subjects: InTotoSubject[] = value.subject.map((s: unknown, i: number) => {
    if (!isObject(s) || typeof s.name !== "string" || !isObject(s.digest) || typeof s.digest.sha256 !== "string" || !HEX64.test(s.digest.sha256)) throw bad(`subject[${i}] is not {name, digest: {sha256: <64 hex>}}`);
    return { name: s.name, digest: { sha256: s.digest.sha256 } };
  });
  const p = value.predicate;
  if (!isObject(p)) throw bad("predicate is missing");
  if (p.format !== "psf.report/v1") throw bad(`predicate.format is ${JSON.stringify(p.format) ?? "missing"}, expected psf.report/v1`);
  if (typeof p.generatedAt !== "string" || typeof p.manifest !== "string" || typeof p.ready !== "boolean") throw bad("predicate lacks generatedAt, manifest or ready");
  if (!isObject(p.deployment) || typeof p.deployment.name !== "string") throw bad("predicate.deployment.name is missing");
  // The manifest's name is joined to the verifier's folder: a bare file name, never a path.
  if (!/^[^/\\\0]+$/.test(p.manifest) || p.manifest === "." || p.manifest === "..") throw bad(`predicate.manifest ${JSON.stringify(p.manifest)} is not a file name`);
  if (!Array.isArray(p.subjects)) throw bad("predicate.subjects is missing");
  const reportSubjects = p.subjects as Subject[];
  const same = reportSubjects.length === subjects.length && subjects.every((s, i) => reportSubjects[i]?.name === s.name && reportSubjects[i]?.digest?.sha256 === s.digest.sha256);
  if (!same) throw bad("the statement's subjects differ from the report's subjects");
  return { _type: STATEMENT_TYPE, subject: subjects, predicateType: PREDICATE_TYPE, predicate: p as unknown as Report };
}
