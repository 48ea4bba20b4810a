import { addClient, addRun, addTool, givenBound } from "../../common.js";
import { perRun, type Builder, type CallSite } from "../../context.js";
import { DEFAULTS, defaultBound, type FrameworkDefault } from "../../defaults.js";
import { libraryOf } from "../../frameworks/shared.js";
import { commandLine, nameFromCommand, server } from "../../frameworks/mcp.js";
import { fnId } from "../../values.js";
import type { Sym } from "../../sym.js";
import type { AgentRun, Bound, SourceLocation, ToolDef } from "../../types.js";
import { builtClass, kw, positional, type PyNames } from "../sites.js";
import { settingAfter } from "../settings-after.js";
import { type Opt, kwOfCall, recorded, remember, run } from "./common.js";

/**
 * Semantic Kernel for Python (module `semantic_kernel`, read in semantic-kernel 1.44.1, python/semantic_kernel):
 *  - `ChatCompletionAgent(service=…, kernel=…, plugins=[…], function_choice_behavior=…, arguments=…)` and the
 *    Responses agents: each run is the chat service's auto-invoke loop, at most `maximum_auto_invoke_attempts`
 *    tool-calling rounds (then one last model call without tools). The behavior comes from the run's
 *    settings (`arguments=KernelArguments(settings=PromptExecutionSettings(function_choice_behavior=…))`),
 *    else the agent's `function_choice_behavior`, which defaults to `FunctionChoiceBehavior.Auto()`:
 *    DEFAULT_MAX_AUTO_INVOKE_ATTEMPTS = 5 (Required(): 1, NoneInvoke() or auto_invoke=False: 0). The run is
 *    recorded where the agent is built: agents are often handed to a group chat or an orchestration.
 *  - `OpenAIAssistantAgent` / `AzureAssistantAgent` / `AzureAIAgent`: the service runs the thread and SK polls
 *    it `while run.status != "completed"`, answering each tool call: no cap on the rounds in SK.
 *  - `AgentGroupChat(termination_strategy=…)`: at most the strategy's `maximum_iterations` agent turns (the
 *    DefaultTerminationStrategy when none is given: 5; any other TerminationStrategy: 99). The orchestrations
 *    loop until their manager stops them: `RoundRobinGroupChatManager(max_rounds=…)` and
 *    `StandardMagenticManager(max_round_count=…)`, both None (no cap) by default; HandoffOrchestration has no cap on
 *    handoffs. Agents declared in YAML (`AgentRegistry.create_from_yaml(…)`) are runs whose bound is in the spec.
 *  - Model services (connectors.ai): OpenAIChatCompletion (its endpoint only through `async_client=AsyncOpenAI(…)`),
 *    AzureChatCompletion (`base_url=` over `endpoint=`, else AZURE_OPENAI_ENDPOINT), and the other connectors.
 *  - Tools: `@kernel_function(name=…)` functions and methods (a plugin's methods, given in `plugins=[…]` or
 *    `kernel.add_plugin(…)`); none asks a person. Approval is a function invocation filter
 *    (`@kernel.filter(FilterTypes.AUTO_FUNCTION_INVOCATION)`, `kernel.add_filter(…)`), which runs before every
 *    call: psf counts one as approval only when it asks a person (`input()` in its body); one that logs or
 *    decides by a rule is not a person's approval.
 *  - MCP: MCPStdioPlugin(name, command, args=, env=), MCPSsePlugin / MCPStreamableHttpPlugin / MCPWebsocketPlugin
 *    (name, url, headers=): no tool filter and no approval of their own.
 *  - Telemetry: SK's OpenTelemetry spans for model, agent and function calls are on when
 *    SEMANTICKERNEL_EXPERIMENTAL_GENAI_ENABLE_OTEL_DIAGNOSTICS (or its _SENSITIVE variant) is true, and go where the
 *    process's tracer provider exports them; psf counts them when the code sets the variable and a provider.
 */

const CHAT_AGENT = /^(ChatCompletionAgent|OpenAIResponsesAgent|AzureResponsesAgent)$/;
const SERVICE_AGENT = /^(OpenAIAssistantAgent|AzureAssistantAgent|AzureAIAgent)$/;
const MCP_PLUGIN = /^(MCPStdioPlugin|MCPSsePlugin|MCPStreamableHttpPlugin|MCPWebsocketPlugin)$/;

