import { addBuiltInTool, addClient, addRun, addTool, givenBound, runOptions, takeOverRun } from "../common.js";
import { ctorKey, perRun, type Builder, type CallSite, type Recognizer } from "../context.js";
import type { Sym } from "../sym.js";
import type { AgentRun } from "../types.js";
import { addDefaultClient, bedrockRegion } from "./shared.js";

/**
 * Strands Agents for TypeScript (`@strands-agents/sdk`, checked against strands-agents/sdk-typescript
 * v1.3.0, strands-ts/src): `new Agent({ model, tools, systemPrompt })` runs by `agent.invoke(args, options)`
 * or `agent.stream(args, options)`. Its loop has no turn limit unless options carry `limits: { turns }`
 * (types/agent.ts InvokeOptions); `cancelSignal` in the options or `agent.cancel()` stops it. With no model,
 * or a model id string, the agent builds a BedrockModel (agent/agent.ts). Tools are `tool({ name, callback })`
 * and the vended bash, fileEditor and httpRequest; `setupTracer()` from `@strands-agents/sdk/telemetry` exports
 * the spans the Agent opens for runs, model and tool calls. An Agent holds a run at its construction until psf
 * reads a call of it (a factory's agent is run where psf cannot follow it).
 */

/** Model classes, the provider each calls, and the client option that moves it (`…` is where the URL goes). */
const MODELS: Record<string, { provider: string; path: string[]; baseOption: string; defaultsFrom?: string }> = {
  BedrockModel: { provider: "aws-bedrock", path: ["clientConfig", "endpoint"], baseOption: "clientConfig: { endpoint: … }", defaultsFrom: "strands-bedrock" },
  OpenAIModel: { provider: "openai", path: ["clientConfig", "baseURL"], baseOption: "clientConfig: { baseURL: … }" },
  AnthropicModel: { provider: "anthropic", path: ["clientConfig", "baseURL"], baseOption: "clientConfig: { baseURL: … }" },
  GoogleModel: { provider: "google", path: ["clientConfig", "httpOptions", "baseUrl"], baseOption: "clientConfig: { httpOptions: { baseUrl: … } }", defaultsFrom: "gemini-direct" },
};

/**
 * The SDK's vended tools (strands-ts/src/vended-tools, 1.3.0), by export: the name the model sees and what it does.
 * None asks for approval; bash runs commands with no sandbox.
 */
const VENDED: Record<string, { name: string; op?: string; writes?: string; network?: boolean }> = {
  bash: { name: "bash", op: "runs shell commands on this machine, with no sandbox" },
  fileEditor: { name: "fileEditor", writes: "creates and edits files" },
  httpRequest: { name: "http_request", network: true },
};

/** Agents the code cancels (`agent.cancel()`), by where each is built, and the runs recorded for each. */
const stateOf = perRun((): { keys: Set<string>; runs: { key: string; run: AgentRun }[] } => ({ keys: new Set(), runs: [] }));

export const strandsTs: Recognizer = {
  packages: ["@strands-agents/sdk"],
  recognize(site, b) {
    const r = site.root!;
    if (!r.instance && site.q.path.length === 0) {
      if (r.name === "Agent" && site.ir.isNew) return agent(site, b);
      if (r.name === "tool" && !site.ir.isNew) {
        const opts = site.arg(0);
        const name = site.prop(opts, "name");
        addTool(b, site, { framework: "strands", ...(name?.v.k === "str" ? { name: name.v.v } : {}), body: site.prop(opts, "callback")?.v });
        return;
      }
      if (r.name === "setupTracer" && /\/telemetry$/.test(r.module)) {
        (b.facts.tracing.frameworks ??= []).push({ framework: "strands", loc: site.loc });
        return;
      }
      if (MODELS[r.name] && site.ir.isNew) return model(site, b, r.name);
      return;
    }
    if (!r.instance || !r.call || r.name !== "Agent" || site.q.path.length !== 1) return;
    const key = ctorKey(r.call);
    const s = stateOf(b);
    if (site.method === "cancel") {
      s.keys.add(key);
      for (const x of s.runs) if (x.key === key) x.run.signal = true;
      return;
    }
    if (site.method !== "invoke" && site.method !== "stream") return;
    const opts = site.arg(1);
    const turns = site.prop(site.prop(opts, "limits")?.v, "turns");
    const bound = turns ? givenBound(site, turns).bound : { kind: "unbounded" as const, reason: "no limits: { turns }: Strands' agent loop runs until the model stops asking for tools" };
    // cancelSignal is Strands' name for the run's AbortSignal (AbortSignal.timeout(ms) makes it a timeout).
    const o = site.R(opts);
    const cs = o?.k === "obj" ? o.props["cancelSignal"] : undefined;
    const ro = runOptions(site, cs && o?.k === "obj" ? { ...o, props: { signal: cs } } : undefined, b);
    const run: Omit<AgentRun, "loc" | "audited" | "fn"> = { framework: "strands", api: `agent.${site.method}`, bound, ...(turns ? { boundLoc: turns.loc } : {}), signal: ro.signal || s.keys.has(key), ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry: false, tools: toolNamesOf(site, r.call.args) };
    // The first call of an agent takes the place its construction held for it (see agent()).
    const held = b.agentByCtor.get(key);
    if (held !== undefined) {
      s.runs.push({ key, run: takeOverRun(site, b, held, run) });
      return;
    }
    const idx = addRun(b, site, run);
    s.runs.push({ key, run: b.facts.agentRuns[idx]! });
  },
};

