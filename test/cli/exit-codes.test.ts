// Honest exit codes on hostile but valid input (issue 18, item 4): never exit 3 (a psf bug) for
// something the user can fix, and `psf init` never reports success when its analysis failed.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { assess, assessmentTime, MAX_EPOCH_SECONDS } from "../../src/assess.js";
import { bundleMtime, MAX_TAR_MTIME } from "../../src/bundle/build.js";
import { main } from "../../src/cli/main.js";
import { InputError } from "../../src/errors.js";
import { detectProject } from "../../src/init/index.js";
import { selectSourcePaths } from "../../src/sources/collect.js";
import { MINIMAL, project } from "../helpers.js";

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "", stderr = "";
  const sink = (add: (s: string) => void) => ({ write: (s: string) => (add(String(s)), true), isTTY: false }) as unknown as NodeJS.WriteStream;
  const code = await main(["node", "psf", ...args], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function scratch(files: Record<string, string>): string {
  const dir = project(files);
  made.push(dir);
  return dir;
}

/** N functions each calling the next, the last closing the cycle: one strongly connected component N deep. */
function callChain(n: number): string {
  let s = "import OpenAI from \"openai\";\nconst client = new OpenAI();\n";
  for (let i = 0; i < n - 1; i++) s += `export function f${i}(): unknown { return f${i + 1}(); }\n`;
  s += `export function f${n - 1}(): unknown { client.chat.completions.create({ model: "m", messages: [] }); return f0(); }\n`;
  return s;
}

describe("a chain of 5,000 functions calling each other", () => {
  const dir = scratch({ "psf.yaml": MINIMAL, "src/chain.ts": callChain(5000) });

  it("is analysed: the call graph is walked without exhausting the stack, and the cycle is found", () => {
    const a = assess(dir, { now: new Date(0) });
    const cycle = a.facts!.recursion.find((r) => r.functions.length === 5000);
    expect(cycle, "the 5,000-function cycle is a recursion fact").toBeDefined();
    expect(a.facts!.unanalysed).toEqual([]);
  });

  it("assess exits 1 (not ready), never 3", async () => {
    const r = await run(["assess", dir, "-q"]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(1);
  });

  it("psf init's detection reads it (no failure hidden behind a manifest from package.json alone)", () => {
    const d = detectProject(dir);
    expect(d.notes.join("\n")).not.toMatch(/analysis failed/);
    expect(d.analysis?.facts?.recursion.some((r) => r.functions.length === 5000)).toBe(true);
  });
});

describe("a .gitignore line tens of kilobytes long", () => {
  const dir = scratch({ "psf.yaml": MINIMAL, "src/a.ts": "export const a = 1;\n", ".gitignore": `dist/\n${"a".repeat(40_000)}*\n` });

  it("is bad input naming the file and line, in a short message", () => {
    let err: unknown;
    try {
      selectSourcePaths({ dir });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    expect(e.position?.file).toMatch(/\.gitignore$/);
    expect(e.position?.line).toBe(2);
    expect(e.format().length).toBeLessThan(300);
  });

  it("assess exits 2, not 3, with that message", async () => {
    const r = await run(["assess", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.gitignore:2: /);
    expect(r.stderr.length).toBeLessThan(400);
  });
});

describe("SOURCE_DATE_EPOCH out of range", () => {
  const cases: { value: string; assess: "ok" | "refused"; bundle: "ok" | "refused" }[] = [
    { value: "0", assess: "ok", bundle: "ok" },
    { value: String(MAX_TAR_MTIME), assess: "ok", bundle: "ok" },
    { value: "8589934592", assess: "ok", bundle: "refused" }, // 8^11: no longer fits a tar header's 11 octal digits
    { value: "8640000000000", assess: "ok", bundle: "refused" }, // the last second a Date holds
    { value: "8640000000001", assess: "refused", bundle: "refused" },
    { value: "9".repeat(400), assess: "refused", bundle: "refused" },
  ];
  for (const c of cases) {
    it(`${c.value.length > 20 ? `${c.value.length} nines` : c.value}: assess ${c.assess}, bundle ${c.bundle}`, () => {
      const env = { SOURCE_DATE_EPOCH: c.value };
      if (c.assess === "ok") expect(assessmentTime(env).getTime()).toBe(Number(c.value) * 1000);
      else expect(() => assessmentTime(env)).toThrow(new RegExp(`from 0 to ${MAX_EPOCH_SECONDS}`));
      if (c.bundle === "ok") expect(bundleMtime(env)).toBe(Number(c.value));
      else expect(() => bundleMtime(env)).toThrow(new RegExp(`from 0 to ${MAX_TAR_MTIME}`));
      for (const f of [() => assessmentTime(env), () => bundleMtime(env)]) {
        try {
          f();
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          expect((e as InputError).format().length).toBeLessThan(200);
        }
      }
    });
  }

  describe("through the CLI", () => {
    const saved = process.env.SOURCE_DATE_EPOCH;
    afterEach(() => {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    });
    it("assess exits 2 naming the valid range", async () => {
      const dir = scratch({ "psf.yaml": MINIMAL, "src/a.ts": "export const a = 1;\n" });
      process.env.SOURCE_DATE_EPOCH = "8640000000001";
      const r = await run(["assess", dir, "-o", path.join(dir, "r.json")]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/SOURCE_DATE_EPOCH: .*from 0 to 8640000000000/);
    });
    it("bundle exits 2 naming the tar limit", async () => {
      const dir = scratch({ "psf.yaml": MINIMAL, "src/a.ts": "export const a = 1;\n" });
      expect((await run(["keygen", "--out", path.join(dir, "keys")])).code).toBe(0);
      process.env.SOURCE_DATE_EPOCH = "8589934592";
      const r = await run(["bundle", dir, "--key", path.join(dir, "keys", "psf-signing.key"), "--out", path.join(dir, "b.tar.gz")]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/SOURCE_DATE_EPOCH: .*from 0 to 8589934591/);
    });
  });
});