interface ServiceKind { provider: string; base?: string[]; baseOption?: string; env?: string; inner?: string }
/** Chat services by class (connectors/ai/*): the provider, the options that set the endpoint (first wins) and the variable its settings read. */
const SERVICES: Record<string, ServiceKind> = {
  OpenAIChatCompletion: { provider: "openai", baseOption: "async_client=AsyncOpenAI(base_url=…)", inner: "async_client" },
  OpenAITextCompletion: { provider: "openai", baseOption: "async_client=AsyncOpenAI(base_url=…)", inner: "async_client" },
  AzureChatCompletion: { provider: "azure", base: ["base_url", "endpoint"], baseOption: "endpoint=…", env: "AZURE_OPENAI_ENDPOINT", inner: "async_client" },
  AzureTextCompletion: { provider: "azure", base: ["base_url", "endpoint"], baseOption: "endpoint=…", env: "AZURE_OPENAI_ENDPOINT", inner: "async_client" },
  AzureAIInferenceChatCompletion: { provider: "azure-foundry", base: ["endpoint"], baseOption: "endpoint=…", env: "AZURE_AI_INFERENCE_ENDPOINT", inner: "client" },
  AnthropicChatCompletion: { provider: "anthropic", baseOption: "async_client=AsyncAnthropic(base_url=…)", inner: "async_client" },
  MistralAIChatCompletion: { provider: "mistral", baseOption: "async_client=Mistral(server_url=…)", inner: "async_client" },
  OllamaChatCompletion: { provider: "ollama", base: ["host"], baseOption: "host=…", env: "OLLAMA_HOST", inner: "client" },
  GoogleAIChatCompletion: { provider: "google", inner: "client" },
  VertexAIChatCompletion: { provider: "google-vertex" },
  BedrockChatCompletion: { provider: "aws-bedrock", inner: "runtime_client" },
};

/**
 * `<Agent>.create_client(…)`: the SDK client an assistant or Responses agent runs on. OpenAI's pass their extra
 * keywords to AsyncOpenAI (base_url=…); the Azure ones build AsyncAzureOpenAI(azure_endpoint=<endpoint>) only;
 * AzureAIAgent's is an AIProjectClient on the Foundry project endpoint (AZURE_AI_AGENT_ENDPOINT).
 */
const AGENT_CLIENTS: Record<string, ServiceKind> = {
  OpenAIAssistantAgent: { provider: "openai", base: ["base_url"], baseOption: "base_url=…" },
  OpenAIResponsesAgent: { provider: "openai", base: ["base_url"], baseOption: "base_url=…" },
  AzureAssistantAgent: { provider: "azure", base: ["endpoint"], baseOption: "endpoint=…", env: "AZURE_OPENAI_ENDPOINT" },
  AzureResponsesAgent: { provider: "azure", base: ["endpoint"], baseOption: "endpoint=…", env: "AZURE_OPENAI_ENDPOINT" },
  AzureAIAgent: { provider: "azure-foundry", base: ["endpoint"], baseOption: "endpoint=…", env: "AZURE_AI_AGENT_ENDPOINT" },
};

/** Per assessment: tools defined with @kernel_function, the invocation filters, the functions that ask a person, telemetry switches. */
interface Filter { loc: SourceLocation; fn?: string }
const state = perRun(() => ({ tools: [] as ToolDef[], filters: [] as Filter[], asking: new Set<string>(), otelEnv: undefined as SourceLocation | undefined, exporter: undefined as SourceLocation | undefined, finishing: false }));

