// A fast start (issue 15): each command loads only what it uses. The TypeScript compiler (the largest
// module psf loads) only when there are TypeScript/JavaScript files to read, tree-sitter only when
// there is Python, ajv only to compile a schema the user supplies (psf's own are compiled at build
// time), and `psf --version` nothing of the CLI at all. Checked in real processes, through the
// modules each one loaded (timing is the bench's business, not a test's).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { psf } from "../helpers.js";
import { RENDERERS } from "../../src/report/render/index.js";
import { FORMATS } from "../../src/report/render/formats.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RECORD = path.join(import.meta.dirname, "record-loads.mjs");

function run(args: string[], env: Record<string, string | undefined> = {}): { status: number | null; stdout: string; loaded: string[] } {
  const r = spawnSync(process.execPath, ["--import", RECORD, path.join(ROOT, "bin/psf.js"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  const loaded = r.stderr.split("\n").filter((l) => l.startsWith("\u0000loaded ")).map((l) => path.relative(ROOT, new URL(l.slice(8)).pathname));
  return { status: r.status, stdout: r.stdout, loaded };
}

/** The packages (node_modules/<name>) and psf modules (dist/…) a process loaded. */
const packages = (loaded: string[]) => new Set(loaded.flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []));

const HEAVY = ["ts-morph", "typescript", "@ts-morph/common", "web-tree-sitter", "ajv"];
/** ajv's compiler (a standalone validator needs only a few helpers from ajv/dist/runtime/). */
const ajvCompiler = (loaded: string[]) => loaded.filter((f) => f.startsWith("node_modules/ajv/") && !f.startsWith("node_modules/ajv/dist/runtime/") && f !== "node_modules/ajv/package.json");

describe("what each command loads", () => {
  it("psf --version loads no psf module and prints the CLI's version", () => {
    for (const flag of ["--version", "-V"]) {
      const r = run([flag]);
      expect(r.status).toBe(0);
      expect(r.loaded.filter((f) => f.startsWith("dist/") || f.startsWith("node_modules/"))).toEqual([]);
      expect(r.stdout).toBe(psf([flag]).stdout);
    }
  });

  it.each([
    [["help"]],
    [["explain", "DRA-04"]],
    [["controls"]],
    [["verify", "--help"]],
  ])("psf %j loads no parser and no schema compiler", (args) => {
    const r = run(args);
    expect(r.status).toBe(0);
    expect(r.loaded.some((f) => f.startsWith("dist/cli/"))).toBe(true);
    expect([...packages(r.loaded)].filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  // A command's implementation, and what only it uses, loads when that command runs: help, explain and
  // controls load no other command's work, no prompt library, no renderer and no YAML parser.
  it.each([
    [["help"]],
    [["explain", "DRA-04"]],
    [["controls"]],
    [["verify", "--help"]],
    [["help", "init"]],
  ])("psf %j loads no command's implementation", (args) => {
    const r = run(args);
    expect(r.status).toBe(0);
    expect(r.loaded.filter((f) => /^dist\/cli\/commands\/.*-run\.js$/.test(f) || /^dist\/(attest\/(?!keys\.js)|bundle\/|audit\/|init\/|report\/render\/(?!formats\.js))/.test(f))).toEqual([]);
    expect([...packages(r.loaded)].filter((p) => ["@inquirer/prompts", "yaml", "picomatch", "string-width", "wrap-ansi"].includes(p))).toEqual([]);
  });

  it("assess loads the renderers of the formats asked for and no other", () => {
    const r = run(["assess", "fixtures/frameworks/vercel-ai/governed", "--format", "json"]);
    expect(JSON.parse(r.stdout).sources.examined).toBeGreaterThan(0);
    expect(r.loaded.filter((f) => f.startsWith("dist/report/render/")).sort()).toEqual(["dist/report/render/formats.js", "dist/report/render/json.js", "dist/report/render/repo-root.js"]);
    expect([...packages(r.loaded)].filter((p) => ["string-width", "wrap-ansi", "@inquirer/prompts"].includes(p))).toEqual([]);
  });

  // Text is wrapped only to a terminal's width (or COLUMNS); into a pipe or a file it is not, and the
  // wrapping library (wrap-ansi and string-width, which measure every line) is not loaded.
  it.each([
    ["into a pipe", { COLUMNS: undefined }, false],
    ["at COLUMNS=60", { COLUMNS: "60" }, true],
  ] as const)("assess's text report %s loads the wrapping library only when it wraps", (_, env, wrapped) => {
    const r = run(["assess", "fixtures/frameworks/vercel-ai/governed"], env);
    expect(r.stdout).toContain("psf assess");
    const p = packages(r.loaded);
    expect(p.has("wrap-ansi") && p.has("string-width")).toBe(wrapped);
    expect(r.stdout.split("\n").every((l) => l.length <= 60)).toBe(wrapped);
  });

  it("the formats help lists are the renderers there are", () => {
    expect([...FORMATS]).toEqual(Object.keys(RENDERERS));
  });

  it("assessing Python only never loads the TypeScript compiler", () => {
    const r = run(["assess", "fixtures/python/governed-scanner", "--format", "json"]);
    expect(JSON.parse(r.stdout).sources.examined).toBeGreaterThan(5);
    const p = packages(r.loaded);
    expect([...p].sort()).toContain("web-tree-sitter");
    expect(["ts-morph", "typescript", "@ts-morph/common"].filter((x) => p.has(x))).toEqual([]);
    expect(r.stdout).not.toContain("was not analysed");
  });

  it("assessing TypeScript only never loads tree-sitter, and reads psf's own manifest schema and catalogue without ajv or a compile", () => {
    const r = run(["assess", "fixtures/frameworks/vercel-ai/governed", "--format", "json"]);
    expect(JSON.parse(r.stdout).sources.examined).toBeGreaterThan(0);
    const p = packages(r.loaded);
    // TypeScript's own compiler file (ts-morph's bundled copy), and not ts-morph's project model around it.
    expect(p.has("@ts-morph/common")).toBe(true);
    expect(p.has("ts-morph")).toBe(false);
    expect(p.has("web-tree-sitter")).toBe(false);
    expect(ajvCompiler(r.loaded)).toEqual([]);
    expect(r.loaded).toContain("dist/generated/manifest-validator.cjs");
    expect(r.loaded).toContain("dist/generated/catalogue.json");
    expect(r.stdout).not.toContain("was not analysed");
  });
});
