import { DEFAULTS, defaultBound } from "../defaults.js";
import { addClient, addModelCall, addRun, addTool, declaredToolName, runOptions } from "../common.js";
import { ctorKey, loc, perRun, type Builder, type CallSite, type Recognizer } from "../context.js";
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
 *   send: `{ ...requestBase, messages, ...resolvedOptions }`). The run is recorded where the prompt is called;
 *   a prompt no source line calls, where it is defined. A prompt given to another as a tool is a hand-off
 *   inside the caller's run. `ai.prompt("name")` loads a `.prompt` file psf does not read.
 * - `ai.defineTool({ name }, fn)` is a tool the model sees by `name`; `fn` is its body. A tool pauses for a
 *   person by calling the `interrupt` its second argument carries; the app then answers with
 *   `tool.restart(…)` (run it again, approved) or `tool.respond(…)` (answer in its place) (js/ai/src/tool.ts).
 *   A restart/respond of a tool in the source is read as that tool's approval wiring.
 *   `ai.defineInterrupt({ name })` is a tool whose every call waits for a person (tool.ts `interrupt()`);
 *   `use: [toolApproval({ approved })]` (@genkit-ai/middleware) interrupts every other tool of the run.
 * - Model plugins: googleAI (`baseUrl`, key from GEMINI_API_KEY, GOOGLE_API_KEY or GOOGLE_GENAI_API_KEY),
 *   vertexAI (Google Cloud credentials, `<location>-aiplatform.googleapis.com`, no base-URL option),
 *   openAICompatible / openAI (an OpenAI SDK client: `baseURL`, else OPENAI_BASE_URL), deepSeek / xAI
 *   (fixed hosts), anthropic (an Anthropic SDK client given only `apiKey`: ANTHROPIC_BASE_URL applies).
 * - `@genkit-ai/mcp`: createMcpHost / defineMcpHost `{ mcpServers }`, createMcpClient / defineMcpClient.
 * - Telemetry: Genkit opens an OpenTelemetry span for every generate, tool and flow; they leave the
 *   process only when an exporter is enabled (`enableFirebaseTelemetry()`, `enableGoogleCloudTelemetry()`).
 */

/** Plugin factories that make a model client: provider (a PROVIDER_DEFAULTS key) and the base-URL option each takes. */
const PLUGINS: Record<string, Record<string, { provider: string; baseOption?: string }>> = {
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
  // @genkit-ai/middleware's toolApproval is read where a run uses it (the package is not an AI package of its own).
  alsoReads: (m) => ["@genkit-ai/core", "@genkit-ai/firebase", "@genkit-ai/middleware"].includes(npmPackageOf(m) ?? ""),
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
    const ctor = site.q.root.ctor.root;
    if (maker === undefined && path.length === 1 && ctor.k === "import" && (ctor.name === "genkit" || ctor.name === "Genkit")) return onInstance(site, b, path[0]!);
    const invoked = path.length === 0 || (path.length === 1 && path[0] === "stream");
    if (maker && PROMPT_MAKERS.has(maker) && invoked) return promptCall(site, b);
    if (maker === "prompt" && invoked) return filePromptCall(site, b);
    if (maker === "chat" && path.length === 1 && (path[0] === "send" || path[0] === "sendStream")) return chatSend(site, b);
    if ((maker === "defineTool" || maker === "dynamicTool") && path.length === 1 && (path[0] === "restart" || path[0] === "respond")) return resumed(site, b);
    if ((maker === "createSession" || maker === "loadSession") && path.length === 1 && path[0] === "chat") return chat(site, b);
  },
};

/** A method of the Genkit instance (`ai.generate`, `ai.definePrompt`, `ai.defineTool`, `ai.chat`, …). */
function onInstance(site: CallSite, b: Builder, method: string): void {
  switch (method) {
    case "generate":
    case "generateStream": return later(b, () => generate(site, b, method));
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
  }
}

/**
 * What the recognizer collects before it records runs. Definitions and their uses sit in any file
 * order (a flow may be read before the prompt it calls), so uses are read once every file is walked.
 */
