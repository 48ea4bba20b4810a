import { addClient, addRun, addTool } from "../common.js";
import { type Builder, type CallSite } from "../context.js";
import { DEFAULTS, defaultBound, type FrameworkDefault } from "../defaults.js";
import type { Sym } from "../sym.js";
import { toBound } from "../values.js";
import type { Bound, Framework, SourceLocation } from "../types.js";
import { kw, positional, type PyNames } from "./sites.js";
import { commandLine, nameFromCommand, server } from "../frameworks/mcp.js";
import { addDefaultClient } from "../frameworks/shared.js";

/**
 * Python agent frameworks: where each one's run is, and its step bound, approval and model client.
 * Defaults come from facts/defaults.ts, each with the version it is read from (the research report
 * of Nov 2026 names the source lines). Tools defined by decorators are not read yet; runs, bounds,
 * human-in-the-loop wiring, code execution and model endpoints are.
 */
export const FRAMEWORK_MODULES = new Set(["mcp", "langchain_mcp_adapters", "langchain_core", "crewai_tools", "langgraph", "langchain", "langchain_openai", "langchain_anthropic", "crewai", "agents", "pydantic_ai", "smolagents", "autogen_agentchat", "autogen_ext", "autogen", "llama_index", "google"]);

const GRAPH_RUNS = new Set(["invoke", "ainvoke", "stream", "astream", "batch", "abatch", "stream_events", "astream_events"]);

type Opt = { v: Sym; loc: SourceLocation } | undefined;

function boundOf(site: CallSite, opt: Opt, dflt: FrameworkDefault): { bound: Bound; boundLoc?: SourceLocation } {
  if (!opt) return { bound: defaultBound(dflt) };
  const b = toBound(opt.v) ?? { kind: "dynamic" as const, text: site.show(opt.v), reason: "not a number the source states" };
  if (b.kind === "unbounded") return { bound: { kind: "unbounded", reason: `${dflt.name.split(" ").pop()}=None removes the bound` }, boundLoc: opt.loc };
  return { bound: b, boundLoc: opt.loc };
}

function run(site: CallSite, b: Builder, framework: Framework, api: string, bound: { bound: Bound; boundLoc?: SourceLocation }, extra: { telemetry?: boolean; signal?: boolean; timeout?: { ms?: number; loc: SourceLocation } } = {}): void {
  addRun(b, site, { framework, api, ...bound, signal: extra.signal ?? false, ...(extra.timeout ? { timeout: extra.timeout } : {}), telemetry: extra.telemetry ?? false, tools: [] });
}

/** Seconds as a Python keyword gives them (`max_execution_time=600`), as a run timeout. */
function secondsTimeout(opt: Opt): { ms?: number; loc: SourceLocation } | undefined {
  if (!opt) return undefined;
  return opt.v.k === "num" ? { ms: opt.v.v * 1000, loc: opt.loc } : { loc: opt.loc };
}

function provider(model: string): string {
  const p = model.includes(":") ? model.slice(0, model.indexOf(":")) : model.includes("/") ? model.slice(0, model.indexOf("/")) : "openai";
  return p === "google-gla" || p === "google-vertex" || p === "gemini" ? "google" : p;
}

/** A model named by a string (`"openai:gpt-4o"`, `"anthropic/claude-…"`): the framework calls that provider directly. */
function modelString(site: CallSite, b: Builder, framework: Framework, opt: Opt, api: string): void {
  if (opt?.v.k !== "str" || !/[:/]/.test(opt.v.v)) return;
  const p = provider(opt.v.v);
  addClient(b, site, { framework, provider: p, api: `model "${opt.v.v}" (${api})`, baseLoc: opt.loc });
}

