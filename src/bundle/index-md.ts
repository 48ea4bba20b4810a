import picomatch from "picomatch";
import { coverageRows } from "../report/coverage-text.js";
import type { Catalogue, CatalogueControl } from "../catalogue/load.js";
import type { Manifest } from "../manifest/types.js";
import type { ControlResult, Report, Status } from "../report/model.js";
import { where } from "../report/model.js";
import { PAYLOAD_TYPE } from "../attest/index.js";
import { BUNDLE_FILES, type BundleLayout } from "./layout.js";

/**
 * INDEX.md: the auditor's walk through the bundle. What each file is, how to check it with standard
 * tools, then control by control what the catalogue demands, the verdict and which files prove it.
 */

const LABEL: Record<Status, string> = { pass: "PASS", fail: "FAIL", error: "ERROR", warn: "WARN", waived: "WAIVED", not_applicable: "N/A" };

/** Free text from the manifest or source, made inert in Markdown: no markup, links or HTML, one line. */
export function mdText(s: string): string {
  return s.replace(/\r?\n/g, " ").replace(/[\\`*_[\]<>|&]/g, (c) => `\\${c}`);
}

/** A path or digest in inline code; backticks inside would end the span, so they are refused by the caller's names. */
function code(s: string): string {
  const fence = s.includes("`") ? "``" : "`";
  return `${fence}${s.replace(/\r?\n/g, " ")}${fence}`;
}

/** Values at a dotted manifest path; `a.b[].c` walks every element of the list `b`. */
export function manifestValues(m: unknown, dotted: string): unknown[] {
  let current: unknown[] = [m];
  for (const raw of dotted.split(".")) {
    const each = raw.endsWith("[]");
    const key = each ? raw.slice(0, -2) : raw;
    const next: unknown[] = [];
    for (const v of current) {
      if (v === null || typeof v !== "object") continue;
      const child = (v as Record<string, unknown>)[key];
      if (child === undefined) continue;
      if (each && Array.isArray(child)) next.push(...(child as unknown[]));
      else next.push(child);
    }
    current = next;
  }
  return current;
}

function manifestFields(c: CatalogueControl): string[] {
  return (c.references ?? []).filter((r) => r.startsWith("manifest: ")).map((r) => r.slice("manifest: ".length));
}

/** The evidence files (report subjects) a control's manifest fields name, exactly or by glob. */
export function evidenceFilesFor(c: CatalogueControl, result: ControlResult | undefined, manifest: Manifest, evidence: string[]): string[] {
  const found = new Set<string>();
  for (const field of manifestFields(c)) {
    for (const v of manifestValues(manifest, field).flat()) {
      if (typeof v !== "string" || v === "") continue;
      const rel = v.replace(/^\.\//, "");
      if (evidence.includes(rel)) found.add(rel);
      else {
        const match = picomatch(rel, { dot: true });
        for (const e of evidence) if (match(e)) found.add(e);
      }
    }
  }
  for (const f of result?.findings ?? []) if (f.file && evidence.includes(f.file)) found.add(f.file);
  return [...found].sort();
}

export interface IndexInput {
  report: Report;
  catalogue: Catalogue;
  manifest: Manifest;
  layout: BundleLayout;
  keyid: string;
}

export function renderIndex({ report, catalogue, manifest, layout, keyid }: IndexInput): string {
  const out: string[] = [];
  const d = report.deployment;
  const counts = (["fail", "error", "warn", "waived", "pass", "not_applicable"] as Status[]).filter((s) => report.summary[s]).map((s) => `${report.summary[s]} ${s === "not_applicable" ? "not applicable" : s}`).join(", ");
  out.push(`# Evidence bundle: ${mdText(d.name)}`, "");
  out.push(`**Verdict: ${report.ready ? "READY" : "NOT READY"}** — ${counts}.`, "");
  out.push(`**What psf read:** ${coverageRows(report).map((r) => `${r.alert ? "⚠️ " : ""}${mdText(r.label)}: ${mdText(r.text)}`).join(" · ")}`, "");
  out.push(`Deployment ${mdText(d.name)} (${mdText(d.environment)}), owner ${mdText(d.owner)}. Assessed ${report.generatedAt} by ${report.tool.name} ${report.tool.version} against the ${mdText(report.catalogue)} catalogue${report.strict ? ", strict (a warning blocks readiness)" : ""}. Signed with the Ed25519 key whose id is ${code(keyid)}.`, "");
  out.push(`This file walks through the bundle: what each file is, how to check that none was changed, and then, control by control, what the standard demands, the verdict, and which files here prove it. The signed attestation and ${code(BUNDLE_FILES.report)} are the record; ${code(BUNDLE_FILES.html)} is the same report for reading and printing.`, "");

  out.push("## Files in this bundle", "");
  out.push("| File | What it is |", "|---|---|");
  for (const [name, what] of layout.listing) out.push(`| ${code(name)} | ${mdText(what)} |`);
  out.push("");

  out.push("## How to verify", "");
  out.push(`Obtain the signer's public key from its owner, not only from this bundle: the copy here (${code(BUNDLE_FILES.publicKey)}) proves nothing on its own. Its key id must be ${code(keyid)}:`, "");
  out.push("```sh", `openssl pkey -pubin -in ${BUNDLE_FILES.publicKey} -outform DER | sha256sum`, "```", "");
  out.push(`1. Every file is the one that was packed (run in the folder \`tar -xzf BUNDLE.tar.gz\` makes, ${code(`${layout.root}/`)}, as the commands below):`, "");
  out.push("   ```sh", `   sha256sum -c ${BUNDLE_FILES.sums}`, "   ```", "");
  out.push(`2. The checksum list was signed by the key (a detached Ed25519 signature, OpenSSL 3):`, "");
  out.push("   ```sh", `   openssl pkeyutl -verify -pubin -inkey ${BUNDLE_FILES.publicKey} -rawin -in ${BUNDLE_FILES.sums} -sigfile ${BUNDLE_FILES.sumsSig}`, "   ```", "");
  out.push("3. The attestation, with psf (the second form checks everything above as well):", "");
  out.push("   ```sh", `   psf verify ${BUNDLE_FILES.attestation} --key ${BUNDLE_FILES.publicKey}`, `   psf verify BUNDLE.tar.gz --key ${BUNDLE_FILES.publicKey}`, "   ```", "");
  out.push(`4. The attestation, with OpenSSL alone: a DSSE v1 signature over PAE(payloadType, payload) = \`DSSEv1 <len(type)> <type> <len(payload)> <payload>\`:`, "");
  out.push(
    "   ```sh",
    `   jq -r .payload ${BUNDLE_FILES.attestation} | base64 -d > payload.json`,
    `   jq -r '.signatures[0].sig' ${BUNDLE_FILES.attestation} | base64 -d > payload.sig`,
    `   printf 'DSSEv1 ${Buffer.byteLength(PAYLOAD_TYPE)} ${PAYLOAD_TYPE} %d ' "$(wc -c < payload.json)" > pae.bin`,
    "   cat payload.json >> pae.bin",
    `   openssl pkeyutl -verify -pubin -inkey ${BUNDLE_FILES.publicKey} -rawin -in pae.bin -sigfile payload.sig`,
    "   ```",
    "",
  );
  out.push(`5. ${code(BUNDLE_FILES.report)} is the signed report, and every file below is the one that was signed:`, "");
  out.push(
    "   ```sh",
    `   diff <(jq -S .predicate payload.json) <(jq -S . ${BUNDLE_FILES.report})`,
    `   jq -r '.subject[] | "\\(.digest.sha256)  \\(.name)"' payload.json   # compare with ${BUNDLE_FILES.sums} and the source table below`,
    "   ```",
    "",
  );

  out.push("## Control by control", "");
  const evidenceNames = layout.evidence.map((e) => e.subject);
  for (const dom of report.domains) {
    out.push(`### ${dom.id} — ${mdText(dom.title)}: ${LABEL[dom.status]}`, "");
    for (const c of catalogue.controls.filter((x) => x.domain === dom.id)) {
      const r = report.controls.find((x) => x.id === c.id);
      const status = r?.status ?? "error";
      out.push(`#### ${c.id} ${mdText(c.title)} — ${LABEL[status]} (${c.severity})`, "");
      out.push(`- **Demands:** ${mdText(c.passes.trim())}`);
      out.push(`- **Verdict:** ${LABEL[status]}.${r?.notes.length ? ` ${r.notes.map((n) => mdText(n)).join(" ")}` : ""}`);
      for (const f of r?.findings ?? []) {
        const loc = where(f);
        out.push(`  - ${f.waived ? "waived" : f.level}${loc ? ` at ${code(loc)}` : ""}: ${mdText(f.message)}${f.waived && f.waiver ? ` (waived: ${mdText(f.waiver.reason)}${f.waiver.approvedBy ? `, approved by ${mdText(f.waiver.approvedBy)}` : ""}${f.waiver.expires ? `, expires ${mdText(f.waiver.expires)}` : ""})` : ""}`);
      }
      out.push(`- **Proved by:** ${proof(c, r, manifest, layout, evidenceNames).join("; ")}.`, "");
    }
  }

  out.push(...crosswalkTables(report));

  out.push("## Agent source files", "");
  const sources = layout.sources;
  if (!sources.length) out.push("No agent source file was read.", "");
  else {
    out.push(
      layout.includeSource
        ? `Every source file the assessment read is in this bundle under ${code("source/")}; its digest is bound by the attestation.`
        : `Listed by digest, not copied. Check them against the deployment's tree with \`sha256sum\`, or with \`psf verify ${BUNDLE_FILES.attestation} --key ${BUNDLE_FILES.publicKey} PATH\`, which re-digests every attested file.`,
      "",
    );
    out.push("| File | SHA-256 | In this bundle |", "|---|---|---|");
    for (const s of sources) out.push(`| ${code(s.subject)} | ${code(s.sha256)} | ${s.bundled ? code(s.bundled) : "no"} |`);
    out.push("");
  }
  return out.join("\n");
}

function proof(c: CatalogueControl, r: ControlResult | undefined, manifest: Manifest, layout: BundleLayout, evidenceNames: string[]): string[] {
  const parts: string[] = [];
  const fields = manifestFields(c);
  for (const kind of c.evidence) {
    if (kind === "manifest") {
      parts.push(`${code(layout.manifest)}${fields.length ? ` (${fields.map(code).join(", ")})` : ""}`);
    } else if (kind === "file") {
      const files = evidenceFilesFor(c, r, manifest, evidenceNames);
      const bundled = files.map((f) => layout.evidence.find((e) => e.subject === f)?.bundled).filter((x): x is string => !!x);
      parts.push(bundled.length ? bundled.map(code).join(", ") : `no evidence file: the manifest names none${fields.length ? ` at ${fields.map(code).join(", ")}` : ""}`);
    } else if (kind === "source") {
      const where = layout.includeSource ? `the files under ${code("source/")}` : "the source digests listed below";
      parts.push(`${code(BUNDLE_FILES.report)} (this control's findings) and ${where}`);
    } else if (kind === "report") {
      parts.push(`${code(BUNDLE_FILES.report)} (every other control's status)`);
    }
  }
  for (const ref of c.references ?? []) if (ref.startsWith("cli: ")) parts.push(`the ${code(ref.slice(5))} option at assessment time`);
  return parts;
}

/** "Standards cross-walk": per standard, each item, the controls that give evidence for it and their verdicts here. */
function crosswalkTables(report: Report): string[] {
  if (!report.crosswalk?.length) return [];
  const out = ["## Standards cross-walk", "", "What this assessment gives evidence for, in the auditors' terms. *partial*: the control gives some of the evidence the item asks for, not all of it. An item with no control is one psf gives no evidence for.", ""];
  for (const f of report.crosswalk) {
    out.push(`### ${mdText(f.title)}`, "", "| Item | Title | Controls and verdicts |", "|---|---|---|");
    for (const i of f.items) {
      const cells = i.controls.map((c) => `${c.id}${c.partial ? " (partial)" : ""}: ${LABEL[c.status as Status] ?? c.status}`);
      out.push(`| ${mdText(i.id)} | ${mdText(i.title)} | ${cells.length ? cells.join(", ") : "not covered by psf"} |`);
    }
    out.push("");
  }
  return out;
}
