import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repack, bundledFixture, type Bundled } from "../bundle/support.js";
import { psf, repoRoot } from "../helpers.js";
import { Ajv2020, addFormats } from "../../src/util/ajv.js";
import { signedProject, type Signed } from "./setup.js";

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(`${repoRoot}/schemas/psf-verify.schema.json`, "utf8")) as object);

interface Doc {
  kind: string;
  valid: boolean;
  signature: { valid: boolean; keyid: string; problem?: string };
  deployment?: { name: string };
  verdict?: { ready: boolean };
  tree?: { changed: string[]; missing: string[]; new: string[] };
  bundle?: { files: number; problems: { file: string; message: string }[] };
}

function verifyJson(args: string[]): { code: number | null; doc: Doc } {
  const r = psf(["verify", ...args, "--format", "json"]);
  const doc = JSON.parse(r.stdout) as Doc;
  expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
  return { code: r.code, doc };
}

let s: Signed;
let b: Bundled;
beforeAll(() => {
  s = signedProject();
  b = bundledFixture("governed-scanner");
});

describe("psf verify --format json", () => {
  it("a valid attestation: exit 0, signature, keyid, deployment, verdict, nothing changed", () => {
    const { code, doc } = verifyJson([s.attestation, "--key", s.pub, s.project]);
    expect(code).toBe(0);
    expect(doc).toMatchObject({ kind: "attestation", valid: true, signature: { valid: true }, deployment: { name: "dn42-topology-scanner" }, tree: { changed: [], missing: [], new: [] } });
    expect(doc.signature.keyid).toMatch(/^[0-9a-f]{64}$/);
  });

  it("a tampered attestation: exit 1, signature invalid with the reason", () => {
    const bad = path.join(s.root, "tampered.intoto.jsonl");
    const bytes = Buffer.from(s.bytes);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(bad, bytes);
    const { code, doc } = verifyJson([bad, "--key", s.pub, s.project]);
    expect(code).toBe(1);
    expect(doc.valid).toBe(false);
    expect(doc.signature.valid).toBe(false);
    expect(doc.signature.problem).toBeTruthy();
    expect(doc.deployment).toBeUndefined();
  });

  it("a drifted tree: exit 1, signature valid, the changed file named", () => {
    appendFileSync(path.join(s.project, "psf.yaml"), "\n# drift\n");
    const { code, doc } = verifyJson([s.attestation, "--key", s.pub, s.project]);
    expect(code).toBe(1);
    expect(doc.signature.valid).toBe(true);
    expect(doc.tree!.changed).toContain("psf.yaml");
  });

  it("a bundle, intact and with one file changed", () => {
    const ok = verifyJson([b.bundle, "--key", b.pub]);
    expect(ok.code).toBe(0);
    expect(ok.doc).toMatchObject({ kind: "bundle", valid: true, signature: { valid: true }, bundle: { problems: [] } });
    const tampered = path.join(b.root, "t.tar.gz");
    writeFileSync(tampered, repack(b.bytes, (es) => es.map((e) => (e.name === "INDEX.md" ? { name: e.name, data: Buffer.concat([e.data, Buffer.from("x")]) } : e))));
    const bad = verifyJson([tampered, "--key", b.pub]);
    expect(bad.code).toBe(1);
    expect(bad.doc.bundle!.problems.map((p) => p.file)).toContain("INDEX.md");
  });

  it("-o writes the same document to a file, and refuses to overwrite the attestation", () => {
    const out = path.join(s.root, "out", "verify.json");
    mkdirSync(path.dirname(out), { recursive: true }); // psf writes into existing folders only
    const r = psf(["verify", b.bundle, "--key", b.pub, "--format", "json", "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(validate(JSON.parse(readFileSync(out, "utf8")))).toBe(true);
    const clobber = psf(["verify", s.attestation, "--key", s.pub, s.project, "--format", "json", "-o", s.attestation]);
    expect(clobber.code).toBe(2);
    expect(readFileSync(s.attestation)).toEqual(s.bytes);
  });
});
