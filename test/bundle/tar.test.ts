import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { gzip, readTar, readTarGz, UnsafeArchiveError, UnreadableArchiveError, writeTar, writeTarGz } from "../../src/bundle/tar.js";
import { verifyBundle } from "../../src/bundle/verify.js";
import { psf } from "../helpers.js";
import { bundledFixture, type Bundled } from "./support.js";

/** A raw ustar header, written by hand so a test can say things psf's writer refuses to. */
function rawHeader(name: string, opts: { type?: string; size?: number; link?: string; prefix?: string } = {}): Buffer {
  const h = Buffer.alloc(512, 0);
  h.write(name, 0, "utf8");
  h.write("0000644\0", 100);
  h.write("0000000\0", 108);
  h.write("0000000\0", 116);
  h.write((opts.size ?? 0).toString(8).padStart(11, "0") + "\0", 124);
  h.write("00000000000\0", 136);
  h.fill(0x20, 148, 156);
  h.write(opts.type ?? "0", 156);
  if (opts.link) h.write(opts.link, 157);
  h.write("ustar\0", 257);
  h.write("00", 263);
  if (opts.prefix) h.write(opts.prefix, 345);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return h;
}
function rawArchive(entries: { name: string; data?: string; type?: string; link?: string; prefix?: string }[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? "");
    parts.push(rawHeader(e.name, { type: e.type, size: data.length, link: e.link, prefix: e.prefix }), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

describe("tar writer", () => {
  it("round-trips, sorted, with fixed fields; GNU tar reads it", () => {
    const long = `${"d".repeat(60)}/${"e".repeat(60)}/${"f".repeat(70)}.txt`;
    const entries = [{ name: "b.txt", data: Buffer.from("bee\n") }, { name: "a/z.txt", data: Buffer.alloc(513, 7) }, { name: long, data: Buffer.from("long\n") }, { name: "empty", data: Buffer.alloc(0) }];
    const tgz = writeTarGz(entries, 1795262400);
    const back = readTarGz(tgz);
    expect(back.map((e) => e.name)).toEqual(["a/z.txt", "b.txt", long, "empty"].sort());
    expect(back.find((e) => e.name === "a/z.txt")!.data.equals(Buffer.alloc(513, 7))).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), "psf-tar-"));
    writeFileSync(path.join(dir, "t.tar.gz"), tgz);
    const list = spawnSync("tar", ["--numeric-owner", "--full-time", "-tvzf", "t.tar.gz"], { cwd: dir, encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain(long);
    for (const l of list.stdout.trim().split("\n")) expect(l).toMatch(/^-rw-r--r-- 0\/0 +\d+ 2026-11-21 12:00:00 /);
    expect(writeTarGz([...entries].reverse(), 1795262400).equals(tgz)).toBe(true);
  });

  it("gzip's header is fixed: mtime 0, XFL 2, OS 3", () => {
    const a = gzip(Buffer.from("x"));
    expect([...a.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
  });

  it("refuses to write an unsafe or duplicate name", () => {
    expect(() => writeTar([{ name: "../x", data: Buffer.alloc(0) }], 0)).toThrow(/climbs out/);
    expect(() => writeTar([{ name: "/etc/x", data: Buffer.alloc(0) }], 0)).toThrow(/absolute/);
    expect(() => writeTar([{ name: "a", data: Buffer.alloc(0) }, { name: "a", data: Buffer.alloc(0) }], 0)).toThrow(/two entries/);
  });
});

describe("tar reader refuses hostile archives before anything is used", () => {
  const cases: [string, Parameters<typeof rawArchive>[0], RegExp][] = [
    ["a ../ path", [{ name: "ok.txt", data: "fine" }, { name: "../evil.txt", data: "pwned" }], /climbs out/],
    ["a ../ hidden in the middle", [{ name: "evidence/../../evil.txt", data: "pwned" }], /climbs out/],
    ["a ../ in the ustar prefix", [{ name: "evil.txt", prefix: "..", data: "pwned" }], /climbs out/],
    ["an absolute path", [{ name: "/tmp/psf-evil-absolute.txt", data: "pwned" }], /absolute/],
    ["a symbolic link", [{ name: "report.json", type: "2", link: "/etc/passwd" }], /symbolic link/],
    ["a hard link", [{ name: "report.json", type: "1", link: "/etc/passwd" }], /hard link/],
    ["a character device", [{ name: "dev", type: "3" }], /character device/],
    ["a FIFO", [{ name: "fifo", type: "6" }], /FIFO/],
    ["a pax header", [{ name: "pax", type: "x", data: "30 path=../../../tmp/evil.txt\n" }], /pax header/],
    ["a duplicate name", [{ name: "report.json", data: "{}" }, { name: "./report.json", data: "{}" }], /appears twice/],
    ["a backslash path", [{ name: "..\\evil.txt", data: "x" }], /backslash/],
    ["an unsafe directory", [{ name: "../up/", type: "5" }], /climbs out/],
  ];
  it.each(cases)("%s", (_name, entries, says) => {
    expect(() => readTarGz(rawArchive(entries))).toThrow(UnsafeArchiveError);
    expect(() => readTarGz(rawArchive(entries))).toThrow(says);
  });

  it("a symlink made by GNU tar is refused", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "psf-tar-link-"));
    mkdirSync(path.join(dir, "b"));
    writeFileSync(path.join(dir, "b", "INDEX.md"), "hi\n");
    symlinkSync("/etc/passwd", path.join(dir, "b", "report.json"));
    const r = spawnSync("tar", ["-czf", "l.tar.gz", "-C", "b", "INDEX.md", "report.json"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(() => readTarGz(readFileSync(path.join(dir, "l.tar.gz")))).toThrow(/"report.json" is a symbolic link/);
  });

  it("garbage, truncation and a bad checksum are unreadable, not unsafe", () => {
    expect(() => readTarGz(Buffer.from("hello world, not gzip"))).toThrow(UnreadableArchiveError);
    const good = writeTar([{ name: "a", data: Buffer.from("abc") }], 0);
    expect(() => readTar(good.subarray(0, 700))).toThrow(/truncated/);
    const bad = Buffer.from(good);
    bad[0] = 0x62;
    expect(() => readTar(bad)).toThrow(/checksum/);
    expect(() => readTarGz(gzipSync(Buffer.alloc(4096)), { maxTotal: 1024, maxEntries: 10 })).toThrow(/more than 1024 bytes in a bundle uncompressed; psf.s limit is \d+ \(bundleUncompressedBytes\)/);
  });
});

describe("psf verify on a hostile bundle", () => {
  let b: Bundled;
  beforeAll(() => {
    b = bundledFixture("dn42-scanner");
  });
  const hostile: [string, Parameters<typeof rawArchive>[0], string][] = [
    ["../", [{ name: "INDEX.md", data: "x" }, { name: "../psf-escaped.txt", data: "pwned" }], "../psf-escaped.txt"],
    ["absolute", [{ name: "/tmp/psf-escaped-absolute.txt", data: "pwned" }], "/tmp/psf-escaped-absolute.txt"],
    ["symlink", [{ name: "report.json", type: "2", link: "../../../../etc/passwd" }, { name: "report.json.2", data: "x" }], "report.json"],
  ];
  it.each(hostile)("%s entries: exit 1 naming the entry, and nothing is written", (_kind, entries, named) => {
    const root = mkdtempSync(path.join(tmpdir(), "psf-hostile-"));
    const cwd = path.join(root, "cwd");
    mkdirSync(cwd);
    writeFileSync(path.join(root, "evil.tar.gz"), rawArchive(entries));
    const r = psf(["verify", path.join(root, "evil.tar.gz"), "--key", b.pub], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`TAMPERED: ${named}: entry ${JSON.stringify(named)}`);
    expect(r.stderr).toMatch(/refused and nothing was read/);
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(root).sort()).toEqual(["cwd", "evil.tar.gz"]);
    expect(existsSync("/tmp/psf-escaped-absolute.txt")).toBe(false);
    expect(verifyBundle(rawArchive(entries), readFileSync(b.pub)).valid).toBe(false);
  });
});
