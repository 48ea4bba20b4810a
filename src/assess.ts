import { statSync } from "node:fs";
import { readMcpConfigs } from "./facts/mcp-config.js";
import { readEnvTracing } from "./facts/env-tracing.js";
import { applyPinnedDefaults, pinnedVersion } from "./facts/defaults.js";
import { agnoTelemetryHost } from "./facts/python/frameworks/agno.js";
import { redactDeep } from "./redact.js";
import path from "node:path";
import { InputError } from "./errors.js";
import { loadCatalogue, type Catalogue } from "./catalogue/load.js";
import { reportCrosswalk } from "./catalogue/crosswalk.js";
import { loadManifest, type LoadedManifest } from "./manifest/load.js";
import { collectSources, sha256, type SourceSet } from "./sources/collect.js";
import { loadParsersFor } from "./facts/front-ends.js";
import { extractFacts } from "./facts/extract.js";
import { defaultCacheDir, FactsCache, type CacheStats } from "./facts/cache.js";
import { factsCodeDigest } from "./facts/code-digest.js";
import { filesToParse } from "./facts/tree-cache.js";
import type { Facts } from "./facts/types.js";
import { CONTROLS } from "./controls/registry.js";
import { EvidenceStore } from "./controls/evidence.js";
import type { ControlContext, ControlOutcome, PreviousAssessment, RawFinding } from "./controls/types.js";
import { bareMarkerFindings, findInlineMarkers, inlineMarkerFor, judgeManifestWaivers } from "./controls/waivers.js";
import { worstCaseSpend } from "./controls/spend-bound.js";
import { agentFound, coverageFindings } from "./controls/coverage.js";
import { unclassifiedPackages } from "./controls/unclassified.js";
import { buildInventory, type Inventory } from "./sources/inventory.js";
import { recognizesPackage } from "./facts/packages.js";
import { placeholderFindings } from "./controls/placeholders.js";
import { agentLanguage, remediationExample } from "./controls/remediation.js";
import { nearest } from "./util/did-you-mean.js";
import { toolVersion } from "./util/package.js";
import { STATUSES, worstStatus, type ControlResult, type Finding, type Report, type Status, type Subject } from "./report/model.js";

export interface AssessOptions {
  strict?: boolean;
  /** Honour `// psf-waive` comments (default true; `--no-inline-waivers` turns them off). */
  inlineWaivers?: boolean;
  previous?: PreviousAssessment;
  /** The assessment's "now"; defaults to SOURCE_DATE_EPOCH, else the clock. */
  now?: Date;
  /** Where SOURCE_DATE_EPOCH is read when `now` is not given; defaults to the process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Told what long work is under way (the CLI shows it on a terminal's stderr). */
  progress?: (message: string) => void;
  /** Sources and facts already extracted this run (by `psf init`): reused when the same files with the same digests are selected. */
  analysed?: { sources: SourceSet; facts: Facts | undefined };
  /** The manifest and sources already read this run (by assessAsync, to learn which parsers to load): not read again. */
  collected?: { loaded: LoadedManifest; sources: SourceSet };
  /**
   * Use the facts cache (src/facts/cache.ts): `dir` where it lives, by default under the project's
   * node_modules/.cache/psf/facts, else the user's cache folder. Absent: every file is walked.
   */
  cache?: { dir?: string };
  /** The cache opened for this run (assessAsync opens it before loading parsers). */
  factsCache?: FactsCache;
}

export interface Assessment {
  report: Report;
  loaded: LoadedManifest;
  sources: SourceSet;
  facts: Facts | undefined;
  catalogue: Catalogue;
  inventory: Inventory;
  /** Records read from and written to the facts cache, when one was used. */
  cacheStats?: CacheStats;
}

/** The last second a JavaScript Date can hold (8.64e15 ms after 1970): beyond it no report has a date. */
export const MAX_EPOCH_SECONDS = 8_640_000_000_000;

