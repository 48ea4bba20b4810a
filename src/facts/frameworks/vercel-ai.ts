import { DEFAULTS, defaultBound } from "../defaults.js";
import { addClient, addModelCall, addRun, addTool, runOptions, toolNames } from "../common.js";
import { ctorKey, type Builder, type CallSite, type Recognizer } from "../context.js";
import { toBound } from "../values.js";
import type { Bound, SourceLocation } from "../types.js";

/**
 * Vercel AI SDK v4–v7 (`ai`, `@ai-sdk/*`): generateText/streamText (maxSteps in v4, stopWhen in v5+),
 * ToolLoopAgent / Agent (default isStepCount(20)), tool({ needsApproval }), experimental_telemetry,
 * and the provider packages (createOpenAI({ baseURL }), the default `openai(...)` provider).
 */
const TEXT_CALLS = new Set(["generateText", "streamText", "generateObject", "streamObject", "experimental_generateText", "experimental_streamText"]);
const AGENT_CLASSES = new Set(["ToolLoopAgent", "Experimental_Agent", "Agent"]);
const PROVIDER_OF: Record<string, string> = { "@ai-sdk/openai": "openai", "@ai-sdk/anthropic": "anthropic", "@ai-sdk/google": "google", "@ai-sdk/mistral": "mistral", "@ai-sdk/cohere": "cohere", "@ai-sdk/groq": "groq", "@ai-sdk/togetherai": "togetherai", "@ai-sdk/xai": "xai", "@ai-sdk/deepseek": "deepseek", "@ai-sdk/azure": "azure", "@ai-sdk/gateway": "vercel-ai-gateway" };

export const vercelAi: Recognizer = {
  matches: (m) => m === "ai" || m.startsWith("@ai-sdk/"),
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
  // generateText({ ... }) / streamText({ ... })
  if (!r.instance && path.length === 0 && TEXT_CALLS.has(r.name)) {
    const opts = site.arg(0);
    const telemetry = telemetryOn(site, opts);
    const ro = runOptions(site, opts, b);
    if (site.has(opts, "tools")) {
      const { bound, boundLoc } = stepBound(site, opts, defaultBound(DEFAULTS.generateTextSteps));
      addRun(b, site, { framework: "vercel-ai", api: r.name, bound, ...(boundLoc ? { boundLoc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry, tools: toolNames(site, site.prop(opts, "tools")?.v, b) });
    } else {
      addModelCall(b, site, { framework: "vercel-ai", api: r.name, telemetry, signal: ro.signal });
    }
    modelString(site, opts, b);
    return;
  }
  // new ToolLoopAgent({ ... })
  if (!r.instance && path.length === 0 && site.ir.isNew && AGENT_CLASSES.has(r.name)) {
    const opts = site.arg(0);
    const { bound, boundLoc } = stepBound(site, opts, defaultBound(DEFAULTS.toolLoopAgentStopWhen));
    const ro = runOptions(site, opts, b);
    const idx = addRun(b, site, { framework: "vercel-ai", api: `new ${r.name}`, bound, ...(boundLoc ? { boundLoc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry: telemetryOn(site, opts), tools: toolNames(site, site.prop(opts, "tools")?.v, b) });
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
    addTool(b, site, { framework: "vercel-ai", ...(site.prop(opts, "needsApproval") ? { approval: site.prop(opts, "needsApproval")! } : {}), body: site.prop(opts, "execute")?.v });
  }
}

/** A model given as a string (`model: "openai/gpt-4o"`) goes through Vercel's AI Gateway by default. */
function modelString(site: CallSite, opts: Parameters<CallSite["prop"]>[0], b: Builder): void {
  const m = site.prop(opts, "model");
  if (m && m.v.k === "str" && m.v.v.includes("/")) {
    addClient(b, site, { framework: "vercel-ai", provider: "vercel-ai-gateway", api: `model "${m.v.v}" (AI Gateway default)`, baseLoc: m.loc });
    b.facts.modelClients[b.facts.modelClients.length - 1]!.loc = m.loc;
  }
}

function recognizeProvider(site: CallSite, b: Builder): void {
  const r = site.root!;
  const provider = PROVIDER_OF[r.module] ?? r.module.slice("@ai-sdk/".length);
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
    addClient(b, site, { framework: "vercel-ai", provider, api: `${r.name === "default" ? provider : r.name} (default provider)` });
  }
}
