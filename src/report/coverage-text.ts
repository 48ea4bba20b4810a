import type { Report } from "./model.js";
import { countKinds } from "../sources/ai-packages.js";
import { DECLARED_NAMED, inManifestOrder, onlyDeclared } from "../sources/inventory.js";
import { plural, someOf } from "../util/text.js";

/** "declared in package.json, imported by no analysed file" */
function declaredWhere(pkgs: readonly { first_seen: { file: string } }[]): string {
  return `declared in ${[...new Set(pkgs.map((p) => p.first_seen.file))].join(", ")}, imported by no analysed file`;
}

/** One row of the "What psf read" block, the same in every human format. */
export interface CoverageRow {
  label: string;
  text: string;
  /** Something was not examined: renderers draw the eye to it. */
  alert: boolean;
}

const KIND: Record<string, string> = {
  "agent-framework": "agent framework",
  "model-sdk": "model SDK",
  "gateway-client": "gateway client",
  "unknown-ai": "unlisted AI package",
  mcp: "MCP",
  retrieval: "retrieval",
  tracing: "tracing",
  ui: "UI",
};

/**
 * The header's count of source files: every source file under the agent root, with what psf did with it,
 * so it never says "0 source files" beside a "Go 1 file NOT read" line. All read: "12 source files"; none
 * read: "1 source file (Go, not read)", "14 source files (Go 12, Rust 2; not read)"; some read:
 * "15 source files (12 read; Go 3 not read)".
 */
export function sourceFilesSummary(report: Pick<Report, "coverage" | "sources">): string {
  const read = report.sources.examined;
  const unread = report.coverage.languages.filter((l) => !l.read && l.files > 0);
  const total = read + unread.reduce((n, l) => n + l.files, 0);
  if (!unread.length) return plural(total, "source file");
  if (read === 0) {
    const langs = unread.length === 1 ? unread[0]!.language : `${unread.map((l) => `${l.language} ${l.files}`).join(", ")};`;
    return `${plural(total, "source file")} (${langs}${unread.length === 1 ? "," : ""} not read)`;
  }
  return `${plural(total, "source file")} (${read} read; ${unread.map((l) => `${l.language} ${l.files}`).join(", ")} not read)`;
}

/** "What psf read": languages, files passed over, AI packages recognized and not, dependency manifests. */
export function coverageRows(report: Pick<Report, "coverage" | "sources"> & { capabilities?: Pick<Report["capabilities"], "mcp_servers"> }): CoverageRow[] {
  const cov = report.coverage;
  const rows: CoverageRow[] = [];
  const read = cov.languages.filter((l) => l.read);
  const unread = cov.languages.filter((l) => !l.read);
  const langs = [
    ...read.map((l) => `${l.language} ${plural(l.files, "file")} read`),
    ...unread.map((l) => `${l.language} ${plural(l.files, "file")} NOT read`),
  ];
  rows.push({ label: "Languages", text: langs.length ? langs.join("; ") + (cov.unread_examples.length ? ` (e.g. ${cov.unread_examples.slice(0, 3).join(", ")})` : "") : "no source files found", alert: unread.length > 0 || langs.length === 0 });
  const skipped = report.sources.skipped;
  if (skipped.length) {
    rows.push({ label: "Not examined", text: `${plural(skipped.length, "file")}: ${skipped.slice(0, 5).map((s) => `${s.name} (${s.reason})`).join("; ")}${skipped.length > 5 ? "; …" : ""}`, alert: true });
  }
  // Imported packages are what psf read; packages a manifest declares that no analysed file imports
  // are said apart, as the findings say them (one warn a control for all of them).
  const ai = cov.packages.filter((p) => p.kind !== "ui");
  const known = ai.filter((p) => p.recognized);
  const knownRead = known.filter((p) => !onlyDeclared(p)).map((p) => p.name);
  const knownDeclared = inManifestOrder(known.filter(onlyDeclared));
  const unknown = ai.filter((p) => !p.recognized && !onlyDeclared(p));
  const unknownDeclared = inManifestOrder(ai.filter((p) => !p.recognized && onlyDeclared(p)));
  if (knownRead.length) rows.push({ label: "Recognized and read", text: knownRead.join(", "), alert: false });
  if (knownDeclared.length) {
    rows.push({ label: "Recognized, only declared", text: `${knownDeclared.map((p) => p.name).join(", ")} (${declaredWhere(knownDeclared)})`, alert: false });
  }
  if (unknown.length) {
    rows.push({ label: "NOT recognized", text: unknown.map((p) => `${p.name} (${KIND[p.kind] ?? p.kind}, ${p.first_seen.file}:${p.first_seen.line})`).join(", "), alert: true });
  }
  if (unknownDeclared.length) {
    const one = unknownDeclared.length === 1 ? unknownDeclared[0]! : undefined;
    const text = one
      ? `${one.name} (${KIND[one.kind] ?? one.kind}; ${declaredWhere(unknownDeclared)})`
      : `${unknownDeclared.length} packages (${countKinds(unknownDeclared.map((p) => p.kind))}) ${declaredWhere(unknownDeclared)}: ${someOf(unknownDeclared.map((p) => p.name), DECLARED_NAMED)}`;
    rows.push({ label: "NOT recognized, only declared", text, alert: true });
  }
  if (!ai.length) rows.push({ label: "AI packages", text: "none found in imports or dependency manifests", alert: false });
  // The rest of the third-party packages: where an agent on a framework psf has never heard of would be.
  const other = cov.unclassified ?? [];
  if (other.length) {
    const where = [...new Set(other.map((p) => p.first_seen.file))];
    const text = `${someOf(other.map((p) => p.name), DECLARED_NAMED)} (${where.length <= 2 ? `first seen in ${where.join(", ")}; ` : ""}not in psf's table of AI packages: psf reads none of them)`;
    rows.push({ label: "Other packages, not classified", text, alert: false });
  }
  const mcp = report.capabilities?.mcp_servers ?? [];
  if (mcp.length) rows.push({ label: "MCP servers (tools not visible to psf)", text: mcp.map((s) => `${s.name} (${s.transport}: ${s.target})`).join(", "), alert: true });
  rows.push({ label: "Dependency manifests", text: cov.dependency_manifests.length ? cov.dependency_manifests.join(", ") : "none found", alert: false });
  return rows;
}
