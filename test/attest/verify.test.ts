import { appendFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pae } from "../../src/attest/dsse.js";
import { canonicalize } from "../../src/attest/jcs.js";
import { keyIdOf } from "../../src/attest/keys.js";
import { verifyEnvelope } from "../../src/attest/attestation.js";
import { checkDrift } from "../../src/attest/drift.js";
import { psf } from "../helpers.js";
import { EPOCH, psfInProcess, signedProject, type Signed } from "./setup.js";

const TYPE = "application/vnd.in-toto+json";

interface Envelope { payloadType: string; payload: string; signatures: { keyid?: string; sig: string }[] }
const envelopeOf = (s: Signed) => JSON.parse(s.bytes.toString("utf8")) as Envelope;
const signWith = (key: KeyObject, type: string, body: Buffer) => ({ keyid: keyIdOf(key), sig: sign(null, pae(type, body), key).toString("base64") });
const line = (e: unknown) => JSON.stringify(e) + "\n";

let s: Signed;
let ownKey: KeyObject;
const other = generateKeyPairSync("ed25519").privateKey;
beforeAll(() => {
  s = signedProject();
  ownKey = createPrivateKey(readFileSync(s.key));
});

const verifyCli = (attestation: string, extra: string[] = []) => psf(["verify", attestation, "--key", s.pub, s.project, ...extra]);
const write = (name: string, content: string | Buffer) => {
  const f = path.join(s.root, name);
  writeFileSync(f, content);
  return f;
};

describe("keygen → assess --attest → verify", () => {
  it("writes one JSON line: a DSSE envelope around an in-toto Statement v1 whose predicate is the JSON report", () => {
    const text = s.bytes.toString("utf8");
    expect(text.endsWith("\n")).toBe(true);
    expect(text.slice(0, -1)).not.toContain("\n");
    const env = envelopeOf(s);
    expect(Object.keys(env)).toEqual(["payloadType", "payload", "signatures"]);
    expect(env.payloadType).toBe(TYPE);
    expect(env.signatures).toHaveLength(1);
    expect(env.signatures[0]!.keyid).toBe(keyIdOf(ownKey));
    const body = Buffer.from(env.payload, "base64");
    const statement = JSON.parse(body.toString("utf8"));
    expect(canonicalize(statement)).toBe(body.toString("utf8"));
    expect(statement._type).toBe("https://in-toto.io/Statement/v1");
    expect(statement.predicateType).toBe("https://psf.dev/attestation/readiness/v1");
    const report = JSON.parse(psf(["assess", s.project, "-f", "json"], { env: EPOCH }).stdout);
    expect(statement.predicate).toEqual(report);
    expect(statement.subject).toEqual(report.subjects);
  });

  it("verifies: exit 0, and says who and what was attested", () => {
    const r = verifyCli(s.attestation);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/signature\s+valid \(Ed25519, keyid [0-9a-f]{64}\)/);
    expect(r.stdout).toContain(keyIdOf(ownKey));
    expect(r.stdout).toMatch(/deployment\s+dn42-topology-scanner/);
    expect(r.stdout).toMatch(/verdict\s+(ready|not ready)/);
    expect(r.stdout).toMatch(/assessed at\s+2026-11-21T12:00:00Z/);
    expect(r.stdout).toMatch(/VALID: .*nothing changed/);
  });

  it("without PATH, checks the attested manifest's folder relative to the working directory; PATH may also be the manifest file", () => {
    expect(psf(["verify", s.attestation, "--key", s.pub], { cwd: s.project }).code).toBe(0);
    expect(psf(["verify", s.attestation, "--key", s.pub, path.join(s.project, "psf.yaml")]).code).toBe(0);
    const elsewhere = psf(["verify", s.attestation, "--key", s.pub], { cwd: s.root });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/the attested manifest psf\.yaml is not in the working directory.*pass the deployment's folder/);
  });

  it("is byte-identical across runs under SOURCE_DATE_EPOCH: report and attestation", () => {
    const a2 = path.join(s.root, "again.intoto.jsonl");
    const r = psf(["assess", s.project, "--attest", a2, "--key", s.key, "-f", "json"], { env: EPOCH });
    const r2 = psf(["assess", s.project, "-f", "json"], { env: EPOCH });
    expect(r.stdout).toBe(r2.stdout);
    expect(readFileSync(a2)).toEqual(s.bytes);
  });
});

