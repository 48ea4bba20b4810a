import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { lstatSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { checkWriteTarget, writeFileSafely } from "../util/safe-write.js";
import path from "node:path";
import { InputError } from "../errors.js";

export const PRIVATE_KEY_FILE = "psf-signing.key";
export const PUBLIC_KEY_FILE = "psf-signing.pub";
export const SIGNING_KEY_ENV = "PSF_SIGNING_KEY";
/** A PEM key is a few hundred bytes; anything far larger is not a key and is not read whole. */
const MAX_KEY_BYTES = 64 * 1024;

/** keyid: hex SHA-256 of the public key's DER SubjectPublicKeyInfo. */
export function keyIdOf(key: KeyObject): string {
  const pub = key.type === "private" ? createPublicKey(key) : key;
  return createHash("sha256").update(pub.export({ type: "spki", format: "der" })).digest("hex");
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyid: string;
  /** Where it came from, for messages: the file as given, or the environment variable's name. */
  source: string;
}

/**
 * The private key for `--attest`: `--key FILE`, else PSF_SIGNING_KEY (PEM text, for CI secrets).
 * Undefined when neither is given. Messages name the file or variable, never the key's content.
 */
export function loadSigningKey(file: string | undefined, env: NodeJS.ProcessEnv = process.env): SigningKey | undefined {
  if (file !== undefined) return parsePrivateKey(readKeyFile(file, true), file);
  const text = env[SIGNING_KEY_ENV];
  if (text === undefined || text.trim() === "") return undefined;
  if (!text.includes("-----BEGIN")) {
    throw new InputError("does not hold a PEM key", { file: SIGNING_KEY_ENV }, "put the PEM text of psf-signing.key in it, not its path; or pass --key FILE");
  }
  // CI secret stores sometimes keep a multi-line value with its newlines escaped.
  const pem = !text.includes("\n") && text.includes("\\n") ? text.replace(/\\n/g, "\n") : text;
  return parsePrivateKey(Buffer.from(pem, "utf8"), SIGNING_KEY_ENV);
}

/** The public key that verifies an attestation (a private key is accepted too: its public half is used). */
export function loadPublicKey(file: string): { publicKey: KeyObject; keyid: string } {
  const bytes = readKeyFile(file, false);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: bytes, format: "pem" });
  } catch {
    throw new InputError("is not a PEM public key", { file }, "pass psf-signing.pub, written by `psf keygen`");
  }
  requireEd25519(key, file);
  return { publicKey: key, keyid: keyIdOf(key) };
}

/** A public key from PEM text already in memory (the bundle keeps one beside the attestation). */
export function publicKeyFromPem(pem: string | Buffer | KeyObject, shown = "public key"): KeyObject {
  if (typeof pem === "object" && !Buffer.isBuffer(pem)) {
    const key = pem.type === "private" ? createPublicKey(pem) : pem;
    requireEd25519(key, shown);
    return key;
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: "pem" });
  } catch {
    throw new InputError("is not a PEM public key", { file: shown });
  }
  requireEd25519(key, shown);
  return key;
}