/** "now" for this run: SOURCE_DATE_EPOCH (seconds) when set, so reports are reproducible. */
export function assessmentTime(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== "") {
    // Shown only when short: the variable is the user's, but a 40 KB value is not worth echoing.
    const got = epoch.length <= 40 ? ` (got "${epoch}")` : "";
    if (!/^\d+$/.test(epoch) || Number(epoch) > MAX_EPOCH_SECONDS) {
      throw new InputError(`SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to ${MAX_EPOCH_SECONDS}${got}`, { file: "SOURCE_DATE_EPOCH" });
    }
    return new Date(Number(epoch) * 1000);
  }
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}

/**
 * `assess`, with the parsers the selected sources need loaded first: the Python parser is
 * WebAssembly, whose loading is asynchronous, and it is loaded only when there is Python to read.
 * (Called synchronously without it, Python files are reported as not analysed: never passed.)
 */
export async function assessAsync(manifestArg: string, opts: AssessOptions = {}): Promise<Assessment> {
  const loaded = loadManifest(manifestArg);
  const m = loaded.value;
  let sources: SourceSet;
  try {
    sources = collectSources({ dir: loaded.dir, root: m.agent?.root ?? ".", include: m.agent?.include, exclude: m.agent?.exclude });
  } catch {
    // A missing agent.root is reported by assess itself, with its manifest position.
    return assess(manifestArg, opts);
  }
  // Files whose facts are in the cache need no parser: a run where every TypeScript file is cached
  // never loads the TypeScript compiler.
  const factsCache = openCache(opts, loaded.dir);
  await loadParsersFor(filesToParse(factsCache, sources).map((f) => f.path));
  // The manifest is read and the tree walked once: assess goes on from here.
  return assess(manifestArg, { ...opts, collected: { loaded, sources }, ...(factsCache ? { factsCache } : {}) });
}

function openCache(opts: AssessOptions, projectDir: string): FactsCache | undefined {
  return opts.factsCache ?? (opts.cache ? new FactsCache(opts.cache.dir ?? defaultCacheDir(projectDir, opts.env ?? process.env), factsCodeDigest(), projectDir, true) : undefined);
}

