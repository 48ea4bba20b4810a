import type { SourceSet } from "../../sources/collect.js";
import { maskPython } from "../../sources/code-mask.js";
import { DEFAULTS, defaultBound } from "../defaults.js";
import { lineAt } from "../../util/text.js";
import type { Facts } from "../types.js";

/** `root_agent = …` at module level: the agent ADK's runners load (`adk web`, `adk api_server`, Agent Engine's AdkApp). */
const ROOT_AGENT = /^root_agent\s*(?::[^=\n]+)?=\s*\S/m;
const IMPORTS_ADK = /^\s*(?:from|import)\s+google\.adk\b/m;
/** `AdkApp(agent=…, enable_tracing=True)`: Agent Engine traces the deployed agent. */
const ADK_TRACING = /\bAdkApp\s*\([^)]*enable_tracing\s*=\s*True/;
/** A deployment of the agent to Agent Engine, which runs it with ADK's default RunConfig. */
const ADK_DEPLOY = /\bAdkApp\s*\(|\bagent_engines\.create\s*\(/;

/**
 * An ADK project whose source runs its agent nowhere (no Runner call) is run by ADK itself: its
 * `root_agent` is loaded by `adk web` / `adk api_server` or deployed with AdkApp, under the default
 * RunConfig (max_llm_calls 500), with no pause and no timeout the source could add. That run is recorded
 * at the `root_agent` line so the step bound, pause and timeout controls judge it.
 */
export function adkRootAgentRuns(sources: SourceSet, F: Facts): void {
  const py = sources.files.filter((f) => f.path.endsWith(".py"));
  // Each file masked once at most, and only when its raw text matches one of the patterns.
  const masked = new Map<string, string>();
  const inCode = (re: RegExp, f: { path: string; text: string }) => {
    if (!re.test(f.text)) return false;
    let code = masked.get(f.path);
    if (code === undefined) masked.set(f.path, (code = maskPython(f.text)));
    return re.test(code);
  };
  const traced = py.some((f) => inCode(ADK_TRACING, f));
  // Agent Engine's tracing covers every tool call of the deployed agent, not only its runs.
  if (traced) for (const t of F.tools) if (t.framework === "google-adk" && !t.audited) Object.assign(t, { audited: true, auditedBy: "Agent Engine's tracing (AdkApp enable_tracing=True)" });
  // A Runner in the source is how the project runs its agent, unless it also deploys root_agent to Agent
  // Engine (AdkApp, agent_engines.create): that deployment runs it under the default RunConfig all the same.
  if (F.agentRuns.some((r) => r.framework === "google-adk") && !py.some((f) => inCode(ADK_DEPLOY, f))) return;
  for (const f of py) {
    if (!inCode(IMPORTS_ADK, f)) continue;
    const m = ROOT_AGENT.exec(masked.get(f.path)!);
    if (!m) continue;
    F.agentRuns.push({
      loc: { file: f.path, line: lineAt(f.text, m.index), column: 1 }, framework: "google-adk", api: "root_agent (run by adk web / api_server / Agent Engine)",
      bound: defaultBound(DEFAULTS.adkMaxLlmCalls), signal: false, telemetry: traced, audited: traced, tools: [],
    });
  }
}
