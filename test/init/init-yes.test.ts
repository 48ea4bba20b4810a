import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../../src/manifest/load.js";
import type { Manifest } from "../../src/manifest/types.js";
import { collectSources } from "../../src/sources/collect.js";
import { extractFacts } from "../../src/facts/extract.js";
import { parse } from "yaml";
import { psf, repoRoot } from "../helpers.js";

const projects = path.join(path.dirname(new URL(import.meta.url).pathname), "projects");

/** Source analysis is built by another stage; without it init detects from package.json only. */
const analysed = extractFacts(collectSources({ dir: path.join(projects, "openai-sdk") })) !== undefined;

function copyOf(src: string, drop: string[] = []): string {
  const dir = mkdtempSync(path.join(tmpdir(), "psf-init-"));
  cpSync(src, dir, { recursive: true });
  for (const f of drop) rmSync(path.join(dir, f), { force: true });
  return dir;
}

function initYes(dir: string, extra: string[] = []): { code: number | null; stdout: string; stderr: string; text: string; manifest: Manifest } {
  const r = psf(["init", "--yes", ...extra, dir]);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(0);
  const file = path.join(dir, "psf.yaml");
  const text = readFileSync(file, "utf8");
  return { ...r, text, manifest: parseManifest(Buffer.from(text), file, "psf.yaml").value };
}

interface Expectation {
  name: string;
  frameworks: string[];
  tools: { name: string; access: string; requires_approval?: boolean }[];
  hosts: string[];
  urlEnv?: string;
  keyEnv?: string;
  maxSteps?: number;
  controlTests?: string[];
}

const PROJECTS: Record<string, Expectation> = {
  "vercel-ai": {
    name: "acme-ticket-triage",
    frameworks: ["vercel-ai"],
    tools: [
      { name: "close_ticket", access: "write", requires_approval: true },
      { name: "lookup_ticket", access: "read" },
      { name: "purge_attachments", access: "destructive", requires_approval: true },
    ],
    hosts: ["https://tracker.acme.example"],
    urlEnv: "TRIAGE_GATEWAY_URL",
    keyEnv: "TRIAGE_GATEWAY_KEY",
    maxSteps: 12,
    controlTests: ["tests/**/*.spec.ts"],
  },
  "openai-agents": {
    name: "release-notes-writer",
    frameworks: ["openai-agents", "openai"],
    tools: [
      { name: "list_commits", access: "read" },
      { name: "publish_notes", access: "write", requires_approval: true },
    ],
    hosts: ["https://api.openai.com", "https://git.example.org"],
    maxSteps: 8,
  },
  langchain: {
    name: "invoice-checker",
    frameworks: ["langchain"],
    tools: [{ name: "get_invoice", access: "read" }],
    hosts: ["https://erp.example.com"],
    urlEnv: "LLM_PROXY_URL",
    keyEnv: "OPENAI_API_KEY",
  },
  "openai-sdk": {
    name: "nightly-summariser",
    frameworks: ["openai"],
    tools: [],
    hosts: ["https://api.openai.com", "https://hooks.chat.example.net"],
  },
};

