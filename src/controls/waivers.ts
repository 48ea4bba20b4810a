import { parseDate } from "../manifest/duration.js";
import { isPythonFile } from "../facts/python/parser.js";
import type { LoadedManifest } from "../manifest/load.js";
import { textReleased, type SourceSet } from "../sources/collect.js";
import { WAIVER_MARKER } from "../sources/markers.js";
import type { Finding, Waiver } from "../result/model.js";
import type { RawFinding } from "./types.js";
import { PLACEHOLDER } from "./placeholders.js";

/** Readiness is the verdict over every other control; waiving it would waive the gate itself. */
const UNWAIVABLE = new Set(["DRA-04"]);

export interface ManifestWaiverVerdict {
  control: string;
  index: number;
  waiver?: Waiver;
  rejected?: string;
  /** The key of the waiver that makes it not apply (`expires`, `approved_by`, …), for pointing at it. */
  rejectedKey?: string;
}

/** Judge each manifest waiver: it applies only with a reason, an approver who is not the owner, and an unexpired date. */
export function judgeManifestWaivers(loaded: LoadedManifest, now: Date): ManifestWaiverVerdict[] {
  const owner = loaded.value.deployment.owner.trim().toLowerCase();
  return (loaded.value.waivers ?? []).map((w, index) => {
    const pos = loaded.locate(["waivers", index]);
    const where = `${pos.file}:${pos.line}`;
    const reject = (why: string, key: string): ManifestWaiverVerdict => ({ control: w.control, index, rejected: `the waiver at ${where} does not apply: ${why}`, rejectedKey: key });
    if (UNWAIVABLE.has(w.control)) return reject(`${w.control} cannot be waived`, "control");
    if (!w.reason?.trim()) return reject("it has no reason", "reason");
    if (PLACEHOLDER.test(w.reason)) return reject("it still holds a CHANGE-ME placeholder", "reason");
    if (PLACEHOLDER.test(w.approved_by ?? "")) return reject("it still holds a CHANGE-ME placeholder", "approved_by");
    if (!w.approved_by?.trim()) return reject("it names no approver (approved_by)", "approved_by");
    if (w.approved_by.trim().toLowerCase() === owner) return reject(`it is approved by the owner (${w.approved_by}); someone else must approve`, "approved_by");
    if (!w.expires) return reject("it has no expiry date (expires)", "expires");
    const exp = parseDate(w.expires);
    if (!exp) return reject(`its expiry ${w.expires} is not a real date`, "expires");
    // A waiver is good through the whole of its expiry day (UTC).
    if (now.getTime() >= exp.getTime() + 86_400_000) return reject(`it expired on ${w.expires}`, "expires");
    return { control: w.control, index, waiver: { source: "manifest", reason: w.reason.trim(), approvedBy: w.approved_by, expires: w.expires, file: pos.file, line: pos.line } };
  });
}

export interface InlineMarker {
  control: string;
  reason: string | undefined;
  file: string;
  line: number;
  column: number;
}

const MARKER = new RegExp(`${WAIVER_MARKER}\\s+([A-Za-z]{3}-\\d{2})\\b\\s*(?::\\s*(.*?))?\\s*(?:\\*\\/\\s*)?$`);

/** Every `// psf-waive ID: reason` marker in the sources, by file and line. */
export function findInlineMarkers(sources: SourceSet): Map<string, Map<number, InlineMarker>> {
  const out = new Map<string, Map<number, InlineMarker>>();
  for (const f of sources.files) {
    // A text let go after its walk has no marker (extract.ts keeps every text that has one).
    if (textReleased(f) || !f.text.includes(WAIVER_MARKER)) continue;
    const lines = f.text.split("\n");
    lines.forEach((text, i) => {
      const idx = text.indexOf(WAIVER_MARKER);
      if (idx < 0) return;
      const m = MARKER.exec(text.slice(idx));
      if (!m) return;
      const reason = m[2]?.trim();
      let byLine = out.get(f.path);
      if (!byLine) out.set(f.path, (byLine = new Map()));
      byLine.set(i + 1, { control: m[1]!.toUpperCase(), reason: reason || undefined, file: f.path, line: i + 1, column: idx + 1 });
    });
  }
  return out;
}

/** The inline marker that covers a finding: on its line or the line above, naming its control. */
export function inlineMarkerFor(markers: Map<string, Map<number, InlineMarker>>, control: string, f: Pick<Finding, "file" | "line">): InlineMarker | undefined {
  if (!f.file || !f.line) return undefined;
  const byLine = markers.get(f.file);
  if (!byLine) return undefined;
  for (const l of [f.line, f.line - 1]) {
    const m = byLine.get(l);
    if (m && m.control === control) return m;
  }
  return undefined;
}

/** A bare marker waives nothing and is itself reported on the control it names. */
export function bareMarkerFindings(markers: Map<string, Map<number, InlineMarker>>, control: string): RawFinding[] {
  const out: RawFinding[] = [];
  for (const byLine of markers.values()) {
    for (const m of byLine.values()) {
      if (m.control === control && !m.reason) {
        out.push({ level: "warn", message: `psf-waive ${control} without a reason waives nothing`, loc: { file: m.file, line: m.line, column: m.column }, fix: `write the reason: ${isPythonFile(m.file) ? "#" : "//"} psf-waive ${control}: <why this is acceptable>` });
      }
    }
  }
  return out;
}
