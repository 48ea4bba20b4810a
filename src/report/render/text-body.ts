import { Chalk, type ChalkInstance } from "chalk";
import { readyCaveat, spendCaveat } from "../verdict.js";
import { blocks, where, type ControlResult, type Report, type Status } from "../model.js";
import { exampleRepeatsFixes, groupFindings, placeIndex, type FindingGroup } from "../group.js";
import { coverageRows, sourceFilesSummary } from "../coverage-text.js";
import { terminalSafe } from "../../util/terminal-text.js";

/** Report fields that are multi-line by design (psf's own YAML/code examples); every other string is shown on one line. */
const MULTILINE_FIELDS = new Set(["remediationExample"]);

export interface TextOptions {
  /** chalk colour level: 0 none … 3 truecolor. */
  color: 0 | 1 | 2 | 3;
  quiet?: boolean;
  /** One line per finding (`SEVERITY CONTROL file:line level: message`), then the verdict: for grep and pre-commit. */
  compact?: boolean;
  /** Wrap to this many columns (a terminal's width); continuation lines keep the line's indent (text.ts wraps). */
  width?: number;
}

/** Whether renderText wraps at this width: below 40 columns, or with none (a pipe, a file), it does not. */
export const wraps = (width: number | undefined): boolean => width !== undefined && width >= 40;

const MARK: Record<Status, string> = { pass: "✓", fail: "✗", error: "!", warn: "▲", waived: "~", not_applicable: "–" };
const LABEL: Record<Status, string> = { pass: "pass", fail: "FAIL", error: "ERROR", warn: "warn", waived: "waived", not_applicable: "n/a" };

function paint(c: ChalkInstance, s: Status): (t: string) => string {
  switch (s) {
    case "pass": return c.green;
    case "fail": return c.red;
    case "error": return c.magenta;
    case "warn": return c.yellow;
    case "waived": return c.cyan;
    default: return c.gray;
  }
}

/**
 * The human report, unwrapped: verdict first, then each domain with its controls; every problem says where
 * and how to fix it. renderText (text.ts) wraps it to a terminal's width; without one this is the whole report,
 * and the wrapping library (string-width, wrap-ansi) is not loaded.
 */
export function renderTextBody(given: Report, opts: TextOptions): string {
  // Names and excerpts from the repository are data: no escape sequence or line break of theirs reaches the terminal or a CI log.
  const report = terminalSafe(given, MULTILINE_FIELDS);
  const c = new Chalk({ level: opts.color });
  if (opts.compact) return renderCompact(report, c);
  const out: string[] = [];
  const d = report.deployment;
  out.push(`${c.bold("psf assess")} ${d.name} (${d.environment}) · owner ${d.owner}`);
  out.push(c.dim(`${report.manifest} · ${sourceFilesSummary(report)} · ${report.catalogue} · ${report.generatedAt}${report.strict ? " · strict" : ""}`));
  out.push("");
  const s = report.summary;
  const counts = (["fail", "error", "warn", "waived", "pass", "not_applicable"] as Status[]).filter((k) => s[k]).map((k) => `${s[k]} ${k === "not_applicable" ? "not applicable" : k}`).join(", ");
  out.push(report.ready ? c.bold.green(`READY`) + ` — ${counts}` : c.bold.red(`NOT READY`) + ` — ${counts}`);
  out.push("");
  out.push(c.bold("What psf read"));
  for (const row of coverageRows(report)) out.push(`  ${row.alert ? c.yellow(`${row.label}:`) : c.dim(`${row.label}:`)} ${row.text}`);

  const index = placeIndex(report);
  for (const dom of report.domains) {
    const controls = report.controls.filter((r) => r.domain === dom.id);
    const shown = opts.quiet ? controls.filter((r) => r.status !== "pass" && r.status !== "not_applicable") : controls;
    if (!shown.length) continue;
    out.push("");
    out.push(`${c.bold(dom.id)}  ${c.bold(dom.title)}  ${paint(c, dom.status)(LABEL[dom.status])}`);
    for (const r of shown) out.push(...renderControl(r, c, index, report.manifest));
  }

  out.push("");
  const w = report.worstCaseSpend;
  const figure = w.bounded && w.amount !== null ? `${w.amount.toFixed(2)} ${w.currency ?? ""}`.trim() : "unbounded";
  out.push(`${c.bold("72-hour worst-case spend:")} ${w.bounded ? figure : c.red(figure)}`);
  out.push(c.dim(`  ${w.derivation}`));
  const spendBut = spendCaveat(report);
  if (spendBut) out.push(c.yellow(`  but ${spendBut}`));
  out.push("");
  out.push(verdict(report, c) + (report.ready ? "" : ` Fix them above; \`psf explain ID\` says more.`));
  return out.join("\n") + "\n";
}

