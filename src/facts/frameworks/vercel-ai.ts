import { DEFAULTS, defaultBound } from "../defaults.js";
import { aiSdkClient } from "./mcp.js";
import { addClient, addModelCall, addRun, addTool, runOptions, toolNames } from "../common.js";
import { ctorKey, loc, type Builder, type CallSite, type Recognizer } from "../context.js";
import { toBound } from "../values.js";
import type { Sym } from "../sym.js";
import type { Bound, SourceLocation, ToolDef } from "../types.js";
import { addDefaultClient, opaqueTools, thisClassTools } from "./shared.js";

/**
 * Vercel AI SDK v4–v7 (`ai`, `@ai-sdk/*`): generateText/streamText (maxSteps in v4, stopWhen in v5+),
 * ToolLoopAgent / Agent (default isStepCount(20)), tool({ needsApproval }), experimental_telemetry,
 * and the provider packages (createOpenAI({ baseURL }), the default `openai(...)` provider).
 */
const TEXT_CALLS = new Set(["generateText", "streamText", "generateObject", "streamObject", "experimental_generateText", "experimental_streamText"]);
/** The AI SDK's other model calls: one paid call each, no tool loop. */
const OTHER_MODEL_CALLS = new Set(["embed", "embedMany", "generateImage", "experimental_generateImage", "transcribe", "experimental_transcribe", "generateSpeech", "experimental_generateSpeech"]);
const AGENT_CLASSES = new Set(["ToolLoopAgent", "Experimental_Agent", "Agent"]);
const PROVIDER_OF: Record<string, string> = { "@ai-sdk/openai": "openai", "@ai-sdk/anthropic": "anthropic", "@ai-sdk/google": "google", "@ai-sdk/mistral": "mistral", "@ai-sdk/cohere": "cohere", "@ai-sdk/groq": "groq", "@ai-sdk/togetherai": "togetherai", "@ai-sdk/xai": "xai", "@ai-sdk/deepseek": "deepseek", "@ai-sdk/azure": "azure", "@ai-sdk/gateway": "vercel-ai-gateway" };

export const vercelAi: Recognizer = {
  // Every provider package (`@ai-sdk/openai`, …) and the UI hooks, which it knows call no model; not MCP clients.
  packages: ["ai", "@ai-sdk/*", "!@ai-sdk/mcp"],
  recognize(site, b) {
    const r = site.root!;
    if (r.module === "ai") return recognizeCore(site, b);
    return recognizeProvider(site, b);
  },
};

function telemetryOn(site: CallSite, opts: Parameters<CallSite["prop"]>[0]): boolean {
  const t = site.prop(opts, "experimental_telemetry") ?? site.prop(opts, "telemetry");
  if (!t) return false;
  const enabled = site.prop(t.v, "isEnabled");
  return !(enabled && enabled.v.k === "bool" && !enabled.v.v);
}

function stepBound(site: CallSite, opts: Parameters<CallSite["prop"]>[0], dflt: Bound): { bound: Bound; boundLoc?: SourceLocation } {
  const sw = site.prop(opts, "stopWhen");
  if (sw) return { bound: toBound(sw.v) ?? dflt, boundLoc: sw.loc };
  const ms = site.prop(opts, "maxSteps");
  if (ms) return { bound: toBound(ms.v) ?? dflt, boundLoc: ms.loc };
  return { bound: dflt };
}

