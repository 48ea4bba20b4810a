import { appendFileSync } from "node:fs";
import { InputError } from "../../errors.js";
import type { Report } from "../model.js";
import { renderMarkdown } from "./markdown.js";
import { ciLocation } from "./repo-root.js";

export interface GithubOptions {
  /** The manifest's folder relative to the repository root: annotation paths must be repository-relative. */
  uriPrefix?: string;
}

/** A workflow command's message: % and line breaks are encoded so the command stays one line. */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A workflow command's property value: as data, plus the `:` and `,` that end a property. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * Workflow annotations (`::error file=…,line=…,col=…,title=ID::message`) for every unwaived finding:
 * `::error` for fail and error, `::warning` for warn. One line each, in report order.
 */
export function renderAnnotations(report: Report, opts: GithubOptions = {}): string {
  const lines: string[] = [];
  for (const r of report.controls) {
    for (const f of r.findings) {
      if (f.waived) continue;
      const loc = ciLocation(report.manifest, f, opts.uriPrefix);
      const props = [`file=${escapeProperty(loc.uri)}`, `line=${loc.line}`, ...(loc.column ? [`col=${loc.column}`] : []), `title=${escapeProperty(r.id)}`];
      const message = `${r.title} [${r.severity}]: ${f.message}${f.waiverRejected ? ` (${f.waiverRejected})` : ""}${f.fix ? `\nfix: ${f.fix}` : ""}`;
      lines.push(`::${f.level === "warn" ? "warning" : "error"} ${props.join(",")}::${escapeData(message)}`);
    }
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}

/** Append the Markdown summary to the job summary file (`GITHUB_STEP_SUMMARY`). */
export function appendStepSummary(file: string, report: Report, opts: GithubOptions = {}): void {
  try {
    appendFileSync(file, renderMarkdown(report, opts) + "\n");
  } catch (e) {
    throw new InputError(`cannot append the job summary: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file });
  }
}
