import { addClient, addModelCall, addRun, addTool } from "../../common.js";
import { perRun, type Builder, type CallSite } from "../../context.js";
import { DEFAULTS } from "../../defaults.js";
import { commandLine, nameFromCommand, server } from "../../frameworks/mcp.js";
import { libraryOf } from "../../frameworks/shared.js";
import type { Sym } from "../../sym.js";
import type { AgentRun, SourceLocation, ToolDef } from "../../types.js";
import { hostOf, toolFunctionName } from "../../values.js";
import { positionalOf } from "../names.js";
import { kw, positional, type PyNames } from "../sites.js";
import { type Opt, boundOf, kwOfCall, recorded, remember } from "./common.js";

/**
 * Haystack (`haystack-ai`, module `haystack`; integrations in `haystack_integrations`), read against
 * deepset-ai/haystack v2.31.0 and 3.2.0-rc0 and haystack-core-integrations (August 2026):
 *  - `Agent(chat_generator=…, tools=[…], max_agent_steps=N, exit_conditions=[…])`: each run loops model
 *    call → tool calls until an exit condition ("text" by default: a reply with no tool call) or N steps,
 *    100 when not given (agents/agent.py, the same from 2.12 to 3.2). Exit conditions only end a run early.
 *    The run is recorded where the Agent is built: it is run by `agent.run(…)`, `run_async`, or a Pipeline
 *    it is added to (`add_component`), each bounded by the same max_agent_steps.
 *  - Chat generators (`OpenAIChatGenerator(api_base_url=…, api_key=Secret…)`, Azure's `azure_endpoint`, which
 *    falls back to AZURE_OPENAI_ENDPOINT; the integrations' `*ChatGenerator`s, most with `api_base_url`,
 *    Ollama's `url`): model clients. With no api_base_url the OpenAI SDK reads OPENAI_BASE_URL.
 *    `Secret.from_token("…")` is a key written in the code; `Secret.from_env_var("X")` reads X.
 *  - Tools: `Tool(name=…, function=…)`, `@tool` / `create_tool_from_function(fn, name=…)`, `ComponentTool(
 *    component=…, name=…)` (named by the component class in snake_case when not given), `Toolset([…])`,
 *    and the MCP integration's `MCPTool(name=…, server_info=…)` / `MCPToolset(server_info=…, tool_names=[…])`.
 *  - Approval: `confirmation_strategies={"tool": BlockingConfirmationStrategy(confirmation_policy=
 *    AlwaysAskPolicy(), …)}` on the Agent (2.23 to 2.x, haystack.human_in_the_loop) or in a
 *    `ConfirmationHook(confirmation_strategies=…)` at the Agent's "before_tool" hook point (3.x,
 *    haystack.hooks.human_in_the_loop); "*" covers every tool, and NeverAskPolicy asks no one.
 *  - Tracing: `tracing.enable_tracing(OpenTelemetryTracer(…))` or an integration's connector (`LangfuseConnector`,
 *    `OpenTelemetryConnector`, …). Haystack 2.x also traced by itself once an OpenTelemetry TracerProvider was set
 *    (3.0 dropped that): psf does not read that.
 *  - `LinkContentFetcher()` fetches whatever URLs it is given (an agent's tool, or a pipeline's input).
 *  - A chat generator called by hand (`llm.run(messages=…)`) is a model call; a loop around it (and `ToolInvoker.run`)
 *    is a hand-written agent loop. Pipelines (`max_runs_per_component`, 100 by default) are not read as loops yet.
 */

