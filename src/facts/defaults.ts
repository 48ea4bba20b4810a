import type { Bound } from "./types.js";

/**
 * Every framework default the analysis relies on, in one table, with where it comes from. A run
 * that leaves its bound to one of these is reported as a `warn` naming the default and its value.
 */
export interface FrameworkDefault {
  /** What the source leaves unset. */
  name: string;
  value: number;
  /** The library and version the value is documented for. */
  source: string;
}

export const DEFAULTS = {
  toolLoopAgentStopWhen: { name: "ToolLoopAgent stopWhen (isStepCount(20))", value: 20, source: "AI SDK (package `ai`) 5–7: Agent / ToolLoopAgent default stop condition" },
  generateTextSteps: { name: "generateText/streamText stopWhen (one step)", value: 1, source: "AI SDK 5–7: stopWhen defaults to stepCountIs(1); AI SDK 4: maxSteps defaults to 1" },
  openaiAgentsMaxTurns: { name: "OpenAI Agents run() maxTurns", value: 10, source: "@openai/agents 0.x: DEFAULT_MAX_TURNS" },
  langgraphRecursionLimit: { name: "LangGraph recursionLimit", value: 25, source: "@langchain/langgraph 0.2–1.x: default recursionLimit" },
  agentExecutorMaxIterations: { name: "AgentExecutor maxIterations", value: 15, source: "langchain 0.1–0.3 (classic AgentExecutor)" },
  createAgentRecursionLimit: { name: "createAgent (LangGraph recursionLimit)", value: 25, source: "langchain 1.x createAgent runs on LangGraph: recursionLimit 25" },
  voltagentMaxSteps: { name: "VoltAgent Agent maxSteps", value: 5, source: "@voltagent/core 2.x: Agent maxSteps default 5 (100 with a workspace)" },
  agentKitNetworkMaxIter: { name: "AgentKit createNetwork maxIter", value: 0, source: "@inngest/agent-kit 0.13: maxIter 0 means no limit" },
  mastraMaxSteps: { name: "Mastra Agent maxSteps", value: 5, source: "@mastra/core 0.x: agent.generate/stream maxSteps default" },
  openaiRunToolsMaxChatCompletions: { name: "openai runTools() maxChatCompletions", value: 10, source: "openai (openai-node) 4.x–6.x: AbstractChatCompletionRunner DEFAULT_MAX_CHAT_COMPLETIONS" },
} satisfies Record<string, FrameworkDefault>;

export function defaultBound(d: FrameworkDefault): Bound {
  return d.value <= 1 ? { kind: "single" } : { kind: "default", value: d.value, name: d.name, source: d.source };
}

/** Base URLs SDKs use when the source gives none: the variable they read, then their built-in host. */
export const PROVIDER_DEFAULTS: Record<string, { envBaseURL?: string; host: string; keyEnv: string }> = {
  // Adapters that call the provider's host directly: they do not read the SDK's base-URL variable.
  "openai-direct": { host: "https://api.openai.com/v1", keyEnv: "OPENAI_API_KEY" },
  "anthropic-direct": { host: "https://api.anthropic.com/v1", keyEnv: "ANTHROPIC_API_KEY" },
  "gemini-direct": { host: "https://generativelanguage.googleapis.com", keyEnv: "GEMINI_API_KEY" },
  "grok-direct": { host: "https://api.x.ai/v1", keyEnv: "XAI_API_KEY" },
  openai: { envBaseURL: "OPENAI_BASE_URL", host: "https://api.openai.com/v1", keyEnv: "OPENAI_API_KEY" },
  anthropic: { envBaseURL: "ANTHROPIC_BASE_URL", host: "https://api.anthropic.com", keyEnv: "ANTHROPIC_API_KEY" },
  google: { host: "https://generativelanguage.googleapis.com", keyEnv: "GOOGLE_GENERATIVE_AI_API_KEY" },
  mistral: { host: "https://api.mistral.ai/v1", keyEnv: "MISTRAL_API_KEY" },
  cohere: { host: "https://api.cohere.com", keyEnv: "COHERE_API_KEY" },
  groq: { host: "https://api.groq.com/openai/v1", keyEnv: "GROQ_API_KEY" },
  togetherai: { host: "https://api.together.xyz/v1", keyEnv: "TOGETHER_API_KEY" },
  xai: { host: "https://api.x.ai/v1", keyEnv: "XAI_API_KEY" },
  deepseek: { host: "https://api.deepseek.com", keyEnv: "DEEPSEEK_API_KEY" },
  azure: { host: "https://<resource>.openai.azure.com", keyEnv: "AZURE_OPENAI_API_KEY" },
  "litellm-proxy": { envBaseURL: "LITELLM_PROXY_API_BASE", host: "http://0.0.0.0:4000", keyEnv: "LITELLM_PROXY_API_KEY" },
  "vercel-ai-gateway": { envBaseURL: "AI_GATEWAY_BASE_URL", host: "https://ai-gateway.vercel.sh", keyEnv: "AI_GATEWAY_API_KEY" },
};

/** Hosts that are a model provider's own API: a client pointing at one bypasses any gateway. */
export const PROVIDER_HOSTS = [
  "api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com", "aiplatform.googleapis.com", "api.mistral.ai", "api.cohere.com", "api.cohere.ai",
  "api.groq.com", "api.together.xyz", "api.x.ai", "api.deepseek.com", "openai.azure.com", "api.perplexity.ai", "api.fireworks.ai", "openrouter.ai", "ai-gateway.vercel.sh",
  "bedrock-runtime", "api.replicate.com",
];

/** Environment variables that hold a provider's long-lived key (RSG-05). */
export const PROVIDER_KEY_ENVS = new Set([
  "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "GEMINI_API_KEY", "GOOGLE_GENERATIVE_AI_API_KEY", "MISTRAL_API_KEY", "COHERE_API_KEY", "CO_API_KEY",
  "GROQ_API_KEY", "TOGETHER_API_KEY", "TOGETHER_AI_API_KEY", "AZURE_OPENAI_API_KEY", "AZURE_API_KEY", "XAI_API_KEY", "DEEPSEEK_API_KEY", "PERPLEXITY_API_KEY",
  "FIREWORKS_API_KEY", "OPENROUTER_API_KEY", "REPLICATE_API_TOKEN", "HUGGINGFACE_API_KEY", "HF_TOKEN", "AI_GATEWAY_API_KEY", "AWS_BEARER_TOKEN_BEDROCK",
]);
