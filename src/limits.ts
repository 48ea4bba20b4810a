/**
 * The bounds on what psf signs, packs and reads back. One table for the writers (`assess --attest`,
 * `bundle`) and the readers (`verify`, `assess --previous`): whatever psf writes, its own verify
 * accepts, and a hostile file is refused by a count or a size before it costs time or memory.
 * Every message that enforces one names the figure, through `overLimit`.
 */
export const LIMITS = {
  /** An attestation file (the DSSE envelope, one JSON line). */
  attestationBytes: 64 * 1024 * 1024,
  /** Signatures in one envelope: psf writes one; DSSE allows several, never thousands. */
  signatures: 64,
  /** Subjects of one statement: every file an assessment judged. */
  subjects: 100_000,
  /** Nesting of JSON under a signature: psf's report is about ten levels deep. */
  jsonDepth: 128,
  /** A bundle file as stored (gzip). */
  bundleBytes: 256 * 1024 * 1024,
  /** A bundle's tar stream once gunzipped: headers, data and padding. */
  bundleUncompressedBytes: 256 * 1024 * 1024,
  /** Files in one bundle. */
  bundleEntries: 10_000,
  /** A manifest once its YAML aliases are expanded (the file itself is at most 1 MiB). */
  manifestExpandedBytes: 4 * 1024 * 1024,
} as const;

export type LimitName = keyof typeof LIMITS;

const WHAT: Record<LimitName, string> = {
  attestationBytes: "bytes in an attestation",
  signatures: "signatures in an envelope",
  subjects: "subjects in a statement",
  jsonDepth: "levels of JSON nesting",
  bundleBytes: "bytes in a bundle file",
  bundleUncompressedBytes: "bytes in a bundle uncompressed",
  bundleEntries: "files in a bundle",
  manifestExpandedBytes: "bytes in a manifest with its YAML aliases expanded",
};

/** "100000 signatures in an envelope; psf's limit is 64": the figure found and the limit, by name. */
export function overLimit(name: LimitName, found: number | string): string {
  return `${found} ${WHAT[name]}; psf's limit is ${LIMITS[name]} (${name})`;
}
