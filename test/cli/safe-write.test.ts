// Safe writes (issue 18, item 3): psf runs as root in CI, so every file it writes goes through one
// writer that refuses devices, FIFOs, links, folders, kernel views and the run's own inputs, and
// leaves nothing behind when it refuses or fails. Devices and FIFOs are made in a scratch folder,
// never the real /dev.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { writeOutput } from "../../src/cli/output.js";
import { InputError } from "../../src/errors.js";
import { initTarget, writeAtomically } from "../../src/init/index.js";
import { appendStepSummary } from "../../src/report/render/github.js";
import { fixtureReport } from "../render/support.js";
import { MINIMAL, project } from "../helpers.js";

async function run(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "", stderr = "";
  const sink = (add: (s: string) => void) => ({ write: (s: string) => (add(String(s)), true), isTTY: false }) as unknown as NodeJS.WriteStream;
  const before = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(["node", "psf", ...args], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
  }
}

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function scratch(files: Record<string, string | { symlink: string }> = {}): string {
  const dir = project(files);
  made.push(dir);
  return dir;
}

/** A char device like /dev/null (1,3), made in the scratch folder; false when mknod is not permitted (not root, or no CAP_MKNOD). */
function mknod(file: string): boolean {
  return spawnSync("mknod", [file, "c", "1", "3"]).status === 0;
}
const probe = scratch();
const MKNOD_ALLOWED = mknod(path.join(probe, "probe"));

function refused(fn: () => void, shown: string): InputError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, "the write must be refused").toBeInstanceOf(InputError);
  const e = err as InputError;
  expect(e.format()).toContain(shown);
  return e;
}

describe("the output writer refuses what is not a regular file or a new name in an existing folder", () => {
  const cases: { name: string; plant: (target: string, dir: string) => void; why: RegExp; unchanged: (target: string) => void }[] = [
    {
      name: "a FIFO",
      plant: (t) => expect(spawnSync("mkfifo", [t]).status).toBe(0),
      why: /FIFO/,
      unchanged: (t) => expect(lstatSync(t).isFIFO()).toBe(true),
    },
    {
      name: "a folder",
      plant: (t) => mkdirSync(t),
      why: /is a folder/,
      unchanged: (t) => expect(lstatSync(t).isDirectory()).toBe(true),
    },
    {
      name: "a symbolic link planted at the target (to a file outside)",
      plant: (t, dir) => {
        writeFileSync(path.join(dir, "victim"), "precious\n");
        symlinkSync(path.join(dir, "victim"), t);
      },
      why: /symbolic link/,
      unchanged: (t) => {
        expect(lstatSync(t).isSymbolicLink()).toBe(true);
        expect(readFileSync(path.join(path.dirname(t), "victim"), "utf8")).toBe("precious\n");
      },
    },
    {
      name: "a dangling symbolic link (writing through it would create its target)",
      plant: (t, dir) => symlinkSync(path.join(dir, "created-elsewhere"), t),
      why: /symbolic link/,
      unchanged: (t) => expect(existsSync(path.join(path.dirname(t), "created-elsewhere"))).toBe(false),
    },
  ];
  for (const c of cases) {
    it(`-o onto ${c.name}: exit-2 error naming the path, target untouched, nothing left behind`, () => {
      const dir = scratch();
      const target = path.join(dir, "report.json");
      c.plant(target, dir);
      const before = readdirSync(dir).sort();
      const e = refused(() => writeOutput(target, "{}\n"), target);
      expect(e.format()).toMatch(c.why);
      c.unchanged(target);
      expect(readdirSync(dir).sort()).toEqual(before); // no .tmp
    });
  }

  it.skipIf(!MKNOD_ALLOWED)("-o onto a character device (a /dev/null made with mknod in a scratch folder) is refused and the device stays (skipped when mknod is not permitted: needs root)", () => {
    const dir = scratch();
    const dev = path.join(dir, "null");
    expect(mknod(dev)).toBe(true);
    const e = refused(() => writeOutput(dev, "{}\n"), dev);
    expect(e.format()).toMatch(/character device/);
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(["null"]);
  });

  it.skipIf(!existsSync("/proc/self"))("-o under /proc is refused before anything is opened", () => {
    const e = refused(() => writeOutput("/proc/self/psf-report.json", "{}\n"), "/proc/self/psf-report.json");
    expect(e.format()).toMatch(/\/proc/);
  });

  it("-o into a folder that does not exist is refused: no folder is created", () => {
    const dir = scratch();
    const target = path.join(dir, "nonexistent", "dir", "x.json");
    const e = refused(() => writeOutput(target, "{}\n"), target);
    expect(e.format()).toMatch(/does not exist/);
    expect(existsSync(path.join(dir, "nonexistent"))).toBe(false);
  });

  it("never follows a link planted at a temp-file name an attacker could guess", () => {
    const dir = scratch({ victim: "precious\n" });
    const target = path.join(dir, "report.json");
    // The names the old writer used: <target>.<pid>.tmp and .<name>.<pid>.tmp.
    symlinkSync(path.join(dir, "victim"), `${target}.${process.pid}.tmp`);
    symlinkSync(path.join(dir, "victim"), path.join(dir, `.report.json.${process.pid}.tmp`));
    writeOutput(target, "{}\n");
    expect(readFileSync(path.join(dir, "victim"), "utf8")).toBe("precious\n");
    expect(readFileSync(target, "utf8")).toBe("{}\n");
  });

  it("writes a new file whole (mode 0644), replaces a regular file keeping its mode, and leaves no temp file", () => {
    const dir = scratch();
    const target = path.join(dir, "report.json");
    writeOutput(target, "one\n");
    expect(statSync(target).mode & 0o777).toBe(0o644);
    writeFileSync(target, "old\n");
    chmodSync(target, 0o640);
    writeOutput(target, Buffer.from("two\n"));
    expect(readFileSync(target, "utf8")).toBe("two\n");
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["report.json"]);
  });
});

