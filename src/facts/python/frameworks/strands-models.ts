import { addClient } from "../../common.js";
import { bedrockRegion } from "../../frameworks/shared.js";
import type { Builder, CallSite } from "../../context.js";
import type { Sym } from "../../sym.js";
import { kw, positional } from "../sites.js";
import { provider } from "./common.js";

/**
 * Strands' model providers (strands/models/*.py, sdk-python v1.40.0) and where each sends its calls:
 *  - BedrockModel(model_id=…, region_name=…, endpoint_url=…): bedrock-runtime in the session's region
 *    (us-west-2 when none), or endpoint_url.
 *  - OpenAIModel / OpenAIResponsesModel / AnthropicModel / WriterModel(client_args={"base_url": …}): the
 *    SDK client is built from client_args (OpenAIModel also takes a ready `client=`).
 *  - LiteLLMModel(client_args={"api_base": …, "use_litellm_proxy": True}, model_id="provider/model").
 *  - OllamaModel(host, …), LlamaCppModel(base_url="http://localhost:8080").
 *  - GeminiModel(client_args={"http_options": {"base_url": …}}) (google-genai's Client).
 *  - MistralModel, LlamaAPIModel, SageMakerAIModel: their SDKs' own endpoints; Strands documents no base-URL
 *    option for them, so the fix is an OpenAIModel on the gateway in their place.
 */

/** The base-URL option of each class, as RSG-04's fix writes it (`…` is where the URL goes). */
const MODELS: Record<string, { provider: string; key: "client_args" | "base_url" | "host" | "endpoint_url"; base: string; baseOption: string; defaultsFrom?: string }> = {
  BedrockModel: { provider: "aws-bedrock", key: "endpoint_url", base: "endpoint_url", baseOption: "endpoint_url=…", defaultsFrom: "strands-bedrock" },
  OpenAIModel: { provider: "openai", key: "client_args", base: "base_url", baseOption: 'client_args={"base_url": …}' },
  OpenAIResponsesModel: { provider: "openai", key: "client_args", base: "base_url", baseOption: 'client_args={"base_url": …}' },
  AnthropicModel: { provider: "anthropic", key: "client_args", base: "base_url", baseOption: 'client_args={"base_url": …}' },
  WriterModel: { provider: "writer", key: "client_args", base: "base_url", baseOption: 'client_args={"base_url": …}' },
  LiteLLMModel: { provider: "openai", key: "client_args", base: "api_base", baseOption: 'client_args={"api_base": …}' },
  GeminiModel: { provider: "google", key: "client_args", base: "http_options", baseOption: 'client_args={"http_options": {"base_url": …}}', defaultsFrom: "gemini-direct" },
  OllamaModel: { provider: "ollama", key: "host", base: "host", baseOption: "host=…" },
  LlamaCppModel: { provider: "llamacpp", key: "base_url", base: "base_url", baseOption: "base_url=…", defaultsFrom: "strands-llamacpp" },
  MistralModel: { provider: "mistral", key: "client_args", base: "", baseOption: 'OpenAIModel(client_args={"base_url": …}) in its place' },
  LlamaAPIModel: { provider: "llama-api", key: "client_args", base: "", baseOption: 'OpenAIModel(client_args={"base_url": …}) in its place' },
  SageMakerAIModel: { provider: "aws-sagemaker", key: "client_args", base: "", baseOption: 'OpenAIModel(client_args={"base_url": …}) in its place' },
};

export function strandsModel(site: CallSite, b: Builder, name: string): void {
  if (!name.startsWith("strands.models")) return;
  const cls = name.split(".").pop()!;
  const m = MODELS[cls];
  if (!m) return;
  const args = kw(site, "client_args")?.v;
  let base: { v: Sym; loc: import("../../types.js").SourceLocation } | undefined;
  if (m.key === "client_args") base = m.base === "http_options" ? site.prop(site.prop(args, "http_options")?.v, "base_url") : m.base ? site.prop(args, m.base) : undefined;
  else base = kw(site, m.key) ?? (m.key === "host" && positional(site, 0) ? { v: positional(site, 0)!, loc: site.loc } : undefined);
  if (base && site.R(base.v)?.k === "null") base = undefined;
  // OpenAIModel(client=…): a client the project built; where it points is read where it is made.
  if (cls === "OpenAIModel" && kw(site, "client") && site.R(kw(site, "client")!.v)?.k !== "null") return;
  const model = kw(site, "model_id");
  const proxy = site.R(site.prop(args, "use_litellm_proxy")?.v);
  const viaProxy = cls === "LiteLLMModel" && ((proxy?.k === "bool" && proxy.v) || (model?.v.k === "str" && model.v.v.startsWith("litellm_proxy/")));
  const p = viaProxy ? "litellm-proxy" : cls === "LiteLLMModel" && model?.v.k === "str" ? provider(model.v.v) : m.provider;
  const key = site.prop(args, "api_key") ?? kw(site, "api_key");
  const made = addClient(b, site, { framework: "strands", provider: p, api: cls, baseOption: m.baseOption, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(key ? { apiKey: key.v } : {}), ...(m.defaultsFrom && !viaProxy ? { defaultsFrom: m.defaultsFrom } : {}) });
  const region = cls === "BedrockModel" ? kw(site, "region_name") : undefined;
  if (region) bedrockRegion(made, region.v, region.loc);
}

/**
 * strands_tools built-ins (strands-agents/tools 0.8.6, src/strands_tools/*.py): what each does, and whether it
 * asks on the terminal before it acts. That prompt is skipped when BYPASS_TOOL_CONSENT=true (DEV=true
 * before 0.1.5); shell and python_repl also skip it with STRANDS_NON_INTERACTIVE=true. use_aws asks only
 * for mutating operations, http_request only for POST/PUT/PATCH/DELETE, editor only for changes.
 */
export const STRANDS_TOOLS: Record<string, { consent: boolean; op?: string; writes?: string; network?: boolean }> = {
  shell: { consent: true, op: "runs shell commands on this machine" },
  python_repl: { consent: true, op: "runs Python code in this process" },
  use_computer: { consent: true, op: "drives this computer (mouse, keyboard, screen)" },
  load_tool: { consent: true, op: "loads a Python file and runs it as a tool" },
  cron: { consent: true, op: "edits the crontab, which runs commands on a schedule" },
  file_write: { consent: true, writes: "writes files" },
  editor: { consent: true, writes: "creates and edits files" },
  environment: { consent: true, writes: "sets environment variables" },
  use_aws: { consent: true, writes: "calls AWS APIs, mutating ones included" },
  memory: { consent: true, writes: "stores and deletes documents in a knowledge base" },
  mem0_memory: { consent: true, writes: "stores and deletes memories" },
  http_request: { consent: true, writes: "sends HTTP requests, POST/PUT/PATCH/DELETE included", network: true },
};
