import { addClient, addRun, addTool, givenBound } from "../../common.js";
import { perRun, type Builder, type CallSite } from "../../context.js";
import { addDefaultClient, libraryOf } from "../../frameworks/shared.js";
import { linkToolBodyLater } from "../../frameworks/function-tools.js";
import { fnId, toolFunctionName } from "../../values.js";
import type { Sym } from "../../sym.js";
import type { AgentRun, Bound, OutboundUrl, SourceLocation, ToolDef } from "../../types.js";
import { kw, type PyNames } from "../sites.js";
import { type Opt, isTrue, provider, recorded, remember } from "./common.js";

/**
 * agno (module `agno`, read in agno 2.9.0, libs/agno/agno; the same names in 3.0.0a3):
 *  - `Agent(model=…, tools=[…], tool_call_limit=N)` and `Team(…)`: each run is Model.response's
 *    `while True` loop, which goes on while the model calls tools; `tool_call_limit` (None by default, in
 *    1.4.6 as in 2.9.0) is the only cap, so an agent without it is unbounded. Past the limit agno answers
 *    each further call with an error instead of running it, and the model is told not to retry. The run is
 *    recorded where the agent is built: agno apps often only hand agents to AgentOS, which runs them for
 *    its HTTP callers. `Agent.cancel_run(run_id)` is the stop (python/pause.ts).
 *  - A model object (`OpenAIChat(id=…, base_url=…)`, `Claude`, `Gemini`, …) or a `"provider:model"` string;
 *    no model at all is agno's default OpenAI model (`OpenAIResponses(id="gpt-5.4")` in 2.9.0, agent/_init.py;
 *    `OpenAIChat(id="gpt-4o")` in 1.4.6). MCPTools / MultiMCPTools are read with the other MCP clients (python/mcp.ts).
 *  - Tools: plain functions in `tools=[…]`, `@tool(name=…, requires_confirmation=…, requires_user_input=…)`,
 *    `@approval` (which sets requires_confirmation), Toolkit subclasses, and built-in toolkits, whose
 *    `requires_confirmation_tools=[…]` pauses the run for a person before those tools run.
 */

const RUN = /^agno\.(agent|team)(\.(agent|team))?\.(Agent|Team)$/;
const TOOL_DECORATOR = /^agno\.tools(\.decorator)?\.tool$/;
const APPROVAL_DECORATOR = /^agno\.approval(\.decorator)?\.approval$/;
const TOOLKIT = /^agno\.tools(\.toolkit)?\.Toolkit$/;

/** Model classes by module: the provider each calls and the option that moves it (agno/models/<module>/*.py). */
const MODELS: Record<string, { provider: string; base?: string; baseOption?: string; defaultsFrom?: string }> = {
  "openai.OpenAIChat": { provider: "openai", base: "base_url" },
  "openai.OpenAIResponses": { provider: "openai", base: "base_url" },
  "openai.OpenAILike": { provider: "openai", base: "base_url" },
  "azure.AzureOpenAI": { provider: "azure", base: "azure_endpoint" },
  // Claude and Gemini take their SDK client's options in client_params.
  "anthropic.Claude": { provider: "anthropic", base: "client_params.base_url", baseOption: 'client_params={"base_url": …}' },
  "google.Gemini": { provider: "google", base: "client_params.http_options.base_url", baseOption: 'client_params={"http_options": {"base_url": …}}' },
  "groq.Groq": { provider: "groq", base: "base_url" },
  "openrouter.OpenRouter": { provider: "openrouter", base: "base_url", defaultsFrom: "openrouter-direct" },
  "litellm.LiteLLM": { provider: "openai", base: "api_base", baseOption: "api_base=…" },
  "ollama.Ollama": { provider: "ollama", base: "host", baseOption: "host=…" },
  "deepseek.DeepSeek": { provider: "deepseek", base: "base_url" },
  "mistral.MistralChat": { provider: "mistral", base: "endpoint", baseOption: "endpoint=…" },
  "xai.xAI": { provider: "xai", base: "base_url" },
  "together.Together": { provider: "togetherai", base: "base_url" },
  "fireworks.Fireworks": { provider: "fireworks", base: "base_url" },
  "cerebras.Cerebras": { provider: "cerebras", base: "base_url", defaultsFrom: "cerebras-direct" },
  "aws.AwsBedrock": { provider: "aws-bedrock" },
  "aws.Claude": { provider: "aws-bedrock" },
  "vllm.VLLM": { provider: "vllm", base: "base_url" },
  "lmstudio.LMStudio": { provider: "lmstudio", base: "base_url" },
  // Knowledge embedders are paid API calls too (agno/knowledge/embedder/openai.py; agno.embedder.openai in 1.x).
  "openai.OpenAIEmbedder": { provider: "openai", base: "base_url" },
};

