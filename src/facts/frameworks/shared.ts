import { addClient } from "../common.js";
import { PROVIDER_DEFAULTS } from "../defaults.js";
import { loc, perRun, type Builder, type CallSite } from "../context.js";
import type { Sym } from "../sym.js";
import type { Framework, ModelClient, OutboundUrl, SourceLocation } from "../types.js";

/**
 * Helpers several recognizers share that the core (common.ts) does not need: one finding per root
 * cause for process-wide default clients, and tools a run is given that the source cannot show.
 */

const firstDefault = perRun(() => new Map<string, number>());

/**
 * A default client that exists once per process (OpenAI Agents' default OpenAI client, the AI SDK's
 * global provider for string models, Mastra's model router). The first site in a file is recorded;
 * later sites in that file only add to its `more` count. Returns false when folded.
 */
export function addDefaultClient(
  b: Builder, site: CallSite, key: string, what: string,
  c: Parameters<typeof addClient>[2], at?: SourceLocation,
): boolean {
  const map = firstDefault(b);
  const k = `${site.file}|${key}`;
  const idx = map.get(k);
  if (idx !== undefined && b.facts.modelClients[idx]) {
    const first = b.facts.modelClients[idx]!;
    first.more = { count: (first.more?.count ?? 0) + 1, what };
    return false;
  }
  addClient(b, site, at ? { ...c, at } : c);
  const i = b.facts.modelClients.length - 1;
  map.set(k, i);
  return true;
}

/**
 * A Bedrock client given its region as a literal (`region_name="eu-west-1"`, `region: "eu-west-1"`) reaches that
 * region's bedrock-runtime host, not the one the AWS_REGION variable picks: the client addClient made is told so.
 */
export function bedrockRegion(made: { client: ModelClient; url?: OutboundUrl }, region: Sym | undefined, at: SourceLocation): void {
  if (region?.k !== "str" || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region.v)) return;
  const host = `https://bedrock-runtime.${region.v}.amazonaws.com`;
  const c = made.client;
  if (c.baseURL.kind !== "absent") return;
  delete c.envDefault;
  c.defaultHost = host;
  if (made.url) Object.assign(made.url, { url: { kind: "literal", text: host }, loc: at });
}

/** The package a call/member chain starts from, when it is a package (not a project file). */
export function libraryOf(s: Sym | undefined): { module: string; name: string } | undefined {
  let cur = s;
  for (let i = 0; i < 12 && cur; i++) {
    if (cur.k === "member") cur = cur.obj;
    else if (cur.k === "call") cur = cur.callee;
    else break;
  }
  return cur?.k === "import" && !cur.project ? { module: cur.module, name: cur.name } : undefined;
}

/**
 * Tools handed to a run that the analysis cannot see into: a tool set built by a library call
 * (`const { tools } = await createBashTool(...)`), or a spread of a value it cannot resolve.
 */
export function opaqueTools(site: CallSite, opts: Sym | undefined): { text: string; reason: string; loc: SourceLocation }[] {
  const p = site.prop(opts, "tools");
  if (!p) return [];
  const raw = site.R(p.v);
  if (!raw) return [];
  if (raw.k === "obj") {
    return raw.spread ? [{ text: "a spread in the tools object", reason: "part of the tools object is spread in from a value the analysis cannot resolve", loc: p.loc }] : [];
  }
  if (raw.k === "member" || raw.k === "call") {
    const lib = libraryOf(raw);
    if (lib) return [{ text: site.show(raw), reason: `built by ${lib.name === "default" || lib.name === "*" ? lib.module : `${lib.name}() from ${lib.module}`} (a library)`, loc: p.loc }];
  }
  return [];
}

export { loc };

/**
 * Tools an agent class's `getTools()` returns, by class (`file#Class`), so a run in one of its
 * methods given `tools: this.getTools()` is given those tools.
 */
const classToolSets = perRun(() => new Map<string, string[]>());
export function recordClassTools(b: Builder, file: string, className: string, names: string[]): void {
  classToolSets(b).set(`${file}#${className}`, names);
}
/** `this.getTools()` inside a method of a class whose getTools() psf read: that class's tool names. */
export function thisClassTools(b: Builder, site: CallSite, tools: Sym | undefined): string[] | undefined {
  const t = site.R(tools);
  if (t?.k !== "call" || t.callee.k !== "member" || t.callee.name !== "getTools") return undefined;
  const obj = t.callee.obj;
  if (obj.k !== "unknown" || obj.text !== "this" || !site.ir.fn) return undefined;
  const cls = site.ir.fn.slice(site.ir.fn.indexOf("#") + 1).split(".")[0];
  return cls ? classToolSets(b).get(`${site.file}#${cls}`) : undefined;
}

/**
 * A framework's model router (Mastra, VoltAgent): `model: "openai/gpt-5.2"` (or `{ id, url, apiKey }`)
 * calls the provider directly with the provider's key variable (OPENAI_API_KEY, …) unless a url is configured.
 */
export function routerModel(site: CallSite, b: Builder, framework: Framework, label: string, opts: Sym | undefined = site.arg(0), option = "model"): void {
  const m = site.prop(opts, option);
  if (!m) return;
  // Mastra's fallback list, `model: [{ model: "openrouter/…", maxRetries }, …]`: each entry is a model the router may call.
  const list = site.R(m.v);
  if (list?.k === "arr") {
    for (const item of list.items) routerModel(site, b, framework, label, item, "model");
    return;
  }
  let id: string | undefined;
  let url: ReturnType<CallSite["prop"]>;
  let key: ReturnType<CallSite["prop"]>;
  if (m.v.k === "str") id = m.v.v;
  else if (m.v.k === "obj") {
    const i = site.prop(m.v, "id");
    if (i?.v.k === "str") id = i.v.v;
    else {
      const p = site.prop(m.v, "providerId"), mi = site.prop(m.v, "modelId");
      if (p?.v.k === "str") id = `${p.v.v}/${mi?.v.k === "str" ? mi.v.v : "…"}`;
    }
    url = site.prop(m.v, "url");
    key = site.prop(m.v, "apiKey");
  }
  if (!id || !id.includes("/")) return;
  const provider = id.slice(0, id.indexOf("/"));
  const known = PROVIDER_DEFAULTS[provider] ? provider : undefined;
  const c = { framework, provider, api: `model "${id}" (${label})`, baseLoc: m.loc, ...(known ? {} : { defaultsFrom: "none" }), ...(url ? { baseURL: url.v, baseLoc: url.loc } : {}), ...(key ? { apiKey: key.v } : {}) };
  if (url || key) {
    addClient(b, site, { ...c, at: m.loc });
    return;
  }
  if (!addDefaultClient(b, site, `${framework}-router:${provider}`, option === "model" ? `agents in this file use the ${label} for ${provider}` : `models in this file go through the ${label} for ${provider}`, c, m.loc)) return;
  // The router does not read the provider SDK's base-URL variable: without a url it calls the provider's host.
  const client = b.facts.modelClients[b.facts.modelClients.length - 1]!;
  if (client.envDefault) {
    delete client.envDefault;
    const u = b.facts.urls[b.facts.urls.length - 1];
    if (u && u.api === `baseURL (${client.api})` && client.defaultHost) u.url = { kind: "literal", text: client.defaultHost };
  }
}
