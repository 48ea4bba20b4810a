import { addClient, addTool } from "../../common.js";
import { type Builder, type CallSite } from "../../context.js";
import { DEFAULTS } from "../../defaults.js";
import { addDefaultClient } from "../../frameworks/shared.js";
import type { Sym } from "../../sym.js";
import type { SourceLocation, StringValue } from "../../types.js";
import { kw, kwOr, positional, type PyNames } from "../sites.js";
import { type Opt, boundOf, run, provider, kwOfCall } from "./common.js";

/**
 * browser-use (module `browser_use`, checked against browser-use 0.13.8):
 *  - `Agent(task=…, llm=…)` then `agent.run(max_steps=N)` / `run_sync`: a run of at most N steps, 500 when
 *    not given; `register_should_stop_callback` is polled between steps (a stop signal).
 *  - `ChatOpenAI`, `ChatGoogle`, `ChatBrowserUse`, … from `browser_use` / `browser_use.llm`: model clients,
 *    each calling its provider's API unless given a base URL. An Agent with no llm builds ChatBrowserUse().
 *  - `@tools.action("description")` on a `Tools()` / `Controller()` (or `@self.action` in a subclass): a tool
 *    named by the function (the registry keys actions by `func.__name__`), with no approval option.
 *  - The browser goes wherever the model navigates unless `BrowserProfile(allowed_domains=[…])` (or the same
 *    option on BrowserSession / Browser) limits it: each allowed domain is an outbound URL, no list is a run-time one.
 */

const AGENT = /^browser_use(\.agent(\.service)?)?\.Agent$/;
const TOOLS = /^browser_use(\.tools(\.service)?|\.controller(\.service)?)?\.(Tools|Controller)$/;
const BROWSER = /^browser_use(\.browser(\.(profile|session))?)?\.(BrowserProfile|BrowserSession|Browser)$/;

/** Chat classes: the provider each calls, the option that moves it, and the PROVIDER_DEFAULTS entry for its default host. */
const CHAT: Record<string, { provider: string; base?: string[]; defaultsFrom?: string }> = {
  ChatOpenAI: { provider: "openai", base: ["base_url"] },
  ChatAzureOpenAI: { provider: "azure", base: ["azure_endpoint", "base_url"] },
  ChatAnthropic: { provider: "anthropic", base: ["base_url"] },
  ChatGoogle: { provider: "google" },
  ChatGroq: { provider: "groq", base: ["base_url"] },
  ChatOllama: { provider: "ollama", base: ["host"] },
  ChatDeepSeek: { provider: "deepseek", base: ["base_url"] },
  ChatMistral: { provider: "mistral", base: ["base_url"] },
  ChatOpenRouter: { provider: "openrouter", base: ["base_url"], defaultsFrom: "openrouter-direct" },
  ChatCerebras: { provider: "cerebras", base: ["base_url"], defaultsFrom: "cerebras-direct" },
  ChatVercel: { provider: "vercel-ai-gateway", base: ["base_url"] },
  ChatBrowserUse: { provider: "browser-use", base: ["base_url"] },
  ChatAWSBedrock: { provider: "aws-bedrock" },
  ChatAnthropicBedrock: { provider: "aws-bedrock" },
  ChatOCIRaw: { provider: "oci" },
};

/** What holds a browser-use browser to a list of hosts (ABC-02's fix). */
const ALLOWED_DOMAINS = { option: "allowed_domains", on: "the BrowserProfile (or BrowserSession)" };

export function browserUse(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  if (n.ctor && AGENT.test(n.ctor) && n.hops === 1 && (last === "run" || last === "run_sync")) return agentRun(site, b, last);
  if (n.ctor) return;
  const cls = name.split(".").pop()!;
  if (AGENT.test(name)) return agent(site, b);
  if (BROWSER.test(name)) return browser(site, b, cls);
  if (name.startsWith("browser_use.") && cls === "ChatLiteLLM") {
    const model = kw(site, "model");
    const base = kw(site, "api_base");
    addClient(b, site, { framework: "browser-use", provider: model?.v.k === "str" ? provider(model.v.v) : "openai", api: "ChatLiteLLM", ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}) });
    return;
  }
  const chat = CHAT[cls];
  if (chat && name.startsWith("browser_use.")) {
    // ChatGoogle takes its endpoint in http_options={"base_url": …} (google-genai's HttpOptions).
    const base = chat.base?.map((k) => kw(site, k)).find(Boolean) ?? (cls === "ChatGoogle" ? site.prop(kw(site, "http_options")?.v, "base_url") : undefined);
    const vertex = cls === "ChatGoogle" && kw(site, "vertexai")?.v.k === "bool" && (kw(site, "vertexai")!.v as { v: boolean }).v;
    const baseOption = cls === "ChatGoogle" ? 'http_options={"base_url": …}' : chat.base && chat.base[0] !== "base_url" ? `${chat.base[0]}=…` : undefined;
    addClient(b, site, { framework: "browser-use", provider: vertex ? "google-vertex" : chat.provider, api: cls, ...(baseOption ? { baseOption } : {}), ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}), ...(chat.defaultsFrom ? { defaultsFrom: chat.defaultsFrom } : {}) });
  }
}