/**
 * Built-in toolkits that act on the machine, with the tools each registers when built with no
 * enable_* flag (agno/tools/shell.py, python.py, file.py, coding.py): the destructive ones are named.
 */
const MACHINE_TOOLKITS: Record<string, { tools: string[]; destructive: Record<string, string>; optIn?: Record<string, string> }> = {
  ShellTools: { tools: ["run_shell_command"], destructive: { run_shell_command: "runs a shell command the model writes on this machine" } },
  PythonTools: {
    tools: ["save_to_file_and_run", "run_python_code", "pip_install_package", "uv_pip_install_package", "run_python_file_return_variable", "read_file", "list_files"],
    destructive: { save_to_file_and_run: "writes and runs Python the model writes", run_python_code: "runs Python the model writes in this process", pip_install_package: "installs a package the model names", uv_pip_install_package: "installs a package the model names", run_python_file_return_variable: "runs a Python file" },
  },
  FileTools: {
    tools: ["save_file", "read_file", "list_files", "search_files", "read_file_chunk", "replace_file_chunk", "search_content"],
    destructive: { delete_file: "deletes a file the model names" },
    optIn: { enable_delete_file: "delete_file" },
  },
  CodingTools: { tools: ["read_file", "edit_file", "write_file", "run_shell"], destructive: { run_shell: "runs a shell command the model writes on this machine" } },
};

/** Toolkits that fetch whatever URL the model passes them (agno/tools/website.py, webtools.py, newspaper4k.py, crawl4ai.py, trafilatura.py, webbrowser.py). */
const FETCHERS = new Set(["WebsiteTools", "WebTools", "Newspaper4kTools", "Crawl4aiTools", "TrafilaturaTools", "WebBrowserTools"]);

export function agno(site: CallSite, b: Builder, n: PyNames, name: string): void {
  if (n.ctor) return;
  const cls = name.split(".").pop()!;
  if (RUN.test(name)) return agent(site, b, cls);
  const model = /^agno\.models\.(\w+)(\.\w+)*\.(\w+)$/.exec(name) ?? /^agno\.(?:knowledge\.)?embedder\.(\w+)(\.\w+)*\.(\w+)$/.exec(name);
  if (model) return modelClient(site, b, `${model[1]}.${model[3]}`);
  if (/^agno\.tracing(\.setup)?\.setup_tracing$/.test(name) || (/^agno\.os(\.app)?\.AgentOS$/.test(name) && isTrue(site, kw(site, "tracing")))) {
    // agno's own tracing: the OpenInference agno instrumentor, exporting to the agent's database.
    (b.facts.tracing.frameworks ??= []).push({ framework: "agno", loc: site.loc });
    return;
  }
  if (name.startsWith("agno.tools.")) return toolkit(site, b, cls);
}

/**
 * agno's telemetry, on by default (`telemetry: bool = True` on Agent and Team): each run posts its metadata
 * (ids, model, features; not the content) to agno's API, os-api.agno.com. Off with `telemetry=False` or
 * AGNO_TELEMETRY=false, which psf sees only when the code assigns it. Recorded once, at the first agent that
 * leaves it on.
 */
const AGNO_TELEMETRY_URL = "https://os-api.agno.com";
const telemetryNoted = new WeakSet<Builder>();
function telemetryEgress(site: CallSite, b: Builder, cls: string): void {
  const t = site.R(kw(site, "telemetry")?.v);
  if ((t?.k === "bool" && !t.v) || telemetryNoted.has(b) || agnoTelemetryOff.has(b)) return;
  telemetryNoted.add(b);
  b.facts.urls.push({
    loc: site.loc, api: `agno telemetry (${cls}, on by default)`, url: { kind: "literal", text: AGNO_TELEMETRY_URL },
    byDefault: { what: "agno reports each run (ids, model, features; not the content) to its makers' API, the host agno 2 posts to, unless telemetry is turned off", off: `pass \`telemetry=False\` to every Agent and Team (or set AGNO_TELEMETRY=false in the deployment's environment and record that as a waiver)` },
  });
}