const AGENT = /^haystack(_experimental)?\.components\.agents(\.agent)?\.Agent$/;
const CORE_GENERATOR = /^haystack\.components\.(generators|embedders)(\.chat)?(\.\w+)?\.(\w+)$/;
const INTEGRATION_GENERATOR = /^haystack_integrations\.components\.(generators|embedders)\.(\w+)(\.\w+)*\.(\w+(Generator|Embedder))$/;
const TOOL = /^haystack\.tools(\.tool)?\.Tool$/;
const FROM_FUNCTION = /^haystack\.tools(\.from_function)?\.create_tool_from_function$/;
const COMPONENT_TOOL = /^haystack\.tools(\.component_tool)?\.ComponentTool$/;
const NAMED_TOOL = /^haystack\.tools(\.\w+)?\.(PipelineTool|AgentTool)$/;
const TOOL_DECORATOR = /^haystack\.tools(\.from_function)?\.tool$/;
const MCP = /^haystack_integrations\.tools\.mcp(\.\w+)?\.(MCPTool|MCPToolset)$/;
const CONFIRMATION_HOOK = /^haystack\.hooks\.human_in_the_loop(\.hooks)?\.ConfirmationHook$/;
const FETCHER = /^haystack\.components\.fetchers(\.link_content)?\.LinkContentFetcher$/;
/** `tracing.enable_tracing(<tracer>)` and the integrations' tracing connectors (langfuse-haystack, opentelemetry-haystack, datadog-haystack, weave-haystack). */
const TRACING = /^haystack\.tracing(\.tracer)?\.enable_tracing$|^haystack_integrations\.components\.connectors(\.\w+)*\.(Langfuse|OpenTelemetry|Datadog|Weave)Connector$/;

/** The core generators and embedders: the provider each calls and the option that moves it. */
const CORE: Record<string, { provider: string; base?: string; envBase?: string }> = {
  OpenAIChatGenerator: { provider: "openai", base: "api_base_url" },
  OpenAIResponsesChatGenerator: { provider: "openai", base: "api_base_url" },
  OpenAIGenerator: { provider: "openai", base: "api_base_url" },
  OpenAITextEmbedder: { provider: "openai", base: "api_base_url" },
  OpenAIDocumentEmbedder: { provider: "openai", base: "api_base_url" },
  AzureOpenAIChatGenerator: { provider: "azure", base: "azure_endpoint", envBase: "AZURE_OPENAI_ENDPOINT" },
  AzureOpenAIResponsesChatGenerator: { provider: "azure", base: "azure_endpoint", envBase: "AZURE_OPENAI_ENDPOINT" },
  AzureOpenAIGenerator: { provider: "azure", base: "azure_endpoint", envBase: "AZURE_OPENAI_ENDPOINT" },
  AzureOpenAITextEmbedder: { provider: "azure", base: "azure_endpoint", envBase: "AZURE_OPENAI_ENDPOINT" },
  AzureOpenAIDocumentEmbedder: { provider: "azure", base: "azure_endpoint", envBase: "AZURE_OPENAI_ENDPOINT" },
  HuggingFaceAPIChatGenerator: { provider: "huggingface", base: "api_params.url" },
  HuggingFaceAPIGenerator: { provider: "huggingface", base: "api_params.url" },
};

/** Integration packages whose provider psf names differently from the module (haystack_integrations.components.generators.<module>). */
const INTEGRATION_PROVIDER: Record<string, string> = { google_genai: "google", google_ai: "google", google_vertex: "google-vertex", amazon_bedrock: "aws-bedrock", openrouter: "openrouter", meta_llama: "meta" };
/**
 * The option that moves an integration's endpoint: `api_base_url` for most (mistral, cohere, openrouter,
 * togetherai, nvidia, litellm, vllm, …), `url` for Ollama; AnthropicChatGenerator, the Google GenAI and
 * Bedrock generators take none (Anthropic's SDK client then reads ANTHROPIC_BASE_URL).
 */
const INTEGRATION_BASE: Record<string, string | undefined> = { ollama: "url", anthropic: "env:ANTHROPIC_BASE_URL", google_genai: undefined, google_ai: undefined, google_vertex: undefined, amazon_bedrock: undefined };

