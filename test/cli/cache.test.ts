// `psf assess` with the facts cache: the JSON report and the signed attestation are byte for byte
// those of a run without it, cold or warm; the cache goes where the docs say (the project's
// node_modules, or --cache-dir), nowhere with --no-cache or `cache: false`, and a folder that cannot
// be written changes nothing but the time.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixture, psf } from "../helpers.js";

const EPOCH = "1795262400";
/** The tests run with PSF_CACHE=0 (test/global-setup.ts); these runs turn the cache back on. */
// Not in CI (where the cache is off unless a folder is named): the suite itself may run under CI=true.
const CACHE_ON = { SOURCE_DATE_EPOCH: EPOCH, PSF_CACHE: undefined, CI: undefined };
let root: string, key: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "psf-cache-cli-"));
  const keygen = psf(["keygen", "--out", path.join(root, "keys")]);
  if (keygen.code !== 0) throw new Error(keygen.stderr);
  key = path.join(root, "keys", "psf-signing.key");
});

let n = 0;
function copyOf(name: string): string {
  const dir = path.join(root, `p${n++}`);
  cpSync(fixture(name), dir, { recursive: true });
  return dir;
}

/** Entry files under a cache folder. */
function entries(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** One run writing the JSON report and the attestation; their bytes and the exit code. */
function run(project: string, flags: string[]) {
  const out = path.join(root, `out${n++}`);
  mkdirSync(out);
  const r = psf(["assess", project, "-f", "json", "-o", path.join(out, "report.json"), "--attest", path.join(out, "a.intoto.jsonl"), "--key", key, ...flags], { env: CACHE_ON });
  expect(r.stderr).toBe("");
  return { code: r.code, report: readFileSync(path.join(out, "report.json"), "utf8"), attestation: readFileSync(path.join(out, "a.intoto.jsonl"), "utf8") };
}

describe("reports and attestations are identical with and without the cache", () => {
  it.each(["governed-scanner", "frameworks/vercel-ai/ungoverned", "frameworks/mastra/governed", "python/governed-scanner", "python/frameworks/crewai/ungoverned"])("%s", (name) => {
    const project = copyOf(name);
    const cache = path.join(root, `cache${n++}`);
    const none = run(project, ["--no-cache"]);
    expect(entries(cache)).toEqual([]);
    const cold = run(project, ["--cache-dir", cache]);
    expect(entries(cache).length).toBeGreaterThan(0);
    const warm = run(project, ["--cache-dir", cache]);
    for (const r of [cold, warm]) {
      expect(r.code).toBe(none.code);
      expect(r.report).toBe(none.report);
      expect(r.attestation).toBe(none.attestation);
    }
  });
});

describe("where the cache goes", () => {
  const inModules = (p: string) => path.join(p, "node_modules", ".cache", "psf", "facts");

  it.each([
    ["--cache-dir", (dir: string) => [["--cache-dir", dir], {}] as const],
    ["PSF_CACHE_DIR", (dir: string) => [[], { PSF_CACHE_DIR: dir }] as const],
  ])("in CI, in the folder %s names (one the job keeps between runs)", (_name, given) => {
    const project = copyOf("governed-scanner");
    const dir = path.join(project, "kept-cache");
    const [flags, env] = given(dir);
    const r = psf(["assess", project, "-q", ...flags], { env: { ...CACHE_ON, CI: "true", ...env } });
    expect(r.code === 0 || r.code === 1).toBe(true);
    expect(entries(dir).length).toBeGreaterThan(0);
  });

  it("in CI with --cache: where it goes by default", () => {
    const project = copyOf("governed-scanner");
    mkdirSync(path.join(project, "node_modules"));
    const r = psf(["assess", project, "-q", "--cache"], { env: { ...CACHE_ON, CI: "true" } });
    expect(r.code === 0 || r.code === 1).toBe(true);
    expect(entries(inModules(project)).length).toBeGreaterThan(0);
  });

  it("under the project's node_modules by default", () => {
    const project = copyOf("governed-scanner");
    mkdirSync(path.join(project, "node_modules"));
    run(project, []);
    expect(entries(inModules(project)).length).toBeGreaterThan(0);
  });

  it.each([
    ["--no-cache", ["--no-cache"], {}],
    ["PSF_CACHE=0", [], { PSF_CACHE: "0" }],
    ["CI=true and no folder named (the folder is usually gone by the next CI run)", [], { CI: "true" }],
    ["CI=1 and no folder named", [], { CI: "1" }],
  ])("nowhere with %s", (_name, flags, env) => {
    const project = copyOf("governed-scanner");
    mkdirSync(path.join(project, "node_modules"));
    const r = psf(["assess", project, "-q", ...flags], { env: { ...CACHE_ON, ...env } });
    expect(r.code === 0 || r.code === 1).toBe(true);
    expect(entries(path.join(project, "node_modules"))).toEqual([]);
  });

  it.each([
    ["cache: false", "cache: false\n", false],
    ["cache-dir: (relative to the folder holding .psf/)", "cache-dir: .facts\n", true],
  ])("as .psf/config.yaml says: %s", (_name, config, written) => {
    const project = copyOf("governed-scanner");
    mkdirSync(path.join(project, "node_modules"));
    mkdirSync(path.join(project, ".psf"));
    writeFileSync(path.join(project, ".psf", "config.yaml"), config);
    const r = psf(["assess", ".", "-q"], { env: CACHE_ON, cwd: project });
    expect(r.code === 0 || r.code === 1).toBe(true);
    expect(entries(path.join(project, "node_modules"))).toEqual([]);
    expect(entries(path.join(project, ".facts")).length > 0).toBe(written);
  });

  it("a --cache-dir that cannot be written: same report, same exit code, no error", () => {
    const project = copyOf("governed-scanner");
    const file = path.join(root, `file${n++}`);
    writeFileSync(file, "not a folder");
    const none = run(project, ["--no-cache"]);
    const broken = run(project, ["--cache-dir", path.join(file, "cache")]);
    expect(broken).toEqual(none);
  });
});
