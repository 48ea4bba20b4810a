import type { Command } from "commander";
import { checkDrift, type Drift } from "../../attest/drift.js";
import { verifyEnvelope, type VerifiedAttestation } from "../../attest/attestation.js";
import { AttestationError } from "../../attest/errors.js";
import { loadPublicKey } from "../../attest/keys.js";
import { readAttestationFile } from "../../attest/previous.js";
import { terminalSafe, visibleControls } from "../../util/terminal-text.js";
import { displayPath } from "../../manifest/load.js";
import type { CommandIO } from "../main.js";
import { isBundlePath } from "../../bundle/verify.js";
import { verifyBundleCommand } from "./bundle.js";

/*
 * Exit codes (the spec's table, applied to verify):
 *   0  the signature verifies with the given key and no attested file drifted;
 *   1  the attestation is invalid — anything wrong with the bytes of a readable attestation file
 *      (truncated, not JSON, bad base64, wrong payloadType, no signature by this key, payload not a
 *      psf readiness Statement) — or the tree drifted (a subject changed, missing or unreadable, or a
 *      new file). A damaged attestation is "invalid", never "bad input": flipping any byte must fail
 *      verification the same way, whatever byte it is;
 *   2  bad input: the attestation file or the key cannot be read, the key is not an Ed25519 PEM key,
 *      PATH does not exist or does not hold the attested manifest, a bad flag.
 */
export function registerVerify(program: Command, io: CommandIO): void {
  program
    .command("verify")
    .description("verify a signed attestation, then check the attested files for drift")
    .argument("<attestation>", "the attestation written by `psf assess --attest`, or a bundle (.tar.gz) written by `psf bundle`")
    .argument("[path]", "the deployment's folder or manifest (default: the attested manifest's name, in the working directory)")
    .requiredOption("--key <pub>", "the public key that signed it (psf-signing.pub)")
    .action((file: string, target: string | undefined, opts: { key: string }) => {
      if (isBundlePath(file)) return verifyBundleCommand(file, opts.key, target, io);
      const bytes = readAttestationFile(file);
      const { publicKey } = loadPublicKey(opts.key);
      let verified: VerifiedAttestation;
      try {
        verified = verifyEnvelope(bytes, publicKey);
      } catch (e) {
        if (!(e instanceof AttestationError)) throw e;
        io.stderr.write(`psf: ${visibleControls(`${file}: INVALID attestation: ${e.message}`)}\n`);
        io.setExitCode(1);
        return;
      }
      // Names and values in a signed report are still the repository's data: shown, never interpreted.
      const shown = { ...verified, report: terminalSafe(verified.report) };
      io.stdout.write(describe(visibleControls(file), shown));
      const drift = checkDrift(verified.report, target);
      io.stdout.write(describeDrift(terminalSafe(drift), shown));
      io.setExitCode(drift.drifted ? 1 : 0);
    });
}

function describe(file: string, v: VerifiedAttestation): string {
  const r = v.report;
  return (
    `attestation  ${file}\n` +
    `signature    valid (Ed25519, keyid ${v.keyid})\n` +
    `deployment   ${r.deployment.name} (${r.deployment.environment ?? "production"}, owner ${r.deployment.owner})\n` +
    `verdict      ${r.ready ? "ready" : "not ready"}${r.strict ? " (strict)" : ""}\n` +
    `assessed at  ${r.generatedAt} by ${r.tool?.name ?? "psf"} ${r.tool?.version ?? ""}`.trimEnd() + "\n"
  );
}

function describeDrift(d: Drift, v: VerifiedAttestation): string {
  const lines = [`tree         ${displayPath(d.dir) || "."} (${d.checked} attested file${d.checked === 1 ? "" : "s"} re-digested)`];
  for (const n of d.changed) lines.push(`  changed    ${n}`);
  for (const n of d.missing) lines.push(`  missing    ${n}`);
  for (const n of d.added) lines.push(`  new        ${n}`);
  for (const u of d.unreadable) lines.push(`  unchecked  ${u.name}: ${u.reason}`);
  for (const n of d.notes) lines.push(`  note: ${n}`);
  if (!d.drifted) lines.push(`result       VALID: signature verified; nothing changed since ${v.report.generatedAt}`);
  else {
    const parts = [[d.changed.length, "changed"], [d.missing.length, "missing"], [d.added.length, "new"], [d.unreadable.length, "unchecked"]].filter(([n]) => (n as number) > 0).map(([n, w]) => `${n} ${w}`);
    lines.push(`result       DRIFT: signature valid, but the tree differs from what was attested on ${v.report.generatedAt} (${parts.join(", ")}); re-assess before relying on this verdict`);
  }
  return lines.join("\n") + "\n";
}
