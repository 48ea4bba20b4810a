import { readFileSync } from "node:fs";
import { buildInventory, type Inventory } from "../sources/inventory.js";
import { recognizesPackage } from "../facts/packages.js";
import path from "node:path";
import { collectSources, selectSourcePaths } from "../sources/collect.js";
import { extractFacts } from "../facts/extract.js";
import type { SourceSet } from "../sources/collect.js";
import type { Facts, SourceLocation, StringValue } from "../facts/types.js";
import type { ToolAccess } from "../manifest/types.js";

/**
 * What `psf init` learns from a project without asking. This file is the only place that knows
 * the shape of Facts: when source analysis changes, only the mapping below changes.
 */
export interface DetectedTool {
  name: string;
  access: ToolAccess;
  requiresApproval: boolean;
  /** Where it is defined, `src/tools.ts:12`. */
  at: string;
  /** Why this access level: the operation found in its body, or that nothing was found. */
  why: string;
}

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
  /** Framework → where it was seen (package.json dependency names, source files). */
  frameworks: { name: string; seen: string[] }[];
  clients: DetectedClient[];
  /** The gateway URL variable and key variable the model clients read, when they agree on one. */
  gateway: { urlEnv?: string; url?: string; keyEnv?: string };
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

const TEST_GLOBS = ["**/*.{test,spec}.{ts,tsx,mts,cts,js,mjs,cjs,jsx}", "**/__tests__/**/*.{ts,tsx,mts,cts,js,mjs,cjs,jsx}", "**/test_*.py", "**/*_test.py"];

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

