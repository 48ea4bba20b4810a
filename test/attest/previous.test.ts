import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { psf } from "../helpers.js";
import { EPOCH, signedProject, type Signed } from "./setup.js";

interface Dra03 { status: string; notes: string[]; findings: { message: string; file?: string }[] }
const dra03 = (stdout: string) => (JSON.parse(stdout) as { controls: (Dra03 & { id: string })[] }).controls.find((c) => c.id === "DRA-03")!;

let s: Signed;
beforeAll(() => {
  s = signedProject();
});

describe("assess --previous ATTESTATION (DRA-03)", () => {
  it("unchanged since the attested assessment: nothing to re-review, the key derived from --key", () => {
    const r = psf(["assess", s.project, "-f", "json", "--previous", s.attestation, "--key", s.key], { env: EPOCH });
    expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
    const c = dra03(r.stdout);
    expect(c.findings.filter((f) => !f.message.startsWith("capability change"))).toEqual([]);
    expect(c.notes.join("\n")).toMatch(/compared with the assessment of 2026-11-21T12:00:00Z \(signed by [0-9a-f]{16}…\)/);
  });

  // The attested report is canonical JSON (sorted keys): limits must compare by value, not by key order.
  it("unchanged since the attested assessment: no capability change either", () => {
    const r = psf(["assess", s.project, "-f", "json", "--previous", s.attestation, "--key", s.key], { env: EPOCH });
    const c = dra03(r.stdout);
    expect(c.findings).toEqual([]);
    expect(c.notes.join("\n")).toMatch(/nothing changed/);
  });

  it("names every changed file and every capability change, verifying with --previous-key alone", () => {
    const t = signedProject();
    appendFileSync(path.join(t.project, "src", "tools.ts"), "\n// a new tool's code\n");
    const manifest = path.join(t.project, "psf.yaml");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace("    - { name: lookup_asn, access: read }\n", "    - { name: lookup_asn, access: read }\n    - { name: send_email, access: write }\n").replace("max_steps: 40", "max_steps: 400"));
    const r = psf(["assess", t.project, "-f", "json", "--previous", t.attestation, "--previous-key", t.pub], { env: EPOCH });
    expect(r.code, r.stderr).toBe(1);
    const messages = dra03(r.stdout).findings.map((f) => f.message).join("\n");
    expect(messages).toMatch(/src\/tools\.ts changed since the assessment of 2026-11-21T12:00:00Z: needs re-review/);
    expect(messages).toMatch(/psf\.yaml changed since/);
    expect(messages).toMatch(/capability change since .*: new tool send_email \(write\)/);
    expect(messages).toMatch(/capability change since .*: limit max_steps changed from 40 to 400/);
  });

  it("the previous attestation may be the file this run replaces (--previous A --attest A)", () => {
    const t = signedProject();
    const r = psf(["assess", t.project, "-q", "--previous", t.attestation, "--attest", t.attestation, "--key", t.key], { env: EPOCH });
    expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
    expect(psf(["verify", t.attestation, "--key", t.pub, t.project]).code).toBe(0);
  });

  it.each([
    ["no key to verify it", (x: Signed) => ["--previous", x.attestation], /--previous: needs the public key that signed it/],
    ["--previous-key without --previous", (x: Signed) => ["--previous-key", x.pub], /--previous-key: is given without --previous/],
    ["a tampered previous attestation", (x: Signed) => {
      const bad = path.join(x.root, "tampered.jsonl");
      const b = Buffer.from(x.bytes);
      b[500] = b[500]! ^ 0x01;
      writeFileSync(bad, b);
      return ["--previous", bad, "--key", x.key];
    }, /tampered\.jsonl: the previous attestation is not valid: no signature verifies/],
    ["a previous attestation of another deployment", (x: Signed) => {
      const t = signedProject();
      const manifest = path.join(t.project, "psf.yaml");
      writeFileSync(manifest, readFileSync(manifest, "utf8").replace("name: dn42-topology-scanner", "name: someone-else"));
      const other = path.join(t.root, "other.jsonl");
      const r = psf(["assess", t.project, "-q", "--attest", other, "--key", x.key], { env: EPOCH });
      if (r.code !== 0 && r.code !== 1) throw new Error(r.stderr);
      return ["--previous", other, "--key", x.key];
    }, /is for deployment someone-else, not dn42-topology-scanner/],
  ])("refuses %s: exit 2", (_, args, message) => {
    const r = psf(["assess", s.project, "-q", ...args(s)], { env: EPOCH });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
