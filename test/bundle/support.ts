import { cpSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readTarGz, writeTarGz, type TarEntry } from "../../src/bundle/tar.js";
import { underRoot } from "../../src/bundle/layout.js";
import { fixture, psf } from "../helpers.js";

/** 2026-11-21T12:00:00Z, the golden files' epoch: inside every fixture's review window. */
export const EPOCH = "1795262400";

export interface Bundled {
  root: string;
  project: string;
  key: string;
  pub: string;
  bundle: string;
  bytes: Buffer;
}

/** A throwaway copy of a fixture, a fresh key pair, and `psf bundle` of it under SOURCE_DATE_EPOCH. */
export function bundledFixture(name = "governed-scanner", extra: string[] = []): Bundled {
  const root = mkdtempSync(path.join(tmpdir(), "psf-bundle-"));
  const project = path.join(root, "project");
  cpSync(fixture(name), project, { recursive: true });
  const keygen = psf(["keygen", "--out", path.join(root, "keys")]);
  if (keygen.code !== 0) throw new Error(`keygen failed: ${keygen.stderr}`);
  const key = path.join(root, "keys", "psf-signing.key");
  const pub = path.join(root, "keys", "psf-signing.pub");
  mkdirSync(path.join(root, "out")); // psf writes into an existing folder; it does not create one
  const bundle = path.join(root, "out", "a.tar.gz");
  const r = psf(["bundle", project, "--key", key, "--out", bundle, ...extra], { env: { SOURCE_DATE_EPOCH: EPOCH } });
  if (r.code !== 0 && r.code !== 1) throw new Error(`psf bundle failed (${r.code}): ${r.stderr}`);
  return { root, project, key, pub, bundle, bytes: readFileSync(bundle) };
}

/** The folder every entry of a bundle psf wrote sits under. */
export function bundleFolder(bytes: Buffer): string {
  const root = underRoot(readTarGz(bytes)).root;
  if (!root) throw new Error("the bundle's entries are not under one psf-bundle-* folder");
  return root;
}

/** The bundle's entries by their names inside its top-level folder (as SHA256SUMS names them). */
export function bundleEntries(bytes: Buffer): TarEntry[] {
  return underRoot(readTarGz(bytes)).entries;
}

/** The bundle's files with one changed, re-packed exactly as psf packs (so only that file differs). */
export function repack(bytes: Buffer, change: (entries: TarEntry[]) => TarEntry[]): Buffer {
  const root = bundleFolder(bytes);
  return writeTarGz(change(bundleEntries(bytes)).map((e) => ({ ...e, name: `${root}/${e.name}` })), Number(EPOCH));
}

export function entryText(bytes: Buffer, name: string): string {
  const e = bundleEntries(bytes).find((x) => x.name === name);
  if (!e) throw new Error(`no ${name} in the bundle`);
  return e.data.toString("utf8");
}

/** The CLI in this process: the same code path as bin/psf.js, without a subprocess per call. */
export async function psfHere(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import("../../src/cli/main.js");
  let stdout = "";
  let stderr = "";
  const stream = (sink: (s: string) => void) => ({ isTTY: false, write: (s: string) => { sink(s); return true; } }) as unknown as NodeJS.WriteStream;
  const code = await main(["node", "psf", ...args], { stdout: stream((s) => (stdout += s)), stderr: stream((s) => (stderr += s)) });
  return { code, stdout, stderr };
}
