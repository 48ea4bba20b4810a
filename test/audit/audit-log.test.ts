import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadRecordValidator, verifyAuditLogBytes, type LogCheckOptions } from "../../src/audit/index.js";
import { fixture, psf } from "../helpers.js";

const dir = fixture("audit-log");
const schema = `${dir}/audit-schema.json`;
const pub = `${dir}/orchestrator.pub`;
const opts = (): LogCheckOptions => ({ validate: loadRecordValidator(schema), publicKey: createPublicKey(readFileSync(pub)) });

describe("psf audit verify on the fixture logs", () => {
  it.each([
    // log, signed mode, exit, the line where each kind of problem shows up
    ["intact.jsonl", true, 0, {}],
    ["intact-unsigned.jsonl", false, 0, {}],
    ["truncated.jsonl", true, 1, { "unreadable-record": 10, chain: 10 }],
    ["edited.jsonl", true, 1, { signature: 5, chain: 6 }],
    ["edited.jsonl", false, 1, { chain: 6 }],
    ["removed.jsonl", true, 1, { chain: 4, "sequence-gap": 5 }],
    ["reordered.jsonl", true, 1, { chain: 6, "sequence-gap": 6, "sequence-repeat": 7, "time-backwards": 7 }],
    ["forged-signature.jsonl", true, 1, { signature: 7 }],
  ] as const)("%s (signed mode %s): exit %i, problems at the right lines", (log, signed, code, firstAt) => {
    const r = psf(["audit", "verify", `${dir}/${log}`, "--schema", schema, ...(signed ? ["--key", pub] : []), "--format", "json"]);
    expect(r.code, r.stderr).toBe(code);
    const out = JSON.parse(r.stdout) as { intact: boolean; problems: { line: number; kind: string }[] };
    const first: Record<string, number> = {};
    for (const p of out.problems) first[p.kind] ??= p.line;
    expect(first).toEqual(firstAt);
  });

  it("the text report names the break and gives the summary", () => {
    const r = psf(["audit", "verify", `${dir}/removed.jsonl`, "--schema", schema, "--key", pub]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/records\s+9 in 2 runs \(1 tool calls, 3 model calls\)/);
    expect(r.stdout).toMatch(/line 5: run run-a: seq 3 follows seq 1; seq 2 is missing/);
    expect(r.stdout).toMatch(/the chain breaks at line 4/);
    const ok = psf(["audit", "verify", `${dir}/intact.jsonl`, "--schema", schema, "--key", pub]);
    expect(ok.stdout).toMatch(/spend\s+0\.0251/);
    expect(ok.stdout).toMatch(/time span\s+2026-11-20T09:00:00\.000Z – 2026-11-20T09:00:14\.000Z/);
    expect(ok.stdout).toMatch(/INTACT: 10 records/);
  });

  it("a record that does not match the declared schema is reported at its line", () => {
    const bytes = readFileSync(`${dir}/intact-unsigned.jsonl`);
    const strict = JSON.parse(readFileSync(schema, "utf8")) as { required: string[] };
    strict.required.push("model");
    const v = verifyAuditLogBytes(bytes, { validate: (r) => (typeof (r as { model?: unknown }).model === "string" ? undefined : "record must have required property 'model'") });
    expect(v.problems.filter((p) => p.kind === "schema").map((p) => p.line)).toEqual([1, 3, 4, 7, 8, 9, 10]);
  });

  it.each([
    [["nope.jsonl", "--schema", schema], /nope\.jsonl: cannot read the log/],
    [["intact.jsonl", "--schema", "nope.json"], /nope\.json: cannot read the audit schema/],
    [["intact.jsonl", "--schema", "orchestrator.pub"], /orchestrator\.pub(:\d+:\d+)?: the audit schema is not JSON/],
    [["intact.jsonl", "--schema", schema, "--key", "audit-schema.json"], /audit-schema\.json/],
  ])("unreadable input is exit 2 with the file named: %j", (args, message) => {
    const r = psf(["audit", "verify", ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("every single-byte change to the intact log is detected", () => {
  const intact = readFileSync(`${dir}/intact.jsonl`);
  const o = { ...opts(), failFast: true };

  it("the intact log verifies", () => {
    expect(verifyAuditLogBytes(intact, o).intact).toBe(true);
  });

  it.each([
    ["the lowest bit flipped", 0x01],
    ["the top bit flipped (invalid UTF-8)", 0x80],
  ])("at every byte, with %s", (_, mask) => {
    const missed: number[] = [];
    for (let i = 0; i < intact.length; i++) {
      const copy = Buffer.from(intact);
      copy[i] = copy[i]! ^ mask;
      if (verifyAuditLogBytes(copy, o).intact) missed.push(i);
    }
    expect(missed).toEqual([]);
  });

  it("hash-chain-only mode misses no change before the last record (the last one has no successor to vouch for it)", () => {
    const unsigned = readFileSync(`${dir}/intact-unsigned.jsonl`);
    const lastStart = unsigned.subarray(0, -1).lastIndexOf(10) + 1;
    const missed: number[] = [];
    for (let i = 0; i < lastStart; i++) {
      const copy = Buffer.from(unsigned);
      copy[i] = copy[i]! ^ 0x01;
      if (verifyAuditLogBytes(copy, { validate: o.validate }).intact) missed.push(i);
    }
    expect(missed).toEqual([]);
  });
});
