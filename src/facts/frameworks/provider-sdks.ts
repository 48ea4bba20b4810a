import { DEFAULTS, defaultBound } from "../defaults.js";
import { addClient, addModelCall, addRun, runOptions } from "../common.js";
import { type CallSite, type Recognizer } from "../context.js";
import { toBound } from "../values.js";
import type { Bound, SourceLocation } from "../types.js";
import { recordFunctionTools } from "./function-tools.js";
import { npmPackageOf } from "../../sources/inventory.js";

/**
 * Provider SDKs: `openai` (OpenAI, AzureOpenAI), `@anthropic-ai/sdk` (Anthropic), and the Google,
 * Mistral, Groq and Cohere clients. Constructions are model clients (baseURL, or the SDK's env
 * default OPENAI_BASE_URL / ANTHROPIC_BASE_URL); chat.completions / responses / messages calls are model calls,
 * and so are the other paid endpoints of the same client (speech, transcription, images, embeddings).
 */
const PACKAGES: Record<string, string> = { openai: "openai", "@anthropic-ai/sdk": "anthropic", "@google/genai": "google", "@google/generative-ai": "google", "@mistralai/mistralai": "mistral", "groq-sdk": "groq", "cohere-ai": "cohere", "together-ai": "togetherai" };
const MODEL_PATHS = /(^|\.)(chat\.completions\.(create|parse|stream)|responses\.(create|stream|parse)|completions\.create|messages\.(create|stream|countTokens)|models\.generateContent(Stream)?|chat\.(complete|stream)|generateContent(Stream)?|chat|chatStream|models\.(embedContent|generateImages|generateVideos)|embed)$|(^|\.)(audio\.(speech|transcriptions|translations)\.create|images\.(generate|edit|createVariation)|embeddings\.create)$/;
/** The same paid calls on a client the walk could not name (a parameter, a class field). */
const UNKNOWN_CLIENT_PATHS = /(^|\.)(chat\.completions\.(create|parse)|responses\.create|messages\.create|audio\.(speech|transcriptions|translations)\.create|images\.(generate|edit|createVariation)|embeddings\.create)$/;

export const providerSdks: Recognizer = {
  packages: Object.keys(PACKAGES),
  recognize(site, b) {
    const r = site.root!;
    // By the package, so a subpath import (`@google/generative-ai/server`, `openai/resources`) names its provider.
    const provider = PACKAGES[npmPackageOf(r.module) ?? r.module] ?? "openai";
    if (!r.instance && site.ir.isNew && site.q.path.length === 0) {
      const opts = site.arg(0);
      const http = site.prop(opts, "httpOptions");
      const base = site.prop(opts, "baseURL") ?? site.prop(opts, "baseUrl") ?? site.prop(opts, "serverURL") ?? (http && site.prop(http.v, "baseUrl"));
      const key = site.prop(opts, "apiKey");
      const api = `new ${r.name === "default" ? (provider === "openai" ? "OpenAI" : provider === "anthropic" ? "Anthropic" : provider) : r.name}`;
      addClient(b, site, { framework: provider === "anthropic" ? "anthropic" : "openai", provider: r.name === "AzureOpenAI" ? "azure" : provider, api, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(key ? { apiKey: key.v } : {}) });
      return;
    }
    if (r.instance && RUNNER_PATHS.test(site.pathText)) return toolRunner(site, b, provider);
    if (r.instance && MODEL_PATHS.test(site.pathText)) modelCall(site, b, provider);
  },
};

/** The SDKs' own tool loops: openai `chat.completions.runTools()` and Anthropic `beta.messages.toolRunner()`. */
const RUNNER_PATHS = /(^|\.)(chat\.completions\.runTools|messages\.toolRunner)$/;

function toolRunner(site: CallSite, b: Parameters<Recognizer["recognize"]>[1], provider: string): void {
  const body = site.arg(0);
  const framework = provider === "anthropic" ? "anthropic" : "openai";
  let bound: Bound;
  let boundLoc: SourceLocation | undefined;
  if (site.pathText.endsWith("toolRunner")) {
    // No max_iterations: the runner loops until the model stops asking for tools.
    const mi = site.prop(body, "max_iterations");
    bound = mi ? toBound(mi.v) ?? { kind: "dynamic", text: site.show(mi.v), reason: "not a number" } : { kind: "unbounded", reason: "toolRunner() without max_iterations runs until the model stops calling tools" };
    boundLoc = mi?.loc;
  } else {
    const mc = site.prop(site.arg(1), "maxChatCompletions");
    bound = mc ? toBound(mc.v) ?? defaultBound(DEFAULTS.openaiRunToolsMaxChatCompletions) : defaultBound(DEFAULTS.openaiRunToolsMaxChatCompletions);
    boundLoc = mc?.loc;
  }
  const ro = runOptions(site, site.arg(1), b);
  const tools = recordFunctionTools(site, b, body, framework);
  addRun(b, site, { framework, api: site.pathText, bound, ...(boundLoc ? { boundLoc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry: site.root?.traced ?? false, tools });
}

/** `x.chat.completions.create(...)` on a client the walk could not name (a parameter, a class field). */
export function unknownClientCall(site: CallSite, b: Parameters<Recognizer["recognize"]>[1]): boolean {
  const p = site.pathText;
  if (RUNNER_PATHS.test(p)) {
    toolRunner(site, b, p.includes("messages") ? "anthropic" : "openai");
    return true;
  }
  if (!UNKNOWN_CLIENT_PATHS.test(p)) return false;
  modelCall(site, b, p.includes("messages") ? "anthropic" : "openai");
  return true;
}

function modelCall(site: CallSite, b: Parameters<Recognizer["recognize"]>[1], provider: string): void {
  const opts = site.arg(1);
  recordFunctionTools(site, b, site.arg(0), provider === "anthropic" ? "anthropic" : "openai");
  addModelCall(b, site, { framework: provider === "anthropic" ? "anthropic" : "openai", api: site.pathText, telemetry: site.root?.traced ?? false, signal: runOptions(site, opts, b).signal });
}
