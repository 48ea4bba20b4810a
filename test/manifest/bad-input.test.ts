import { chmodSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MINIMAL, project, psf } from "../helpers.js";

/**
 * Every malformed manifest: exit 2, one message naming file:line:col (or the file), no stack trace.
 * `where` is the expected `psf.yaml:LINE:COL` prefix.
 */
const cases: { name: string; yaml: string; where: RegExp; says: RegExp }[] = [
  { name: "misspelt key suggests the right one", yaml: `${MINIMAL}spend:\n  ceilling: { amount: 5, currency: USD, period: 30d }\n`, where: /psf\.yaml:6:3/, says: /unknown key `spend\.ceilling`.*did you mean `ceiling`/ },
  { name: "unknown top-level key", yaml: `${MINIMAL}budget: 5\n`, where: /psf\.yaml:5:1/, says: /unknown key `budget`/ },
  { name: "missing owner", yaml: "psf: 1\ndeployment:\n  name: demo\n", where: /psf\.yaml:2:1/, says: /`deployment\.owner` is required/ },
  { name: "wrong format version", yaml: "psf: 2\ndeployment: { name: demo, owner: a@b.co }\n", where: /psf\.yaml:1:1/, says: /`psf` must be 1/ },
  { name: "bad enum with hint", yaml: `${MINIMAL}spend:\n  enforcement:\n    layer: gatway\n`, where: /psf\.yaml:7:5/, says: /must be one of gateway, provider, application.*did you mean `gateway`/ },
  { name: "bad duration", yaml: `${MINIMAL}audit:\n  retention: forever\n`, where: /psf\.yaml:6:3/, says: /`audit\.retention` is "forever"/ },
  { name: "wrong type", yaml: `${MINIMAL}boundaries:\n  limits:\n    max_steps: lots\n`, where: /psf\.yaml:7:5/, says: /must be a whole number/ },
  { name: "invalid YAML", yaml: "psf: 1\ndeployment: [\n", where: /psf\.yaml:\d+:\d+/, says: /invalid YAML/ },
  { name: "duplicate key", yaml: "psf: 1\npsf: 1\n", where: /psf\.yaml:2:1/, says: /invalid YAML/ },
  // Common slips, named at the line to change (the yaml library names some one line early, or at the next key).
  { name: "key indented under a key that has a value", yaml: "psf: 1\ndeployment:\n  name: demo\n  owner: a@b.co\n    team: z\n", where: /psf\.yaml:5:5/, says: /"team:" is indented deeper than "owner:" on line 4.*indent "team:" to column 3/ },
  { name: "key less indented than the keys above it", yaml: "psf: 1\ndeployment:\n  name: demo\n owner: a@b.co\n", where: /psf\.yaml:4:2/, says: /"owner:" starts at column 2, but "name:" on line 3.*starts at column 3/ },
  { name: "unclosed {", yaml: "psf: 1\ndeployment: { name: demo, owner: a@b.co\nagent:\n  root: .\n", where: /psf\.yaml:2:13/, says: /the "\{" opened here is never closed with "\}"/ },
  { name: "no space after a colon", yaml: "psf: 1\ndeployment:\n  name:demo\n  owner: a@b.co\n", where: /psf\.yaml:3:\d+/, says: /"name:demo" has no space after the colon.*write "name: demo"/ },
  { name: "list item's keys not lined up", yaml: `${MINIMAL}waivers:\n  - control: RSG-01\n   reason: x\n`, where: /psf\.yaml:7:4/, says: /"reason:" starts at column 4, but "control:" on line 6.*starts at column 5/ },
  { name: "list root", yaml: "- psf: 1\n", where: /psf\.yaml:1:1/, says: /must be a mapping/ },
  { name: "scalar root", yaml: "hello\n", where: /psf\.yaml:1:1/, says: /must be a mapping/ },
  { name: "empty file", yaml: "", where: /psf\.yaml:1:1/, says: /empty/ },
  { name: "comments only", yaml: "# nothing here\n", where: /psf\.yaml:1:1/, says: /empty/ },
  {
    name: "alias bomb",
    yaml: `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`,
    where: /psf\.yaml:\d+:\d+/,
    says: /aliases expand too far/,
  },
  {
    // Few aliases, each of one big string: 100 × 50 KB of manifest values the report would carry and sign.
    name: "aliases of a large value",
    yaml: `${MINIMAL}boundaries:\n  endpoints:\n    allow:\n      - &u "https://x.example/${"x".repeat(50_000)}"\n${"      - *u\n".repeat(99)}`,
    where: /psf\.yaml:\d+:\d+/,
    says: /aliases expand the manifest too far: more than 4194304 bytes .*psf's limit is 4194304 \(manifestExpandedBytes\)/,
  },
  { name: "path escapes with ..", yaml: `${MINIMAL}audit:\n  schema: ../outside.json\n`, where: /psf\.yaml:6:3/, says: /leaves the manifest's folder/ },
  { name: "absolute path", yaml: `${MINIMAL}boundaries:\n  policy:\n    files: [/etc/passwd]\n`, where: /psf\.yaml:7:13/, says: /absolute path/ },
  { name: "glob escapes", yaml: `${MINIMAL}agent:\n  include: ["../**/*.ts"]\n`, where: /psf\.yaml:6:13/, says: /leaves the manifest's folder/ },
  { name: "waiver for unknown control", yaml: `${MINIMAL}waivers:\n  - { control: RSG-99, reason: x, approved_by: bob@example.net, expires: 2099-01-01 }\n`, where: /psf\.yaml:6:\d+/, says: /unknown control RSG-99/ },
];

describe("psf assess on a malformed manifest", () => {
  it.each(cases)("$name → exit 2 naming file:line:col", ({ yaml, where, says }) => {
    const dir = project({ "psf.yaml": yaml });
    const r = psf(["assess", dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(where);
    expect(lines[0]).toMatch(says);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a symlink that leads out of the manifest's folder is refused", () => {
    const outside = project({ "secret.json": "{}" });
    const dir = project({ "psf.yaml": `${MINIMAL}audit:\n  schema: audit.json\n`, "audit.json": { symlink: path.join(outside, "secret.json") } });
    const r = psf(["assess", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/psf\.yaml:6:3: .*outside the manifest's folder/);
  });

  it("a missing manifest names the path", () => {
    const dir = project({ "readme.txt": "" });
    const r = psf(["assess", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no psf\.yaml \(or psf\.yml\) in this folder or above it/);
  });

  it("an unreadable manifest is exit 2, not a crash", () => {
    if (process.getuid?.() === 0) return; // root reads everything; the permission case cannot be staged
    const dir = project({ "psf.yaml": MINIMAL });
    chmodSync(path.join(dir, "psf.yaml"), 0o000);
    const r = psf(["assess", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read the manifest/);
  });

  it("a bad flag is exit 2", () => {
    const r = psf(["assess", "--fail-on", "severe"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/severe/);
  });

  it("the manifest is never modified", async () => {
    const { readFileSync } = await import("node:fs");
    const dir = project({ "psf.yaml": MINIMAL });
    const r = psf(["assess", dir, "-f", "json", "-o", path.join(dir, "psf.yaml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to overwrite an input/);
    expect(readFileSync(path.join(dir, "psf.yaml"), "utf8")).toBe(MINIMAL);
  });
});

describe("several problems in one manifest", () => {
  it("lists every one, one per line, each with file:line:col and its hint", () => {
    const dir = project({ "psf.yaml": 'psf: 1\ndeployment:\n  name: x\n  owner: a@b.c\n  bogus: 1\nspend:\n  ceilling: 3\n  enforcement: { layer: gatway }\nboundaries:\n  limits: { max_steps: "ten" }\n' });
    const r = psf(["assess", dir]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines.map((l) => /psf\.yaml:(\d+):\d+: /.exec(l)?.[1])).toEqual(["5", "7", "8", "10"]);
    expect(lines[1]).toMatch(/did you mean `ceiling`\?/);
    expect(lines[2]).toMatch(/did you mean `gateway`\?/);
  });
});