/** Detect what the project already says: package.json, test files, and the source-analysis facts. */
export function detectProject(dir: string): Detected {
  const pkg = readPackageJson(dir);
  const tests = selectSourcePaths({ dir, include: TEST_GLOBS }).files.map((f) => f.path);
  const exclude = testGlobs(tests);
  const sources = collectSources({ dir, exclude });
  // No catch here: a file the analysis cannot read is reported per file (facts.unanalysed, an error on
  // every source control); anything else is a bug in psf and must end the run (exit 3), not be
  // hidden behind a manifest written from package.json alone and exit 0.
  const facts: Facts | undefined = extractFacts(sources);
  const detected = factsToDetected(facts, pkg, sources.files.length);
  detected.controlTests = exclude;
  detected.exclude = exclude;
  detected.analysis = { sources, facts };
  detected.inventory = buildInventory(sources, dir, ".", recognizesPackage);
  return detected;
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

const at = (loc: SourceLocation) => `${loc.file}:${loc.line}`;

/** Facts (or nothing) + package.json → Detected. Pure, so it is testable with hand-made facts. */
export function factsToDetected(facts: Facts | undefined, pkg: PackageJson | undefined, sourceFiles = facts?.files.length ?? 0): Detected {
  const frameworks = new Map<string, Set<string>>();
  const seen = (name: string, where: string) => {
    if (!frameworks.has(name)) frameworks.set(name, new Set());
    frameworks.get(name)!.add(where);
  };
  for (const dep of Object.keys({ ...pkg?.dependencies, ...pkg?.devDependencies, ...pkg?.peerDependencies })) {
    for (const [re, name] of PACKAGE_FRAMEWORKS) if (re.test(dep)) seen(name, `package.json ${dep}`);
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
  if (!facts) {
    d.notes.push("source analysis is not available in this psf build: frameworks come from package.json only; tools, hosts and the gateway variable were not detected");
  } else {
    for (const x of [...facts.modelClients, ...facts.modelCalls, ...facts.agentRuns, ...facts.tools]) {
      if (x.framework !== "http" && x.framework !== "hand-written") seen(x.framework, x.loc.file);
    }
    d.clients = facts.modelClients.map((c) => {
      const client: DetectedClient = { provider: c.provider, api: c.api, at: at(c.loc) };
      if (c.baseURL.kind === "env") client.urlEnv = c.baseURL.name;
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
    d.tools = detectTools(facts);
    d.hosts = detectHosts(facts);
    const steps = facts.agentRuns.map((r) => (r.bound.kind === "literal" ? r.bound.value : undefined)).filter((n): n is number => n !== undefined);
    if (steps.length) d.maxSteps = Math.max(...steps);
    const timeouts = [...facts.agentRuns.map((r) => r.timeout?.ms), ...facts.timeouts.map((t) => t.ms)].filter((n): n is number => n !== undefined && n > 0);
    if (timeouts.length) d.timeoutSeconds = Math.max(1, Math.ceil(Math.max(...timeouts) / 1000));
    if (facts.parseErrors.length) d.notes.push(`${facts.parseErrors.length} file(s) did not parse cleanly: ${facts.parseErrors.slice(0, 3).map((p) => at(p.loc)).join(", ")}`);
  }
  d.frameworks = [...frameworks].map(([name, where]) => ({ name, seen: [...where].sort() })).sort((a, b) => a.name.localeCompare(b.name));
  return d;
}

function literalText(v: StringValue): string | undefined {
  if (v.kind === "literal") return v.text;
  if (v.kind === "prefix") return v.prefix;
  return undefined;
}

function mostCommon(values: (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

/** Operations that destroy (delete, drop, run a shell), that spend, and that write. */
const DESTROYS = /rm|unlink|delete|drop|truncate|exec|spawn|kill|destroy|purge|remove/i;
const SPENDS = /charge|payment|pay\b|purchase|transfer|invoice|checkout|stripe|order/i;
/** A tool named like a lookup only reads; anything else with no detected operation is treated as a write until a person says otherwise. */
const READ_NAME = /^(get|lookup|look_up|search|list|read|fetch|find|query|describe|show|check|count|resolve|inspect|view)(?:[_-]|[A-Z]|$)/;
const WRITE_NAME = /^(write|create|update|put|post|send|save|insert|upsert|set|add|publish|upload|edit|patch|append|commit|deploy|email|notify)(?:[_-]|[A-Z]|$)/i;
const DESTROY_NAME = /^(delete|remove|drop|purge|destroy|wipe|clear|cleanup|clean|kill|reset|truncate|exec|run_?shell|shell)(?:[_-]|[A-Z]|$)/i;
const SPEND_NAME = /^(pay|buy|purchase|charge|order|checkout|refund|transfer)(?:[_-]|[A-Z]|$)/i;

function detectTools(facts: Facts): DetectedTool[] {
  const byName = new Map<string, DetectedTool>();
  for (const t of facts.tools) {
    if (byName.has(t.name)) continue;
    // Facts attributes each operation to the tool whose body reaches it (directly or through a call).
    const ops = facts.destructive.filter((op) => op.tool === t.name);
    let access: ToolAccess;
    let why: string;
    const spendOp = ops.find((o) => SPENDS.test(o.op));
    const destroyOp = ops.find((o) => DESTROYS.test(o.op));
    if (spendOp) [access, why] = ["spend", `its body calls ${spendOp.op} (${at(spendOp.loc)})`];
    else if (destroyOp) [access, why] = ["destructive", `its body calls ${destroyOp.op} (${at(destroyOp.loc)})`];
    else if (ops[0]) [access, why] = ["write", `its body calls ${ops[0].op} (${at(ops[0].loc)})`];
    else if (SPEND_NAME.test(t.name)) [access, why] = ["spend", "named like a payment; no operation found in its body"];
    else if (DESTROY_NAME.test(t.name)) [access, why] = ["destructive", "named like a deletion; no operation found in its body"];
    else if (WRITE_NAME.test(t.name)) [access, why] = ["write", "named like a write; no operation found in its body"];
    else if (READ_NAME.test(t.name)) [access, why] = ["read", "named like a lookup and no write found in its body"];
    else [access, why] = ["write", "could not tell what it does: assumed to write until you say otherwise"];
    const requiresApproval = access !== "read" || t.approval === "always";
    byName.set(t.name, { name: t.name, access, requiresApproval, at: at(t.loc), why });
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function detectHosts(facts: Facts): string[] {
  const hosts = new Set<string>();
  const add = (url: string | undefined) => {
    const entry = url ? allowEntry(url) : undefined;
    if (entry) hosts.add(entry);
  };
  for (const u of facts.urls) {
    if (u.url.kind === "literal") add(u.url.text);
    else if (u.url.kind === "prefix") add(u.url.prefix);
    else if (u.url.kind === "env" && u.url.fallback) add(u.url.fallback);
  }
  for (const c of facts.modelClients) {
    const lit = literalText(c.baseURL) ?? (c.baseURL.kind === "env" ? c.baseURL.fallback : undefined);
    if (lit) add(lit);
    else if (c.baseURL.kind === "absent" && c.defaultHost) add(c.defaultHost.includes("://") ? c.defaultHost : `https://${c.defaultHost}`);
  }
  return [...hosts].sort();
}

/** An allowlist entry from a URL the source uses: its origin (no wildcard hosts, http(s)/ws(s) only). */
export function allowEntry(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (!/^(https?|wss?):$/.test(u.protocol) || !u.hostname || u.hostname.includes("*")) return undefined;
  return u.origin;
}
