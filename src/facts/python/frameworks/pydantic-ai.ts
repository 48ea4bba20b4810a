import { type Builder, type CallSite } from "../../context.js";
import { DEFAULTS } from "../../defaults.js";
import { kw, kwOr, positional, type PyNames } from "../sites.js";
import { boundOf, run, modelString, kwOfCall } from "./common.js";
import { fnName } from "../../values.js";
import { addClient } from "../../common.js";

/** PydanticAI: Agent("provider:model"), runs bounded by usage_limits=UsageLimits(request_limit=…), 50 by default. */
export function pydanticAi(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  // ApprovalRequiredToolset(FunctionToolset([delete_file, …])) or FunctionToolset([…]).approval_required():
  // every tool of that toolset waits for a person (deferred tools). Only the tools psf can name count.
  const wrapped = !n.ctor && /^pydantic_ai(\.[\w.]+)?\.ApprovalRequiredToolset$/.test(name) ? site.R(kw(site, "wrapped")?.v ?? positional(site, 0))
    : n.ctor && /FunctionToolset$/.test(n.ctor) && n.hops === 1 && last === "approval_required" ? site.q.root.k === "instance" ? site.q.root.call : undefined : undefined;
  if (wrapped?.k === "call") {
    const list = site.R(kwOfCall(site, wrapped, "tools")?.v ?? wrapped.args.find((a) => site.R(a)?.k === "arr"));
    const covers = list?.k === "arr" ? list.items.flatMap((i) => fnName(site.R(i)) ?? []) : [];
    if (covers.length) b.facts.approvals.push({ loc: site.loc, kind: "approval-function", covers });
    return;
  }
  // OpenAIProvider(base_url=…, api_key=…): where an OpenAI model sends its requests (with no base_url, the
  // OpenAI client reads OPENAI_BASE_URL); with openai_client=AsyncOpenAI(…), that client is recorded where it is made.
  if (!n.ctor && /^pydantic_ai\.providers(\.openai)?\.OpenAIProvider$/.test(name)) {
    if (kw(site, "openai_client")) return;
    const base = kw(site, "base_url"), key = kw(site, "api_key");
    addClient(b, site, { framework: "pydantic-ai", provider: "openai", api: "OpenAIProvider", baseOption: "base_url=…", ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(key ? { apiKey: key.v } : {}) });
    return;
  }
  // OpenAIChatModel / OpenAIResponsesModel (OpenAIModel before 1.0) with no provider, or provider="openai": the
  // default OpenAIProvider; a provider object is recorded where it is made.
  if (!n.ctor && /^pydantic_ai\.models(\.openai)?\.(OpenAIModel|OpenAIChatModel|OpenAIResponsesModel)$/.test(name)) {
    const p = kw(site, "provider");
    const given = p ? site.R(p.v) : undefined;
    if (given && given.k !== "str") return;
    const named = given?.k === "str" ? given.v : "openai";
    addClient(b, site, { framework: "pydantic-ai", provider: named, api: `${name.split(".").pop()} (provider ${JSON.stringify(named)})`, baseOption: "provider=OpenAIProvider(base_url=…)", ...(p ? { baseLoc: p.loc } : {}) });
    return;
  }
  if (!n.ctor && name === "pydantic_ai.Agent") {
    const m = kwOr(site, "model", 0);
    modelString(site, b, "pydantic-ai", m, "PydanticAI");
    return;
  }
  if (n.ctor === "pydantic_ai.Agent" && n.hops === 1 && /^(run|run_sync|run_stream|iter|run_stream_events)$/.test(last)) {
    const limits = site.R(kw(site, "usage_limits")?.v);
    const rlOpt = limits?.k === "call" ? kwOfCall(site, limits, "request_limit") : undefined;
    run(site, b, "pydantic-ai", `Agent.${last}`, boundOf(site, rlOpt, DEFAULTS.pydanticAiRequestLimit));
  }
}