interface Prompt { site: CallSite; name?: string; opts: Sym | undefined }
interface State {
  prompts: Map<string, Prompt>;
  /** Chats by construction: the prompt they run, or their own options. */
  chats: Map<string, { prompt?: string; opts?: Sym }>;
  tools: Map<string, ToolDef>;
  /** Prompts a run reaches (called, chatted with, or handed to a called prompt as a tool). */
  reached: Set<string>;
  uses: (() => void)[];
  /** Where an exporter sends Genkit's spans out (enableFirebaseTelemetry / enableGoogleCloudTelemetry). */
  telemetry?: SourceLocation;
}
const state = perRun((b): State => {
  const s: State = { prompts: new Map(), chats: new Map(), tools: new Map(), reached: new Set(), uses: [] };
  // The deferred list LangGraph and Mastra use for work that needs every file read.
  b.compiledGraphs.set("genkit-uses", () => {
    for (const use of s.uses) use();
    unreachedPrompts(b, s);
    // Runs and tools are covered through tracing.frameworks; single model calls are marked here.
    if (s.telemetry) for (const c of b.facts.modelCalls) if (c.framework === "genkit") c.telemetry = true;
  });
  return s;
});
function later(b: Builder, use: () => void): void {
  state(b).uses.push(use);
}

/** The bound a call's `maxTurns` gives, else the prompt's, else Genkit's default. */
function turns(site: CallSite, ...opts: (Sym | undefined)[]): { bound: Bound; boundLoc?: SourceLocation } {
  for (const o of opts) {
    const mt = site.prop(o, "maxTurns");
    const bound = mt ? toBound(mt.v) : undefined;
    if (bound && mt) return { bound, boundLoc: mt.loc };
  }
  return { bound: defaultBound(DEFAULTS.genkitMaxTurns) };
}

/**
 * Tool names in Genkit `tools` arrays: tools and prompts made in the project (by their `name`), and
 * names of registered tools given as strings. A prompt given as a tool is a hand-off: the loop goes on
 * in the same generate call with that prompt's tools (action.ts applyTransferPreamble keeps the caller's
 * maxTurns and abort signal), so its tools are the run's too. `"host:tool/*"` strings name tools of an
 * MCP host or another dynamic provider, which the source does not list.
 */
function genkitTools(b: Builder, sources: { site: CallSite; opts: Sym | undefined }[], seen = new Set<string>()): { tools: string[]; opaqueTools?: AgentRun["opaqueTools"] } {
  const names: string[] = [];
  const opaque: NonNullable<AgentRun["opaqueTools"]> = [];
  const st = state(b);
  for (const { site, opts } of sources) {
    const p = site.prop(opts, "tools");
    if (!p) continue;
    opaque.push(...opaqueTools(site, opts));
    const arr = site.R(p.v);
    if (arr?.k !== "arr") continue;
    for (const it of arr.items) {
      const t = site.R(it);
      if (t?.k === "call") {
        const n = declaredToolName(site, t.args);
        if (n) names.push(n);
        const sub = st.prompts.get(ctorKey(t));
        if (sub && !seen.has(ctorKey(t))) {
          seen.add(ctorKey(t));
          st.reached.add(ctorKey(t));
          const more = genkitTools(b, [{ site: sub.site, opts: sub.opts }], seen);
          names.push(...more.tools);
          opaque.push(...(more.opaqueTools ?? []));
        }
      } else if (t?.k === "str") {
        if (t.v.includes(":")) opaque.push({ text: JSON.stringify(t.v), reason: `tools of the dynamic action provider ${t.v.slice(0, t.v.indexOf(":"))} (an MCP host or client), listed at run time`, loc: p.loc });
        else names.push(t.v);
      }
    }
  }
  return { tools: [...new Set(names)], ...(opaque.length ? { opaqueTools: opaque } : {}) };
}

/**
 * One call that runs generate: a tool loop when it has tools (its own, or its prompt's), bounded by
 * maxTurns, else one model call. `opts` are the call's options, `base` the prompt's or chat's.
 */
