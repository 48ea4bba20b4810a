import { Command, Option } from "commander";
import { checkControlIds, describeFresh, gate, loadBaseline } from "../gate.js";
import { InputError } from "../../errors.js";
import { RENDERERS, formatForFile } from "../../report/render/index.js";
import { appendStepSummary, renderAnnotations } from "../../report/render/github.js";
import { uriPrefixFor } from "../../report/render/repo-root.js";
import { SEVERITIES, type Report, type Severity } from "../../report/model.js";
import { colorLevel, terminalWidth } from "../color.js";
import { runInputs, STDOUT_PATH, writeOutput } from "../output.js";
import { checkWriteTarget } from "../../util/safe-write.js";
import { terminalSafe, visibleControlsMultiline } from "../../util/terminal-text.js";
import { attestReport, checkPreviousDeployment, resolveAttestOptions, type AttestCliOptions } from "../../attest/index.js";
import type { CommandIO } from "../io.js";

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
    if (!RENDERERS[format]) throw new InputError(`unknown format "${format}"`, { file: "-f" }, `choose one of ${Object.keys(RENDERERS).join(", ")}`);
    plan.push(file ? { format, file } : { format });
  }
  if (plan.filter((p) => !p.file).length > 1) throw new InputError("more than one format would go to standard output", { file: "-f" }, "give each format after the first its own -o FILE");
  return plan;
}

/** A comma-separated option value, repeatable: `--only RSG-04,RSG-05 --only ABC-03`. */
function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}

export function registerAssess(program: Command, io: CommandIO): void {
  program
    .command("assess")
    .description("assess a deployment: manifest + agent source → readiness report")
    .argument("[path]", "a psf.yaml, or the folder that holds one", ".")
    .option("-f, --format <format>", `report format (${Object.keys(RENDERERS).join("|")}); repeatable, paired with -o`, collect, [])
    .option("-o, --output <file>", "write the report to FILE; repeatable, paired with -f", collect, [])
    .addOption(new Option("--fail-on <severity>", "exit 1 only for blocking controls at or above this severity").choices([...SEVERITIES]).default("low"))
    .option("--strict", "a warn blocks readiness too", false)
    .option("--no-inline-waivers", "ignore // psf-waive comments in the source")
    .option("--no-color", "no colour in text output")
    .option("-q, --quiet", "text output shows only what needs attention", false)
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
    .action(async (target: string, opts: AttestCliOptions & { format: string[]; output: string[]; failOn: Severity; strict: boolean; inlineWaivers: boolean; color: boolean; quiet: boolean; summary: boolean; sarifIncludePassing: boolean; only?: string[]; skip?: string[]; baseline?: string; softFail: boolean }) => {
      const plan = planOutputs(opts.format, opts.output);
      const { loadCatalogue } = await import("../../catalogue/load.js");
      const ids = loadCatalogue().controls.map((c) => c.id);
      checkControlIds(opts.only, ids, "--only");
      checkControlIds(opts.skip, ids, "--skip");
      const baseline = opts.baseline !== undefined ? loadBaseline(opts.baseline) : undefined;
      const attest = resolveAttestOptions(opts, io.env);
      // A target psf must never write (a device, a link, a missing folder) fails before the assessment's work.
      for (const file of [...plan.map((p) => p.file), opts.attest]) if (file !== undefined) checkWriteTarget(file);
      const { assessAsync: assess } = await import("../../assess.js"); // the parser loads only for commands that assess
      // Progress only on a terminal, on one line that is cleared afterwards: never in a pipe, a file or CI logs.
      const tty = io.stderr.isTTY === true && !opts.quiet;
      const progress = tty ? (m: string) => io.stderr.write(`\r\x1b[2Kpsf: ${m}`) : undefined;
      const result = await assess(target, { strict: opts.strict, inlineWaivers: opts.inlineWaivers, env: io.env, previous: attest.previous, ...(progress ? { progress } : {}) });
      if (tty) io.stderr.write("\r\x1b[2K");
      const inputs = runInputs(result, [opts.key, opts.previous, opts.previousKey, opts.baseline]);
      // The one exception: the new attestation may take the place of the --previous one it was compared
      // with (a rolling attestation in CI, already read and verified); no report or summary may.
      const attestInputs = runInputs(result, [opts.key, opts.previousKey, opts.baseline]);
      if (opts.previous !== undefined) checkPreviousDeployment(attest, result.report, opts.previous);
      if (attest.signing && opts.attest !== undefined) writeOutput(opts.attest, attestReport(result.report, attest.signing), attestInputs);
      const uriPrefix = uriPrefixFor(result.loaded.dir);
      for (const p of plan) {
        const color = p.file ? 0 : colorLevel(opts, io.stdout, io.env);
        const text = RENDERERS[p.format]!(result.report, { color, quiet: opts.quiet, ...(p.file ? {} : { width: terminalWidth(io.stdout, io.env) }), uriPrefix, sarifIncludePassing: opts.sarifIncludePassing, ...(attest.signing && opts.attest !== undefined ? { keyid: attest.signing.keyid } : {}) });
        if (p.file) writeOutput(p.file, text, inputs);
        else io.stdout.write(text);
      }
      if (io.env.GITHUB_ACTIONS === "true") {
        // The runner reads workflow commands from stderr too: keep them out of a machine-readable report on stdout.
        (plan.some((p) => !p.file && p.format !== "text") ? io.stderr : io.stdout).write(renderAnnotations(result.report, { uriPrefix }));
      }
      if (opts.summary) {
        const summaryFile = io.env.GITHUB_STEP_SUMMARY;
        if (summaryFile) appendStepSummary(summaryFile, result.report, { uriPrefix, inputs });
        else io.stderr.write("psf: --summary: GITHUB_STEP_SUMMARY is not set, so no job summary was written\n");
      }
      const gated = gate(result.report, { failOn: opts.failOn, ...(opts.only ? { only: opts.only } : {}), ...(opts.skip ? { skip: opts.skip } : {}), ...(baseline ? { baseline } : {}), softFail: opts.softFail });
      if (baseline && opts.baseline !== undefined) io.stderr.write(visibleControlsMultiline(describeFresh(terminalSafe(gated), opts.baseline)));
      io.setExitCode(result.report.ready ? 0 : gated.code);
    });
}
