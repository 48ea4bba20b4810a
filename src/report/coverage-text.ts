import type { Report } from "./model.js";
import { plural } from "../util/text.js";

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
  const ai = cov.packages.filter((p) => p.kind !== "ui");
  const known = ai.filter((p) => p.recognized).map((p) => p.name);
  const unknown = ai.filter((p) => !p.recognized);
  if (known.length) rows.push({ label: "Recognized", text: known.join(", "), alert: false });
  if (unknown.length) {
    rows.push({ label: "NOT recognized", text: unknown.map((p) => `${p.name} (${KIND[p.kind] ?? p.kind}, ${p.first_seen.file}:${p.first_seen.line})`).join(", "), alert: true });
  }
  if (!ai.length) rows.push({ label: "AI packages", text: "none found in imports or dependency manifests", alert: false });
  const mcp = report.capabilities?.mcp_servers ?? [];
  if (mcp.length) rows.push({ label: "MCP servers (tools not visible to psf)", text: mcp.map((s) => `${s.name} (${s.transport}: ${s.target})`).join(", "), alert: true });
  rows.push({ label: "Dependency manifests", text: cov.dependency_manifests.length ? cov.dependency_manifests.join(", ") : "none found", alert: false });
  return rows;
}
