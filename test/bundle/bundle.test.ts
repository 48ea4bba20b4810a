import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readTarGz, writeTarGz } from "../../src/bundle/tar.js";
import { project, psf } from "../helpers.js";
import { bundledFixture, bundleEntries, EPOCH, entryText, type Bundled } from "./support.js";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

function extract(bytes: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), "psf-extract-"));
  writeFileSync(path.join(dir, "..", `${path.basename(dir)}.tar.gz`), bytes);
  const r = spawnSync("tar", ["-xzf", path.join(dir, "..", `${path.basename(dir)}.tar.gz`), "-C", dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tar -xzf failed: ${r.stderr}`);
  // `tar -xzf` makes one folder, psf-bundle-<deployment>, and nothing beside it.
  const made = readdirSync(dir);
  if (made.length !== 1 || !made[0]!.startsWith("psf-bundle-")) throw new Error(`tar -xzf made ${JSON.stringify(made)}, not one psf-bundle-* folder`);
  return path.join(dir, made[0]!);
}

let gs: Bundled;
beforeAll(() => {
  gs = bundledFixture("governed-scanner");
});

describe("psf bundle", () => {
  it("is byte-reproducible under SOURCE_DATE_EPOCH: two bundles, one hash", () => {
    const second = path.join(gs.root, "out", "b.tar.gz");
    const r = psf(["bundle", gs.project, "--key", gs.key, "--out", second], { env: { SOURCE_DATE_EPOCH: EPOCH } });
    expect([0, 1]).toContain(r.code);
    expect(sha(readFileSync(second))).toBe(sha(gs.bytes));
    // A new key pair gives a different signature, so a different bundle: the hash is not vacuous.
    const other = bundledFixture("governed-scanner");
    expect(sha(other.bytes)).not.toBe(sha(gs.bytes));
  });

  it("fixes every tar header field and the gzip header", () => {
    expect([...gs.bytes.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
    const listing = spawnSync("tar", ["--numeric-owner", "-tvzf", gs.bundle], { encoding: "utf8" });
    expect(listing.status).toBe(0);
    const lines = listing.stdout.trim().split("\n");
    for (const l of lines) expect(l).toMatch(/^-rw-r--r-- 0\/0 /);
    const names = lines.map((l) => l.split(/\s+/).pop()!);
    expect(names).toEqual([...names].sort());
    const mtimes = readTarGz(gs.bytes).length;
    expect(mtimes).toBe(names.length);
    const verbose = spawnSync("tar", ["--full-time", "-tvzf", gs.bundle], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
    for (const l of verbose.stdout.trim().split("\n")) expect(l).toContain("2026-11-21 12:00:00");
  });

  it("holds the reports, attestation, manifest, catalogue, key, evidence files, SHA256SUMS and INDEX.md; sources by digest only", () => {
    const names = bundleEntries(gs.bytes).map((e) => e.name);
    expect(names).toEqual([
      "INDEX.md",
      "SHA256SUMS",
      "SHA256SUMS.sig",
      "attestation.intoto.jsonl",
      "catalogue/psf-v1.1.yaml",
      "evidence/infra/litellm.yaml",
      "evidence/policy/agent.rego",
      "evidence/schemas/audit-record.schema.json",
      "evidence/test/controls/kill-switch.test.ts",
      "evidence/test/controls/spend-cap.test.ts",
      "evidence/test/controls/termination.test.ts",
      "manifest/psf.yaml",
      "psf-signing.pub",
      "report.html",
      "report.json",
    ]);
    expect(readFileSync(path.join(gs.project, "psf.yaml"), "utf8")).toBe(entryText(gs.bytes, "manifest/psf.yaml"));
    expect(entryText(gs.bytes, "psf-signing.pub")).toBe(readFileSync(gs.pub, "utf8"));
    const index = entryText(gs.bytes, "INDEX.md");
    expect(index).toMatch(/\| `src\/agent\.ts` \| `[0-9a-f]{64}` \| no \|/);
  });

  it("--include-source copies the source files under source/, bound by the attestation", () => {
    const withSrc = bundledFixture("governed-scanner", ["--include-source"]);
    const names = bundleEntries(withSrc.bytes).map((e) => e.name);
    expect(names).toContain("source/src/agent.ts");
    expect(entryText(withSrc.bytes, "source/src/agent.ts")).toBe(readFileSync(path.join(withSrc.project, "src/agent.ts"), "utf8"));
    const v = psf(["verify", withSrc.bundle, "--key", withSrc.pub]);
    expect(v.code, v.stderr).toBe(0);
  });

  it("sha256sum -c SHA256SUMS passes inside the extracted bundle, and SHA256SUMS covers every other file", () => {
    const dir = extract(gs.bytes);
    const r = spawnSync("sha256sum", ["-c", "--strict", "SHA256SUMS"], { cwd: dir, encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const listed = readFileSync(path.join(dir, "SHA256SUMS"), "utf8").trim().split("\n").map((l) => l.slice(66));
    const all = bundleEntries(gs.bytes).map((e) => e.name).filter((n) => n !== "SHA256SUMS" && n !== "SHA256SUMS.sig");
    expect(listed).toEqual(all);
  });

  it.runIf(has("openssl") && has("jq") && has("bash"))("INDEX.md's OpenSSL route verifies both signatures without psf", () => {
    const dir = extract(gs.bytes);
    const index = readFileSync(path.join(dir, "INDEX.md"), "utf8");
    // Run the very commands INDEX.md prints, in order, in the extracted folder.
    const blocks = [...index.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/^ {3}/gm, ""));
    const script = blocks.filter((b) => /openssl|jq|sha256sum/.test(b) && !/psf verify/.test(b)).join("\n");
    const r = spawnSync("bash", ["-euo", "pipefail", "-c", script], { cwd: dir, encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.match(/Signature Verified Successfully/g)).toHaveLength(2);
    const keyid = JSON.parse(readFileSync(path.join(dir, "attestation.intoto.jsonl"), "utf8")).signatures[0].keyid as string;
    expect(r.stdout).toContain(`${keyid}  -`);
  });

  it("INDEX.md lists exactly the files in the bundle, and every file it cites as proof is there", () => {
    const names = bundleEntries(gs.bytes).map((e) => e.name);
    const index = entryText(gs.bytes, "INDEX.md");
    const section = index.split("## Files in this bundle")[1]!.split("\n## ")[0]!;
    const listed = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(names);
    const proofs = [...index.matchAll(/^- \*\*Proved by:\*\* (.*)$/gm)].map((m) => m[1]!);
    expect(proofs).toHaveLength(28);
    for (const p of proofs) for (const [, f] of p.matchAll(/`([^`]+)`/g)) if (/\.(json|yaml|ts|rego|md|html|jsonl)$/.test(f!) && !f!.includes(" ")) expect(names, `${f} cited in: ${p}`).toContain(f);
  });

  it("INDEX.md names the file that proves each file-backed control", () => {
    const index = entryText(gs.bytes, "INDEX.md");
    const proof = (id: string) => new RegExp(`#### ${id} [^\\n]*\\n[\\s\\S]*?- \\*\\*Proved by:\\*\\* ([^\\n]*)`).exec(index)?.[1] ?? "";
    expect(proof("RSG-07")).toContain("`evidence/infra/litellm.yaml`");
    expect(proof("IAA-01")).toContain("`evidence/schemas/audit-record.schema.json`");
    expect(proof("ABC-07")).toContain("`evidence/policy/agent.rego`");
    expect(proof("DRA-02")).toContain("`evidence/test/controls/kill-switch.test.ts`");
    expect(proof("RSG-01")).toContain("`manifest/psf.yaml` (`spend.ceiling`)");
    expect(proof("RSG-04")).toContain("`report.json`");
    expect(index).toMatch(/#### RSG-07 [^\n]*\n\n- \*\*Demands:\*\* \S/);
  });

  it("refuses without a key, or with an --out that is not a .tar.gz", () => {
    const noKey = psf(["bundle", gs.project, "--out", path.join(gs.root, "x.tar.gz")]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/no signing key/);
    const badName = psf(["bundle", gs.project, "--key", gs.key, "--out", path.join(gs.root, "x.zip")]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/--out.*\.tar\.gz/);
  });

  it("psf verify BUNDLE exits 0 and says what it checked", () => {
    const r = psf(["verify", gs.bundle, "--key", gs.pub]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/result {7}VALID/);
    expect(r.stdout).toContain("dn42-topology-scanner");
  });

  it("every entry sits under one folder named for the deployment, so tar -xzf makes only psf-bundle-<name>/", () => {
    const names = readTarGz(gs.bytes).map((e) => e.name);
    expect(names.length).toBeGreaterThan(10);
    for (const n of names) expect(n).toMatch(/^psf-bundle-dn42-topology-scanner\//);
    expect(readdirSync(extract(gs.bytes))).toContain("SHA256SUMS");
    const r = psf(["verify", gs.bundle, "--key", gs.pub]);
    expect(r.stdout).toMatch(/files under psf-bundle-dn42-topology-scanner\//);
  });

  it.each([
    ["a flat archive (a bundle from before the folder)", 0, (es: { name: string; data: Buffer }[]) => es, ""],
    ["another folder name", 1, (es: { name: string; data: Buffer }[]) => es.map((e) => ({ ...e, name: `evidence-copy/${e.name}` })), "TAMPERED: SHA256SUMS: is missing from the bundle"],
    ["one file outside the folder", 1, (es: { name: string; data: Buffer }[]) => [...es.map((e) => ({ ...e, name: `psf-bundle-x/${e.name}` })), { name: "NOTE.md", data: Buffer.from("hi") }], "TAMPERED: NOTE.md: lies outside the bundle's folder psf-bundle-x/"],
  ] as const)("psf verify of %s: exit %s", (_what, code, rename, message) => {
    const file = path.join(gs.root, `renamed-${code}-${message.length}.tar.gz`);
    writeFileSync(file, writeTarGz(rename(bundleEntries(gs.bytes)), Number(EPOCH)));
    const r = psf(["verify", file, "--key", gs.pub]);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toContain(message);
  });

  it("a bundle re-packed with GNU tar (./ names, directory entries) still verifies", () => {
    const dir = extract(gs.bytes);
    const out = path.join(gs.root, "repacked.tar.gz");
    // Owned by root as psf writes it (verify refuses other owners); explicit, so a non-root runner re-packs the same.
    const r = spawnSync("tar", ["--owner=root:0", "--group=root:0", "-czf", out, "-C", dir, "."], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const v = psf(["verify", out, "--key", gs.pub]);
    expect(v.code, v.stderr).toBe(0);
  });

  it("a wrong key, an unreadable archive and a missing file are told apart", () => {
    const other = bundledFixture("dn42-scanner");
    const wrongKey = psf(["verify", gs.bundle, "--key", other.pub]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/TAMPERED: SHA256SUMS\.sig: is not a signature of SHA256SUMS/);
    expect(wrongKey.stderr).toMatch(/TAMPERED: attestation\.intoto\.jsonl/);
    expect(wrongKey.stderr).toMatch(/TAMPERED: psf-signing\.pub: is not the key given/);
    const junk = path.join(gs.root, "junk.tar.gz");
    writeFileSync(junk, "not a bundle at all");
    const j = psf(["verify", junk, "--key", gs.pub]);
    expect(j.code).toBe(2);
    expect(j.stderr).toMatch(/cannot read the bundle: not a gzip file/);
    const missing = psf(["verify", path.join(gs.root, "nope.tar.gz"), "--key", gs.pub]);
    expect(missing.code).toBe(2);
    const badKey = path.join(gs.root, "bad.pub");
    writeFileSync(badKey, "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n");
    expect(psf(["verify", gs.bundle, "--key", badKey]).code).toBe(2);
  });

  it("the dn42 scanner bundles too (no evidence files: INDEX.md says so)", () => {
    const dn = bundledFixture("dn42-scanner");
    const names = bundleEntries(dn.bytes).map((e) => e.name);
    expect(names.filter((n) => n.startsWith("evidence/"))).toEqual([]);
    const index = entryText(dn.bytes, "INDEX.md");
    expect(index).toMatch(/#### RSG-07 [^\n]*N\/A[\s\S]*?Proved by:\*\* no evidence file: the manifest names none at `spend\.enforcement\.gateway\.config`/);
    expect(psf(["verify", dn.bundle, "--key", dn.pub]).code).toBe(0);
  });

  it("verify writes nothing", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "psf-verify-cwd-"));
    mkdirSync(path.join(cwd, "empty"));
    const r = psf(["verify", gs.bundle, "--key", gs.pub], { cwd: path.join(cwd, "empty") });
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(cwd, "empty"))).toEqual([]);
    expect(existsSync(path.join(cwd, "INDEX.md"))).toBe(false);
  });
  it("manifest values that are markup stay inert in INDEX.md and report.html", () => {
    const dir = project({
      "psf.yaml": "psf: 1\ndeployment:\n  name: demo-agent\n  owner: 'slack:<script>alert(1)</script>'\naudit:\n  retention: 30d\nwaivers:\n  - { control: IAA-03, reason: '<script>x</script> [link](http://e.example)', approved_by: carol@example.net, expires: 2027-01-31 }\n",
      "src/a.ts": "export const a = 1;\n",
    });
    const out = path.join(dir, "..", `${path.basename(dir)}.tar.gz`);
    const r = psf(["bundle", dir, "--key", gs.key, "--out", out], { env: { SOURCE_DATE_EPOCH: EPOCH } });
    expect([0, 1], r.stderr).toContain(r.code);
    const bytes = readFileSync(out);
    const index = entryText(bytes, "INDEX.md");
    expect(index).not.toMatch(/(?<!\\)<script/);
    expect(index).toContain("slack:\\<script\\>alert(1)\\</script\\>");
    expect(index).toContain("\\<script\\>x\\</script\\> \\[link\\](http://e.example)");
    expect(entryText(bytes, "report.html")).not.toMatch(/<script/i);
  });
});
