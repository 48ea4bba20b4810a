import path from "node:path";
import type { Command } from "commander";
import { envLayer, findConfig, loadConfig, type AssessSettings, type Layer, type SettingName } from "../config.js";
import { loadManifest } from "../../manifest/load.js";
import { redactSecrets } from "../../redact.js";
import { checkControlIds, describeFresh, gate, loadBaseline } from "../gate.js";
import { formatPosition, InputError } from "../../errors.js";
import { loadRenderer } from "../../report/render/formats.js";
import { uriPrefixFor } from "../../report/render/repo-root.js";
import type { Severity } from "../../report/model.js";
import { colorLevel, terminalWidth } from "../color.js";
import { runInputs, writeOutput } from "../output.js";
import { checkWriteTarget } from "../../util/safe-write.js";
import { terminalSafe, visibleControls, visibleControlsMultiline } from "../../util/terminal-text.js";
import { attestReport, checkPreviousDeployment, resolveAttestOptions, type AttestCliOptions } from "../../attest/index.js";
import type { CommandIO } from "../io.js";
import { perDeployment, planOutputs, type AssessCliOptions } from "./assess.js";

/** `psf assess`: what runs once the command line is parsed (its options are declared in assess.ts). */
export async function runAssess(paths: string[], cliOpts: AssessCliOptions, command: Command, io: CommandIO): Promise<void> {
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
  // Two deployments with one name would have their files told apart only by argument order (which one
  // gets `-2`): a later step could read the wrong deployment's report. That is bad input.
  if (several && (opts.output.length || opts.attest !== undefined || opts.baseline?.includes("{deployment}"))) {
    const seen = new Map<string, string>();
    for (const manifest of opts.manifests) {
      const slug = uniqueName(deploymentNameOf(manifest), new Set());
      const other = seen.get(slug);
      if (other !== undefined) throw new InputError(`${other} and ${manifest} both declare deployment ${slug}: their reports would be told apart only by the order of the arguments`, { file: manifest }, "give each deployment its own deployment.name, or assess them in separate runs");
      seen.set(slug, manifest);
    }
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
}

/** The options a run uses once flags, PSF_* variables and the config file are settled. */
interface Settled extends AttestCliOptions {
  /** The config file the settings came from, if any: an input no output may overwrite. */
  configFile?: string;
  manifests: string[]; format: string[]; output: string[]; failOn: Severity; strict: boolean; inlineWaivers: boolean; color: boolean; quiet: boolean; compact: boolean; summary: boolean;
  sarifIncludePassing: boolean; only?: string[]; skip?: string[]; baseline?: string; softFail: boolean;
  /** The facts cache: off, or on in `cacheDir` (undefined: the default folder). */
  cache: boolean; cacheDir?: string;
  /** What a message about --only/--skip names: the flag, the variable, or the config file's line. */
  origin: { only: (index: number) => string; skip: (index: number) => string };
}

/** `CI` as CI services set it (GitHub Actions, GitLab, CircleCI, Buildkite…: `true` or `1`). */
function inCi(env: NodeJS.ProcessEnv): boolean {
  const v = env.CI?.toLowerCase();
  return v !== undefined && v !== "" && v !== "false" && v !== "0";
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
  for (const l of layers) {
    const a = l.values["fail-on"], b = l.values["min-severity"];
    if (a !== undefined && b !== undefined && a !== b) throw new InputError(`fail-on ${a} and min-severity ${b} disagree`, l.origin("min-severity"), "they are the same setting: give one");
  }
  const severity = fromCli("failOn") ? cli.failOn : fromCli("minSeverity") ? cli.minSeverity : (layers.map((l) => l.values["fail-on"] ?? l.values["min-severity"]).find((v) => v !== undefined) as Severity | undefined);
  // -f and -o pair by position, so both come from the same place: the first that sets either.
  const formatsFrom = fromCli("format") || fromCli("output") ? { format: cli.format, output: cli.output } : (() => {
    const l = layers.find((x) => x.values.format !== undefined || x.values.output !== undefined);
    return { format: l?.values.format ?? [], output: l?.values.output ?? [] };
  })();
  const cliManifests = [...paths, ...cli.manifest];
  const given = cliManifests.length ? cliManifests : first("manifest")?.value ?? ["."];
  // The same manifest named twice (`app` and `app/psf.yaml`) is assessed once.
  const manifests = given.filter((m, i) => given.findIndex((o) => sameManifest(o, m)) === i);
  /** A list setting's value, and where each of its items was given (a config file names the item's line). */
  const firstList = (key: "only" | "skip"): { value: string[] | undefined; origin: (i: number) => string } | undefined => {
    for (const l of layers) if (l.values[key] !== undefined) return { value: l.values[key], origin: (i) => formatPosition(l.origin(key, i)) };
    return undefined;
  };
  const cacheDir = fromCli("cacheDir") ? { value: cli.cacheDir, origin: "--cache-dir" } : first("cache-dir");
  if (cacheDir?.value !== undefined && cacheDir.value.trim() === "") throw new InputError("an empty cache folder", { file: cacheDir.origin }, "name a folder, or give --no-cache");
  const only = fromCli("only") ? { value: cli.only, origin: () => "--only" } : firstList("only");
  const skip = fromCli("skip") ? { value: cli.skip, origin: () => "--skip" } : firstList("skip");
  return {
    ...cli,
    ...(configFile ? { configFile } : {}),
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
    // In CI the cache folder is usually gone by the next run: filling it would cost a cold run a
    // tenth to a third more for nothing. Off there unless a folder is named (one the job keeps).
    cache: pick("cache", "cache", cacheDir?.value !== undefined || !inCi(io.env)),
    ...(cacheDir?.value !== undefined ? { cacheDir: cacheDir.value } : {}),
    ...(only?.value ? { only: only.value } : {}),
    ...(skip?.value ? { skip: skip.value } : {}),
    ...(fromCli("baseline") ? { baseline: cli.baseline } : first("baseline") ? { baseline: first("baseline")!.value } : {}),
    origin: { only: only?.origin ?? (() => "--only"), skip: skip?.origin ?? (() => "--skip") },
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
  const result = await assess(target, { strict: opts.strict, inlineWaivers: opts.inlineWaivers, env: io.env, previous: attest.previous, ...(progress ? { progress } : {}), ...(opts.cache ? { cache: opts.cacheDir !== undefined ? { dir: path.resolve(opts.cacheDir) } : {} } : {}) });
  if (tty) io.stderr.write("\r\x1b[2K");
  const inputs = runInputs(result, [opts.key, opts.previous, opts.previousKey, opts.baseline, opts.configFile]);
  // The one exception: the new attestation may take the place of the --previous one it was compared
  // with (a rolling attestation in CI, already read and verified); no report or summary may.
  const attestInputs = runInputs(result, [opts.key, opts.previousKey, opts.baseline, opts.configFile]);
  if (opts.previous !== undefined) checkPreviousDeployment(attest, result.report, opts.previous);
  if (baseline && opts.baseline !== undefined && baseline.deployment !== result.report.deployment.name) {
    throw new InputError(`the baseline is the report of deployment ${baseline.deployment}, not of ${result.report.deployment.name}: its findings would hide this deployment's`, { file: opts.baseline }, "pass each deployment its own baseline ({deployment} in the --baseline path names it)");
  }
  if (attest.signing && opts.attest !== undefined) writeOutput(opts.attest, attestReport(result.report, attest.signing), attestInputs);
  const uriPrefix = uriPrefixFor(result.loaded.dir);
  for (const p of plan) {
    const color = p.file ? 0 : colorLevel(opts, io.stdout, io.env);
    const width = p.file ? undefined : terminalWidth(io.stdout, io.env);
    const render = await loadRenderer(p.format, width);
    const text = render(result.report, { color, quiet: opts.quiet, compact: opts.compact || opts.quiet, ...(width !== undefined ? { width } : {}), uriPrefix, sarifIncludePassing: opts.sarifIncludePassing, ...(attest.signing && opts.attest !== undefined ? { keyid: attest.signing.keyid } : {}) });
    if (p.file) writeOutput(p.file, text, inputs);
    else io.stdout.write(text);
  }
  // The GitHub formats (and the Markdown renderer the job summary uses) only in a GitHub job or for --summary.
  const github = io.env.GITHUB_ACTIONS === "true" || opts.summary ? await import("../../report/render/github.js") : undefined;
  if (github && io.env.GITHUB_ACTIONS === "true") {
    // The runner reads workflow commands from stderr too: keep them out of a machine-readable report on stdout.
    (plan.some((p) => !p.file && p.format !== "text") ? io.stderr : io.stdout).write(github.renderAnnotations(result.report, { uriPrefix }));
  }
  if (opts.summary) {
    const summaryFile = io.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) github!.appendStepSummary(summaryFile, result.report, { uriPrefix, inputs });
    else io.stderr.write("psf: --summary: GITHUB_STEP_SUMMARY is not set, so no job summary was written\n");
  }
  const gated = gate(result.report, { failOn: opts.failOn, ...(opts.only ? { only: opts.only } : {}), ...(opts.skip ? { skip: opts.skip } : {}), ...(baseline ? { baseline: baseline.keys } : {}), softFail: opts.softFail });
  if (baseline && opts.baseline !== undefined) io.stderr.write(visibleControlsMultiline(describeFresh(terminalSafe(gated), opts.baseline)));
  const code = result.report.ready ? 0 : gated.code;
  const r = result.report;
  return { code, line: `${r.deployment.name}: ${r.ready ? "READY" : `NOT READY (${r.summary.fail} failing${r.summary.error ? `, ${r.summary.error} error` : ""})`}` };
}

/** Two manifest arguments that name the same file (a folder and its psf.yaml, a trailing slash). */
function sameManifest(a: string, b: string): boolean {
  const file = (m: string) => {
    const abs = path.resolve(m);
    return /\.ya?ml$/.test(abs) ? abs : path.join(abs, "psf.yaml");
  };
  return file(a) === file(b);
}