/** Load, collect, extract, evaluate: one pass over each input, one report. */
export function assess(manifestArg: string, opts: AssessOptions = {}): Assessment {
  const now = opts.now ?? assessmentTime(opts.env);
  const strict = opts.strict ?? false;
  const loaded = opts.collected?.loaded ?? loadManifest(manifestArg);
  const catalogue = loadCatalogue();
  const m = loaded.value;

  const waiverVerdicts = judgeManifestWaivers(loaded, now);
  for (const v of waiverVerdicts) {
    if (!catalogue.controls.some((c) => c.id === v.control)) {
      const pos = loaded.locate(["waivers", v.index, "control"]);
      const guess = nearest(v.control, catalogue.controls.map((c) => c.id));
      throw new InputError(`waiver names an unknown control ${v.control}`, { ...pos, file: loaded.shown }, guess.length ? `did you mean ${guess[0]}?` : "see `psf controls`");
    }
  }

  const rootRel = m.agent?.root ?? ".";
  const rootAbs = path.resolve(loaded.dir, rootRel);
  let rootIsDir = false;
  try {
    rootIsDir = statSync(rootAbs).isDirectory();
  } catch {
    /* reported below */
  }
  if (!rootIsDir) throw new InputError(`agent.root "${rootRel}" is not a folder`, { ...loaded.locate(["agent", "root"]), file: loaded.shown }, "point agent.root at the agent's source folder, relative to the manifest");

  opts.progress?.(`reading the agent's source under ${rootRel}…`);
  const sources = opts.collected?.sources ?? collectSources({ dir: loaded.dir, root: rootRel, include: m.agent?.include, exclude: m.agent?.exclude });
  if (m.agent?.include?.length && sources.files.length + sources.skipped.length + sources.unread.length === 0) {
    throw new InputError(`agent.include matches no file under ${rootRel}: nothing would be examined`, { ...loaded.locate(["agent", "include"]), file: loaded.shown }, "fix the patterns (they are relative to agent.root), or remove agent.include to read every TypeScript/JavaScript file");
  }
  const inventory = buildInventory(sources, loaded.dir, rootRel, recognizesPackage);
  const factsCache = openCache(opts, loaded.dir);
  opts.progress?.(`analysing ${sources.files.length} source file${sources.files.length === 1 ? "" : "s"}…`);
  // Each file is parsed once per run: facts `init` already extracted from identical files are reused.
  const facts = opts.analysed && sameFiles(opts.analysed.sources, sources) ? opts.analysed.facts : extractFacts(sources, factsCache ? { cache: factsCache } : {});
  const cacheStats = factsCache?.stats;
  if (cacheStats) opts.progress?.(`facts: ${cacheStats.hits} from cache, ${cacheStats.misses} read${cacheStats.writeFailed ? ` (the cache could not be written: ${cacheStats.writeFailed})` : ""}`);
  // MCP servers the repository's config files attach are tool sources like those attached in code.
  const mcpConfigs = facts ? readMcpConfigs(loaded.dir, rootRel, facts) : { files: [], unreadable: [] };
  // LangSmith tracing switched on in an env file: a warn to confirm under IAA-04, not a pass.
  if (facts) readEnvTracing(loaded.dir, rootRel, facts);
  // An agent in which psf read no agent run, model call or model client (nor any tool) was not
  // examined, as a Go agent's is not: the source controls say so (coverage.ts).
  const found = agentFound(facts);
  const unclassified = unclassifiedPackages(inventory, sources, loaded.dir, found.nothing);
  const coverage = coverageFindings(inventory, sources, rootRel, m.agent?.include, found, mcpConfigs.unreadable, unclassified);
  // Defaults that changed between versions follow the version the project pins.
  const versionOf = (eco: "pypi" | "npm", name: string) => inventory.packages.find((p) => p.ecosystem === eco && p.name === name)?.version;
  if (facts) applyPinnedDefaults(facts.agentRuns, versionOf);
  if (facts) agnoTelemetryHost(facts.urls, pinnedVersion(versionOf("pypi", "agno")));
  const evidence = new EvidenceStore(loaded.dir);
  const markers = opts.inlineWaivers === false ? new Map() : findInlineMarkers(sources);

  const placeholders = placeholderFindings(m);
  // A file the parser could not read cleanly may hide evidence: every source control says so.
  const unparsed: RawFinding[] = [
    ...(facts?.parseErrors ?? []).map((p): RawFinding => ({ level: "warn", message: `${p.file} has a syntax error (${p.message}); facts after it may be missing from this check`, loc: p.loc, fix: "fix the syntax error so psf can read the whole file" })),
    // A file psf could not analyse at all leaves this control unexamined there: error, which blocks readiness.
    ...(facts?.unanalysed ?? []).map((u): RawFinding => ({ level: "error", message: `${u.file} was not analysed (${u.reason}): this check has not seen its code`, loc: { file: u.file, line: 1, column: 1 }, fix: "simplify the file (e.g. split a very long call chain), or exclude it in agent.exclude if it is not agent code" })),
  ];
  const results: ControlResult[] = [];
  const unrecognized = inventory.packages.filter((p) => !p.recognized && (p.kind === "agent-framework" || p.kind === "mcp")).map((p) => p.name);
  const ctx: ControlContext = { manifest: m, loaded, sources, facts, evidence, now, previous: opts.previous, results, strict, ...(unrecognized.length ? { unrecognized } : {}) };

  // Examples in the agent's language: a Go or Python team is not handed TypeScript.
  const language = agentLanguage(sources);
  for (const entry of catalogue.controls) {
    const def = CONTROLS.get(entry.id);
    let outcome: ControlOutcome;
    try {
      if (!def) throw new Error(`no evaluation is registered for ${entry.id}`);
      outcome = def.evaluate(ctx);
    } catch (e) {
      // Fail closed: a check that throws is an error, which blocks readiness like a failure.
      outcome = { findings: [{ level: "error", message: `the check itself failed: ${(e as Error).message}. This is a bug in psf; please report it with this report attached.` }] };
    }
    const fromSource = entry.evidence.includes("source");
    const raw = [...outcome.findings, ...(placeholders.get(entry.id) ?? []), ...(fromSource ? [...unparsed, ...coverage.all, ...(coverage.byControl.get(entry.id) ?? [])] : []), ...(opts.inlineWaivers === false ? [] : bareMarkerFindings(markers, entry.id))];
    const findings = raw.map((f) => placeFinding(f, loaded));
    applyWaivers(entry.id, findings, waiverVerdicts, markers);
    findings.sort(byLocation);
    const status: Status = outcome.notApplicable !== undefined && findings.length === 0 ? "not_applicable" : statusOf(findings);
    const notes = [...(outcome.notes ?? []), ...(outcome.notApplicable ? [outcome.notApplicable] : [])];
    for (const v of waiverVerdicts) if (v.control === entry.id && v.rejected && findings.length === 0) notes.push(v.rejected);
    const example = remediationExample(entry, language, { packages: inventory.packages, manifest: m });
    results.push({
      id: entry.id,
      domain: entry.domain,
      title: entry.title,
      severity: entry.severity,
      status,
      evidence: entry.evidence,
      findings,
      notes,
      remediation: entry.remediation.summary,
      ...(example ? { remediationExample: example } : {}),
    });
  }

  const subjects = collectSubjects(loaded, sources, evidence);
  const summary = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const r of results) summary[r.status]++;
  const bound = worstCaseSpend(m);
  // One redaction for every output: whatever a renderer, the attestation or the bundle reads comes from here.
  const report: Report = redactDeep({
    format: "psf.report/v1",
    tool: { name: "psf", version: toolVersion },
    catalogue: catalogue.id,
    generatedAt: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    manifest: loaded.name,
    deployment: { name: m.deployment.name, owner: m.deployment.owner, environment: m.deployment.environment ?? "production" },
    ready: results.find((r) => r.id === "DRA-04")?.status === "pass",
    strict,
    summary,
    worstCaseSpend: { horizonHours: 72, bounded: bound.bounded, amount: bound.amount, currency: bound.currency, derivation: bound.derivation },
    domains: catalogue.domains.map((d) => ({ id: d.id, title: d.title, status: worstStatus(results.filter((r) => r.domain === d.id).map((r) => r.status)) })),
    controls: results,
    subjects,
    capabilities: {
      tools: (m.boundaries?.tools ?? []).map((t) => ({ name: t.name, access: t.access, requires_approval: t.requires_approval === true })),
      endpoints: [...(m.boundaries?.endpoints?.allow ?? [])],
      limits: { ...(m.boundaries?.limits ?? {}) },
      ceiling: m.spend?.ceiling ? { amount: m.spend.ceiling.amount, currency: m.spend.ceiling.currency, period: m.spend.ceiling.period } : null,
      mcp_servers: (facts?.mcpServers ?? []).map((s) => ({ name: s.name, transport: s.transport, target: s.command ?? (s.url?.kind === "literal" ? s.url.text : s.url?.kind === "prefix" ? `${s.url.prefix}…` : s.url?.kind === "env" ? `$${s.url.name}` : "unknown"), source: `${s.source} ${s.loc.file}:${s.loc.line}` })),
    },
    sources: { examined: sources.files.length, skipped: sources.skipped.map((s) => ({ name: s.path, reason: s.reason })) },
    crosswalk: reportCrosswalk(catalogue, new Map(results.map((r) => [r.id, r.status]))),
    coverage: {
      languages: inventory.languages,
      unread_examples: inventory.unread_examples,
      dependency_manifests: inventory.dependency_manifests,
      packages: inventory.packages.map((p) => ({ name: p.name, ecosystem: p.ecosystem, kind: p.kind, recognized: p.recognized, ...(p.version ? { version: p.version } : {}), first_seen: p.first_seen, imported: p.imported, ...(!p.recognized && p.also_imported_in ? { also_imported_in: p.also_imported_in } : {}) })),
      ...(unclassified.length ? { unclassified: unclassified.map((p) => ({ name: p.name, ecosystem: p.ecosystem, first_seen: p.first_seen })) } : {}),
    },
  });
  return { report, loaded, sources, facts, catalogue, inventory, ...(cacheStats ? { cacheStats } : {}) };
}