describe("a damaged or foreign attestation: exit 1, one clear message, no stack trace", () => {
  const cases: [string, () => string, RegExp][] = [
    ["truncated", () => write("truncated.jsonl", s.bytes.subarray(0, Math.floor(s.bytes.length / 2))), /not a JSON envelope.*truncated or damaged/],
    ["not JSON", () => write("notjson.jsonl", "this is not an attestation\n"), /not a JSON envelope/],
    ["empty", () => write("empty.jsonl", ""), /the file is empty/],
    ["a flipped byte in the payload", () => {
      const e = envelopeOf(s);
      const body = Buffer.from(e.payload, "base64");
      body[100] = body[100]! ^ 0x01;
      return write("payload-flip.jsonl", line({ ...e, payload: body.toString("base64") }));
    }, /no signature verifies with the key/],
    ["a flipped byte in the signature", () => {
      const e = envelopeOf(s);
      const sig = Buffer.from(e.signatures[0]!.sig, "base64");
      sig[10] = sig[10]! ^ 0x80;
      return write("sig-flip.jsonl", line({ ...e, signatures: [{ keyid: e.signatures[0]!.keyid, sig: sig.toString("base64") }] }));
    }, /signature 1 does not verify/],
    ["a signature from another key", () => {
      const e = envelopeOf(s);
      return write("other.jsonl", line({ ...e, signatures: [signWith(other, TYPE, Buffer.from(e.payload, "base64"))] }));
    }, /signature 1 is by another key/],
    ["another key's signature carrying this key's keyid", () => {
      const e = envelopeOf(s);
      return write("other-keyid.jsonl", line({ ...e, signatures: [{ ...signWith(other, TYPE, Buffer.from(e.payload, "base64")), keyid: keyIdOf(ownKey) }] }));
    }, /signature 1 does not verify/],
    ["zero signatures", () => write("zero.jsonl", line({ ...envelopeOf(s), signatures: [] })), /carries no signature/],
    ["an unsigned change of payloadType", () => write("type.jsonl", line({ ...envelopeOf(s), payloadType: "application/json" })), /no signature verifies/],
    ["a signed but wrong payloadType", () => {
      const e = envelopeOf(s);
      return write("type-signed.jsonl", line({ ...e, payloadType: "application/json", signatures: [signWith(ownKey, "application/json", Buffer.from(e.payload, "base64"))] }));
    }, /payloadType is "application\/json", expected application\/vnd\.in-toto\+json/],
    ["a signed payload that is not an in-toto Statement", () => {
      const body = Buffer.from(canonicalize({ hello: "world" }));
      return write("not-statement.jsonl", line({ payloadType: TYPE, payload: body.toString("base64"), signatures: [signWith(ownKey, TYPE, body)] }));
    }, /not a psf readiness statement: _type is missing/],
    ["a signed Statement with another predicate", () => {
      const body = Buffer.from(canonicalize({ _type: "https://in-toto.io/Statement/v1", subject: [{ name: "a", digest: { sha256: "0".repeat(64) } }], predicateType: "https://slsa.dev/provenance/v1", predicate: {} }));
      return write("slsa.jsonl", line({ payloadType: TYPE, payload: body.toString("base64"), signatures: [signWith(ownKey, TYPE, body)] }));
    }, /predicateType is "https:\/\/slsa\.dev\/provenance\/v1"/],
    ["a signed report whose manifest name is a path", () => {
      const statement = JSON.parse(Buffer.from(envelopeOf(s).payload, "base64").toString("utf8"));
      statement.predicate.manifest = "../../etc/passwd";
      const body = Buffer.from(canonicalize(statement));
      return write("manifest-path.jsonl", line({ payloadType: TYPE, payload: body.toString("base64"), signatures: [signWith(ownKey, TYPE, body)] }));
    }, /predicate\.manifest "\.\.\/\.\.\/etc\/passwd" is not a file name/],
    ["a signed payload that is not JSON", () => {
      const body = Buffer.from("not json");
      return write("signed-garbage.jsonl", line({ payloadType: TYPE, payload: body.toString("base64"), signatures: [signWith(ownKey, TYPE, body)] }));
    }, /the signed payload is not JSON/],
  ];

  it.each(cases)("%s", (_, make, message) => {
    const r = verifyCli(make());
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/INVALID attestation/);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(r.stdout).not.toMatch(/VALID/);
  });
});

describe("several signatures", () => {
  it("is valid when any one verifies with the given key, whatever its position", () => {
    const e = envelopeOf(s);
    const body = Buffer.from(e.payload, "base64");
    const mine = e.signatures[0]!;
    const theirs = signWith(other, TYPE, body);
    const garbage = { keyid: "", sig: Buffer.alloc(64, 7).toString("base64") };
    for (const [i, sigs] of [[theirs, mine], [garbage, theirs, mine], [mine, garbage]].entries()) {
      const r = verifyCli(write(`multi-${i}.jsonl`, line({ ...e, signatures: sigs })));
      expect(r.code, r.stderr).toBe(0);
    }
    const none = verifyCli(write("multi-none.jsonl", line({ ...e, signatures: [theirs, garbage] })));
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/signature 1 is by another key.*signature 2 does not verify/);
  });

  it("accepts URL-safe base64 and a signature without keyid", () => {
    const e = envelopeOf(s);
    const urlSafe = { ...e, payload: Buffer.from(e.payload, "base64").toString("base64url"), signatures: [{ sig: Buffer.from(e.signatures[0]!.sig, "base64").toString("base64url") }] };
    expect(verifyCli(write("urlsafe.jsonl", line(urlSafe))).code).toBe(0);
  });
});

