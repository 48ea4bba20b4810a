import type { ControlResult, Report, Status, Waiver } from "../model.js";
import { readyCaveat, spendCaveat } from "../verdict.js";
import { coverageRows, sourceFilesSummary } from "../coverage-text.js";
import { exampleRepeatsFixes, groupFindings, placeIndex, type FindingGroup } from "../group.js";

/**
 * The HTML report: one self-contained file an auditor opens in a browser or prints. Inline CSS only,
 * and a Content-Security-Policy that forbids every fetch and every script, so a report cannot reach
 * the network even if something in it were not escaped. Every value reaches the page through `html`
 * below, which escapes it: manifest and source text (names, messages, reasons) is shown, never run.
 */

export interface HtmlOptions {
  /** The signing key's id (hex SHA-256 of its SPKI) when the report travels with an attestation. */
  keyid?: string;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** The one escape for text and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Markup already built by `html`; anything else interpolated is escaped. */
class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Markup | string | number | boolean | null | undefined | readonly Part[];

function emit(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof Markup) return part.text;
  if (Array.isArray(part)) return part.map(emit).join("");
  return escapeHtml(part);
}

/** Tagged template: the literal parts are markup, every `${value}` is escaped unless it is Markup. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Markup {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += emit(v) + strings[i + 1]!;
  });
  return new Markup(out);
}

const LABEL: Record<Status, string> = { pass: "PASS", fail: "FAIL", error: "ERROR", warn: "WARN", waived: "WAIVED", not_applicable: "N/A" };
const MARK: Record<Status, string> = { pass: "✓", fail: "✗", error: "!", warn: "▲", waived: "~", not_applicable: "–" };
const ORDER: Status[] = ["fail", "error", "warn", "waived", "pass", "not_applicable"];

/** Status as words (and a mark); colour only repeats what the text already says. */
function badge(s: Status): Markup {
  return html`<span class="status s-${s}"><span aria-hidden="true">${MARK[s]} </span>${LABEL[s]}</span>`;
}

const CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1.5rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1a1a1a;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}
h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:2px solid #1a1a1a;padding-bottom:.2rem}
h3{font-size:1.1rem;margin:1.5rem 0 .5rem}
h4{font-size:1rem;margin:0 0 .25rem}
code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;font-size:.9em}
pre{background:#f4f4f4;border:1px solid #ccc;padding:.5rem;overflow-x:auto;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
caption{text-align:left;font-weight:600;padding:.25rem 0;caption-side:top}
th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#ececec}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:#333;margin:.25rem 0}
.verdict{font-size:2.75rem;font-weight:800;letter-spacing:.02em;margin:.75rem 0 .25rem;padding:.25rem .75rem;border:4px solid currentColor;display:inline-block}
.verdict.ready{color:#0b5d1e}
.coverage dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.25rem 0 1rem}.coverage dt{font-weight:600}.coverage dd{margin:0}.coverage dd.alert{color:#7a3e00;font-weight:600}
.verdict.not-ready{color:#9b1111}
.caveat{color:#7a4b00;font-weight:600;margin:.25rem 0}
.status{display:inline-block;font-weight:700;padding:0 .4rem;border:1px solid currentColor;border-radius:3px;white-space:nowrap}
.s-pass{color:#0b5d1e;background:#e8f5ec}
.s-fail{color:#9b1111;background:#fdecec}
.s-error{color:#7a1a7a;background:#f8ecf8}
.s-warn{color:#6b4b00;background:#fff6d6}
.s-waived{color:#0b4f6c;background:#e6f3f8}
.s-not_applicable{color:#444;background:#f0f0f0}
.control{border:1px solid #bbb;border-left:6px solid #bbb;padding:.6rem .8rem;margin:.6rem 0;break-inside:avoid}
.control.c-fail{border-left-color:#9b1111}
.control.c-error{border-left-color:#7a1a7a}
.control.c-warn{border-left-color:#6b4b00}
.control.c-waived{border-left-color:#0b4f6c}
.control.c-pass{border-left-color:#0b5d1e}
.control p,.control ul{margin:.3rem 0}
.sev{color:#333}
.figure{font-size:1.6rem;font-weight:700;margin:.25rem 0}
.unbounded{color:#9b1111}
.digest{word-break:break-all}
.notes{color:#333}
footer{margin-top:2rem;color:#333;font-size:.85rem;border-top:1px solid #999;padding-top:.5rem}
@media print{
  body{max-width:none;padding:0;font-size:10pt}
  .status,thead th,pre{background:none}
  .verdict{border-width:3px}
  section.domain{break-before:page}
  h2,h3,h4{break-after:avoid}
  tr{break-inside:avoid}
}
`;

export function renderHtml(report: Report, opts: HtmlOptions = {}): string {
  const d = report.deployment;
  const index = placeIndex(report);
  const counts = ORDER.filter((s) => report.summary[s]).map((s) => `${report.summary[s]} ${s === "not_applicable" ? "not applicable" : s}`).join(", ");
  const doc = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${report.ready ? "READY" : "NOT READY"}: ${d.name} — psf readiness report</title>
<style>${new Markup(CSS)}</style>
</head>
<body>
<header>
<h1>Production readiness: ${d.name}</h1>
<p class="verdict ${report.ready ? "ready" : "not-ready"}">${report.ready ? "READY" : "NOT READY"}</p>${caveatLine("Ready with", readyCaveat(report), ".")}
<p class="meta">${counts} across ${report.controls.length} controls${report.strict ? " (strict: a warning blocks readiness)" : ""}.</p>
${coverageBlock(report)}
<p class="meta">Owner ${d.owner} · environment ${d.environment} · manifest <code>${report.manifest}</code> · ${sourceFilesSummary(report)} · catalogue ${report.catalogue} · assessed ${report.generatedAt} by ${report.tool.name} ${report.tool.version}${opts.keyid ? html` · signed by key <code class="digest">${opts.keyid}</code>` : ""}</p>
</header>
<main>
${overview(report)}
${spend(report)}
<section aria-labelledby="controls">
<h2 id="controls">Controls</h2>
${report.domains.map((dom) => domainSection(report, dom, index))}
</section>
${waivers(report)}
${crosswalkSection(report)}
${subjects(report)}
${signature(opts)}
</main>
<footer>
<p>Generated by ${report.tool.name} ${report.tool.version} (${report.format}). This page fetches nothing and runs no scripts; the JSON report and its signed attestation are the record of truth.</p>
</footer>
</body>
</html>
`;
  return doc.text;
}

function overview(report: Report): Markup {
  const cols: Status[] = ORDER;
  return html`<section aria-labelledby="overview">
<h2 id="overview">Domain overview</h2>
<table>
<caption>Each domain's status is its worst control's status</caption>
<thead><tr><th scope="col">Domain</th><th scope="col">Status</th>${cols.map((s) => html`<th scope="col">${s === "not_applicable" ? "n/a" : s}</th>`)}</tr></thead>
<tbody>
${report.domains.map((dom) => {
  const mine = report.controls.filter((c) => c.domain === dom.id);
  return html`<tr><th scope="row"><a href="#domain-${dom.id}">${dom.id}</a> ${dom.title}</th><td>${badge(dom.status)}</td>${cols.map((s) => html`<td class="num">${mine.filter((c) => c.status === s).length}</td>`)}</tr>
`;
})}</tbody>
</table>
</section>`;
}

/** A caveat paragraph under a verdict or a figure (report/verdict.ts), or nothing. */
function caveatLine(lead: string, caveat: string | undefined, end: string): Markup | "" {
  return caveat ? html`
<p class="caveat">${lead} ${caveat}${end}</p>` : "";
}

function spend(report: Report): Markup {
  const w = report.worstCaseSpend;
  const figure = w.bounded && w.amount !== null ? `${w.amount.toFixed(2)} ${w.currency ?? ""}`.trim() : "Unbounded";
  const steps = w.derivation.split(/;\s+/).filter(Boolean);
  return html`<section aria-labelledby="spend">
<h2 id="spend">Worst-case spend over ${w.horizonHours} hours</h2>
<p class="figure${w.bounded ? "" : " unbounded"}">${figure}</p>${caveatLine("But", spendCaveat(report), "")}
<p>How it is derived:</p>
<ol>${steps.map((s) => html`<li>${s}</li>`)}</ol>
</section>`;
}

function domainSection(report: Report, dom: Report["domains"][number], index: Map<string, string[]>): Markup {
  const controls = report.controls.filter((c) => c.domain === dom.id);
  return html`<section class="domain" aria-labelledby="domain-${dom.id}">
<h3 id="domain-${dom.id}">${dom.id} — ${dom.title}: ${LABEL[dom.status]}</h3>
${controls.map((c) => control(c, index, report.manifest))}
</section>
`;
}

function control(c: ControlResult, index: Map<string, string[]>, manifest: string): Markup {
  const open = c.status !== "pass" && c.status !== "not_applicable";
  return html`<article class="control c-${c.status}" id="${c.id}" aria-labelledby="${c.id}-title">
<h4 id="${c.id}-title">${c.id} ${c.title}</h4>
<p>${badge(c.status)} <span class="sev">severity ${c.severity}</span> · evidence: ${c.evidence.join(", ")}</p>
${c.findings.length ? html`<ul class="findings">${groupFindings(c, index).map(findingGroup)}</ul>` : ""}
${c.notes.length ? html`<ul class="notes">${c.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ""}
${open && !exampleRepeatsFixes(c, manifest) ? html`<p><strong>Remediation:</strong> ${c.remediation}</p>${c.remediationExample ? html`<pre><code>${c.remediationExample}</code></pre>` : ""}` : ""}
</article>
`;
}

/** Grouped as in the text report: each message once with all its places, the shared fix and waiver once. */
function findingGroup(g: FindingGroup): Markup {
  const also = (ids: string[]) => (ids.length ? html` <span class="also">(also under ${ids.map((id, i) => html`${i ? ", " : ""}<a href="#${id}">${id}</a>`)})</span>` : "");
  const code = (loc: string) => html`<code>${loc}</code>`;
  const messages = g.messages.map((m) => {
    const union = [...new Set(m.places.flatMap((p) => p.also))];
    if (m.places.length === 1 || !m.templated) {
      const locs = m.places.filter((p) => p.location).map((p, i) => html`${i ? ", " : ""}${code(p.location)}`);
      return html`${badge(m.level)} ${locs.length ? html`${locs} ` : ""}${m.templated ? m.places[0]!.finding.message : m.message}${also(union)}`;
    }
    return html`${badge(m.level)} ${m.message} (${m.places.length} places)<ul class="places">${m.places.map((p) => html`<li>${p.location ? html`${code(p.location)} ` : ""}${p.fill}${also(p.also)}</li>`)}</ul>`;
  });
  // A list of places ends its own line; anything after it needs no <br>.
  const isList = (m: FindingGroup["messages"][number] | undefined) => m !== undefined && m.templated && m.places.length > 1;
  const endsInList = isList(g.messages[g.messages.length - 1]);
  const br = (first: boolean) => (first && endsInList ? "" : html`<br>`);
  let first = true;
  const after = (part: Markup) => {
    const out = html`${br(first)}${part}`;
    first = false;
    return out;
  };
  return html`<li>${messages.map((m, i) => html`${i && !isList(g.messages[i - 1]) ? html`<br>` : ""}${m}`)}${
    g.waiver ? after(html`Waived: ${waiverText(g.waiver)}`) : ""
  }${g.waiverRejected ? after(html`<strong>Waiver not applied:</strong> ${g.waiverRejected}`) : ""}${g.fix ? after(html`<strong>Fix:</strong> ${g.fix}`) : ""}</li>`;
}

function waiverText(w: Waiver): string {
  return `${w.reason}${w.approvedBy ? ` — approved by ${w.approvedBy}` : ""}${w.expires ? `, expires ${w.expires}` : ""} (${w.source} waiver at ${w.file}:${w.line})`;
}

function waivers(report: Report): Markup {
  const rows = new Map<string, { control: string; waiver: Waiver; findings: number }>();
  const rejected = new Set<string>();
  for (const c of report.controls) {
    for (const f of c.findings) {
      if (f.waived && f.waiver) {
        const key = `${c.id}\0${f.waiver.file}:${f.waiver.line}`;
        const row = rows.get(key) ?? { control: c.id, waiver: f.waiver, findings: 0 };
        row.findings++;
        rows.set(key, row);
      }
      if (f.waiverRejected) rejected.add(`${c.id}: ${f.waiverRejected}`);
    }
    for (const n of c.notes) if (/waiver .* does not apply/.test(n)) rejected.add(`${c.id}: ${n}`);
  }
  return html`<section aria-labelledby="waivers">
<h2 id="waivers">Waivers</h2>
${rows.size
    ? html`<table>
<caption>Accepted exceptions: each has a reason, an approver other than the owner and an expiry</caption>
<thead><tr><th scope="col">Control</th><th scope="col">Reason</th><th scope="col">Approved by</th><th scope="col">Expires</th><th scope="col">Declared at</th><th scope="col">Findings covered</th></tr></thead>
<tbody>
${[...rows.values()].map((r) => html`<tr><th scope="row"><a href="#${r.control}">${r.control}</a></th><td>${r.waiver.reason}</td><td>${r.waiver.approvedBy ?? "—"}</td><td>${r.waiver.expires ?? "—"}</td><td><code>${r.waiver.file}:${r.waiver.line}</code> (${r.waiver.source})</td><td class="num">${r.findings}</td></tr>
`)}</tbody>
</table>`
    : html`<p>No waiver applies to this assessment.</p>`}
${rejected.size ? html`<p>Waivers that were declared but do not apply:</p><ul>${[...rejected].map((r) => html`<li>${r}</li>`)}</ul>` : ""}
</section>`;
}

function subjects(report: Report): Markup {
  const skipped = report.sources.skipped;
  return html`<section aria-labelledby="subjects">
<h2 id="subjects">Subjects</h2>
<p>The files this assessment rests on, by SHA-256; among them ${sourceFilesSummary(report)}${report.coverage.languages.some((l) => !l.read) ? ": code psf does not read is digested too, so a change to it shows as drift" : ""}. The attestation binds exactly these digests.</p>
<table>
<caption>Files assessed and their SHA-256 digests</caption>
<thead><tr><th scope="col">File</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
${report.subjects.map((s) => html`<tr><th scope="row"><code>${s.name}</code></th><td><code class="digest">${s.digest.sha256}</code></td></tr>
`)}</tbody>
</table>
${skipped.length ? html`<table>
<caption>Files passed over, and why</caption>
<thead><tr><th scope="col">File</th><th scope="col">Reason</th></tr></thead>
<tbody>
${skipped.map((s) => html`<tr><th scope="row"><code>${s.name}</code></th><td>${s.reason}</td></tr>
`)}</tbody>
</table>` : ""}
</section>`;
}

function signature(opts: HtmlOptions): Markup {
  return html`<section aria-labelledby="signature">
<h2 id="signature">Signature</h2>
${opts.keyid
    ? html`<p>This report is the predicate of a DSSE-signed in-toto attestation. Signing key id (SHA-256 of the public key's DER SubjectPublicKeyInfo):</p><p><code class="digest">${opts.keyid}</code></p><p>Check it with <code>psf verify ATTESTATION --key psf-signing.pub</code>, using a public key obtained from its owner, not from the same place as the report.</p>`
    : html`<p>This page was not produced with a signature. Its content is only as trustworthy as the channel it came through.</p>`}
</section>`;
}

/** "What psf read", under the verdict: an auditor sees at a glance what was and was not examined. */
function coverageBlock(report: Report): Markup {
  return html`<section class="coverage" aria-labelledby="coverage">
<h2 id="coverage">What psf read</h2>
<dl>
${coverageRows(report).map((r) => html`<dt>${r.alert ? "⚠ " : ""}${r.label}</dt><dd${r.alert ? new Markup(' class="alert"') : ""}>${r.text}</dd>
`)}</dl>
</section>`;
}

/** Per standard: each item, the controls that give evidence for it and their verdicts here; uncovered items said plainly. */
function crosswalkSection(report: Report): Markup {
  if (!report.crosswalk?.length) return html``;
  return html`<section aria-labelledby="crosswalk">
<h2 id="crosswalk">Standards cross-walk</h2>
<p>The items of each standard this assessment gives evidence for, and this assessment's verdict on each control. <em>partial</em>: the control gives some of the evidence the item asks for, not all of it. An item with no control is one psf gives no evidence for.</p>
${report.crosswalk.map((f) => html`<table>
<caption>${f.title}</caption>
<thead><tr><th scope="col">Item</th><th scope="col">Title</th><th scope="col">psf controls and verdicts</th></tr></thead>
<tbody>
${f.items.map((i) => html`<tr><th scope="row">${i.id}</th><td>${i.title}</td><td>${i.controls.length ? i.controls.map((c, n) => html`${n ? ", " : ""}${c.id}${c.partial ? " (partial)" : ""} ${badge(c.status as Status)}`) : html`<em>not covered by psf</em>`}</td></tr>
`)}</tbody>
</table>
`)}</section>`;
}