function sameFiles(a: SourceSet, b: SourceSet): boolean {
  return a.files.length === b.files.length && a.files.every((f, i) => f.path === b.files[i]!.path && f.sha256 === b.files[i]!.sha256);
}

function placeFinding(f: RawFinding, loaded: LoadedManifest): Finding {
  const out: Finding = { level: f.level, message: f.message, waived: false };
  if (f.loc) {
    out.file = f.loc.file;
    if (f.loc.line !== undefined) out.line = f.loc.line;
    if (f.loc.column !== undefined) out.column = f.loc.column;
  } else if (f.at) {
    const pos = loaded.locate(f.at);
    out.file = pos.file;
    out.line = pos.line;
    out.column = pos.column;
  }
  if (f.fix) out.fix = f.fix;
  return out;
}

function applyWaivers(id: string, findings: Finding[], verdicts: ReturnType<typeof judgeManifestWaivers>, markers: ReturnType<typeof findInlineMarkers>): void {
  const mine = verdicts.filter((v) => v.control === id);
  const valid = mine.find((v) => v.waiver);
  const rejected = mine.filter((v) => v.rejected).map((v) => v.rejected!);
  for (const f of findings) {
    if (valid?.waiver) {
      f.waived = true;
      f.waiver = valid.waiver;
      continue;
    }
    const marker = inlineMarkerFor(markers, id, f);
    if (marker?.reason) {
      f.waived = true;
      f.waiver = { source: "inline", reason: marker.reason, file: marker.file, line: marker.line };
      continue;
    }
    const why = [...rejected, ...(marker && !marker.reason ? [`the psf-waive marker at ${marker.file}:${marker.line} has no reason`] : [])];
    if (why.length) f.waiverRejected = why.join("; ");
  }
}

/** No findings: pass. Only waived findings: waived. Otherwise the worst unwaived finding decides. */
function statusOf(findings: Finding[]): Status {
  if (findings.length === 0) return "pass";
  const open = findings.filter((f) => !f.waived);
  if (open.length === 0) return "waived";
  return worstStatus(open.map((f) => f.level));
}

function byLocation(a: Finding, b: Finding): number {
  const fa = a.file ?? "\uffff";
  const fb = b.file ?? "\uffff";
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** Manifest, every source file read, every evidence file read: what the attestation binds. */
function collectSubjects(loaded: LoadedManifest, sources: SourceSet, evidence: EvidenceStore): Subject[] {
  const byName = new Map<string, Subject>();
  byName.set(loaded.name, { name: loaded.name, digest: { sha256: sha256(loaded.bytes) } });
  for (const f of sources.files) byName.set(f.path, { name: f.path, digest: { sha256: f.sha256 } });
  // Files passed over are bound too: swapping one for other code is drift, not silence.
  for (const f of [...sources.skipped, ...sources.unread]) if (f.sha256) byName.set(f.path, { name: f.path, digest: { sha256: f.sha256 } });
  for (const s of evidence.subjects()) byName.set(s.name, s);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
