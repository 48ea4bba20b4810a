/**
 * The result model: what the controls produce (a verdict per control, with its findings) and the
 * vocabulary of statuses and severities. Controls write it; the report layer (src/report/) and the
 * catalogue read it. It imports nothing, so no layer above it can create a circle through it.
 */

export type Status = "pass" | "fail" | "warn" | "waived" | "not_applicable" | "error";
export type Severity = "critical" | "high" | "medium" | "low";
export type DomainId = "RSG" | "OOC" | "ABC" | "IAA" | "DRA";
/** What one finding says about its control: it fails it, only warns, or the tool could not decide. */
export type FindingLevel = "fail" | "warn" | "error";

export const STATUSES: readonly Status[] = ["pass", "fail", "warn", "waived", "not_applicable", "error"];
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

export interface Waiver {
  /** Where the waiver was declared: the manifest's `waivers:` list or a `// psf-waive` comment. */
  source: "manifest" | "inline";
  reason: string;
  approvedBy?: string;
  expires?: string;
  /** file:line of the waiver itself. */
  file: string;
  line: number;
}

export interface Finding {
  level: FindingLevel;
  message: string;
  /** Relative to the manifest's folder, with `/`. Absent only for report-level findings. */
  file?: string;
  line?: number;
  column?: number;
  /** How to fix this one finding, when it differs from the control's remediation. */
  fix?: string;
  waived: boolean;
  waiver?: Waiver;
  /** Why a waiver that named this control did not apply (expired, no reason, approver is the owner). */
  waiverRejected?: string;
}

export interface ControlResult {
  id: string;
  domain: DomainId;
  title: string;
  severity: Severity;
  status: Status;
  evidence: string[];
  findings: Finding[];
  /** Facts worth printing that are not findings: the RSG-06 derivation, what was checked. */
  notes: string[];
  remediation: string;
  remediationExample?: string;
}

export interface WorstCaseSpend {
  horizonHours: 72;
  bounded: boolean;
  amount: number | null;
  currency: string | null;
  derivation: string;
}

export interface Capabilities {
  tools: { name: string; access: string; requires_approval: boolean }[];
  endpoints: string[];
  limits: Record<string, unknown>;
  ceiling: { amount: number; currency: string; period: string } | null;
  /** MCP servers the agent attaches; absent in reports of psf before 0.2. */
  mcp_servers?: { name: string; transport: string; target: string; source: string }[];
}

export interface Subject {
  name: string;
  digest: { sha256: string };
}

/** Worst first: the order in which one status outranks another when they are folded together. */
const RANK: Record<Status, number> = { error: 5, fail: 4, warn: 3, waived: 2, pass: 1, not_applicable: 0 };
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = "not_applicable";
  let any = false;
  for (const s of statuses) {
    if (!any || RANK[s] > RANK[worst]) worst = s;
    any = true;
  }
  return any ? worst : "not_applicable";
}

export function severityAtLeast(s: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(s) <= SEVERITIES.indexOf(threshold);
}

/** Does this status block readiness? `error` blocks exactly as `fail` does; `warn` only under --strict. */
export function blocks(status: Status, strict: boolean): boolean {
  return status === "fail" || status === "error" || (strict && status === "warn");
}
