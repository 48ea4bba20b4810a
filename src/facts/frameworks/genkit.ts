import { DEFAULTS, defaultBound } from "../defaults.js";
import { addClient, addModelCall, addRun, addTool, declaredToolName, runOptions } from "../common.js";
import { ctorKey, type Builder, type CallSite, type Recognizer } from "../context.js";
import type { Sym } from "../sym.js";
import type { AgentRun, Bound, SourceLocation, ToolDef } from "../types.js";
import { toBound } from "../values.js";
import { commandLine, nameFromCommand, server, serverMap } from "./mcp.js";
import { opaqueTools } from "./shared.js";
import { npmPackageOf } from "../../sources/inventory.js";

/**
 * Firebase Genkit (`genkit`, `genkit/beta`, `@genkit-ai/*` 1.x; read against firebase/genkit 1.33.0).
 *
 * - `const ai = genkit({ plugins })` is the instance everything else hangs off.
 * - `ai.generate(opts)` / `ai.generateStream(opts)` with `tools` is a tool loop that stops after
 *   `maxTurns` tool turns, 5 when unset (js/ai/src/generate/action.ts: `rawRequest.maxTurns ?? 5`);
 *   without tools it is one model call. `abortSignal` is passed through to the model.
 * - `ai.definePrompt({ name, tools, maxTurns })` is an agent: every call of the prompt (`p(input, opts)`,
 *   `p.stream(…)`, `ai.chat(p).send(…)`) runs generate with the prompt's tools and maxTurns, the call's
 *   options overriding them (js/ai/src/prompt.ts: `...stripUndefinedProps(renderOptions)`; js/ai/src/chat.ts
 *   send: `{ ...requestBase, messages, ...resolvedOptions }`). The run is recorded where the prompt is defined.
 * - `ai.defineTool({ name }, fn)` is a tool the model sees by `name`; `fn` is its body. A tool pauses for a
 *   person by calling the `interrupt` its second argument carries; the app then answers with
 *   `tool.restart(…)` (run it again, approved) or `tool.respond(…)` (answer in its place) (js/ai/src/tool.ts).
 *   A restart/respond of a tool in the source is read as that tool's approval wiring.
 *   `ai.defineInterrupt({ name })` is a tool whose every call waits for a person (tool.ts `interrupt()`).
 * - Model plugins: googleAI (`baseUrl`, key from GEMINI_API_KEY, GOOGLE_API_KEY or GOOGLE_GENAI_API_KEY),
 *   vertexAI (Google Cloud credentials, `<location>-aiplatform.googleapis.com`, no base-URL option),
 *   openAICompatible / openAI (an OpenAI SDK client: `baseURL`, else OPENAI_BASE_URL), deepSeek / xAI
 *   (fixed hosts), anthropic (an Anthropic SDK client given only `apiKey`: ANTHROPIC_BASE_URL applies).
 * - `@genkit-ai/mcp`: createMcpHost / defineMcpHost `{ mcpServers }`, createMcpClient / defineMcpClient.
 * - Telemetry: Genkit opens an OpenTelemetry span for every generate, tool and flow; they leave the
 *   process only when an exporter is enabled (`enableFirebaseTelemetry()`, `enableGoogleCloudTelemetry()`).
 */

/** Plugin factories that make a model client: provider (a PROVIDER_DEFAULTS key) and the base-URL option each takes. */
const PLUGINS: Record<string, Record<string, { provider: string; baseOption?: string; defaultsFrom?: string }>> = {
  "@genkit-ai/google-genai": { googleAI: { provider: "googleai", baseOption: "baseUrl" }, vertexAI: { provider: "vertexai" } },
  // The 1.x plugins these replaced (@genkit-ai/googleai was removed in 1.29): same options.
  "@genkit-ai/googleai": { googleAI: { provider: "googleai", baseOption: "baseUrl" }, gemini: { provider: "googleai", baseOption: "baseUrl" } },
  "@genkit-ai/vertexai": { vertexAI: { provider: "vertexai" } },
  // compat-oai: `new OpenAI({ ...options })` (src/index.ts), so an unset baseURL falls back to OPENAI_BASE_URL.
  "@genkit-ai/compat-oai": { openAICompatible: { provider: "openai", baseOption: "baseURL" }, default: { provider: "openai", baseOption: "baseURL" }, openAI: { provider: "openai", baseOption: "baseURL" }, deepSeek: { provider: "deepseek" }, xAI: { provider: "xai" } },
  "@genkit-ai/anthropic": { anthropic: { provider: "anthropic" } },
};
const TELEMETRY = new Set(["enableFirebaseTelemetry", "enableGoogleCloudTelemetry"]);
const PROMPT_MAKERS = new Set(["definePrompt"]);

