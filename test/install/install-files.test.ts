// What the install paths rely on, checked fast here; scripts/check-install.sh (run by .ci/run) installs
// psf from a clone each way and assesses fixtures through it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { envName, type SettingName } from "../../src/cli/config.js";
import { repoRoot } from "../helpers.js";

const read = (f: string) => readFileSync(path.join(repoRoot, f), "utf8");
const action = parse(read("action.yml")) as { inputs: Record<string, unknown>; runs: { steps: { name: string; run?: string; uses?: string; env?: Record<string, string> }[] } };
const pkg = JSON.parse(read("package.json")) as { bin: Record<string, string>; scripts: Record<string, string> };

describe("the composite Action", () => {
  const steps = action.runs.steps;

  it("names only inputs it declares", () => {
    const used = [...read("action.yml").matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(5);
    for (const name of used) expect(Object.keys(action.inputs)).toContain(name);
  });

  it("passes inputs to its scripts through the environment, never spliced into the script", () => {
    for (const s of steps) if (s.run) expect(s.run, s.name).not.toMatch(/\$\{\{/);
  });

  it("gives its scripts no variable psf would read as a setting (PSF_FORMAT, PSF_FAIL_ON, …)", () => {
    const settings: SettingName[] = ["manifest", "format", "output", "fail-on", "min-severity", "strict", "only", "skip", "soft-fail", "baseline", "sarif-include-passing", "quiet", "compact", "inline-waivers", "summary"];
    const psfReads = new Set([...settings.map(envName), "PSF_CONFIG"]);
    for (const s of steps) for (const v of Object.keys(s.env ?? {})) expect(psfReads.has(v), `${s.name}: ${v}`).toBe(false);
  });

  it("passes a path and --fail-on only when given, so .psf/config.yaml's manifest and fail-on apply", () => {
    expect(action.inputs).toMatchObject({ path: { default: "" }, "fail-on": { default: "" } });
    const script = steps.find((s) => s.name === "Run psf assess")!.run!;
    expect(script).toMatch(/if \[ -n "\$IN_PATH" \]; then args\+=\("\$IN_PATH"\); fi/);
    expect(script).toMatch(/if \[ -n "\$IN_FAIL_ON" \]; then args\+=\(--fail-on "\$IN_FAIL_ON"\); fi/);
  });

  it("uploads SARIF with upload-sarif v4", () => {
    expect(steps.map((s) => s.uses).filter(Boolean)).toEqual(["github/codeql-action/upload-sarif@v4"]);
  });
});

describe("pre-commit's hook", () => {
  const hook = (parse(read(".pre-commit-hooks.yaml")) as { id: string; entry: string; language: string; files: string }[]).find((h) => h.id === "psf-assess")!;

  it("runs the package's own bin, installed by pre-commit's node language", () => {
    expect(hook.language).toBe("node");
    expect(hook.entry.split(" ")[0]).toBe(Object.keys(pkg.bin)[0]);
  });

  it.each([
    ["psf.yaml", true],
    ["deploy/psf.yml", true],
    [".psf/config.yaml", true],
    ["src/agent.ts", true],
    ["agent/main.py", true],
    ["README.md", false],
  ])("runs on a commit touching %s: %s", (file, runs) => {
    expect(new RegExp(hook.files).test(file)).toBe(runs);
  });
});

describe("installing from git", () => {
  it("builds dist/ in prepare (npm runs it for git and folder installs) and keeps npm pack's stdout to the tarball name", () => {
    expect(pkg.scripts.prepare).toBe("node scripts/prepare.mjs");
    expect(read("scripts/prepare.mjs")).toMatch(/npm_config_global/);
    // pre-commit reads the tarball's name from `npm pack`'s stdout: the build's banner must not land there.
    expect(read(".npmrc")).toMatch(/^foreground-scripts=false$/m);
  });
});
