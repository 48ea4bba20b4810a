import { where, type ControlResult, type Finding, type Report, type Waiver } from "./model.js";

/**
 * How the human formats (text, Markdown, HTML) show a control's findings so that a reviewer reads
 * each problem once. This is presentation only: the report keeps every finding (JSON, SARIF,
 * baselines and fingerprints need one per location); these groups are computed from it when printing.
 *
 * - Findings with the same level, fix and waiver form one group: the fix is printed once.
 * - Inside it, the same message at several places is one line with all its places.
 * - Messages that differ only in a word or two (a tool's name, the call a loop wraps) share one
 *   template with `…` for the words that differ; each place then shows its own words.
 * - A source place that other controls also report is cross-referenced ("also under RSG-05").
 */

export interface GroupedPlace {
  finding: Finding;
  /** `file:line:col`, or "" for a finding with no file. */
  location: string;
  /** The words of this finding's message that fill the template's `…` gaps; "" when the message is shared whole. */
  fill: string;
  /** Other controls with a finding at this same source place, in report order. */
  also: string[];
}

/** One message and every place it is reported at. */
export interface MessageGroup {
  level: Finding["level"] | "waived";
  /** The message every place shares, or a template with `…` where they differ (see `templated`). */
  message: string;
  templated: boolean;
  places: GroupedPlace[];
}

export interface FindingGroup {
  messages: MessageGroup[];
  /** The fix all of the group's findings share (unwaived findings only), printed once after its messages. */
  fix?: string;
  waiver?: Waiver;
  waiverRejected?: string;
}

/** Gap marker in a template message. */
export const GAP = "…";

/** Source places (not the manifest, whose findings point at a section for a missing key) → the controls that report each. */
export function placeIndex(report: Pick<Report, "controls" | "manifest">): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const c of report.controls) {
    for (const f of c.findings) {
      if (f.waived || !f.file || f.line === undefined || f.file === report.manifest) continue;
      const key = where(f);
      const ids = index.get(key) ?? [];
      if (!ids.includes(c.id)) ids.push(c.id);
      index.set(key, ids);
    }
  }
  return index;
}

const words = (s: string) => s.split(" ");

/** Positions where the token lists differ (all of equal length). */
function differing(lists: string[][]): number[] {
  const out: number[] = [];
  for (let i = 0; i < lists[0]!.length; i++) if (lists.some((l) => l[i] !== lists[0]![i])) out.push(i);
  return out;
}

/** Runs of consecutive positions: [[2,3],[7]]. */
function runs(positions: number[]): number[][] {
  const out: number[][] = [];
  for (const p of positions) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1] === p - 1) last.push(p);
    else out.push([p]);
  }
  return out;
}

/**
 * Messages read as one template when they have the same number of words, differ in at most two
 * places (runs of words), and share most of their words: "tool X executes with no audit record".
 */
function templatable(messages: string[]): boolean {
  const lists = messages.map(words);
  const n = lists[0]!.length;
  if (lists.some((l) => l.length !== n)) return false;
  const diff = differing(lists);
  const common = n - diff.length;
  // A template whose brackets do not pair up (a gap cutting `stepCountIs(400)` in two) reads as noise: the messages stay whole.
  return runs(diff).length <= 2 && common >= 4 && common * 2 >= n && balanced(template(messages).text);
}

/** Whether every ( [ { in the text is closed, in order. */
function balanced(text: string): boolean {
  const open: string[] = [];
  for (const c of text) {
    if (c === "(" || c === "[" || c === "{") open.push(c);
    else if (c === ")" || c === "]" || c === "}") {
      if (open.pop() !== PAIRS[c]) return false;
    }
  }
  return open.length === 0;
}