describe("no output replaces an input of the run", () => {
  const inputs = (dir: string) => ({ manifest: path.join(dir, "psf.yaml"), key: path.join(dir, "keys", "psf-signing.key"), previous: path.join(dir, "previous.intoto.jsonl"), skipped: path.join(dir, "src", "big.ts") });
  const cases: { name: string; target: (dir: string) => string }[] = [
    { name: "the manifest", target: (d) => inputs(d).manifest },
    { name: "the signing key", target: (d) => inputs(d).key },
    { name: "the --previous attestation", target: (d) => inputs(d).previous },
    { name: "a skipped source file", target: (d) => inputs(d).skipped },
    { name: "a hard link to the signing key", target: (d) => {
      const l = path.join(d, "key-link.json");
      linkSync(inputs(d).key, l);
      return l;
    } },
    { name: "the manifest through a linked folder", target: (d) => {
      symlinkSync(d, path.join(d, "same"));
      return path.join(d, "same", "psf.yaml");
    } },
  ];
  for (const c of cases) {
    it(`-o onto ${c.name} is refused`, () => {
      const dir = scratch({ "psf.yaml": MINIMAL, "keys/psf-signing.key": "KEY\n", "previous.intoto.jsonl": "{}\n", "src/big.ts": "// skipped\n" });
      const i = inputs(dir);
      const target = c.target(dir);
      const e = refused(() => writeOutput(target, "{}\n", Object.values(i)), target);
      expect(e.format()).toMatch(/input/);
      expect(readFileSync(i.manifest, "utf8")).toBe(MINIMAL);
      expect(readFileSync(i.key, "utf8")).toBe("KEY\n");
      expect(readFileSync(i.skipped, "utf8")).toBe("// skipped\n");
    });
  }
});

describe("the job summary (GITHUB_STEP_SUMMARY)", () => {
  const report = fixtureReport("governed-scanner");
  it("is not appended to an input of the run (the manifest)", () => {
    const dir = scratch({ "psf.yaml": MINIMAL });
    const manifest = path.join(dir, "psf.yaml");
    refused(() => appendStepSummary(manifest, report, { inputs: [manifest] }), manifest);
    expect(readFileSync(manifest, "utf8")).toBe(MINIMAL);
  });
  it("is not appended through a symbolic link", () => {
    const dir = scratch({ "victim.md": "precious\n" });
    const link = path.join(dir, "summary.md");
    symlinkSync(path.join(dir, "victim.md"), link);
    refused(() => appendStepSummary(link, report), link);
    expect(readFileSync(path.join(dir, "victim.md"), "utf8")).toBe("precious\n");
  });
  it.skipIf(!MKNOD_ALLOWED)("is not appended to a character device (skipped when mknod is not permitted: needs root)", () => {
    const dir = scratch();
    const dev = path.join(dir, "null");
    expect(mknod(dev)).toBe(true);
    refused(() => appendStepSummary(dev, report), dev);
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
  });
});

