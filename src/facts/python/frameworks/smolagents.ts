import { addClient } from "../../common.js";
import { type Builder, type CallSite } from "../../context.js";
import { DEFAULTS } from "../../defaults.js";
import { kw, type PyNames } from "../sites.js";
import { boundOf, run, provider } from "./common.js";

/** smolagents: CodeAgent/ToolCallingAgent max_steps (20); CodeAgent runs model-written code in-process unless given a sandbox. */
export function smolagents(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  if (!n.ctor && /^smolagents\.(CodeAgent|ToolCallingAgent|MultiStepAgent)$/.test(name)) {
    const cls = name.split(".").pop()!;
    run(site, b, "smolagents", cls, boundOf(site, kw(site, "max_steps"), DEFAULTS.smolagentsMaxSteps));
    if (cls === "CodeAgent") {
      const ex = kw(site, "executor_type");
      if (!ex || (ex.v.k === "str" && ex.v.v === "local")) b.facts.destructive.push({ loc: ex?.loc ?? site.loc, op: `CodeAgent executes model-written Python in this process (executor_type ${ex ? '"local"' : "defaults to \"local\""})` });
      const imports = site.R(kw(site, "additional_authorized_imports")?.v);
      if (imports?.k === "arr" && imports.items.some((i) => { const v = site.R(i); return v?.k === "str" && v.v === "*"; })) b.facts.destructive.push({ loc: kw(site, "additional_authorized_imports")!.loc, op: 'CodeAgent additional_authorized_imports=["*"] lets model-written code import anything' });
    }
    return;
  }
  if (!n.ctor && /^smolagents\.(LiteLLMModel|OpenAIServerModel|OpenAIModel|InferenceClientModel|AzureOpenAIServerModel)$/.test(name)) {
    const base = kw(site, "api_base") ?? kw(site, "base_url");
    const model = kw(site, "model_id");
    const p = name.endsWith("InferenceClientModel") ? "huggingface" : model?.v.k === "str" ? provider(model.v.v) : "openai";
    addClient(b, site, { framework: "smolagents", provider: p, api: name.split(".").pop()!, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}) });
  }
  void last;
}