/**
 * agno 1.x posted the same telemetry to api.agno.com (`agno_cli_settings.api_url`, agno/cli/settings.py, 1.4.6
 * to 1.8); agno 2.0 moved it to os-api.agno.com. Read once the dependency manifests are: the host follows the
 * version the project pins, and with no exact pin the finding names both.
 */
export function agnoTelemetryHost(urls: OutboundUrl[], pinned: string | undefined): void {
  const major = pinned ? Number.parseInt(pinned, 10) : undefined;
  for (const u of urls) {
    if (!u.byDefault || !u.api.startsWith("agno telemetry (") || u.url.kind !== "literal") continue;
    if (major === undefined) u.byDefault = { ...u.byDefault, what: u.byDefault.what.replace("the host agno 2 posts to", "the host agno 2 posts to (agno 1.x posts to api.agno.com instead)") };
    else if (major < 2) u.url = { kind: "literal", text: AGNO_1_TELEMETRY_URL };
    if (major !== undefined) u.byDefault = { ...u.byDefault, what: u.byDefault.what.replace("the host agno 2 posts to", `the host agno ${major < 2 ? "1.x" : major} posts to (the project pins agno ${pinned})`) };
  }
}
const AGNO_1_TELEMETRY_URL = "https://api.agno.com";

/** Builders whose project assigns `os.environ["AGNO_TELEMETRY"] = "false"` (recognizers.ts pythonSettings). */
const agnoTelemetryOff = new WeakSet<Builder>();
export function agnoEnvSet(b: Builder, name: string, value: Sym): void {
  if (name === "AGNO_TELEMETRY" && value.k === "str" && value.v.toLowerCase() === "false") agnoTelemetryOff.add(b);
}

/** `Agent(…)` / `Team(…)`: a run bounded by tool_call_limit, its model, and the functions in its tools list. */
function agent(site: CallSite, b: Builder, cls: string): void {
  const opaque = toolsOf(site, b);
  telemetryEgress(site, b, cls);
  addRun(b, site, { framework: "agno", api: cls, ...limitOf(site, kw(site, "tool_call_limit")), signal: false, telemetry: false, tools: [], ...(opaque.length ? { opaqueTools: opaque } : {}) });
  const m = kw(site, "model");
  const v = site.R(m?.v);
  if (v?.k === "str") modelString(site, b, m!);
  else if (!m || v?.k === "null") addDefaultClient(b, site, "agno-default-model", "agents in this file use the same default model", { framework: "agno", provider: "openai", api: `${cls} (no model: agno's default OpenAI model)` });
}

/**
 * The agent's tools list: plain functions become tools here; agno toolkits psf reads (the machine and
 * web toolkits, MCPTools) are read where they are built; anything else is a set of tools psf cannot see.
 */
function toolsOf(site: CallSite, b: Builder): NonNullable<AgentRun["opaqueTools"]> {
  const given = kw(site, "tools");
  const list = site.R(given?.v);
  if (!given || !list || list.k === "null") return [];
  if (list.k !== "arr") return [{ text: site.show(given.v), reason: "a tools value the analysis cannot read as a list", loc: given.loc }];
  const out: NonNullable<AgentRun["opaqueTools"]> = [];
  for (const item of list.items) {
    const v = site.R(item);
    if (v?.k === "fn" || v?.k === "fnref") {
      functionTool(site, b, v);
      continue;
    }
    // An instance of the project's own Toolkit subclass: its methods are read where the class is defined.
    if (v?.k === "call" && toolkitClasses(b).has(site.show(v.callee))) continue;
    const lib = v?.k === "call" ? libraryOf(v) : undefined;
    if (lib?.module.startsWith("agno.tools") && (MACHINE_TOOLKITS[lib.name] || FETCHERS.has(lib.name) || /MCPTools$/.test(lib.name))) continue;
    const reason = lib?.module.startsWith("agno.") ? `agno's ${lib.name}: psf does not list the tools it registers` : lib ? `built by ${lib.name}() from ${lib.module} (a library)` : "not a function or toolkit the analysis can resolve";
    out.push({ text: site.show(item), reason, loc: given.loc });
  }
  return out;
}