export function semanticKernel(site: CallSite, b: Builder, n: PyNames, name: string): void {
  finishLater(b);
  if (n.ctor) {
    // `kernel.add_filter(FilterTypes.AUTO_FUNCTION_INVOCATION, fn)` (also through an agent: `agent.kernel.add_filter`).
    if (/(^|\.)add_filter$/.test(n.path) && invocationFilter(site, positional(site, 0) ?? kw(site, "filter_type")?.v)) addFilter(b, site.loc, site.R(positional(site, 1) ?? kw(site, "filter")?.v));
    return;
  }
  const cls = name.split(".").pop()!;
  if (!name.startsWith("semantic_kernel.agents") && !name.startsWith("semantic_kernel.connectors")) return;
  const owner = name.split(".").at(-2)!;
  if (cls === "create_client" && AGENT_CLIENTS[owner]) return service(site, b, `${owner}.create_client`, AGENT_CLIENTS[owner]);
  if (CHAT_AGENT.test(cls)) return agent(site, b, cls, autoInvokeBound(site, b));
  if (SERVICE_AGENT.test(cls)) return agent(site, b, cls, { bound: { kind: "unbounded", reason: `${cls} polls the service's run until it completes, answering every tool call it asks for: Semantic Kernel caps neither` } });
  // An agent declared in YAML or a dict: its type and its function_choice_behavior are in the spec, which psf does not read.
  if (owner === "AgentRegistry" && /^create_from_(yaml|dict|file)$/.test(cls)) return agent(site, b, `AgentRegistry.${cls}`, { bound: { kind: "dynamic", text: "its declarative spec", reason: "the agent's type and function_choice_behavior are in its declarative spec, which psf does not read" } });
  // Handoffs: each agent hands the task on by calling a handoff function, with no cap on how often; the task ends when one calls complete_task.
  if (cls === "HandoffOrchestration") return run(site, b, "semantic-kernel", cls, { bound: { kind: "unbounded", reason: "HandoffOrchestration sets no limit on handoffs: the agents pass the task between them until one calls complete_task" } });
  if (cls === "AgentGroupChat") return groupChat(site, b);
  if (cls === "GroupChatOrchestration" || cls === "MagenticOrchestration") return orchestration(site, b, cls);
  if (MCP_PLUGIN.test(cls)) return mcpPlugin(site, b, cls);
  if (SERVICES[cls]) return service(site, b, cls, SERVICES[cls]);
}

/** `@kernel_function` / `@kernel_function(name=…)`, and `@kernel.filter(FilterTypes.AUTO_FUNCTION_INVOCATION)`. */
export function semanticKernelDecorator(site: CallSite, b: Builder, n: PyNames, name: string): void {
  finishLater(b);
  const d = site.ir.decorates!;
  if (n.ctor) {
    if (/(^|\.)filter$/.test(n.path) && invocationFilter(site, positional(site, 0) ?? kw(site, "filter_type")?.v)) addFilter(b, site.loc, d.fn);
    return;
  }
  if (!/^semantic_kernel\.functions(\.kernel_function_decorator)?\.kernel_function$/.test(name)) return;
  const given = site.R(kw(site, "name")?.v);
  if (recorded(b, d.fn)) return;
  const t = addTool(b, site, { name: given?.k === "str" ? given.v : d.name, framework: "semantic-kernel", body: d.fn });
  remember(b, d.fn, t);
  state(b).tools.push(t);
}

/** `input()` in a function (python/recognizers.ts): a filter that calls it asks a person before the call goes on. */
export function semanticKernelAsks(site: CallSite, b: Builder): void {
  if (site.ir.fn) state(b).asking.add(site.ir.fn);
}

/** `os.environ["SEMANTICKERNEL_EXPERIMENTAL_GENAI_ENABLE_OTEL_DIAGNOSTICS"] = "true"` (python/recognizers.ts). */
export function semanticKernelEnvSet(b: Builder, name: string, value: Sym, at: SourceLocation): void {
  if (!/^SEMANTICKERNEL_EXPERIMENTAL_GENAI_ENABLE_OTEL_DIAGNOSTICS(_SENSITIVE)?$/.test(name) || value.k !== "str") return;
  if (/^(true|1|yes|on)$/i.test(value.v.trim())) state(b).otelEnv ??= at;
}

/** `trace.set_tracer_provider(…)` or `configure_azure_monitor(…)`: where SK's spans, once switched on, are exported. */
export function semanticKernelExporter(b: Builder, at: SourceLocation): void {
  state(b).exporter ??= at;
}

/** Once every file is read: filters that ask a person approve every kernel function; the telemetry, when both halves are there. */
function finishLater(b: Builder): void {
  const s = state(b);
  if (s.finishing) return;
  s.finishing = true;
  b.compiledGraphs.set("semantic-kernel:finish", () => {
    const asks = s.filters.find((f) => f.fn && s.asking.has(f.fn));
    if (asks) for (const t of s.tools) if (!t.approval || t.approval === "none") [t.approval, t.approvalLoc] = ["always", asks.loc];
    if (s.otelEnv && s.exporter) (b.facts.tracing.frameworks ??= []).push({ framework: "semantic-kernel", loc: s.otelEnv });
    // An env file may switch the diagnostics on where the code does not (read after the facts cache: facts/env-tracing.ts).
    if (s.otelEnv || s.exporter) b.facts.tracing.semanticKernel = { ...(s.exporter ? { exporter: s.exporter } : {}), ...(s.otelEnv ? { env: s.otelEnv } : {}) };
  });
}

