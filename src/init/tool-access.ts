import type { Facts, SourceLocation, ToolDef } from "../facts/types.js";
import type { ToolAccess } from "../manifest/types.js";
import { lineAt } from "../util/text.js";

/**
 * The access `psf init` proposes for each tool the source defines: from what its body does (the
 * operations, file writes and HTTP calls Facts finds there), else from its name.
 */
export interface DetectedTool {
  name: string;
  access: ToolAccess;
  requiresApproval: boolean;
  /** Where it is defined, `src/tools.ts:12`. */
  at: string;
  /** Why this access level: the operation found in its body, or that nothing was found. */
  why: string;
}

const at = (loc: SourceLocation) => `${loc.file}:${loc.line}`;

/** Operations that destroy (delete, drop, run a shell), that spend, and that write. */
const DESTROYS = /rm|unlink|delete|drop|truncate|exec|spawn|kill|destroy|purge|remove|subprocess|system|popen|shell|eval|pty\./i;
const SPENDS = /charge|payment|pay\b|purchase|transfer|invoice|checkout|stripe|order/i;
/** A tool named like a lookup only reads; anything else with no detected operation is treated as a write until a person says otherwise. */
const READ_NAME = /^(get|lookup|look_up|search|list|read|fetch|find|query|describe|show|check|count|resolve|inspect|view)(?:[_-]|[A-Z]|$)/;
const WRITE_NAME = /^(write|create|update|put|post|send|save|insert|upsert|set|add|publish|upload|edit|patch|append|commit|deploy|email|notify)(?:[_-]|[A-Z]|$)/i;
const DESTROY_NAME = /^(delete|remove|drop|purge|destroy|wipe|clear|cleanup|clean|kill|reset|truncate|exec|run_?shell|shell)(?:[_-]|[A-Z]|$)/i;
const SPEND_NAME = /^(pay|buy|purchase|charge|order|checkout|refund|transfer)(?:[_-]|[A-Z]|$)/i;

/** HTTP calls by their verb (`requests.get`, `httpx.AsyncClient.post`, `axios.delete`); `fetch` says no verb. */
const HTTP_READ = /\.(get|head|options)$/;
const HTTP_WRITE = /\.(post|put|patch)$/;
const HTTP_DELETE = /\.delete$/;

export function detectTools(facts: Facts, textOf?: (file: string) => string | undefined): DetectedTool[] {
  const byName = new Map<string, DetectedTool>();
  /** The outbound calls written in a tool's body (not in the functions it calls: Facts does not attribute those). */
  const httpIn = (t: ToolDef) => {
    const body = t.body;
    const text = body ? textOf?.(body.file) : undefined;
    if (!body || text === undefined) return [];
    const [from, to] = [lineAt(text, body.start), lineAt(text, body.end)];
    return facts.urls.filter((u) => u.loc.file === body.file && u.loc.line >= from && u.loc.line <= to);
  };
  for (const t of facts.tools) {
    if (byName.has(t.name)) continue;
    // Facts attributes each operation to the tool whose body reaches it (directly or through a call).
    const ops = facts.destructive.filter((op) => op.tool === t.name);
    const http = httpIn(t);
    const httpDelete = http.find((u) => HTTP_DELETE.test(u.api));
    const httpWrite = http.find((u) => HTTP_WRITE.test(u.api));
    const onlyGets = http.length > 0 && http.every((u) => HTTP_READ.test(u.api));
    let access: ToolAccess;
    let why: string;
    const spendOp = ops.find((o) => SPENDS.test(o.op));
    const destroyOp = ops.find((o) => DESTROYS.test(o.op));
    if (spendOp) [access, why] = ["spend", `its body calls ${spendOp.op} (${at(spendOp.loc)})`];
    else if (destroyOp) [access, why] = ["destructive", `its body calls ${opsText(ops.filter((o) => DESTROYS.test(o.op)))}`];
    else if (ops[0]) [access, why] = ["write", `its body calls ${ops[0].op} (${at(ops[0].loc)})`];
    else if (httpDelete) [access, why] = ["destructive", `its body sends ${httpDelete.api} (${at(httpDelete.loc)})`];
    else if (httpWrite) [access, why] = ["write", `its body sends ${httpWrite.api} (${at(httpWrite.loc)})`];
    // A lookup that keeps what it fetched (a cache file) still reads, as far as the world is concerned; say what it writes so a person can decide.
    else if (t.writes?.length && READ_NAME.test(t.name)) [access, why] = ["read", `named like a lookup; its body only writes files (${writesText(t.writes)}): a cache? declare write if others read them`];
    else if (t.writes?.length) [access, why] = ["write", `its body writes (${writesText(t.writes)})`];
    else if (SPEND_NAME.test(t.name)) [access, why] = ["spend", "named like a payment; no operation found in its body"];
    else if (DESTROY_NAME.test(t.name)) [access, why] = ["destructive", "named like a deletion; no operation found in its body"];
    else if (WRITE_NAME.test(t.name)) [access, why] = ["write", "named like a write; no operation found in its body"];
    else if (onlyGets) [access, why] = ["read", `its body only fetches (${http[0]!.api} at ${at(http[0]!.loc)}) and no write was found in it`];
    else if (READ_NAME.test(t.name)) [access, why] = ["read", "named like a lookup and no write found in its body"];
    else [access, why] = ["write", "could not tell what it does: assumed to write until you say otherwise"];
    const requiresApproval = access !== "read" || t.approval === "always";
    byName.set(t.name, { name: t.name, access, requiresApproval, at: at(t.loc), why });
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function opsText(ops: { op: string; loc: SourceLocation }[]): string {
  return `${ops.slice(0, 2).map((o) => `${o.op} (${at(o.loc)})`).join(", ")}${ops.length > 2 ? ", …" : ""}`;
}

function writesText(writes: NonNullable<ToolDef["writes"]>): string {
  return `${writes.slice(0, 2).map((w) => `${w.op} at ${at(w.loc)}`).join(", ")}${writes.length > 2 ? ", …" : ""}`;
}
