import { DEFAULTS, defaultBound } from "../defaults.js";
import { addRun, runOptions } from "../common.js";
import { ctorKey, type Builder, type CallSite, type Recognizer } from "../context.js";
import { toBound } from "../values.js";
import type { Bound } from "../types.js";

/**
 * LangGraph.js (`@langchain/langgraph*`): compiled graphs and prebuilt agents run with a
 * recursionLimit (default 25) given in the invoke/stream config; interrupt() inside a node or tool
 * and compile({ interruptBefore / interruptAfter }) wire human approval.
 */
const RUN_METHODS = new Set(["invoke", "stream", "streamEvents", "batch"]);

export const langgraph: Recognizer = {
  // A checkpointer (MemorySaver, PostgresSaver) stores graph state and runs nothing: there is nothing in it to read.
  // The LangGraph CLI and API server (`langgraph dev`/`up`) run the compiled graphs this recognizer reads
  // ("a server or platform runs it"): the graphs are what they run, so there is nothing else in them to read.
  packages: ["@langchain/langgraph", "@langchain/langgraph-checkpoint", "@langchain/langgraph-cli", "@langchain/langgraph-api"],
  matches: (m) => m === "@langchain/langgraph" || m.startsWith("@langchain/langgraph/") || m.startsWith("@langchain/langgraph-"),
  recognize(site, b) {
    const r = site.root!;
    if (!r.instance && site.q.path.length === 0 && r.name === "interrupt") {
      b.facts.approvals.push({ loc: site.loc, kind: "interrupt" });
      return;
    }
    if (r.instance && site.method === "compile") {
      const opts = site.arg(0);
      // Keyed by the compile call: runs on the compiled graph find it as the call that made their instance.
      const key = ctorKey(site.ir);
      if (!b.compiledGraphs.has(key)) {
        b.compiledGraphs.set(key, () => {
          const preset = b.graphPresets.get(key);
          addRun(b, site, { framework: "langgraph", api: "compiled graph (no run in this source: a server or platform runs it)", bound: preset?.bound ?? defaultBound(DEFAULTS.langgraphRecursionLimit), ...(preset ? { boundLoc: preset.loc } : {}), signal: false, telemetry: false, tools: [] });
        });
      }
      for (const key of ["interruptBefore", "interruptAfter"] as const) {
        const p = site.prop(opts, key);
        if (!p) continue;
        const names = p.v.k === "arr" ? p.v.items.map((i) => site.R(i)).flatMap((i) => (i?.k === "str" ? [i.v] : [])) : p.v.k === "str" && p.v.v === "*" ? undefined : [];
        b.facts.approvals.push({ loc: p.loc, kind: key, ...(names ? { covers: names } : {}) });
      }
      return;
    }
    if (!r.instance && site.q.path.length === 0 && r.name === "createReactAgent") {
      const opts = site.arg(0);
      for (const key of ["interruptBefore", "interruptAfter"] as const) {
        const p = site.prop(opts, key);
        if (p) b.facts.approvals.push({ loc: p.loc, kind: key, covers: p.v.k === "arr" ? p.v.items.flatMap((i) => (i.k === "str" ? [i.v] : [])) : [] });
      }
      return;
    }
    // A compiled graph added as a node of another graph runs inside the parent's run, under the
    // parent's recursionLimit and signal: it is not a run of its own.
    if (r.instance && site.method === "addNode") {
      const first = site.R(site.arg(0));
      const nodes = first?.k === "obj" ? Object.values(first.props).map((p) => p.v) : [site.arg(1)];
      for (const n of nodes) {
        const v = site.R(n);
        if (v?.k === "call") b.ranGraphs.add(b.graphAliases.get(ctorKey(v)) ?? ctorKey(v));
      }
      return;
    }
    if (r.instance && site.method === "withConfig" && r.call) {
      const rl = site.prop(site.arg(0), "recursionLimit");
      const bound = rl ? toBound(rl.v) : undefined;
      const base = ctorKey(r.call);
      b.graphAliases.set(ctorKey(site.ir), b.graphAliases.get(base) ?? base);
      if (rl && bound) b.graphPresets.set(ctorKey(site.ir), { bound, loc: rl.loc });
      return;
    }
    if (r.instance && RUN_METHODS.has(site.method)) {
      const key = r.call ? ctorKey(r.call) : undefined;
      if (key) b.ranGraphs.add(b.graphAliases.get(key) ?? key);
      recordGraphRun(site, b, DEFAULTS.langgraphRecursionLimit, "langgraph", key ? b.graphPresets.get(key) : undefined);
    }
  },
};

/** graph.invoke(input, { recursionLimit }) on a compiled graph or prebuilt/created agent. */
export function recordGraphRun(site: CallSite, b: Builder, dflt: typeof DEFAULTS.langgraphRecursionLimit, framework: "langgraph" | "langchain", preset?: { bound: Bound; loc: import("../types.js").SourceLocation }): void {
  const cfg = site.arg(1);
  const rl = site.prop(cfg, "recursionLimit");
  const bound = rl ? toBound(rl.v) ?? defaultBound(dflt) : preset?.bound ?? defaultBound(dflt);
  const boundLoc = rl?.loc ?? preset?.loc;
  const ro = runOptions(site, cfg, b);
  const cbs = site.prop(cfg, "callbacks");
  addRun(b, site, {
    framework, api: `${site.ir.text}`, bound, ...(boundLoc ? { boundLoc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}),
    telemetry: !!cbs && tracingCallbacks(site, cbs.v), tools: [],
  });
}

/** Callbacks that trace: Langfuse's CallbackHandler, LangSmith's LangChainTracer, anything named *Tracer/*Trace*. */
export function tracingCallbacks(site: CallSite, v: import("../sym.js").Sym): boolean {
  const r = site.R(v);
  const items = r?.k === "arr" ? r.items : r ? [r] : [];
  return items.some((it) => {
    const q = site.qualify(it);
    if (!q) return false;
    const name = q.root.k === "instance" && q.root.ctor.root.k === "import" ? `${q.root.ctor.root.module}#${q.root.ctor.root.name}` : "";
    return /langfuse|langsmith|trac|CallbackHandler|opik|phoenix|arize/i.test(name);
  });
}