function recognizeCore(site: CallSite, b: Builder): void {
  const r = site.root!;
  const path = site.q.path;
  if (!r.instance && path.length === 0 && (r.name === "experimental_createMCPClient" || r.name === "createMCPClient")) return aiSdkClient(site, b);
  // generateText({ ... }) / streamText({ ... })
  if (!r.instance && path.length === 0 && TEXT_CALLS.has(r.name)) {
    const opts = site.arg(0);
    const telemetry = telemetryOn(site, opts);
    const ro = runOptions(site, opts, b);
    if (site.has(opts, "tools")) {
      const { bound, boundLoc } = stepBound(site, opts, defaultBound(DEFAULTS.generateTextSteps));
      addRun(b, site, { framework: "vercel-ai", api: r.name, bound, ...(boundLoc ? { boundLoc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry, ...runTools(site, opts, b) });
    } else {
      addModelCall(b, site, { framework: "vercel-ai", api: r.name, telemetry, signal: ro.signal });
    }
    modelString(site, opts, b);
    return;
  }
  if (!r.instance && path.length === 0 && OTHER_MODEL_CALLS.has(r.name)) {
    const opts = site.arg(0);
    addModelCall(b, site, { framework: "vercel-ai", api: r.name, telemetry: telemetryOn(site, opts), signal: runOptions(site, opts, b).signal });
    return;
  }
  // new ToolLoopAgent({ ... })
  if (!r.instance && path.length === 0 && site.ir.isNew && AGENT_CLASSES.has(r.name)) {
    const opts = site.arg(0);
    const { bound, boundLoc } = stepBound(site, opts, defaultBound(DEFAULTS.toolLoopAgentStopWhen));
    const ro = runOptions(site, opts, b);
    const idx = addRun(b, site, { framework: "vercel-ai", api: `new ${r.name}`, bound, ...(boundLoc ? { boundLoc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry: telemetryOn(site, opts), ...runTools(site, opts, b) });
    b.agentByCtor.set(ctorKey(site.ir), idx);
    modelString(site, opts, b);
    return;
  }
  // agent.generate({ abortSignal }) / agent.stream(...) on a ToolLoopAgent
  if (r.instance && r.call && AGENT_CLASSES.has(r.name) && (site.method === "generate" || site.method === "stream")) {
    const idx = b.agentByCtor.get(ctorKey(r.call));
    const opts = site.arg(0);
    const ro = runOptions(site, opts, b);
    if (idx !== undefined) {
      const run = b.facts.agentRuns[idx]!;
      run.signal ||= ro.signal;
      if (ro.timeout) run.timeout ??= ro.timeout;
      if (telemetryOn(site, opts)) run.telemetry = true;
    }
    b.markAction(site, ro.signal);
    return;
  }
  // tool({ description, inputSchema, execute, needsApproval })
  if (!r.instance && path.length === 0 && (r.name === "tool" || r.name === "dynamicTool")) {
    const opts = site.arg(0);
    const tool = addTool(b, site, { framework: "vercel-ai", ...(site.prop(opts, "needsApproval") ? { approval: site.prop(opts, "needsApproval")! } : {}), body: site.prop(opts, "execute")?.v });
    // No execute at all (and nothing spread in that could hold one): the client runs the tool.
    const o = site.R(opts);
    if (o?.k === "obj" && !o.spread && !("execute" in o.props)) tool.clientSide = true;
  }
}

/**
 * A model given as a string (`model: "openai/gpt-4o"`) goes through the AI SDK's global provider,
 * Vercel's AI Gateway by default: one client per process, so one finding per file.
 */
function modelString(site: CallSite, opts: Parameters<CallSite["prop"]>[0], b: Builder): void {
  const m = site.prop(opts, "model");
  if (m && m.v.k === "str" && m.v.v.includes("/")) {
    addDefaultClient(b, site, "vercel-ai-gateway", "calls with a string model in this file use the AI Gateway default provider", { framework: "vercel-ai", provider: "vercel-ai-gateway", api: `model "${m.v.v}" (AI Gateway default)`, baseLoc: m.loc }, m.loc);
  }
}

/** A run's tools: names, tools written as plain objects (`{ description, inputSchema, execute }`), and tool sets the source cannot show. */
function runTools(site: CallSite, opts: Sym | undefined, b: Builder): { tools: string[]; opaqueTools?: ReturnType<typeof opaqueTools> } {
  const raw = site.prop(opts, "tools")?.v;
  const names = thisClassTools(b, site, raw) ?? toolNames(site, raw, b);
  plainObjectTools(site, raw, b);
  const opaque = opaqueTools(site, opts);
  return { tools: names, ...(opaque.length ? { opaqueTools: opaque } : {}) };
}

/**
 * `tools: { getTransactions: { description, inputSchema, execute } }`: an AI SDK tool need not go
 * through `tool()`; any object with an `execute` (or an input schema) under a key is one. Tools made
 * by `tool()` or a provider's `tools.x()` are calls and are recorded where they are made.
 */
function plainObjectTools(site: CallSite, raw: Sym | undefined, b: Builder): void {
  const t = site.R(raw);
  if (t?.k !== "obj") return;
  for (const [key, p] of Object.entries(t.props)) {
    const v = site.R(p.v);
    if (v?.k !== "obj") continue;
    const exec = site.prop(v, "execute");
    if (!exec && !site.has(v, "inputSchema") && !site.has(v, "parameters")) continue;
    const at = loc(p.at);
    if (b.facts.tools.some((x) => x.name === key && x.loc.file === at.file && x.loc.line === at.line && x.loc.column === at.column)) continue;
    const appr = site.prop(v, "needsApproval");
    const tool: ToolDef = addTool(b, site, { name: key, framework: "vercel-ai", ...(appr ? { approval: appr } : {}), body: exec?.v });
    tool.loc = at;
    delete tool.varName;
  }
}

/** Provider-defined tools that act on the machine they run on. */
function capabilityOf(name: string): "shell" | "computer" | "text-editor" | undefined {
  if (/shell|bash/i.test(name)) return "shell";
  if (/^computer/i.test(name)) return "computer";
  if (/text_?editor|str_?replace/i.test(name)) return "text-editor";
  return undefined;
}

/** @ai-sdk packages that are not model providers: UI hooks post to the app's own route, and the rest are plumbing. */
const NOT_PROVIDERS = new Set(["@ai-sdk/react", "@ai-sdk/vue", "@ai-sdk/svelte", "@ai-sdk/angular", "@ai-sdk/solid", "@ai-sdk/rsc", "@ai-sdk/ui-utils", "@ai-sdk/provider", "@ai-sdk/provider-utils", "@ai-sdk/mcp", "@ai-sdk/otel"]);

function recognizeProvider(site: CallSite, b: Builder): void {
  const r = site.root!;
  if (NOT_PROVIDERS.has(r.module)) return;
  const provider = PROVIDER_OF[r.module] ?? r.module.slice("@ai-sdk/".length);
  // Provider-defined tools: `openai.tools.localShell({ execute })`, `anthropic.tools.bash_20250124({ execute })`,
  // also on a provider made by createX(...). Named by their key in the tools object (set after the walk).
  if (site.q.path.length === 2 && site.q.path[0] === "tools" && !site.ir.isNew) {
    const kind = site.q.path[1]!;
    const opts = site.arg(0);
    const appr = site.prop(opts, "needsApproval");
    const capability = capabilityOf(kind);
    const tool = addTool(b, site, { name: site.ir.propKey ?? site.ir.varName ?? kind, framework: "vercel-ai", ...(appr ? { approval: appr } : {}), body: site.prop(opts, "execute")?.v });
    tool.provider = { api: `${r.instance ? provider : r.name}.tools.${kind}`, ...(capability ? { capability } : {}) };
    return;
  }
  if (r.instance) return; // calls on a provider made by createX(...) are that client's models
  if (site.q.path.length === 0 && /^create[A-Z]/.test(r.name)) {
    const opts = site.arg(0);
    const base = site.prop(opts, "baseURL") ?? site.prop(opts, "baseUrl");
    addClient(b, site, { framework: "vercel-ai", provider, api: r.name, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(site.prop(opts, "apiKey") ? { apiKey: site.prop(opts, "apiKey")!.v } : {}) });
    return;
  }
  // The default provider instance: `openai("gpt-4o")`, `anthropic.messages(...)`, `openai.responses(...)`.
  if (/^[a-z]/.test(r.name) && r.name !== "default" || r.name === "default") {
    if (site.q.path.length > 1) return;
    const api = `${r.name === "default" ? provider : r.name} (default provider)`;
    addDefaultClient(b, site, `default-provider:${provider}`, `calls of the default ${provider} provider in this file`, { framework: "vercel-ai", provider, api });
  }
}