describe("flipping any single byte of the attestation makes verify exit 1", () => {
  it("every 97th byte, plus the first and the last (in process: the same CLI code, no subprocess per byte)", async () => {
    const n = s.bytes.length;
    const positions = [...new Set([0, n - 1, ...Array.from({ length: Math.ceil(n / 97) }, (_, i) => i * 97)])].filter((p) => p < n);
    expect(positions.length).toBeGreaterThan(100);
    const file = path.join(s.root, "flipped.jsonl");
    const ok = await psfInProcess(["verify", s.attestation, "--key", s.pub, s.project]);
    expect(ok.code, ok.stderr).toBe(0);
    const survivors: number[] = [];
    for (const p of positions) {
      const copy = Buffer.from(s.bytes);
      copy[p] = copy[p]! ^ 0x01;
      writeFileSync(file, copy);
      const r = await psfInProcess(["verify", file, "--key", s.pub, s.project]);
      if (r.code !== 1 || !/INVALID attestation/.test(r.stderr)) survivors.push(p);
    }
    expect(survivors).toEqual([]);
  });

  it("the library agrees at every byte of the envelope's framing and signature, and every 7th byte of the payload", () => {
    const text = s.bytes.toString("utf8");
    const payloadStart = text.indexOf('"payload":"') + 11;
    const payloadEnd = text.indexOf('"', payloadStart);
    const positions = Array.from({ length: s.bytes.length }, (_, i) => i).filter((i) => i < payloadStart || i >= payloadEnd || (i - payloadStart) % 7 === 0);
    const pub = readFileSync(s.pub);
    for (const p of positions) {
      const copy = Buffer.from(s.bytes);
      copy[p] = copy[p]! ^ 0x01;
      expect(() => verifyEnvelope(copy, pub), `byte ${p}`).toThrow();
    }
  });
});

describe("drift", () => {
  it("editing one source file makes verify exit 1 and name that file", () => {
    const t = signedProject();
    appendFileSync(path.join(t.project, "src", "agent.ts"), "\n// one more line\n");
    const r = psf(["verify", t.attestation, "--key", t.pub, t.project]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/signature\s+valid/);
    expect(r.stdout).toMatch(/^\s+changed\s+src\/agent\.ts$/m);
    expect(r.stdout).toMatch(/DRIFT: .*1 changed/);
    expect(r.stdout.match(/^\s+(changed|missing|new)\s/gm)).toHaveLength(1);
  });

  it("lists each changed, missing and new file (new = selected by the manifest's globs now)", () => {
    const t = signedProject();
    writeFileSync(path.join(t.project, "infra", "litellm.yaml"), "changed: true\n");
    rmSync(path.join(t.project, "src", "pause.ts"));
    writeFileSync(path.join(t.project, "src", "exfiltrate.ts"), "export const x = 1;\n");
    writeFileSync(path.join(t.project, "test", "controls", "new.test.ts"), "// spend cap\n");
    writeFileSync(path.join(t.project, "NOTES.md"), "not selected by any glob\n");
    writeFileSync(path.join(t.project, "src", "skip.test.ts"), "excluded by the manifest\n");
    const r = psf(["verify", t.attestation, "--key", t.pub, t.project]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\s+changed\s+infra\/litellm\.yaml$/m);
    expect(r.stdout).toMatch(/^\s+missing\s+src\/pause\.ts$/m);
    expect(r.stdout).toMatch(/^\s+new\s+src\/exfiltrate\.ts$/m);
    expect(r.stdout).toMatch(/^\s+new\s+test\/controls\/new\.test\.ts$/m);
    expect(r.stdout).not.toMatch(/NOTES\.md|skip\.test\.ts/);
    expect(r.stdout).toMatch(/1 changed, 1 missing, 2 new/);
  });

  it("checkDrift is usable on its own (for the evidence bundle)", () => {
    const t = signedProject();
    const v = verifyEnvelope(t.bytes, readFileSync(t.pub, "utf8"));
    expect(checkDrift(v.report, t.project)).toMatchObject({ drifted: false, changed: [], missing: [], added: [] });
    appendFileSync(path.join(t.project, "psf.yaml"), "\n# edited\n");
    expect(checkDrift(v.report, t.project)).toMatchObject({ drifted: true, changed: ["psf.yaml"] });
  });
});

describe("verify's bad input: exit 2", () => {
  it.each([
    ["a missing attestation", () => ["verify", path.join(s.root, "nope.jsonl"), "--key", s.pub, s.project], /nope\.jsonl: cannot read the attestation: ENOENT/],
    ["a missing key", () => ["verify", s.attestation, "--key", path.join(s.root, "nope.pub"), s.project], /nope\.pub: cannot read the public key/],
    ["a key that is not a key", () => ["verify", s.attestation, "--key", s.attestation, s.project], /is not a PEM public key/],
    ["an RSA public key", () => ["verify", s.attestation, "--key", write("rsa.pub", generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }) as string), s.project], /is an RSA key/],
    ["no --key", () => ["verify", s.attestation, s.project], /required option '--key <pub>'/],
    ["a PATH that does not exist", () => ["verify", s.attestation, "--key", s.pub, path.join(s.root, "nowhere")], /nowhere: no such file or folder/],
  ])("%s", (_, args, message) => {
    const r = psf(args());
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