describe("psf init writes psf.yaml through the same writer", () => {
  it("a dangling psf.yaml symlink is not replaced without --force (and its target is not created)", () => {
    const dir = scratch({ "psf.yaml": { symlink: "/nonexistent-psf-target/psf.yaml" } });
    refused(() => initTarget(dir, false), "psf.yaml");
    expect(lstatSync(path.join(dir, "psf.yaml")).isSymbolicLink()).toBe(true);
  });
  it("a psf.yaml symlink is not written through even with --force", () => {
    const dir = scratch({ "elsewhere.yaml": "precious\n", "psf.yaml": { symlink: "elsewhere.yaml" } });
    refused(() => initTarget(dir, true), "psf.yaml");
    refused(() => writeAtomically(path.join(dir, "psf.yaml"), MINIMAL), "psf.yaml");
    expect(readFileSync(path.join(dir, "elsewhere.yaml"), "utf8")).toBe("precious\n");
  });
  it("an empty folder argument is bad input, not the current folder", () => {
    refused(() => initTarget("", false), "empty");
  });
});

describe("through the CLI (exit codes)", () => {
  it("assess -o FIFO, -o a missing folder, --attest over the signing key: exit 2 naming the path; -o - is standard output", async () => {
    const dir = scratch({ "psf.yaml": MINIMAL, "src/a.ts": "export const a = 1;\n" });
    expect(spawnSync("mkfifo", [path.join(dir, "fifo")]).status).toBe(0);
    const fifo = await run(["assess", dir, "-f", "json", "-o", path.join(dir, "fifo")]);
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toMatch(/fifo: is a FIFO/);
    expect(lstatSync(path.join(dir, "fifo")).isFIFO()).toBe(true);

    const missing = await run(["assess", dir, "-o", path.join(dir, "no", "such", "x.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
    expect(existsSync(path.join(dir, "no"))).toBe(false);

    expect((await run(["keygen", "--out", path.join(dir, "keys")])).code).toBe(0);
    const key = path.join(dir, "keys", "psf-signing.key");
    const keyText = readFileSync(key, "utf8");
    const overKey = await run(["assess", dir, "--key", key, "--attest", key]);
    expect(overKey.code).toBe(2);
    expect(overKey.stderr).toMatch(/input of this run/);
    expect(readFileSync(key, "utf8")).toBe(keyText);

    // A report may not replace the --previous attestation (the next attestation may: a rolling chain).
    const previous = path.join(dir, "previous.intoto.jsonl");
    expect((await run(["assess", dir, "-q", "--key", key, "--attest", previous])).code).toBeLessThan(2);
    const attested = readFileSync(previous, "utf8");
    const overPrevious = await run(["assess", dir, "-q", "--key", key, "--previous", previous, "-f", "json", "-o", previous]);
    expect(overPrevious.code).toBe(2);
    expect(readFileSync(previous, "utf8")).toBe(attested);

    const empty = await run(["assess", dir, "-f", "json", "-o", ""]);
    expect(empty.code).toBe(2);
    expect(empty.stdout).toBe("");

    const stdout = await run(["assess", "-f", "json", "-o", "-"], dir);
    expect(JSON.parse(stdout.stdout).format).toBe("psf.report/v1");
    expect(existsSync(path.join(dir, "-"))).toBe(false);
  });

  it("psf init \"\" is exit 2 and writes nothing in the current folder", async () => {
    const dir = scratch({ "src/a.ts": "export const a = 1;\n" });
    const r = await run(["init", "--yes", ""], dir);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(dir, "psf.yaml"))).toBe(false);
  });
});
