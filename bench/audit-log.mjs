// `node bench/audit-log.mjs`: the streaming figure for `psf audit verify`. Writes a synthetic
// hash-chained log of PSF_BENCH_LOG_MB megabytes (default 1024; PSF_BENCH_SIGNED=1 signs every
// record too, which makes writing and checking slower), then runs the real command on it in a
// child process and prints log size, records/s and peak RSS. Prints numbers; asserts nothing.
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AuditLogWriter } from "../dist/audit/write.js";

const targetBytes = Number(process.env.PSF_BENCH_LOG_MB ?? 1024) * 1024 * 1024;
const signed = process.env.PSF_BENCH_SIGNED === "1";
const dir = mkdtempSync(path.join(os.tmpdir(), "psf-bench-audit-"));
const log = path.join(dir, "log.jsonl");
const schema = path.join(dir, "schema.json");
writeFileSync(schema, JSON.stringify({ type: "object", required: ["timestamp", "run_id", "seq", "action", "outcome"] }));

const keys = generateKeyPairSync("ed25519");
if (signed) writeFileSync(path.join(dir, "k.pub"), keys.publicKey.export({ type: "spki", format: "pem" }));
const writer = signed ? new AuditLogWriter(keys.privateKey, keys.publicKey) : new AuditLogWriter();

const fd = openSync(log, "w");
let written = 0, records = 0;
const seqs = new Map();
const t0 = Date.parse("2026-11-20T00:00:00Z");
const batch = [];
while (written < targetBytes) {
  const run = `run-${records % 97}`;
  const seq = seqs.get(run) ?? 0;
  seqs.set(run, seq + 1);
  const tool = records % 3 === 0;
  const line = writer.append({
    run_id: run, seq, timestamp: new Date(t0 + records * 10).toISOString(), triggering_state: "acting",
    action: tool ? "tool_call" : "model_call", outcome: "ok",
    ...(tool ? { tool_name: "fetch_url", tool_input: { url: `https://example.org/${records}` } } : { model: "m-1", tokens: { input: 1000, output: 200 }, cost_usd: 0.004 }),
  });
  batch.push(line);
  written += line.length;
  records++;
  if (batch.length === 4096) writeSync(fd, Buffer.concat(batch.splice(0)));
}
writeSync(fd, Buffer.concat(batch));
closeSync(fd);

const child = path.join(import.meta.dirname, "audit-log-child.mjs");
const args = [child, "audit", "verify", log, "--schema", schema, ...(signed ? ["--key", path.join(dir, "k.pub")] : []), "--format", "json"];
const start = process.hrtime.bigint();
const out = execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 26 });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const last = JSON.parse(out.trim().split("\n").pop());
const size = statSync(log).size;
console.log(JSON.stringify({ mode: signed ? "signed" : "hash chain", logMB: +(size / 2 ** 20).toFixed(1), records, seconds: +seconds.toFixed(1), recordsPerSecond: Math.round(records / seconds), peakRssMB: +(last.maxRssKB / 1024).toFixed(1), exit: last.exit }));
rmSync(dir, { recursive: true, force: true });
