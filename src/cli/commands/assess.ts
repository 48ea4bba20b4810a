import path from "node:path";
import { Command, Option } from "commander";
import { gate } from "../gate.js";
import { InputError } from "../../errors.js";
import { FORMATS, formatForFile, isFormat } from "../../report/render/formats.js";
import { SEVERITIES, type Report, type Severity } from "../../report/model.js";
import { STDOUT_PATH } from "../output.js";
import type { CommandIO } from "../io.js";
import type { AttestCliOptions } from "../../attest/index.js";

const collect = (v: string, prev: string[]) => [...prev, v];

/** Exit code for a report: 0 ready; 1 when a blocking control at or above the --fail-on severity remains. */
export function exitCodeFor(report: Report, failOn: Severity): 0 | 1 {
  return report.ready ? 0 : gate(report, { failOn }).code;
}

/** Pair each -f with the -o at the same position; a format without a file goes to stdout (at most one). */
export function planOutputs(formats: string[], outputs: string[]): { format: string; file?: string }[] {
  const plan: { format: string; file?: string }[] = [];
  const n = Math.max(formats.length, outputs.length, 1);
  for (let i = 0; i < n; i++) {
    if (outputs[i] === "") throw new InputError("an empty output path", { file: "-o" }, "name a file, or - for standard output");
    const file = outputs[i] === STDOUT_PATH ? undefined : outputs[i];
    let format = formats[i];
    if (!format) format = file ? formatForFile(file) ?? (() => { throw new InputError(`cannot tell the format of ${file} from its extension`, { file: "-o" }, "give -f before it"); })() : "text";
    if (!isFormat(format)) throw new InputError(`unknown format "${format}"`, { file: "-f" }, `choose one of ${FORMATS.join(", ")}`);
    plan.push(file ? { format, file } : { format });
  }
  if (plan.filter((p) => !p.file).length > 1) throw new InputError("more than one format would go to standard output", { file: "-f" }, "give each format after the first its own -o FILE");
  return plan;
}

/** A comma-separated option value, repeatable: `--only RSG-04,RSG-05 --only ABC-03`. */
function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}

/** The flags as commander parses them (settled against PSF_* and the config file in assess-run.ts). */
export interface AssessCliOptions extends AttestCliOptions {
  manifest: string[]; format: string[]; output: string[]; failOn: Severity; minSeverity?: Severity; strict: boolean; inlineWaivers: boolean; color: boolean; quiet: boolean; compact: boolean; summary: boolean;
  sarifIncludePassing: boolean; only?: string[]; skip?: string[]; baseline?: string; softFail: boolean; config?: string;
  cache: boolean; cacheDir?: string;
}

export function registerAssess(program: Command, io: CommandIO): void {
  program
    .command("assess")
    .description("assess a deployment: manifest + agent source → readiness report")
    .argument("[paths...]", "psf.yaml files, or folders that hold one (default: .); several assess several deployments in one run")
    .option("-m, --manifest <path>", "a psf.yaml, or the folder that holds one, to assess; repeatable (the same as a PATH)", collect, [])
    .option("-f, --format <format>", `report format (${FORMATS.join("|")}); repeatable, paired with -o`, collect, [])
    .option("-o, --output <file>", "write the report to FILE; repeatable, paired with -f; with several deployments {deployment} in FILE is each one's name (else it goes before the extension)", collect, [])
    .addOption(new Option("--fail-on <severity>", "exit 1 only for blocking controls at or above this severity").choices([...SEVERITIES]).default("low"))
    .addOption(new Option("--min-severity <severity>", "the same as --fail-on, by the name other scanners use").choices([...SEVERITIES]))
    .option("--strict", "a warn blocks readiness too", false)
    .option("--no-inline-waivers", "ignore // psf-waive comments in the source")
    .option("--no-color", "no colour in text output")
    .option("-q, --quiet", "text output shows only what needs attention: one line per finding (as --compact), no progress", false)
    .option("--compact", "text output: one line per finding (SEVERITY CONTROL file:line:col level: message), then the verdict", false)
    .option("--attest <file>", "write the signed attestation (DSSE envelope, in-toto Statement, one JSON line) to FILE")
    .option("--key <file>", "Ed25519 private key (PEM) that signs --attest; default: the PEM text in PSF_SIGNING_KEY")
    .option("--previous <attestation>", "DRA-03: list every file changed since this earlier signed attestation")
    .option("--previous-key <pub>", "public key that verifies --previous (default: the public half of the signing key)")
    .option("--sarif-include-passing", "SARIF: also a result for every passing and not-applicable control (by default only findings)", false)
    .option("--only <ids>", "only these controls decide the exit code (comma-separated ids); the report still shows all", list)
    .option("--skip <ids>", "these controls do not decide the exit code (comma-separated ids); the report still shows them", list)
    .option("--baseline <report.json>", "a JSON report from an earlier run: only blocking findings not in it set exit 1")
    .option("--soft-fail", "exit 0 even when not ready (bad input and internal errors still exit 2 and 3)", false)
    .option("--summary", "append the Markdown summary to $GITHUB_STEP_SUMMARY (the GitHub job summary)", false)
    .option("--cache-dir <dir>", "where the facts cache keeps each source file's analysis (default: node_modules/.cache/psf/facts beside the manifest, else ~/.cache/psf/facts)")
    .option("--cache", "use the facts cache in CI too (where it is off unless --cache-dir names a folder)")
    .option("--no-cache", "parse every file: read nothing from the facts cache and write nothing to it")
    .option("--config <file>", "defaults for these flags (default: .psf/config.yaml here or in a folder above, up to the repository root; or PSF_CONFIG)")
    // The assessment and its reports load only when the command runs (`psf help` loads none of it).
    .action(async (paths: string[], cliOpts: AssessCliOptions, command: Command) => (await import("./assess-run.js")).runAssess(paths, cliOpts, command, io));
}

/** An output path for one of several deployments: {deployment} replaced, else the name put before the extension. */
export function perDeployment(file: string, name: string | undefined): string {
  if (name === undefined || file === STDOUT_PATH) return file;
  if (file.includes("{deployment}")) return file.replaceAll("{deployment}", name);
  const base = path.basename(file);
  const dot = base.indexOf(".", 1);
  return path.join(path.dirname(file), dot > 0 ? `${base.slice(0, dot)}.${name}${base.slice(dot)}` : `${base}.${name}`);
}
