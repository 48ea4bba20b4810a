import { Command, Option } from "commander";
import type { CommandIO } from "../io.js";

/*
 * Exit codes: 0 the log is intact (every record matches the schema, the chain and signatures hold,
 * no gaps, repeats or backwards time); 1 it is not; 2 the log, schema or key cannot be read.
 */
export function registerAudit(program: Command, io: CommandIO): void {
  const audit = program.command("audit").description("check what the agent actually recorded");
  audit
    .command("verify")
    .description("check a hash-chained (and optionally signed) JSON Lines execution log, streaming (format: docs/audit-log.md)")
    .argument("<log>", "the JSON Lines log the orchestrator wrote")
    .requiredOption("--schema <file>", "the declared audit record schema (the one IAA-01 checks)")
    .option("--key <pub>", "signed mode: the orchestrator's Ed25519 public key; every record must carry sig and keyid")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    // The implementation loads only when the command runs (`psf help` loads none of it).
    .action(async (log: string, opts: { schema: string; key?: string; format: "text" | "json" }) => (await import("./audit-run.js")).runAuditVerify(log, opts, io));
}
