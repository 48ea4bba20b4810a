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
  thinkMaxSteps: { name: "Cloudflare Think maxSteps", value: 10, source: "@cloudflare/think 0.16 (cloudflare/agents): Think.maxSteps = 10, applied as stepCountIs(maxSteps) per chat turn" },
  deepAgentRecursionLimit: { name: "createDeepAgent recursionLimit", value: 10000, source: "deepagents (JS) 1.6.3–1.13 (libs/deepagents/src/agent.ts): createDeepAgent(…) returns createAgent(…).withConfig({ recursionLimit: 10_000 }); 25 before 1.6.3" },
  agentKitNetworkMaxIter: { name: "AgentKit createNetwork maxIter", value: 0, source: "@inngest/agent-kit 0.13: maxIter 0 means no limit" },
  langgraphPyRecursionLimit: { name: "LangGraph (Python) recursion_limit", value: 10007, source: "langgraph 1.1.4+: DEFAULT_RECURSION_LIMIT 10007 (10000 from 1.0.6, 25 before), unless LANGGRAPH_DEFAULT_RECURSION_LIMIT is set where the process starts (psf cannot see that)" },
  crewaiMaxIter: { name: "CrewAI Agent max_iter", value: 25, source: "crewai 1.15: BaseAgent max_iter = 25 (the docs say 20)" },
  openaiAgentsPyMaxTurns: { name: "OpenAI Agents (Python) Runner max_turns", value: 10, source: "openai-agents 0.22: DEFAULT_MAX_TURNS" },
  pydanticAiRequestLimit: { name: "PydanticAI UsageLimits request_limit", value: 50, source: "pydantic-ai 2.x: UsageLimits(request_limit=50) applied when none is given" },
  smolagentsMaxSteps: { name: "smolagents max_steps", value: 20, source: "smolagents 1.26: MultiStepAgent max_steps=20" },
  ag2MaxRound: { name: "AG2 GroupChat max_round", value: 10, source: "ag2 1.2: GroupChat max_round = 10" },
  ag2MaxAutoReply: { name: "AG2 max_consecutive_auto_reply", value: 100, source: "ag2 1.2: ConversableAgent.MAX_CONSECUTIVE_AUTO_REPLY = 100" },
  llamaIndexMaxIterations: { name: "LlamaIndex agent max_iterations", value: 20, source: "llama-index-core 0.14: DEFAULT_MAX_ITERATIONS = 20" },
  browserUseMaxSteps: { name: "browser-use Agent.run max_steps", value: 500, source: "browser-use 0.13.8 (browser_use/agent/service.py): Agent.run(max_steps=500) and Agent.run_sync(max_steps=500)" },
  strandsTurns: { name: "Strands Agent limits turns", value: 0, source: "strands-agents 0.1–1.40 (src/strands/event_loop/event_loop.py): the event loop recurses until the model stops asking for tools, with no turn limit; later versions take limits={\"turns\": N} on each call (strands/types/agent.py Limits), none by default" },
  strandsSwarmMaxIterations: { name: "Strands Swarm max_iterations", value: 20, source: "strands-agents 1.40 (src/strands/multiagent/swarm.py): Swarm(max_iterations=20, execution_timeout=900.0)" },
  agentFrameworkMaxIterations: { name: "Agent Framework function_invocation_configuration max_iterations", value: 40, source: "agent-framework-core 1.0–1.13 (agent_framework/_tools.py): DEFAULT_MAX_ITERATIONS = 40 model round trips per run (10 in the previews before 1.0.0b251106)" },
  agentFrameworkWorkflowMaxIterations: { name: "Agent Framework WorkflowBuilder max_iterations", value: 100, source: "agent-framework-core 1.13 (agent_framework/_workflows/_const.py): DEFAULT_MAX_ITERATIONS = 100 supersteps" },
  semanticKernelMaxAutoInvoke: { name: "Semantic Kernel FunctionChoiceBehavior maximum_auto_invoke_attempts", value: 5, source: "semantic-kernel 1.44.1 (connectors/ai/function_choice_behavior.py): DEFAULT_MAX_AUTO_INVOKE_ATTEMPTS = 5 tool-calling rounds; ChatCompletionAgent's function_choice_behavior defaults to FunctionChoiceBehavior.Auto()" },
  semanticKernelGroupChatIterations: { name: "Semantic Kernel AgentGroupChat maximum_iterations", value: 5, source: "semantic-kernel 1.44.1 (agents/strategies/termination/default_termination_strategy.py): DefaultTerminationStrategy maximum_iterations = 5 agent turns" },
  semanticKernelTerminationIterations: { name: "Semantic Kernel TerminationStrategy maximum_iterations", value: 99, source: "semantic-kernel 1.44.1 (agents/strategies/termination/termination_strategy.py): TerminationStrategy maximum_iterations = 99 agent turns" },
  agentFrameworkHarnessLoop: { name: "Agent Framework create_harness_agent loop_max_iterations", value: 10, source: "agent-framework-core 1.13 (agent_framework/_harness/_loop.py): AgentLoopMiddleware DEFAULT_MAX_ITERATIONS = 10" },
  haystackMaxAgentSteps: { name: "Haystack Agent max_agent_steps", value: 100, source: "haystack-ai 2.12–3.2 (haystack/components/agents/agent.py): Agent(max_agent_steps=100)" },
  adkMaxLlmCalls: { name: "Google ADK RunConfig max_llm_calls", value: 500, source: "google-adk: RunConfig max_llm_calls=500" },
  mastraMaxSteps: { name: "Mastra Agent maxSteps", value: 5, source: "@mastra/core 0.x: agent.generate/stream maxSteps default" },
  genkitMaxTurns: { name: "Genkit generate maxTurns", value: 5, source: "genkit 1.x (js/ai/src/generate/action.ts, 1.33.0: `maxTurns ?? 5`)" },
  // No default: the SDK passes --max-turns only when max_turns / maxTurns is set (and not 0), and Claude Code's loop has no turn limit of its own.
  claudeAgentSdkMaxTurns: { name: "Claude Code runs with no turn limit when none is given", value: 0, source: "claude-agent-sdk 0.2.143 (_internal/transport/subprocess_cli.py: `if self._options.max_turns:` adds --max-turns) and @anthropic-ai/claude-agent-sdk's maxTurns: Claude Code runs with no turn limit when none is given" },
  llamaIndexTsAgentWorkflow: { name: "LlamaIndex.TS agent workflows have no step limit", value: 0, source: "@llamaindex/workflow 1.1.24 (packages/workflow/src/agent/agent-workflow.ts): agent() / multiAgent() runs hand every tool result back to the model until it answers without a tool call; neither they nor run()/runStream() take a step or tool-call limit, and their `timeout` option is never applied" },
  llamaIndexTsMaxToolCalls: { name: "LlamaIndex.TS AgentRunner MAX_TOOL_CALLS", value: 10, source: "@llamaindex/core 0.6 (src/agent/base.ts): the deprecated AgentRunner agents (OpenAIAgent, AnthropicAgent, OllamaAgent, ReActAgent, LLMAgent) stop after MAX_TOOL_CALLS = 10 tool calls, with no option to change it" },
  openaiRunToolsMaxChatCompletions: { name: "openai runTools() maxChatCompletions", value: 10, source: "openai (openai-node) 4.x–6.x: AbstractChatCompletionRunner DEFAULT_MAX_CHAT_COMPLETIONS" },
} satisfies Record<string, FrameworkDefault>;

