import type { Command } from "commander";
import type { CommandIO } from "../io.js";

export function registerKeygen(program: Command, io: CommandIO): void {
  program
    .command("keygen")
    .description("write an Ed25519 key pair for signing attestations (psf-signing.key, mode 0600, and psf-signing.pub)")
    .option("--out <dir>", "folder to write the pair into", ".")
    .option("--force", "replace an existing pair", false)
    .action(async (opts: { out: string; force: boolean }) => {
      const { generateSigningKeys } = await import("../../attest/keys.js");
      const { displayPath } = await import("../../manifest/load.js");
      const keys = generateSigningKeys(opts.out, opts.force);
      io.stdout.write(
        `keyid        ${keys.keyid}\n` +
          `private key  ${displayPath(keys.privateFile)}  (mode 0600: keep it secret; in CI, put its text in PSF_SIGNING_KEY)\n` +
          `public key   ${displayPath(keys.publicFile)}  (give it to whoever verifies: psf verify ATTESTATION --key ${displayPath(keys.publicFile)})\n`,
      );
    });
}
