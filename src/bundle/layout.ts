/** The fixed names inside an evidence bundle; the verifier and INDEX.md use the same ones. */
export const BUNDLE_FILES = {
  attestation: "attestation.intoto.jsonl",
  report: "report.json",
  html: "report.html",
  publicKey: "psf-signing.pub",
  sums: "SHA256SUMS",
  sumsSig: "SHA256SUMS.sig",
  index: "INDEX.md",
} as const;

export const MANIFEST_DIR = "manifest/";
export const CATALOGUE_DIR = "catalogue/";
export const EVIDENCE_DIR = "evidence/";
export const SOURCE_DIR = "source/";

/** Where each assessed file sits in the bundle (if it does), and what each bundle file is. */
export interface BundleLayout {
  manifest: string;
  catalogue: string;
  evidence: { subject: string; bundled: string; sha256: string }[];
  sources: { subject: string; bundled?: string; sha256: string }[];
  includeSource: boolean;
  /** Every file in the bundle with a one-line description, sorted by name. */
  listing: [string, string][];
}