export function haystack(site: CallSite, b: Builder, n: PyNames, name: string): void {
  if (n.ctor) return onInstance(site, b, n);
  const cls = name.split(".").pop()!;
  if (AGENT.test(name)) return agent(site, b);
  if (TOOL.test(name) || FROM_FUNCTION.test(name) || COMPONENT_TOOL.test(name) || NAMED_TOOL.test(name)) return toolObject(site, b, name);
  if (MCP.test(name)) return mcpTools(site, b, cls);
  if (FETCHER.test(name)) {
    b.facts.urls.push({ loc: site.loc, api: "LinkContentFetcher (Haystack)", url: { kind: "dynamic", text: "any URL it is given", reason: "LinkContentFetcher fetches whatever URLs it is given at run time: the model's when it is an agent's tool, else its pipeline's input" } });
    return;
  }
  // `Secret.from_env_var("OPENAI_API_KEY")` (or a list of names, the first one set) reads those variables.
  if (/^haystack\.utils(\.auth)?\.Secret\.from_env_var$/.test(name)) {
    const given = site.R(kw(site, "env_vars")?.v ?? positional(site, 0));
    for (const v of given?.k === "arr" ? given.items.map((i) => site.R(i)) : [given]) if (v?.k === "str") b.facts.envReads.push({ name: v.v, loc: site.loc });
    return;
  }
  if (TRACING.test(name)) {
    (b.facts.tracing.frameworks ??= []).push({ framework: "haystack", loc: site.loc });
    return;
  }
  const core = CORE_GENERATOR.exec(name);
  if (core && CORE[cls]) return modelClient(site, b, cls, CORE[cls]!);
  const integration = INTEGRATION_GENERATOR.exec(name);
  if (integration) {
    const module = integration[2]!;
    const base = module in INTEGRATION_BASE ? INTEGRATION_BASE[module] : "api_base_url";
    return modelClient(site, b, cls, { provider: INTEGRATION_PROVIDER[module] ?? module, ...(base ? { base } : {}) });
  }
}

/**
 * A chat generator called by hand (`llm.run(messages=…, tools=…)`): one model call, which a loop around it
 * makes a hand-written agent loop; `ToolInvoker(…).run(…)` runs the tools the model asked for.
 */
function onInstance(site: CallSite, b: Builder, n: PyNames): void {
  const method = n.path.split(".").pop()!;
  if (n.hops !== 1 || (method !== "run" && method !== "run_async")) return;
  const cls = n.ctor!.split(".").pop()!;
  const chat = (CORE_GENERATOR.test(n.ctor!) && CORE[cls] && /ChatGenerator$/.test(cls)) || (INTEGRATION_GENERATOR.test(n.ctor!) && /ChatGenerator$/.test(cls));
  if (chat) return addModelCall(b, site, { framework: "haystack", api: `${cls}.${method}`, telemetry: false, signal: false });
  if (/^haystack\.components\.tools(\.tool_invoker)?\.ToolInvoker$/.test(n.ctor!)) b.markAction(site);
}

function modelClient(site: CallSite, b: Builder, cls: string, m: { provider: string; base?: string; envBase?: string }): void {
  const [first, ...rest] = m.base && !m.base.startsWith("env:") ? m.base.split(".") : [];
  let base: Opt = first ? kw(site, first) : undefined;
  for (const p of rest) base = base ? site.prop(base.v, p) : undefined;
  if (base && site.R(base.v)?.k === "null") base = undefined;
  const baseURL: Sym | undefined = base ? secretValue(site, base.v) : m.envBase ? { k: "env", name: m.envBase } : undefined;
  const key = kw(site, "api_key") ?? kw(site, "token");
  // AnthropicChatGenerator builds its Anthropic client from the key alone: only ANTHROPIC_BASE_URL moves it.
  const baseOption = m.base === "api_params.url" ? 'api_params={"url": …}' : m.base?.startsWith("env:") ? `os.environ["${m.base.slice(4)}"] = …` : m.base ? `${m.base}=…` : undefined;
  addClient(b, site, {
    framework: "haystack", provider: m.provider, api: cls,
    ...(baseURL ? { baseURL } : {}), ...(base ? { baseLoc: base.loc } : {}), ...(baseOption ? { baseOption } : {}),
    ...(key ? { apiKey: secretValue(site, key.v) } : {}), ...(m.provider === "openrouter" ? { defaultsFrom: "openrouter-direct" } : {}),
  });
}