export const genkit: Recognizer = {
  packages: ["genkit", "@genkit-ai/ai", "@genkit-ai/google-genai", "@genkit-ai/googleai", "@genkit-ai/vertexai", "@genkit-ai/compat-oai", "@genkit-ai/anthropic", "@genkit-ai/mcp", "@genkit-ai/google-cloud"],
  // @genkit-ai/core holds the action runtime; @genkit-ai/firebase's telemetry is read, its Firestore retriever is not (it stays unread).
  alsoReads: (m) => ["@genkit-ai/core", "@genkit-ai/firebase"].includes(npmPackageOf(m) ?? ""),
  recognize(site, b) {
    const r = site.root!;
    const pkg = npmPackageOf(r.module) ?? r.module;
    if (!r.instance && site.q.path.length === 0) {
      if (TELEMETRY.has(r.name)) return telemetry(site, b);
      if (pkg === "@genkit-ai/mcp") return mcpServers(site, b);
      const plugin = PLUGINS[pkg]?.[r.name];
      if (plugin) return modelPlugin(site, b, plugin, r.name === "default" ? "openAICompatible" : r.name);
      return;
    }
    if (!r.instance || site.q.root.k !== "instance") return;
    // What the receiver was made by: `genkit(…)` itself ([]), `ai.definePrompt(…)`, `ai.chat(…)`, `ai.defineTool(…)`.
    const madeBy = site.q.root.ctor.path;
    const maker = madeBy[madeBy.length - 1];
    const path = site.q.path;
    if (maker === undefined && path.length === 1) return onInstance(site, b, path[0]!);
    if (maker && PROMPT_MAKERS.has(maker) && (path.length === 0 || (path.length === 1 && path[0] === "stream"))) return promptCall(site, b);
    if (maker === "chat" && path.length === 1 && (path[0] === "send" || path[0] === "sendStream")) return chatSend(site, b);
    if ((maker === "defineTool" || maker === "dynamicTool") && path.length === 1 && (path[0] === "restart" || path[0] === "respond")) return resumed(site, b);
    if ((maker === "createSession" || maker === "loadSession") && path.length === 1 && path[0] === "chat") return chat(site, b);
  },
};

/** A method of the Genkit instance (`ai.generate`, `ai.definePrompt`, `ai.defineTool`, `ai.chat`, …). */
function onInstance(site: CallSite, b: Builder, method: string): void {
  switch (method) {
    case "generate":
    case "generateStream": return generate(site, b, method);
    case "definePrompt": return definePrompt(site, b);
    case "defineTool":
    case "dynamicTool": return defineTool(site, b);
    case "defineInterrupt": {
      const name = declaredToolName(site, [site.arg(0)]);
      // Every call of an interrupt stops the loop and hands the request to a person (tool.ts interrupt()).
      addTool(b, site, { framework: "genkit", ...(name ? { name } : {}), approval: { v: { k: "bool", v: true }, loc: site.loc }, body: undefined });
      return;
    }
    case "chat": return chat(site, b);
    case "defineMcpHost":
    case "defineMcpClient": return;
  }
}

/** The bound a run's `maxTurns` gives, or Genkit's default. */
function turns(site: CallSite, opts: Sym | undefined, dflt: Bound = defaultBound(DEFAULTS.genkitMaxTurns)): { bound: Bound; boundLoc?: SourceLocation } {
  const mt = site.prop(opts, "maxTurns");
  const bound = mt ? toBound(mt.v) : undefined;
  return bound && mt ? { bound, boundLoc: mt.loc } : { bound: dflt };
}

/**
 * Tool names in a Genkit `tools` array: tools and prompts made in the project (by their `name`),
 * and names of registered tools given as strings. `"host:tool/*"` strings name tools of an MCP host
 * or another dynamic provider, which the source does not list.
 */
