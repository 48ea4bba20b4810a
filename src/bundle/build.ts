import { sign } from "node:crypto";
import { redactSecrets } from "../redact.js";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { LIMITS, overLimit } from "../limits.js";
import path from "node:path";
import type { Assessment } from "../assess.js";
import { attestReport, type SigningKey } from "../attest/index.js";
import { InputError } from "../errors.js";
import { renderJson } from "../report/render/json.js";
import { renderHtml } from "../report/render/html.js";
import { evidenceFilesFor, renderIndex } from "./index-md.js";
import { BUNDLE_FILES, bundleRoot, CATALOGUE_DIR, EVIDENCE_DIR, MANIFEST_DIR, SOURCE_DIR, type BundleLayout } from "./layout.js";
import { formatSums } from "./sums.js";
import { sha256 } from "../sources/collect.js";
import { writeTarGz, type TarEntry } from "./tar.js";

export interface BundleOptions {
  key: Pick<SigningKey, "privateKey" | "publicKey" | "keyid">;
  /** Copy the agent's source files in (under source/) instead of listing them by digest. */
  includeSource?: boolean;
  /** Every entry's mtime, in seconds: SOURCE_DATE_EPOCH, else 0. */
  mtime?: number;
}

export interface Bundle {
  bytes: Buffer;
  /** Every file in the archive, sorted, by its name inside the top-level folder (layout.root). */
  files: string[];
  layout: BundleLayout;
}

/** The largest mtime a tar header holds: 11 octal digits (ustar), 8^11 - 1 seconds (year 2242). */
export const MAX_TAR_MTIME = 8 ** 11 - 1;

/** mtime for bundle entries: SOURCE_DATE_EPOCH when set (as `assess` reads it), else 0. */
export function bundleMtime(env: NodeJS.ProcessEnv = process.env): number {
  const e = env.SOURCE_DATE_EPOCH;
  if (e === undefined || e === "") return 0;
  if (!/^\d+$/.test(e) || Number(e) > MAX_TAR_MTIME) {
    throw new InputError(`SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to ${MAX_TAR_MTIME} for a bundle (the largest time a tar header holds)${e.length <= 40 ? ` (got "${e}")` : ""}`, { file: "SOURCE_DATE_EPOCH" });
  }
  return Number(e);
}

/**
 * The auditor's evidence bundle for one assessment: signed attestation, JSON and HTML report,
 * manifest, catalogue, public key, every evidence file, SHA256SUMS (signed) and INDEX.md.
 * Deterministic: the same assessment and key give the same bytes.
 */
