import { addBuiltInTool, addClient, addModelCall } from "../common.js";
import type { Builder, CallSite } from "../context.js";
import type { Sym } from "../sym.js";
import type { SourceLocation } from "../types.js";

/**
 * LlamaIndex.TS model clients and built-in tools (checked against run-llama/LlamaIndexTS at llamaindex
 * 0.12.1: @llamaindex/openai 0.4.22, @llamaindex/anthropic, @llamaindex/ollama, @llamaindex/tools 0.2.0).
 */

type Found = { v: Sym; loc: SourceLocation } | undefined;

/**
 * The model classes and factories (`new OpenAI(…)` and `openai(…)` take the same options), the provider
 * each calls, and where its endpoint is set. OpenAI and OpenAIResponses pass `baseURL` (else the
 * OPENAI_BASE_URL variable) to the openai SDK, then spread `additionalSessionOptions` over it, so a
 * baseURL there wins (providers/openai/src/llm.ts, responses.ts, embedding.ts). The Anthropic class has
 * no base-URL option: it builds an AnthropicSession from its apiKey alone, so the Anthropic SDK's own
 * ANTHROPIC_BASE_URL applies unless the code passes `session: new AnthropicSession({ baseURL })`. Ollama
 * talks to `config.host` (the ollama client's local default otherwise). llamaindex 0.5.26 to 0.10.x re-exported
 * @llamaindex/openai, so `import { OpenAI } from "llamaindex"` is the same class (removed in 0.11, LlamaIndexTS b0cd530).
 */
const OPENAI_MODULE = /^(@llamaindex\/openai|llamaindex)(\/|$)/;
const MODELS: Record<string, { provider: string; base: "openai" | "anthropic" | "ollama"; module: RegExp }> = {
  OpenAI: { provider: "openai", base: "openai", module: OPENAI_MODULE },
  openai: { provider: "openai", base: "openai", module: OPENAI_MODULE },
  OpenAIResponses: { provider: "openai", base: "openai", module: OPENAI_MODULE },
  openaiResponses: { provider: "openai", base: "openai", module: OPENAI_MODULE },
  OpenAIEmbedding: { provider: "openai", base: "openai", module: OPENAI_MODULE },
  Anthropic: { provider: "anthropic", base: "anthropic", module: /^@llamaindex\/anthropic/ },
  anthropic: { provider: "anthropic", base: "anthropic", module: /^@llamaindex\/anthropic/ },
  Ollama: { provider: "ollama", base: "ollama", module: /^@llamaindex\/ollama/ },
  ollama: { provider: "ollama", base: "ollama", module: /^@llamaindex\/ollama/ },
};

const BASE_OPTION = { openai: "baseURL: …", anthropic: "session: new AnthropicSession({ baseURL: … })", ollama: "config: { host: … }" } as const;

/** Whether this call builds a LlamaIndex.TS model client (a class is built with `new`, a factory is called). */
export function isModel(name: string, module: string, isNew: boolean): boolean {
  const m = MODELS[name];
  return !!m && m.module.test(module) && isNew === /^[A-Z]/.test(name);
}

/** `new OpenAI({ model, apiKey, baseURL })`, `openai({ … })`, `anthropic({ … })`, `ollama({ model, config: { host } })`. */
export function model(site: CallSite, b: Builder, name: string): void {
  const m = MODELS[name]!;
  const opts = site.arg(0);
  // A client the project built itself (`session: …`) is read where it is made.
  if (site.prop(opts, "session")) return;
  let base: Found;
  if (m.base === "openai") base = site.prop(site.prop(opts, "additionalSessionOptions")?.v, "baseURL") ?? site.prop(opts, "baseURL");
  else if (m.base === "ollama") base = site.prop(site.prop(opts, "config")?.v, "host");
  const key = m.base === "ollama" ? undefined : site.prop(opts, "apiKey");
  addClient(b, site, { framework: "llamaindex", provider: m.provider, api: `${/^[A-Z]/.test(name) ? "new " : ""}${name} (LlamaIndex.TS)`, baseOption: BASE_OPTION[m.base], ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(key ? { apiKey: key.v } : {}) });
}