export function recognizePythonFramework(site: CallSite, b: Builder, n: PyNames): void {
  const name = n.ctor ?? n.full ?? "";
  const last = n.path.split(".").pop() ?? "";
  const top = name.split(".")[0]!;
  if (site.ir.decorates) return decoratorTool(site, b, n, name);
  if (pythonMcp(site, b, n, name)) return;
  switch (top) {
    case "langgraph":
    case "langchain":
    case "langchain_openai":
    case "langchain_anthropic":
      return langgraph(site, b, n, name, last);
    case "crewai":
      return crewai(site, b, n, name);
    case "agents":
      return openaiAgents(site, b, n, name, last);
    case "pydantic_ai":
      return pydanticAi(site, b, n, name, last);
    case "smolagents":
      return smolagents(site, b, n, name, last);
    case "autogen_agentchat":
    case "autogen_ext":
    case "autogen":
      return autogen(site, b, n, name, last);
    case "llama_index":
      return llamaIndex(site, b, n, name, last);
    case "google":
      if (name.startsWith("google.adk")) return adk(site, b, n, name, last);
  }
}

/** LangGraph graphs and LangChain v1 agents (which run on LangGraph): runs, recursion_limit, interrupts, chat models. */
function langgraph(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  if (!n.ctor) {
    if (name === "langgraph.types.interrupt") {
      b.facts.approvals.push({ loc: site.loc, kind: "interrupt" });
      return;
    }
    if (/^langchain(_openai)?\..*ChatOpenAI$|^langchain_openai\.(Chat)?OpenAI$|^langchain_openai\.AzureChatOpenAI$/.test(name)) {
      const base = kw(site, "base_url") ?? kw(site, "openai_api_base") ?? kw(site, "azure_endpoint");
      addClient(b, site, { framework: "langchain", provider: name.includes("Azure") ? "azure" : "openai", api: name.split(".").pop()!, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}) });
      return;
    }
    if (/^langchain_anthropic\.ChatAnthropic$/.test(name)) {
      const base = kw(site, "base_url") ?? kw(site, "anthropic_api_url");
      addClient(b, site, { framework: "langchain", provider: "anthropic", api: "ChatAnthropic", ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}) });
      return;
    }
    if (/init_chat_model$/.test(name)) {
      const m = kw(site, "model");
      const given = m ?? (positional(site, 0) ? { v: positional(site, 0)!, loc: site.loc } : undefined);
      const prov = kw(site, "model_provider");
      if (given?.v.k === "str") {
        const p = prov?.v.k === "str" ? prov.v.v : given.v.v.includes(":") ? given.v.v.split(":")[0]! : "openai";
        const base = kw(site, "base_url");
        addClient(b, site, { framework: "langchain", provider: p, api: `init_chat_model("${given.v.v}")`, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}) });
      }
      return;
    }
    if (/HumanInTheLoopMiddleware$/.test(name)) {
      const on = site.R(kw(site, "interrupt_on")?.v);
      const covers = on?.k === "obj" ? Object.keys(on.props) : undefined;
      b.facts.approvals.push({ loc: site.loc, kind: "humanInTheLoopMiddleware", ...(covers ? { covers } : {}) });
      return;
    }
    return;
  }
  // builder.compile(interrupt_before=[...]) names the nodes a person approves.
  if (last === "compile" && /StateGraph$|MessageGraph$/.test(name)) {
    for (const k of ["interrupt_before", "interrupt_after"] as const) {
      const o = kw(site, k);
      if (!o) continue;
      const v = site.R(o.v);
      const covers = v?.k === "arr" ? v.items.map((i) => site.R(i)).filter((i): i is Extract<Sym, { k: "str" }> => i?.k === "str").map((i) => i.v) : undefined;
      b.facts.approvals.push({ loc: o.loc, kind: k === "interrupt_before" ? "interruptBefore" : "interruptAfter", ...(covers ? { covers } : {}) });
    }
    return;
  }
  const compiled = (/StateGraph$|MessageGraph$/.test(name) && n.hops >= 2) || /create_react_agent$|create_agent$|create_deep_agent$/.test(name);
  if (!compiled || !GRAPH_RUNS.has(last)) return;
  // invoke(input, config={"recursion_limit": N}) or a config dict passed positionally.
  const config = kw(site, "config")?.v ?? positional(site, 1);
  const rl = site.prop(config, "recursion_limit");
  const framework: Framework = name.startsWith("langchain") ? "langchain" : "langgraph";
  run(site, b, framework, `${name.split(".").pop()}(…).${last}`, boundOf(site, rl, DEFAULTS.langgraphPyRecursionLimit));
}

