import path from "node:path";
import { Command, Option } from "commander";
import { envLayer, findConfig, loadConfig, type AssessSettings, type Layer, type SettingName } from "../config.js";
import { loadManifest } from "../../manifest/load.js";
import { redactSecrets } from "../../redact.js";
import { checkControlIds, describeFresh, gate, loadBaseline } from "../gate.js";
import { formatPosition, InputError } from "../../errors.js";
import { RENDERERS, formatForFile } from "../../report/render/index.js";
import { appendStepSummary, renderAnnotations } from "../../report/render/github.js";
import { uriPrefixFor } from "../../report/render/repo-root.js";
import { SEVERITIES, type Report, type Severity } from "../../report/model.js";
import { colorLevel, terminalWidth } from "../color.js";
import { runInputs, STDOUT_PATH, writeOutput } from "../output.js";
import { checkWriteTarget } from "../../util/safe-write.js";
import { terminalSafe, visibleControls, visibleControlsMultiline } from "../../util/terminal-text.js";
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
    .argument("[paths...]", "psf.yaml files, or folders that hold one (default: .); several assess several deployments in one run")
    .option("-m, --manifest <path>", "a psf.yaml, or the folder that holds one, to assess; repeatable (the same as a PATH)", collect, [])
    .option("-f, --format <format>", `report format (${Object.keys(RENDERERS).join("|")}); repeatable, paired with -o`, collect, [])
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
    .option("--config <file>", "defaults for these flags (default: .psf/config.yaml here or in a folder above, up to the repository root; or PSF_CONFIG)")
    .action(async (paths: string[], cliOpts: AssessCliOptions, command: Command) => {
      const opts = settle(paths, cliOpts, command, io);
      const { loadCatalogue } = await import("../../catalogue/load.js");
      const ids = loadCatalogue().controls.map((c) => c.id);
      checkControlIds(opts.only, ids, opts.origin.only);
      checkControlIds(opts.skip, ids, opts.origin.skip);
      const several = opts.manifests.length > 1;
      if (several && opts.previous !== undefined) throw new InputError("--previous compares one deployment with its earlier attestation; several manifests were given", { file: "--previous" }, "assess each deployment on its own with --previous");
      if (several && planOutputs(opts.format, opts.output).some((p) => !p.file && p.format !== "text" && p.format !== "markdown")) {
        throw new InputError("several deployments cannot share standard output in a machine-readable format", { file: "-f" }, "give -o FILE: each deployment gets its own file ({deployment} in the name, or the name before the extension)");
      }
      // Each deployment in turn; one that cannot be read is reported and the rest still run (exit 2 at the end).
      const outcomes: { manifest: string; code: number; line: string }[] = [];
      const taken = new Set<string>();
      for (const manifest of opts.manifests) {
        const name = several ? uniqueName(deploymentNameOf(manifest), taken) : undefined;
        try {
          outcomes.push({ manifest, ...(await assessOne(manifest, opts, name, io)) });
        } catch (e) {
          if (!several || !(e instanceof InputError)) throw e;
          io.stderr.write([e.format(), ...e.more].map((line) => `psf: ${visibleControls(redactSecrets(line))}\n`).join(""));
          outcomes.push({ manifest, code: 2, line: "bad input (above)" });
        }
      }
      if (several) {
        const worst = Math.max(...outcomes.map((o) => o.code));
        io.stderr.write(`psf: ${outcomes.length} deployments, exit ${worst} (the worst):\n${outcomes.map((o) => `  ${visibleControls(o.manifest)}: ${o.line} (exit ${o.code})`).join("\n")}\n`);
      }
      io.setExitCode(Math.max(...outcomes.map((o) => o.code)));
    });
}

interface AssessCliOptions extends AttestCliOptions {
  manifest: string[]; format: string[]; output: string[]; failOn: Severity; minSeverity?: Severity; strict: boolean; inlineWaivers: boolean; color: boolean; quiet: boolean; compact: boolean; summary: boolean;
  sarifIncludePassing: boolean; only?: string[]; skip?: string[]; baseline?: string; softFail: boolean; config?: string;
}

/** The options a run uses once flags, PSF_* variables and the config file are settled. */
interface Settled extends AttestCliOptions {
  manifests: string[]; format: string[]; output: string[]; failOn: Severity; strict: boolean; inlineWaivers: boolean; color: boolean; quiet: boolean; compact: boolean; summary: boolean;
  sarifIncludePassing: boolean; only?: string[]; skip?: string[]; baseline?: string; softFail: boolean;
  /** What a message about --only/--skip names: the flag, the variable, or the config file's line. */
  origin: { only: string; skip: string };
}

