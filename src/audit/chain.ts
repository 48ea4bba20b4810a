import { createHash, verify as edVerify, type KeyObject } from "node:crypto";
import { canonicalBytes, CanonicalizationError } from "../attest/jcs.js";
import { keyIdOf } from "../attest/keys.js";

/*
 * The execution-log chain format (docs/audit-log.md). One record per line, each line the record's
 * RFC 8785 canonical JSON followed by "\n". Every record carries
 *   seq   0, 1, 2, … within its run (run_id or trace_id);
 *   prev  hex SHA-256 of the previous line's bytes (the previous record's canonical bytes), "" on line 1;
 * and, in signed mode,
 *   keyid the signer's key id (as psf prints it);
 *   sig   base64 Ed25519 signature over the canonical bytes of the record without `sig`.
 * The chain runs over the file in line order: one writer appends, whatever run a record belongs to.
 */

export type ProblemKind = "unreadable-record" | "not-canonical" | "schema" | "chain" | "signature" | "unknown-key" | "sequence-gap" | "sequence-repeat" | "time-backwards";

export interface LogProblem {
  line: number;
  kind: ProblemKind;
  message: string;
}

export interface LogSummary {
  records: number;
  runs: number;
  toolCalls: number;
  modelCalls: number;
  firstTime?: string;
  lastTime?: string;
  /** Sum of `cost`/`cost_usd`, when any record carries one. */
  spend?: number;
  signed: number;
}

export interface LogVerification {
  intact: boolean;
  problems: LogProblem[];
  /** The first line whose chain link fails: it and every line after it are untrusted. */
  chainBrokenAt?: number;
  summary: LogSummary;
}

export interface LogCheckOptions {
  /** The declared audit schema's validator: the error text for a record that does not match, else undefined. */
  validate?: (record: unknown) => string | undefined;
  /** Signed mode: every record must carry a signature by this key. */
  publicKey?: KeyObject;
  /** Stop listing problems after this many (the counts stay exact); the chain break is always kept. */
  maxProblems?: number;
  /** Stop checking at the first problem: enough to answer "intact or not" (the tamper tests). */
  failFast?: boolean;
}

const RUN_FIELDS = ["run_id", "trace_id"];
const TIME_FIELDS = ["timestamp", "ts", "time"];
const COST_FIELDS = ["cost", "cost_usd"];
const field = (r: Record<string, unknown>, names: string[]) => names.map((n) => r[n]).find((v) => v !== undefined);

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Checks a log line by line without holding it: feed each line's bytes (without the "\n") in order,
 * then call finish(). Memory grows with the number of runs, not records.
 */
export class AuditLogChecker {
  private readonly problems: LogProblem[] = [];
  private problemCount = 0;
  private prevHash = "";
  private chainBrokenAt: number | undefined;
  private readonly runs = new Map<string, { next: number; lastTime?: number }>();
  private readonly keyid: string | undefined;
  private readonly summary: LogSummary = { records: 0, runs: 0, toolCalls: 0, modelCalls: 0, signed: 0 };
  private minTime = Infinity;
  private maxTime = -Infinity;

  constructor(private readonly opts: LogCheckOptions = {}) {
    this.keyid = opts.publicKey ? keyIdOf(opts.publicKey) : undefined;
  }

  private report(line: number, kind: ProblemKind, message: string): void {
    this.problemCount++;
    if (this.problems.length < (this.opts.maxProblems ?? Infinity)) this.problems.push({ line, kind, message });
  }

  private breakChain(line: number, message: string): void {
    if (this.chainBrokenAt !== undefined) return;
    this.chainBrokenAt = line;
    this.report(line, "chain", `${message}; this record and every one after it are untrusted`);
  }

  line(lineNo: number, bytes: Buffer): void {
    if (this.opts.failFast && this.problemCount > 0) return;
    this.summary.records++;
    const hash = createHash("sha256").update(bytes).digest("hex");
    const expectedPrev = this.prevHash;
    // The next record links to these bytes whatever they hold: one damaged line breaks the chain once.
    this.prevHash = hash;
    let record: unknown;
    try {
      record = JSON.parse(utf8.decode(bytes));
    } catch {
      this.report(lineNo, "unreadable-record", "is not a JSON record (damaged, truncated or not UTF-8)");
      this.breakChain(lineNo, "the chain cannot be followed through an unreadable record");
      return;
    }
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      this.report(lineNo, "unreadable-record", "is not a JSON object");
      this.breakChain(lineNo, "the chain cannot be followed through a record that is not an object");
      return;
    }
    const r = record as Record<string, unknown>;
    let canonical: Buffer | undefined;
    try {
      canonical = canonicalBytes(r);
    } catch (e) {
      if (!(e instanceof CanonicalizationError)) throw e;
    }
    if (!canonical || !canonical.equals(bytes)) this.report(lineNo, "not-canonical", "is not written in RFC 8785 canonical form, so its hash is not reproducible");

    const schemaError = this.opts.validate?.(r);
    if (schemaError) this.report(lineNo, "schema", `does not match the audit schema: ${schemaError}`);

    if (r.prev !== expectedPrev) {
      const was = typeof r.prev === "string" ? (r.prev === "" ? "is empty" : `is ${r.prev.slice(0, 12)}…`) : "is missing";
      const want = lineNo === 1 ? "must be empty on the first line" : `should be the SHA-256 of line ${lineNo - 1} (${expectedPrev.slice(0, 12)}…)`;
      this.breakChain(lineNo, `prev ${was} but ${want}: a record before it was changed, removed or moved`);
    }