/** CrewAI: each Agent is a loop of at most max_iter steps; max_execution_time is its wall clock; LLM(base_url). */
function crewai(site: CallSite, b: Builder, n: PyNames, name: string): void {
  if (n.ctor) return;
  if (name === "crewai.Agent") {
    const timeout = secondsTimeout(kw(site, "max_execution_time"));
    run(site, b, "crewai", "crewai.Agent", boundOf(site, kw(site, "max_iter"), DEFAULTS.crewaiMaxIter), { ...(timeout ? { timeout } : {}) });
    const llm = kw(site, "llm");
    if (llm?.v.k === "str") modelString(site, b, "crewai", llm, "CrewAI");
    return;
  }
  if (name === "crewai.LLM") {
    const base = kw(site, "base_url") ?? kw(site, "api_base");
    const model = kw(site, "model") ?? (positional(site, 0) ? { v: positional(site, 0)!, loc: site.loc } : undefined);
    const p = model?.v.k === "str" ? provider(model.v.v) : "openai";
    addClient(b, site, { framework: "crewai", provider: p, api: "crewai.LLM", ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}) });
    return;
  }
  if (name === "crewai.Crew" && kw(site, "tracing")?.v.k === "bool") {
    const t = kw(site, "tracing")!;
    if (t.v.k === "bool" && t.v.v) b.facts.tracing.globalInstrumentation ??= t.loc;
  }
}

