/**
 * Facts extracted from the agent's source in one parse and one walk (the source-analysis stage).
 * Controls are pure functions over (manifest, facts); none re-reads or re-walks the source.
 *
 * `Facts` is undefined in a control's context when source analysis did not run; source controls
 * then report `error` ("source analysis not available"), which blocks readiness.
 *
 * Everything here is plain data (JSON-serialisable). Secret values never appear: a secret-shaped
 * literal is stored redacted (`sk-…abcd`) and nothing else keeps source text longer than a short
 * expression excerpt.
 */
export interface SourceLocation {
  /** Relative to the manifest's folder, with `/`. */
  file: string;
  line: number;
  column: number;
}

/** A half-open character range [start, end) inside one file, for "is X inside Y" questions. */
export interface Span {
  file: string;
  start: number;
  end: number;
}

export type Framework = "vercel-ai" | "openai-agents" | "langgraph" | "langchain" | "mastra" | "voltagent" | "agent-kit" | "cloudflare-agents" | "deepagents" | "genkit" | "openai" | "anthropic" | "http" | "hand-written" | "litellm" | "crewai" | "pydantic-ai" | "smolagents" | "autogen" | "llamaindex" | "google-adk" | "browser-use" | "agno" | "agent-framework" | "semantic-kernel" | "claude-agent-sdk" | "strands" | "haystack" | "dspy";

/** A string the source computes, as far as a reviewer can tell without running it. */
export type StringValue =
  /** Fully known. */
  | { kind: "literal"; text: string; via?: string }
  /** A known constant prefix followed by run-time text (`${BASE}/asn/${id}`, `new URL(p, BASE)`). */
  | { kind: "prefix"; prefix: string; text: string; via?: string }
  /** Read from an environment variable (with a literal fallback when `?? "…"` gives one). */
  | { kind: "env"; name: string; fallback?: string }
  /** Decided at run time with no known prefix. */
  | { kind: "dynamic"; text: string; reason: string }
  /** The option is not given at all (the library's default applies). */
  | { kind: "absent" };

/** How many model steps / turns / iterations an agent run may take. */
export type Bound =
  | { kind: "literal"; value: number; via?: string }
  /** The framework's default applies; `name` and `source` come from facts/defaults.ts. */
  | { kind: "default"; value: number; name: string; source: string }
  /** Explicitly unbounded (`maxTurns: null`, `isLoopFinished()`). */
  | { kind: "unbounded"; reason: string }
  /** A bound exists but its value is only known at run time. */
  | { kind: "dynamic"; text: string; reason: string }
  /** One model call, no loop (e.g. `generateText` without tools). */
  | { kind: "single" };

/** A model or paid-API client: a constructed SDK client, a provider factory, or a default provider. */
export interface ModelClient {
  loc: SourceLocation;
  framework: Framework;
  /** The provider the client talks to by default: openai, anthropic, google, mistral, … */
  provider: string;
  /** `new OpenAI`, `createOpenAI`, `openai (default provider)`, `new ChatOpenAI`, … */
  api: string;
  /** The base URL option as given; `absent` means the library default (see envDefault). */
  baseURL: StringValue;
  /** How this client's base URL is set, when not by the language's usual option (baseURL / base_url), with `…` where the URL goes: `host=…`, `http_options={"base_url": …}`. */
  baseOption?: string;
  /** With no baseURL option, the environment variable the library reads it from (if any). */
  envDefault?: string;
  /** The library's built-in host when neither option nor variable is set. */
  defaultHost?: string;
  /** The api key option: an env read, a literal (redacted), or absent. */
  apiKey?: StringValue;
  /** How this client's key is set, when not by the language's usual option (apiKey / api_key), with `…` where the key goes (RSG-05's fix). */
  keyOption?: string;
  /** Wrapped by a tracing/observability wrapper (wrapOpenAI, observeOpenAI, …). */
  traced: boolean;
  /**
   * Further sites in the same file that use this same default client (one process-wide default:
   * OpenAI Agents' default OpenAI client, AI Gateway / Mastra router string models). They are folded
   * into this first one so one root cause yields one finding.
   */
  more?: { count: number; what: string };
}