function runAt(site: CallSite, b: Builder, api: string, opts: Sym | undefined, base?: { site: CallSite; opts: Sym | undefined }): void {
  const ro = runOptions(site, opts, b);
  const found = genkitTools(b, [{ site, opts }, ...(base ? [base] : [])]);
  const hasTools = site.has(opts, "tools") || (base ? base.site.has(base.opts, "tools") : false);
  if (!hasTools) return addModelCall(b, site, { framework: "genkit", api, telemetry: false, signal: ro.signal });
  const call = turns(site, opts);
  const { bound, boundLoc } = call.boundLoc || !base ? call : turns(base.site, base.opts);
  toolApproval(b, [{ site, opts }, ...(base ? [base] : [])], found.tools);
  addRun(b, site, { framework: "genkit", api, bound, ...(boundLoc ? { boundLoc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry: false, ...found });
}

/**
 * `use: [toolApproval({ approved: ["search"] })]` (@genkit-ai/middleware 0.5, src/tool-approval.ts): every
 * tool call of the run whose tool is not in `approved` is interrupted until the app restarts it with
 * `{ toolApproved: true }`: a person's approval for those tools. Read only when `approved` is a literal list.
 */
function toolApproval(b: Builder, sources: { site: CallSite; opts: Sym | undefined }[], tools: string[]): void {
  for (const { site, opts } of sources) {
    const use = site.R(site.prop(opts, "use")?.v);
    if (use?.k !== "arr") continue;
    for (const it of use.items) {
      const c = site.R(it);
      const q = c?.k === "call" ? site.qualify(c.callee) : undefined;
      if (c?.k !== "call" || q?.root.k !== "import" || q.path.length || q.root.name !== "toolApproval" || npmPackageOf(q.root.module) !== "@genkit-ai/middleware") continue;
      const list = site.R(site.prop(c.args[0], "approved")?.v);
      if (list?.k !== "arr") continue;
      const pre = list.items.map((i) => site.R(i)).flatMap((i) => (i?.k === "str" ? [i.v] : []));
      if (pre.length !== list.items.length) continue;
      b.facts.approvals.push({ loc: loc(c.at), kind: "humanInTheLoopMiddleware", covers: tools.filter((t) => !pre.includes(t)) });
    }
  }
}

function generate(site: CallSite, b: Builder, method: string): void {
  runAt(site, b, `ai.${method} (Genkit)`, site.arg(0));
}

function definePrompt(site: CallSite, b: Builder): void {
  const opts = site.arg(0);
  const name = declaredToolName(site, [opts]);
  state(b).prompts.set(ctorKey(site.ir), { site, ...(name ? { name } : {}), opts });
}

const promptLabel = (p: Prompt | undefined) => `prompt${p?.name ? ` "${p.name}"` : ""}`;

/** `prompt(input, opts)` / `prompt.stream(input, opts)`: a run of the prompt here, the call's options over the prompt's. */
function promptCall(site: CallSite, b: Builder): void {
  later(b, () => {
    const st = state(b);
    const key = ctorKey(site.root!.call!);
    const p = st.prompts.get(key);
    st.reached.add(key);
    runAt(site, b, `${promptLabel(p)}${site.q.path.length ? ".stream" : ""}() (Genkit)`, site.arg(1), p && { site: p.site, opts: p.opts });
  });
}

/**
 * `ai.prompt("name")(input, opts)`: a prompt loaded from `<promptDir>/name.prompt` (genkit.ts: promptDir,
 * `./prompts` by default). Its tools and maxTurns sit in that file's front matter, which psf does not
 * read: recorded as a run whose bound and tools the source cannot show, unless the call sets them.
 */
function filePromptCall(site: CallSite, b: Builder): void {
  later(b, () => {
    const n = site.R(site.root!.call!.args[0]);
    const file = n?.k === "str" ? `${n.v}.prompt` : "a .prompt file";
    const opts = site.arg(1);
    const ro = runOptions(site, opts, b);
    const mt = site.prop(opts, "maxTurns");
    const bound = (mt ? toBound(mt.v) : undefined) ?? { kind: "dynamic" as const, text: file, reason: `maxTurns is read from ${file} in the prompt directory, which psf does not read (Genkit's default is ${DEFAULTS.genkitMaxTurns.value})` };
    const found = genkitTools(b, [{ site, opts }]);
    const opaque = [...(found.opaqueTools ?? []), { text: file, reason: "the tools a .prompt file lists (psf does not read .prompt files)", loc: site.loc }];
    addRun(b, site, { framework: "genkit", api: `ai.prompt(${n?.k === "str" ? JSON.stringify(n.v) : "…"})${site.q.path.length ? ".stream" : ""}() (Genkit)`, bound, ...(mt && bound.kind !== "dynamic" ? { boundLoc: mt.loc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry: false, tools: found.tools, opaqueTools: opaque });
  });
}

/** `ai.chat(prompt?, opts?)` / `session.chat(…)`: every send runs the chat's prompt, or its own options. */
function chat(site: CallSite, b: Builder): void {
  const first = site.arg(0);
  // A prompt (made by a call) or the chat's own generate options.
  state(b).chats.set(ctorKey(site.ir), first?.k === "call" ? { prompt: ctorKey(first) } : { opts: first?.k === "obj" ? first : site.arg(1) });
}

/** `chat.send(message | opts)`: a run of the chat's prompt (or options) here. */
function chatSend(site: CallSite, b: Builder): void {
  later(b, () => {
    const st = state(b);
    const c = st.chats.get(ctorKey(site.root!.call!));
    const p = c?.prompt ? st.prompts.get(c.prompt) : undefined;
    if (c?.prompt && p) st.reached.add(c.prompt);
    const opts = site.arg(0);
    const base = p ? { site: p.site, opts: p.opts } : c?.opts ? { site, opts: c.opts } : undefined;
    runAt(site, b, `chat.${site.method}${p ? ` (${promptLabel(p)})` : ""} (Genkit)`, opts?.k === "obj" ? opts : undefined, base);
  });
}

/**
 * A prompt with tools that no call in the source runs and no run reaches: it is run by name
 * (`ai.prompt("x")`), from a flow psf cannot follow, or from the Developer UI. It is recorded where it
 * is defined, with its own maxTurns, so its bound and tools are still checked.
 */
function unreachedPrompts(b: Builder, st: State): void {
  // A prompt handed to another as a tool is recorded with the run of the one that hands off to it.
  const handedOff = new Set<string>();
  for (const p of st.prompts.values()) {
    const arr = p.site.R(p.site.prop(p.opts, "tools")?.v);
    if (arr?.k === "arr") for (const it of arr.items) {
      const t = p.site.R(it);
      if (t?.k === "call" && st.prompts.has(ctorKey(t))) handedOff.add(ctorKey(t));
    }
  }
  for (const [key, p] of st.prompts) {
    if (st.reached.has(key) || handedOff.has(key) || !p.site.has(p.opts, "tools")) continue;
    const { bound, boundLoc } = turns(p.site, p.opts);
    addRun(b, p.site, { framework: "genkit", api: `ai.definePrompt${p.name ? ` "${p.name}"` : ""} (Genkit; no call of it found)`, bound, ...(boundLoc ? { boundLoc } : {}), signal: false, telemetry: false, ...genkitTools(b, [{ site: p.site, opts: p.opts }], new Set([key])) });
  }
}

function defineTool(site: CallSite, b: Builder): void {
  const name = declaredToolName(site, [site.arg(0)]);
  const tool = addTool(b, site, { framework: "genkit", ...(name ? { name } : {}), body: site.arg(1) });
  state(b).tools.set(ctorKey(site.ir), tool);
}

/**
 * `payment.restart(interrupt, { approved: true })` / `payment.respond(interrupt, output)`: only an
 * interrupt of that tool can be restarted or answered, so the tool pauses for a person and the app
 * resumes it here with their decision. The tool's approval is conditional, wired at this call.
 */
function resumed(site: CallSite, b: Builder): void {
  later(b, () => {
    const tool = state(b).tools.get(ctorKey(site.root!.call!));
    if (!tool || tool.approval !== "none") return;
    tool.approval = "conditional";
    tool.approvalLoc = site.loc;
  });
}

function modelPlugin(site: CallSite, b: Builder, p: { provider: string; baseOption?: string }, name: string): void {
  const opts = site.arg(0);
  const base = p.baseOption ? site.prop(opts, p.baseOption) : undefined;
  const key = site.prop(opts, "apiKey");
  // `apiKey: false` leaves the key to each request's config: nothing is read from the environment.
  const keySym = key?.v.k === "bool" ? undefined : key?.v;
  // The option named in RSG-04's fix when it is not TypeScript's usual `baseURL` (googleAI: `baseUrl`).
  const baseOption = p.baseOption && p.baseOption !== "baseURL" ? { baseOption: `${p.baseOption}: …` } : {};
  addClient(b, site, { framework: "genkit", provider: p.provider, api: `${name}() (Genkit plugin)`, ...baseOption, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(keySym ? { apiKey: keySym } : {}) });
  if (key?.v.k === "bool") b.facts.modelClients[b.facts.modelClients.length - 1]!.apiKey = { kind: "dynamic", text: "false", reason: "given per request in the model config" };
}

/**
 * Genkit's exporters: every generate, tool call and flow is already a span; these send them out.
 * Runs and tools are covered through the framework registration; single model calls are marked once
 * every file is read (registration may sit in a file read after them).
 */
function telemetry(site: CallSite, b: Builder): void {
  (b.facts.tracing.frameworks ??= []).push({ framework: "genkit", loc: site.loc });
  state(b).telemetry ??= site.loc;
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
