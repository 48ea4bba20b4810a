import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { attestReport, verifyEnvelope } from "../../src/attest/attestation.js";
import { pae } from "../../src/attest/dsse.js";
import { AttestationError } from "../../src/attest/errors.js";
import { keyIdOf } from "../../src/attest/keys.js";
import { checkStatement } from "../../src/attest/statement.js";
import { parseStrictJson, StrictJsonError } from "../../src/attest/strict-json.js";
import { InputError } from "../../src/errors.js";
import type { Report } from "../../src/report/model.js";
import { psfInProcess } from "./setup.js";

const TYPE = "application/vnd.in-toto+json";
const HEX = "a".repeat(64);
const { privateKey, publicKey } = generateKeyPairSync("ed25519");

/** The smallest payload checkStatement accepts, as JSON text with `extra` spliced into the predicate. */
function payloadText(extra = "", name = '"agent"'): string {
  const subject = `[{"name":"psf.yaml","digest":{"sha256":"${HEX}"}}]`;
  return `{"_type":"https://in-toto.io/Statement/v1","subject":${subject},"predicateType":"https://psf.dev/attestation/readiness/v1","predicate":{"format":"psf.report/v1","generatedAt":"2026-11-21T12:00:00Z","manifest":"psf.yaml","ready":false,${extra}"deployment":{"name":${name}},"subjects":${subject}}}`;
}
function envelopeFor(body: Buffer, key: KeyObject = privateKey): string {
  const sig = sign(null, pae(TYPE, body), key).toString("base64");
  return JSON.stringify({ payloadType: TYPE, payload: body.toString("base64"), signatures: [{ keyid: keyIdOf(key), sig }] }) + "\n";
}
function problemOf(envelope: string | Buffer): { problem: string; message: string } | "valid" {
  try {
    verifyEnvelope(envelope, publicKey);
    return "valid";
  } catch (e) {
    if (!(e instanceof AttestationError)) throw e;
    return { problem: e.problem, message: e.message };
  }
}

describe("strict JSON under the signature", () => {
  it("a well-formed signed payload verifies (the baseline the rows below change)", () => {
    expect(problemOf(envelopeFor(Buffer.from(payloadText(), "utf8")))).toBe("valid");
    expect(problemOf(envelopeFor(Buffer.from(payloadText(), "utf8"), privateKey))).toBe("valid");
    expect(verifyEnvelope(envelopeFor(Buffer.from(payloadText(), "utf8")), publicKey).report.ready).toBe(false);
  });

  // Each payload is signed by the right key: only strictness can refuse it.
  const rows: [string, Buffer, RegExp][] = [
    ["a duplicate key in the predicate (last would win: ready)", Buffer.from(payloadText(`"ready":true,`)), /duplicate key "ready"/],
    ["a duplicate key deep inside", Buffer.from(payloadText("", `"a","name":"b"`)), /duplicate key "name"/],
    ["a lone high surrogate", Buffer.from(payloadText("", `"\\ud800"`)), /lone surrogate/],
    ["a lone low surrogate", Buffer.from(payloadText("", `"x\\udc00y"`)), /lone surrogate/],
    ["bytes that are not UTF-8", Buffer.from(payloadText("", '"\u00ff"'), "latin1") /* ÿ as one byte 0xff */, /not UTF-8/],
  ];
  it.each(rows)("%s → invalid statement", (_what, body, message) => {
    const r = problemOf(envelopeFor(body));
    expect(r).not.toBe("valid");
    expect((r as { problem: string }).problem).toBe("statement");
    expect((r as { message: string }).message).toMatch(message);
  });

  it("a duplicate key in the envelope itself is refused, though the last payload is well signed", () => {
    const good = JSON.parse(envelopeFor(Buffer.from(payloadText()))) as { payload: string; payloadType: string; signatures: unknown[] };
    const text = `{"payloadType":"${TYPE}","payload":"e30=","payload":"${good.payload}","signatures":${JSON.stringify(good.signatures)}}`;
    const r = problemOf(text);
    expect(r).not.toBe("valid");
    expect((r as { message: string }).message).toMatch(/duplicate key "payload"/);
  });

  it("`psf verify` says INVALID (exit 1) for a signed payload with a duplicate key", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "psf-strict-"));
    writeFileSync(path.join(dir, "a.intoto.jsonl"), envelopeFor(Buffer.from(payloadText(`"ready":true,`))));
    writeFileSync(path.join(dir, "k.pub"), publicKey.export({ type: "spki", format: "pem" }));
    const r = await psfInProcess(["verify", path.join(dir, "a.intoto.jsonl"), "--key", path.join(dir, "k.pub"), dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/INVALID attestation: .*duplicate key "ready"/);
  });
});