/**
 * Tools a framework gives every run of an agent without the source listing them, with what each
 * does. A key of the same name in the agent's own tool set replaces the built-in one.
 */
export const BUILT_IN_TOOLS: Record<string, { source: string; tools: { name: string; effect?: "write" | "delete"; op?: string }[] }> = {
  think: {
    source: "@cloudflare/think (cloudflare/agents packages/think/src/think.ts: every turn's tools start with createWorkspaceTools(this.workspace); tools/workspace.ts: none sets needsApproval)",
    tools: [
      { name: "read" }, { name: "list" }, { name: "find" }, { name: "grep" },
      { name: "write", effect: "write", op: "workspace.writeFile" },
      { name: "edit", effect: "write", op: "workspace.writeFile" },
      { name: "delete", effect: "delete", op: "workspace.rm (recursive)" },
    ],
  },
  // The Claude Agent SDK runs Claude Code, whose default tool set includes these (tools=None / no `tools`
  // option: the claude_code preset). Read-only ones (Read, Glob, Grep) and WebSearch (run by the API) are left out.
  "claude-code": {
    source: "claude-agent-sdk 0.2.143 (ClaudeAgentOptions.tools: None is Claude Code's default tool set) and Claude Code's tools reference",
    tools: [
      { name: "Bash", effect: "delete", op: "runs any shell command the model writes" },
      { name: "Write", effect: "write", op: "creates or overwrites files" },
      { name: "Edit", effect: "write", op: "edits files" },
      { name: "NotebookEdit", effect: "write", op: "edits Jupyter notebooks" },
      { name: "WebFetch", op: "fetches any URL the model gives it" },
    ],
  },
};

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
  // Ollama serves on the machine (or a host the code names); LangChain's Ollama classes default to it.
  ollama: { host: "http://localhost:11434", keyEnv: "" },
  "litellm-proxy": { envBaseURL: "LITELLM_PROXY_API_BASE", host: "http://0.0.0.0:4000", keyEnv: "LITELLM_PROXY_API_KEY" },
  // browser-use's own chat classes: ChatBrowserUse reads BROWSER_USE_LLM_URL; ChatOpenRouter and ChatCerebras default
  // base_url to the provider's host and read no variable (browser-use 0.13.8, browser_use/llm/*/chat.py).
  "browser-use": { envBaseURL: "BROWSER_USE_LLM_URL", host: "https://llm.api.browser-use.com", keyEnv: "BROWSER_USE_API_KEY" },
  "openrouter-direct": { host: "https://openrouter.ai/api/v1", keyEnv: "OPENROUTER_API_KEY" },
  // LlamaIndex's OpenAI and OpenAILike (llama-index-llms-openai, utils.py resolve_openai_credentials): api_base,
  // else OPENAI_API_BASE, else the openai module's base_url, else the OpenAI host, passed to the SDK explicitly,
  // so the SDK's own OPENAI_BASE_URL is never read.
  "llamaindex-openai": { envBaseURL: "OPENAI_API_BASE", host: "https://api.openai.com/v1", keyEnv: "OPENAI_API_KEY" },
  // CrewAI's RAG embedder `{"provider": "openai"}` (crewai/rag/embeddings/providers/openai): a pydantic-settings model whose
  // api_base falls back to EMBEDDINGS_OPENAI_API_BASE, then OPENAI_API_BASE, before the SDK's OPENAI_BASE_URL.
  "crewai-rag-openai": { envBaseURL: "OPENAI_API_BASE", host: "https://api.openai.com/v1", keyEnv: "OPENAI_API_KEY" },
  "cerebras-direct": { host: "https://api.cerebras.ai/v1", keyEnv: "CEREBRAS_API_KEY" },
  "vercel-ai-gateway": { envBaseURL: "AI_GATEWAY_BASE_URL", host: "https://ai-gateway.vercel.sh", keyEnv: "AI_GATEWAY_API_KEY" },
  // Genkit's Google plugins (@genkit-ai/google-genai 1.33): googleAI reads GEMINI_API_KEY, then GOOGLE_API_KEY, then
  // GOOGLE_GENAI_API_KEY (googleai/utils.ts), and calls its host unless given baseUrl; vertexAI authenticates with
  // Google Cloud credentials and calls `<location>-aiplatform.googleapis.com` (vertexai/client.ts), with no base-URL option.
  // Strands' BedrockModel calls bedrock-runtime in the region the AWS SDK resolves (AWS_REGION, the profile), us-west-2
  // when none is set, or endpoint_url; the region variable stands for that host (strands-agents 1.40 src/strands/models/bedrock.py,
  // sdk-typescript 1.3 models/defaults.ts). LlamaCppModel defaults base_url to a local llama.cpp server (llamacpp.py).
  "strands-bedrock": { envBaseURL: "AWS_REGION", host: "https://bedrock-runtime.us-west-2.amazonaws.com", keyEnv: "AWS_BEARER_TOKEN_BEDROCK" },
  "strands-llamacpp": { host: "http://localhost:8080", keyEnv: "" },
  googleai: { host: "https://generativelanguage.googleapis.com", keyEnv: "GEMINI_API_KEY" },
  vertexai: { host: "https://aiplatform.googleapis.com", keyEnv: "" },
  // Agent Framework's Foundry clients authenticate with an Azure credential (no key) and call the project endpoint they are given.
  "azure-foundry": { host: "https://<resource>.services.ai.azure.com", keyEnv: "" },
};