function limitOf(site: CallSite, opt: Opt): { bound: Bound; boundLoc?: SourceLocation } {
  if (!opt || site.R(opt.v)?.k === "null") return { bound: { kind: "unbounded", reason: "no tool_call_limit: agno (None by default, 1.4.6 to 2.9.0) runs the model again after every tool call until it stops calling tools, with no cap" }, ...(opt ? { boundLoc: opt.loc } : {}) };
  return givenBound(site, opt);
}

/** `model="openai:gpt-4o"`: agno builds that provider's model class (models/utils.py, `provider:model_id`). */
function modelString(site: CallSite, b: Builder, opt: NonNullable<Opt>): void {
  const s = site.R(opt.v) as Extract<Sym, { k: "str" }>;
  const key = s.v.includes(":") ? s.v.slice(0, s.v.indexOf(":")) : "openai";
  const p = key.startsWith("openai") ? "openai" : key === "azure-openai" ? "azure" : key.startsWith("aws") ? "aws-bedrock" : provider(`${key}:`);
  addClient(b, site, { framework: "agno", provider: p, api: `model "${s.v}" (agno)`, baseLoc: opt.loc, ...(p === "openrouter" ? { defaultsFrom: "openrouter-direct" } : {}) });
}

function modelClient(site: CallSite, b: Builder, key: string): void {
  const m = MODELS[key];
  if (!m) return;
  const path = m.base?.split(".") ?? [];
  let base: Opt = path.length ? kw(site, path[0]!) : undefined;
  for (const p of path.slice(1)) base = base ? site.prop(base.v, p) : undefined;
  let prov = m.provider;
  if (key === "google.Gemini" && isTrue(site, kw(site, "vertexai"))) prov = "google-vertex";
  if (key === "litellm.LiteLLM") {
    const id = site.R(kw(site, "id")?.v);
    if (id?.k === "str") prov = provider(id.v);
  }
  const apiKey = kw(site, "api_key");
  addClient(b, site, {
    framework: "agno", provider: prov, api: key.split(".")[1]!,
    ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(apiKey ? { apiKey: apiKey.v } : {}),
    ...(m.baseOption ? { baseOption: m.baseOption } : {}), ...(m.defaultsFrom ? { defaultsFrom: m.defaultsFrom } : {}),
  });
}


/** A plain function in an agent's tools list: agno makes it a tool named by the function, with no approval. */
function functionTool(site: CallSite, b: Builder, item: Sym): void {
  const fn = site.R(item);
  if ((fn?.k !== "fn" && fn?.k !== "fnref") || recorded(b, fn)) return;
  const t = addTool(b, site, { name: toolFunctionName(fn)!, framework: "agno", body: fn });
  if (!t.body && fn.k === "fnref") linkToolBodyLater(b, t, fn);
  remember(b, fn, t);
}

/**
 * `@tool(name=…, requires_confirmation=True)` (or requires_user_input: a person fills in the call before
 * it runs) and `@approval` (which sets requires_confirmation): the run pauses for a person before the tool.
 */
export function agnoDecorator(site: CallSite, b: Builder, name: string): void {
  const d = site.ir.decorates!;
  if (APPROVAL_DECORATOR.test(name)) {
    const type = site.R(kw(site, "type")?.v);
    if (type?.k === "str" && type.v === "audit") {
      // agno writes an approval record (tool, arguments, decision) to the agent's db once the call is
      // resolved: the tool's executions are on record (IAA-04). It asks no person first.
      const t = recorded(b, d.fn);
      if (t) auditRecord(t);
      else auditedLater(b).add(fnId(d.fn) ?? "");
      return;
    }
    b.facts.approvals.push({ loc: site.loc, kind: "approval-function", covers: [d.name] });
    return;
  }
  if (!TOOL_DECORATOR.test(name)) return;
  const given = site.R(kw(site, "name")?.v);
  const toolName = given?.k === "str" ? given.v : d.name;
  const approval = [kw(site, "requires_confirmation"), kw(site, "requires_user_input")].find((o) => isTrue(site, o)) ?? kw(site, "requires_confirmation");
  const earlier = recorded(b, d.fn);
  if (earlier) b.facts.tools.splice(b.facts.tools.indexOf(earlier), 1);
  const t = addTool(b, site, { name: toolName, framework: "agno", ...(approval ? { approval } : {}), body: d.fn });
  remember(b, d.fn, t);
  if (auditedLater(b).has(fnId(d.fn) ?? "")) auditRecord(t);
}

