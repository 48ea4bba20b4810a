import { readFileSync, statSync } from "node:fs";
import { InputError } from "../errors.js";
import { blocks, severityAtLeast, where, type Finding, type Report, type Severity } from "../report/model.js";
import { fingerprint } from "../report/fingerprint.js";
import { nearest } from "../util/did-you-mean.js";

/**
 * What decides the exit code, beyond the verdict: which controls gate (`--only`, `--skip`,
 * `--fail-on`), which findings are already accepted (`--baseline`), and `--soft-fail`. The report
 * itself is never changed by any of these: it always says what was found.
 */
export interface GateOptions {
  failOn: Severity;
  only?: string[];
  skip?: string[];
  /** Fingerprints of the findings in an earlier report: only findings not among them fail. */
  baseline?: Set<string>;
  softFail?: boolean;
}

export interface GateResult {
  code: 0 | 1;
  /** Blocking findings not in the baseline (all blocking findings when there is no baseline). */
  fresh: { id: string; finding: Finding }[];
  /** Blocking findings the baseline already had. */
  known: number;
}

/** A finding's identity across runs: control, file and message (numbers normalised), as in SARIF. */
export function findingKey(report: Pick<Report, "manifest">, id: string, f: Finding): string {
  return fingerprint(id, f.file ?? report.manifest, f.message);
}

const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/** Read a psf JSON report as a baseline: the fingerprints of its unwaived findings. */
export function loadBaseline(file: string): { keys: Set<string>; deployment: string } {
  let report: Report;
  try {
    if (statSync(file).size > MAX_BASELINE_BYTES) throw new InputError(`the baseline is larger than ${MAX_BASELINE_BYTES} bytes`, { file });
    report = JSON.parse(readFileSync(file, "utf8")) as Report;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read the baseline: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file }, "pass a report written by `psf assess -f json`");
  }
  if (report?.format !== "psf.report/v1" || !Array.isArray(report.controls)) throw new InputError("the baseline is not a psf JSON report (psf.report/v1)", { file }, "write one with `psf assess -f json -o baseline.json`");
  const keys = new Set<string>();
  for (const c of report.controls) for (const f of c.findings ?? []) if (!f.waived) keys.add(findingKey(report, c.id, f));
  return { keys, deployment: String(report.deployment?.name ?? "") };
}

/** Check --only/--skip name real controls. */
export function checkControlIds(ids: string[] | undefined, known: string[], flag: string | ((index: number) => string)): void {
  (ids ?? []).forEach((id, i) => {
    if (!known.includes(id)) {
      const guess = nearest(id, known);
      throw new InputError(`unknown control ${id}`, { file: typeof flag === "string" ? flag : flag(i) }, guess.length ? `did you mean ${guess[0]}?` : "see `psf controls`");
    }
  });
}

export function gate(report: Report, opts: GateOptions): GateResult {
  const gating = report.controls.filter((r) =>
    r.id !== "DRA-04" &&
    blocks(r.status, report.strict) &&
    severityAtLeast(r.severity, opts.failOn) &&
    (!opts.only?.length || opts.only.includes(r.id)) &&
    !opts.skip?.includes(r.id));
  const fresh: GateResult["fresh"] = [];
  let known = 0;
  for (const r of gating) {
    const open = r.findings.filter((f) => !f.waived && blocks(f.level, report.strict));
    if (!open.length) {
      // A control that blocks without a finding of its own cannot be in any baseline.
      fresh.push({ id: r.id, finding: { level: "error", message: `${r.id} is ${r.status}`, waived: false } });
      continue;
    }
    for (const f of open) {
      if (opts.baseline?.has(findingKey(report, r.id, f))) known++;
      else fresh.push({ id: r.id, finding: f });
    }
  }
  const code = fresh.length && !opts.softFail ? 1 : 0;
  return { code, fresh, known };
}

/** One line per new blocking finding, for stderr when a baseline is in use. */
export function describeFresh(result: GateResult, baselineFile: string): string {
  const head = `psf: baseline ${baselineFile}: ${result.known} blocking finding${result.known === 1 ? " was" : "s were"} already there; ${result.fresh.length} new`;
  if (!result.fresh.length) return `${head}.\n`;
  return `${head}:\n${result.fresh.map(({ id, finding }) => `  ${id} ${where(finding) ? `${where(finding)} ` : ""}${finding.message}`).join("\n")}\n`;
}