/**
 * The key variable a provider's Python SDKs read where it differs from the JavaScript one: google-genai,
 * PydanticAI's GoogleProvider and langchain-google-genai read GOOGLE_API_KEY (then GEMINI_API_KEY).
 */
export const PY_PROVIDER_KEY_ENV: Record<string, string> = { google: "GOOGLE_API_KEY" };

/** Variables that hold a provider's own endpoint (an Azure AI Foundry project's), never a gateway's: init does not propose them as url_env. */
export const PROVIDER_ENDPOINT_ENVS = new Set(["FOUNDRY_PROJECT_ENDPOINT", "AZURE_AI_PROJECT_ENDPOINT"]);

/** Hosts that are a model provider's own API: a client pointing at one bypasses any gateway. */
export const PROVIDER_HOSTS = [
  "api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com", "aiplatform.googleapis.com", "api.mistral.ai", "api.cohere.com", "api.cohere.ai",
  "api.groq.com", "api.together.xyz", "api.x.ai", "api.deepseek.com", "openai.azure.com", "api.perplexity.ai", "api.fireworks.ai", "openrouter.ai", "ai-gateway.vercel.sh",
  "bedrock-runtime", "api.replicate.com", "llm.api.browser-use.com", "api.cerebras.ai",
  // Azure AI Foundry projects (`https://<resource>.services.ai.azure.com/api/projects/<project>`): Agent Framework's FoundryChatClient.
  "services.ai.azure.com",
];