/** `new AnthropicSession({ apiKey, baseURL })`: the Anthropic client a LlamaIndex.TS Anthropic model is given. */
export function anthropicSession(site: CallSite, b: Builder): void {
  const opts = site.arg(0);
  const base = site.prop(opts, "baseURL");
  const key = site.prop(opts, "apiKey");
  addClient(b, site, { framework: "llamaindex", provider: "anthropic", api: "new AnthropicSession (LlamaIndex.TS)", baseOption: BASE_OPTION.anthropic, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(key ? { apiKey: key.v } : {}) });
}

/** The calls of an LLM object that send a request to the model: chat, complete, and exec (one request, then the tools it asked for). */
export const MODEL_CALLS = new Set(["chat", "complete", "exec"]);

/** `llm.chat(…)`, `llm.complete(…)`, `llm.exec(…)` on a client built in the project, or on `Settings.llm`. */
export function modelCall(site: CallSite, b: Builder, api: string): void {
  addModelCall(b, site, { framework: "llamaindex", api, telemetry: false, signal: false });
}

/**
 * The tools @llamaindex/tools 0.2.0 builds (src/tools/*.ts), by factory: the name the model sees and
 * what each does beyond answering. None asks for approval.
 */
const BUILT_IN: Record<string, { name: string; url?: string; anyUrl?: string; writes?: string }> = {
  // The model picks the language, hence the host (`<lang>.wikipedia.org`).
  wiki: { name: "wikipedia", anyUrl: "https://<lang>.wikipedia.org (the model picks the language)" },
  duckduckgo: { name: "duckduckgo_search", url: "https://duckduckgo.com" },
  weather: { name: "weather", url: "https://api.open-meteo.com" },
  // Runs the model's Python in an E2B cloud sandbox (Sandbox.create from @e2b/code-interpreter), whose host is the SDK's.
  interpreter: { name: "interpreter", anyUrl: "E2B's sandbox service (the @e2b/code-interpreter SDK chooses the host)" },
  imageGenerator: { name: "image_generator", url: "https://api.stability.ai", writes: "saves the generated image to a file" },
  documentGenerator: { name: "document_generator", writes: "writes the generated document to a file" },
  fillMissingCells: { name: "fill_missing_cells", writes: "writes the filled CSV file" },
  extractMissingCells: { name: "extract_missing_cells" },
  codeGenerator: { name: "artifact" },
  codeArtifactGenerator: { name: "code_artifact_generator" },
  documentArtifactGenerator: { name: "document_artifact_generator" },
};

/** The name a built-in tool factory's tool has, or undefined when the call is no such factory. */
export function builtInName(name: string, module: string): string | undefined {
  return /^@llamaindex\/tools/.test(module) ? BUILT_IN[name]?.name : undefined;
}

/** `wiki()`, `duckduckgo()`, `documentGenerator({ … })`: a tool the project does not write, with where it reaches and what it writes. */
export function builtInTool(site: CallSite, b: Builder, factory: string): void {
  const t = BUILT_IN[factory]!;
  const tool = addBuiltInTool(b, site, { name: t.name, framework: "llamaindex", from: "@llamaindex/tools" });
  if (t.writes) tool.writes = [{ op: `${factory}() (${t.writes})`, loc: site.loc }];
  if (t.url) b.facts.urls.push({ loc: site.loc, api: `${factory}() tool`, url: { kind: "literal", text: t.url } });
  if (t.anyUrl) b.facts.urls.push({ loc: site.loc, api: `${factory}() tool`, url: { kind: "dynamic", text: t.anyUrl, reason: factory === "wiki" ? "the model chooses the host" : "the host is set inside the library, not in this source" } });
}
