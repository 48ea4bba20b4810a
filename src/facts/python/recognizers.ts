import { addClient, addModelCall, addRun } from "../common.js";
import { type Builder, type CallSite } from "../context.js";
import { qualify, type Sym } from "../sym.js";
import { toBound, toStringValue } from "../values.js";
import type { Bound, Framework, SourceLocation, StringValue } from "../types.js";
import type { FileIR } from "../ir.js";
import { addDefaultClient } from "../frameworks/shared.js";
import { recordFunctionTools } from "../frameworks/function-tools.js";
import { recordWrite } from "../frameworks/node.js";
import { dottedName, kwargsOf, positionalOf } from "./names.js";
import { noteSettingAfter } from "./settings-after.js";
import { agnoEnvSet } from "./frameworks/agno.js";
import { frameworkModule, recognizePythonFramework } from "./frameworks.js";
import { crewaiHumanInput } from "./frameworks/crewai-tools.js";
import { kw, positional, pyNames, type PyNames } from "./sites.js";
import { hookRegistered, strandsEnvSet, strandsInterrupt } from "./frameworks/strands.js";
import { addPaidApiClient, PY_PAID_CLIENTS, PY_PAID_PACKAGES } from "../paid-apis.js";
import { environCall, tracingEnvSet } from "./env-settings.js";
import { semanticKernelAsks, semanticKernelEnvSet, semanticKernelExporter } from "./frameworks/semantic-kernel.js";
import { type PySettings, litellmRoute, providerOfModel, pySettings, setPySettings } from "./litellm-notions.js";

/**
 * The core Python recognizers: the `openai` and `anthropic` clients (sync, async, Azure), LiteLLM,
 * raw HTTP (requests, httpx, aiohttp, urllib, urllib3, websockets), destructive operations (os,
 * shutil, pathlib, subprocess, eval/exec, SQLAlchemy), timeouts (asyncio, signal, anyio) and
 * tracing (OpenTelemetry and OpenInference instrumentors, Traceloop, Logfire, Langfuse, LangSmith).
 * They match Python module names; the facts they add are the same as the TypeScript recognizers'.
 */


/** Read the module settings every Python file assigns, before any call site is recognized. */
export function pythonSettings(irs: FileIR[], b: Builder): void {
  const s: PySettings = {};
  for (const ir of irs) for (const a of ir.assignments ?? []) {
    const target = dottedName(a.target);
    const at = { file: a.at.file, line: a.at.line, column: a.at.column };
    if (target === "litellm.api_base") s.litellmApiBase ??= { v: a.value, loc: at };
    else if (target === "litellm.use_litellm_proxy" && a.value.k === "bool") s.litellmUseProxy = a.value.v;
    else if (target === "openai.base_url" || target === "openai.api_base") s.openaiBase ??= { v: a.value, loc: at };
    else if (target && /^litellm\.(callbacks|success_callback|_async_success_callback)$/.test(target) && a.value.k === "arr" && a.value.items.length) b.facts.tracing.globalInstrumentation ??= at;
    else if (a.target.k === "env" && a.target.name === "USE_LITELLM_PROXY") s.litellmUseProxy = true;
    else if (a.target.k === "env") envSet(b, a.target.name, a.value, at);
    else noteSettingAfter(b, a.target, a.value, at);
  }
  setPySettings(b, s);
}

/**
 * A variable the code sets in its own environment (`os.environ["X"] = …`, `os.environ.setdefault(…)`,
 * `os.environ.update(…)`), for every framework that reads one: tracing switches, strands_tools' consent
 * bypass, agno's telemetry.
 */
function envSet(b: Builder, name: string, value: Sym, at: SourceLocation): void {
  tracingEnvSet(b, name, value, at);
  semanticKernelEnvSet(b, name, value, at);
  strandsEnvSet(b, name, value, at);
  agnoEnvSet(b, name, value);
}

/**
 * The PyPI packages these recognizers read (the inventory reports them as recognized; each is in
 * checklists/ai-packages.yaml, which test/inventory/ai-packages.test.ts checks). Instrumentors are
 * matched by module pattern (INSTRUMENTATION), so every listed openinference / opentelemetry one is read.
 */
