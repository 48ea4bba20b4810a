import { createReadStream, statSync } from "node:fs";
import { loadPublicKey } from "../../attest/keys.js";
import { AuditLogChecker, lines, loadRecordValidator, type LogVerification } from "../../audit/index.js";
import { InputError } from "../../errors.js";
import type { CommandIO } from "../io.js";

/** Problems listed one by one; past this the output gives the count (a 1 GB log can be all problems). */
const MAX_LISTED = 200;

/** `psf audit verify`: what runs once the command line is parsed (its options are declared in audit.ts). */
export async function runAuditVerify(log: string, opts: { schema: string; key?: string; format: "text" | "json" }, io: CommandIO): Promise<void> {
  const validate = loadRecordValidator(opts.schema);
  const publicKey = opts.key ? loadPublicKey(opts.key).publicKey : undefined;
  let size: number;
  try {
    const st = statSync(log);
    if (!st.isFile()) throw new InputError("is not a file", { file: log });
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read the log: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: log });
  }
  const checker = new AuditLogChecker({ validate, publicKey, maxProblems: MAX_LISTED });
  try {
    for await (const { line, bytes } of lines(createReadStream(log))) checker.line(line, bytes);
  } catch (e) {
    throw new InputError(`cannot read the log: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: log });
  }
  const result = checker.finish();
  if (opts.format === "json") io.stdout.write(JSON.stringify({ log, bytes: size, signedMode: Boolean(publicKey), ...result, totalProblems: checker.totalProblems }, null, 2) + "\n");
  else io.stdout.write(describe(log, result, checker.totalProblems, Boolean(publicKey)));
  io.setExitCode(result.intact ? 0 : 1);
}

function describe(log: string, v: LogVerification, total: number, signedMode: boolean): string {
  const s = v.summary;
  const out = [`log          ${log}`, `records      ${s.records} in ${s.runs} run${s.runs === 1 ? "" : "s"} (${s.toolCalls} tool calls, ${s.modelCalls} model calls)`];
  if (s.firstTime) out.push(`time span    ${s.firstTime} – ${s.lastTime}`);
  if (s.spend !== undefined) out.push(`spend        ${s.spend} (sum of the records' cost)`);
  out.push(`mode         ${signedMode ? `signed: every record's Ed25519 signature checked (${s.signed} signed)` : `hash chain only${s.signed ? ` (${s.signed} records carry signatures: pass --key to check them)` : ""}`}`);
  for (const p of v.problems) out.push(`  line ${p.line}: ${p.message}`);
  if (total > v.problems.length) out.push(`  … and ${total - v.problems.length} more problems`);
  if (s.records === 0) out.push("result       BROKEN: the log holds no records");
  else if (v.intact) out.push(`result       INTACT: ${s.records} records, chain unbroken${signedMode ? ", every signature valid" : ""}`);
  else out.push(`result       BROKEN: ${total} problem${total === 1 ? "" : "s"}${v.chainBrokenAt ? `; the chain breaks at line ${v.chainBrokenAt}, so nothing from there on can be trusted` : ""}`);
  return out.join("\n") + "\n";
}