function invocationFilter(site: CallSite, type: Sym | undefined): boolean {
  const v = site.R(type);
  const text = v?.k === "str" ? v.v : type ? site.show(type) : "";
  // Both filters run before each kernel function the model calls; PROMPT_RENDERING filters do not.
  return /(^|\.)(AUTO_)?FUNCTION_INVOCATION$|^(auto_)?function_invocation$/.test(text);
}

function addFilter(b: Builder, loc: SourceLocation, fn: Sym | undefined): void {
  const id = fnId(fn);
  state(b).filters.push({ loc, ...(id ? { fn: id } : {}) });
}

/** An agent: its run bound, and the plugins it is given that psf cannot see into. */
function agent(site: CallSite, b: Builder, api: string, bound: { bound: Bound; boundLoc?: SourceLocation }): void {
  const opaque = opaquePlugins(site);
  addRun(b, site, { framework: "semantic-kernel", api, ...bound, signal: false, telemetry: false, tools: [], ...(opaque.length ? { opaqueTools: opaque } : {}) });
}

/**
 * The auto-invoke bound: the run's settings (`arguments=KernelArguments(settings=…)`) win over the agent's
 * function_choice_behavior; with neither, FunctionChoiceBehavior.Auto() and its 5 attempts.
 */
function autoInvokeBound(site: CallSite, b: Builder): { bound: Bound; boundLoc?: SourceLocation } {
  const args = site.R(kw(site, "arguments")?.v);
  const settings = args?.k === "call" ? kwOfCall(site, args, "settings") ?? (args.args.length ? { v: site.R(args.args.find((a) => site.R(a)?.k !== "obj"))!, loc: site.loc } : undefined) : undefined;
  const s = site.R(settings?.v);
  const fromSettings = settingAfter(b, s, "function_choice_behavior") ?? (s?.k === "call" ? kwOfCall(site, s, "function_choice_behavior") : undefined);
  const given = fromSettings && site.R(fromSettings.v)?.k !== "null" ? fromSettings : kw(site, "function_choice_behavior");
  return behaviorBound(site, given, DEFAULTS.semanticKernelMaxAutoInvoke);
}

function behaviorBound(site: CallSite, o: Opt, dflt: FrameworkDefault): { bound: Bound; boundLoc?: SourceLocation } {
  const v = site.R(o?.v);
  // None leaves the agent's own default (ChatCompletionAgent keeps FunctionChoiceBehavior.Auto()).
  if (!o || !v || v.k === "null") return { bound: defaultBound(dflt) };
  // Settings take it as a string too (`function_choice_behavior="auto"`: FunctionChoiceBehavior.from_string).
  const named = v.k === "str" ? ({ auto: "Auto", none: "NoneInvoke", required: "Required" } as Record<string, string>)[v.v.toLowerCase()] : undefined;
  if (named === "Auto") return { bound: defaultBound(dflt), boundLoc: o.loc };
  if (named) return { bound: { kind: "literal", value: named === "Required" ? 1 : 0, via: `function_choice_behavior="${(v as { v: string }).v}" (FunctionChoiceBehavior.${named}())` }, boundLoc: o.loc };
  if (v.k !== "call") return { bound: { kind: "dynamic", text: site.show(o.v), reason: "a function_choice_behavior the analysis cannot read" }, boundLoc: o.loc };
  const attempts = kwOfCall(site, v, "maximum_auto_invoke_attempts");
  if (attempts) return givenBound(site, attempts);
  const kind = builtClass(site, v);
  const autoInvoke = kwOfCall(site, v, "auto_invoke");
  const off = autoInvoke && site.R(autoInvoke.v)?.k === "bool" && !(site.R(autoInvoke.v) as { v: boolean }).v;
  if (off || kind === "NoneInvoke") return { bound: { kind: "literal", value: 0, via: `FunctionChoiceBehavior.${kind}(${off ? "auto_invoke=False" : ""}) invokes no function` }, boundLoc: o.loc };
  if (kind === "Required") return { bound: { kind: "literal", value: 1, via: "FunctionChoiceBehavior.Required() invokes functions once" }, boundLoc: o.loc };
  if (kind === "Auto") return { bound: defaultBound(dflt), boundLoc: o.loc };
  return { bound: { kind: "dynamic", text: site.show(o.v), reason: "a function_choice_behavior the analysis cannot read" }, boundLoc: o.loc };
}