export const PYTHON_PACKAGES: readonly string[] = [
  "openai", "anthropic", "litellm", "mcp", "langchain-mcp-adapters",
  // Runs and their bounds, human-in-the-loop wiring, code execution and model endpoints (frameworks.ts);
  // tools defined by decorators are not read yet: a declared tool psf cannot find is a warn in OOC-03.
  "langgraph", "langchain", "langchain-core", "langchain-openai", "langchain-anthropic", "langchain-ollama", "crewai", "crewai-tools", "openai-agents",
  "pydantic-ai", "pydantic-ai-slim", "smolagents", "autogen-agentchat", "autogen-ext", "autogen-core", "ag2", "llama-index", "llama-index-core", "google-adk", "browser-use", "agno", "agent-framework", "agent-framework-*", "claude-agent-sdk", "strands-agents", "strands-agents-tools", "semantic-kernel", "haystack-ai", "dspy", "dspy-ai",
  "langfuse", "langsmith", "logfire", "traceloop-sdk", "arize-phoenix-otel", "agentops", "openlit",
  "openinference-instrumentation-*", "opentelemetry-instrumentation-*",
  ...PY_PAID_PACKAGES,
];

const OPENAI_CLIENTS = new Set(["OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI"]);
const ANTHROPIC_CLIENTS = new Set(["Anthropic", "AsyncAnthropic", "AnthropicBedrock", "AsyncAnthropicBedrock", "AnthropicVertex", "AsyncAnthropicVertex"]);
const MODEL_PATH = /(^|\.)(chat\.completions\.(create|parse|stream)|responses\.(create|stream|parse)|completions\.create|messages\.(create|stream))$/;
const RUNNER_PATH = /(^|\.)(chat\.completions\.run_tools|messages\.tool_runner)$/;
const LITELLM_CALLS = new Set(["completion", "acompletion", "text_completion", "atext_completion", "responses", "aresponses"]);
const VERBS = new Set(["get", "post", "put", "patch", "delete", "head", "options"]);
const HTTP_SESSIONS: Record<string, string> = {
  "requests.Session": "requests.Session", "requests.session": "requests.Session", "requests.sessions.Session": "requests.Session",
  "httpx.Client": "httpx.Client", "httpx.AsyncClient": "httpx.AsyncClient", "aiohttp.ClientSession": "aiohttp.ClientSession",
  "urllib3.PoolManager": "urllib3.PoolManager", "urllib3.HTTPConnectionPool": "urllib3.HTTPConnectionPool", "urllib3.HTTPSConnectionPool": "urllib3.HTTPSConnectionPool",
};
const WEBSOCKETS = new Set(["websockets.connect", "websockets.client.connect", "websockets.asyncio.client.connect", "websockets.sync.client.connect", "websocket.create_connection", "websocket.WebSocketApp", "aiohttp.ClientSession.ws_connect"]);
const DESTRUCTIVE = new Set([
  "os.remove", "os.unlink", "os.rmdir", "os.removedirs", "os.system", "os.popen", "os.kill", "os.killpg", "os.truncate",
  "os.execv", "os.execve", "os.execvp", "os.execl", "os.execlp", "os.spawnv", "os.spawnl", "os.posix_spawn",
  "shutil.rmtree", "shutil.move",
  "subprocess.run", "subprocess.Popen", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.getoutput", "subprocess.getstatusoutput",
  "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell", "pty.spawn",
]);
const WRITES = new Set(["os.makedirs", "os.mkdir", "os.rename", "os.replace", "shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.copytree"]);
const TIMEOUTS: Record<string, { arg: number; kw: string }> = {
  "asyncio.timeout": { arg: 0, kw: "delay" }, "asyncio.wait_for": { arg: 1, kw: "timeout" }, "signal.alarm": { arg: 0, kw: "" },
  "anyio.fail_after": { arg: 0, kw: "delay" }, "anyio.move_on_after": { arg: 0, kw: "delay" }, "async_timeout.timeout": { arg: 0, kw: "delay" },
  "trio.fail_after": { arg: 0, kw: "seconds" }, "trio.move_on_after": { arg: 0, kw: "seconds" },
};
/** Calls that trace every provider call in the process. */
const INSTRUMENTATION = /^(openinference\.instrumentation\.[\w.]+Instrumentor\.instrument|opentelemetry\.instrumentation\.[\w.]+Instrumentor\.instrument|traceloop\.sdk\.Traceloop\.init|logfire\.instrument_(openai|anthropic|litellm|openai_agents|pydantic_ai|httpx)|phoenix\.otel\.register|agentops\.init|openlit\.init|mlflow\.(openai|anthropic|litellm)\.autolog|langfuse\.openai\.\w+)$/;

