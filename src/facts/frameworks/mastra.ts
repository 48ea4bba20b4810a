import { DEFAULTS, defaultBound } from "../defaults.js";
import { addRun, addTool, runOptions } from "../common.js";
import { ctorKey, perRun, type Recognizer } from "../context.js";
import { toBound } from "../values.js";
import { routerModel } from "./shared.js";
import type { CallSite, Builder } from "../context.js";
import type { Sym } from "../sym.js";
import type { SourceLocation } from "../types.js";

/**
 * Mastra (`@mastra/core*`): Agent runs via agent.generate/stream (maxSteps, per call or in
 * defaultGenerateOptions), createTool({ id, requireApproval }), `requireToolApproval: true` on a run
 * (every tool call of that run waits for approveToolCall/declineToolCall), telemetry on the Mastra instance.
 */
/** A project's Mastra instance imported through a path alias (`@/mastra`, `~/mastra`, `#mastra`) the walk cannot resolve. */
// A project path alias (`@/mastra`, `~/mastra`, `#mastra`, `#src/mastra`), never a package such as `@mastra/core/mastra`.
const ALIAS = /^(?:[@~]\/|#)(?:.*\/)?mastra(?:\/index)?$/;

export const mastra: Recognizer = {
  packages: ["@mastra/core", "@mastra/observability"],
  alsoReads: (m) => ALIAS.test(m),
  recognize(site, b) {
    const r = site.root!;
    if (ALIAS.test(r.module)) return aliasRun(site, b);
    if (!r.instance && site.q.path.length === 0) {
      if (r.name === "Agent" && site.ir.isNew) {
        routerModel(site, b, "mastra", "Mastra model router");
        servedRun(site, b);
        return;
      }
      // An LLM-judged scorer (`createScorer({ judge: { model } })`) calls its judge model on every scored run.
      if (r.name === "createScorer") {
        const judge = site.prop(site.arg(0), "judge");
        if (judge) routerModel(site, b, "mastra", "Mastra model router", judge.v);
        return;
      }
      if (r.name === "createTool" || (r.name === "Tool" && site.ir.isNew)) {
        const opts = site.arg(0);
        const id = site.prop(opts, "id");
        const appr = site.prop(opts, "requireApproval") ?? site.prop(opts, "needsApproval");
        addTool(b, site, { framework: "mastra", ...(id?.v.k === "str" ? { name: id.v.v } : {}), ...(appr ? { approval: appr } : {}), body: site.prop(opts, "execute")?.v });
        return;
      }
      if (r.name === "Mastra" && site.ir.isNew) {
        const opts = site.arg(0);
        const t = site.prop(opts, "telemetry");
        const en = t && site.prop(t.v, "enabled");
        if ((t && !(en && en.v.k === "bool" && !en.v.v)) || site.prop(opts, "observability")) b.mastraTelemetry = true;
        // Agents registered here are served by the Mastra server (mastra dev, a deployer): each is a run.
        const agents = site.R(site.prop(opts, "agents")?.v);
        if (agents?.k === "obj") for (const p of Object.values(agents.props)) {
          const a = site.R(p.v);
          if (a?.k === "call" && a.isNew) servedAgents(b).add(ctorKey(a));
        }
        return;
      }
      return;
    }
    if (!r.instance || !r.call) return;
    if (site.method !== "generate" && site.method !== "stream" && site.method !== "generateVNext" && site.method !== "streamVNext") return;
    // agent.generate(messages, { maxSteps }); the Agent's defaultGenerateOptions.maxSteps otherwise.
    const opts = site.arg(1);
    const ms = site.prop(opts, "maxSteps");
    let bound = ms ? toBound(ms.v) : undefined;
    let boundLoc = ms?.loc;
    if (!bound && r.name === "Agent" && r.call.isNew) {
      const defaults = site.prop(r.call.args[0], "defaultGenerateOptions") ?? site.prop(r.call.args[0], "defaultOptions");
      const dm = defaults && site.prop(defaults.v, "maxSteps");
      if (dm) {
        bound = toBound(dm.v);
        boundLoc = dm.loc;
      }
    }
    const ro = runOptions(site, opts, b);
    if (r.name === "Agent" && r.call.isNew) noteToolApproval(site, b, r.call, site.prop(opts, "requireToolApproval") ?? agentDefault(site, r.call, "requireToolApproval"));
    // An Agent given no tools (and none at the call) answers in one step: there is no loop to bound.
    if (!bound && r.name === "Agent" && r.call.isNew && toolless(site, r.call.args[0]) && toolless(site, opts)) bound = { kind: "single" };
    addRun(b, site, { framework: "mastra", api: r.name === "Mastra" ? `mastra.getAgent().${site.method}` : `Agent.${site.method}`, bound: bound ?? defaultBound(DEFAULTS.mastraMaxSteps), ...(boundLoc ? { boundLoc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry: false, tools: [] });
  },
};

/** `mastra.getAgent("x").generate(...)` on a Mastra instance imported through an unresolved path alias. */
function aliasRun(site: CallSite, b: Builder): void {
  const r = site.root!;
  if (!r.instance || !r.call || !(site.method === "generate" || site.method === "stream" || site.method === "generateVNext" || site.method === "streamVNext")) return;
  const q = site.qualify(r.call.callee);
  const via = q?.path[q.path.length - 1];
  if (via !== "getAgent" && via !== "getAgentById") return;
  const opts = site.arg(1);
  const ms = site.prop(opts, "maxSteps");
  const ro = runOptions(site, opts, b);
  addRun(b, site, { framework: "mastra", api: `mastra.${via}().${site.method}`, bound: (ms ? toBound(ms.v) : undefined) ?? defaultBound(DEFAULTS.mastraMaxSteps), ...(ms ? { boundLoc: ms.loc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry: false, tools: [] });
}

/**
 * `agent.stream(msg, { requireToolApproval: true })` (Mastra 1.x, agent approval): every tool call of
 * that run is suspended until the app calls approveToolCall / declineToolCall. It covers the Agent's
 * own tools (`new Agent({ tools: { … } })`, each a createTool whose id is the tool's name) only when
 * every run psf sees of that Agent sets it, and the Agent is not served by the Mastra server (whose
 * HTTP callers choose the option per request). Judged once every file is read, as served runs are.
 */
function noteToolApproval(site: CallSite, b: Builder, agent: Extract<Sym, { k: "call" }>, opt: ReturnType<CallSite["prop"]>): void {
  const key = ctorKey(agent);
  let runs = approvalRuns(b).get(key);
  if (!runs) {
    const entry = { all: true, at: undefined as SourceLocation | undefined };
    approvalRuns(b).set(key, (runs = entry));
    b.compiledGraphs.set(`mastra-approval:${key}`, () => {
      if (!entry.all || !entry.at || servedAgents(b).has(key)) return;
      const covers = agentToolIds(site, agent);
      if (covers.length) b.facts.approvals.push({ loc: entry.at, kind: "humanInTheLoopMiddleware", covers });
    });
  }
  const on = opt && site.R(opt.v);
  if (on?.k === "bool" && on.v) runs.at ??= opt!.loc;
  else runs.all = false;
}

/** An execution option from the Agent's defaultOptions (or the older defaultGenerateOptions / defaultStreamOptions), which every call starts from. */
function agentDefault(site: CallSite, agent: Extract<Sym, { k: "call" }>, key: string): ReturnType<CallSite["prop"]> {
  for (const d of ["defaultOptions", "defaultGenerateOptions", "defaultStreamOptions"]) {
    const v = site.prop(site.prop(agent.args[0], d)?.v, key);
    if (v) return v;
  }
  return undefined;
}

/** The ids of the createTool tools in an Agent's `tools` option, as far as the source shows them. */
function agentToolIds(site: CallSite, agent: Extract<Sym, { k: "call" }>): string[] {
  const tools = site.R(site.prop(agent.args[0], "tools")?.v);
  if (tools?.k !== "obj") return [];
  const ids: string[] = [];
  for (const p of Object.values(tools.props)) {
    const t = site.R(p.v);
    if (t?.k !== "call") continue;
    const id = site.R(site.prop(t.args[0], "id")?.v);
    if (id?.k === "str") ids.push(id.v);
  }
  return ids;
}

const approvalRuns = perRun(() => new Map<string, { all: boolean; at: SourceLocation | undefined }>());

const servedAgents = perRun(() => new Set<string>());

/**
 * An Agent registered in `new Mastra({ agents })` is served over HTTP by the Mastra server, whatever the
 * source itself calls: a run bound by the agent's defaultOptions (`maxSteps`, `stopWhen: stepCountIs(n)`)
 * or Mastra's default. Recorded once every file is read (registration may come later), through the
 * deferred-run list compiled LangGraph graphs use.
 */
function servedRun(site: CallSite, b: Builder): void {
  const key = ctorKey(site.ir);
  b.compiledGraphs.set(`mastra-agent:${key}`, () => {
    if (!servedAgents(b).has(key)) return;
    const opts = site.arg(0);
    const defaults = site.prop(opts, "defaultOptions") ?? site.prop(opts, "defaultGenerateOptions") ?? site.prop(opts, "defaultStreamOptions");
    const ms = defaults && (site.prop(defaults.v, "maxSteps") ?? site.prop(defaults.v, "stopWhen"));
    const bound = ms ? toBound(ms.v) : toolless(site, opts) ? ({ kind: "single" } as const) : undefined;
    addRun(b, site, { framework: "mastra", api: "new Agent (served by the Mastra server)", bound: bound ?? defaultBound(DEFAULTS.mastraMaxSteps), ...(bound && ms ? { boundLoc: ms.loc } : {}), signal: false, telemetry: false, tools: [] });
  });
}

/** Options through which a Mastra Agent (or one call of it) is given something to call: tools, sub-agents, workflows, a workspace. */
const TOOL_OPTIONS = ["tools", "toolsets", "clientTools", "agents", "workflows", "workspace", "mcpServers"];

/** Whether these Agent (or call) options give the model nothing to call, as far as the source shows. */
function toolless(site: CallSite, opts: Parameters<CallSite["prop"]>[0] | undefined): boolean {
  const o = site.R(opts);
  if (o === undefined || o.k === "undef") return true;
  if (o.k !== "obj" || o.spread) return false;
  return TOOL_OPTIONS.every((k) => !(k in o.props));
}
