import { createHash, sign, type KeyObject } from "node:crypto";
import { canonicalBytes } from "../attest/jcs.js";
import { keyIdOf } from "../attest/keys.js";

/**
 * Appends records in the chain format (docs/audit-log.md): the reference writer for orchestrators,
 * the fixture script and the tests. The caller gives each record its run id and seq.
 */
export class AuditLogWriter {
  private prev = "";
  private readonly keyid: string | undefined;

  constructor(private readonly privateKey?: KeyObject, publicKey?: KeyObject) {
    this.keyid = publicKey ? keyIdOf(publicKey) : undefined;
    if (privateKey && !publicKey) throw new Error("a signing writer needs the public key for its keyid");
  }

  /** The record's line (canonical JSON plus "\n") with prev, and keyid + sig when signing. */
  append(record: Record<string, unknown>): Buffer {
    const { prev: _p, sig: _s, keyid: _k, ...fields } = record;
    const unsigned: Record<string, unknown> = { ...fields, prev: this.prev, ...(this.keyid ? { keyid: this.keyid } : {}) };
    const full = this.privateKey ? { ...unsigned, sig: sign(null, canonicalBytes(unsigned), this.privateKey).toString("base64") } : unsigned;
    const bytes = canonicalBytes(full);
    this.prev = createHash("sha256").update(bytes).digest("hex");
    return Buffer.concat([bytes, Buffer.from("\n")]);
  }
}
