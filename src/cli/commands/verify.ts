import { Option, type Command } from "commander";
import type { CommandIO } from "../io.js";

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
    .addOption(new Option("--format <format>", "text, or json: the result as a document a pipeline reads (schemas/psf-verify.schema.json)").choices(["text", "json"]).default("text"))
    .option("-o, --output <file>", "write the result to this file instead of stdout (json only)")
    // The implementation loads only when the command runs (`psf help` loads none of it).
    .action(async (file: string, target: string | undefined, opts: { key: string; format: "text" | "json"; output?: string }) => (await import("./verify-run.js")).runVerify(file, target, opts, io));
}
