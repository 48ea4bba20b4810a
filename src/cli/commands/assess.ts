import { Command, Option } from "commander";
import path from "node:path";
import { assess } from "../../assess.js";
import { InputError } from "../../errors.js";
import { RENDERERS, formatForFile } from "../../report/render/index.js";
import { blocks, severityAtLeast, SEVERITIES, type Report, type Severity } from "../../report/model.js";
import { colorLevel } from "../color.js";
import { writeOutput } from "../output.js";
import type { CommandIO } from "../main.js";

const collect = (v: string, prev: string[]) => [...prev, v];

/** Exit code for a report: 0 ready; 1 when a blocking control at or above the --fail-on severity remains. */
export function exitCodeFor(report: Report, failOn: Severity): 0 | 1 {
  if (report.ready) return 0;
  const gating = report.controls.some((r) => r.id !== "DRA-04" && blocks(r.status, report.strict) && severityAtLeast(r.severity, failOn));
  return gating ? 1 : 0;
}

/** Pair each -f with the -o at the same position; a format without a file goes to stdout (at most one). */
export function planOutputs(formats: string[], outputs: string[]): { format: string; file?: string }[] {
  const plan: { format: string; file?: string }[] = [];
  const n = Math.max(formats.length, outputs.length, 1);
  for (let i = 0; i < n; i++) {
    const file = outputs[i];
    let format = formats[i];
    if (!format) format = file ? formatForFile(file) ?? (() => { throw new InputError(`cannot tell the format of ${file} from its extension`, { file: "-o" }, "give -f before it"); })() : "text";
    if (!RENDERERS[format]) throw new InputError(`unknown format "${format}"`, { file: "-f" }, `choose one of ${Object.keys(RENDERERS).join(", ")}`);
    plan.push(file ? { format, file } : { format });
  }
  if (plan.filter((p) => !p.file).length > 1) throw new InputError("more than one format would go to standard output", { file: "-f" }, "give each format after the first its own -o FILE");
  return plan;
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
    .action(async (target: string, opts: { format: string[]; output: string[]; failOn: Severity; strict: boolean; inlineWaivers: boolean; color: boolean; quiet: boolean }) => {
      const plan = planOutputs(opts.format, opts.output);
      const result = assess(target, { strict: opts.strict, inlineWaivers: opts.inlineWaivers });
      const inputs = [result.loaded.path, ...result.sources.files.map((f) => f.abs), ...result.report.subjects.map((s) => path.join(result.loaded.dir, s.name))];
      for (const p of plan) {
        const color = p.file ? 0 : colorLevel(opts, io.stdout);
        const text = RENDERERS[p.format]!(result.report, { color, quiet: opts.quiet });
        if (p.file) writeOutput(p.file, text, inputs);
        else io.stdout.write(text);
      }
      io.setExitCode(exitCodeFor(result.report, opts.failOn));
    });
}
