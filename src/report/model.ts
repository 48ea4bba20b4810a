import { formatPosition } from "../errors.js";
import type { ReportCrosswalk } from "../catalogue/crosswalk.js";

/** The report model (psf.report/v1). Renderers read this and nothing else. */

export type { Status, Severity, DomainId, FindingLevel, Waiver, Finding, ControlResult, WorstCaseSpend, Capabilities, Subject } from "../result/model.js";
export { STATUSES, SEVERITIES, worstStatus, severityAtLeast, blocks } from "../result/model.js";
import type { Status, DomainId, ControlResult, WorstCaseSpend, Capabilities, Subject } from "../result/model.js";

export interface Report {
  format: "psf.report/v1";
  tool: { name: "psf"; version: string };
  catalogue: string;
  generatedAt: string;
  manifest: string;
  deployment: { name: string; owner: string; environment: string };
  ready: boolean;
  strict: boolean;
  summary: Record<Status, number>;
  worstCaseSpend: WorstCaseSpend;
  domains: { id: DomainId; title: string; status: Status }[];
  controls: ControlResult[];
  subjects: Subject[];
  /** What the manifest lets the agent do, as assessed: a later run with --previous names what widened. */
  capabilities: Capabilities;
  /** Files read or passed over, so nobody has to guess what was examined. */
  sources: { examined: number; skipped: { name: string; reason: string }[] };
  /** What the agent is made of and what psf read of it (languages, dependency manifests, AI packages). */
  coverage: Coverage;
  /** The standards' items each control gives evidence for, with this assessment's verdicts (catalogue data). */
  crosswalk?: ReportCrosswalk[];
}

export interface Coverage {
  languages: { language: string; files: number; read: boolean }[];
  /** Up to 10 files in languages psf does not read. */
  unread_examples: string[];
  dependency_manifests: string[];
  packages: {
    name: string;
    ecosystem: "npm" | "pypi" | "other";
    kind: "model-sdk" | "agent-framework" | "mcp" | "gateway-client" | "tracing" | "ui" | "retrieval" | "unknown-ai";
    recognized: boolean;
    version?: string;
    first_seen: { file: string; line: number };
    imported: boolean;
    /** Unrecognized packages: the first import line in each other file that imports it (psf 0.2; absent when none). */
    also_imported_in?: { file: string; line: number }[];
  }[];
  /**
   * Third-party packages the agent's dependency manifests declare that psf's table of AI packages does
   * not list (`express`, a framework psf has not heard of), each at its manifest line; when psf found
   * nothing of the agent, the packages its files import too, first, each at its first import (psf 0.2;
   * absent when none).
   */
  unclassified?: { name: string; ecosystem: "npm" | "pypi" | "other"; first_seen: { file: string; line: number } }[];
}

/** A finding's place as `file:line:col` (what every renderer shows), or "" when it has no file. */
export function where(f: { file?: string; line?: number; column?: number }): string {
  return f.file ? formatPosition({ file: f.file, ...(f.line !== undefined ? { line: f.line } : {}), ...(f.column !== undefined ? { column: f.column } : {}) }) : "";
}