/** OpenAI Agents (Python): Runner.run/run_sync/run_streamed(agent, input, max_turns=…), traced unless disabled. */
function openaiAgents(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  if (!n.ctor && /^agents\.Runner\.(run|run_sync|run_streamed)$/.test(name)) {
    run(site, b, "openai-agents", name.slice("agents.".length), boundOf(site, kw(site, "max_turns"), DEFAULTS.openaiAgentsPyMaxTurns), { telemetry: true });
    const rc = site.R(kw(site, "run_config")?.v);
    const td = rc?.k === "call" ? undefined : site.prop(rc, "tracing_disabled");
    if (td?.v.k === "bool" && td.v.v) b.facts.tracing.openaiAgentsDisabled ??= td.loc;
    return;
  }
  if (!n.ctor && name === "agents.set_tracing_disabled") {
    const a = positional(site, 0);
    if (a?.k === "bool" && a.v) b.facts.tracing.openaiAgentsDisabled ??= site.loc;
    return;
  }
  if (!n.ctor && name === "agents.RunConfig") {
    const td = kw(site, "tracing_disabled");
    if (td?.v.k === "bool" && td.v.v) b.facts.tracing.openaiAgentsDisabled ??= td.loc;
    return;
  }
  if (!n.ctor && /^agents\.(ShellTool|LocalShellTool|ComputerTool|ApplyPatchTool)$/.test(name)) {
    b.facts.destructive.push({ loc: site.loc, op: `${name.slice("agents.".length)} (acts on the machine it runs on)` });
    return;
  }
  if (!n.ctor && /^agents\.(set_default_openai_client|set_default_openai_api|OpenAIProvider)$/.test(name)) {
    if (!name.endsWith("set_default_openai_api")) b.openaiAgentsCustomClient = true;
    return;
  }
  if (!n.ctor && name === "agents.Agent") {
    const model = kw(site, "model");
    const v = model ? site.R(model.v) : undefined;
    // A model object (LitellmModel, OpenAIChatCompletionsModel with its own client) is recorded where it is made.
    if (v && v.k !== "str") return;
    if (v?.k === "str" && /^litellm\//.test(v.v)) return modelString(site, b, "openai-agents", model, "OpenAI Agents via LiteLLM");
    // The SDK's default client, one per process: the first Agent in a file stands for the others there.
    if (addDefaultClient(b, site, "openai-agents-default", "agents in this file use the default client", { framework: "openai-agents", provider: "openai", api: "Agent (default OpenAI client)" })) b.openaiAgentsDefaultClients.push(b.facts.modelClients.length - 1);
  }
  void last;
}

/** PydanticAI: Agent("provider:model"), runs bounded by usage_limits=UsageLimits(request_limit=…), 50 by default. */
function pydanticAi(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  if (!n.ctor && name === "pydantic_ai.Agent") {
    const m = kw(site, "model") ?? (positional(site, 0) ? { v: positional(site, 0)!, loc: site.loc } : undefined);
    modelString(site, b, "pydantic-ai", m, "PydanticAI");
    return;
  }
  if (n.ctor === "pydantic_ai.Agent" && n.hops === 1 && /^(run|run_sync|run_stream|iter|run_stream_events)$/.test(last)) {
    const limits = site.R(kw(site, "usage_limits")?.v);
    const rlOpt = limits?.k === "call" ? kwOfCall(site, limits, "request_limit") : undefined;
    run(site, b, "pydantic-ai", `Agent.${last}`, boundOf(site, rlOpt, DEFAULTS.pydanticAiRequestLimit));
  }
}

/** A keyword argument of a call given as a value (`usage_limits=UsageLimits(request_limit=5)`). */
function kwOfCall(site: CallSite, call: Extract<Sym, { k: "call" }>, name: string): Opt {
  for (const a of call.args) {
    const o = site.R(a);
    if (o?.k === "obj" && (o as { kw?: boolean }).kw && name in o.props) return site.prop(o, name);
  }
  return undefined;
}

/** smolagents: CodeAgent/ToolCallingAgent max_steps (20); CodeAgent runs model-written code in-process unless given a sandbox. */
function smolagents(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  if (!n.ctor && /^smolagents\.(CodeAgent|ToolCallingAgent|MultiStepAgent)$/.test(name)) {
    const cls = name.split(".").pop()!;
    run(site, b, "smolagents", cls, boundOf(site, kw(site, "max_steps"), DEFAULTS.smolagentsMaxSteps));
    if (cls === "CodeAgent") {
      const ex = kw(site, "executor_type");
      if (!ex || (ex.v.k === "str" && ex.v.v === "local")) b.facts.destructive.push({ loc: ex?.loc ?? site.loc, op: `CodeAgent executes model-written Python in this process (executor_type ${ex ? '"local"' : "defaults to \"local\""})` });
      const imports = site.R(kw(site, "additional_authorized_imports")?.v);
      if (imports?.k === "arr" && imports.items.some((i) => { const v = site.R(i); return v?.k === "str" && v.v === "*"; })) b.facts.destructive.push({ loc: kw(site, "additional_authorized_imports")!.loc, op: 'CodeAgent additional_authorized_imports=["*"] lets model-written code import anything' });
    }
    return;
  }
  if (!n.ctor && /^smolagents\.(LiteLLMModel|OpenAIServerModel|OpenAIModel|InferenceClientModel|AzureOpenAIServerModel)$/.test(name)) {
    const base = kw(site, "api_base") ?? kw(site, "base_url");
    const model = kw(site, "model_id");
    const p = name.endsWith("InferenceClientModel") ? "huggingface" : model?.v.k === "str" ? provider(model.v.v) : "openai";
    addClient(b, site, { framework: "smolagents", provider: p, api: name.split(".").pop()!, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}) });
  }
  void last;
}

