import { readFileSync } from "node:fs";
import { buildInventory, type Inventory } from "../sources/inventory.js";
import { normalise } from "../sources/ai-packages.js";
import { dependencyReader } from "../sources/dependencies.js";
import { recognizesPackage } from "../facts/packages.js";
import path from "node:path";
import { collectSources, selectSourcePaths } from "../sources/collect.js";
import { extractFacts } from "../facts/extract.js";
import { PROVIDER_ENDPOINT_ENVS } from "../facts/defaults.js";
import type { SourceSet } from "../sources/collect.js";
import type { Facts, SourceLocation } from "../facts/types.js";
import { literalText, sourceHosts } from "../facts/hosts.js";
import { detectTools, type DetectedTool } from "./tool-access.js";
import { gatewayFromEnvReads, type DetectedGateway } from "./gateway.js";
import { nothingOfTheAgent } from "../controls/source/util.js";
import { plural } from "../util/text.js";

export type { DetectedTool } from "./tool-access.js";

/*
 * What `psf init` learns from a project without asking. This file, tool-access.ts and gateway.ts are
 * the only places that know the shape of Facts: when source analysis changes, only they change.
 */

export interface DetectedClient {
  provider: string;
  api: string;
  at: string;
  /** The variable the client reads its base URL from (a gateway URL variable), when the source says. */
  urlEnv?: string;
  /** A literal base URL in the source. */
  url?: string;
  /** The variable holding its API key. */
  keyEnv?: string;
  /** With no baseURL option: the variable the SDK itself reads, then its built-in host. */
  envDefault?: string;
  defaultHost?: string;
}

export interface Detected {
  /** False when source analysis was not available: detection used package.json only. */
  analysed: boolean;
  /** The sources read and the facts extracted, so the assessment after `init` need not parse them again. */
  analysis?: { sources: SourceSet; facts: Facts | undefined };
  /** What the project is made of (the same inventory `psf assess` reports): languages, AI packages, recognized or not. */
  inventory?: Inventory;
  /** Things the user should know about how detection went (shown in the output and the manifest). */
  notes: string[];
  packageName?: string;
  /** Framework → where it was seen (dependency manifests, source files), and the version a manifest or lock file pins. */
  frameworks: { name: string; seen: string[]; version?: string }[];
  clients: DetectedClient[];
  /**
   * The gateway URL variable and key variable the model clients read, when they agree on one (else a
   * gateway variable the source reads itself), and the gateway kind when a variable or host names one.
   */
  gateway: DetectedGateway;
  tools: DetectedTool[];
  /** Outbound origins (and origin+path prefixes), deduplicated and sorted. */
  hosts: string[];
  /** Globs (relative to the project folder) covering the project's existing test files. */
  controlTests: string[];
  /** Globs to exclude from agent source: the test files. */
  exclude: string[];
  /** Largest literal run bound (max steps/turns) the source declares, and the shortest run timeout. */
  maxSteps?: number;
  timeoutSeconds?: number;
  sourceFiles: number;
}

/** package.json dependency → framework name as Facts spells it. */
const PACKAGE_FRAMEWORKS: [RegExp, string][] = [
  [/^ai$|^@ai-sdk\//, "vercel-ai"],
  [/^@openai\/agents/, "openai-agents"],
  [/^@langchain\/langgraph/, "langgraph"],
  [/^langchain$|^@langchain\/(?!langgraph)/, "langchain"],
  [/^@mastra\//, "mastra"],
  [/^openai$/, "openai"],
  [/^@anthropic-ai\/sdk$/, "anthropic"],
];

/** Test code: kept out of the agent's source. pytest's conftest.py and the helpers in a tests/ folder are test code too. */
const TEST_GLOBS = ["**/*.{test,spec}.{ts,tsx,mts,cts,js,mjs,cjs,jsx}", "**/__tests__/**/*.{ts,tsx,mts,cts,js,mjs,cjs,jsx}", "**/test_*.py", "**/*_test.py", "**/conftest.py", "**/{test,tests}/**/*.py"];

interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export function readPackageJson(dir: string): PackageJson | undefined {
  try {
    const data = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as unknown;
    return data && typeof data === "object" ? (data as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}

/** Detect what the project already says: dependency manifests, test files, and the source-analysis facts. */
export function detectProject(dir: string): Detected {
  const pkg = readPackageJson(dir);
  const testCode = selectSourcePaths({ dir, include: TEST_GLOBS }).files.map((f) => f.path);
  const controlTests = testGlobs(testCode);
  const exclude = excludeGlobs(testCode);
  const sources = collectSources({ dir, exclude });
  // No catch here: a file the analysis cannot read is reported per file (facts.unanalysed, an error on
  // every source control); anything else is a bug in psf and must end the run (exit 3), not be
  // hidden behind a manifest written from package.json alone and exit 0.
  const facts: Facts | undefined = extractFacts(sources);
  const inventory = buildInventory(sources, dir, ".", recognizesPackage);
  const files = new Map(sources.files.map((f) => [f.path, f]));
  const detected = factsToDetected(facts, pkg ?? pyprojectName(dir), sources.files.length, inventory, (file) => files.get(file)?.text);
  detected.controlTests = controlTests;
  detected.exclude = exclude;
  detected.analysis = { sources, facts };
  return detected;
}

/** A Python project's name from pyproject.toml ([project] or [tool.poetry]), read by the inventory's own reader. */
function pyprojectName(dir: string): PackageJson | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, "pyproject.toml"), "utf8");
  } catch {
    return undefined;
  }
  const name = dependencyReader("pyproject.toml")!(text).own.find(Boolean);
  return name ? { name } : undefined;
}