/** `agent.run(max_steps=N)`: max_steps is also run()'s first positional parameter. */
function agentRun(site: CallSite, b: Builder, last: string): void {
  const first = positional(site, 0);
  const steps: Opt = kw(site, "max_steps") ?? (first ? { v: first, loc: site.loc } : undefined);
  const ctor = site.q.root.k === "instance" ? site.q.root.call : undefined;
  // The agent checks these callbacks before every step and stops the run when one returns True.
  const stop = ctor ? kwOfCall(site, ctor, "register_should_stop_callback") ?? kwOfCall(site, ctor, "register_external_agent_status_raise_error_callback") : undefined;
  run(site, b, "browser-use", `Agent.${last}`, boundOf(site, steps, DEFAULTS.browserUseMaxSteps), { signal: !!stop && site.R(stop.v)?.k !== "null" });
}

/** `Agent(task=…)`: with no llm it builds ChatBrowserUse(); with no browser it opens one that may go anywhere. */
function agent(site: CallSite, b: Builder): void {
  const llm = kwOr(site, "llm", 1);
  if (!llm || site.R(llm.v)?.k === "null") {
    addDefaultClient(b, site, "browser-use-default-llm", "agents in this file build the same default ChatBrowserUse()", { framework: "browser-use", provider: "browser-use", api: "Agent (no llm: the default ChatBrowserUse())" });
  }
  if (!kw(site, "browser_profile") && !kw(site, "browser_session") && !kw(site, "browser")) {
    unrestricted(b, site.loc, "Agent (its default browser)");
  }
}

/** BrowserProfile / BrowserSession / Browser: where the browser may navigate. */
function browser(site: CallSite, b: Builder, cls: string): void {
  const allowed = kw(site, "allowed_domains");
  // A session built on a profile takes the profile's allowed_domains: that profile is read where it is made.
  if (!allowed && cls !== "BrowserProfile" && kw(site, "browser_profile")) return;
  if (!allowed || site.R(allowed.v)?.k === "null") return unrestricted(b, allowed?.loc ?? site.loc, `${cls}(…)`, kw(site, "prohibited_domains") ? "only prohibited_domains, a deny list" : undefined);
  const list = site.R(allowed.v);
  if (list?.k !== "arr") {
    b.facts.urls.push({ loc: allowed.loc, api: `browser navigation (${cls} allowed_domains)`, url: { kind: "dynamic", text: site.show(allowed.v), reason: "allowed_domains is not a list the analysis can read" }, limitedBy: { ...ALLOWED_DOMAINS, set: true } });
    return;
  }
  for (const item of list.items) b.facts.urls.push({ loc: allowed.loc, api: `browser navigation (${cls} allowed_domains)`, url: domainUrl(site, item) });
}

function unrestricted(b: Builder, at: SourceLocation, api: string, why?: string): void {
  b.facts.urls.push({ loc: at, api: `browser navigation (${api})`, url: { kind: "dynamic", text: "any URL the model navigates to", reason: `no allowed_domains${why ? ` (${why})` : ""}: the browser goes wherever the model or a web page sends it` }, limitedBy: { ...ALLOWED_DOMAINS, set: false } });
}

/**
 * One allowed_domains entry as the URLs it lets the browser reach: a full URL pattern is a prefix of
 * them (`https://example.com`), a bare domain is that host on any scheme (recorded as https), and a
 * glob (`*.example.com`, `http*://…`) is only known when matched.
 */
function domainUrl(site: CallSite, item: Sym): StringValue {
  const v = site.R(item);
  if (v?.k !== "str") return { kind: "dynamic", text: site.show(item), reason: "an allowed_domains entry computed at run time" };
  if (v.v.includes("*")) return { kind: "dynamic", text: v.v, reason: "a wildcard allowed_domains pattern: every host it matches" };
  return { kind: "literal", text: v.v.includes("://") ? v.v : `https://${v.v}` };
}

/**
 * `@tools.action("description", …)` on a browser_use Tools/Controller (or `@self.action` in a subclass of
 * one): the action is named by its function, and browser-use has no approval option for it.
 */
export function browserUseAction(site: CallSite, b: Builder, n: PyNames): void {
  const d = site.ir.decorates!;
  // On an instance (`tools = Tools()`, `@tools.action`), or `self.action` in a subclass: the class's own member.
  const cls = n.ctor ?? (n.full && /\.(registry\.)?action$/.test(n.full) ? n.full.replace(/\.(registry\.)?action$/, "") : "");
  if (!TOOLS.test(cls) || !/^(registry\.)?action$|\.(registry\.)?action$/.test(n.path || n.full!)) return;
  addTool(b, site, { name: d.name, framework: "browser-use", body: d.fn });
}
