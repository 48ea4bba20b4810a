// .psf/config.yaml and PSF_* variables: defaults for assess flags, flag > env > file > default.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixture, psf } from "../helpers.js";

const tmp = mkdtempSync(path.join(tmpdir(), "psf-config-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/** A repository holding the DN42 fixture under deploy/, with .psf/config.yaml when given. */
function repo(config?: string): string {
  const root = path.join(tmp, `repo-${n++}`);
  cpSync(fixture("dn42-scanner"), path.join(root, "deploy"), { recursive: true });
  mkdirSync(path.join(root, ".git"));
  if (config !== undefined) {
    mkdirSync(path.join(root, ".psf"));
    writeFileSync(path.join(root, ".psf", "config.yaml"), config);
  }
  return root;
}

describe(".psf/config.yaml", () => {
  it("is found from a subfolder upward, and its manifest, format, output and soft-fail apply (paths from the repository root)", () => {
    const root = repo("version: 1\nmanifest: deploy\nformat: json\noutput: out.json\nsoft-fail: true\n");
    mkdirSync(path.join(root, "deploy", "src", "deeper"), { recursive: true });
    const r = psf(["assess"], { cwd: path.join(root, "deploy", "src", "deeper") });
    expect(r.code, r.stderr).toBe(0); // not ready, but soft-fail
    expect(JSON.parse(readFileSync(path.join(root, "out.json"), "utf8")).ready).toBe(false);
  });

  it.each([
    ["no flag, no variable: the file decides", [], {}, 0],
    ["the variable beats the file", [], { PSF_SOFT_FAIL: "false" }, 1],
    ["the flag beats the variable", ["--soft-fail"], { PSF_SOFT_FAIL: "false" }, 0],
  ])("precedence: %s", (_what, flags, env, code) => {
    const root = repo("soft-fail: true\nmanifest: deploy\n");
    expect(psf(["assess", "-q", ...flags], { cwd: root, env }).code).toBe(code);
  });

  // RSG-03 (high) and OOC-04 (medium) fail on the DN42 fixture.
  it.each([
    ["only: [RSG-03, OOC-04]\nfail-on: critical", 0],
    ["only: [RSG-03, OOC-04]\nmin-severity: critical", 0],
    ["only: RSG-03, OOC-04\nfail-on: medium", 1],
    ["only: [RSG-03, OOC-04]", 1],
    ["only: RSG-01", 0],
    ["only: [RSG-01, RSG-02]", 1],
    ["skip: RSG-02", 1],
  ])("`%s` gates the exit code", (line, code) => {
    const root = repo(`manifest: deploy\n${line}\n`);
    expect(psf(["assess", "-q"], { cwd: root }).code).toBe(code);
  });

  it("a flag beats the file's severity: --fail-on low over fail-on: critical", () => {
    const root = repo("manifest: deploy\nfail-on: critical\nonly: [RSG-03, OOC-04]\n");
    expect(psf(["assess", "-q", "--fail-on", "low"], { cwd: root }).code).toBe(1);
  });

  it.each([
    ["fial-on: high\n", /\.psf\/config\.yaml:1:1: unknown setting `fial-on` \(did you mean `fail-on`\?\)/],
    ["manifest: deploy\nformat: pdf\n", /\.psf\/config\.yaml:2:1: `format` must be a format or a list of them/],
    ["manifest: deploy\nsoft-fail: yes please\n", /\.psf\/config\.yaml:2:1: `soft-fail` must be true or false/],
    ["manifest: deploy\nonly: [RSG-99]\n", /\.psf\/config\.yaml:2:8: unknown control RSG-99/], // the item, not the key
    ["manifest: [deploy\n", /\.psf\/config\.yaml:\d+:\d+: invalid YAML/],
    ["- format: json\n", /\.psf\/config\.yaml:1:1: the config file must be a mapping/],
  ])("a bad file is exit 2 naming file:line:col: %j", (config, message) => {
    const r = psf(["assess", "-q"], { cwd: repo(config) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.js/); // no stack trace
  });

  it("every problem in the file is listed, one per line", () => {
    const r = psf(["assess", "-q"], { cwd: repo("strict: 3\nquiet: maybe\n") });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config\.yaml:1:1: `strict` must be true or false\npsf: .*config\.yaml:2:1: `quiet` must be true or false/);
  });

  it("--config and PSF_CONFIG name another file; a missing one is exit 2", () => {
    const root = repo();
    writeFileSync(path.join(root, "ci.yaml"), "manifest: deploy\nsoft-fail: true\n");
    expect(psf(["assess", "-q", "--config", "ci.yaml"], { cwd: root }).code).toBe(0);
    expect(psf(["assess", "-q"], { cwd: root, env: { PSF_CONFIG: "ci.yaml" } }).code).toBe(0);
    const missing = psf(["assess", "-q"], { cwd: root, env: { PSF_CONFIG: "nope.yaml" } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: no such file/);
  });
});

describe("PSF_* variables", () => {
  it.each([
    [{ PSF_FAIL_ON: "critical", PSF_ONLY: "RSG-03,OOC-04" }, 0],
    [{ PSF_MIN_SEVERITY: "critical", PSF_ONLY: "RSG-03,OOC-04" }, 0],
    [{ PSF_MIN_SEVERITY: "medium", PSF_ONLY: "RSG-03,OOC-04" }, 1],
    [{ PSF_ONLY: "RSG-01" }, 0],
    [{ PSF_SKIP: "RSG-02,RSG-03" }, 1],
    [{ PSF_SOFT_FAIL: "1" }, 0],
  ])("%j gates the DN42 fixture", (env, code) => {
    expect(psf(["assess", fixture("dn42-scanner"), "-q"], { env }).code).toBe(code);
  });

  it("PSF_FORMAT and PSF_OUTPUT write the report", () => {
    const out = path.join(tmp, "env.sarif");
    const r = psf(["assess", fixture("governed-scanner")], { env: { PSF_FORMAT: "sarif", PSF_OUTPUT: out } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).version).toBe("2.1.0");
  });

  it.each([
    [{ PSF_SOFT_FAIL: "sometimes" }, /PSF_SOFT_FAIL: is "sometimes"; it must be true or false/],
    [{ PSF_FAIL_ON: "hihg" }, /PSF_FAIL_ON: is "hihg"; it must be one of critical, high, medium, low \(did you mean high\?\)/],
    [{ PSF_FORMAT: "pdf" }, /PSF_FORMAT: names the format "pdf"/],
    [{ PSF_ONLY: "RSG-77" }, /PSF_ONLY: unknown control RSG-77/],
  ])("a bad value is exit 2 naming the variable: %j", (env, message) => {
    const r = psf(["assess", fixture("dn42-scanner"), "-q"], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe("--min-severity", () => {
  it.each([
    [["--min-severity", "critical", "--only", "RSG-03,OOC-04"], 0],
    [["--min-severity", "high", "--only", "RSG-03,OOC-04"], 1],
    [["--min-severity", "low"], 1],
    [["--min-severity", "high", "--fail-on", "high"], 1],
  ])("%j on the DN42 fixture → exit %i", (flags, code) => {
    expect(psf(["assess", fixture("dn42-scanner"), "-q", ...flags]).code).toBe(code);
  });

  it("disagreeing with --fail-on is exit 2", () => {
    const r = psf(["assess", fixture("dn42-scanner"), "-q", "--min-severity", "critical", "--fail-on", "low"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fail-on low and --min-severity critical disagree/);
  });
});

describe("several manifests in one run", () => {
  const two = () => {
    const root = repo();
    cpSync(fixture("governed-scanner"), path.join(root, "ok"), { recursive: true });
    // Distinct deployment names, as two real deployments have.
    const manifest = path.join(root, "ok", "psf.yaml");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace(/name: dn42-topology-scanner/, "name: topology-scanner-governed"));
    return root;
  };

  it.each([
    ["PATHs", ["ok", "deploy"]],
    ["-m, repeated", ["-m", "ok", "-m", "deploy"]],
  ])("%s: a report per deployment, a summary line each, the worst exit code", (_how, args) => {
    const root = two();
    const r = psf(["assess", ...args, "-q"], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/psf: 2 deployments, exit 1 \(the worst\):\n {2}ok: topology-scanner-governed: READY \(exit 0\)\n {2}deploy: dn42-topology-scanner: NOT READY \(\d+ failing\) \(exit 1\)/);
    expect(r.stdout.match(/NOT READY/g)?.length).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/READY/);
  });

  it("-o names a file per deployment: {deployment} replaced, else the name before the extension", () => {
    const root = two();
    const r = psf(["assess", "ok", "deploy", "-f", "json", "-o", "psf.json", "-f", "sarif", "-o", "{deployment}/../{deployment}.sarif"], { cwd: root });
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(readFileSync(path.join(root, "psf.topology-scanner-governed.json"), "utf8")).ready).toBe(true);
    expect(JSON.parse(readFileSync(path.join(root, "psf.dn42-topology-scanner.json"), "utf8")).ready).toBe(false);
    expect(existsSync(path.join(root, "dn42-topology-scanner.sarif"))).toBe(true);
    expect(existsSync(path.join(root, "psf.json"))).toBe(false);
  });

  it("a manifest that cannot be read is exit 2, and the others are still assessed", () => {
    const root = two();
    writeFileSync(path.join(root, "broken.yaml"), "psf: 1\ndeployment: {}\n");
    const r = psf(["assess", "ok", "broken.yaml", "-f", "json", "-o", "r.json"], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml:2:\d+: `deployment\.name` is required/);
    expect(r.stderr).toMatch(/ok: topology-scanner-governed: READY \(exit 0\)\n {2}broken\.yaml: bad input \(above\) \(exit 2\)/);
    expect(existsSync(path.join(root, "r.topology-scanner-governed.json"))).toBe(true);
  });

  it("a machine-readable format for several deployments on stdout is exit 2", () => {
    const r = psf(["assess", "ok", "deploy", "-f", "json"], { cwd: two() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/several deployments cannot share standard output/);
  });

  it("the config file's manifest list runs them all", () => {
    const root = two();
    writeFileSync(path.join(root, ".psf-list.yaml"), "manifest: [ok, deploy]\n");
    const r = psf(["assess", "-q", "--config", ".psf-list.yaml"], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2 deployments/);
  });
});

describe("what a config and several manifests must never do (review)", () => {
  it("-o onto the config file psf read is exit 2, and the config is unchanged", () => {
    const root = repo("manifest: deploy\nfail-on: low\n");
    const cfg = path.join(root, ".psf", "config.yaml");
    const r = psf(["assess", "-f", "json", "-o", ".psf/config.yaml"], { cwd: root });
    expect(r.code).toBe(2);
    expect(readFileSync(cfg, "utf8")).toBe("manifest: deploy\nfail-on: low\n");
  });

  it("outside a repository, a config in a folder above the working directory is not used", () => {
    const outer = path.join(tmp, `outer-${n++}`);
    mkdirSync(path.join(outer, ".psf"), { recursive: true });
    writeFileSync(path.join(outer, ".psf", "config.yaml"), "soft-fail: true\n");
    cpSync(fixture("dn42-scanner"), path.join(outer, "proj"), { recursive: true });
    expect(psf(["assess", "-q"], { cwd: path.join(outer, "proj") }).code).toBe(1); // not ready, and not softened
    expect(psf(["assess", "-q", "proj"], { cwd: outer }).code).toBe(0); // its own folder's config applies
  });

  it("one deployment's baseline does not hide another deployment's findings", () => {
    const root = repo();
    expect(psf(["assess", "deploy", "-f", "json", "-o", "base.json"], { cwd: root }).code).toBe(1);
    cpSync(path.join(root, "deploy"), path.join(root, "other"), { recursive: true });
    const m = path.join(root, "other", "psf.yaml");
    writeFileSync(m, readFileSync(m, "utf8").replace(/name: dn42-topology-scanner/, "name: another-scanner"));
    const r = psf(["assess", "other", "--baseline", "base.json", "-q"], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the baseline is the report of deployment dn42-topology-scanner, not of another-scanner/);
    expect(psf(["assess", "deploy", "--baseline", "base.json", "-q"], { cwd: root }).code).toBe(0);
  });

  it("two manifests with one deployment name and -o files are exit 2; the same manifest named twice runs once", () => {
    const root = repo();
    cpSync(path.join(root, "deploy"), path.join(root, "copy"), { recursive: true });
    const r = psf(["assess", "deploy", "copy", "-f", "json", "-o", "r.json"], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/both declare deployment dn42-topology-scanner/);
    expect(existsSync(path.join(root, "r.dn42-topology-scanner.json"))).toBe(false);
    const once = psf(["assess", "deploy", "deploy/", "deploy/psf.yaml", "-q"], { cwd: root });
    expect(once.code).toBe(1);
    expect(once.stderr).not.toMatch(/deployments, exit/);
  });
});

it("a config that sets fail-on and min-severity to different values is exit 2 at the second key, as the two flags are", () => {
  const root = repo("manifest: deploy\nfail-on: high\nmin-severity: low\n");
  const r = psf(["assess", "-q"], { cwd: root });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/config\.yaml:3:1: fail-on high and min-severity low disagree/);
});

it("an unknown control in the config's only: list names that item's line and column", () => {
  const root = repo("manifest: deploy\nonly:\n  - RSG-03\n  - OOC-99\n");
  const r = psf(["assess", "-q"], { cwd: root });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/config\.yaml:4:5: unknown control OOC-99/);
});
