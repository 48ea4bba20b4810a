import { spawnSync } from "node:child_process";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";
import { signedProject, type Signed } from "./setup.js";

/** The recipe exactly as the README gives it to auditors, minus the line that names the files. */
function readmeRecipe(): string {
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Verifying an attestation without psf"));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("README.md has no bash block under \"Verifying an attestation without psf\"");
  return block.split("\n").filter((l) => !/^ATT=/.test(l)).join("\n");
}

const openssl3 = (() => {
  const v = spawnSync("openssl", ["version"], { encoding: "utf8" });
  return v.status === 0 && /^OpenSSL (\d+)/.test(v.stdout) && Number(/^OpenSSL (\d+)/.exec(v.stdout)![1]) >= 3;
})();

function runRecipe(s: Signed, attestation = s.attestation) {
  const r = spawnSync("bash", ["-euo", "pipefail", "-c", readmeRecipe()], { cwd: s.root, env: { PATH: process.env.PATH, ATT: attestation, PUB: s.pub, DIR: s.project, LC_ALL: "C" }, encoding: "utf8" });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe.skipIf(!openssl3)("verifying a psf attestation with only bash, coreutils and OpenSSL 3 (the README recipe)", () => {
  let s: Signed;
  beforeAll(() => {
    s = signedProject();
  });

  it("verifies the signature, shows the key id and the statement type, and checks every attested file", () => {
    const r = runRecipe(s);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("Signature Verified Successfully");
    const keyid = (JSON.parse(s.bytes.toString("utf8")) as { signatures: { keyid: string }[] }).signatures[0]!.keyid;
    expect(r.out).toContain(`${keyid}  -`);
    expect(r.out).toContain(`"_type":"https://in-toto.io/Statement/v1"`);
    expect(r.out).toContain(`"predicateType":"https://psf.dev/attestation/readiness/v1"`);
    expect(r.out).toMatch(/^src\/agent\.ts: OK$/m);
    expect(r.out).toMatch(/^psf\.yaml: OK$/m);
  });

  it("rejects a payload altered by one byte", () => {
    const env = JSON.parse(s.bytes.toString("utf8")) as { payload: string };
    const body = Buffer.from(env.payload, "base64");
    const at = body.indexOf(Buffer.from('"ready":'));
    body[at + 8] = body[at + 8]! ^ 0x01;
    const bad = path.join(s.root, "altered.jsonl");
    writeFileSync(bad, JSON.stringify({ ...env, payload: body.toString("base64") }) + "\n");
    const r = runRecipe(s, bad);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain("Signature Verification Failure");
  });

  it("names a file edited since the assessment", () => {
    const t = signedProject();
    appendFileSync(path.join(t.project, "src", "agent.ts"), "\n// edited\n");
    const r = runRecipe(t);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain("Signature Verified Successfully");
    expect(r.out).toMatch(/^src\/agent\.ts: FAILED$/m);
  });
});
