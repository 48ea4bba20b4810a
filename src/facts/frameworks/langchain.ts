import { DEFAULTS, defaultBound } from "../defaults.js";
import { addClient, addModelCall, addRun, addTool, declaredToolName, runOptions, toolNames } from "../common.js";
import { perRun, type Builder, type CallSite, type Recognizer } from "../context.js";
import { toBound } from "../values.js";
import type { Sym } from "../sym.js";
import { recordGraphRun, tracingCallbacks } from "./langgraph.js";
import type { Bound, SourceLocation } from "../types.js";

/**
 * LangChain.js: classic AgentExecutor (maxIterations, default 15); v1 createAgent with middleware
 * (modelCallLimitMiddleware, toolCallLimitMiddleware, humanInTheLoopMiddleware); tool(fn, { name });
 * chat models (ChatOpenAI({ configuration: { baseURL } }), ChatAnthropic) and their invoke calls.
 */
/** ChatVertexAI (@langchain/google-vertexai and its -web build) calls `<location>-aiplatform.googleapis.com` with Google Cloud credentials; its `endpoint` option is that host name. */
const CHAT_PROVIDERS: Record<string, string> = { ChatVertexAI: "vertexai", ChatOpenAI: "openai", AzureChatOpenAI: "azure", ChatAnthropic: "anthropic", ChatGoogleGenerativeAI: "google", ChatMistralAI: "mistral", ChatGroq: "groq", ChatCohere: "cohere", ChatXAI: "xai", ChatDeepSeek: "deepseek", ChatTogetherAI: "togetherai", OpenAI: "openai", OpenAIEmbeddings: "openai" };
const MODEL_METHODS = new Set(["invoke", "stream", "batch", "generate", "call", "predict", "streamEvents"]);
/** `createAgent(...)` runs: construction key → the bound its middleware sets. */
const createdAgents = perRun(() => new Map<string, { preset?: { bound: Bound; loc: SourceLocation }; idx: number }>());

