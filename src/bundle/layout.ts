import type { TarEntry } from "./tar.js";

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

/** Every entry of a bundle sits under one folder, psf-bundle-<deployment>, so `tar -xzf` makes one folder. */
export const BUNDLE_ROOT_PREFIX = "psf-bundle-";

/** The bundle's top-level folder: the deployment's name in characters that are safe in any file system. */
export function bundleRoot(deployment: string): string {
  const slug = deployment.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[-._]+|[-._]+$/g, "").slice(0, 64).replace(/[-._]+$/, "");
  return BUNDLE_ROOT_PREFIX + (slug || "deployment");
}

/**
 * The entries with the bundle's top-level folder taken off their names, as SHA256SUMS and INDEX.md
 * name them, and the names of any entries outside that folder (psf never writes one; `tar -xzf` would
 * put it beside the folder). An archive with no entry under a psf-bundle-* folder is read as it is,
 * so bundles written before the folder existed still verify.
 */
export function underRoot(entries: TarEntry[]): { root?: string; entries: TarEntry[]; outside: string[] } {
  const first = entries.map((e) => e.name.split("/")[0]!).find((top, i) => top.startsWith(BUNDLE_ROOT_PREFIX) && top !== BUNDLE_ROOT_PREFIX && entries[i]!.name !== top);
  if (!first) return { entries, outside: [] };
  const prefix = `${first}/`;
  const inside = entries.filter((e) => e.name.startsWith(prefix) && e.name.length > prefix.length);
  const outside = entries.filter((e) => !inside.includes(e)).map((e) => e.name);
  return { root: first, entries: inside.map((e) => ({ ...e, name: e.name.slice(prefix.length) })), outside };
}

/** Where each assessed file sits in the bundle (if it does), and what each bundle file is. */
export interface BundleLayout {
  /** The top-level folder every entry sits under (psf-bundle-<deployment>). */
  root: string;
  manifest: string;
  catalogue: string;
  evidence: { subject: string; bundled: string; sha256: string }[];
  sources: { subject: string; bundled?: string; sha256: string }[];
  includeSource: boolean;
  /** Every file in the bundle with a one-line description, sorted by name. */
  listing: [string, string][];
}