export function buildBundle(a: Assessment, opts: BundleOptions): Bundle {
  const { report, loaded, catalogue } = a;
  const includeSource = opts.includeSource ?? false;
  const keyid = opts.key.keyid;
  const sourceNames = new Set(a.sources.files.map((f) => f.path));

  // The bundle is refused here, at write time, when it would exceed what `psf verify` reads: the
  // same LIMITS bound both, so every bundle psf writes is one its own verify accepts.
  const bundled = report.subjects.filter((s) => s.name !== report.manifest && (includeSource || !sourceNames.has(s.name))).length;
  const entryCount = bundled + FIXED_FILES;
  if (entryCount > LIMITS.bundleEntries) throw new InputError(`the bundle would hold ${overLimit("bundleEntries", entryCount)}`, { file: report.manifest }, includeSource ? "bundle without --include-source (sources are then listed by digest), or narrow agent.include" : "narrow agent.include or the evidence files the manifest names");
  const files = new Map<string, Buffer>();
  let tarBytes = 2 * TAR_BLOCK;
  const budget = (name: string, size: number) => {
    tarBytes += tarSize(size);
    if (tarBytes > LIMITS.bundleUncompressedBytes) throw new InputError(`the bundle would hold ${overLimit("bundleUncompressedBytes", `at least ${tarBytes}`)}`, { file: name }, includeSource ? "bundle without --include-source (sources are then listed by digest), or narrow agent.include" : "narrow the evidence files the manifest names");
  };
  const put = (name: string, data: Buffer | string) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, "utf8");
    budget(name, bytes.length);
    files.set(name, bytes);
  };

  put(BUNDLE_FILES.attestation, attestReport(report, opts.key));
  put(BUNDLE_FILES.report, renderJson(report));
  put(BUNDLE_FILES.html, renderHtml(report, { keyid }));
  put(BUNDLE_FILES.publicKey, opts.key.publicKey.export({ type: "spki", format: "pem" }) as string);
  const manifestName = MANIFEST_DIR + report.manifest;
  put(manifestName, refuseSecrets(report.manifest, loaded.bytes));
  const catalogueName = `${CATALOGUE_DIR}${catalogue.id}.yaml`;
  put(catalogueName, catalogue.source);

  const layout: BundleLayout = { root: bundleRoot(report.deployment.name), manifest: manifestName, catalogue: catalogueName, evidence: [], sources: [], includeSource, listing: [] };
  for (const s of report.subjects) {
    if (s.name === report.manifest) continue;
    const isSource = sourceNames.has(s.name);
    if (isSource && !includeSource) {
      layout.sources.push({ subject: s.name, sha256: s.digest.sha256 });
      continue;
    }
    const bundled = (isSource ? SOURCE_DIR : EVIDENCE_DIR) + s.name;
    put(bundled, refuseSecrets(s.name, readSubject(loaded.dir, s.name, s.digest.sha256, LIMITS.bundleUncompressedBytes - tarBytes)));
    if (isSource) layout.sources.push({ subject: s.name, bundled, sha256: s.digest.sha256 });
    else layout.evidence.push({ subject: s.name, bundled, sha256: s.digest.sha256 });
  }

  const evidenceNames = layout.evidence.map((e) => e.subject);
  const readers = new Map<string, string[]>();
  for (const c of catalogue.controls) {
    if (!c.evidence.includes("file")) continue;
    const result = report.controls.find((r) => r.id === c.id);
    for (const f of evidenceFilesFor(c, result, loaded.value, evidenceNames)) readers.set(f, [...(readers.get(f) ?? []), c.id]);
  }
  const describe: Record<string, string> = {
    [BUNDLE_FILES.attestation]: "the signed attestation: a DSSE envelope (Ed25519) around an in-toto Statement v1 whose predicate is the report and whose subjects are the digests of every file assessed",
    [BUNDLE_FILES.report]: "the readiness report (psf.report/v1), byte for byte the signed predicate",
    [BUNDLE_FILES.html]: "the same report as one self-contained page to read and print (no scripts, no network)",
    [BUNDLE_FILES.publicKey]: `the public half of the signing key (keyid ${keyid})`,
    [manifestName]: "the deployment manifest that was assessed",
    [catalogueName]: `the control catalogue the assessment used (${catalogue.title} ${catalogue.version})`,
    [BUNDLE_FILES.sums]: "SHA-256 of every other file except its own signature (sha256sum format)",
    [BUNDLE_FILES.sumsSig]: `detached Ed25519 signature over ${BUNDLE_FILES.sums}, by the same key`,
    [BUNDLE_FILES.index]: "this walkthrough",
  };
  for (const e of layout.evidence) describe[e.bundled] = `evidence file ${e.subject} as assessed${readers.get(e.subject) ? `; proves ${readers.get(e.subject)!.join(", ")}` : ""}`;
  for (const s of layout.sources) if (s.bundled) describe[s.bundled] = `agent source file ${s.subject} as assessed`;
  layout.listing = Object.entries(describe).sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

  put(BUNDLE_FILES.index, renderIndex({ report, catalogue, manifest: loaded.value, layout, keyid }));
  const sums = formatSums([...files].map(([name, data]) => ({ name, data })));
  put(BUNDLE_FILES.sums, sums);
  put(BUNDLE_FILES.sumsSig, sign(null, Buffer.from(sums, "utf8"), opts.key.privateKey));

  // SHA256SUMS and INDEX.md name files inside the folder, so `sha256sum -c` runs in it after `tar -xzf`.
  const entries: TarEntry[] = [...files].map(([name, data]) => ({ name: `${layout.root}/${name}`, data }));
  const bytes = writeTarGz(entries, opts.mtime ?? 0);
  return { bytes, files: [...files.keys()].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))), layout };
}

/**
 * A bundle goes to auditors and is kept for years: a file that holds a secret is not packed. It
 * cannot be redacted instead, since the bundle must hold exactly the bytes that were signed.
 */
function refuseSecrets(name: string, bytes: Buffer): Buffer {
  const text = bytes.toString("utf8");
  const clean = redactSecrets(text);
  if (clean === text) return bytes;
  let i = 0;
  while (i < text.length && text[i] === clean[i]) i++;
  const line = text.slice(0, i).split("\n").length;
  const shown = clean.split("\n")[line - 1]!.trim().slice(0, 120);
  throw new InputError(`holds what looks like a secret (${shown}); an evidence bundle is shared with auditors, so psf does not pack it`, { file: name, line }, "move the value to a secret store and read it from an environment variable, then assess and bundle again");
}

/** A subject's bytes, re-read and re-digested: the bundle must hold exactly what was assessed and signed. */
function readSubject(dir: string, name: string, expected: string, room: number): Buffer {
  const abs = path.join(dir, name);
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(abs, "r");
    // The size is checked on the open file before it is read: a huge file is refused, not loaded.
    const size = fstatSync(fd).size;
    if (tarSize(size) > room) throw new InputError(`would take the bundle over psf's limit: ${overLimit("bundleUncompressedBytes", `this file alone is ${size}`)}`, { file: name }, "bundle without --include-source, or leave the file out of the evidence");
    bytes = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, bytes, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    if (off !== size) bytes = bytes.subarray(0, off);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read an assessed file for the bundle: ${(e as NodeJS.ErrnoException).code ?? "error"}`, { file: name });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (sha256(bytes) !== expected) throw new InputError("changed while the bundle was being made; its bytes no longer match the assessed digest", { file: name }, "run psf bundle again");
  return bytes;
}

const TAR_BLOCK = 512;
/** Files every bundle holds besides the assessed ones: attestation, reports, key, manifest, catalogue, sums, signature, index. */
const FIXED_FILES = 9;
/** Bytes one file takes in the tar stream: a header block and its data padded to whole blocks. */
function tarSize(size: number): number {
  return TAR_BLOCK + Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
}