/** `AgentGroupChat(agents=[…], termination_strategy=…)`: at most the strategy's maximum_iterations agent turns. */
function groupChat(site: CallSite, b: Builder): void {
  const ts = kw(site, "termination_strategy");
  const v = site.R(ts?.v);
  if (!ts || !v || v.k === "null") return run(site, b, "semantic-kernel", "AgentGroupChat", { bound: defaultBound(DEFAULTS.semanticKernelGroupChatIterations) });
  if (v.k !== "call") return run(site, b, "semantic-kernel", "AgentGroupChat", { bound: { kind: "dynamic", text: site.show(ts.v), reason: "a termination_strategy the analysis cannot read" }, boundLoc: ts.loc });
  const max = kwOfCall(site, v, "maximum_iterations");
  const dflt = builtClass(site, v) === "DefaultTerminationStrategy" ? DEFAULTS.semanticKernelGroupChatIterations : DEFAULTS.semanticKernelTerminationIterations;
  run(site, b, "semantic-kernel", "AgentGroupChat", max ? givenBound(site, max) : { bound: defaultBound(dflt), boundLoc: ts.loc });
}

/** GroupChatOrchestration(manager=RoundRobinGroupChatManager(max_rounds=N)) / MagenticOrchestration(manager=StandardMagenticManager(max_round_count=N)): None, the default, is no cap. */
function orchestration(site: CallSite, b: Builder, cls: string): void {
  const m = kw(site, "manager");
  const v = site.R(m?.v);
  const option = cls === "GroupChatOrchestration" ? "max_rounds" : "max_round_count";
  if (v?.k !== "call") return run(site, b, "semantic-kernel", cls, { bound: { kind: "dynamic", text: m ? site.show(m.v) : "no manager", reason: "a manager the analysis cannot read" }, ...(m ? { boundLoc: m.loc } : {}) });
  const max = kwOfCall(site, v, option);
  const manager = builtClass(site, v) ?? "the manager";
  if (!max || site.R(max.v)?.k === "null") return run(site, b, "semantic-kernel", cls, { bound: { kind: "unbounded", reason: `${manager} has no ${option} (None by default): the orchestration runs until the manager decides it is done` }, boundLoc: max?.loc ?? m!.loc });
  run(site, b, "semantic-kernel", cls, givenBound(site, max));
}

/** Plugins built by a library (not SK's MCP plugins, read where they are built, nor the project's own classes, whose kernel functions are read as tools). */
function opaquePlugins(site: CallSite): NonNullable<AgentRun["opaqueTools"]> {
  const given = kw(site, "plugins");
  const list = site.R(given?.v);
  if (!given || list?.k !== "arr") return [];
  const out: NonNullable<AgentRun["opaqueTools"]> = [];
  for (const item of list.items) {
    const lib = libraryOf(site.R(item));
    if (!lib || (lib.module.startsWith("semantic_kernel") && MCP_PLUGIN.test(lib.name))) continue;
    out.push({ text: site.show(item), reason: `built by ${lib.name}() from ${lib.module} (a library)`, loc: given.loc });
  }
  return out;
}

/** A chat service: its provider, its endpoint option or variable; an SDK client given in its place is read where it is built. */
function service(site: CallSite, b: Builder, cls: string, k: ServiceKind): void {
  const inner = k.inner ? kw(site, k.inner) : undefined;
  if (inner && site.R(inner.v)?.k === "call") return;
  const given = k.base?.map((o) => kw(site, o)).find(Boolean);
  const baseURL: Sym | undefined = given?.v ?? (k.env ? { k: "env", name: k.env } : inner ? { k: "unknown", text: site.show(inner.v), why: `the ${k.inner} it is given decides the endpoint` } : undefined);
  addClient(b, site, {
    framework: "semantic-kernel", provider: k.provider, api: cls,
    ...(baseURL ? { baseURL } : {}), ...(given ? { baseLoc: given.loc } : {}),
    ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}),
    ...(k.baseOption ? { baseOption: k.baseOption } : {}),
  });
}

/** An MCP plugin: a server whose every tool the agent may call (SK filters none and asks no one). */
function mcpPlugin(site: CallSite, b: Builder, cls: string): void {
  const label = site.R(kw(site, "name")?.v ?? positional(site, 0));
  const nameOf = label?.k === "str" ? label.v : undefined;
  if (cls === "MCPStdioPlugin") {
    const cmd = commandLine(site, kw(site, "command")?.v ?? positional(site, 1), kw(site, "args")?.v);
    return server(site, b, { name: nameOf ?? nameFromCommand(cmd), source: cls, transport: "stdio", command: cmd, env: kw(site, "env")?.v, filtered: false });
  }
  server(site, b, { name: nameOf ?? "remote", source: cls, transport: "http", url: kw(site, "url")?.v ?? positional(site, 1), headers: kw(site, "headers")?.v, filtered: false });
}