/** AutoGen AgentChat teams (no bound unless max_turns or a termination condition) and AG2 agents. */
function autogen(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  if (n.ctor) return;
  const cls = name.split(".").pop()!;
  if (name.startsWith("autogen_agentchat.teams.") && /GroupChat$|^Swarm$|^GraphFlow$/.test(cls)) {
    const mt = kw(site, "max_turns");
    const tc = kw(site, "termination_condition");
    let bound: { bound: Bound; boundLoc?: SourceLocation };
    if (mt) bound = boundOf(site, mt, { name: "AutoGen team max_turns", value: 0, source: "autogen-agentchat 0.7" });
    else if (tc) {
      const maxMsg = findMaxMessages(site, tc.v);
      bound = maxMsg ? { bound: maxMsg.bound, boundLoc: maxMsg.loc } : { bound: { kind: "dynamic", text: site.show(tc.v), reason: "a termination condition psf cannot read as a number of steps" }, boundLoc: tc.loc };
    } else bound = { bound: { kind: "unbounded", reason: "an AutoGen team with no max_turns and no termination_condition runs until stopped (autogen-agentchat 0.7 default)" } };
    run(site, b, "autogen", cls, bound, { ...(tc && containsCall(site, tc.v, "ExternalTermination") ? { signal: true } : {}) });
    return;
  }
  if (name.startsWith("autogen_ext.models.") && /ChatCompletionClient$/.test(cls)) {
    const azure = cls.startsWith("Azure");
    const base = azure ? kw(site, "azure_endpoint") : kw(site, "base_url");
    addClient(b, site, { framework: "autogen", provider: azure ? "azure" : cls.startsWith("Anthropic") ? "anthropic" : "openai", api: cls, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}) });
    return;
  }
  if (cls === "LocalCommandLineCodeExecutor") {
    b.facts.destructive.push({ loc: site.loc, op: "LocalCommandLineCodeExecutor runs model-written code on this machine" });
    return;
  }
  if (name.startsWith("autogen.") && /^(ConversableAgent|AssistantAgent|UserProxyAgent)$/.test(cls)) {
    const cfg = kw(site, "code_execution_config");
    const docker = cfg ? site.prop(cfg.v, "use_docker") : undefined;
    if (docker?.v.k === "bool" && !docker.v.v) b.facts.destructive.push({ loc: docker.loc, op: 'AG2 code_execution_config use_docker=False runs model-written code on this machine' });
    if (cls !== "UserProxyAgent" || kw(site, "max_consecutive_auto_reply")) run(site, b, "autogen", cls, boundOf(site, kw(site, "max_consecutive_auto_reply"), DEFAULTS.ag2MaxAutoReply));
  }
  void last;
}

