import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, psf } from "../helpers.js";
import { EPOCH } from "./setup.js";

const tmp = () => mkdtempSync(path.join(tmpdir(), "psf-keys-"));
/** The base64 body of a PEM key: what must never be printed. */
const pemBody = (pem: string) => pem.split("\n").filter((l) => l && !l.startsWith("-----")).join("");

describe("psf keygen", () => {
  it("writes an Ed25519 pair, the private half 0600, and prints the keyid and both paths", () => {
    const dir = tmp();
    const r = psf(["keygen", "--out", dir]);
    expect(r.code).toBe(0);
    const keyFile = path.join(dir, "psf-signing.key");
    const pubFile = path.join(dir, "psf-signing.pub");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const priv = createPrivateKey(readFileSync(keyFile));
    const pub = createPublicKey(readFileSync(pubFile));
    expect(priv.asymmetricKeyType).toBe("ed25519");
    expect(readFileSync(keyFile, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(readFileSync(pubFile, "utf8")).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const keyid = createHash("sha256").update(pub.export({ type: "spki", format: "der" })).digest("hex");
    expect(r.stdout).toContain(keyid);
    expect(r.stdout).toContain(keyFile);
    expect(r.stdout).toContain(pubFile);
    expect(r.stdout + r.stderr).not.toContain(pemBody(readFileSync(keyFile, "utf8")));
  });

  it("refuses to overwrite either file without --force, and replaces the pair with it", () => {
    const dir = tmp();
    expect(psf(["keygen", "--out", dir]).code).toBe(0);
    const before = readFileSync(path.join(dir, "psf-signing.key"), "utf8");
    const again = psf(["keygen", "--out", dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/psf-signing\.key: already exists.*--force/);
    expect(readFileSync(path.join(dir, "psf-signing.key"), "utf8")).toBe(before);
    const forced = psf(["keygen", "--out", dir, "--force"]);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(dir, "psf-signing.key"), "utf8")).not.toBe(before);
    expect(statSync(path.join(dir, "psf-signing.key")).mode & 0o777).toBe(0o600);
  });
});

describe("loading the signing key", () => {
  const dir = tmp();
  psf(["keygen", "--out", dir]);
  const keyFile = path.join(dir, "psf-signing.key");
  const keyPem = readFileSync(keyFile, "utf8");
  const out = path.join(dir, "a.intoto.jsonl");
  const assess = (args: string[], env: Record<string, string | undefined> = {}) => psf(["assess", fixture("governed-scanner"), "-q", "--attest", out, ...args], { env: { ...EPOCH, ...env } });

  const loose = path.join(dir, "loose.key");
  writeFileSync(loose, keyPem);
  chmodSync(loose, 0o644);
  const rsa = path.join(dir, "rsa.key");
  writeFileSync(rsa, generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  const garbage = path.join(dir, "garbage.key");
  writeFileSync(garbage, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n", { mode: 0o600 });
  const pubAsKey = path.join(dir, "pub-as.key");
  writeFileSync(pubAsKey, readFileSync(path.join(dir, "psf-signing.pub")), { mode: 0o600 });

  it.each([
    ["a key file readable by others", ["--key", loose], {}, new RegExp(`loose\\.key: private key is readable by group or others \\(mode 0644\\).*chmod 600 ${loose.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`)],
    ["an RSA key", ["--key", rsa], {}, /rsa\.key: is an RSA key; psf attestations use Ed25519/],
    ["a file that is not a key", ["--key", garbage], {}, /garbage\.key: is not a PEM private key/],
    ["a public key", ["--key", pubAsKey], {}, /holds a public key; signing needs the private key/],
    ["a missing key file", ["--key", path.join(dir, "nope.key")], {}, /nope\.key: cannot read the signing key: ENOENT/],
    ["--attest without any key", [], {}, /--attest: needs a signing key/],
    ["PSF_SIGNING_KEY holding a path", [], { PSF_SIGNING_KEY: keyFile }, /PSF_SIGNING_KEY: does not hold a PEM key/],
    ["PSF_SIGNING_KEY holding an RSA key", [], { PSF_SIGNING_KEY: readFileSync(rsa, "utf8") }, /PSF_SIGNING_KEY: is an RSA key/],
  ])("refuses %s: exit 2, one line, no stack trace, no key material", (_, args, env, message) => {
    const r = assess(args as string[], env as Record<string, string>);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    for (const pem of [keyPem, readFileSync(rsa, "utf8")]) expect(r.stdout + r.stderr).not.toContain(pemBody(pem).slice(0, 24));
  });

  it("takes the key from PSF_SIGNING_KEY (also with escaped newlines, as some CI secret stores keep them)", () => {
    const a = assess([], { PSF_SIGNING_KEY: keyPem });
    expect(a.code === 0 || a.code === 1, a.stderr).toBe(true);
    const first = readFileSync(out, "utf8");
    const b = assess([], { PSF_SIGNING_KEY: keyPem.replace(/\n/g, "\\n") });
    expect(b.code === 0 || b.code === 1, b.stderr).toBe(true);
    expect(readFileSync(out, "utf8")).toBe(first);
    expect(a.stdout + a.stderr + b.stdout + b.stderr).not.toContain(pemBody(keyPem));
  });

  it("--key wins over PSF_SIGNING_KEY", () => {
    const r = assess(["--key", keyFile], { PSF_SIGNING_KEY: readFileSync(rsa, "utf8") });
    expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
  });

  it("--key alone, with nothing to sign or verify, is a usage error", () => {
    const r = psf(["assess", fixture("governed-scanner"), "-q", "--key", keyFile], { env: EPOCH });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--key: nothing would use it/);
  });
});