/**
 * Instrumentors that trace an agent framework's runs and its tool calls, by the framework they cover:
 * Logfire's `instrument_<framework>()` and OpenInference's `<Framework>Instrumentor().instrument()`.
 */
const FRAMEWORK_INSTRUMENTATION: [RegExp, Framework[]][] = [
  [/^logfire\.instrument_pydantic_ai$|^openinference\.instrumentation\.pydantic_ai\./, ["pydantic-ai"]],
  [/^logfire\.instrument_openai_agents$|^openinference\.instrumentation\.openai_agents\./, ["openai-agents"]],
  [/^openinference\.instrumentation\.smolagents\./, ["smolagents"]],
  [/^openinference\.instrumentation\.crewai\./, ["crewai"]],
  [/^openinference\.instrumentation\.langchain\./, ["langgraph", "langchain"]],
  [/^openinference\.instrumentation\.(autogen_agentchat|autogen|ag2)\./, ["autogen"]],
  [/^openinference\.instrumentation\.llama_index\./, ["llamaindex"]],
  [/^openinference\.instrumentation\.google_adk\./, ["google-adk"]],
  [/^openinference\.instrumentation\.agno\./, ["agno"]],
  [/^openinference\.instrumentation\.dspy\.|^mlflow\.dspy\.autolog$/, ["dspy"]],
];

/** Every Python call site the walk recorded: rooted at an import (a library) or on a receiver the walk could not name. */
export function recognizePython(site: CallSite, b: Builder): void {
  const names = pyNames(site);
  if (site.ir.subclass) {
    // A class the project derives from a library class is not a call: only tool classes are read from it.
    if (names && frameworkModule(names.ctor ?? names.full ?? "")) recognizePythonFramework(site, b, names);
    return;
  }
  if (!names) return unrooted(site, b);
  const { full, ctor, path } = names;
  // A paid API's client (Tavily, Exa, Firecrawl…), wherever it comes from: then the framework reads it as it would.
  const paid = full !== undefined ? PY_PAID_CLIENTS.get(full) : undefined;
  if (paid && !(paid.takesClient && kw(site, paid.takesClient))) {
    addPaidApiClient(b, site, full!.split(".").pop()!, paid, paid.option ? kw(site, paid.option) : undefined, paid.position !== undefined ? positional(site, paid.position) : undefined);
  }
  const probe = full ?? `${ctor}.${path}`;
  if (INSTRUMENTATION.test(probe) || (ctor && INSTRUMENTATION.test(ctor))) b.facts.tracing.globalInstrumentation ??= site.loc;
  for (const [re, covered] of FRAMEWORK_INSTRUMENTATION) {
    if (!re.test(probe) && !(ctor && re.test(ctor))) continue;
    if (!/(^logfire\.instrument_\w+|Instrumentor\.instrument|^mlflow\.\w+\.autolog)$/.test(probe)) continue;
    for (const framework of covered) (b.facts.tracing.frameworks ??= []).push({ framework, loc: site.loc });
  }
  if (full === "os.environ.setdefault" || full === "os.environ.update") {
    return environCall(site, full.slice("os.environ.".length), (name, value, at) => envSet(b, name, value, at));
  }
  // A tracer provider (OpenTelemetry's, or Azure Monitor's) exports the spans Semantic Kernel emits once switched on.
  if (full === "opentelemetry.trace.set_tracer_provider" || full === "azure.monitor.opentelemetry.configure_azure_monitor") semanticKernelExporter(b, site.loc);
  const top = (ctor ?? full ?? "").split(".")[0]!;
  if (frameworkModule(top)) return recognizePythonFramework(site, b, names);
  switch (top) {
    case "openai":
    case "anthropic":
    case "langfuse":
      return providerSdk(site, b, names);
    case "litellm":
      return litellm(site, b, names);
    case "requests":
    case "httpx":
    case "aiohttp":
    case "urllib":
    case "urllib3":
    case "websockets":
    case "websocket":
      return httpCall(site, b, names);
    case "builtins":
      return builtins(site, b, names);
  }
  if (full && DESTRUCTIVE.has(full)) return destructive(site, b, full);
  if (full && WRITES.has(full)) return recordWrite(b, site, full);
  if (full && TIMEOUTS[full]) return timeout(site, b, full);
  if (ctor === "pathlib.Path" || ctor === "pathlib.PurePath" || ctor === "pathlib.PosixPath") {
    const m = path.split(".").pop()!;
    if (m === "unlink" || m === "rmdir") return destructive(site, b, `Path.${m}`);
    if (m === "write_text" || m === "write_bytes" || m === "mkdir" || m === "touch" || m === "rename" || m === "replace") return recordWrite(b, site, `Path.${m}`);
  }
}