describe("psf init --yes on small agent projects", () => {
  for (const [project, want] of Object.entries(PROJECTS)) {
    it(`${project}: a manifest that validates, with what the code says and placeholders for the rest`, () => {
      const dir = copyOf(path.join(projects, project));
      const { text, manifest: m, stdout } = initYes(dir);
      expect(text.startsWith("# yaml-language-server: $schema=")).toBe(true);
      expect(m.deployment.name).toBe(want.name);
      expect(m.deployment.owner).toBe("CHANGE-ME@example.com");
      // A comment above each section says what it is for.
      for (const section of ["deployment", "spend", "oversight", "readiness"]) expect(text).toMatch(new RegExp(`# [^\\n]+\\n${section}:`));
      for (const f of want.frameworks) expect(text).toMatch(new RegExp(`^#\\s+frameworks: .*\\b${f} \\(`, "m"));
      expect(m.readiness?.control_tests).toEqual(want.controlTests);
      expect(stdout).toContain("controls still need work");
      expect(stdout).toContain("replace every CHANGE-ME");
      if (!analysed) {
        expect(text).toContain("source analysis is not available");
        return;
      }
      expect(m.boundaries?.tools ?? []).toEqual(want.tools);
      expect(m.boundaries?.endpoints?.allow).toEqual(want.hosts);
      expect(m.spend?.enforcement?.gateway?.url_env).toBe(want.urlEnv);
      expect(m.spend?.enforcement?.gateway?.key_env).toBe(want.keyEnv);
      expect(m.boundaries?.limits?.max_steps).toBe(want.maxSteps);
      // A detected gateway variable is declared, but nothing a person must decide is claimed for them.
      expect(m.spend?.enforcement?.on_exceed).toBeUndefined();
      expect(m.spend?.ceiling).toBeUndefined();
    });
  }

  it("placeholders fail the controls that read them, so a --yes manifest is never ready", () => {
    const dir = copyOf(path.join(projects, "vercel-ai"));
    initYes(dir);
    const r = psf(["assess", "-f", "json", dir]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { ready: boolean; controls: { id: string; status: string; findings: { message: string }[] }[] };
    expect(report.ready).toBe(false);
    for (const id of ["RSG-01", "RSG-03", "OOC-04", "DRA-01"]) expect(report.controls.find((c) => c.id === id)?.status, id).toBe("fail");
    const owner = report.controls.flatMap((c) => c.findings).some((f) => /CHANGE-ME@example\.com/.test(f.message));
    expect(owner, "a control reports the owner placeholder").toBe(true);
  });

  it("with stdin not a terminal it does not ask, and says so", () => {
    const dir = copyOf(path.join(projects, "openai-sdk"));
    const r = psf(["init", dir], { input: "" });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("standard input is not a terminal");
    expect(readFileSync(path.join(dir, "psf.yaml"), "utf8")).toContain("CHANGE-ME@example.com");
  });

  it("never overwrites an existing psf.yaml without --force", () => {
    const dir = copyOf(path.join(projects, "openai-sdk"));
    writeFileSync(path.join(dir, "psf.yaml"), "mine\n");
    const r = psf(["init", "--yes", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/psf\.yaml already exists; not overwriting it \(pass --force/);
    expect(readFileSync(path.join(dir, "psf.yaml"), "utf8")).toBe("mine\n");
    initYes(dir, ["--force"]);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("a folder that does not exist is bad input (exit 2)", () => {
    const r = psf(["init", "--yes", path.join(tmpdir(), "psf-no-such-folder-for-init")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no such folder");
  });
});

// "On an agent project it was not written for": the repository's own fixtures, their psf.yaml removed.
const frameworkFixtures = path.join(repoRoot, "fixtures", "frameworks");
const foreign = [
  ...["dn42-scanner", "governed-scanner"].map((n) => path.join(repoRoot, "fixtures", n)),
  ...(existsSync(frameworkFixtures)
    ? readdirSync(frameworkFixtures).flatMap((fw) => ["governed", "ungoverned"].map((v) => path.join(frameworkFixtures, fw, v)).filter((p) => existsSync(p)))
    : []),
];

describe("psf init --yes then psf assess on projects init was not written for", () => {
  for (const src of foreign) {
    it(path.relative(repoRoot, src), () => {
      const dir = copyOf(src, ["psf.yaml"]);
      const { manifest } = initYes(dir);
      expect(manifest.psf).toBe(1);
      const r = psf(["assess", dir]);
      expect(r.stderr).toBe("");
      expect([0, 1]).toContain(r.code);
    });
  }
});

// The source-analysis fixtures declare their own manifests: init must find the same tools and gateway variable.
describe.skipIf(!existsSync(frameworkFixtures) || !analysed)("psf init --yes agrees with the governed framework fixtures' own manifests", () => {
  const governed = existsSync(frameworkFixtures) ? readdirSync(frameworkFixtures).filter((fw) => existsSync(path.join(frameworkFixtures, fw, "governed", "psf.yaml"))) : [];
  for (const fw of governed) {
    it(fw, () => {
      const src = path.join(frameworkFixtures, fw, "governed");
      const declared = parse(readFileSync(path.join(src, "psf.yaml"), "utf8")) as Manifest;
      const dir = copyOf(src, ["psf.yaml"]);
      const { manifest, text } = initYes(dir);
      expect((manifest.boundaries?.tools ?? []).map((t) => t.name).sort()).toEqual((declared.boundaries?.tools ?? []).map((t) => t.name).sort());
      expect(manifest.spend?.enforcement?.gateway?.url_env).toBe(declared.spend?.enforcement?.gateway?.url_env);
      const name = fw === "openai-sdk" ? "openai" : fw;
      expect(text).toMatch(new RegExp(`^#\\s+frameworks: .*\\b${name} \\(`, "m"));
    });
  }
});