/** A Haystack `Secret`: `from_token("…")` is the literal it holds, `from_env_var("X")` (or a list, the first set) reads X. */
function secretValue(site: CallSite, s: Sym): Sym {
  const v = site.R(s);
  if (v?.k !== "call" || v.callee.k !== "member" || libraryOf(v.callee.obj)?.name !== "Secret") return v ?? s;
  const arg = site.R(positionalOf(v.args)[0] ?? kwOfCall(site, v, v.callee.name === "from_token" ? "token" : "env_vars")?.v);
  if (v.callee.name === "from_token") return arg ?? v;
  const first = arg?.k === "arr" ? site.R(arg.items[0]) : arg;
  return first?.k === "str" ? { k: "env", name: first.v } : v;
}

/** `Agent(…)`: a run bounded by max_agent_steps (100 by default), its tools and the tools a person confirms. */
function agent(site: CallSite, b: Builder): void {
  const { names, opaque } = toolsOf(site, b, kw(site, "tools"));
  addRun(b, site, { framework: "haystack", api: "Agent", ...boundOf(site, kw(site, "max_agent_steps"), DEFAULTS.haystackMaxAgentSteps), signal: false, telemetry: false, tools: names, ...(opaque.length ? { opaqueTools: opaque } : {}) });
  confirmations(site, b, kw(site, "confirmation_strategies"), names);
  const before = site.R(site.prop(kw(site, "hooks")?.v, "before_tool")?.v);
  for (const h of before?.k === "arr" ? before.items : []) {
    const hook = site.R(h);
    if (hook?.k === "call" && CONFIRMATION_HOOK.test(libraryPath(hook))) confirmations(site, b, kwOfCall(site, hook, "confirmation_strategies") ?? argAt(site, hook, 0), names);
  }
}

function libraryPath(call: Extract<Sym, { k: "call" }>): string {
  const lib = libraryOf(call);
  return lib ? `${lib.module}.${lib.name}` : "";
}

function argAt(site: CallSite, call: Extract<Sym, { k: "call" }>, i: number): Opt {
  const a = positionalOf(call.args)[i];
  return a ? { v: a, loc: { file: call.at.file, line: call.at.line, column: call.at.column } } : undefined;
}

/**
 * `{"delete_file": BlockingConfirmationStrategy(confirmation_policy=AlwaysAskPolicy(), …), "*": …}`: the tools
 * a person is asked about before they run. A NeverAskPolicy strategy asks no one; a strategy psf cannot read
 * (the project's own) is taken as the approval it is declared to be.
 */
