import { addClient } from "../../common.js";
import type { Builder, CallSite } from "../../context.js";
import type { Sym } from "../../sym.js";
import { kw } from "../sites.js";

/**
 * Microsoft Agent Framework's chat clients (agent-framework 1.13.0: python/packages/openai, anthropic,
 * foundry, ollama, bedrock, gemini, mistral; the Azure classes of the 1.0 previews from
 * agent_framework.azure): the provider each calls, the option that moves it, and the variable it reads
 * when that option is not given (each client's settings load `<PREFIX>_BASE_URL` / `_ENDPOINT`).
 */
interface ClientKind {
  provider: string;
  /** Options that set the endpoint, first wins. */
  base?: string[];
  /** How the fix words the option when it is not base_url. */
  baseOption?: string;
  /** The variable read when no option is given. */
  env?: string;
  /** PROVIDER_DEFAULTS entry for the built-in host. */
  defaultsFrom?: string;
  /** An SDK client given instead (`async_client=AsyncOpenAI(…)`): psf reads that one where it is built. */
  inner?: string;
}

const OPENAI: ClientKind = { provider: "openai", base: ["base_url"], inner: "async_client" };
const AZURE_OPENAI: ClientKind = { provider: "azure", base: ["endpoint", "base_url"], baseOption: "endpoint=…", env: "AZURE_OPENAI_ENDPOINT", inner: "async_client" };
// A Foundry project endpoint is Azure's own service: only a gateway that serves the project API (Azure API Management) can stand in for it.
const FOUNDRY = (env: string): ClientKind => ({ provider: "azure-foundry", base: ["project_endpoint"], baseOption: "project_endpoint=…", env, inner: "project_client" });

const CLIENTS: Record<string, ClientKind> = {
  OpenAIChatClient: OPENAI,
  OpenAIChatCompletionClient: OPENAI,
  OpenAIResponsesClient: OPENAI,
  OpenAIAssistantsClient: OPENAI,
  AzureOpenAIChatClient: AZURE_OPENAI,
  AzureOpenAIResponsesClient: AZURE_OPENAI,
  AzureOpenAIAssistantsClient: AZURE_OPENAI,
  AzureAIAgentClient: FOUNDRY("AZURE_AI_PROJECT_ENDPOINT"),
  AzureAIClient: FOUNDRY("AZURE_AI_PROJECT_ENDPOINT"),
  FoundryChatClient: FOUNDRY("FOUNDRY_PROJECT_ENDPOINT"),
  FoundryAgent: FOUNDRY("FOUNDRY_PROJECT_ENDPOINT"),
  AnthropicClient: { provider: "anthropic", base: ["base_url"], inner: "anthropic_client" },
  AnthropicFoundryClient: { provider: "azure-foundry", base: ["base_url"], inner: "anthropic_client" },
  AnthropicBedrockClient: { provider: "aws-bedrock", inner: "anthropic_client" },
  AnthropicVertexClient: { provider: "google-vertex", inner: "anthropic_client" },
  OllamaChatClient: { provider: "ollama", base: ["host"], baseOption: "host=…", env: "OLLAMA_HOST", inner: "client" },
  BedrockChatClient: { provider: "aws-bedrock" },
  GeminiChatClient: { provider: "google", inner: "client" },
  MistralChatClient: { provider: "mistral", base: ["server_url"], baseOption: "server_url=…" },
};

/** The class a chat client is, with the Raw* variants (no middleware or telemetry layers) read as their layered class. */
export function chatClientKind(cls: string): ClientKind | undefined {
  return CLIENTS[cls.replace(/^Raw/, "")];
}

export function chatClient(site: CallSite, b: Builder, cls: string): void {
  const k = chatClientKind(cls)!;
  const inner = k.inner ? kw(site, k.inner) : undefined;
  // An SDK client built in the source is read where it is built (`AsyncOpenAI(base_url=…)`).
  if (inner && site.R(inner.v)?.k === "call") return;
  const base = k.base?.map((o) => kw(site, o)).find(Boolean);
  // The generic OpenAI clients go to Azure when given an Azure endpoint or credential (agent_framework_openai/_shared.py).
  const azureEp = k === OPENAI ? kw(site, "azure_endpoint") : undefined;
  const azure = k === OPENAI && (!!azureEp || !!kw(site, "credential"));
  const vertex = cls.endsWith("GeminiChatClient") && site.R(kw(site, "vertexai")?.v)?.k === "bool" && (site.R(kw(site, "vertexai")!.v) as { v: boolean }).v;
  const provider = azure ? "azure" : vertex ? "google-vertex" : k.provider;
  const given = azureEp ?? base;
  const envBase: Sym | undefined = !given && (azure ? "AZURE_OPENAI_ENDPOINT" : k.env) ? { k: "env", name: azure ? "AZURE_OPENAI_ENDPOINT" : k.env! } : undefined;
  const baseURL = given?.v ?? envBase ?? (inner ? { k: "unknown", text: site.show(inner.v), why: `the ${k.inner} it is given decides the endpoint` } as Sym : undefined);
  const baseOption = azure ? "azure_endpoint=…" : k.baseOption;
  addClient(b, site, {
    framework: "agent-framework", provider, api: cls,
    ...(baseURL ? { baseURL } : {}), ...(given ? { baseLoc: given.loc } : {}),
    ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}),
    ...(baseOption ? { baseOption } : {}), ...(k.defaultsFrom ? { defaultsFrom: k.defaultsFrom } : {}),
  });
}