function genkitTools(site: CallSite, opts: Sym | undefined): { tools: string[]; opaqueTools?: AgentRun["opaqueTools"] } {
  const p = site.prop(opts, "tools");
  const opaque = opaqueTools(site, opts, "genkit");
  const names: string[] = [];
  const arr = site.R(p?.v);
  if (p && arr?.k === "arr") for (const it of arr.items) {
    const t = site.R(it);
    if (t?.k === "call") {
      const n = declaredToolName(site, t.args);
      if (n) names.push(n);
    } else if (t?.k === "str") {
      if (t.v.includes(":")) opaque.push({ text: JSON.stringify(t.v), reason: `tools of the dynamic action provider ${t.v.slice(0, t.v.indexOf(":"))} (an MCP host or client), listed at run time`, loc: p.loc });
      else names.push(t.v);
    }
  }
  return { tools: names, ...(opaque.length ? { opaqueTools: opaque } : {}) };
}

function generate(site: CallSite, b: Builder, method: string): void {
  const opts = site.arg(0);
  const ro = runOptions(site, opts, b);
  const api = `ai.${method} (Genkit)`;
  if (!site.has(opts, "tools")) return addModelCall(b, site, { framework: "genkit", api, telemetry: false, signal: ro.signal });
  const { bound, boundLoc } = turns(site, opts);
  addRun(b, site, { framework: "genkit", api, bound, ...(boundLoc ? { boundLoc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry: false, ...genkitTools(site, opts) });
}

/** Prompts and chats made in the project (by their construction), and the run each stands for; undefined for one without tools. */
const runsByMaker = new WeakMap<Builder, Map<string, number | undefined>>();
function makers(b: Builder): Map<string, number | undefined> {
  return runsByMaker.get(b) ?? runsByMaker.set(b, new Map()).get(b)!;
}

function definePrompt(site: CallSite, b: Builder): void {
  const opts = site.arg(0);
  if (!site.has(opts, "tools")) return void makers(b).set(ctorKey(site.ir), undefined);
  const name = declaredToolName(site, [opts]);
  const { bound, boundLoc } = turns(site, opts);
  const idx = addRun(b, site, { framework: "genkit", api: `ai.definePrompt${name ? ` "${name}"` : ""} (Genkit)`, bound, ...(boundLoc ? { boundLoc } : {}), signal: false, telemetry: false, ...genkitTools(site, opts) });
  makers(b).set(ctorKey(site.ir), idx);
}

/** Options of one call of a prompt or chat: they override the run's maxTurns and give it a signal. */
function applyCallOptions(site: CallSite, b: Builder, idx: number, opts: Sym | undefined): void {
  const run = b.facts.agentRuns[idx]!;
  const ro = runOptions(site, opts, b);
  run.signal ||= ro.signal;
  if (ro.timeout) run.timeout ??= ro.timeout;
  const mt = site.prop(opts, "maxTurns");
  const bound = mt ? toBound(mt.v) : undefined;
  if (bound && mt) Object.assign(run, { bound, boundLoc: mt.loc });
  b.markAction(site, ro.signal);
}

/** `prompt(input, opts)` / `prompt.stream(input, opts)`: its run when the prompt has tools, else one model call (or a run given tools here). */
function promptCall(site: CallSite, b: Builder): void {
  const key = ctorKey(site.root!.call!);
  const opts = site.arg(1);
  const idx = makers(b).get(key);
  if (idx !== undefined) return applyCallOptions(site, b, idx, opts);
  oneCall(site, b, opts, `prompt${site.q.path.length ? ".stream" : ""}() (Genkit)`);
}

/** A call with no run of its own: a tool loop when it is given tools here, else one model call. */
function oneCall(site: CallSite, b: Builder, opts: Sym | undefined, api: string): void {
  const ro = runOptions(site, opts, b);
  if (!site.has(opts, "tools")) return addModelCall(b, site, { framework: "genkit", api, telemetry: false, signal: ro.signal });
  const { bound, boundLoc } = turns(site, opts);
  addRun(b, site, { framework: "genkit", api, bound, ...(boundLoc ? { boundLoc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry: false, ...genkitTools(site, opts) });
}

/** `ai.chat(prompt?, opts?)` / `session.chat(…)`: a chat runs its prompt (or its own options) on every send. */
function chat(site: CallSite, b: Builder): void {
  const first = site.arg(0);
  const preamble = first?.k === "call" ? makers(b).get(ctorKey(first)) : undefined;
  if (preamble !== undefined) return void makers(b).set(ctorKey(site.ir), preamble);
  const opts = first?.k === "obj" ? first : site.arg(1);
  if (!site.has(opts, "tools")) return void makers(b).set(ctorKey(site.ir), undefined);
  const { bound, boundLoc } = turns(site, opts);
  const idx = addRun(b, site, { framework: "genkit", api: "ai.chat (Genkit)", bound, ...(boundLoc ? { boundLoc } : {}), signal: false, telemetry: false, ...genkitTools(site, opts) });
  makers(b).set(ctorKey(site.ir), idx);
}

/** `chat.send(message | opts)`: the chat's run, or one model call for a chat without tools. */
function chatSend(site: CallSite, b: Builder): void {
  const opts = site.arg(0);
  const idx = makers(b).get(ctorKey(site.root!.call!));
  if (idx !== undefined) return applyCallOptions(site, b, idx, opts);
  oneCall(site, b, opts, `chat.${site.method} (Genkit)`);
}

/** Tools defined in the project, by construction, for `tool.restart(…)` / `tool.respond(…)`. */
const toolsByMaker = new WeakMap<Builder, Map<string, ToolDef>>();

function defineTool(site: CallSite, b: Builder): void {
  const name = declaredToolName(site, [site.arg(0)]);
  const tool = addTool(b, site, { framework: "genkit", ...(name ? { name } : {}), body: site.arg(1) });
  (toolsByMaker.get(b) ?? toolsByMaker.set(b, new Map()).get(b)!).set(ctorKey(site.ir), tool);
}

/**
 * `payment.restart(interrupt, { approved: true })` / `payment.respond(interrupt, output)`: only an
 * interrupt of that tool can be restarted or answered, so the tool pauses for a person and the app
 * resumes it here with their decision. The tool's approval is conditional, wired at this call.
 */
function resumed(site: CallSite, b: Builder): void {
  const tool = toolsByMaker.get(b)?.get(ctorKey(site.root!.call!));
  if (!tool || tool.approval !== "none") return;
  tool.approval = "conditional";
  tool.approvalLoc = site.loc;
}

function modelPlugin(site: CallSite, b: Builder, p: { provider: string; baseOption?: string }, name: string): void {
  const opts = site.arg(0);
  const base = p.baseOption ? site.prop(opts, p.baseOption) : undefined;
  const key = site.prop(opts, "apiKey");
  // `apiKey: false` leaves the key to each request's config: nothing is read from the environment.
  const keySym = key?.v.k === "bool" ? undefined : key?.v;
  addClient(b, site, { framework: "genkit", provider: p.provider, api: `${name}() (Genkit plugin)`, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(keySym ? { apiKey: keySym } : {}) });
  if (key?.v.k === "bool") b.facts.modelClients[b.facts.modelClients.length - 1]!.apiKey = { kind: "dynamic", text: "false", reason: "given per request in the model config" };
}

/**
 * Genkit's exporters: every generate, tool call and flow is already a span; these send them out.
 * Runs and tools are covered through the framework registration; single model calls are marked once
 * every file is read (registration may sit in a file read after them).
 */
function telemetry(site: CallSite, b: Builder): void {
  (b.facts.tracing.frameworks ??= []).push({ framework: "genkit", loc: site.loc });
  if (!b.compiledGraphs.has("genkit-telemetry")) b.compiledGraphs.set("genkit-telemetry", () => {
    for (const c of b.facts.modelCalls) if (c.framework === "genkit") c.telemetry = true;
  });
}

/** `createMcpHost({ mcpServers: { name: { command, args } | { url } } })`, `createMcpClient({ name, command | url })` (and define… with `ai` first). */
function mcpServers(site: CallSite, b: Builder): void {
  const name = site.root!.name;
  const defined = name === "defineMcpHost" || name === "defineMcpClient";
  const opts = site.arg(defined ? 1 : 0);
  if (name === "createMcpHost" || name === "defineMcpHost") return serverMap(site, b, site.prop(opts, "mcpServers")?.v, name);
  if (name !== "createMcpClient" && name !== "defineMcpClient") return;
  const label = site.prop(opts, "serverName")?.v ?? site.prop(opts, "name")?.v;
  const url = site.prop(opts, "url")?.v;
  if (url) return server(site, b, { name: label?.k === "str" ? label.v : "remote", source: name, transport: "http", url, headers: site.prop(opts, "headers")?.v });
  const command = commandLine(site, site.prop(opts, "command")?.v, site.prop(opts, "args")?.v);
  if (!command) return server(site, b, { name: label?.k === "str" ? label.v : "unknown", source: name, transport: "unknown" });
  server(site, b, { name: label?.k === "str" ? label.v : nameFromCommand(command), source: name, transport: "stdio", command, env: site.prop(opts, "env")?.v });
}
