import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { fixture, psf, type CliResult } from "../helpers.js";

export const EPOCH = { SOURCE_DATE_EPOCH: "1795262400" };

export interface Signed {
  /** A throwaway folder: keys/, gs/ (a copy of fixtures/governed-scanner), a.intoto.jsonl. */
  root: string;
  project: string;
  key: string;
  pub: string;
  attestation: string;
  bytes: Buffer;
}

/** A fresh copy of the governed scanner, a key pair, and an attestation of it: fixtures are never modified. */
export function signedProject(): Signed {
  const root = mkdtempSync(path.join(tmpdir(), "psf-attest-"));
  const project = path.join(root, "gs");
  cpSync(fixture("governed-scanner"), project, { recursive: true });
  const keygen = psf(["keygen", "--out", path.join(root, "keys")]);
  if (keygen.code !== 0) throw new Error(`keygen failed: ${keygen.stderr}`);
  const key = path.join(root, "keys", "psf-signing.key");
  const pub = path.join(root, "keys", "psf-signing.pub");
  const attestation = path.join(root, "a.intoto.jsonl");
  const r = psf(["assess", project, "--attest", attestation, "--key", key, "-q"], { env: EPOCH });
  if (r.code === 2 || r.code === 3) throw new Error(`assess --attest failed: ${r.stderr}`);
  return { root, project, key, pub, attestation, bytes: readFileSync(attestation) };
}

/** The CLI in this process (same code path as bin/psf.js, without a subprocess per call). */
export async function psfInProcess(args: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const stream = (sink: (s: string) => void) => ({ isTTY: false, write: (s: string) => { sink(s); return true; } }) as unknown as NodeJS.WriteStream;
  const code = await main(["node", "psf", ...args], { stdout: stream((s) => (stdout += s)), stderr: stream((s) => (stderr += s)) });
  return { code, stdout, stderr };
}