/** Flag > environment (PSF_*) > config file > default, setting by setting. */
function settle(paths: string[], cli: AssessCliOptions, command: Command, io: CommandIO): Settled {
  const fromCli = (flag: string) => command.getOptionValueSource(flag) === "cli";
  const configFile = cli.config ?? findConfig(process.cwd(), io.env);
  const layers: Layer[] = [envLayer(io.env), ...(configFile ? [loadConfig(configFile, process.cwd())] : [])];
  const first = <K extends SettingName>(key: K): { value: AssessSettings[K]; origin: string } | undefined => {
    for (const l of layers) if (l.values[key] !== undefined) return { value: l.values[key], origin: formatPosition(l.origin(key)) };
    return undefined;
  };
  const pick = <K extends SettingName>(flag: string, key: K, fallback: NonNullable<AssessSettings[K]>): NonNullable<AssessSettings[K]> =>
    fromCli(flag) ? (cli as unknown as Record<string, NonNullable<AssessSettings[K]>>)[flag]! : first(key)?.value ?? fallback;

  if (fromCli("failOn") && fromCli("minSeverity") && cli.failOn !== cli.minSeverity) throw new InputError(`--fail-on ${cli.failOn} and --min-severity ${cli.minSeverity} disagree`, { file: "--min-severity" }, "they are the same setting: give one");
  const severity = fromCli("failOn") ? cli.failOn : fromCli("minSeverity") ? cli.minSeverity : (layers.map((l) => l.values["fail-on"] ?? l.values["min-severity"]).find((v) => v !== undefined) as Severity | undefined);
  // -f and -o pair by position, so both come from the same place: the first that sets either.
  const formatsFrom = fromCli("format") || fromCli("output") ? { format: cli.format, output: cli.output } : (() => {
    const l = layers.find((x) => x.values.format !== undefined || x.values.output !== undefined);
    return { format: l?.values.format ?? [], output: l?.values.output ?? [] };
  })();
  const cliManifests = [...paths, ...cli.manifest];
  const manifests = cliManifests.length ? cliManifests : first("manifest")?.value ?? ["."];
  const only = fromCli("only") ? { value: cli.only, origin: "--only" } : first("only");
  const skip = fromCli("skip") ? { value: cli.skip, origin: "--skip" } : first("skip");
  return {
    ...cli,
    manifests,
    ...formatsFrom,
    failOn: severity ?? "low",
    strict: pick("strict", "strict", false),
    inlineWaivers: pick("inlineWaivers", "inline-waivers", true),
    quiet: pick("quiet", "quiet", false),
    compact: pick("compact", "compact", false),
    summary: pick("summary", "summary", false),
    sarifIncludePassing: pick("sarifIncludePassing", "sarif-include-passing", false),
    softFail: pick("softFail", "soft-fail", false),
    ...(only?.value ? { only: only.value } : {}),
    ...(skip?.value ? { skip: skip.value } : {}),
    ...(fromCli("baseline") ? { baseline: cli.baseline } : first("baseline") ? { baseline: first("baseline")!.value } : {}),
    origin: { only: only?.origin ?? "--only", skip: skip?.origin ?? "--skip" },
  };
}

/** The deployment.name a manifest declares, for naming its files in a run over several (its folder's name when unreadable). */
function deploymentNameOf(manifest: string): string {
  try {
    return loadManifest(manifest).value.deployment.name;
  } catch {
    return path.basename(path.resolve(manifest).replace(/[/\\]psf\.ya?ml$/, "")) || "deployment";
  }
}

function uniqueName(name: string, taken: Set<string>): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[-._]+|[-._]+$/g, "") || "deployment";
  let unique = slug;
  for (let i = 2; taken.has(unique); i++) unique = `${slug}-${i}`;
  taken.add(unique);
  return unique;
}

/** An output path for one of several deployments: {deployment} replaced, else the name put before the extension. */
export function perDeployment(file: string, name: string | undefined): string {
  if (name === undefined || file === STDOUT_PATH) return file;
  if (file.includes("{deployment}")) return file.replaceAll("{deployment}", name);
  const base = path.basename(file);
  const dot = base.indexOf(".", 1);
  return path.join(path.dirname(file), dot > 0 ? `${base.slice(0, dot)}.${name}${base.slice(dot)}` : `${base}.${name}`);
}

/** Assess one deployment, write its reports and return its exit code and a one-line verdict. */
async function assessOne(target: string, settled: Settled, name: string | undefined, io: CommandIO): Promise<{ code: number; line: string }> {
  const opts = { ...settled, ...(settled.attest !== undefined ? { attest: perDeployment(settled.attest, name) } : {}), ...(settled.baseline !== undefined ? { baseline: perDeployment(settled.baseline, settled.baseline.includes("{deployment}") ? name : undefined) } : {}) };
  const plan = planOutputs(opts.format, opts.output.map((o) => perDeployment(o, name)));
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
    const text = RENDERERS[p.format]!(result.report, { color, quiet: opts.quiet, compact: opts.compact || opts.quiet, ...(p.file ? {} : { width: terminalWidth(io.stdout, io.env) }), uriPrefix, sarifIncludePassing: opts.sarifIncludePassing, ...(attest.signing && opts.attest !== undefined ? { keyid: attest.signing.keyid } : {}) });
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
  const code = result.report.ready ? 0 : gated.code;
  const r = result.report;
  return { code, line: `${r.deployment.name}: ${r.ready ? "READY" : `NOT READY (${r.summary.fail} failing${r.summary.error ? `, ${r.summary.error} error` : ""})`}` };
}