/** One glob per top folder and file suffix: test/a.test.ts + test/x/b.test.ts → test/**\/*.test.ts. */
export function testGlobs(files: string[]): string[] {
  const globs = new Set<string>();
  for (const f of files) {
    const parts = f.split("/");
    const base = parts[parts.length - 1]!;
    const suffix = /\.(test|spec)\.[a-z]+$/.exec(base)?.[0];
    const top = parts.length > 1 ? `${parts[0]}/**/` : "";
    if (suffix) globs.add(`${top}*${suffix}`);
    else if (parts.includes("__tests__")) globs.add(`**/__tests__/**/*${path.extname(base)}`);
    // pytest's file names: test_x.py, x_test.py.
    else if (/^test_.*\.py$/.test(base)) globs.add(`${top}test_*.py`);
    else if (/_test\.py$/.test(base)) globs.add(`${top}*_test.py`);
  }
  return [...globs].sort();
}

/**
 * What to leave out of the agent's source: the tests, and the test code that is not a test itself
 * (pytest's conftest.py, helpers in a tests/ folder), which a tests/**\/*.py glob covers whole.
 */
export function excludeGlobs(files: string[]): string[] {
  const globs = new Set(testGlobs(files));
  for (const f of files) {
    if (!f.endsWith(".py") || testGlobs([f]).length) continue;
    const parts = f.split("/");
    if (parts[parts.length - 1] === "conftest.py") globs.add("**/conftest.py");
    const i = parts.findIndex((p) => p === "test" || p === "tests");
    if (i >= 0 && i < parts.length - 1) globs.add(`${parts.slice(0, i + 1).join("/")}/**/*.py`);
  }
  // tests/**/test_*.py says nothing more once tests/**/*.py is there.
  return [...globs].filter((g) => !/\/\*\*\/[^/]+\.py$/.test(g) || g.endsWith("/**/*.py") || !globs.has(g.replace(/[^/]+\.py$/, "*.py"))).sort();
}

const at = (loc: SourceLocation) => `${loc.file}:${loc.line}`;

