import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { formatSums } from "../../src/bundle/sums.js";
import type { TarEntry } from "../../src/bundle/tar.js";
import { verifyBundle } from "../../src/bundle/verify.js";
import { bundledFixture, psfHere, repack, type Bundled } from "./support.js";

let b: Bundled;
let n = 0;
beforeAll(() => {
  b = bundledFixture("governed-scanner", ["--include-source"]);
});

/** Write a tampered copy and run `psf verify` on it (in this process: same code path as the binary). */
function verifyCopy(bytes: Buffer) {
  const file = path.join(b.root, `tampered-${n++}.tar.gz`);
  writeFileSync(file, bytes);
  return psfHere(["verify", file, "--key", b.pub]);
}

const edit = (name: string, f: (data: Buffer) => Buffer) => (entries: TarEntry[]) => entries.map((e) => (e.name === name ? { name, data: f(e.data) } : e));
const appendText = (s: string) => (d: Buffer) => Buffer.concat([d, Buffer.from(s)]);
/** Flip one byte in the middle: the smallest change there is. */
const flipByte = (d: Buffer) => {
  const c = Buffer.from(d);
  const i = Math.floor(c.length / 2);
  c[i] = c[i]! ^ 0x01;
  return c;
};
/** Re-seal SHA256SUMS after a change, as a forger without the key would. */
const reseal = (entries: TarEntry[]) => {
  const others = entries.filter((e) => e.name !== "SHA256SUMS" && e.name !== "SHA256SUMS.sig");
  return [...others, { name: "SHA256SUMS", data: Buffer.from(formatSums(others)) }, ...entries.filter((e) => e.name === "SHA256SUMS.sig")];
};

describe("psf verify BUNDLE: a change to any one file is caught and named", () => {
  it("the untouched bundle verifies", async () => {
    const r = await verifyCopy(b.bytes);
    expect(r.code, r.stderr).toBe(0);
  });

  const kinds = [
    "attestation.intoto.jsonl",
    "report.json",
    "report.html",
    "manifest/psf.yaml",
    "catalogue/psf-v1.1.yaml",
    "evidence/infra/litellm.yaml",
    "evidence/schemas/audit-record.schema.json",
    "source/src/agent.ts",
    "SHA256SUMS",
    "SHA256SUMS.sig",
    "INDEX.md",
    "psf-signing.pub",
  ];
  it.each(kinds)("one byte of %s changed → exit 1, the file named", async (name) => {
    const r = await verifyCopy(repack(b.bytes, edit(name, flipByte)));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`TAMPERED: ${name}: `);
    expect(r.stdout).toBe("");
  });

  it.each(["report.html", "INDEX.md", "catalogue/psf-v1.1.yaml", "psf-signing.pub"])("%s changed and SHA256SUMS re-sealed without the key → SHA256SUMS's signature fails", async (name) => {
    const r = await verifyCopy(repack(b.bytes, (es) => reseal(edit(name, appendText("\n<!-- READY -->\n"))(es))));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/TAMPERED: SHA256SUMS\.sig: is not a signature of SHA256SUMS by key [0-9a-f]{16}…: SHA256SUMS was rewritten/);
  });

  it.each([
    ["report.json", "is not the report that was signed"],
    ["manifest/psf.yaml", "does not match the digest the attestation signed for psf.yaml"],
    ["evidence/infra/litellm.yaml", "does not match the digest the attestation signed for infra/litellm.yaml"],
    ["source/src/agent.ts", "does not match the digest the attestation signed for src/agent.ts"],
  ])("%s changed and re-sealed → also named against the attestation", async (name, says) => {
    const change = name === "report.json" ? (d: Buffer) => Buffer.from(d.toString().replace(/"ready": (true|false)/, (_m, v: string) => `"ready": ${v === "true" ? "false" : "true"}`)) : appendText("\n# edited\n");
    const r = await verifyCopy(repack(b.bytes, (es) => reseal(edit(name, change)(es))));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`TAMPERED: ${name}: ${says}`);
  });

  it("a file added after bundling is named", async () => {
    const r = await verifyCopy(repack(b.bytes, (es) => [...es, { name: "evidence/extra.yaml", data: Buffer.from("x: 1\n") }]));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("TAMPERED: evidence/extra.yaml: is not listed in SHA256SUMS");
  });

  it.each(["report.html", "evidence/policy/agent.rego", "INDEX.md"])("a file removed (%s) is named", async (name) => {
    const r = await verifyCopy(repack(b.bytes, (es) => es.filter((e) => e.name !== name)));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`TAMPERED: ${name}: `);
  });

  it("report.json reformatted but equal as JSON is still the signed report (compared canonically)", () => {
    const bytes = repack(b.bytes, edit("report.json", (d) => Buffer.from(JSON.stringify(JSON.parse(d.toString())))));
    const v = verifyBundle(bytes, readFileSync(b.pub));
    expect(v.problems.map((p) => p.file)).toEqual(["report.json"]);
    expect(v.problems[0]!.message).toMatch(/does not match its SHA-256 in SHA256SUMS/);
  });
});