/**
 * `new Agent({ model })`: with no model, or a model id string, Strands builds a BedrockModel. The agent
 * holds a run at its construction until psf reads a call of it: an agent returned by a factory or passed
 * on is run where psf cannot follow it, and each of those calls needs its own limits.
 */
function agent(site: CallSite, b: Builder): void {
  vendedTools(site, b);
  const idx = addRun(b, site, {
    framework: "strands", api: "new Agent (psf found no agent.invoke/stream on it: it is returned or passed on)",
    bound: { kind: "dynamic", text: "limits: { turns } on each call", reason: "its calls are where psf cannot follow the agent, and a call without limits has no turn limit" },
    signal: false, telemetry: false, tools: toolNamesOf(site, site.ir.args),
  });
  b.agentByCtor.set(ctorKey(site.ir), idx);
  const m = site.prop(site.arg(0), "model");
  if (m && m.v.k !== "str" && m.v.k !== "null") return;
  const what = m?.v.k === "str" ? `new Agent({ model: "${m.v.v}" }) (a BedrockModel for that model id)` : "new Agent (no model: the default BedrockModel)";
  addDefaultClient(b, site, `strands-bedrock-${m?.v.k === "str" ? m.v.v : ""}`, "agents in this file build the same default BedrockModel", { framework: "strands", provider: "aws-bedrock", api: what, defaultsFrom: "strands-bedrock", baseOption: "model: new BedrockModel({ clientConfig: { endpoint: … } })" });
}

function model(site: CallSite, b: Builder, cls: string): void {
  const m = MODELS[cls]!;
  const opts = site.arg(0);
  // A client the project built (`client: new OpenAI(…)`) is read where it is made.
  if (site.prop(opts, "client")) return;
  let v: { v: Sym; loc: import("../types.js").SourceLocation } | undefined;
  let at: Sym | undefined = opts;
  for (const key of m.path) {
    v = site.prop(at, key);
    at = v?.v;
  }
  const key = site.prop(opts, "apiKey");
  const made = addClient(b, site, { framework: "strands", provider: m.provider, api: `new ${cls}`, baseOption: m.baseOption, ...(v ? { baseURL: v.v, baseLoc: v.loc } : {}), ...(key ? { apiKey: key.v } : {}), ...(m.defaultsFrom ? { defaultsFrom: m.defaultsFrom } : {}) });
  // `region` wins over clientConfig.region (models/bedrock.ts).
  const region = cls === "BedrockModel" ? site.prop(opts, "region") ?? site.prop(site.prop(opts, "clientConfig")?.v, "region") : undefined;
  if (region) bedrockRegion(made, region.v, region.loc);
}

/** A vended tool in the tools list (`import { bash } from "@strands-agents/sdk/vended-tools/bash"`). */
function vended(v: Sym | undefined): (typeof VENDED)[string] | undefined {
  return v?.k === "import" && /^@strands-agents\/sdk\/vended-tools(\/|$)/.test(v.module) ? VENDED[v.name] : undefined;
}

/** The vended tools a `new Agent({ tools })` is given: each a tool, with what it does on the machine or the network. */
function vendedTools(site: CallSite, b: Builder): void {
  const opt = site.prop(site.arg(0), "tools");
  const list = site.R(opt?.v);
  if (!opt || list?.k !== "arr") return;
  for (const item of list.items) {
    const v = vended(site.R(item));
    if (!v) continue;
    const t = addBuiltInTool(b, site, { name: v.name, framework: "strands", from: "@strands-agents/sdk vended-tools", at: opt.loc });
    if (v.op) b.facts.destructive.push({ loc: opt.loc, op: `vended ${v.name} (${v.op})`, tool: v.name });
    if (v.writes) t.writes = [{ op: `vended ${v.name} (${v.writes})`, loc: opt.loc }];
    if (v.network) b.facts.urls.push({ loc: opt.loc, api: `vended ${v.name}`, url: { kind: "dynamic", text: "any URL the model asks for", reason: "the model chooses each request's URL" } });
  }
}

/** The names of the tools in the Agent's tools list (`tool({ name })` and vended tools), where the source shows them. */
function toolNamesOf(site: CallSite, ctorArgs: Sym[]): string[] {
  const list = site.R(site.prop(site.R(ctorArgs[0]), "tools")?.v);
  if (list?.k !== "arr") return [];
  const names: string[] = [];
  for (const item of list.items) {
    const t = site.R(item);
    const n = t?.k === "call" ? site.prop(site.R(t.args[0]), "name")?.v : undefined;
    if (n?.k === "str") names.push(n.v);
    else if (vended(t)) names.push(vended(t)!.name);
  }
  return names;
}