/** `openai.OpenAI(...)`, `anthropic.AsyncAnthropic(...)`, and calls on the clients they make. */
function providerSdk(site: CallSite, b: Builder, n: PyNames): void {
  const traced = (n.ctor ?? n.full ?? "").startsWith("langfuse.openai") || (site.root?.traced ?? false);
  const name = (n.full ?? "").split(".").pop() ?? "";
  if (n.full && (n.full.startsWith("openai.") || n.full.startsWith("anthropic.") || n.full.startsWith("langfuse.openai.")) && (OPENAI_CLIENTS.has(name) || ANTHROPIC_CLIENTS.has(name))) {
    const anthropic = ANTHROPIC_CLIENTS.has(name);
    const azure = name.includes("Azure");
    const base = azure ? kw(site, "azure_endpoint") ?? kw(site, "base_url") : kw(site, "base_url");
    const key = kw(site, "api_key") ?? (azure ? kw(site, "azure_ad_token") : undefined);
    const shortLived = kw(site, "workload_identity") ?? (azure ? kw(site, "azure_ad_token_provider") : undefined);
    const apiKey: Sym | undefined = key?.v ?? (shortLived ? { k: "unknown", text: site.show(shortLived.v), why: "a short-lived workload identity credential" } : undefined);
    const provider = anthropic ? (name.includes("Bedrock") ? "aws-bedrock" : name.includes("Vertex") ? "google-vertex" : "anthropic") : azure ? "azure" : "openai";
    const baseURL: Sym | undefined = base?.v ?? (azure ? { k: "env", name: "AZURE_OPENAI_ENDPOINT" } : undefined);
    addClient(b, site, { framework: anthropic ? "anthropic" : "openai", provider, api: name, ...(baseURL ? { baseURL } : {}), ...(base ? { baseLoc: base.loc } : {}), ...(apiKey ? { apiKey } : {}) });
    if (traced) b.facts.modelClients[b.facts.modelClients.length - 1]!.traced = true;
    return;
  }
  const anthropic = (n.ctor ?? n.full ?? "").startsWith("anthropic") || n.path.includes("messages");
  const framework: Framework = anthropic ? "anthropic" : "openai";
  // On the module itself (`openai.chat.completions.create`), the path is everything after the module.
  const path = n.ctor ? n.path : (n.full ?? "").split(".").slice(n.full?.startsWith("langfuse.") ? 2 : 1).filter((p) => p !== "with_raw_response" && p !== "with_streaming_response").join(".");
  if (!n.ctor && n.full?.startsWith("openai.") && (MODEL_PATH.test(path) || RUNNER_PATH.test(path))) {
    // The `openai` module's own default client (`openai.chat.completions.create(...)`).
    const s = pySettings(b);
    addDefaultClient(b, site, "openai-module", "module-level calls use the same default client", { framework: "openai", provider: "openai", api: "openai (module-level client)", ...(s?.openaiBase ? { baseURL: s.openaiBase.v, baseLoc: s.openaiBase.loc } : {}) });
  }
  if (RUNNER_PATH.test(path)) return toolRunner(site, b, framework, traced, path);
  if (MODEL_PATH.test(path)) return modelCall(site, b, framework, traced, path);
}

function modelCall(site: CallSite, b: Builder, framework: Framework, traced: boolean, api: string): void {
  recordFunctionTools(site, b, kwargsOf(site.ir.args), framework);
  addModelCall(b, site, { framework, api, telemetry: traced, signal: false });
}

/** The SDKs' own tool loops: Anthropic `beta.messages.tool_runner()`, openai `beta.chat.completions.run_tools()`. */
function toolRunner(site: CallSite, b: Builder, framework: Framework, traced: boolean, api: string): void {
  const mi = kw(site, "max_iterations");
  const bound: Bound = mi ? toBound(mi.v) ?? { kind: "dynamic", text: site.show(mi.v), reason: "not a number" } : { kind: "unbounded", reason: `${api.split(".").pop()}() without max_iterations runs until the model stops calling tools` };
  const tools = recordFunctionTools(site, b, kwargsOf(site.ir.args), framework);
  addRun(b, site, { framework, api, bound, ...(mi ? { boundLoc: mi.loc } : {}), signal: false, telemetry: traced, tools });
}

