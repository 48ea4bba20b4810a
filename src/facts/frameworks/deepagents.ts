import { DEFAULTS, defaultBound } from "../defaults.js";
import { addBuiltInTool, addRun, runOptions, toolNames } from "../common.js";
import { ctorKey, type Builder, type CallSite, type Recognizer } from "../context.js";
import { toBound } from "../values.js";
import { stringModel } from "./langchain.js";
import { tracingCallbacks } from "./langgraph.js";
import { opaqueTools } from "./shared.js";

/**
 * Deep Agents for JavaScript (`deepagents` 1.13, langchain-ai/deepagentsjs): `createDeepAgent({
 * model, tools, subagents, interruptOn, backend })` builds a LangChain agent and binds
 * `recursionLimit: 10_000` to it (libs/deepagents/src/agent.ts), so its runs stop only after 10,000
 * graph steps unless `invoke(input, { recursionLimit })` says otherwise. With no model it uses
 * `"anthropic:claude-sonnet-4-6"`. `interruptOn: { tool: true | { allowedDecisions } }` pauses for a
 * person before those tools. `backend: new FilesystemBackend(…)` makes the built-in write_file and
 * edit_file write the host's disk; `new LocalShellBackend(…)` adds an `execute` tool that runs shell
 * commands on the host (the default StateBackend keeps files in the graph's state).
 */
const RUNS = new Set(["invoke", "stream", "streamEvents", "batch"]);

export const deepAgents: Recognizer = {
  packages: ["deepagents"],
  recognize(site, b) {
    const r = site.root!;
    if (r.name !== "createDeepAgent") return;
    if (!r.instance && site.q.path.length === 0) return create(site, b);
    if (r.instance && r.call && RUNS.has(site.method)) return run(site, b, r.call);
  },
};

function create(site: CallSite, b: Builder): void {
  const opts = site.arg(0);
  const tools = site.prop(opts, "tools");
  const names = toolNames(site, tools?.v, b);
  // Subagents are reached through the built-in `task` tool; their tools are the agent's tools too.
  const subs = site.R(site.prop(opts, "subagents")?.v);
  if (subs?.k === "arr") for (const s of subs.items) names.push(...toolNames(site, site.prop(s, "tools")?.v, b));
  const opaque = opaqueTools(site, opts);
  const idx = addRun(b, site, {
    framework: "deepagents",
    api: "createDeepAgent",
    bound: defaultBound(DEFAULTS.deepAgentRecursionLimit),
    signal: false,
    telemetry: false,
    tools: [...new Set(names)],
    ...(opaque.length ? { opaqueTools: opaque } : {}),
  });
  b.agentByCtor.set(ctorKey(site.ir), idx);
  const model = site.prop(opts, "model");
  if (!model) stringModel(site, b, { k: "str", v: "anthropic:claude-sonnet-4-6" }, "createDeepAgent's default model");
  else stringModel(site, b, model.v);

  for (const source of [opts, ...(subs?.k === "arr" ? subs.items : [])]) {
    const on = site.prop(source, "interruptOn");
    const o = site.R(on?.v);
    if (!on || o?.k !== "obj") continue;
    const covers = Object.entries(o.props).filter(([, p]) => !(p.v.k === "bool" && !p.v.v)).map(([k]) => k);
    b.facts.approvals.push({ loc: on.loc, kind: "humanInTheLoopMiddleware", covers });
  }

  const backend = site.prop(opts, "backend");
  const bv = site.R(backend?.v);
  const bq = bv?.k === "call" ? site.qualify(bv.callee) : undefined;
  const kind = backend && bq?.root.k === "import" && bq.root.module.startsWith("deepagents") ? bq.root.name : undefined;
  if (backend && (kind === "FilesystemBackend" || kind === "LocalShellBackend")) {
    // Both write the host's disk (absolute paths anywhere unless virtualMode: true); the shell backend also runs commands.
    const run = b.facts.agentRuns[idx]!;
    for (const name of ["write_file", "edit_file"]) {
      const tool = builtIn(b, site, name, backend.loc);
      tool.writes = [{ op: `${kind} ${name} (writes files on the host under rootDir)`, loc: backend.loc }];
      run.tools.push(name);
    }
    if (kind === "LocalShellBackend") {
      builtIn(b, site, "execute", backend.loc);
      b.facts.destructive.push({ loc: backend.loc, op: "LocalShellBackend (the execute tool runs shell commands on the host)", tool: "execute" });
      run.tools.push("execute");
    }
  }
}

/** A tool the backend adds to every deep agent, at the backend option. */
function builtIn(b: Builder, site: CallSite, name: string, at: import("../types.js").SourceLocation) {
  return addBuiltInTool(b, site, { name, framework: "deepagents", at });
}

/** `agent.invoke(input, { recursionLimit, signal, callbacks })` on an agent made by createDeepAgent. */
function run(site: CallSite, b: Builder, made: Parameters<typeof ctorKey>[0]): void {
  const idx = b.agentByCtor.get(ctorKey(made));
  const cfg = site.arg(1);
  const ro = runOptions(site, cfg, b);
  b.markAction(site, ro.signal);
  if (idx === undefined) return;
  const r = b.facts.agentRuns[idx]!;
  r.signal ||= ro.signal;
  if (ro.timeout) r.timeout ??= ro.timeout;
  const cbs = site.prop(cfg, "callbacks");
  if (cbs && tracingCallbacks(site, cbs.v)) r.telemetry = true;
  const rl = site.prop(cfg, "recursionLimit");
  const bound = rl ? toBound(rl.v) : undefined;
  if (rl && bound) Object.assign(r, { bound, boundLoc: rl.loc });
}