/** Environment variables that hold a provider's long-lived key (RSG-05). */
export const PROVIDER_KEY_ENVS = new Set([
  "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "GEMINI_API_KEY", "GOOGLE_GENERATIVE_AI_API_KEY", "MISTRAL_API_KEY", "COHERE_API_KEY", "CO_API_KEY",
  "GROQ_API_KEY", "TOGETHER_API_KEY", "TOGETHER_AI_API_KEY", "AZURE_OPENAI_API_KEY", "AZURE_API_KEY", "XAI_API_KEY", "DEEPSEEK_API_KEY", "PERPLEXITY_API_KEY",
  "FIREWORKS_API_KEY", "OPENROUTER_API_KEY", "REPLICATE_API_TOKEN", "HUGGINGFACE_API_KEY", "HF_TOKEN", "AI_GATEWAY_API_KEY", "AWS_BEARER_TOKEN_BEDROCK",
  "BROWSER_USE_API_KEY", "CEREBRAS_API_KEY", "GOOGLE_GENAI_API_KEY", "VERTEX_API_KEY",
]);

/**
 * Defaults that changed between versions, by the version the project pins (a lock file, or an exact
 * requirement). An unpinned project gets the newest default. LangGraph (Python) raised its default
 * recursion limit from 25 to 10000 in 1.0.6 and to 10007 in 1.1.4; browser-use raised Agent.run's
 * max_steps from 100 to 500 in 0.11.9.
 */
export const VERSIONED_DEFAULTS: { name: string; pkg: string; ecosystem: "pypi" | "npm"; steps: { from: string; value: number; source: string }[] }[] = [
  {
    name: DEFAULTS.langgraphPyRecursionLimit.name,
    pkg: "langgraph",
    ecosystem: "pypi",
    steps: [
      { from: "0", value: 25, source: "langgraph before 1.0.6: default recursion_limit 25" },
      { from: "1.0.6", value: 10000, source: "langgraph 1.0.6–1.1.3: DEFAULT_RECURSION_LIMIT 10000, unless LANGGRAPH_DEFAULT_RECURSION_LIMIT is set where the process starts (psf cannot see that)" },
      { from: "1.1.4", value: 10007, source: "langgraph 1.1.4+: DEFAULT_RECURSION_LIMIT 10007, unless LANGGRAPH_DEFAULT_RECURSION_LIMIT is set where the process starts (psf cannot see that)" },
    ],
  },
  {
    // Read off the tags of browser-use/browser-use: `max_steps: int = 100` up to 0.11.8, 500 from 0.11.9 on.
    name: DEFAULTS.browserUseMaxSteps.name,
    pkg: "browser-use",
    ecosystem: "pypi",
    steps: [
      { from: "0", value: 100, source: "browser-use before 0.11.9 (browser_use/agent/service.py): Agent.run(max_steps=100)" },
      { from: "0.11.9", value: 500, source: "browser-use 0.11.9+ (browser_use/agent/service.py): Agent.run(max_steps=500) and Agent.run_sync(max_steps=500)" },
    ],
  },
];

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0), pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** An exact version from a pin (`1.0.5`, `==1.0.5`), or undefined for a range. */
export function pinnedVersion(v: string | undefined): string | undefined {
  const m = v ? /^(?:==\s*)?v?(\d+(?:\.\d+){0,3})$/.exec(v.trim()) : null;
  return m?.[1];
}

/** Rewrite runs that rely on a versioned default to the value of the version the project pins. */
export function applyPinnedDefaults(runs: { bound: Bound }[], versionOf: (ecosystem: "pypi" | "npm", pkg: string) => string | undefined): void {
  for (const d of VERSIONED_DEFAULTS) {
    const pinned = pinnedVersion(versionOf(d.ecosystem, d.pkg));
    if (!pinned) continue;
    const step = [...d.steps].reverse().find((s) => compareVersions(pinned, s.from) >= 0);
    if (!step) continue;
    for (const r of runs) {
      if (r.bound.kind === "default" && r.bound.name === d.name) r.bound = { ...r.bound, value: step.value, source: `${step.source} (the project pins ${d.pkg} ${pinned})` };
    }
  }
}