/** LiteLLM: each `completion()` picks its endpoint (api_base, the proxy, or the provider) and is a model call. */
function litellm(site: CallSite, b: Builder, n: PyNames): void {
  const fn = n.full ? n.full.slice("litellm.".length) : n.path.split(".").pop() ?? "";
  if (n.full === "litellm.Router") {
    const list = kw(site, "model_list")?.v ?? positional(site, 0);
    const items = list?.k === "arr" ? list.items.map((i) => site.R(i)) : [];
    for (const it of items) {
      const params = site.prop(it, "litellm_params");
      const base = site.prop(params?.v, "api_base") ?? site.prop(params?.v, "base_url");
      const model = site.prop(params?.v, "model")?.v;
      const provider = providerOfModel(model);
      addClient(b, site, { framework: "litellm", provider, api: "litellm.Router", ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(site.prop(params?.v, "api_key") ? { apiKey: site.prop(params?.v, "api_key")!.v } : {}) });
    }
    return;
  }
  const last = fn.split(".").pop() ?? "";
  if (!LITELLM_CALLS.has(last)) return;
  const model = kw(site, "model")?.v ?? positional(site, 0);
  const { viaProxy, baseURL, apiKey } = litellmRoute(site, b, model);
  const provider = viaProxy ? "litellm-proxy" : providerOfModel(model);
  if (!n.ctor) {
    addClient(b, site, { framework: "litellm", provider, api: `litellm.${last}`, ...(baseURL ? { baseURL: baseURL.v, baseLoc: baseURL.loc } : {}), ...(apiKey ? { apiKey } : {}) });
  }
  recordFunctionTools(site, b, kwargsOf(site.ir.args), "litellm");
  addModelCall(b, site, { framework: "litellm", api: `litellm.${last}`, telemetry: site.root?.traced ?? false, signal: false });
}

