import { createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeBase64Strict, pae, parseEnvelope } from "../../src/attest/dsse.js";
import { AttestationError } from "../../src/attest/errors.js";
import { keyIdOf } from "../../src/attest/keys.js";

const b64url = (n: bigint) => Buffer.from(n.toString(16).padStart(64, "0"), "hex").toString("base64url");

describe("DSSE PAE", () => {
  it("matches the DSSE spec's test vector", () => {
    expect(pae("http://example.com/HelloWorld", Buffer.from("hello world")).toString()).toBe("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  });

  it("verifies the DSSE spec's example signature (ECDSA P-256, raw r||s) over that PAE", () => {
    // protocol.md "Test Vectors": the key's X and Y, and the envelope's sig.
    const X = 46950820868899156662930047687818585632848591499744589407958293238635476079160n;
    const Y = 5640078356564379163099075877009565129882514886557779369047442380624545832820n;
    const key = createPublicKey({ key: { kty: "EC", crv: "P-256", x: b64url(X), y: b64url(Y) }, format: "jwk" });
    const env = parseEnvelope(`{"payload": "aGVsbG8gd29ybGQ=", "payloadType": "http://example.com/HelloWorld", "signatures": [{"sig": "A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA=="}]}`);
    const body = decodeBase64Strict(env.payload, "payload");
    const sig = decodeBase64Strict(env.signatures[0]!.sig, "sig");
    expect(verify("sha256", pae(env.payloadType, body), { key, dsaEncoding: "ieee-p1363" }, sig)).toBe(true);
    expect(verify("sha256", pae(env.payloadType, Buffer.from("hello world!")), { key, dsaEncoding: "ieee-p1363" }, sig)).toBe(false);
  });

  it("counts bytes, not characters", () => {
    expect(pae("t/ü", Buffer.from("é", "utf8")).toString("utf8")).toBe("DSSEv1 4 t/ü 2 é");
    expect(pae("", Buffer.alloc(0)).toString()).toBe("DSSEv1 0  0 ");
  });
});

describe("strict base64", () => {
  const bytes = Buffer.from([0xfb, 0xff, 0xbf, 0x00, 0x10]);
  it.each([
    ["standard, padded", bytes.toString("base64")],
    ["standard, unpadded", bytes.toString("base64").replace(/=+$/, "")],
    ["URL-safe, unpadded", bytes.toString("base64url")],
    ["URL-safe, padded", bytes.toString("base64url") + "="],
  ])("accepts %s", (_, text) => {
    expect(decodeBase64Strict(text, "x")).toEqual(bytes);
  });

  it.each([
    ["a character outside the alphabet", "+/+/AB@="],
    ["mixed alphabets", "+_+/ABA="],
    ["one dangling character", "AAAAA"],
    ["wrong padding", "AAA=="],
    ["unused bits set in the last character", "QR=="],
    ["whitespace", "QQ== "],
  ])("refuses %s", (_, text) => {
    expect(() => decodeBase64Strict(text, "x")).toThrow(AttestationError);
  });
});

describe("envelope parsing", () => {
  it.each([
    ["empty", "", /empty/],
    ["not JSON", "hello", /not a JSON envelope/],
    ["truncated", `{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signa`, /not a JSON envelope.*truncated/],
    ["an array", "[]", /expected a JSON object/],
    ["no payload", `{"payloadType":"x","signatures":[]}`, /payload is missing/],
    ["signatures not a list", `{"payloadType":"x","payload":"","signatures":{}}`, /signatures is missing or not a list/],
    ["an unknown field", `{"payloadType":"x","payload":"","signatures":[],"extra":1}`, /unknown field "extra"/],
    ["a signature without sig", `{"payloadType":"x","payload":"","signatures":[{"keyid":"k"}]}`, /sig is missing/],
    ["a signature with an unknown field", `{"payloadType":"x","payload":"","signatures":[{"sig":"","cert":"c"}]}`, /unknown field "cert"/],
  ])("refuses %s", (_, text, message) => {
    expect(() => parseEnvelope(text)).toThrow(message);
  });
});

describe("keyid", () => {
  it("is the hex SHA-256 of the public key's DER SPKI, the same from either half", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const { createHash } = await import("node:crypto");
    const expected = createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");
    expect(keyIdOf(publicKey)).toBe(expected);
    expect(keyIdOf(privateKey)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });
});