    this.checkSignature(lineNo, r);
    this.checkSequence(lineNo, r);
    this.tally(r);
  }

  private checkSignature(lineNo: number, r: Record<string, unknown>): void {
    if (typeof r.sig === "string") this.summary.signed++;
    if (!this.opts.publicKey) return;
    if (typeof r.sig !== "string" || typeof r.keyid !== "string") {
      this.report(lineNo, "signature", "carries no sig and keyid, but the log is checked as signed");
      return;
    }
    if (r.keyid !== this.keyid) {
      this.report(lineNo, "unknown-key", `is signed by key ${r.keyid}, not the given key ${this.keyid}`);
      return;
    }
    const { sig, ...unsigned } = r;
    const signature = /^[A-Za-z0-9+/]*={0,2}$/.test(sig) ? Buffer.from(sig, "base64") : Buffer.alloc(0);
    let ok = false;
    try {
      ok = signature.length === 64 && signature.toString("base64") === sig && edVerify(null, canonicalBytes(unsigned), this.opts.publicKey, signature);
    } catch (e) {
      if (!(e instanceof CanonicalizationError)) throw e;
    }
    if (!ok) this.report(lineNo, "signature", "has a signature that does not verify with the given key: the record was changed or forged");
  }

  private checkSequence(lineNo: number, r: Record<string, unknown>): void {
    const run = String(field(r, RUN_FIELDS) ?? "");
    let state = this.runs.get(run);
    if (!state) {
      state = { next: 0 };
      this.runs.set(run, state);
    }
    const label = run ? `run ${run}` : "the log";
    if (typeof r.seq !== "number" || !Number.isInteger(r.seq) || r.seq < 0) {
      this.report(lineNo, "sequence-gap", `has no valid seq (a whole number from 0 within ${label})`);
    } else if (r.seq > state.next) {
      const missing = r.seq - state.next === 1 ? `seq ${state.next} is` : `seq ${state.next}–${r.seq - 1} are`;
      this.report(lineNo, "sequence-gap", `${label}: seq ${r.seq} follows seq ${state.next - 1}; ${missing} missing`);
      state.next = r.seq + 1;
    } else if (r.seq < state.next) {
      this.report(lineNo, "sequence-repeat", `${label}: seq ${r.seq} comes again or out of order (expected ${state.next})`);
    } else state.next = r.seq + 1;

    const t = field(r, TIME_FIELDS);
    const ms = typeof t === "string" ? Date.parse(t) : typeof t === "number" ? t * (t < 1e12 ? 1000 : 1) : NaN;
    if (Number.isNaN(ms)) return;
    if (state.lastTime !== undefined && ms < state.lastTime) this.report(lineNo, "time-backwards", `${label}: timestamp ${String(t)} is earlier than the record before it in this run`);
    state.lastTime = Math.max(ms, state.lastTime ?? ms);
    this.minTime = Math.min(this.minTime, ms);
    this.maxTime = Math.max(this.maxTime, ms);
  }

  private tally(r: Record<string, unknown>): void {
    // The action names the kind when it says; otherwise a tool name or a model marks the call.
    const action = typeof r.action === "string" ? r.action.toLowerCase() : "";
    const tool = /tool/.test(action) || (!action && (r.tool_name !== undefined || r.tool !== undefined || r["gen_ai.tool.name"] !== undefined));
    const model = !tool && (/model|llm|chat|completion/.test(action) || (!action && (r.model !== undefined || r["gen_ai.request.model"] !== undefined)));
    if (tool) this.summary.toolCalls++;
    else if (model) this.summary.modelCalls++;
    const cost = field(r, COST_FIELDS);
    if (typeof cost === "number" && Number.isFinite(cost)) this.summary.spend = (this.summary.spend ?? 0) + cost;
  }

  finish(): LogVerification {
    this.summary.runs = this.runs.size;
    if (this.minTime !== Infinity) {
      this.summary.firstTime = new Date(this.minTime).toISOString();
      this.summary.lastTime = new Date(this.maxTime).toISOString();
    }
    if (this.summary.spend !== undefined) this.summary.spend = Math.round(this.summary.spend * 1e6) / 1e6;
    return { intact: this.problemCount === 0 && this.summary.records > 0, problems: this.problems, chainBrokenAt: this.chainBrokenAt, summary: this.summary };
  }

  get totalProblems(): number {
    return this.problemCount;
  }
}

/**
 * Split a byte stream into lines (without "\n"), numbered from 1. A final line without "\n" is
 * still a line: a log cut mid-record must show up as that damaged record.
 */
export async function* lines(chunks: AsyncIterable<Buffer>): AsyncGenerator<{ line: number; bytes: Buffer }> {
  let carry: Buffer = Buffer.alloc(0);
  let n = 0;
  for await (const chunk of chunks) {
    let start = 0;
    let buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    for (let i = buf.indexOf(10, start); i !== -1; i = buf.indexOf(10, start)) {
      yield { line: ++n, bytes: buf.subarray(start, i) };
      start = i + 1;
    }
    carry = Buffer.from(buf.subarray(start));
    buf = Buffer.alloc(0);
  }
  if (carry.length) yield { line: ++n, bytes: carry };
}

/** Check a whole log held in memory (tests, small logs): the same checks as the streaming path. */
export function verifyAuditLogBytes(bytes: Buffer, opts: LogCheckOptions = {}): LogVerification {
  const checker = new AuditLogChecker(opts);
  let start = 0;
  let n = 0;
  while (start < bytes.length) {
    const i = bytes.indexOf(10, start);
    const end = i === -1 ? bytes.length : i;
    checker.line(++n, bytes.subarray(start, end));
    start = end + 1;
  }
  return checker.finish();
}