export const langchain: Recognizer = {
  packages: ["langchain", "@langchain/core", "@langchain/community", "@langchain/openai", "@langchain/anthropic", "@langchain/google-genai", "@langchain/google-vertexai", "@langchain/google-vertexai-web", "@langchain/mistralai", "@langchain/groq", "@langchain/ollama", "@langchain/aws"],
  // Every @langchain/* integration package but LangGraph (its own recognizer) and the MCP adapters (the MCP one).
  alsoReads: (m) => m.startsWith("@langchain/") && !m.startsWith("@langchain/langgraph"),
  recognize(site, b) {
    const r = site.root!;
    const path = site.q.path;
    if (!r.instance && path.length === 0) {
      if (r.name === "AgentExecutor" && site.ir.isNew) return executor(site, b, site.arg(0));
      if (r.name === "createAgent") return createAgent(site, b);
      // `tool(fn, { name })`, and the single-object form `tool({ name, func })`.
      if (r.name === "tool") {
        const name = declaredToolName(site);
        const first = site.arg(0);
        addTool(b, site, { framework: "langchain", ...(name ? { name } : {}), body: first?.k === "obj" ? site.prop(first, "func")?.v ?? site.prop(first, "execute")?.v : site.ir.args[0] });
        return;
      }
      if ((r.name === "DynamicTool" || r.name === "DynamicStructuredTool") && site.ir.isNew) {
        const cfg = site.arg(0);
        const name = site.prop(cfg, "name");
        addTool(b, site, { framework: "langchain", ...(name?.v.k === "str" ? { name: name.v.v } : {}), body: site.prop(cfg, "func")?.v });
        return;
      }
      if (r.name === "humanInTheLoopMiddleware") {
        const on = site.prop(site.arg(0), "interruptOn");
        const o = site.R(on?.v);
        const covers = o?.k === "obj" ? Object.entries(o.props).filter(([, p]) => !(p.v.k === "bool" && !p.v.v)).map(([k]) => k) : undefined;
        b.facts.approvals.push({ loc: site.loc, kind: "humanInTheLoopMiddleware", ...(covers ? { covers } : {}) });
        return;
      }
      if (site.ir.isNew && CHAT_PROVIDERS[r.name]) {
        const opts = site.arg(0);
        const conf = site.prop(opts, "configuration");
        const base = (conf && site.prop(conf.v, "baseURL")) ?? site.prop(opts, "anthropicApiUrl") ?? site.prop(opts, "baseUrl") ?? site.prop(opts, "baseURL") ?? (site.prop(opts, "clientOptions") && site.prop(site.prop(opts, "clientOptions")!.v, "baseURL")) ?? (r.name === "ChatVertexAI" ? site.prop(opts, "endpoint") : undefined);
        const key = site.prop(opts, "apiKey") ?? site.prop(opts, "openAIApiKey") ?? site.prop(opts, "anthropicApiKey");
        addClient(b, site, { framework: "langchain", provider: CHAT_PROVIDERS[r.name]!, api: `new ${r.name}`, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(key ? { apiKey: key.v } : {}), ...(r.name === "ChatVertexAI" ? { baseOption: "endpoint: …" } : {}) });
        return;
      }
      if (r.name === "initChatModel") return initChatModel(site, b);
      return;
    }
    // `model.bindTools([{ name: "buy-stock", schema }, someTool])`: a plain object is only a schema the
    // model may call; whatever acts on that call is elsewhere (a graph node, a UI), not a tool body.
    if (r.instance && path.length === 1 && site.method === "bindTools") return boundSchemas(site, b);
    if (r.instance && r.name === "AgentExecutor" && r.call && !r.call.isNew) return; // fromAgentAndTools(...).invoke: recorded at construction
    if (!r.instance && r.name === "AgentExecutor" && path[0] === "fromAgentAndTools") return executor(site, b, site.arg(0));
    if (r.instance && r.name === "createAgent" && MODEL_METHODS.has(site.method) && r.call) {
      const made = createdAgents(b).get(`${r.call.at.file}:${r.call.at.pos}`);
      if (!made) return recordGraphRun(site, b, DEFAULTS.createAgentRecursionLimit, "langchain");
      // The run was recorded where the agent was created; the invoke call adds its signal, timeout, tracing and recursionLimit.
      const run = b.facts.agentRuns[made.idx]!;
      const cfg = site.arg(1);
      const ro = runOptions(site, cfg, b);
      run.signal ||= ro.signal;
      if (ro.timeout) run.timeout ??= ro.timeout;
      const cbs = site.prop(cfg, "callbacks");
      if (cbs && tracingCallbacks(site, cbs.v)) run.telemetry = true;
      const rl = site.prop(cfg, "recursionLimit");
      if (rl && !made.preset) {
        run.bound = toBound(rl.v) ?? run.bound;
        run.boundLoc = rl.loc;
      }
      b.markAction(site, ro.signal);
      return;
    }
    if (r.instance && CHAT_PROVIDERS[r.name] && MODEL_METHODS.has(site.method)) {
      const cfg = site.arg(1);
      const cbs = site.prop(cfg, "callbacks");
      addModelCall(b, site, { framework: "langchain", api: `${r.name}.${site.method}`, telemetry: !!cbs && tracingCallbacks(site, cbs.v), signal: runOptions(site, cfg, b).signal });
    }
  },
};

function executor(site: CallSite, b: Builder, opts: Sym | undefined): void {
  const mi = site.prop(opts, "maxIterations");
  const bound = mi ? toBound(mi.v) ?? defaultBound(DEFAULTS.agentExecutorMaxIterations) : defaultBound(DEFAULTS.agentExecutorMaxIterations);
  const cbs = site.prop(opts, "callbacks");
  addRun(b, site, { framework: "langchain", api: "AgentExecutor", bound, ...(mi ? { boundLoc: mi.loc } : {}), signal: false, telemetry: !!cbs && tracingCallbacks(site, cbs.v), tools: toolNames(site, site.prop(opts, "tools")?.v, b) });
}

