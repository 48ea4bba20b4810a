import type { Manifest, ManifestPath } from "../manifest/types.js";
import type { RawFinding } from "./types.js";

/** The marker `psf init --yes` writes where only a person can answer. */
export const PLACEHOLDER = /CHANGE-ME/i;

/** Which control reads which part of the manifest: a placeholder there fails that control. Longest prefix wins. */
const READERS: [string, string][] = [
  ["deployment.owner", "DRA-01"],
  ["spend.ceiling", "RSG-01"],
  ["spend.per_run", "RSG-01"],
  ["spend.enforcement", "RSG-02"],
  ["spend.alerts", "RSG-03"],
  ["spend.cost_model", "RSG-06"],
  ["oversight.checkpoints", "OOC-01"],
  ["oversight.pause_signal", "OOC-02"],
  ["oversight.approvers", "OOC-04"],
  ["oversight.notify", "OOC-04"],
  ["boundaries.endpoints", "ABC-01"],
  ["boundaries.tools", "OOC-03"],
  ["boundaries.limits.max_steps", "ABC-03"],
  ["boundaries.termination", "ABC-03"],
  ["boundaries.limits.max_subtasks", "ABC-04"],
  ["boundaries.limits.max_depth", "ABC-04"],
  ["boundaries.limits", "ABC-05"],
  ["boundaries.limits.timeout", "ABC-06"],
  ["boundaries.policy", "ABC-07"],
  ["audit.schema", "IAA-01"],
  ["audit.tamper_evidence", "IAA-02"],
  ["audit.signing_key_access", "IAA-02"],
  ["audit.sink", "IAA-03"],
  ["audit.retention", "IAA-05"],
  ["readiness.reviewers", "DRA-01"],
  ["readiness.reviewed_at", "DRA-01"],
  ["readiness.control_tests", "DRA-02"],
  ["readiness.reassess_every", "DRA-03"],
];

function readerOf(p: ManifestPath): string | undefined {
  const dotted = p.filter((s) => typeof s === "string").join(".");
  let best: [string, string] | undefined;
  for (const r of READERS) if ((dotted === r[0] || dotted.startsWith(r[0] + ".")) && (!best || r[0].length > best[0].length)) best = r;
  return best?.[1];
}

/** Placeholder findings by control id: a value nobody filled in is never evidence of a control. */
export function placeholderFindings(m: Manifest): Map<string, RawFinding[]> {
  const out = new Map<string, RawFinding[]>();
  const visit = (v: unknown, p: (string | number)[]): void => {
    if (typeof v === "string") {
      if (!PLACEHOLDER.test(v)) return;
      const id = readerOf(p);
      if (!id) return;
      const list = out.get(id) ?? [];
      list.push({ level: "fail", message: `${p.map((s, i) => (typeof s === "number" ? `[${s}]` : i ? `.${s}` : s)).join("")} is still the placeholder "${v}"`, at: p, fix: "replace the placeholder with the real value" });
      out.set(id, list);
    } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...p, i]));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) visit(x, [...p, k]);
  };
  visit(m, []);
  return out;
}