function readKeyFile(file: string, isPrivate: boolean): Buffer {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new InputError(`cannot read the ${isPrivate ? "signing" : "public"} key: ${(e as NodeJS.ErrnoException).code ?? "error"}`, { file }, isPrivate ? "create one with `psf keygen`" : "pass the psf-signing.pub that belongs to the signing key");
  }
  if (!st.isFile()) throw new InputError(`the ${isPrivate ? "signing" : "public"} key is not a regular file`, { file });
  // Like ssh: a private key others can read is no longer private, and using it would hide that.
  if (isPrivate && process.platform !== "win32" && (st.mode & 0o077) !== 0) {
    throw new InputError(`private key is readable by group or others (mode ${(st.mode & 0o777).toString(8).padStart(4, "0")}); refusing to use it`, { file }, `run: chmod 600 ${file}`);
  }
  if (st.size > MAX_KEY_BYTES) throw new InputError(`is ${st.size} bytes, too large to be a PEM key`, { file });
  try {
    return readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read the ${isPrivate ? "signing" : "public"} key: ${(e as NodeJS.ErrnoException).code ?? "error"}`, { file });
  }
}

function parsePrivateKey(bytes: Buffer, shown: string): SigningKey {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: bytes, format: "pem" });
  } catch (e) {
    // Never include the input or Node's message (which could quote it): only what kind of problem it is.
    const encrypted = /ENCRYPTED/.test(bytes.toString("latin1")) || /passphrase/i.test((e as Error).message);
    const isPublic = /BEGIN PUBLIC KEY/.test(bytes.toString("latin1"));
    throw new InputError(
      isPublic ? "holds a public key; signing needs the private key" : encrypted ? "is an encrypted private key; psf needs an unencrypted PKCS#8 PEM key" : "is not a PEM private key",
      { file: shown },
      isPublic ? "pass psf-signing.key, not psf-signing.pub" : "create one with `psf keygen`",
    );
  }
  requireEd25519(key, shown);
  const publicKey = createPublicKey(key);
  return { privateKey: key, publicKey, keyid: keyIdOf(publicKey), source: shown };
}

const KEY_KINDS: Record<string, string> = { rsa: "an RSA", "rsa-pss": "an RSA-PSS", ec: "an EC (ECDSA)", dsa: "a DSA", dh: "a DH", ed448: "an Ed448", x25519: "an X25519", x448: "an X448" };

function requireEd25519(key: KeyObject, shown: string): void {
  if (key.asymmetricKeyType !== "ed25519") {
    const kind = KEY_KINDS[key.asymmetricKeyType ?? ""] ?? `a ${key.asymmetricKeyType ?? "non-asymmetric"}`;
    throw new InputError(`is ${kind} key; psf attestations use Ed25519`, { file: shown }, "create an Ed25519 pair with `psf keygen`");
  }
}

export interface GeneratedKeys {
  privateFile: string;
  publicFile: string;
  keyid: string;
}

/**
 * `psf keygen`: a fresh Ed25519 pair, the private half PKCS#8 PEM created exclusively with mode 0600
 * (so it is never, even briefly, readable by others), the public half SPKI PEM. Refuses to replace an
 * existing file unless `force`.
 */
export function generateSigningKeys(outDir: string, force: boolean): GeneratedKeys {
  const privateFile = path.join(outDir, PRIVATE_KEY_FILE);
  const publicFile = path.join(outDir, PUBLIC_KEY_FILE);
  // The folder named by --out is created (one level: its parent must exist); nothing else is.
  try {
    mkdirSync(outDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EEXIST") throw new InputError(`cannot create the folder: ${code ?? "error"}`, { file: outDir }, code === "ENOENT" ? "its parent folder does not exist; create it first" : undefined);
  }
  for (const f of [privateFile, publicFile]) {
    let exists = false;
    try {
      lstatSync(f);
      exists = true;
    } catch {
      /* absent: fine */
    }
    if (exists && !force) throw new InputError("already exists; refusing to overwrite a key", { file: f }, "pass --force to replace the pair (attestations signed with the old key will no longer verify with the new one)");
  }
  // Both targets are checked before either is written, so a refused pair leaves the old one whole.
  for (const f of [privateFile, publicFile]) checkWriteTarget(f);
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  // The private key is written private from its first byte (the temp file is 0600) and stays 0600;
  // a replaced key file does not keep looser permissions.
  writeFileSafely(privateFile, privateKey.export({ type: "pkcs8", format: "pem" }) as string, { mode: 0o600, keepMode: false });
  writeFileSafely(publicFile, publicKey.export({ type: "spki", format: "pem" }) as string, { mode: 0o644 });
  return { privateFile, publicFile, keyid: keyIdOf(publicKey) };
}