function createAgent(site: CallSite, b: Builder): void {
  const opts = site.arg(0);
  let preset: { bound: Bound; loc: SourceLocation } | undefined;
  const mw = site.prop(opts, "middleware");
  if (mw && mw.v.k === "arr") {
    for (const item of mw.v.items) {
      const it = site.R(item);
      if (it?.k !== "call") continue;
      const q = site.qualify(it.callee);
      const name = q?.root.k === "import" ? q.root.name : "";
      if (name === "modelCallLimitMiddleware") {
        const lim = site.prop(it.args[0], "runLimit") ?? site.prop(it.args[0], "threadLimit");
        preset = { bound: lim ? toBound(lim.v) ?? { kind: "dynamic", text: "…", reason: "limit not a number" } : { kind: "dynamic", text: "modelCallLimitMiddleware()", reason: "no runLimit given" }, loc: lim?.loc ?? { file: it.at.file, line: it.at.line, column: it.at.column } };
      }
    }
  }
  stringModel(site, b, site.prop(opts, "model")?.v);
  // The construction itself is an agent run definition: its bound is the middleware's, else LangGraph's default.
  const idx = addRun(b, site, { framework: "langchain", api: "createAgent", bound: preset?.bound ?? defaultBound(DEFAULTS.createAgentRecursionLimit), ...(preset ? { boundLoc: preset.loc } : {}), signal: false, telemetry: false, tools: toolNames(site, site.prop(opts, "tools")?.v, b) });
  createdAgents(b).set(`${site.ir.at.file}:${site.ir.at.pos}`, { ...(preset ? { preset } : {}), idx });
}

/** `"openai:gpt-4o"` / `"anthropic:claude-…"`: LangChain builds the provider's default client. */
export function stringModel(site: CallSite, b: Builder, v: Sym | undefined, label?: string): void {
  const m = site.R(v);
  if (m?.k !== "str") return;
  const provider = m.v.includes(":") ? m.v.slice(0, m.v.indexOf(":")) : m.v.startsWith("claude") ? "anthropic" : m.v.startsWith("gpt") || m.v.startsWith("o") ? "openai" : "";
  if (!provider) return;
  addClient(b, site, { framework: "langchain", provider, api: `model "${m.v}" (${label ? `${label}, ` : ""}default ${provider} client)` });
}

/**
 * `initChatModel("openai:gpt-4o")`, `initChatModel(name, { modelProvider, configuration: { baseURL }, apiKey })`:
 * LangChain builds the provider's chat model, which reads the provider's key variable unless given one.
 * A name decided at run time is still a model client; its provider is then unknown.
 */
function initChatModel(site: CallSite, b: Builder): void {
  const name = site.arg(0);
  const opts = site.arg(1);
  const conf = site.prop(opts, "configuration");
  const base = (conf && site.prop(conf.v, "baseURL")) ?? site.prop(opts, "baseUrl") ?? site.prop(opts, "baseURL");
  const key = site.prop(opts, "apiKey");
  const mp = site.prop(opts, "modelProvider");
  const text = name?.k === "str" ? name.v : site.show(name);
  let provider = mp?.v.k === "str" ? mp.v.v : "";
  if (!provider && name?.k === "str") provider = name.v.includes(":") ? name.v.slice(0, name.v.indexOf(":")) : name.v.startsWith("claude") ? "anthropic" : /^(gpt|o\d)/.test(name.v) ? "openai" : "";
  if (!name && !opts) return;
  const api = provider ? `initChatModel("${text}") (default ${provider} client)` : `initChatModel(${text || "…"}) (provider chosen at run time)`;
  addClient(b, site, { framework: "langchain", provider: provider || "unknown", api, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(key ? { apiKey: key.v } : {}) });
}

function boundSchemas(site: CallSite, b: Builder): void {
  const list = site.arg(0);
  if (list?.k !== "arr") return;
  for (const item of list.items) {
    const o = site.R(item);
    if (o?.k !== "obj" || site.has(o, "func") || site.has(o, "invoke") || site.has(o, "execute")) continue;
    const name = site.prop(o, "name");
    if (name?.v.k === "str") (b.facts.toolSchemas ??= []).push({ name: name.v.v, loc: name.loc });
  }
}
