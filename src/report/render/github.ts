import { appendFileSafely } from "../../util/safe-write.js";
import { visibleControls } from "../../util/terminal-text.js";
import type { Report } from "../model.js";
import { renderMarkdown } from "./markdown.js";
import { ciLocation } from "./repo-root.js";

export interface GithubOptions {
  /** The manifest's folder relative to the repository root: annotation paths must be repository-relative. */
  uriPrefix?: string;
}

/**
 * A workflow command's message: % and line breaks are encoded (GitHub's rules) so the command stays
 * one line and a name holding `\n::stop-commands::` cannot start a command of its own; any other
 * control character (an escape sequence that would recolour the log) is shown, not sent.
 */
export function escapeData(s: string): string {
  return visibleControls(s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
}

/** A workflow command's property value: as data, plus the `:` and `,` that end a property. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** GitHub shows at most this many annotations of each level per step; the rest are dropped unseen. */
export const ANNOTATIONS_PER_LEVEL = 10;

const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * Workflow annotations (`::error file=…,line=…,col=…,title=ID::message`), within GitHub's per-step
 * limit of 10 errors and 10 warnings: one annotation per control, at its first unwaived finding of
 * that level (the others counted in the message), most severe controls first. When more controls
 * than that need attention, the last annotation of the level names the rest and points at the
 * full report, so nothing is dropped silently.
 */
export function renderAnnotations(report: Report, opts: GithubOptions = {}): string {
  const lines: string[] = [];
  for (const level of ["error", "warning"] as const) {
    const groups = report.controls
      .map((r) => ({ r, findings: r.findings.filter((f) => !f.waived && (f.level === "warn") === (level === "warning")) }))
      .filter((g) => g.findings.length > 0)
      .sort((a, b) => SEVERITY_RANK[a.r.severity]! - SEVERITY_RANK[b.r.severity]!);
    const shown = groups.length > ANNOTATIONS_PER_LEVEL ? groups.slice(0, ANNOTATIONS_PER_LEVEL - 1) : groups;
    for (const { r, findings } of shown) {
      const f = findings[0]!;
      const loc = ciLocation(report.manifest, f, opts.uriPrefix);
      const props = [`file=${escapeProperty(loc.uri)}`, `line=${loc.line}`, ...(loc.column ? [`col=${loc.column}`] : []), `title=${escapeProperty(r.id)}`];
      const more = findings.length > 1 ? `\n(+${findings.length - 1} more ${level === "error" ? "finding" : "warning"}${findings.length > 2 ? "s" : ""} of ${r.id}: see the full report)` : "";
      const message = `${r.title} [${r.severity}]: ${f.message}${f.waiverRejected ? ` (${f.waiverRejected})` : ""}${f.fix ? `\nfix: ${f.fix}` : ""}${more}`;
      lines.push(`::${level} ${props.join(",")}::${escapeData(message)}`);
    }
    const rest = groups.slice(shown.length);
    if (rest.length) {
      const loc = ciLocation(report.manifest, {}, opts.uriPrefix);
      const count = rest.reduce((n, g) => n + g.findings.length, 0);
      const message = `${rest.length} more control${rest.length === 1 ? "" : "s"} ${level === "error" ? "block readiness" : "warn"} (${rest.map((g) => g.r.id).join(", ")}; ${count} finding${count === 1 ? "" : "s"}): GitHub shows ${ANNOTATIONS_PER_LEVEL} annotations of each kind per step, so see the full report (the job summary, or psf's text/SARIF output)`;
      lines.push(`::${level} file=${escapeProperty(loc.uri)},line=${loc.line},title=psf::${escapeData(message)}`);
    }
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}

/**
 * Append the Markdown summary to the job summary file (`GITHUB_STEP_SUMMARY`): only to a regular
 * file that is none of the run's inputs (a variable pointed at psf.yaml must not grow the manifest).
 */
export function appendStepSummary(file: string, report: Report, opts: GithubOptions & { inputs?: readonly string[] } = {}): void {
  appendFileSafely(file, renderMarkdown(report, opts) + "\n", { inputs: opts.inputs ?? [], shown: `GITHUB_STEP_SUMMARY (${file})` });
}
