import { readsModule, type Recognizer } from "./context.js";
import { READLINE } from "./human-turns.js";
import { vercelAi } from "./frameworks/vercel-ai.js";
import { openaiAgents } from "./frameworks/openai-agents.js";
import { langgraph } from "./frameworks/langgraph.js";
import { langchain } from "./frameworks/langchain.js";
import { mastra } from "./frameworks/mastra.js";
import { voltagent } from "./frameworks/voltagent.js";
import { agentKit } from "./frameworks/agent-kit.js";
import { cloudflareAgents } from "./frameworks/cloudflare-agents.js";
import { deepAgents } from "./frameworks/deepagents.js";
import { genkit } from "./frameworks/genkit.js";
import { claudeAgentSdk } from "./frameworks/claude-agent-sdk.js";
import { strandsTs } from "./frameworks/strands.js";
import { llamaindexTs } from "./frameworks/llamaindex.js";
import { mcp } from "./frameworks/mcp.js";
import { providerSdks } from "./frameworks/provider-sdks.js";
import { http } from "./frameworks/http.js";
import { nodeBuiltins } from "./frameworks/node.js";
import { paidApiSdks } from "./paid-apis.js";

/** The TypeScript/JavaScript recognizers, one per ecosystem, and the packages extract reads by name. */

// MCP first: its packages sit inside scopes other recognizers claim (@ai-sdk/mcp, @langchain/mcp-adapters).
export const RECOGNIZERS: Recognizer[] = [mcp, vercelAi, openaiAgents, langgraph, langchain, mastra, voltagent, agentKit, cloudflareAgents, deepAgents, genkit, claudeAgentSdk, strandsTs, llamaindexTs, providerSdks, paidApiSdks, http, nodeBuiltins];
/** Tracing packages whose project-wide instrumentation GLOBAL_INSTRUMENTATION reads. */
export const INSTRUMENTATION_PACKAGES: readonly string[] = ["@traceloop/node-server-sdk", "@arizeai/openinference-instrumentation-openai", "@arizeai/openinference-instrumentation-langchain", "@langfuse/otel", "langfuse"];
/** Global instrumentations that trace provider SDK calls project-wide. */
export const GLOBAL_INSTRUMENTATION = /^(@vercel\/otel#registerOTel|@traceloop\/node-server-sdk#initialize|@opentelemetry\/sdk-node#NodeSDK|@arizeai\/openinference-instrumentation-\w+#|@langfuse\/otel#|langfuse#Langfuse|@opentelemetry\/instrumentation#registerInstrumentations)/;
/** Modules GLOBAL_INSTRUMENTATION can match (a quick test before building `module#name`). */
export const MAYBE_INSTRUMENTATION = /^(@vercel|@traceloop|@opentelemetry|@arizeai|@langfuse|langfuse)/;

const readPackages = new Map<string, boolean>();
/** For the test that ties packageIsRead to extract's dispatch (test/facts/unread-calls.test.ts): keep every call. */
let keepEveryPackageCall = false;
export function keepEveryPackageCallForTest(on: boolean): void {
  keepEveryPackageCall = on;
}
const owners = new Map<string, Recognizer | null>();

/** The recognizer that reads a module (the first in RECOGNIZERS' order), remembered per module: a project has a few hundred modules and tens of thousands of calls. */
export function recognizerFor(module: string): Recognizer | undefined {
  let hit = owners.get(module);
  if (hit === undefined) {
    hit = RECOGNIZERS.find((r) => readsModule(r, module)) ?? null;
    owners.set(module, hit);
  }
  return hit ?? undefined;
}

/**
 * Whether extract does anything with a call whose callee starts at this npm module (a package, never
 * a project file): a recognizer reads it, it may register global instrumentation, or it is readline
 * (a person's turn). A call on any other package (`z.object(…)`, `path.join(…)`: a fifth of a
 * project's calls) can never become a fact, so the walk does not keep it.
 */
export function packageIsRead(module: string): boolean {
  if (keepEveryPackageCall) return true;
  let hit = readPackages.get(module);
  if (hit === undefined) {
    hit = MAYBE_INSTRUMENTATION.test(module) || READLINE.test(module) || recognizerFor(module) !== undefined;
    readPackages.set(module, hit);
  }
  return hit;
}