/** Facts (or nothing) + package.json + the inventory → Detected. Pure, so it is testable with hand-made facts. */
export function factsToDetected(facts: Facts | undefined, pkg: PackageJson | undefined, sourceFiles = facts?.files.length ?? 0, inventory?: Inventory, textOf?: (file: string) => string | undefined): Detected {
  const frameworks = new Map<string, Set<string>>();
  const seen = (name: string, where: string) => {
    if (!frameworks.has(name)) frameworks.set(name, new Set());
    frameworks.get(name)!.add(where);
  };
  for (const dep of Object.keys({ ...pkg?.dependencies, ...pkg?.devDependencies, ...pkg?.peerDependencies })) {
    for (const [re, name] of PACKAGE_FRAMEWORKS) if (re.test(dep)) seen(name, `package.json ${dep}`);
  }
  // Python: what requirements*.txt, pyproject.toml, Pipfile and the lock files declare, and what the code imports (the inventory read them).
  const versions = new Map<string, string>();
  for (const p of inventory?.packages ?? []) {
    const name = p.ecosystem === "pypi" ? pypiFramework(p.name) : undefined;
    if (!name) continue;
    seen(name, p.imported ? p.first_seen.file : `${p.first_seen.file}:${p.first_seen.line} ${p.name}`);
    if (p.version && !versions.has(name)) versions.set(name, p.version);
  }
  const d: Detected = {
    analysed: facts !== undefined,
    notes: [],
    frameworks: [],
    clients: [],
    gateway: {},
    tools: [],
    hosts: [],
    controlTests: [],
    exclude: [],
    sourceFiles,
  };
  if (pkg?.name) d.packageName = pkg.name;
  if (inventory) d.inventory = inventory;
  if (!facts) {
    d.notes.push("source analysis is not available in this psf build: frameworks come from package.json only; tools, hosts and the gateway variable were not detected");
  } else {
    if (sourceFiles > 0 && nothingOfTheAgent(facts)) {
      d.notes.push(`psf read no agent run, model call, model client or tool in the ${plural(sourceFiles, "source file")}: the agent's machinery is in code psf does not read (a framework or package it does not recognize, or files outside agent.include), so \`psf assess\` reports each source control as an error until a person reviews that code and records the review as a waiver`);
    }
    for (const x of [...facts.modelClients, ...facts.modelCalls, ...facts.agentRuns, ...facts.tools]) {
      if (x.framework !== "http" && x.framework !== "hand-written") seen(x.framework, x.loc.file);
    }
    d.clients = facts.modelClients.map((c) => {
      const client: DetectedClient = { provider: c.provider, api: c.api, at: at(c.loc) };
      if (c.baseURL.kind === "env" && !PROVIDER_ENDPOINT_ENVS.has(c.baseURL.name)) client.urlEnv = c.baseURL.name;
      const literal = literalText(c.baseURL);
      if (literal) client.url = literal;
      if (c.baseURL.kind === "env" && c.baseURL.fallback) client.url = c.baseURL.fallback;
      if (c.apiKey?.kind === "env") client.keyEnv = c.apiKey.name;
      if (c.envDefault) client.envDefault = c.envDefault;
      if (c.defaultHost) client.defaultHost = c.defaultHost;
      return client;
    });
    const urlEnv = mostCommon(d.clients.map((c) => c.urlEnv));
    if (urlEnv) d.gateway.urlEnv = urlEnv;
    const withGateway = d.clients.filter((c) => !urlEnv || c.urlEnv === urlEnv);
    const url = mostCommon(withGateway.map((c) => c.url));
    if (url && urlEnv) d.gateway.url = url;
    const keyEnv = mostCommon(withGateway.map((c) => c.keyEnv));
    if (keyEnv) d.gateway.keyEnv = keyEnv;
    gatewayFromEnvReads(d, facts);
    d.tools = detectTools(facts, textOf);
    d.hosts = sourceHosts(facts, d.gateway.urlEnv);
    // ABC-03 holds every run and every hand-written loop to max_steps: the largest literal bound is the one that fits them all.
    const steps = [...facts.agentRuns.map((r) => r.bound), ...facts.loops.map((l) => l.bound)].map((b) => (b?.kind === "literal" ? b.value : undefined)).filter((n): n is number => n !== undefined);
    if (steps.length) d.maxSteps = Math.max(...steps);
    const timeouts = [...facts.agentRuns.map((r) => r.timeout?.ms), ...facts.timeouts.map((t) => t.ms)].filter((n): n is number => n !== undefined && n > 0);
    if (timeouts.length) d.timeoutSeconds = Math.max(1, Math.ceil(Math.max(...timeouts) / 1000));
    if (facts.parseErrors.length) d.notes.push(`${facts.parseErrors.length} file(s) did not parse cleanly: ${facts.parseErrors.slice(0, 3).map((p) => at(p.loc)).join(", ")}`);
  }
  d.frameworks = [...frameworks].map(([name, where]) => ({ name, seen: [...where].sort(), ...(versions.has(name) ? { version: versions.get(name)! } : {}) })).sort((a, b) => a.name.localeCompare(b.name));
  return d;
}

/** PyPI distribution (as the AI package table names it) → framework name as Facts spells it. */
const PYPI_FRAMEWORKS: [RegExp, string][] = [
  [/^langgraph(-|$)/, "langgraph"],
  [/^langchain(?!-mcp-adapters$)(-|$)/, "langchain"],
  [/^crewai(-|$)/, "crewai"],
  [/^openai-agents$/, "openai-agents"],
  [/^pydantic-ai(-slim)?$/, "pydantic-ai"],
  [/^smolagents$/, "smolagents"],
  // AG2 and AutoGen AgentChat share one recognizer (and one name in Facts).
  [/^(autogen-(agentchat|ext|core)|ag2|pyautogen|autogen)$/, "autogen"],
  [/^llama-index(-|$)/, "llamaindex"],
  [/^google-adk$/, "google-adk"],
  [/^openai$/, "openai"],
  [/^anthropic$/, "anthropic"],
  [/^litellm$/, "litellm"],
];

function pypiFramework(name: string): string | undefined {
  const n = normalise("pypi", name);
  return PYPI_FRAMEWORKS.find(([re]) => re.test(n))?.[1];
}

function mostCommon(values: (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