/** A single model call site (no tool loop): `chat.completions.create`, `generateText` without tools, `llm.invoke`. */
export interface ModelCall {
  loc: SourceLocation;
  framework: Framework;
  api: string;
  /** Telemetry enabled on this call (`experimental_telemetry`, LangChain tracing callbacks, a traced client). */
  telemetry: boolean;
  /** An abort signal or timeout is passed to the call. */
  signal: boolean;
  /** Covered by audit/trace: telemetry, a traced client, an audit/trace call in the same function, or a global instrumentation. */
  audited: boolean;
  /** The enclosing function's id (file#name), for the call graph. */
  fn?: string;
}

/** An agent run: a framework loop of model steps and tool calls. */
export interface AgentRun {
  loc: SourceLocation;
  framework: Framework;
  /** `generateText`, `ToolLoopAgent`, `run`, `graph.invoke`, `AgentExecutor`, `createAgent`, `Agent.generate`, … */
  api: string;
  bound: Bound;
  /** Where the bound is written (the option's location), when it is. */
  boundLoc?: SourceLocation;
  /** An AbortSignal (or `signal`/`abortSignal` option) is passed to the run. */
  signal: boolean;
  /** A run timeout: a `timeout` option or `AbortSignal.timeout(ms)` passed as the signal. */
  timeout?: { ms?: number; loc: SourceLocation };
  telemetry: boolean;
  audited: boolean;
  /** Tool names the run is given, when the source lists them. */
  tools: string[];
  /** Tools the run is given that the source cannot show: built by a library call, or spread in from a value the analysis cannot resolve. */
  opaqueTools?: { text: string; reason: string; loc: SourceLocation }[];
  fn?: string;
}

export type ApprovalWiring = "always" | "conditional" | "never" | "none";

/** A tool definition as the source declares it. */
export interface ToolDef {
  /** The name the model sees: `tool({ name })`, the key in an AI SDK `tools` object, `createTool({ id })`. */
  name: string;
  loc: SourceLocation;
  framework: Framework;
  /** `needsApproval` / `requireApproval`: always (true), conditional (a function), never (false), none (not given). */
  approval: ApprovalWiring;
  approvalLoc?: SourceLocation;
  /** An approval that holds only under a condition psf cannot see (strands_tools' terminal prompt): OOC-03 warns with it. */
  approvalCaveat?: { why: string; fix: string };
  /** The tool body (the execute function), when the source gives it inline. */
  body?: Span;
  /** An approval call inside the body (`interrupt(`, a declared approval function). */
  approvalInBody?: SourceLocation;
  /** An audit/trace call in the body, a wrapper around it, or framework tracing covering it. */
  audited: boolean;
  /** Why it counts as audited (for notes). */
  auditedBy?: string;
  /**
   * The variable the tool is assigned to, if any (internal: used to map `tools: { key: var }`); for a
   * function tool dispatched by name (`switch (name) { case "x": … }`), the dispatching function, so a
   * call to it counts as running the tool.
   */
  varName?: string;
  /**
   * A provider-defined tool (`openai.tools.localShell`, `anthropic.tools.bash_20250124`, …): which one,
   * and what it can do. Shell, computer-use and text-editor tools act on the machine they run on.
   */
  provider?: { api: string; capability?: "shell" | "computer" | "text-editor" };
  /** The tool's body is empty (`handler: async () => {}`): calling it does nothing, so it needs no approval or audit. */
  noop?: true;
  /** A tool the framework gives the run without the source defining it (Think's workspace tools): which framework feature. */
  builtIn?: string;
  /** The tool runs another agent (ADK's `AgentTool(agent=…)`): that agent's name. It has no function body of its own. */
  runsAgent?: string;
  /** The definition has no execute at all (an AI SDK client-side tool): the browser runs it, not this code. */
  clientSide?: boolean;
  /** File writes (fs.writeFile, mkdir, …) in the body or in project functions it calls (for OOC-03 on undeclared tools). */
  writes?: { op: string; loc: SourceLocation }[];
}