/** The last line of every text report: ready, or which controls block. */
function verdict(report: Report, c: ChalkInstance): string {
  const blocking = report.controls.filter((r) => r.id !== "DRA-04" && blocks(r.status, report.strict));
  const caveat = readyCaveat(report);
  return report.ready
    ? caveat ? `${c.bold.green("READY")}${c.bold(`, with ${caveat}.`)}` : c.bold.green(`READY: no control blocks readiness.`)
    : c.bold.red(`NOT READY: ${blocking.length} control${blocking.length === 1 ? "" : "s"} block${blocking.length === 1 ? "s" : ""} readiness (${blocking.map((b) => b.id).join(", ")}).`);
}

/**
 * Compact: one line per finding, `SEVERITY CONTROL file:line:col level: message`, most severe
 * control first, then the verdict. A control that is not passing but has no finding (an error
 * with notes only) gets one line too, so nothing that needs attention is left out.
 */
function renderCompact(report: Report, c: ChalkInstance): string {
  const out: string[] = [];
  const rank = (r: ControlResult) => ["critical", "high", "medium", "low"].indexOf(r.severity);
  const open = report.controls.filter((r) => r.status !== "pass" && r.status !== "not_applicable");
  for (const r of [...open].sort((a, b) => rank(a) - rank(b))) {
    const head = `${c.bold(r.severity.toUpperCase())} ${r.id}`;
    if (!r.findings.length) {
      out.push(`${head} - ${paint(c, r.status)(`${r.status}:`)} ${r.notes[0] ?? r.title}`);
      continue;
    }
    for (const f of r.findings) {
      const level: Status = f.waived ? "waived" : f.level;
      out.push(`${head} ${c.cyan(where(f) || "-")} ${paint(c, level)(`${level}:`)} ${f.message}`);
    }
  }
  out.push(verdict(report, c));
  return out.join("\n") + "\n";
}

function renderControl(r: ControlResult, c: ChalkInstance, index: Map<string, string[]>, manifest: string): string[] {
  const lines: string[] = [];
  const p = paint(c, r.status);
  lines.push(`  ${p(MARK[r.status])} ${c.bold(r.id)} ${r.title} ${c.dim(`[${r.severity}]`)} ${p(LABEL[r.status])}`);
  for (const g of groupFindings(r, index)) lines.push(...renderGroup(g, c));
  if (r.status === "not_applicable" || r.status === "pass" || r.status === "waived") {
    for (const n of r.notes) lines.push(c.dim(`      ${n}`));
  } else {
    for (const n of r.notes) lines.push(c.dim(`      note: ${n}`));
    // When each finding's own fix is the manifest line to write, the control's general remediation would
    // only ask again, and for what this manifest may already have (RSG-06's concurrency): it is left out.
    if (!exampleRepeatsFixes(r, manifest)) {
      lines.push(`      ${c.green("remediation:")} ${r.remediation}`);
      if (r.remediationExample) for (const l of r.remediationExample.split("\n")) lines.push(c.dim(`        ${l}`));
    }
  }
  return lines;
}

const alsoUnder = (ids: string[], c: ChalkInstance) => (ids.length ? c.dim(` (also under ${ids.join(", ")})`) : "");

/** One group: each message once (with every place), then its waiver and its fix once. */
function renderGroup(g: FindingGroup, c: ChalkInstance): string[] {
  const lines: string[] = [];
  for (const m of g.messages) {
    const level = paint(c, m.level)(m.level);
    const places = m.places;
    const union = [...new Set(places.flatMap((x) => x.also))];
    if (places.length === 1 || (!m.templated && places.length <= 3)) {
      // As one finding always read: level, place(s), message.
      const locs = places.map((x) => x.location).filter(Boolean).map((l) => c.cyan(l)).join(", ");
      const message = m.templated ? places[0]!.finding.message : m.message;
      lines.push(`      ${level} ${locs ? locs + " " : ""}${message}${alsoUnder(union, c)}`);
    } else if (!m.templated) {
      lines.push(`      ${level} ${m.message} (${places.length} places${union.length ? `; also under ${union.join(", ")}` : ""}):`);
      lines.push(`        at ${places.map((x) => c.cyan(x.location || "-")).join(", ")}`);
    } else {
      lines.push(`      ${level} ${m.message} (${places.length} places):`);
      for (const x of places) lines.push(`        · ${x.location ? c.cyan(x.location) + " " : ""}${x.fill}${alsoUnder(x.also, c)}`);
    }
  }
  if (g.waiver) {
    const w = g.waiver;
    lines.push(c.dim(`        waived (${w.source}, ${w.file}:${w.line}): ${w.reason}${w.approvedBy ? ` — approved by ${w.approvedBy}` : ""}${w.expires ? `, expires ${w.expires}` : ""}`));
  }
  if (g.waiverRejected) lines.push(c.yellow(`        ${g.waiverRejected}`));
  if (g.fix) lines.push(`        ${c.green("fix:")} ${g.fix}`);
  return lines;
}
