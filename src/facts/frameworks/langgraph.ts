import { DEFAULTS, defaultBound } from "../defaults.js";
import { addRun, runOptions } from "../common.js";
import { ctorKey, type Builder, type CallSite, type Recognizer } from "../context.js";
import { toBound, toStringValue } from "../values.js";
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
  // The SDK (`@langchain/langgraph-sdk`) is a client of a LangGraph server: its `client.runs.*` calls start
  // runs there (read below); its other exports are types and generative-UI helpers that run nothing.
  packages: ["@langchain/langgraph", "@langchain/langgraph-checkpoint", "@langchain/langgraph-cli", "@langchain/langgraph-api", "@langchain/langgraph-sdk"],
  alsoReads: (m) => m.startsWith("@langchain/langgraph-"),
  recognize(site, b) {
    const r = site.root!;
    if (r.module === "@langchain/langgraph-sdk" || r.module.startsWith("@langchain/langgraph-sdk/")) return sdkClient(site, b);
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

/**
 * The LangGraph SDK client (`@langchain/langgraph-sdk` 0.x/1.x, src/types.ts RunsInvokePayload):
 * `new Client({ apiUrl })` talks to a LangGraph server, and `client.runs.stream/wait/create(thread,
 * assistant, { config: { recursion_limit }, signal, interruptBefore })` starts a graph run there, bound
 * by the server's default recursion limit (25) unless the payload's config sets one.
 */
const SDK_RUNS = new Set(["stream", "wait", "create"]);

function sdkClient(site: CallSite, b: Builder): void {
  const r = site.root!;
  if (r.name !== "Client") return;
  if (!r.instance && site.ir.isNew) {
    const url = site.prop(site.arg(0), "apiUrl");
    if (url) b.facts.urls.push({ loc: url.loc, api: "new Client (LangGraph SDK) apiUrl", url: toStringValue(url.v) });
    return;
  }
  if (!r.instance || site.q.path[0] !== "runs" || !SDK_RUNS.has(site.method)) return;
  const payload = site.arg(2);
  const rl = site.prop(site.prop(payload, "config")?.v, "recursion_limit");
  const bound = (rl ? toBound(rl.v) : undefined) ?? defaultBound(DEFAULTS.langgraphRecursionLimit);
  const ro = runOptions(site, payload, b);
  for (const key of ["interruptBefore", "interruptAfter"] as const) {
    const p = site.prop(payload, key);
    if (p) b.facts.approvals.push({ loc: p.loc, kind: key, ...(p.v.k === "arr" ? { covers: p.v.items.flatMap((i) => (i.k === "str" ? [i.v] : [])) } : {}) });
  }
  addRun(b, site, { framework: "langgraph", api: `client.runs.${site.method} (LangGraph SDK: a run on the LangGraph server)`, bound, ...(rl ? { boundLoc: rl.loc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry: false, tools: [] });
}