/** A site that wires human approval outside a single tool definition. */
export interface ApprovalSite {
  loc: SourceLocation;
  kind: "interrupt" | "interruptBefore" | "interruptAfter" | "humanInTheLoopMiddleware" | "approval-function";
  /** Tool or node names it covers; undefined means "all tools". */
  covers?: string[];
}

/** A hand-written loop that contains a model call, an agent run, or a tool call (directly or through a called function). */
export interface AgentLoop {
  loc: SourceLocation;
  /** `while (true)`, `for (;;)`, `do … while (true)` */
  infinite: boolean;
  /** The loop condition's counter bound (`step < MAX_STEPS`) or a `if (n >= N) break` exit, when there is one. */
  bound?: Bound;
  /** The condition's text when the loop is bounded only by a non-counter condition (`while (!done)`). */
  condition?: string;
  /** A pause/abort check inside the loop body (signal.aborted, throwIfAborted, checkPause(), a signal passed to the call). */
  pauseCheck?: SourceLocation;
  /** Where the model/tool call inside is. */
  callLoc: SourceLocation;
  fn?: string;
  /** A person's input read inside the body (`input()`, `Prompt.ask`, a WebSocket receive): each turn waits for someone, so the loop is theirs to stop. */
  humanInput?: SourceLocation;
}

/** A list that a loop both consumes (shift/pop/splice or iterates) and pushes to. */
export interface TaskQueue {
  name: string;
  loc: SourceLocation;
  pushLoc: SourceLocation;
  /** Size checks found (`queue.length < MAX_SUBTASKS`), with the bound compared against. */
  sizeChecks: { loc: SourceLocation; bound: Bound }[];
}

/** Functions that call themselves (directly or through others) around model or tool calls. */
export interface RecursionCycle {
  /** Function ids (file#name) in the cycle. */
  functions: string[];
  loc: SourceLocation;
  /** A depth guard (`if (depth >= MAX_DEPTH) return`) in one of the cycle's functions. */
  depthGuard?: { loc: SourceLocation; bound: Bound };
}

export interface OutboundUrl {
  loc: SourceLocation;
  /** fetch, axios.get, got, undici.request, http.request, WebSocket, baseURL (an SDK client), … */
  api: string;
  url: StringValue;
  /** The HTTP method when the source spells it out (`{ method: "POST" }`, `axios.delete`): a write changes something elsewhere. */
  method?: string;
  /**
   * For a destination the model chooses (a browser it drives): the option that holds it to a list of
   * hosts and what takes it (`allowed_domains` on the BrowserProfile), and whether the code sets it (to
   * a list psf cannot read) or not at all. ABC-02's fix names it.
   */
  limitedBy?: { option: string; on: string; set: boolean; fix?: string };
  /** A destination a framework sends data to by default (agno's telemetry): what goes there, and how the code turns it off (ABC-02). */
  byDefault?: { what: string; off: string };
  /** A paid API's client (facts/paid-apis.ts): the option that moves it, as code writes it (`api_base_url=`, `apiBaseUrl:`), "" when its source shows it has none; absent when psf does not know. */
  paidOption?: string;
}

export interface EnvRead {
  name: string;
  loc: SourceLocation;
  /** Reads in one expression (`A ?? B`, `A || B`) share this offset: where the expression starts. */
  expr?: number;
}

export interface SecretLiteral {
  /** Which provider's key format it matches: openai, anthropic, google, groq, … */
  kind: string;
  /** The redacted value, e.g. `sk-…abcd`. The raw value is never stored. */
  redacted: string;
  loc: SourceLocation;
}

export interface DestructiveOp {
  loc: SourceLocation;
  /** `fs.rmSync`, `child_process.exec`, `SQL DROP`, … */
  op: string;
  /** The source tool whose body contains it (directly or through a called function). */
  tool?: string;
  /** A person approves each use before it runs (AutoGen `CodeExecutorAgent(approval_func=…)` around a local executor). */
  approvedAt?: SourceLocation;
  /** In no tool psf reads, but in a function decorated like one (`shell_tool (decorated @tool from haystack.tools)`): it may be a tool. */
  unreadTool?: string;
}

