import type { Builder, CallSite } from "../context.js";
import type { Sym } from "../sym.js";
import type { SourceLocation } from "../types.js";
import { kw } from "./sites.js";

/**
 * What decides where a LiteLLM call goes, shared by the `litellm` recognizer and the frameworks that call
 * LiteLLM underneath (DSPy's dspy.LM): the project-wide settings made by assignment (`litellm.api_base = …`,
 * `litellm.use_litellm_proxy = True`, USE_LITELLM_PROXY) and the provider a "provider/model" string names.
 */
export interface PySettings {
  litellmApiBase?: { v: Sym; loc: SourceLocation };
  litellmUseProxy?: boolean;
  openaiBase?: { v: Sym; loc: SourceLocation };
}
const settingsOf = new WeakMap<Builder, PySettings>();

export function setPySettings(b: Builder, s: PySettings): void {
  settingsOf.set(b, s);
}

export function pySettings(b: Builder): PySettings | undefined {
  return settingsOf.get(b);
}

export function providerOfModel(model: Sym | undefined): string {
  const m = model?.k === "str" ? model.v : "";
  if (/^(anthropic\/|claude)/.test(m)) return "anthropic";
  if (/^(gemini\/|gemini)/.test(m)) return "google";
  if (/^mistral\//.test(m)) return "mistral";
  if (/^groq\//.test(m)) return "groq";
  if (/^azure\//.test(m)) return "azure";
  // LiteLLM's Ollama routes call the Ollama server (localhost:11434 unless api_base moves it).
  if (/^ollama(_chat)?\//.test(m)) return "ollama";
  if (/^together_ai\//.test(m)) return "togetherai";
  if (/^deepseek\//.test(m)) return "deepseek";
  if (/^xai\//.test(m)) return "xai";
  if (/^openrouter\//.test(m)) return "openrouter";
  return "openai";
}

/**
 * Where one LiteLLM call's options send it: `api_base`/`base_url` as given; else through the proxy when
 * the model is "litellm_proxy/…" or use_litellm_proxy (the call's, else the project's) says so; else the
 * `litellm.api_base` the project sets. With the key the call passes.
 */
export function litellmRoute(site: CallSite, b: Builder, model: Sym | undefined): { viaProxy: boolean; baseURL?: { v: Sym; loc: SourceLocation }; apiKey?: Sym } {
  const s = pySettings(b) ?? {};
  const base = kw(site, "api_base") ?? kw(site, "base_url");
  const useProxy = site.R(kw(site, "use_litellm_proxy")?.v);
  const viaProxy = (model?.k === "str" && model.v.startsWith("litellm_proxy/")) || (useProxy?.k === "bool" ? useProxy.v : s.litellmUseProxy === true);
  const baseURL = base ?? (viaProxy ? undefined : s.litellmApiBase);
  const key = kw(site, "api_key");
  return { viaProxy, ...(baseURL ? { baseURL } : {}), ...(key ? { apiKey: key.v } : {}) };
}