/** requests / httpx / aiohttp / urllib / urllib3 / websockets: each request is an outbound URL site. */
function httpCall(site: CallSite, b: Builder, n: PyNames): void {
  if (n.full) {
    const full = n.full;
    const verb = full.split(".").pop()!;
    if (WEBSOCKETS.has(full)) return addUrl(b, site, kw(site, "uri")?.v ?? kw(site, "url")?.v ?? positional(site, 0), full);
    if (full === "urllib.request.urlopen") {
      const a = positional(site, 0) ?? kw(site, "url")?.v;
      const inner = a?.k === "call" && dottedName(a.callee) === "urllib.request.Request" ? site.R(positionalOf(a.args)[0]) ?? site.prop(kwargsOf(a.args), "url")?.v : a;
      return addUrl(b, site, inner, "urllib.request.urlopen");
    }
    const lib = full.split(".")[0]!;
    if (full.split(".").length === 2 && (VERBS.has(verb) || verb === "stream") && (lib === "requests" || lib === "httpx")) {
      return addUrl(b, site, verb === "stream" ? positional(site, 1) ?? kw(site, "url")?.v : positional(site, 0) ?? kw(site, "url")?.v, full);
    }
    if (full.split(".").length === 2 && verb === "request" && (lib === "requests" || lib === "httpx" || lib === "aiohttp" || lib === "urllib3")) return addUrl(b, site, positional(site, 1) ?? kw(site, "url")?.v, full);
    if (HTTP_SESSIONS[full]) {
      const base = kw(site, "base_url");
      if (base) b.facts.urls.push({ loc: base.loc, api: `${HTTP_SESSIONS[full]} base_url`, url: toStringValue(base.v) });
    }
    return;
  }
  // A session or client instance: relative paths go under its base_url.
  // Only methods of the session itself: `res = session.post(…)` then `res.json().get(…)` is a response, not a request.
  const kind = n.hops === 1 ? HTTP_SESSIONS[n.ctor ?? ""] : undefined;
  if (!kind) {
    if (WEBSOCKETS.has(`${n.ctor}.${n.path}`)) addUrl(b, site, positional(site, 0) ?? kw(site, "url")?.v, `${n.ctor}.${n.path}`);
    return;
  }
  const verb = n.path.split(".").pop() ?? "";
  let url: Sym | undefined;
  if (VERBS.has(verb) || verb === "ws_connect") url = positional(site, 0) ?? kw(site, "url")?.v;
  else if (verb === "request" || verb === "stream" || verb === "urlopen") url = positional(site, 1) ?? kw(site, "url")?.v;
  else return;
  const v = toStringValue(url);
  if (v.kind === "literal" && /^[a-z]+:\/\//i.test(v.text)) return addUrl(b, site, url, `${kind}.${verb}`);
  const ctorCall = site.root?.call;
  const base = ctorCall ? site.prop(kwargsOf(ctorCall.args), "base_url") : undefined;
  const parts = (x: Sym): Sym[] => (x.k === "cat" ? x.parts : [x]);
  addUrl(b, site, base && url ? { k: "cat", parts: [...parts(base.v), ...parts(url)] } : base ? base.v : url, `${kind}.${verb}`);
}

function addUrl(b: Builder, site: CallSite, s: Sym | undefined, api: string): void {
  let url: StringValue = toStringValue(s);
  if (url.kind === "absent") url = { kind: "dynamic", text: site.ir.text, reason: "no URL argument the analysis can see" };
  b.facts.urls.push({ loc: site.loc, api, url });
}

function destructive(site: CallSite, b: Builder, op: string): void {
  b.facts.destructive.push({ loc: site.loc, op });
  b.markAction(site);
}

/** eval/exec run text as code (destructive unless the text is a literal); open(p, "w") writes. */
function builtins(site: CallSite, b: Builder, n: PyNames): void {
  const name = n.full?.slice("builtins.".length);
  if (name === "eval" || name === "exec") {
    const a = positional(site, 0);
    if (a && a.k !== "str") destructive(site, b, name);
    return;
  }
  if (name === "open") {
    const mode = positional(site, 1) ?? kw(site, "mode")?.v;
    if (mode?.k === "str" && /[wax+]/.test(mode.v)) recordWrite(b, site, `open(…, "${mode.v}")`);
  }
}

function timeout(site: CallSite, b: Builder, full: string): void {
  const spec = TIMEOUTS[full]!;
  const v = positional(site, spec.arg) ?? (spec.kw ? kw(site, spec.kw)?.v : undefined);
  if (full === "asyncio.wait_for" && (!v || v.k === "null")) return;
  b.facts.timeouts.push({ loc: site.loc, kind: "scoped-timeout", ...(v?.k === "num" ? { ms: v.v * 1000 } : {}), note: `${full}(${v ? site.show(v) : "…"})` });
}

/** Calls on receivers the walk could not name (a parameter, `self.client` set elsewhere). */
function unrooted(site: CallSite, b: Builder): void {
  const q = qualify(site.callee);
  const path = q.path.filter((p) => p !== "with_raw_response" && p !== "with_streaming_response");
  const text = path.join(".");
  const last = path[path.length - 1] ?? "";
  if (RUNNER_PATH.test(text)) return toolRunner(site, b, text.includes("messages") ? "anthropic" : "openai", false, text);
  if (MODEL_PATH.test(text)) return modelCall(site, b, text.includes("messages") ? "anthropic" : "openai", false, text);
  if (last === "drop_all" && path.length >= 2) return destructive(site, b, "SQLAlchemy drop_all");
  // Strands: `tool_context.interrupt("name", …)` in a tool, `event.interrupt("name", …)` in a hook (a name is
  // required; smolagents' `agent.interrupt()` takes none), and `registry.add_callback(BeforeToolCallEvent, fn)`.
  if (last === "interrupt" && path.length === 1 && q.root.k === "unknown" && site.ir.args.length) return strandsInterrupt(site, b);
  if (last === "add_callback" && path.length === 1 && site.ir.args.length >= 2) return hookRegistered(site, b, [0, 1]);
  // CrewAI: `context.request_human_input(…)` in a @before_tool_call hook asks a person before the tool runs.
  if (last === "request_human_input" && path.length === 1 && q.root.k === "unknown") return crewaiHumanInput(site, b);
  // `input()`: the function waits for a person's answer (a Semantic Kernel invocation filter that calls it asks before each call).
  if (q.root.k === "global" && q.root.name === "input" && !path.length) return semanticKernelAsks(site, b);
  if ((last === "unlink" || last === "rmdir") && path.length >= 1) return destructive(site, b, `Path.${last}`);
  if (last === "rmtree") return destructive(site, b, "rmtree");
}