/** Punctuation a gap's words may open or close with: `(access write)` and `(access read)` read `(access …)`, never `(access …`. */
const OPENING = /^[([{"'`]+/;
const CLOSING = /[)\]}"'`,.;:]+$/;

/** The punctuation every word opens (or closes) with, or "" when they differ. */
function shared(words: string[], edge: RegExp): string {
  const marks = words.map((w) => edge.exec(w)?.[0] ?? "");
  return marks.every((m) => m === marks[0]) ? marks[0]! : "";
}

function template(messages: string[]): { text: string; fills: string[] } {
  const lists = messages.map(words);
  const gaps = runs(differing(lists));
  const gapAt = new Map(gaps.map((g) => [g[0]!, g]));
  const inGap = new Set(gaps.flat());
  const text: string[] = [];
  lists[0]!.forEach((w, i) => {
    const gap = gapAt.get(i);
    if (gap) text.push(`${shared(lists.map((l) => l[gap[0]!]!), OPENING)}${GAP}${shared(lists.map((l) => l[gap[gap.length - 1]!]!), CLOSING)}`);
    else if (!inGap.has(i)) text.push(w);
  });
  // Each fill keeps the word before its gap, so it reads on its own: "tool lookup_asn", "at src/a.ts:47".
  const fills = lists.map((l) => gaps.map((g) => unclosed((g[0]! > 0 ? [g[0]! - 1, ...g] : g).map((i) => l[i]).join(" "))).join(` ${GAP} `));
  return { text: text.join(" "), fills };
}

const PAIRS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/**
 * A fill without the closing marks that belong to the text around it: in `baseURL (ADK model "…")`
 * the fill is `model "gemini-2.0-flash"`, not `model "gemini-2.0-flash")`.
 */
function unclosed(fill: string): string {
  let out = fill;
  for (;;) {
    const last = out[out.length - 1];
    if (!last) return out;
    const open = PAIRS[last];
    const stray = open ? count(out, last) > count(out, open) : /["'`]/.test(last) && count(out, last) % 2 === 1;
    if (!stray) return out;
    out = out.slice(0, -1);
  }
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

/** The key of findings that can share one printed fix (and waiver), whatever their level. */
function partitionKey(f: Finding): string {
  const w = f.waiver;
  return JSON.stringify([f.waived, f.waived ? "" : f.fix ?? "", f.waived && w ? [w.source, w.file, w.line, w.reason, w.approvedBy, w.expires] : null, f.waiverRejected ?? ""]);
}

/**
 * A control's findings, grouped for reading; every finding is in exactly one place of one group.
 * Groups come in the order of their first finding (Map insertion order), so the report's order holds.
 */
export function groupFindings(control: Pick<ControlResult, "id" | "findings">, index: Map<string, string[]> = new Map()): FindingGroup[] {
  const partitions = new Map<string, Finding[]>();
  for (const f of control.findings) {
    const k = partitionKey(f);
    partitions.set(k, [...(partitions.get(k) ?? []), f]);
  }
  const groups: FindingGroup[] = [];
  for (const members of partitions.values()) {
    // Clusters of distinct messages that can share one line or one template.
    // The same message at the same level is one line; a message at two levels (rare) stays two.
    const levelOf = (f: Finding): MessageGroup["level"] => (f.waived ? "waived" : f.level);
    const byMessage = new Map<string, Finding[]>();
    for (const f of members) {
      const k = JSON.stringify([levelOf(f), f.message]);
      byMessage.set(k, [...(byMessage.get(k) ?? []), f]);
    }
    const clusters: Finding[][][] = [];
    for (const same of byMessage.values()) {
      const home = clusters.find((c) => levelOf(c[0]![0]!) === levelOf(same[0]!) && templatable([...c, same].map((x) => x[0]!.message)));
      if (home) home.push(same);
      else clusters.push([same]);
    }
    const first = members[0]!;
    const messages: MessageGroup[] = [];
    for (const cluster of clusters) {
      const t = cluster.length > 1 ? template(cluster.map((x) => x[0]!.message)) : { text: cluster[0]![0]!.message, fills: [""] };
      const places: GroupedPlace[] = [];
      cluster.forEach((same, i) => {
        for (const f of same) {
          const location = where(f);
          places.push({ finding: f, location, fill: t.fills[i]!, also: (index.get(location) ?? []).filter((id) => id !== control.id) });
        }
      });
      messages.push({ level: levelOf(cluster[0]![0]!), message: t.text, templated: cluster.length > 1, places });
    }
    groups.push({
      messages,
      ...(!first.waived && first.fix ? { fix: first.fix } : {}),
      ...(first.waived && first.waiver ? { waiver: first.waiver } : {}),
      ...(first.waiverRejected ? { waiverRejected: first.waiverRejected } : {}),
    });
  }
  return groups;
}

/**
 * The control's remediation (its summary and example) repeats what its fixes already say when every
 * finding is a missing or wrong manifest entry with its own fix (the fix is the YAML to write), and
 * being general it would ask for entries this manifest already has: print it only otherwise.
 * `psf explain ID` always shows it.
 */
export function exampleRepeatsFixes(control: Pick<ControlResult, "findings">, manifest: string): boolean {
  const open = control.findings.filter((f) => !f.waived);
  return open.length > 0 && open.every((f) => f.file === manifest && f.fix !== undefined && f.fix !== "");
}