describe("a signed report of another shape", () => {
  it("a report whose sources.skipped is not a list still gets a drift verdict (exit 1), not an internal error", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "psf-shape-"));
    writeFileSync(path.join(dir, "psf.yaml"), "psf: 1\ndeployment:\n  name: agent\n  owner: a@example.net\n");
    writeFileSync(path.join(dir, "a.intoto.jsonl"), envelopeFor(Buffer.from(payloadText(`"sources":{"skipped":{"name":1}},`))));
    writeFileSync(path.join(dir, "k.pub"), publicKey.export({ type: "spki", format: "pem" }));
    const r = await psfInProcess(["verify", path.join(dir, "a.intoto.jsonl"), "--key", path.join(dir, "k.pub"), dir]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/changed +psf\.yaml/);
  });
});

describe("bounded verification", () => {
  it("100,000 fake signatures are refused by the count limit, in one short message", () => {
    const env = JSON.parse(envelopeFor(Buffer.from(payloadText()))) as { signatures: { keyid: string; sig: string }[] };
    const fake = { keyid: "", sig: Buffer.alloc(64, 1).toString("base64") };
    env.signatures = [...Array.from({ length: 100_000 }, () => fake), ...env.signatures];
    const r = problemOf(JSON.stringify(env));
    expect(r).not.toBe("valid");
    const message = (r as { message: string }).message;
    expect(message).toMatch(/100001 signatures in an envelope; psf's limit is 64 \(signatures\)/);
    expect(message.length).toBeLessThan(200);
  });

  it("an attestation file over the size limit is refused before it is read (exit 2), naming the limit", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "psf-big-"));
    const big = path.join(dir, "big.intoto.jsonl");
    writeFileSync(big, "");
    truncateSync(big, 65 * 1024 * 1024); // sparse: costs no disk
    writeFileSync(path.join(dir, "k.pub"), publicKey.export({ type: "spki", format: "pem" }));
    const r = await psfInProcess(["verify", big, "--key", path.join(dir, "k.pub"), dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/big\.intoto\.jsonl: is too large to be an attestation: 68157440 bytes in an attestation; psf's limit is 67108864 \(attestationBytes\)/);
  });

  it("a statement with more subjects than the limit is refused, naming the figure", () => {
    const subject = Array.from({ length: 100_001 }, () => ({ name: "a.ts", digest: { sha256: HEX } }));
    const statement = JSON.parse(payloadText()) as { subject: unknown[]; predicate: { subjects: unknown[] } };
    statement.subject = subject;
    statement.predicate.subjects = subject;
    expect(() => checkStatement(statement)).toThrow(/100001 subjects in a statement; psf's limit is 100000 \(subjects\)/);
  });

  it("psf refuses to sign a report over the subject limit (exit 2), rather than write what verify refuses", () => {
    const report = { manifest: "psf.yaml", subjects: Array.from({ length: 100_001 }, () => ({ name: "a.ts", digest: { sha256: HEX } })) } as unknown as Report;
    let error: unknown;
    try {
      attestReport(report, { privateKey, keyid: keyIdOf(publicKey) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/psf's limit is 100000 \(subjects\)/);
  });
});

describe("parseStrictJson", () => {
  const same = ['{"a":[1,-2.5e3,true,false,null,"x\\n\\u00e9\\ud83d\\ude00"],"b":{}}', "[]", '"s"', " 0 ", '{"__proto__":{"x":1}}'];
  it.each(same)("reads %s as JSON.parse does", (text) => {
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  });
  it("keeps __proto__ as an own key, never the prototype", () => {
    const v = parseStrictJson('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(["__proto__"]);
  });
  const bad: [string, string | Buffer, RegExp][] = [
    ["duplicate at depth 3", '{"a":{"b":{"c":1,"c":2}}}', /duplicate key "c"/],
    ["escaped duplicate", '{"a":1,"\\u0061":2}', /duplicate key "a"/],
    ["lone surrogate", '["\\udfff"]', /lone surrogate/],
    ["invalid UTF-8", Buffer.from([0x22, 0xc3, 0x28, 0x22]), /not UTF-8/],
    ["an encoded surrogate (CESU)", Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), /not UTF-8/],
    ["trailing data", '{"a":1} {"a":2}', /data after the JSON value/],
    ["too deep", "[".repeat(200) + "]".repeat(200), /levels of JSON nesting; psf's limit is 128/],
    ["a raw control character", '"a\tb"', /control character/],
    ["a leading zero", "01", /data after/],
    ["a bad escape", '"\\x"', /bad escape/],
  ];
  it.each(bad)("refuses %s", (_what, input, message) => {
    expect(() => parseStrictJson(input)).toThrow(StrictJsonError);
    expect(() => parseStrictJson(input)).toThrow(message);
  });
});
