import { verify as edVerify, type KeyObject } from "node:crypto";
import { AttestationError, canonicalize, keyIdOf, publicKeyFromPem, verifyEnvelope, type VerifiedAttestation } from "../attest/index.js";
import type { Report } from "../report/model.js";
import { BUNDLE_FILES, EVIDENCE_DIR, MANIFEST_DIR, SOURCE_DIR, underRoot } from "./layout.js";
import { formatSums, parseSums, SUMS_FILE } from "./sums.js";
import { sha256 } from "../sources/collect.js";
import { gunzipOne, readTar, UnsafeArchiveError, WHOLE_ARCHIVE, type ReadLimits, type TarEntry } from "./tar.js";
import { LIMITS } from "../limits.js";
import { parseStrictJson } from "../attest/strict-json.js";

/** One thing wrong with a bundle, naming the file it is about. */
export interface BundleProblem {
  file: string;
  message: string;
}

export interface BundleVerification {
  valid: boolean;
  problems: BundleProblem[];
  /** Every entry in the archive, in archive order, by its name inside the top-level folder (empty when the archive was refused). */
  files: string[];
  /** The top-level folder the entries sit under (psf-bundle-<deployment>); none for a bundle from before it. */
  root?: string;
  /** The signed report, when the attestation verified. */
  report?: Report;
  keyid: string;
}

/**
 * Verify an evidence bundle entirely in memory (nothing is extracted or written):
 *  1. every entry is a regular file with a safe relative name (else the bundle is refused outright);
 *  2. SHA256SUMS carries a valid signature by the key, and lists every other file exactly once;
 *  3. every file's SHA-256 matches its line;
 *  4. the attestation's signature verifies with the key;
 *  5. report.json is the signed predicate, and the manifest, evidence and source files inside have
 *     the digests the attestation binds; the public key inside is the key given.
 * Unreadable archives (not gzip, not tar) throw UnreadableArchiveError; a bad key throws InputError.
 * A gzip stream that decodes with a wrong CRC is not "unreadable": its tar is read and checked, so
 * the damage is reported as tampering, naming each file whose digest no longer matches.
 */
