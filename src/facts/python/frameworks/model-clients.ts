import { addClient } from "../../common.js";
import type { Builder, CallSite } from "../../context.js";
import type { Sym } from "../../sym.js";
import { kwargsOf } from "../names.js";
import { kw, kwOr, type PyNames } from "../sites.js";

/**
 * Model clients of LlamaIndex, Google ADK and AG2: where each sends its model calls.
 *  - LlamaIndex: `llama_index.llms.<provider>.<Class>(model=…, api_base=…)` (OpenAI, OpenAILike,
 *    AzureOpenAI, Anthropic(base_url=…), LiteLLM, GoogleGenAI/Gemini).
 *  - ADK: `LlmAgent(model="gemini-…")` calls Google directly; `LiteLlm(model="openai/…", api_base=…)`
 *    goes through LiteLLM to the provider its model names, or to api_base.
 *  - AG2: `llm_config={"config_list": [{"model", "api_key", "base_url", "api_type"}]}` (or
 *    `LLMConfig(...)` with the same entries): each entry is a client.
 */

function providerOf(model: string | undefined, fallback: string): string {
  if (!model) return fallback;
  const p = /^([\w-]+)[/:]/.exec(model)?.[1];
  if (!p) return /^gemini/.test(model) ? "google" : /^claude/.test(model) ? "anthropic" : fallback;
  return p === "gemini" || p === "vertex_ai" ? "google" : p;
}

const LLAMA_PROVIDERS: Record<string, string> = { openai: "openai", openai_like: "openai", azure_openai: "azure", anthropic: "anthropic", litellm: "openai", google_genai: "google", gemini: "google", mistralai: "mistral", groq: "groq" };

export function llamaIndexModel(site: CallSite, b: Builder, n: PyNames, name: string): boolean {
  const m = /^llama_index\.llms\.(\w+)\.(\w+)$/.exec(name);
  if (n.ctor || !m) return false;
  const base = kw(site, "api_base") ?? kw(site, "base_url") ?? kw(site, "azure_endpoint");
  const model = kw(site, "model");
  const fallback = LLAMA_PROVIDERS[m[1]!] ?? m[1]!;
  const p = m[1] === "litellm" ? providerOf(model?.v.k === "str" ? model.v.v : undefined, "openai") : fallback;
  const viaOpenAI = m[1] === "openai" || m[1] === "openai_like";
  addClient(b, site, { framework: "llamaindex", provider: p, api: `llama_index ${m[2]}`, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}), ...(viaOpenAI ? { defaultsFrom: "llamaindex-openai", baseOption: "api_base=…" } : {}) });
  return true;
}

export function adkModel(site: CallSite, b: Builder, n: PyNames, name: string): void {
  if (n.ctor) return;
  const cls = name.split(".").pop()!;
  if (cls === "LiteLlm" && name.startsWith("google.adk.models")) {
    const model = kwOr(site, "model", 0);
    const base = kw(site, "api_base") ?? kw(site, "base_url");
    addClient(b, site, { framework: "google-adk", provider: providerOf(model?.v.k === "str" ? model.v.v : undefined, "openai"), api: "LiteLlm", ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}) });
    return;
  }
  if (/^(LlmAgent|Agent)$/.test(cls) && /^google\.adk(\.agents)?/.test(name)) {
    const model = kw(site, "model");
    // A model object (LiteLlm, Claude, Gemini with its own client) is recorded where it is made.
    if (model?.v.k !== "str") return;
    addClient(b, site, { framework: "google-adk", provider: providerOf(model.v.v, "google"), api: `ADK model "${model.v.v}"`, baseLoc: model.loc });
  }
}

/** AG2's llm_config: a dict with config_list, a single entry dict, or LLMConfig(...). */
export function ag2Models(site: CallSite, b: Builder): void {
  const cfg = kw(site, "llm_config");
  if (!cfg) return;
  for (const entry of configEntries(site, cfg.v)) {
    const model = site.prop(entry, "model")?.v;
    const type = site.prop(entry, "api_type")?.v;
    const base = site.prop(entry, "base_url");
    const key = site.prop(entry, "api_key");
    const p = type?.k === "str" ? (type.v === "azure" ? "azure" : type.v) : providerOf(model?.k === "str" ? model.v : undefined, "openai");
    addClient(b, site, { framework: "autogen", provider: p, api: `AG2 llm_config${model?.k === "str" ? ` "${model.v}"` : ""}`, ...(base ? { baseURL: base.v, baseLoc: base.loc } : { baseLoc: cfg.loc }), ...(key ? { apiKey: key.v } : {}) });
  }
}

function configEntries(site: CallSite, s: Sym): Sym[] {
  let v = site.R(s);
  // LLMConfig(config_list=[…]) or LLMConfig({"model": …}) / LLMConfig(model=…)
  if (v?.k === "call") {
    const kwargs = site.R(kwargsOf(v.args));
    const first = site.R(v.args[0]);
    v = kwargs?.k === "obj" && ("config_list" in kwargs.props || "model" in kwargs.props) ? kwargs : first?.k === "obj" ? first : undefined;
  }
  if (v?.k !== "obj") return [];
  const list = site.prop(v, "config_list")?.v;
  if (list?.k === "arr") return list.items.map((i) => site.R(i)).filter((i): i is Sym => i?.k === "obj");
  return "model" in v.props ? [v] : [];
}
