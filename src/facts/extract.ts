import { humanFunctions, humanInput, humanTurn, type HumanInput } from "./human-turns.js";
import { releaseText, type SourceFile, type SourceSet } from "../sources/collect.js";
import { isNotebook } from "../sources/notebook.js";
import { Builder, CallSite, loc } from "./context.js";
import type { FileIR } from "./ir.js";
import { typescriptWalk } from "./front-ends.js";
import { RecordingPaths, type FactsCache } from "./cache.js";
import { keepWholeTreeFacts, takeWholeTreeFacts } from "./tree-cache.js";
import { resolve, type ExportTable } from "./sym.js";
import type { Bound, Facts, SourceLocation } from "./types.js";
import { toBound } from "./values.js";
import { bodyRefOf, definitionSpan, undeclaredName } from "./common.js";
import { toolsFromFactories } from "./tool-factories.js";
import { actingFunctions } from "./acting.js";
import { fnSpans, posOf, groupByFile, queuesOf, guardOf, reverseEdges, firstToolReaching, cycles } from "./resolve.js";
import { cloudflareAgents, recognizeBindingCall } from "./frameworks/cloudflare-agents.js";
import { GLOBAL_INSTRUMENTATION, MAYBE_INSTRUMENTATION, recognizerFor } from "./recognizers.js";
export { INSTRUMENTATION_PACKAGES, RECOGNIZERS } from "./recognizers.js";
import { unknownClientCall } from "./frameworks/provider-sdks.js";
import { recognizeGlobal } from "./frameworks/http.js";
import { recognizeTimers } from "./frameworks/node.js";
import { linkToolBodies } from "./frameworks/function-tools.js";
import { ROUTE_FILE, routeTimeouts } from "./frameworks/nextjs.js";
import { isPythonFile } from "./python/parser.js";
import { walkPythonFile } from "./python/walk.js";
import { markHandFilteredMcp } from "./python/mcp-filter.js";
import { adkRootAgentRuns } from "./python/adk-root.js";
import { pythonSettings, recognizePython } from "./python/recognizers.js";
import { pythonPauseSignals } from "./python/pause.js";
import { crewaiYamlAgents } from "./python/crewai-yaml.js";
import { claudeAfterWalk } from "./claude-agent-sdk.js";
import { releaseWalkGarbage } from "../util/memory.js";
import { paidApiClient, TS_PAID_MODULES } from "./paid-apis.js";
import { READ_AFTER_WALK } from "../sources/markers.js";
import { unreadToolDecorators } from "./python/unread-decorators.js";
import { dispatchesOneReply } from "./reply-loops.js";

/**
 * Whether a TypeScript/JavaScript file's text is read again after its walk: it holds a waiver or a
 * Helicone header (sources/markers.ts), or it is a Next.js route whose config is read (frameworks/nextjs.ts). Python files' texts are kept: the Python passes
 * below read them. Any other text is let go when its walk ends (read again from disk if asked for).
 */
function readAfterWalk(f: SourceFile): boolean {
  return ROUTE_FILE.test(f.path) || READ_AFTER_WALK.test(f.text);
}

/** A call in a tool's body that waits for a person: an approval function, Inngest's waitForEvent, LlamaIndex's ctx.wait_for_event, a tool context's interrupt (Strands: `context.interrupt(…)`). */
const APPROVAL_CALL = /approv|(^|[.?])(waitForEvent|wait_for_event)$|(^|[.?])(context|ctx|toolContext|tool_context)\.interrupt$/i;

