import { blocks, where, type ControlResult, type Finding, type Report, type Status } from "../model.js";
import { readyCaveat, spendCaveat } from "../verdict.js";
import { repoPath } from "./repo-root.js";
import { coverageRows, sourceFilesSummary } from "../coverage-text.js";
import { groupFindings, placeIndex } from "../group.js";

export interface MarkdownOptions {
  /** The manifest's folder relative to the repository root, put in front of every path. */
  uriPrefix?: string;
}

const ICON: Record<Status, string> = { pass: "✅", fail: "❌", error: "❗", warn: "⚠️", waived: "💤", not_applicable: "➖" };
const LABEL: Record<Status, string> = { pass: "pass", fail: "fail", error: "error", warn: "warn", waived: "waived", not_applicable: "n/a" };
const COLUMNS: Status[] = ["pass", "fail", "error", "warn", "waived", "not_applicable"];

/**
 * Text from the manifest or the source, made inert: backslash-escapes for what would turn into
 * markup (code spans, emphasis, links, table cells, HTML), and one line only.
 */
export function mdText(s: string): string {
  return s
    .replace(/\r?\n/g, " ")
    .replace(/[\\`*|<]/g, (c) => `\\${c}`)
    .replace(/(^|\W)_|_(?=\W|$)/g, (m) => m.replace("_", "\\_"));
}

/** A code span that survives backticks inside (a longer fence, padded with spaces). */
export function mdCode(s: string): string {
  const one = s.replace(/\r?\n/g, " ");
  const longest = Math.max(0, ...(one.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  return longest ? `${fence} ${one} ${fence}` : `${fence}${one}${fence}`;
}

/** The pull-request comment / job summary: verdict, domains, what blocks and how to fix it, the 72-hour worst case. */
export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  const out: string[] = [];
  const d = report.deployment;
  const loc = (f: Pick<Finding, "file" | "line" | "column">) => (f.file ? mdCode(where({ ...f, file: repoPath(f.file, opts.uriPrefix) })) : "");
  const index = placeIndex(report);
  const control = (r: ControlResult, withFix: boolean) => controlLines(r, loc, withFix, index);
  out.push(`## ${report.ready ? "✅" : "❌"} psf: ${mdText(d.name)} is ${report.ready ? "ready" : "**not ready**"} for ${mdText(d.environment)}`);
  out.push("");
  const caveat = readyCaveat(report);
  if (caveat) out.push(`⚠️ Ready with ${mdText(caveat)}.`, "");
  out.push(`${loc({ file: report.manifest })} · ${mdText(sourceFilesSummary(report))} · owner ${mdText(d.owner)} · ${mdText(report.catalogue)} · psf ${mdText(report.tool.version)} · ${report.generatedAt}${report.strict ? " · strict" : ""}`);
  out.push("");
  const s = report.summary;
  out.push(`**${(["fail", "error", "warn", "waived", "pass", "not_applicable"] as Status[]).filter((k) => s[k]).map((k) => `${s[k]} ${k === "not_applicable" ? "not applicable" : k}`).join(" · ")}**`);
  out.push("");
  out.push("**What psf read**", "");
  for (const row of coverageRows(report)) out.push(`- ${row.alert ? "⚠️ " : ""}${mdText(row.label)}: ${mdText(row.text)}`);
  out.push("");
  out.push(`| Domain | Status | ${COLUMNS.map((k) => LABEL[k]).join(" | ")} |`);
  out.push(`|---|---|${COLUMNS.map(() => "--:").join("|")}|`);
  for (const dom of report.domains) {
    const controls = report.controls.filter((r) => r.domain === dom.id);
    const n = (k: Status) => controls.filter((r) => r.status === k).length;
    out.push(`| **${dom.id}** ${mdText(dom.title)} | ${ICON[dom.status]} ${LABEL[dom.status]} | ${COLUMNS.map((k) => n(k) || "").join(" | ")} |`);
  }
  out.push("");

  const w = report.worstCaseSpend;
  const figure = w.bounded && w.amount !== null ? `${w.amount.toFixed(2)} ${w.currency ?? ""}`.trim() : "unbounded";
  out.push(`**72-hour worst-case spend: ${w.bounded ? mdText(figure) : `⚠️ ${figure}`}** — ${mdText(w.derivation)}`);
  const spendBut = spendCaveat(report);
  if (spendBut) out.push("", `⚠️ But ${mdText(spendBut)}`);

  const blocking = report.controls.filter((r) => blocks(r.status, report.strict));
  if (blocking.length) {
    out.push("");
    out.push(`### Blocking (${blocking.length})`);
    out.push("");
    for (const r of blocking) out.push(...control(r, true));
  }
  const warnings = report.controls.filter((r) => r.status === "warn" && !blocks(r.status, report.strict));
  if (warnings.length) {
    out.push("");
    out.push(`### Warnings (${warnings.length})`);
    out.push("");
    for (const r of warnings) out.push(...control(r, true));
  }
  const waived = report.controls.filter((r) => r.status === "waived");
  if (waived.length) {
    out.push("");
    out.push(`### Waived (${waived.length})`);
    out.push("");
    for (const r of waived) out.push(...control(r, false));
  }
  out.push("");
  out.push(`<sub>Details: \`psf explain ID\` · exit code decided by \`--fail-on\`</sub>`);
  return out.join("\n") + "\n";
}

/** A control and its findings, grouped as in the text report: a message once with all its places, a shared fix once. */
function controlLines(r: ControlResult, loc: (f: Pick<Finding, "file" | "line" | "column">) => string, withFix: boolean, index: Map<string, string[]>): string[] {
  const lines = [`- ${ICON[r.status]} **${r.id}** ${mdText(r.title)} · ${r.severity} · ${LABEL[r.status]}`];
  const also = (ids: string[]) => (ids.length ? ` (also under ${ids.join(", ")})` : "");
  let fixed = true;
  for (const g of groupFindings(r, index)) {
    let tail = "";
    if (g.waiver) {
      const wv = g.waiver;
      tail = ` — waived (${wv.source}): ${mdText(wv.reason)}${wv.approvedBy ? `, approved by ${mdText(wv.approvedBy)}` : ""}${wv.expires ? `, expires ${mdText(wv.expires)}` : ""}`;
    } else if (withFix && g.fix) tail = ` — **fix:** ${mdText(g.fix)}`;
    else if (!g.waiver) fixed = false;
    if (g.waiverRejected) tail += ` (${mdText(g.waiverRejected)})`;
    // With several messages under one fix, the fix goes once, on its own line after them.
    const shared = g.messages.length > 1;
    for (const m of g.messages) {
      const union = [...new Set(m.places.flatMap((p) => p.also))];
      const level = m.level === "fail" || m.level === "waived" ? "" : `${m.level}: `;
      if (m.places.length === 1 || !m.templated) {
        const locs = m.places.map((p) => loc(p.finding)).filter(Boolean).join(", ");
        const message = m.templated ? m.places[0]!.finding.message : m.message;
        lines.push(`  - ${locs ? `${locs} ` : ""}${level}${mdText(message)}${also(union)}${shared ? "" : tail}`);
      } else {
        lines.push(`  - ${level}${mdText(m.message)} (${m.places.length} places)${shared ? "" : tail}`);
        for (const p of m.places) lines.push(`    - ${p.finding.file ? `${loc(p.finding)} ` : ""}${mdText(p.fill)}${also(p.also)}`);
      }
    }
    if (shared && tail) lines.push(`  - ${tail.replace(/^ — /, "")}`);
  }
  if (withFix && (!fixed || !r.findings.length)) lines.push(`  - **remediation:** ${mdText(r.remediation)}`);
  return lines;
}