export interface TimeoutSite {
  loc: SourceLocation;
  kind: "AbortSignal.timeout" | "timeout-option" | "timer-abort" | "route-max-duration"
    /** Python: `asyncio.timeout(s)`, `asyncio.wait_for(…, timeout=s)`, `signal.alarm(s)`, `anyio.fail_after(s)` (ms converted from seconds). */
    | "scoped-timeout";
  ms?: number;
  /** What enforces it, when it is not the source itself (a platform's route limit). */
  note?: string;
}

/** A condition computed from a model's output that guards a tool call or a side effect. */
export interface ModelGuard {
  loc: SourceLocation;
  /** The model call whose output flows into the condition. */
  modelLoc: SourceLocation;
  /** The guarded action. */
  actionLoc: SourceLocation;
  action: string;
}

/**
 * An MCP server the agent attaches: a set of tools psf cannot see into. psf never starts it; it
 * reads where it is (command or URL), whether its tools are filtered, and whether calls need approval.
 */
export interface McpServer {
  loc: SourceLocation;
  name: string;
  /** `.mcp.json`, `createMCPClient`, `MCPServerStdio`, … */
  source: string;
  transport: "stdio" | "http" | "sse" | "hosted" | "unknown";
  /** stdio: the command line as written (`npx -y @modelcontextprotocol/server-github`). */
  command?: string;
  /** Remote servers: the URL (also an outbound URL site for ABC-02). */
  url?: StringValue;
  /** A tool filter / allowed tools list limits what the model can call. */
  filtered: boolean;
  approval: "always" | "never" | "conditional" | "none";
  approvalLoc?: SourceLocation;
  /** `npx -y pkg` / `uvx pkg` without a version: the server's tools can change with no review. */
  unpinned?: string;
}

export interface Facts {
  /** Files that were parsed, relative to the manifest's folder. */
  files: string[];
  /** Files that did not parse cleanly (they are still analysed as far as the parser recovered). */
  parseErrors: { file: string; loc: SourceLocation; message: string }[];
  /** Files the analysis itself failed on (a pathological file): their facts are missing entirely. */
  unanalysed: { file: string; reason: string }[];
  modelClients: ModelClient[];
  modelCalls: ModelCall[];
  agentRuns: AgentRun[];
  tools: ToolDef[];
  approvals: ApprovalSite[];
  loops: AgentLoop[];
  queues: TaskQueue[];
  recursion: RecursionCycle[];
  urls: OutboundUrl[];
  envReads: EnvRead[];
  secrets: SecretLiteral[];
  destructive: DestructiveOp[];
  timeouts: TimeoutSite[];
  modelGuards: ModelGuard[];
  mcpServers: McpServer[];
  /**
   * Tool schemas handed to a model with no implementation (`model.bindTools([{ name, schema }])`): the
   * model may call them, and the code that acts on the call is not a tool body psf can see. Absent when none.
   */
  toolSchemas?: { name: string; loc: SourceLocation }[];
  /** Project-wide tracing: OpenAI Agents tracing disabled, a global instrumentation registered. */
  tracing: {
    openaiAgentsDisabled?: SourceLocation;
    globalInstrumentation?: SourceLocation;
    /** Instrumentors that trace a framework's runs and tools (`logfire.instrument_pydantic_ai()`, OpenInference's `SmolagentsInstrumentor().instrument()`), where each is registered. */
    frameworks?: { framework: Framework; loc: SourceLocation }[];
    /** `LANGSMITH_TRACING=true` (or `LANGCHAIN_TRACING_V2=true`) in an env file beside the agent (env-tracing.ts): LangChain/LangGraph trace to LangSmith when the deployment sets it. */
    langsmithEnv?: { variable: string; loc: SourceLocation };
    /**
     * Semantic Kernel's OpenTelemetry diagnostics: where the code installs a tracer provider, where it sets
     * SEMANTICKERNEL_EXPERIMENTAL_GENAI_ENABLE_OTEL_DIAGNOSTICS, or (env-tracing.ts) an env file beside the agent that does.
     */
    semanticKernel?: { exporter?: SourceLocation; env?: SourceLocation; envFile?: { variable: string; loc: SourceLocation } };
  };
}
