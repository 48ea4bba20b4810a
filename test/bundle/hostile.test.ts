import { spawnSync } from "node:child_process";
import { closeSync, openSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { loadSigningKey } from "../../src/attest/keys.js";
import { buildBundle } from "../../src/bundle/build.js";
import { gzip, writeTar } from "../../src/bundle/tar.js";
import { InputError } from "../../src/errors.js";
import { bundledFixture, bundleFolder, psfHere, type Bundled } from "./support.js";

/*
 * Bundles psf never writes but `tar` would still act on, and bundles psf must refuse to write
 * because its own verify would refuse them. Each is built here from a real bundle, a few bytes changed.
 */

let b: Bundled;
let n = 0;
beforeAll(() => {
  b = bundledFixture("governed-scanner");
});

function verifyCopy(bytes: Buffer) {
  const file = path.join(b.root, `hostile-${n++}.tar.gz`);
  writeFileSync(file, bytes);
  return psfHere(["verify", file, "--key", b.pub]);
}

/** Change the header of one entry in the (uncompressed) tar and fix its checksum. */
function editHeader(tar: Buffer, name: string, change: (h: Buffer) => void): Buffer {
  const out = Buffer.from(tar);
  for (let off = 0; off + 512 <= out.length; ) {
    const h = out.subarray(off, off + 512);
    if (h.every((x) => x === 0)) break;
    const size = parseInt(h.toString("latin1", 124, 135), 8);
    if (h.toString("utf8", 0, 100).replace(/\0.*$/s, "") === name) {
      change(h);
      h.fill(0x20, 148, 156);
      let sum = 0;
      for (const x of h) sum += x;
      h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "latin1");
      return out;
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`no ${name} in the archive`);
}
const octal = (h: Buffer, at: number, value: number) => h.write(value.toString(8).padStart(7, "0") + "\0", at, "latin1");
const evil = () => writeTar([{ name: "evil.sh", data: Buffer.from("#!/bin/sh\necho owned\n") }], 0);

describe("psf verify refuses what psf never writes (exit 1, naming it)", () => {
  it("data after the end-of-archive blocks, which `tar -i` extracts", async () => {
    const tar = Buffer.concat([gunzipSync(b.bytes), evil()]);
    const hidden = path.join(b.root, "hidden.tar.gz");
    writeFileSync(hidden, gzip(tar));
    expect(spawnSync("tar", ["-tizf", hidden], { encoding: "utf8" }).stdout).toContain("evil.sh");
    const r = await verifyCopy(gzip(tar));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/TAMPERED: \(the archive\): data follows the end-of-archive blocks/);
  });

  it("a second gzip member (zlib and gunzip read it as more of the same stream)", async () => {
    const r = await verifyCopy(Buffer.concat([b.bytes, gzip(evil())]));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/TAMPERED: \(the archive\): \d+ bytes follow the gzip stream \(a second gzip member/);
  });

  const headers: [string, (h: Buffer) => void, RegExp][] = [
    ["a setuid bit", (h) => octal(h, 100, 0o4755), /INDEX\.md.*mode 4755 \(setuid, setgid or sticky bit\)/],
    ["a setgid bit", (h) => octal(h, 100, 0o2644), /mode 2644/],
    ["a sticky bit", (h) => octal(h, 100, 0o1644), /mode 1644/],
    ["a non-root uid", (h) => octal(h, 108, 1000), /owned by uid 1000, gid 0; psf writes root/],
    ["a non-root gid", (h) => octal(h, 116, 50), /owned by uid 0, gid 50/],
    ["another owner name", (h) => h.write("mallory\0\0\0\0", 265, "latin1"), /names the owner "mallory"/],
    ["another group name", (h) => h.write("wheel\0", 297, "latin1"), /names the group "wheel"/],
  ];
  it.each(headers)("an entry with %s", async (_what, change, message) => {
    const r = await verifyCopy(gzip(editHeader(gunzipSync(b.bytes), `${bundleFolder(b.bytes)}/INDEX.md`, change)));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(message);
  });
});

describe("damage that still parses is tampering, named by file", () => {
  it("a changed byte inside report.html with the old gzip trailer: tampered (exit 1) naming report.html, not unreadable", async () => {
    const tar = gunzipSync(b.bytes);
    const at = tar.indexOf("<body");
    expect(at).toBeGreaterThan(0);
    tar[at + 1] = tar[at + 1]! ^ 0x20; // <body → <Body
    const damaged = gzip(tar);
    b.bytes.copy(damaged, damaged.length - 8, b.bytes.length - 8); // CRC and length of the original
    const r = await verifyCopy(damaged);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/TAMPERED: report\.html: does not match its SHA-256 in SHA256SUMS/);
    expect(r.stderr).toMatch(/TAMPERED: \(the archive\): the gzip CRC-32 does not match/);
  });

  it("a stream that cannot be decoded stays unreadable (exit 2)", async () => {
    const r = await verifyCopy(Buffer.concat([b.bytes.subarray(0, 10), Buffer.alloc(200, 0xff), b.bytes.subarray(b.bytes.length - 8)]));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/cannot read the bundle/);
  });
});

describe("limits name their figure, and the writer keeps inside them", () => {
  it("verify refuses more entries than the limit, naming it (exit 2)", async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ name: `f${i}`, data: Buffer.alloc(0) }));
    const r = await verifyCopy(gzip(writeTar(many, 0)));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/more than 10000 files in a bundle; psf's limit is 10000 \(bundleEntries\)/);
  });

  it("verify refuses a bundle file over the size limit before reading it, naming the limit (exit 2)", async () => {
    const big = path.join(b.root, "big.tar.gz");
    writeFileSync(big, "");
    truncateSync(big, 300 * 1024 * 1024); // sparse: costs no disk
    const r = await psfHere(["verify", big, "--key", b.pub]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is too large to be a psf bundle: 314572800 bytes in a bundle file; psf's limit is 268435456 \(bundleBytes\)/);
  });

  const key = () => loadSigningKey(b.key)!;
  const hex = "0".repeat(64);

  it("bundle --include-source over the entry limit is refused at write time, naming the limit", () => {
    const a = assess(path.join(b.project, "psf.yaml"));
    const fakes = Array.from({ length: 10_000 }, (_, i) => `src/gen/f${i}.ts`);
    const report = { ...a.report, subjects: [...a.report.subjects, ...fakes.map((name) => ({ name, digest: { sha256: hex } }))] };
    const sources = { ...a.sources, files: [...a.sources.files, ...fakes.map((p) => ({ path: p, abs: path.join(b.project, p), text: "", sha256: hex, size: 0 }))] };
    let error: unknown;
    try {
      buildBundle({ ...a, report, sources }, { key: key(), includeSource: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).format()).toMatch(/psf's limit is 10000 \(bundleEntries\).*without --include-source/);
  });

  it("an evidence file that would take the bundle over the size limit is refused before it is read", () => {
    const a = assess(path.join(b.project, "psf.yaml"));
    const huge = path.join(b.project, "huge.bin");
    closeSync(openSync(huge, "w"));
    spawnSync("truncate", ["-s", String(300 * 1024 * 1024), huge]); // sparse: no disk, no memory
    const report = { ...a.report, subjects: [...a.report.subjects, { name: "huge.bin", digest: { sha256: hex } }] };
    let error: unknown;
    try {
      buildBundle({ ...a, report }, { key: key() });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).format()).toMatch(/^huge\.bin: .*psf's limit is 268435456 \(bundleUncompressedBytes\)/);
  });
});