/** MaxMessageTermination(N) anywhere in a termination condition (`a | MaxMessageTermination(20)`). */
function findMaxMessages(site: CallSite, s: Sym, depth = 0): { bound: Bound; loc: SourceLocation } | undefined {
  // `TextMentionTermination("DONE") | MaxMessageTermination(20)`: the operator combination keeps the call's text.
  const text = /MaxMessageTermination\(\s*(?:max_messages\s*=\s*)?(\d+)\s*\)/.exec(site.show(s));
  if (text) return { bound: { kind: "literal", value: Number(text[1]) }, loc: site.loc };
  const v = site.R(s);
  if (!v || depth > 6) return undefined;
  if (v.k === "call") {
    const q = site.qualify(v.callee);
    const fn = q?.root.k === "import" ? q.root.name : "";
    if (fn === "MaxMessageTermination") {
      const arg = v.args.map((a) => site.R(a)).find((a) => a?.k === "num");
      if (arg?.k === "num") return { bound: { kind: "literal", value: arg.v }, loc: site.loc };
    }
    for (const a of v.args) {
      const found = findMaxMessages(site, a, depth + 1);
      if (found) return found;
    }
  }
  if (v.k === "or") {
    for (const part of v.options) {
      const found = findMaxMessages(site, part, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function containsCall(site: CallSite, s: Sym, callee: string): boolean {
  return site.show(s).includes(callee);
}

/** LlamaIndex agent workflows: run(…, max_iterations=…), 20 by default. */
function llamaIndex(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  if (n.ctor && /(FunctionAgent|ReActAgent|CodeActAgent|AgentWorkflow)$/.test(n.ctor) && n.hops === 1 && last === "run") {
    run(site, b, "llamaindex", `${n.ctor.split(".").pop()}.run`, boundOf(site, kw(site, "max_iterations"), DEFAULTS.llamaIndexMaxIterations));
  }
  void name;
}

/** Google ADK: runner.run/run_async(…, run_config=RunConfig(max_llm_calls=…)), 500 by default, ≤ 0 unbounded. */
function adk(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  if (n.ctor && /Runner$/.test(n.ctor) && n.hops === 1 && /^(run|run_async|run_live)$/.test(last)) {
    const rc = site.R(kw(site, "run_config")?.v);
    const opt = rc?.k === "call" ? kwOfCall(site, rc, "max_llm_calls") : undefined;
    let bound = boundOf(site, opt, DEFAULTS.adkMaxLlmCalls);
    if (bound.bound.kind === "literal" && bound.bound.value <= 0) bound = { bound: { kind: "unbounded", reason: "max_llm_calls ≤ 0 means no limit" }, ...(bound.boundLoc ? { boundLoc: bound.boundLoc } : {}) };
    run(site, b, "google-adk", `Runner.${last}`, bound);
  }
  void name;
}

/**
 * MCP in Python: the MCP SDK's own client parameters, OpenAI Agents' MCPServer* and HostedMCPTool,
 * LangChain's MultiServerMCPClient, PydanticAI's MCP servers and toolsets, CrewAI's `mcps=`.
 * Returns true when the call was an MCP attachment.
 */
function pythonMcp(site: CallSite, b: Builder, n: PyNames, name: string): boolean {
  if (n.ctor) return false;
  const cls = name.split(".").pop()!;
  // The MCP SDK: StdioServerParameters(command=, args=, env=) and the HTTP clients.
  if (name.startsWith("mcp.") && cls === "StdioServerParameters") {
    const cmd = commandLine(site, kw(site, "command")?.v, kw(site, "args")?.v);
    server(site, b, { name: nameFromCommand(cmd), source: "StdioServerParameters", transport: "stdio", command: cmd, env: kw(site, "env")?.v });
    return true;
  }
  if (name.startsWith("mcp.") && /^(streamablehttp_client|streamable_http_client|sse_client)$/.test(cls)) {
    server(site, b, { name: "remote", source: cls, transport: cls.startsWith("sse") ? "sse" : "http", url: kw(site, "url")?.v ?? positional(site, 0), headers: kw(site, "headers")?.v });
    return true;
  }
  // OpenAI Agents: MCPServerStdio(params={...}, tool_filter=, require_approval=), MCPServerStreamableHttp, MCPServerSse, HostedMCPTool.
  if (name.startsWith("agents.") && /^MCPServer(Stdio|StreamableHttp|Sse)$/.test(cls)) {
    const params = kw(site, "params")?.v ?? positional(site, 0);
    const given = kw(site, "name")?.v;
    const stdio = cls === "MCPServerStdio";
    const cmd = stdio ? commandLine(site, site.prop(params, "command")?.v, site.prop(params, "args")?.v) : undefined;
    server(site, b, { name: given?.k === "str" ? given.v : cmd ? nameFromCommand(cmd) : "remote", source: cls, transport: stdio ? "stdio" : cls.endsWith("Sse") ? "sse" : "http", ...(cmd ? { command: cmd } : {}), url: stdio ? undefined : site.prop(params, "url")?.v, headers: site.prop(params, "headers")?.v, env: site.prop(params, "env")?.v, filtered: !!kw(site, "tool_filter"), ...(kw(site, "require_approval") ? { approval: kw(site, "require_approval")! } : {}) });
    return true;
  }
  if (name.startsWith("agents.") && cls === "HostedMCPTool") {
    const cfg = kw(site, "tool_config")?.v ?? positional(site, 0);
    const label = site.prop(cfg, "server_label")?.v;
    server(site, b, { name: label?.k === "str" ? label.v : "hosted", source: "HostedMCPTool", transport: "hosted", url: site.prop(cfg, "server_url")?.v, headers: site.prop(cfg, "headers")?.v, filtered: site.has(cfg, "allowed_tools"), ...(site.prop(cfg, "require_approval") ? { approval: site.prop(cfg, "require_approval")! } : {}) });
    return true;
  }
  // LangChain: MultiServerMCPClient({"github": {"command": …, "args": …, "transport": "stdio"}, "docs": {"url": …}}).
  if (name.startsWith("langchain_mcp_adapters") && cls === "MultiServerMCPClient") {
    const map = site.R(positional(site, 0) ?? kw(site, "connections")?.v);
    if (map?.k === "obj") {
      for (const [key, p] of Object.entries(map.props)) {
        const cfg = site.R(p.v);
        const url = site.prop(cfg, "url")?.v;
        const cmd = url ? undefined : commandLine(site, site.prop(cfg, "command")?.v, site.prop(cfg, "args")?.v);
        server(site, b, { name: key, source: "MultiServerMCPClient", transport: url ? "http" : "stdio", ...(cmd ? { command: cmd } : {}), url, headers: site.prop(cfg, "headers")?.v, env: site.prop(cfg, "env")?.v, at: { file: p.at.file, line: p.at.line, column: p.at.column } });
      }
    } else server(site, b, { name: "unknown", source: "MultiServerMCPClient", transport: "unknown" });
    return true;
  }
  // PydanticAI: MCPServerStdio("cmd", args=[…]), MCPServerStreamableHTTP("https://…"), MCPToolset(url or command).
  if (name.startsWith("pydantic_ai") && /^(MCPServerStdio|MCPServerStreamableHTTP|MCPServerSSE|MCPServerHTTP|MCPToolset)$/.test(cls)) {
    const first = site.R(positional(site, 0) ?? kw(site, "url")?.v ?? kw(site, "command")?.v);
    const isUrl = first?.k === "str" ? /^https?:/.test(first.v) : cls !== "MCPServerStdio";
    const cmd = isUrl ? undefined : commandLine(site, first, kw(site, "args")?.v);
    server(site, b, { name: cmd ? nameFromCommand(cmd) : "remote", source: cls, transport: isUrl ? (cls.includes("SSE") ? "sse" : "http") : "stdio", ...(cmd ? { command: cmd } : {}), ...(isUrl ? { url: first } : {}), headers: kw(site, "headers")?.v, env: kw(site, "env")?.v });
    return true;
  }
  // CrewAI: Agent(mcps=["https://…", …]) — each string is a remote server.
  if (name === "crewai.Agent") {
    const list = site.R(kw(site, "mcps")?.v);
    if (list?.k === "arr") for (const item of list.items) {
      const v = site.R(item);
      if (v?.k === "str") server(site, b, { name: (() => { try { return new URL(v.v).host; } catch { return v.v; } })(), source: "crewai Agent(mcps=…)", transport: "http", url: v });
    }
    return false; // the Agent itself is still a run
  }
  return false;
}

/** The framework a tool decorator belongs to, by its module. */
const TOOL_DECORATORS: [RegExp, Framework][] = [
  [/^langchain(_core)?(\.[\w.]+)?\.tool$/, "langchain"],
  [/^crewai(_tools)?(\.[\w.]+)?\.tool$/, "crewai"],
  [/^smolagents(\.[\w.]+)?\.tool$/, "smolagents"],
  [/^agents(\.[\w.]+)?\.function_tool$/, "openai-agents"],
];

/**
 * A function made a tool by its decorator: `@tool("name")` (LangChain, CrewAI, smolagents),
 * `@function_tool(name_override=…, needs_approval=…)` (OpenAI Agents), `@agent.tool(requires_approval=…)`
 * and `@agent.tool_plain` (PydanticAI). The tool's body is the function's.
 */
function decoratorTool(site: CallSite, b: Builder, n: PyNames, name: string): void {
  const d = site.ir.decorates!;
  let framework: Framework | undefined = TOOL_DECORATORS.find(([re]) => re.test(name))?.[1];
  if (!framework && n.ctor === "pydantic_ai.Agent" && /^(tool|tool_plain)$/.test(n.path)) framework = "pydantic-ai";
  if (!framework) return;
  const first = positional(site, 0);
  const override = kw(site, "name_override") ?? kw(site, "name");
  const toolName = override?.v.k === "str" ? override.v.v : first?.k === "str" ? first.v : d.name;
  const approval = kw(site, "needs_approval") ?? kw(site, "requires_approval");
  addTool(b, site, { name: toolName, framework, ...(approval ? { approval } : {}), body: d.fn });
}