function confirmations(site: CallSite, b: Builder, opt: Opt, agentTools: string[]): void {
  const map = site.R(opt?.v);
  if (!opt || map?.k !== "obj") return;
  const covers: string[] = [];
  let all = false;
  for (const [key, p] of Object.entries(map.props)) {
    const strategy = site.R(p.v);
    const policy = strategy?.k === "call" ? site.R(kwOfCall(site, strategy, "confirmation_policy")?.v) : undefined;
    if (policy?.k === "call" && libraryOf(policy)?.name === "NeverAskPolicy") continue;
    if (key === "*") all = true;
    // A tuple key shares one strategy among several tools: `("a", "b")`.
    else covers.push(...key.replace(/^\(|\)$/g, "").split(",").map((k) => k.trim().replace(/^["']|["']$/g, "")).filter(Boolean));
  }
  if (all) b.facts.approvals.push({ loc: opt.loc, kind: "approval-function" });
  else if (covers.length) b.facts.approvals.push({ loc: opt.loc, kind: "approval-function", covers });
  // "*" confirms every tool this Agent is given; the tools are marked where they are (or will be) recorded.
  for (const name of all ? [...agentTools, ...covers] : covers) {
    confirmed(b).set(name, opt.loc);
    for (const t of b.facts.tools) if (t.framework === "haystack" && t.name === name) confirm(t, opt.loc);
  }
}

/** Tool names an Agent's confirmation strategies ask a person about, and where (a tool may be recorded after its Agent). */
const confirmed = perRun(() => new Map<string, SourceLocation>());
function confirm(t: ToolDef, at: SourceLocation): void {
  t.approval = "always";
  t.approvalLoc = at;
}
function recordTool(b: Builder, site: CallSite, t: Parameters<typeof addTool>[2]): ToolDef {
  const tool = addTool(b, site, t);
  const at = confirmed(b).get(tool.name);
  if (at) confirm(tool, at);
  return tool;
}

/** The names of the tools an Agent (or a Toolset) is given, and what psf cannot see into. */
function toolsOf(site: CallSite, b: Builder, given: Opt, depth = 0): { names: string[]; opaque: NonNullable<AgentRun["opaqueTools"]> } {
  const out = { names: [] as string[], opaque: [] as NonNullable<AgentRun["opaqueTools"]> };
  const list = site.R(given?.v);
  if (!given || !list || list.k === "null" || depth > 3) return out;
  const items = list.k === "arr" ? list.items : [given.v];
  // A name assigned more than once (a notebook rebuilding its toolset): each value it may hold.
  const each = items.flatMap((i) => { const v = site.R(i); return v?.k === "or" ? v.options.map((o) => ({ item: i, v: site.R(o) })) : [{ item: i, v }]; });
  for (const { item, v } of each) {
    if (v?.k === "fn" || v?.k === "fnref") {
      // A function made a tool by @tool, recorded where it is decorated.
      const name = recorded(b, v)?.name ?? toolFunctionName(v);
      if (name) out.names.push(name);
      continue;
    }
    const lib = v?.k === "call" ? libraryOf(v) : undefined;
    const path = lib ? `${lib.module}.${lib.name}` : "";
    if (v?.k === "call" && /^haystack\.tools(\.toolset)?\.Toolset$/.test(path)) {
      const inner = kwOfCall(site, v, "tools") ?? argAt(site, v, 0);
      const sub = toolsOf(site, b, inner ? { v: inner.v, loc: given.loc } : undefined, depth + 1);
      out.names.push(...sub.names);
      out.opaque.push(...sub.opaque);
      continue;
    }
    if (v?.k === "call" && (TOOL.test(path) || FROM_FUNCTION.test(path) || COMPONENT_TOOL.test(path) || NAMED_TOOL.test(path) || /^haystack_integrations\.tools\.mcp(\.\w+)?\.MCPTool$/.test(path))) {
      const name = toolName(site, v, path);
      if (name) out.names.push(name);
      continue;
    }
    // MCPToolset: the tools its server lists, read with the MCP servers.
    if (/^haystack_integrations\.tools\.mcp(\.\w+)?\.MCPToolset$/.test(path)) continue;
    const reason = lib ? `built by ${lib.name}() from ${lib.module} (a library): psf does not list the tools it holds` : v?.k === "unknown" ? `${v.why}: psf cannot tell which tools it holds` : "not a tool or toolset the analysis can resolve";
    out.opaque.push({ text: site.show(item), reason, loc: given.loc });
  }
  return out;
}

/** The name the model sees for a tool object, as Haystack gives it. */
function toolName(site: CallSite, call: Extract<Sym, { k: "call" }>, path: string): string | undefined {
  const given = site.R(kwOfCall(site, call, "name")?.v ?? (TOOL.test(path) || /MCPTool$/.test(path) ? positionalOf(call.args)[0] : FROM_FUNCTION.test(path) || COMPONENT_TOOL.test(path) ? positionalOf(call.args)[1] : undefined));
  if (given?.k === "str") return given.v;
  if (FROM_FUNCTION.test(path)) return toolFunctionName(site.R(kwOfCall(site, call, "function")?.v ?? positionalOf(call.args)[0]));
  if (COMPONENT_TOOL.test(path)) return componentName(site, call);
  return undefined;
}

/** ComponentTool's default name: the component's class in snake_case (`LinkContentFetcher` → `link_content_fetcher`). */
function componentName(site: CallSite, call: Extract<Sym, { k: "call" }>): string | undefined {
  const c = site.R(kwOfCall(site, call, "component")?.v ?? positionalOf(call.args)[0]);
  if (c?.k !== "call") return undefined;
  const cls = libraryOf(c)?.name ?? site.show(c.callee).split(".").pop()!;
  return cls.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2").toLowerCase();
}

/** `Tool(name=…, function=…)`, `create_tool_from_function(fn)`, `ComponentTool(component=…)`, PipelineTool / AgentTool: a tool where it is built. */
function toolObject(site: CallSite, b: Builder, path: string): void {
  const call: Extract<Sym, { k: "call" }> = { k: "call", callee: site.callee, args: site.ir.args, at: site.ir.at, isNew: false };
  const name = toolName(site, call, path);
  const fn = TOOL.test(path) ? kw(site, "function")?.v ?? positional(site, 3) : FROM_FUNCTION.test(path) ? kw(site, "function")?.v ?? positional(site, 0) : undefined;
  // `[create_tool_from_function(f) for f in functions]` over values psf cannot see: no tool it could name or read.
  const body = site.R(fn);
  if (!name && body?.k !== "fn" && body?.k !== "fnref") return;
  const t = recordTool(b, site, { ...(name ? { name } : {}), framework: "haystack", ...(fn ? { body: fn } : {}) });
  if (fn) remember(b, site.R(fn), t);
}

/** `@tool` / `@tool(name=…)` from haystack.tools: a tool named by its function unless given a name. */
export function haystackTool(site: CallSite, b: Builder, name: string): void {
  if (!TOOL_DECORATOR.test(name)) return;
  const d = site.ir.decorates!;
  const given = site.R(kw(site, "name")?.v);
  remember(b, d.fn, recordTool(b, site, { name: given?.k === "str" ? given.v : d.name, framework: "haystack", body: d.fn }));
}

/** `MCPTool(name=…, server_info=…)` (one tool of the server) and `MCPToolset(server_info=…, tool_names=[…])`. */
function mcpTools(site: CallSite, b: Builder, cls: string): void {
  const info = site.R(kw(site, "server_info")?.v ?? positional(site, cls === "MCPTool" ? 1 : 0));
  const filtered = cls === "MCPTool" || (!!kw(site, "tool_names") && site.R(kw(site, "tool_names")!.v)?.k !== "null");
  const kind = info?.k === "call" ? libraryOf(info)?.name : undefined;
  const source = `Haystack ${cls}`;
  if (info?.k !== "call" || !kind) return server(site, b, { name: "unknown", source, transport: "unknown", filtered });
  const opt = (k: string) => kwOfCall(site, info, k)?.v;
  if (kind === "StdioServerInfo") {
    const cmd = commandLine(site, opt("command") ?? positionalOf(info.args)[0], opt("args"));
    return server(site, b, { name: nameFromCommand(cmd), source, transport: "stdio", command: cmd, env: opt("env"), filtered });
  }
  const url = opt("url") ?? opt("base_url") ?? positionalOf(info.args)[0];
  const u = site.R(url);
  const host = (u?.k === "str" ? hostOf(u.v) : undefined) ?? "remote";
  server(site, b, { name: host, source, transport: kind === "SSEServerInfo" ? "sse" : "http", url, headers: opt("headers"), filtered });
}
