import { addClient } from "../../common.js";
import { type Builder, type CallSite } from "../../context.js";
import { DEFAULTS } from "../../defaults.js";
import { kw, kwOr, type PyNames } from "../sites.js";
import { boundOf, run, secondsTimeout, provider, modelString } from "./common.js";
import { crewaiAgentTools } from "./crewai-tools.js";

/** CrewAI: each Agent is a loop of at most max_iter steps; max_execution_time is its wall clock; LLM(base_url). */
export function crewai(site: CallSite, b: Builder, n: PyNames, name: string): void {
  if (n.ctor) return;
  if (name === "crewai.Agent") {
    const timeout = secondsTimeout(kw(site, "max_execution_time"));
    run(site, b, "crewai", "crewai.Agent", boundOf(site, kw(site, "max_iter"), DEFAULTS.crewaiMaxIter), { ...(timeout ? { timeout } : {}) });
    crewaiAgentTools(site, b.facts.agentRuns.at(-1));
    const llm = kw(site, "llm");
    if (llm?.v.k === "str") modelString(site, b, "crewai", llm, "CrewAI");
    // code_execution_mode "safe" (the default) runs the code in Docker; "unsafe" runs it here.
    const code = kw(site, "allow_code_execution"), mode = kw(site, "code_execution_mode");
    if (code?.v.k === "bool" && code.v.v && mode?.v.k === "str" && mode.v.v === "unsafe") b.facts.destructive.push({ loc: mode.loc, op: 'CrewAI Agent runs model-written code on this machine (allow_code_execution=True, code_execution_mode="unsafe")' });
    return;
  }
  if (name === "crewai.LLM") {
    const base = kw(site, "base_url") ?? kw(site, "api_base");
    const model = kwOr(site, "model", 0);
    const p = model?.v.k === "str" ? provider(model.v.v) : "openai";
    addClient(b, site, { framework: "crewai", provider: p, api: "crewai.LLM", ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}) });
    return;
  }
  if (name === "crewai.Crew" && kw(site, "tracing")?.v.k === "bool") {
    const t = kw(site, "tracing")!;
    if (t.v.k === "bool" && t.v.v) b.facts.tracing.globalInstrumentation ??= t.loc;
  }
}
