import { Option, type Command } from "commander";
import { SIGNING_KEY_ENV } from "../../attest/keys.js";
import { SEVERITIES, type Severity } from "../../report/model.js";
import type { CommandIO } from "../io.js";

export function registerBundle(program: Command, io: CommandIO): void {
  program
    .command("bundle")
    .description("assess, sign and pack the auditor's evidence bundle (.tar.gz): reports, attestation, manifest, catalogue, evidence files, SHA256SUMS, INDEX.md")
    .argument("[path]", "a psf.yaml, or the folder that holds one", ".")
    .option("--key <key>", `the private signing key (psf-signing.key); default: the PEM text in ${SIGNING_KEY_ENV}`)
    .requiredOption("--out <file>", "where to write the bundle (FILE.tar.gz)")
    .option("--include-source", "copy the agent's source files into the bundle (by default they are listed by digest)", false)
    .addOption(new Option("--fail-on <severity>", "exit 1 only for blocking controls at or above this severity").choices([...SEVERITIES]).default("low"))
    .option("--strict", "a warn blocks readiness too", false)
    .option("--no-inline-waivers", "ignore // psf-waive comments in the source")
    // The implementation loads only when the command runs (`psf help` loads none of it).
    .action(async (target: string, opts: { key?: string; out: string; includeSource: boolean; failOn: Severity; strict: boolean; inlineWaivers: boolean }) => (await import("./bundle-run.js")).runBundle(target, opts, io));
}