/** A Python file run as a script (`if __name__ == "__main__":`), or a notebook (its own kernel): its own process, traced only by what it registers itself. */
const PY_MAIN_GUARD = /^if\s+__name__\s*==\s*["']__main__["']\s*:/m;

/** Who traces a framework's runs and tools in a file: an instrumentor for it registered in the same file, or anywhere in the
 *  project when the file is a module the instrumented entry point loads (not a script of its own, as an example file is). */
function frameworkInstrumentation(scripts: ReadonlySet<string>, F: Facts): (framework: string | undefined, file: string) => string | undefined {
  const regs = F.tracing.frameworks ?? [];
  if (!regs.length) return () => undefined;
  return (framework, file) => {
    const hit = regs.find((r) => r.framework === framework && (r.loc.file === file || !scripts.has(file)));
    return hit ? `the instrumentation registered at ${hit.loc.file}:${hit.loc.line}` : undefined;
  };
}

export interface ExtractOptions {
  /** Records of unchanged files are read from it, and those walked now are written to it (cache.ts). */
  cache?: FactsCache;
}

/** Source analysis entry point: parse every collected file once, walk it once into a small record (then drop the tree), resolve names across the project's own modules, and let one recognizer per ecosystem turn call sites into facts. */
export function extractFacts(sources: SourceSet, opts: ExtractOptions = {}): Facts | undefined {
  const paths = new Set(sources.files.map((f) => f.path));
  const irs: FileIR[] = [];
  const unanalysed: { file: string; reason: string }[] = [];
  // The front ends are loaded beforehand (front-ends.ts loadParsersFor): a file whose parser is not
  // loaded fails its walk and is reported as not analysed, never passed.
  const walkTypeScript = typescriptWalk();
  const cache = opts.cache;
  const whole = cache?.wholeTree && takeWholeTreeFacts(cache, sources);
  if (cache && whole) {
    cache.stats.hits += sources.files.length;
    cache.stats.whole = true;
    return whole;
  }
  let walkedBytes = 0;
  for (const f of sources.files) {
    const python = isPythonFile(f.path);
    const cached = cache?.lookup(f, paths);
    if (cached) irs.push(cached);
    else {
      walkedBytes += f.size;
      // With a cache, the walk's questions about which files exist are kept with its record.
      const asked = cache ? new RecordingPaths(paths) : paths;
      try {
        const ir = python ? walkPythonFile(f.path, f.text, asked) : walkTypeScript(f.path, f.text, asked);
        irs.push(ir);
        if (asked instanceof RecordingPaths) cache?.store(f, ir, asked);
      } catch (e) {
        // One pathological file (e.g. a chain deep enough to exhaust the stack) must not sink the whole run.
        unanalysed.push({ file: f.path, reason: e instanceof RangeError ? "too deeply nested for the analysis" : `the analysis failed: ${(e as Error).message}` });
        continue;
      }
    }
    if (!python && !readAfterWalk(f)) releaseText(f);
  }
  cache?.flush();
  // The walk's dead syntax trees go before resolution allocates on top of them (util/memory.ts).
  releaseWalkGarbage(walkedBytes);
  const scripts = new Set(sources.files.filter((f) => isNotebook(f.path) || (isPythonFile(f.path) && PY_MAIN_GUARD.test(f.text))).map((f) => f.path));
  const facts = factsFromIR(irs, scripts);
  facts.unanalysed.push(...unanalysed);
  routeTimeouts(sources, irs, facts);
  const reads: string[] = [];
  crewaiYamlAgents(sources, irs, facts, reads);
  markHandFilteredMcp(sources, irs, facts);
  claudeAfterWalk(sources, irs, facts, reads);
  adkRootAgentRuns(sources, facts);
  if (cache?.wholeTree) keepWholeTreeFacts(cache, sources, facts, reads);
  return facts;
}

export function factsFromIR(irs: FileIR[], scripts: ReadonlySet<string> = new Set()): Facts {
  const b = new Builder();
  const F = b.facts;
  const table: ExportTable = new Map(irs.map((ir) => [ir.path, ir.exports]));
  const byFile = new Map(irs.map((ir) => [ir.path, ir]));
  const abortCalls = irs.flatMap((ir) => ir.aborts.map((pos) => ({ file: ir.path, pos })));

  for (const ir of irs) {
    F.files.push(ir.path);
    if (ir.parseError) F.parseErrors.push({ file: ir.path, loc: loc(ir.parseError.at), message: ir.parseError.message });
    for (const e of ir.envReads) F.envReads.push({ name: e.name, loc: loc(e.at), ...(e.expr !== undefined ? { expr: e.expr } : {}) });
    for (const s of ir.secrets) F.secrets.push({ kind: s.kind, redacted: s.redacted, loc: loc(s.at) });
    for (const s of ir.sql) F.destructive.push({ loc: loc(s.at), op: s.op });
  }

  const sitesByFile = new Map<string, CallSite[]>();
  // Calls: construction sites first, then calls on the instances they made (agent.generate after new ToolLoopAgent).
  const made: CallSite[] = [], onInstances: CallSite[] = [];
  for (const ir of irs) for (const c of ir.calls) {
    const site = new CallSite(ir.path, c, table);
    (site.root?.instance ? onInstances : made).push(site);
  }
  const sites = made.concat(onInstances);
  for (const s of sites) {
    const list = sitesByFile.get(s.file) ?? [];
    list.push(s);
    sitesByFile.set(s.file, list);
  }
  if (irs.some((ir) => ir.assignments?.length)) pythonSettings(irs, b);
  const humanInputs: HumanInput[] = [];
  for (const site of sites) {
    const callee = site.callee;
    if (site.ir.fn && (callee.k === "fnref" || callee.k === "fn")) {
      const set = b.edges.get(site.ir.fn) ?? new Set<string>();
      set.add(callee.id);
      b.edges.set(site.ir.fn, set);
      continue;
    }
    if (isPythonFile(site.file)) {
      // Python call sites go to the Python recognizers only: a PyPI module can share an npm package's name.
      if (callee.k !== "fnref" && callee.k !== "fn") recognizePython(site, b);
      if (!site.root && /tool/i.test(site.ir.text) && /(^|\.)(execute|call|invoke|run)$|^(call_?tool|run_?tool|execute_?tool|invoke_?tool)$/i.test(site.ir.text)) b.markAction(site);
      continue;
    }
    const root = site.root;
    const human = humanInput(site);
    if (human) humanInputs.push(human);
    if (root) {
      if (!root.instance && TS_PAID_MODULES.has(root.module)) paidApiClient(site, b);
      if (MAYBE_INSTRUMENTATION.test(root.module) && GLOBAL_INSTRUMENTATION.test(`${root.module}#${root.name}`)) F.tracing.globalInstrumentation ??= site.loc;
      const rec = recognizerFor(root.module);
      // A subclass of a package's class (see CallIR.subclass) is read only by the recognizers that ask for it.
      if (rec && (!site.ir.subclass || rec === cloudflareAgents)) rec.recognize(site, b);
      continue;
    }
    if (site.ir.subclass) continue;
    if (recognizeGlobal(site, b) || recognizeTimers(site, b, abortCalls) || recognizeBindingCall(site, b)) continue;
    if (unknownClientCall(site, b)) continue;
    if (/tool/i.test(site.ir.text) && /(^|\.)(execute|call|invoke|run)$|^(callTool|runTool|executeTool|invokeTool)$/i.test(site.ir.text)) b.markAction(site);
  }

  pythonPauseSignals(irs, b, sites);
  // A graph compiled here but run by no line of the source is run elsewhere, with the default limit.
  for (const [key, record] of b.compiledGraphs) if (!b.ranGraphs.has(key)) record();
  // OpenAI Agents' default trace exporter posts every run's spans to OpenAI's endpoint, whatever
  // base URL the model client uses (JS: agents-openai openaiTracingExporter; Python: the
  // BackendSpanExporter; both a fixed endpoint).
  const tracedRun = F.agentRuns.find((r) => r.framework === "openai-agents");
  if (tracedRun && !F.tracing.openaiAgentsDisabled && !b.openaiAgentsOwnTraceProcessors) {
    F.urls.push({ loc: tracedRun.loc, api: "OpenAI Agents trace export (on by default)", url: { kind: "literal", text: "https://api.openai.com/v1/traces/ingest" } });
  }
  // OpenAI Agents' default client does not exist when the project installs its own.
  if (b.openaiAgentsCustomClient) {
    const drop = new Set(b.openaiAgentsDefaultClients);
    F.modelClients = F.modelClients.filter((_, i) => !drop.has(i));
    F.urls = F.urls.filter((u) => u.api !== "baseURL (Agent (default OpenAI client))");
  }
  // Tool names from `tools: { key: toolVar }` (and a getTools() method's keys): the model sees the key
  // of an AI SDK tool, and a key beats a variable name for a tool that declares none.
  for (const t of F.tools) {
    const key = b.toolKeys.get(`${t.loc.file}:${t.loc.line}:${t.loc.column}`);
    if (key && (t.framework === "vercel-ai" || undeclaredName(t))) t.name = key;
  }
  toolsFromFactories(b, sites);

  const inSpan = (file: string, pos: number, s: { file: string; start: number; end: number }) => s.file === file && pos >= s.start && pos < s.end;
  const fnSpan = fnSpans(irs);

  // Which functions perform a model call / agent run / tool execution, directly or through the functions they call:
  // a walk up the reverse call graph from the functions that act, each function and edge visited once, O(V + E).
  const callers = reverseEdges(b.edges);
  const reaches = new Set<string>();
  const work: string[] = [];
  for (const [, list] of b.actionCalls) for (const a of list) if (a.fn && !reaches.has(a.fn)) {
    reaches.add(a.fn);
    work.push(a.fn);
  }
  while (work.length) {
    for (const caller of callers.get(work.pop()!) ?? []) if (!reaches.has(caller)) {
      reaches.add(caller);
      work.push(caller);
    }
  }
  // Calls to project functions, by file, for "does this loop call something that calls the model?".
  const fnCalls = new Map<string, { pos: number; target: string; loc: SourceLocation }[]>();
  for (const site of sites) {
    if (site.callee.k !== "fnref" && site.callee.k !== "fn") continue;
    const list = fnCalls.get(site.file) ?? [];
    list.push({ pos: site.ir.at.pos, target: site.callee.id, loc: site.loc });
    fnCalls.set(site.file, list);
  }

  // A tool whose implementation is a project function given by name (`execute: wipe`) has that function as its body.
  for (const t of F.tools) {
    const ref = t.body ? undefined : bodyRefOf(t);
    const span = ref ? fnSpan.get(ref) : undefined;
    if (span) t.body = span;
  }
  // Function tools dispatched by name get their bodies; tools get the file writes they reach.
  linkToolBodies(b, irs);
  // Tools: approval and audit inside their bodies. Interrupts and approval calls are grouped by file
  // once, so each tool looks only at the few in its own file (was: every approval of the project per tool).
  const interruptsByFile = groupByFile(F.approvals.filter((a) => a.kind === "interrupt"));
  const approvalSitesByFile = new Map<string, CallSite[]>();
  for (const [file, list] of sitesByFile) {
    const hits = list.filter((s) => APPROVAL_CALL.test(s.ir.text));
    if (hits.length) approvalSitesByFile.set(file, hits);
  }
  for (const t of F.tools) {
    if (!t.body) continue;
    const body = t.body;
    const ir = byFile.get(body.file);
    const appr = interruptsByFile.get(body.file)?.find((a) => posOf(ir, a.loc) >= body.start && posOf(ir, a.loc) < body.end);
    if (appr) t.approvalInBody = appr.loc;
    else {
      const approvalFn = approvalSitesByFile.get(body.file)?.find((s) => inSpan(s.file, s.ir.at.pos, body));
      if (approvalFn) {
        t.approvalInBody = approvalFn.loc;
        F.approvals.push({ loc: approvalFn.loc, kind: "approval-function", covers: [t.name] });
      }
    }
    if (!t.audited && ir?.audits.some((p) => p >= body.start && p < body.end)) {
      t.audited = true;
      t.auditedBy = "an audit/trace call in its body";
    }
  }
  const instrumented = frameworkInstrumentation(scripts, F);
  for (const t of F.tools) {
    if (t.audited) continue;
    const by = instrumented(t.framework, t.loc.file);
    if (by) [t.audited, t.auditedBy] = [true, by];
    else if (t.framework === "openai-agents" && !F.tracing.openaiAgentsDisabled) [t.audited, t.auditedBy] = [true, "OpenAI Agents tracing (on by default)"];
    else if (b.tracedToolNames.has(t.name)) [t.audited, t.auditedBy] = [true, "the telemetry of the run it is given to"];
    else if (t.framework === "mastra" && b.mastraTelemetry) [t.audited, t.auditedBy] = [true, "Mastra telemetry"];
    else if (t.framework === "agent-kit" && b.inngestControls.fn) [t.audited, t.auditedBy] = [true, "the Inngest function's run trace (AgentKit runs each tool call as step.run)"];
  }

  // Model calls and runs: audited by telemetry, a traced client, an audit/trace call in the same function, or global instrumentation.
  const auditedNear = (l: SourceLocation, fn: string | undefined): boolean => {
    const ir = byFile.get(l.file);
    if (!ir) return false;
    const span = fn ? fnSpan.get(fn) : undefined;
    return span ? ir.audits.some((p) => p >= span.start && p < span.end) : ir.audits.length > 0;
  };
  // DSPy's model calls go through LiteLLM (a LiteLLM instrumentation sees them) and DSPy's instrumentors; LangChain's tracing (LangSmith's env switch, OpenInference) hooks every chat model's invoke.
  for (const c of F.modelCalls) c.audited = c.telemetry || auditedNear(c.loc, c.fn) || (!!F.tracing.globalInstrumentation && (c.framework === "openai" || c.framework === "anthropic" || c.framework === "litellm" || c.framework === "dspy")) || ((c.framework === "dspy" || c.framework === "langchain") && !!instrumented(c.framework, c.loc.file));
  for (const r of F.agentRuns) {
    if (r.framework === "openai-agents") r.telemetry = !F.tracing.openaiAgentsDisabled;
    if (r.framework === "mastra" && b.mastraTelemetry) r.telemetry = true;
    if (r.framework === "agent-kit") {
      if (b.inngestControls.cancelOn) r.signal = true;
      if (b.inngestControls.timeout) r.timeout ??= b.inngestControls.timeout;
      // Inside an Inngest function AgentKit runs model calls as step.ai.infer and tool calls as step.run: the function's run trace records both.
      if (b.inngestControls.fn) r.telemetry = true;
    }
    if (instrumented(r.framework, r.loc.file)) r.telemetry = true;
    r.audited = r.telemetry || auditedNear(r.loc, r.fn);
  }

  // Hand-written loops around model/tool calls.
  const actionsIn = (file: string, start: number, end: number) => {
    const direct = (b.actionCalls.get(file) ?? []).filter((a) => a.pos >= start && a.pos < end);
    const indirect = (fnCalls.get(file) ?? []).filter((c) => c.pos >= start && c.pos < end && reaches.has(c.target));
    return { direct, indirect };
  };
  const queueSites = new Set<string>();
  const humanFns = humanFunctions(humanInputs, b.edges);
  for (const ir of irs) {
    for (const l of ir.loops) {
      const { direct, indirect } = actionsIn(ir.path, l.start, l.end);
      const first = direct[0]?.loc ?? indirect[0]?.loc;
      // A list a loop fills and drains with no model or tool call in it (a ring buffer, a rolling window) is not an agent's task queue.
      if (!first || dispatchesOneReply(l, ir, F, (pos) => { const a = actionsIn(ir.path, pos, pos + 1); return a.direct.length + a.indirect.length > 0; })) continue;
      const pause = l.pauseAt ? loc(l.pauseAt) : direct.find((d) => d.signal)?.loc;
      const bound: Bound | undefined = l.bound ? toBound(resolve(l.bound.sym, table)) : undefined;
      const person = humanTurn(l, ir.path, humanInputs, fnCalls.get(ir.path) ?? [], humanFns);
      F.loops.push({
        loc: loc(l.at), infinite: l.infinite, ...(bound ? { bound } : {}), ...(l.condText && !bound ? { condition: l.condText } : {}),
        ...(pause ? { pauseCheck: pause } : {}), callLoc: first, ...(l.fn ? { fn: l.fn } : {}), ...(l.humanAt ? { humanInput: loc(l.humanAt) } : person ? { humanInput: person } : {}),
      });
      queuesOf(ir, l, F, table, queueSites);
    }
  }

  // Recursion: strongly connected components of the call graph that reach a model/tool call.
  for (const comp of cycles(b.edges)) {
    if (!comp.some((f) => reaches.has(f))) continue;
    const guardFn = comp.map((id) => guardOf(byFile, id, table)).find((g) => g);
    const span = fnSpan.get(comp[0]!);
    const ir = span ? byFile.get(span.file) : undefined;
    const at = ir?.fns.find((f) => f.id === comp[0]);
    F.recursion.push({ functions: comp, loc: at ? loc(at.at) : { file: span?.file ?? "", line: 1, column: 1 }, ...(guardFn ? { depthGuard: guardFn } : {}) });
  }

  // Destructive operations: which tool body contains them (directly or through a called function).
  // The first tool (in F.tools order) whose body reaches each function is computed once for all
  // operations, on first need (see firstToolReaching); the scans left are within one file.
  let toolReaching: Map<string, number> | undefined, unreadTool: ReturnType<typeof unreadToolDecorators> | undefined;
  const toolsByBodyFile = new Map<string, typeof F.tools>();
  for (const t of F.tools) {
    if (!t.body) continue;
    const list = toolsByBodyFile.get(t.body.file);
    if (list) list.push(t);
    else toolsByBodyFile.set(t.body.file, [t]);
  }
  for (const d of F.destructive) {
    if (d.tool) continue; // attributed by its recognizer (a framework's built-in tool)
    const ir = byFile.get(d.loc.file);
    const pos = posOf(ir, d.loc);
    const direct = toolsByBodyFile.get(d.loc.file)?.find((t) => t.body && inSpan(d.loc.file, pos, t.body));
    if (direct) {
      d.tool = direct.name;
      continue;
    }
    // Inside a tool factory's call whose implementation is not a plain function literal (a method, a wrapper the analysis cannot open).
    // (Only a tool recorded at its own call: a framework's built-in tool placed at an option is not defined by that call.)
    const defined = pos >= 0 ? F.tools.find((t) => {
      const sp = definitionSpan(t);
      return sp && t.loc.file === sp.file && posOf(ir, t.loc) === sp.start && inSpan(d.loc.file, pos, sp);
    }) : undefined;
    if (defined) {
      d.tool = defined.name;
      continue;
    }
    const owner = ir?.fns.filter((f) => pos >= f.start && pos < f.end).sort((x, y) => x.end - x.start - (y.end - y.start))[0];
    toolReaching ??= firstToolReaching(F.tools, fnCalls, b.edges);
    const i = owner ? toolReaching.get(owner.id) : undefined;
    const unread = i === undefined ? (unreadTool ??= unreadToolDecorators(sites))(d.loc.file, pos) : undefined;
    if (i !== undefined) d.tool = F.tools[i]!.name;
    else if (unread) d.unreadTool = unread;
  }

  // Timeouts from timers that abort are already in F.timeouts; model-derived conditions guarding actions:
  const guarded = irs.filter((ir) => ir.guards.length > 0);
  const destructiveByFile = guarded.length ? groupByFile(F.destructive) : undefined;
  const urlsByFile = guarded.length ? groupByFile(F.urls) : undefined;
  const toolVarNames = new Set(F.tools.flatMap((t) => (t.varName ? [t.varName] : [])));
  const isToolRun = (s: CallSite) => /(^|\.)(execute|invoke|call)$/.test(s.ir.text) && (/tool/i.test(s.ir.text) || toolVarNames.has(s.ir.text.slice(0, s.ir.text.lastIndexOf("."))));
  const acting = guarded.length ? actingFunctions(b, irs, sites, isToolRun) : undefined;
  for (const ir of guarded) {
    const acts2 = [
      ...(destructiveByFile!.get(ir.path) ?? []).map((d) => ({ pos: posOf(ir, d.loc), loc: d.loc, what: d.op })),
      ...(urlsByFile!.get(ir.path) ?? []).filter((u) => !u.api.startsWith("baseURL")).map((u) => ({ pos: posOf(ir, u.loc), loc: u.loc, what: `${u.api} call` })),
      ...(sitesByFile.get(ir.path) ?? []).filter(isToolRun).map((s) => ({ pos: s.ir.at.pos, loc: s.loc, what: s.ir.text })),
      ...(fnCalls.get(ir.path) ?? []).filter((c) => toolVarNames.has(c.target.slice(c.target.lastIndexOf("#") + 1))).map((c) => ({ pos: c.pos, loc: c.loc, what: c.target.slice(c.target.indexOf("#") + 1) })),
      // A project function that deletes, writes elsewhere or runs a tool, directly or through the functions it calls.
      ...(fnCalls.get(ir.path) ?? []).flatMap((c) => {
        const why = acting!.get(c.target);
        return why ? [{ pos: c.pos, loc: c.loc, what: `${c.target.slice(c.target.indexOf("#") + 1)}() (which ${why})` }] : [];
      }),
    ];
    for (const g of ir.guards) {
      const hit = acts2.find((a) => a.pos >= g.start && a.pos < g.end);
      if (hit) F.modelGuards.push({ loc: loc(g.at), modelLoc: loc(g.modelAt), actionLoc: hit.loc, action: hit.what });
    }
  }

  return F;
}
