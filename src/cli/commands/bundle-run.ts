import path from "node:path";
import { loadPublicKey, loadSigningKey, SIGNING_KEY_ENV } from "../../attest/keys.js";
import { buildBundle, bundleMtime } from "../../bundle/build.js";
import { sha256 } from "../../sources/collect.js";
import { UnreadableArchiveError } from "../../bundle/tar.js";
import { verifyBundle, type BundleVerification } from "../../bundle/verify.js";
import { InputError } from "../../errors.js";
import { LIMITS, overLimit } from "../../limits.js";
import { readFileBounded } from "../../util/read-bounded.js";
import { displayPath } from "../../manifest/load.js";
import type { Severity } from "../../report/model.js";
import { runInputs, writeOutput } from "../output.js";
import { checkWriteTarget } from "../../util/safe-write.js";
import { visibleControls } from "../../util/terminal-text.js";
import type { CommandIO } from "../io.js";
import { exitCodeFor } from "./assess.js";

/** `psf bundle`: what runs once the command line is parsed (its options are declared in bundle.ts). */
export async function runBundle(target: string, opts: { key?: string; out: string; includeSource: boolean; failOn: Severity; strict: boolean; inlineWaivers: boolean }, io: CommandIO): Promise<void> {
  if (!/\.(tar\.gz|tgz)$/i.test(opts.out)) throw new InputError("the bundle is a gzipped tar archive; its name must end in .tar.gz or .tgz", { file: "--out" });
  const key = loadSigningKey(opts.key, io.env);
  if (!key) throw new InputError("a bundle is signed: no signing key given", { file: "--key" }, `pass --key psf-signing.key, or put the key's PEM text in ${SIGNING_KEY_ENV}; create a pair with \`psf keygen\``);
  const mtime = bundleMtime(io.env); // checked before the work it would waste
  checkWriteTarget(opts.out);
  const { assessAsync } = await import("../../assess.js");
  const result = await assessAsync(target, { strict: opts.strict, inlineWaivers: opts.inlineWaivers, env: io.env });
  const bundle = buildBundle(result, { key, includeSource: opts.includeSource, mtime });
  const inputs = runInputs(result, [opts.key]);
  writeOutput(opts.out, bundle.bytes, inputs);
  const r = result.report;
  io.stdout.write(
    `bundle       ${displayPath(path.resolve(opts.out))} (${bundle.files.length} files under ${bundle.layout.root}/, ${bundle.bytes.length} bytes)\n` +
      `sha256       ${sha256(bundle.bytes)}\n` +
      `signed by    keyid ${key.keyid}\n` +
      `verdict      ${r.ready ? "READY" : "NOT READY"} (${r.deployment.name})\n` +
      `verify with  psf verify ${displayPath(path.resolve(opts.out))} --key psf-signing.pub\n`,
  );
  io.setExitCode(exitCodeFor(r, opts.failOn));
}


/**
 * `psf verify BUNDLE.tar.gz --key PUB`: the bundle checked in memory. Exit 0 valid; 1 a file inside was
 * changed, added or removed, a signature fails, or an entry is unsafe; 2 the archive or key is unreadable.
 */
export function verifyBundleCommand(file: string, keyFile: string, target: string | undefined, io: CommandIO): void {
  const v = checkBundleFile(file, keyFile, target);
  if (!v.valid) {
    for (const p of v.problems) io.stderr.write(visibleControls(`psf: ${file}: TAMPERED: ${p.file}: ${p.message}`) + "\n"); // entry names are the archive's, not psf's
    io.stderr.write(`psf: ${file}: INVALID bundle (${v.problems.length} problem${v.problems.length === 1 ? "" : "s"}); do not rely on its contents\n`);
    io.setExitCode(1);
    return;
  }
  const r = v.report!;
  io.stdout.write(
    `bundle       ${file} (${v.files.length} files${v.root ? ` under ${v.root}/` : ""})\n` +
      `signature    valid (Ed25519, keyid ${v.keyid}): attestation and SHA256SUMS\n` +
      `deployment   ${r.deployment.name} (${r.deployment.environment}, owner ${r.deployment.owner})\n` +
      `verdict      ${r.ready ? "ready" : "not ready"}${r.strict ? " (strict)" : ""}\n` +
      `assessed at  ${r.generatedAt} by ${r.tool.name} ${r.tool.version}\n` +
      `result       VALID: every file matches SHA256SUMS, and report.json, the manifest and the evidence files are the ones that were signed\n`,
  );
  io.setExitCode(0);
}

/** Read and verify a bundle file: bad input (unreadable, too big, not an archive, bad key) throws InputError. */
export function checkBundleFile(file: string, keyFile: string, target: string | undefined): BundleVerification {
  if (target !== undefined) throw new InputError("a bundle is verified on its own; PATH is only for a bare attestation", { file: target }, "to check a tree for drift, extract attestation.intoto.jsonl and run psf verify on it with PATH");
  const { publicKey } = loadPublicKey(keyFile);
  let read;
  try {
    // The size is checked before reading: a file over the limit is not a bundle psf wrote, and is not loaded.
    read = readFileBounded(file, LIMITS.bundleBytes);
  } catch (e) {
    throw new InputError(`cannot read the bundle: ${(e as NodeJS.ErrnoException).code ?? "error"}`, { file });
  }
  if ("notAFile" in read) throw new InputError("the bundle is not a regular file", { file });
  if ("tooLarge" in read) throw new InputError(`is too large to be a psf bundle: ${overLimit("bundleBytes", read.tooLarge)}`, { file });
  try {
    return verifyBundle(read.bytes, publicKey);
  } catch (e) {
    if (e instanceof UnreadableArchiveError) throw new InputError(`cannot read the bundle: ${e.message}`, { file });
    throw e;
  }
}
