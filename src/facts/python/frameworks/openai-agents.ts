import { type Builder, type CallSite } from "../../context.js";
import { DEFAULTS } from "../../defaults.js";
import { kw, positional, type PyNames } from "../sites.js";
import { addDefaultClient } from "../../frameworks/shared.js";
import { boundOf, run, modelString } from "./common.js";

/** OpenAI Agents (Python): Runner.run/run_sync/run_streamed(agent, input, max_turns=…), traced unless disabled. */
export function openaiAgents(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  if (!n.ctor && /^agents\.Runner\.(run|run_sync|run_streamed)$/.test(name)) {
    run(site, b, "openai-agents", name.slice("agents.".length), boundOf(site, kw(site, "max_turns"), DEFAULTS.openaiAgentsPyMaxTurns), { telemetry: true });
    const rc = site.R(kw(site, "run_config")?.v);
    const td = rc?.k === "call" ? undefined : site.prop(rc, "tracing_disabled");
    if (td?.v.k === "bool" && td.v.v) b.facts.tracing.openaiAgentsDisabled ??= td.loc;
    return;
  }
  if (!n.ctor && name === "agents.set_tracing_disabled") {
    const a = positional(site, 0);
    if (a?.k === "bool" && a.v) b.facts.tracing.openaiAgentsDisabled ??= site.loc;
    return;
  }
  // set_trace_processors([...]) replaces the default exporter (to OpenAI's trace endpoint) with the project's own.
  if (!n.ctor && /^agents(\.tracing)?\.set_trace_processors$/.test(name)) {
    b.openaiAgentsOwnTraceProcessors = true;
    return;
  }
  if (!n.ctor && name === "agents.RunConfig") {
    const td = kw(site, "tracing_disabled");
    if (td?.v.k === "bool" && td.v.v) b.facts.tracing.openaiAgentsDisabled ??= td.loc;
    return;
  }
  if (!n.ctor && /^agents\.(ShellTool|LocalShellTool|ComputerTool|ApplyPatchTool)$/.test(name)) {
    b.facts.destructive.push({ loc: site.loc, op: `${name.slice("agents.".length)} (acts on the machine it runs on)` });
    return;
  }
  if (!n.ctor && /^agents\.(set_default_openai_client|set_default_openai_api|OpenAIProvider)$/.test(name)) {
    if (!name.endsWith("set_default_openai_api")) b.openaiAgentsCustomClient = true;
    return;
  }
  if (!n.ctor && name === "agents.Agent") {
    const model = kw(site, "model");
    const v = model ? site.R(model.v) : undefined;
    // A model object (LitellmModel, OpenAIChatCompletionsModel with its own client) is recorded where it is made.
    if (v && v.k !== "str") return;
    if (v?.k === "str" && /^litellm\//.test(v.v)) return modelString(site, b, "openai-agents", model, "OpenAI Agents via LiteLLM");
    // The SDK's default client, one per process: the first Agent in a file stands for the others there.
    if (addDefaultClient(b, site, "openai-agents-default", "agents in this file use the default client", { framework: "openai-agents", provider: "openai", api: "Agent (default OpenAI client)" })) b.openaiAgentsDefaultClients.push(b.facts.modelClients.length - 1);
  }
  void last;
}