/** Functions with `@approval(type="audit")` whose tool is recorded later (the decorators' order varies). */
const auditedLater = perRun(() => new Set<string>());
function auditRecord(t: ToolDef): void {
  t.audited = true;
  t.auditedBy = 'agno\'s @approval(type="audit") record of each resolved call';
}

/** `class ReportTools(Toolkit)`: agno registers the methods its __init__ passes as tools=[…]; each public method is taken as one. */
const toolkitClasses = perRun(() => new Set<string>());
export function agnoToolkitSubclass(site: CallSite, b: Builder, name: string): void {
  const fields = site.R(site.ir.args[0]);
  if (!TOOLKIT.test(name) || fields?.k !== "obj") return;
  toolkitClasses(b).add(site.ir.subclass!);
  for (const [method, p] of Object.entries(fields.props)) {
    if (method.startsWith("_") || p.v.k !== "fn" || recorded(b, p.v)) continue;
    remember(b, p.v, addTool(b, site, { name: method, framework: "agno", body: p.v }));
  }
}

/** A built-in toolkit: the tools it gives the agent, which of them wait for a person, what they do to the machine or the network. */
function toolkit(site: CallSite, b: Builder, cls: string): void {
  if (FETCHERS.has(cls)) {
    b.facts.urls.push({ loc: site.loc, api: `${cls} (agno)`, url: { kind: "dynamic", text: "any URL the model passes", reason: `${cls} fetches the pages the model asks for` } });
    return;
  }
  const kit = MACHINE_TOOLKITS[cls];
  const confirmed = names(site, kw(site, "requires_confirmation_tools"));
  const confirmLoc = kw(site, "requires_confirmation_tools")?.loc;
  // Any toolkit (the base Toolkit takes the option): the tools it names pause for a person, whatever psf knows of the rest.
  if (!kit) {
    if (confirmed.length && confirmLoc && /Tools$|^Toolkit$/.test(cls)) b.facts.approvals.push({ loc: confirmLoc, kind: "approval-function", covers: confirmed });
    return;
  }
  const all = isTrue(site, kw(site, "all"));
  const include = names(site, kw(site, "include_tools"));
  const exclude = new Set(names(site, kw(site, "exclude_tools")));
  const optIn = Object.entries(kit.optIn ?? {}).filter(([flag]) => all || isTrue(site, kw(site, flag))).map(([, tool]) => tool);
  const enabled = [...kit.tools, ...optIn].filter((t) => !disabled(site, t) && (!include.length || include.includes(t)) && !exclude.has(t));
  for (const tool of enabled) {
    const approved = confirmed.includes(tool);
    b.facts.tools.push({ name: tool, loc: site.loc, framework: "agno", approval: approved ? "always" : "none", ...(approved && confirmLoc ? { approvalLoc: confirmLoc } : {}), audited: false });
    const does = kit.destructive[tool];
    if (does) b.facts.destructive.push({ loc: site.loc, op: `${cls} ${tool} (${does})`, tool, ...(approved && confirmLoc ? { approvedAt: confirmLoc } : {}) });
  }
}

/** `enable_<tool>=False` turns one default tool off (`enable_run_shell_command=False`). */
function disabled(site: CallSite, tool: string): boolean {
  const v = site.R(kw(site, `enable_${tool}`)?.v) ?? site.R(kw(site, `enable_${tool.replace(/_command$/, "")}`)?.v);
  return v?.k === "bool" && !v.v && !isTrue(site, kw(site, "all"));
}

function names(site: CallSite, o: Opt): string[] {
  const v = site.R(o?.v);
  return v?.k === "arr" ? v.items.flatMap((i) => { const s = site.R(i); return s?.k === "str" ? [s.v] : []; }) : [];
}

