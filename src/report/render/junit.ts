import type { ControlResult, Finding, Report } from "../model.js";
import { where as whereInReport } from "../model.js";
import { repoPath } from "./repo-root.js";

export interface JunitOptions {
  /** The manifest's folder relative to the repository root, put in front of every path. */
  uriPrefix?: string;
}

/** XML 1.0 cannot carry most C0 controls even escaped; they are dropped. */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escape text for an XML attribute value or element content (one escaper for both: quotes and newlines too). */
export function xmlEscape(s: string, attribute = false): string {
  const out = s.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
  return attribute ? out.replace(/\r/g, "&#13;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;") : out;
}

const attrs = (a: Record<string, string | number>) => Object.entries(a).map(([k, v]) => ` ${k}="${xmlEscape(String(v), true)}"`).join("");

interface Counts { tests: number; failures: number; errors: number; skipped: number }

/**
 * JUnit XML: one testsuite per domain, one testcase per control. `fail` and `error` controls carry a
 * `<failure>` (type says which), waived and not-applicable ones are `<skipped>`, a `warn` passes with
 * its warnings in `<system-out>`. `errors` stays 0: psf's `error` is a failed gate, not a crashed test.
 */
export function renderJunit(report: Report, opts: JunitOptions = {}): string {
  const where = (f: Pick<Finding, "file" | "line" | "column">) => whereInReport({ ...f, file: f.file ? repoPath(f.file, opts.uriPrefix) : undefined });
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suites: string[] = [];
  for (const dom of report.domains) {
    const controls = report.controls.filter((r) => r.domain === dom.id);
    const c: Counts = { tests: controls.length, failures: 0, errors: 0, skipped: 0 };
    const cases: string[] = [];
    for (const r of controls) {
      if (r.status === "fail" || r.status === "error") c.failures++;
      if (r.status === "waived" || r.status === "not_applicable") c.skipped++;
      cases.push(testcase(r, where));
    }
    for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
    suites.push(`  <testsuite${attrs({ name: `${dom.id} ${dom.title}`, tests: c.tests, failures: c.failures, errors: c.errors, skipped: c.skipped, time: 0 })}>\n${cases.join("")}  </testsuite>\n`);
  }
  const d = report.deployment;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs({ name: `psf ${d.name} (${d.environment})`, tests: total.tests, failures: total.failures, errors: total.errors, skipped: total.skipped, time: 0 })}>\n${suites.join("")}</testsuites>\n`;
}

type Where = (f: Pick<Finding, "file" | "line" | "column">) => string;

function findingLine(f: Finding, where: Where): string {
  const loc = where(f);
  const head = `${f.waived ? "waived" : f.level}: ${loc ? `${loc} ` : ""}${f.message}`;
  const lines = [head];
  if (f.waived && f.waiver) lines.push(`  waiver (${f.waiver.source}, ${where({ file: f.waiver.file, line: f.waiver.line })}): ${f.waiver.reason}${f.waiver.approvedBy ? `, approved by ${f.waiver.approvedBy}` : ""}${f.waiver.expires ? `, expires ${f.waiver.expires}` : ""}`);
  if (f.waiverRejected) lines.push(`  ${f.waiverRejected}`);
  if (!f.waived && f.fix) lines.push(`  fix: ${f.fix}`);
  return lines.join("\n");
}

function testcase(r: ControlResult, where: Where): string {
  const open = `    <testcase${attrs({ classname: r.domain, name: `${r.id} ${r.title}`, time: 0 })}`;
  const body: string[] = [];
  const notes = r.notes.map((n) => `note: ${n}`);
  if (r.status === "fail" || r.status === "error") {
    const live = r.findings.filter((f) => !f.waived);
    const first = live[0] ?? r.findings[0];
    const message = first ? `${where(first) ? `${where(first)} ` : ""}${first.message}${live.length > 1 ? ` (and ${live.length - 1} more)` : ""}` : `${r.id} ${r.status}`;
    const text = [...r.findings.map((f) => findingLine(f, where)), ...notes, `remediation: ${r.remediation}`, ...(r.remediationExample ? [r.remediationExample] : [])].join("\n");
    body.push(`      <failure${attrs({ message, type: r.status })}>${xmlEscape(text)}</failure>\n`);
  } else if (r.status === "waived") {
    const w = r.findings.find((f) => f.waiver)?.waiver;
    body.push(`      <skipped${attrs({ message: w ? `waived: ${w.reason}` : "waived" })}/>\n`);
    const out = [...r.findings.map((f) => findingLine(f, where)), ...notes];
    if (out.length) body.push(`      <system-out>${xmlEscape(out.join("\n"))}</system-out>\n`);
  } else if (r.status === "not_applicable") {
    body.push(`      <skipped${attrs({ message: r.notes[0] ? `not applicable: ${r.notes[0]}` : "not applicable" })}/>\n`);
  } else {
    const out = [...r.findings.map((f) => findingLine(f, where)), ...notes];
    if (out.length) body.push(`      <system-out>${xmlEscape(out.join("\n"))}</system-out>\n`);
  }
  return body.length ? `${open}>\n${body.join("")}    </testcase>\n` : `${open}/>\n`;
}