export function verifyBundle(bytes: Buffer, publicKeyPem: string | Buffer | KeyObject, limits?: ReadLimits): BundleVerification {
  const publicKey = publicKeyFromPem(publicKeyPem);
  const keyid = keyIdOf(publicKey);
  let entries: TarEntry[];
  let root: string | undefined;
  let outside: string[];
  let damage: string | undefined;
  try {
    const gunzipped = gunzipOne(bytes, limits);
    damage = gunzipped.damage;
    ({ root, entries, outside } = underRoot(readTar(gunzipped.tar, limits)));
  } catch (e) {
    if (e instanceof UnsafeArchiveError) return { valid: false, problems: [{ file: e.entry, message: `${e.message}; the bundle was refused and nothing was read from it` }], files: [], keyid };
    throw e;
  }
  const problems: BundleProblem[] = [];
  const problem = (file: string, message: string) => problems.push({ file, message });
  const byName = new Map(entries.map((e) => [e.name, e.data]));
  if (damage) problem(WHOLE_ARCHIVE, damage);
  for (const name of outside) problem(name, `lies outside the bundle's folder ${root}/: psf never writes such an entry, and tar would extract it beside the folder`);

  for (const required of [BUNDLE_FILES.attestation, BUNDLE_FILES.report, BUNDLE_FILES.sums, BUNDLE_FILES.sumsSig, BUNDLE_FILES.index, BUNDLE_FILES.html]) {
    if (!byName.has(required)) problem(required, "is missing from the bundle");
  }

  // SHA256SUMS: signed by the key, then every other file listed once and matching.
  const sumsBytes = byName.get(BUNDLE_FILES.sums);
  const sig = byName.get(BUNDLE_FILES.sumsSig);
  let sumsSigned = false;
  if (sumsBytes && sig) {
    let ok = false;
    try {
      ok = edVerify(null, sumsBytes, publicKey, sig);
    } catch {
      ok = false;
    }
    sumsSigned = ok;
    if (!ok) {
      // Which of the two changed cannot be known from the signature alone; whether SHA256SUMS still
      // describes the files tells the likelier story, and the per-file checks below name the rest.
      const others = entries.filter((e) => e.name !== BUNDLE_FILES.sums && e.name !== BUNDLE_FILES.sumsSig);
      if (formatSums(others) === sumsBytes.toString("utf8")) problem(BUNDLE_FILES.sumsSig, `is not a signature of ${SUMS_FILE} by key ${keyid.slice(0, 16)}…: ${SUMS_FILE} was rewritten to cover changed files, the signature was replaced, or another key signed them`);
      else problem(SUMS_FILE, `disagrees with the files it lists and its signature (${BUNDLE_FILES.sumsSig}) does not verify with key ${keyid.slice(0, 16)}…: it was changed, or the files were`);
    }
  }
  // One line per file, each a digest and a name of at most 255 bytes: anything longer is not psf's.
  if (sumsBytes && sumsBytes.length > LIMITS.bundleEntries * 324) problem(SUMS_FILE, `is ${sumsBytes.length} bytes, more than a list of ${LIMITS.bundleEntries} files can be; not read`);
  else if (sumsBytes) {
    const { lines, problems: malformed } = parseSums(sumsBytes.toString("utf8"));
    for (const m of malformed) problem(SUMS_FILE, m);
    const listed = new Map(lines.map((l) => [l.name, l]));
    for (const e of entries) {
      if (e.name === BUNDLE_FILES.sums || e.name === BUNDLE_FILES.sumsSig) continue;
      const line = listed.get(e.name);
      if (!line) problem(e.name, `is not listed in ${SUMS_FILE}: it was added after the bundle was made`);
      else if (sha256(e.data) !== line.sha256) problem(e.name, sumsSigned ? `does not match its SHA-256 in ${SUMS_FILE} (line ${line.line}): it was changed` : `does not match its line in ${SUMS_FILE} (line ${line.line}), and ${SUMS_FILE} is not signed by this key: one of the two was changed`);
    }
    for (const l of lines) if (!byName.has(l.name)) problem(l.name, `is listed in ${SUMS_FILE} (line ${l.line}) but missing from the bundle`);
  }

  // The attestation, and everything it binds.
  let verified: VerifiedAttestation | undefined;
  const att = byName.get(BUNDLE_FILES.attestation);
  if (att) {
    try {
      verified = verifyEnvelope(att, publicKey);
    } catch (e) {
      if (!(e instanceof AttestationError)) throw e;
      problem(BUNDLE_FILES.attestation, `is not a valid attestation for this key: ${e.message}`);
    }
  }
  if (verified) {
    const signed = verified.report;
    const reportBytes = byName.get(BUNDLE_FILES.report);
    if (reportBytes) {
      let same = false;
      // The signed predicate fits in the attestation, so a larger report.json cannot be it.
      if (reportBytes.length <= LIMITS.attestationBytes) {
        try {
          same = canonicalize(parseStrictJson(reportBytes)) === canonicalize(signed);
        } catch {
          same = false;
        }
      }
      if (!same) problem(BUNDLE_FILES.report, "is not the report that was signed (it differs from the attestation's predicate)");
    }
    const subjects = new Map(verified.statement.subject.map((s) => [s.name, s.digest.sha256]));
    const bound = (entry: string, subject: string) => {
      const data = byName.get(entry)!;
      const want = subjects.get(subject);
      if (want === undefined) problem(entry, `is not a subject of the attestation (no signed digest for ${subject})`);
      else if (sha256(data) !== want) problem(entry, `does not match the digest the attestation signed for ${subject}: it was changed`);
    };
    const manifestEntry = MANIFEST_DIR + signed.manifest;
    if (!byName.has(manifestEntry)) problem(manifestEntry, "is missing from the bundle");
    for (const e of entries) {
      if (e.name.startsWith(MANIFEST_DIR)) {
        if (e.name !== manifestEntry) problem(e.name, `is not the assessed manifest (${signed.manifest})`);
        else bound(e.name, signed.manifest);
      } else if (e.name.startsWith(EVIDENCE_DIR)) bound(e.name, e.name.slice(EVIDENCE_DIR.length));
      else if (e.name.startsWith(SOURCE_DIR)) bound(e.name, e.name.slice(SOURCE_DIR.length));
    }
  }
  const pub = byName.get(BUNDLE_FILES.publicKey);
  if (pub) {
    let same = false;
    try {
      same = keyIdOf(publicKeyFromPem(pub, BUNDLE_FILES.publicKey)) === keyid;
    } catch {
      same = false;
    }
    if (!same) problem(BUNDLE_FILES.publicKey, `is not the key given for verification (keyid ${keyid.slice(0, 16)}…)`);
  }

  const unique = dedupe(problems);
  return { valid: unique.length === 0, problems: unique, files: entries.map((e) => e.name), ...(root ? { root } : {}), ...(verified ? { report: verified.report } : {}), keyid };
}

function dedupe(problems: BundleProblem[]): BundleProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.file}\0${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** True when the argument names a bundle rather than a bare attestation. */
export function isBundlePath(file: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(file);
}
