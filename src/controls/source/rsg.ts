import type { Manifest } from "../../manifest/types.js";
import { PROVIDER_DEFAULTS, PROVIDER_HOSTS, PROVIDER_KEY_ENVS, PY_PROVIDER_KEY_ENV } from "../../facts/defaults.js";
import { hostOf } from "../../facts/values.js";
import type { ModelClient, OutboundUrl } from "../../facts/types.js";
import { paidApiOf, type PaidApi } from "../../facts/paid-apis.js";
import type { RawFinding } from "../types.js";
import type { SourceLocation } from "../../facts/types.js";
import type { SourceCheck } from "./check.js";
import { bySyntax, envRef, examined, fail, isPython, moreText, nothingToCheck, showValue, warn } from "./util.js";

/** RSG-04 does not apply when the provider itself enforces the ceiling: direct provider calls are expected then. */
export function rsg04NotApplicable(manifest: Manifest): string | undefined {
  return manifest.spend?.enforcement?.layer === "provider" ? "spend.enforcement.layer is provider: the provider enforces the ceiling, so clients calling it directly are expected" : undefined;
}

function isProviderHost(url: string): string | undefined {
  const h = hostOf(url);
  if (!h) return undefined;
  return PROVIDER_HOSTS.find((p) => h === p || h.endsWith(`.${p}`) || h.startsWith(`${p}.`)) ? h : undefined;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/**
 * A call to a paid API that is not the model (web search, crawling: facts/paid-apis.ts). What it spends
 * is outside the gateway's ceiling. A warn, not a fail: the account may be capped at the provider
 * (a plan with no overage), which psf cannot see; the finding says how to settle it either way.
 */
function paidApiFinding(u: OutboundUrl, paid: PaidApi, byDefault: boolean): RawFinding {
  const text = u.url.kind === "literal" ? u.url.text : u.url.kind === "prefix" ? u.url.prefix : paid.host;
  const host = new URL(text).host;
  const reaches = byDefault && u.url.kind === "env" ? `reaches ${host} unless ${envRef(u.url.name, u.loc)} says otherwise` : `calls ${host}`;
  return warn(`${u.api} ${reaches}: ${paid.service} is a paid API (${paid.billing}) the model drives, and what it spends passes no gateway, so the declared ceiling and RSG-06's 72-hour figure do not bound it`, u.loc,
    `${route(u, paid)}, or cap the ${paid.service} account itself (a plan or spend limit that stops calls at a figure) and record this finding as a waiver naming that cap`);
}

/** How to send a paid API's calls through the gateway, in the client's own terms when psf knows them. */
function route(u: OutboundUrl, paid: PaidApi): string {
  if (u.paidOption === undefined) return `if the gateway proxies ${paid.service}, send this client's calls through it (the client's base-URL setting, or a client of ${paid.service}'s own SDK that takes one)`;
  if (u.paidOption === "") return `this client takes no base-URL option: if the gateway proxies ${paid.service}, call ${paid.service} through a client that takes one`;
  return `if the gateway proxies ${paid.service}, point the client at the gateway's route for it (${u.paidOption.endsWith("=") || u.paidOption.endsWith(":") ? `\`${u.paidOption}\`` : u.paidOption})`;
}

/** RSG-04: every model client and raw provider call goes through the declared gateway. */
export const rsg04: SourceCheck = (ctx, facts) => {
  const na = rsg04NotApplicable(ctx.manifest);
  if (na) return { findings: [], notes: [na] };
  const enf = ctx.manifest.spend?.enforcement;
  const gw = enf?.layer === "gateway" ? enf.gateway : undefined;
  const urlEnv = gw?.url_env;
  const gwUrl = gw?.url;
  const findings: RawFinding[] = [];
  const fixFor = (l: { file: string }, api?: string, baseOption?: string) => {
    // A model-router string (Mastra, VoltAgent) has no baseURL option: the router takes a model config with a url.
    const routed = api ? /^model "([^"]+)" \(.*model router\)$/.exec(api) : null;
    if (routed) {
      const url = urlEnv ? envRef(urlEnv, l) : gwUrl ? `"${gwUrl}"` : "<gateway url>";
      return `route the model through the gateway: \`model: { id: "${routed[1]}", url: ${url} }\`${urlEnv && gwUrl ? ` (${gwUrl})` : ""}`;
    }
    // The client's own option when it is not the usual one (browser-use's ChatGoogle: http_options={"base_url": …}).
    const set = (url: string) => (baseOption ? baseOption.replace("…", url) : `${isPython(l) ? "base_url=" : "baseURL: "}${url}`);
    return urlEnv
      ? `point the client at the gateway: \`${set(envRef(urlEnv, l))}\`${gwUrl ? ` (${gwUrl})` : ""}`
      : gwUrl ? `point the client at the gateway: \`${set(`"${gwUrl}"`)}\` (or declare spend.enforcement.gateway.url_env and read it)` : `declare the gateway in spend.enforcement (layer: gateway, gateway.url / url_env) and point every client's ${baseOption ? `\`${baseOption}\`` : isPython(l) ? "base_url" : "baseURL"} at it`;
  };
  const clientFix = (c: ModelClient) => modelStringFix(c, urlEnv ? envRef(urlEnv, c.loc) : gwUrl ? `"${gwUrl}"` : undefined, gw?.key_env ? envRef(gw.key_env, c.loc) : undefined) ?? fixFor(c.loc, c.api, c.baseOption);
  const noGateway = !gw ? (enf?.layer === "application" ? "spend is enforced only by the application (layer: application)" : "no gateway is declared (spend.enforcement.layer is not gateway)") : undefined;

  for (const c of facts.modelClients) {
    const b = c.baseURL;
    const name = c.provider === "unknown" ? c.api : `${c.api} (${c.provider})`;
    const more = moreText(c);
    if (noGateway) {
      // A hosted gateway (e.g. Vercel AI Gateway) is still a gateway, just not one the manifest declares as enforcing the ceiling.
      const reaches = /gateway/i.test(c.provider) ? `reaches ${c.defaultHost ?? c.provider}, which the manifest does not declare as the gateway enforcing its ceiling` : "calls the model provider with no gateway in between";
      findings.push(fail(`${name} ${reaches}: ${noGateway}${more}`, c.loc, clientFix(c)));
      continue;
    }
    if (b.kind === "absent") {
      if (c.envDefault && c.envDefault === urlEnv) continue;
      // The SDK's own default host is the declared gateway (the AI SDK's `gateway` provider and a Vercel AI Gateway manifest).
      if (!urlEnv && gwUrl && c.defaultHost && sameOrigin(c.defaultHost, gwUrl)) continue;
      // A provider chosen at run time (`initChatModel(name)`): whether it reads a base-URL variable, and which, depends on that provider.
      if (c.provider === "unknown") {
        findings.push(warn(`${name} picks its provider at run time and sets no ${bySyntax(c.loc, "baseURL", "base_url")}: whether it reaches the gateway depends on the provider chosen and its base-URL variable (OPENAI_BASE_URL, ANTHROPIC_BASE_URL; none for most others)${more}`, c.loc, fixFor(c.loc)));
        continue;
      }
      // Workers AI through the binding has no base URL: its route to the AI Gateway is the gateway option.
      if (c.provider === "workers-ai") {
        findings.push(fail(`${name} reaches Workers AI through the AI binding directly, not through the declared gateway${more}`, c.loc, "route it through the AI Gateway: pass `gateway: { id: \"<gateway id>\" }` (createWorkersAI's options, or env.AI.run's third argument)"));
        continue;
      }
      const via = c.envDefault ? `the SDK default (${c.envDefault}, not the declared url_env${urlEnv ? ` ${urlEnv}` : ""}; otherwise ${c.defaultHost ?? "the provider"})` : `the SDK default host ${c.defaultHost ?? "(the provider's)"}`;
      // The option that moves this client when it is not the usual one (ChatVertexAI's endpoint, ChatGoogle's http_options).
      const option = c.baseOption ? c.baseOption.split(/[:=]/)[0]!.trim() : bySyntax(c.loc, "baseURL", "base_url");
      findings.push(fail(`${name} sets no ${option}, so it reaches ${via}${more}`, c.loc, clientFix(c)));
      continue;
    }
    if (b.kind === "env") {
      if (b.name === urlEnv) continue;
      if (!urlEnv && gwUrl && b.fallback && sameOrigin(b.fallback, gwUrl)) continue;
      findings.push(warn(`${name} takes its ${bySyntax(c.loc, "baseURL", "base_url")} from ${envRef(b.name, c.loc)}${urlEnv ? `, not the declared url_env ${urlEnv}` : " and no url_env is declared"}: whether it is the gateway is decided at deploy time`, c.loc, urlEnv ? `read the declared variable: \`${bySyntax(c.loc, "baseURL: ", "base_url=")}${envRef(urlEnv, c.loc)}\`` : `declare spend.enforcement.gateway.url_env: ${b.name} if that variable holds the gateway URL`));
      continue;
    }
    if (b.kind === "literal" || b.kind === "prefix") {
      const text = b.kind === "literal" ? b.text : b.prefix;
      const provider = isProviderHost(text);
      if (provider) findings.push(fail(`${name} talks to ${provider} directly (${bySyntax(c.loc, "baseURL", "base_url")} ${showValue(b, c.loc)}), bypassing the gateway`, c.loc, clientFix(c)));
      else if (gwUrl && sameOrigin(text, gwUrl)) continue;
      else findings.push(fail(`${name} ${bySyntax(c.loc, "baseURL", "base_url")} ${showValue(b, c.loc)} is not the declared gateway${gwUrl ? ` ${gwUrl}` : ""}`, c.loc, clientFix(c)));
      continue;
    }
    findings.push(warn(`${name} ${bySyntax(c.loc, "baseURL", "base_url")} is decided at run time (${b.text}: ${b.reason}); the analysis cannot tell whether it is the gateway`, c.loc, clientFix(c)));
  }
  // Raw HTTP straight to a provider's API.
  for (const u of facts.urls) {
    // Trace export is not a model call: ABC-02 judges where it goes.
    if (u.api.startsWith("baseURL") || u.api.startsWith("OpenAI Agents trace export")) continue;
    const text = u.url.kind === "literal" ? u.url.text : u.url.kind === "prefix" ? u.url.prefix : undefined;
    const host = text ? isProviderHost(text) : undefined;
    const paid = !host ? paidApiOf(text ?? (u.url.kind === "env" ? u.url.fallback ?? "" : "")) : undefined;
    if (paid && !(gwUrl && text && sameOrigin(text, gwUrl))) findings.push(paidApiFinding(u, paid, text === undefined));
    if (host && !noGateway) findings.push(fail(`${u.api} calls ${host} directly, bypassing the gateway`, u.loc, fixFor(u.loc)));
    else if (host) findings.push(fail(`${u.api} calls ${host} directly with no gateway in between: ${noGateway}`, u.loc, fixFor(u.loc)));
  }
  // Tools but no model client, call or run: where the agent calls its model is not in the files psf read.
  const idle = findings.length || facts.modelClients.length + facts.modelCalls.length + facts.agentRuns.length ? undefined : nothingToCheck(facts, "model client, model call or agent run", "whether the agent's model calls pass the gateway is not examined", ["spend", "enforcement"], "check by hand that the agent's model client (in a framework psf does not read, or in files outside agent.include) points at the gateway, and record that review as a waiver with its reason and approver");
  if (idle) findings.push(idle);
  return { findings, notes: [examined(facts, [[facts.modelClients.length, "model client"], [facts.urls.length, "outbound URL site"]])] };
};

/**
 * A key_env named like a provider's key variable (`OPENAI_API_KEY` holding a gateway's virtual key is a
 * common and sound setup: the provider SDK reads it, and its base URL points at the gateway) is taken
 * as the gateway key only where the code agrees: a client that sends it and goes around the gateway
 * (RSG-04 fails it) sends it to the provider itself, which accepts only its own keys. So there the
 * declared key is a provider credential, whatever the manifest calls it.
 */
function providerKeyAsGatewayKey(ctx: Parameters<SourceCheck>[0], facts: Parameters<SourceCheck>[1], keyEnv: string | undefined): RawFinding[] {
  if (!keyEnv || !PROVIDER_KEY_ENVS.has(keyEnv)) return [];
  const around = new Set(rsg04(ctx, facts).findings.filter((f) => f.level === "fail" && f.loc).map((f) => `${f.loc!.file}:${f.loc!.line}:${f.loc!.column}`));
  const out: RawFinding[] = [];
  for (const c of facts.modelClients) {
    const implicit = (isPython(c.loc) ? PY_PROVIDER_KEY_ENV[c.provider] : undefined) ?? PROVIDER_DEFAULTS[c.provider]?.keyEnv;
    const sends = c.apiKey ? c.apiKey.kind === "env" && c.apiKey.name === keyEnv : implicit === keyEnv;
    if (!sends || !around.has(`${c.loc.file}:${c.loc.line}:${c.loc.column}`)) continue;
    out.push(fail(`${c.api} sends ${keyEnv}, the declared key_env, to ${(c.defaultHost && hostOf(c.defaultHost)) || c.provider} without passing the gateway (RSG-04): a key that provider accepts is a provider credential, not a gateway key`, c.loc, `route the client through the gateway (RSG-04), so that ${keyEnv} can hold the gateway's virtual key and the provider key stays in the gateway`));
  }
  return out;
}

/** The secret kinds (facts/secrets.ts) that are paid APIs' keys, with the variable their SDKs read. */
const PAID_API_KEY_KINDS = new Map([["tavily", { service: "Tavily", env: "TAVILY_API_KEY" }], ["firecrawl", { service: "Firecrawl", env: "FIRECRAWL_API_KEY" }]]);

/** RSG-05: no hard-coded provider key, no read of a provider key variable other than the declared key_env. */
export const rsg05: SourceCheck = (ctx, facts) => {
  const keyEnv = ctx.manifest.spend?.enforcement?.gateway?.key_env;
  const findings: RawFinding[] = [];
  const fixEnvFor = (l: { file: string }) => keyEnv ? `use the gateway's virtual key from ${envRef(keyEnv, l)}; the provider key stays in the gateway` : "give the agent a gateway (virtual) key, declare it as spend.enforcement.gateway.key_env, and keep provider keys out of the agent's environment";
  for (const s of facts.secrets) {
    // A paid API's key (Tavily, Firecrawl) is not the model's: the gateway's virtual key replaces it only if the gateway proxies that API.
    const paid = PAID_API_KEY_KINDS.get(s.kind);
    const then = paid ? `read it from the deployment's secret store at run time (${envRef(paid.env, s.loc)}), or use the gateway's key if the gateway proxies ${paid.service}` : fixEnvFor(s.loc);
    findings.push(fail(`hard-coded ${paid?.service ?? s.kind} API key ${s.redacted} (critical: rotate it now; the value is redacted in every output)`, s.loc, `revoke and rotate the key, remove it from the source and its history, and ${then}`));
  }
  // Reads in one expression (`A ?? B`, `A || B`) are one credential the agent holds: one finding.
  const reads = new Map<string, { loc: SourceLocation; names: string[] }>();
  for (const e of facts.envReads) {
    if (e.name === keyEnv || !PROVIDER_KEY_ENVS.has(e.name)) continue;
    const key = e.expr !== undefined ? `${e.loc.file}@${e.expr}` : `${e.loc.file}:${e.loc.line}`;
    const hit = reads.get(key);
    if (!hit) reads.set(key, { loc: e.loc, names: [e.name] });
    else if (!hit.names.includes(e.name)) hit.names.push(e.name);
  }
  for (const { loc, names } of reads.values()) {
    const what = names.length === 1 ? `the provider key variable ${names[0]}` : `the provider key variables ${names.slice(0, -1).join(", ")} or ${names[names.length - 1]} (one expression)`;
    findings.push(fail(`reads ${what}${keyEnv ? ` (the declared key_env is ${keyEnv})` : ""}: the agent holds a long-lived provider credential`, loc, fixEnvFor(loc)));
  }
  for (const c of facts.modelClients) {
    if (c.apiKey) continue;
    const implicit = (isPython(c.loc) ? PY_PROVIDER_KEY_ENV[c.provider] : undefined) ?? PROVIDER_DEFAULTS[c.provider]?.keyEnv;
    if (!implicit || implicit === keyEnv) continue;
    if (facts.envReads.some((e) => e.name === implicit && e.loc.file === c.loc.file)) continue;
    const urlEnv = ctx.manifest.spend?.enforcement?.gateway?.url_env;
    const asString = keyEnv ? modelStringFix(c, urlEnv ? envRef(urlEnv, c.loc) : undefined, envRef(keyEnv, c.loc)) : undefined;
    findings.push(fail(`${c.api} passes no ${bySyntax(c.loc, "apiKey", "api_key")}, so the SDK reads ${implicit} from the environment: the agent holds a provider credential${moreText(c)}`, c.loc, asString ?? (keyEnv ? (c.keyOption ? `set \`${c.keyOption.replace("…", envRef(keyEnv, c.loc))}\`` : `pass \`${bySyntax(c.loc, "apiKey: ", "api_key=")}${envRef(keyEnv, c.loc)}\` explicitly`) : fixEnvFor(c.loc))));
  }
  findings.push(...providerKeyAsGatewayKey(ctx, facts, keyEnv));
  return { findings, notes: [examined(facts, [[facts.secrets.length, "secret-shaped literal"], [facts.envReads.length, "environment read"], [facts.modelClients.length, "model client"]])+ ` (key_env: ${keyEnv ?? "not declared"})`] };
};

/**
 * A PydanticAI model string (`Agent("groq:llama-3.3-70b")`) takes no base_url or api_key: the fix is a
 * model object whose provider is the gateway (which speaks the OpenAI API).
 */
function modelStringFix(c: ModelClient, url: string | undefined, key: string | undefined): string | undefined {
  // LangChain's ChatVertexAI has no base URL: its `endpoint` is a host name it calls over https with Vertex AI's own paths.
  if (c.api === "new ChatVertexAI") {
    const opts = [url ? `configuration: { baseURL: ${url} }` : "configuration: { baseURL: <gateway url> }", key ? `apiKey: ${key}` : undefined].filter(Boolean).join(", ");
    return `build the model on the gateway's OpenAI-compatible API instead: \`new ChatOpenAI({ model: "<the model as the gateway names it>", ${opts} })\` (from @langchain/openai); or, if the gateway serves Vertex AI's own API, set ChatVertexAI's \`endpoint\` to the gateway's host name`;
  }
  if (!isPython(c.loc)) return undefined;
  // An ADK Agent's model string has no endpoint or key option: a LiteLlm model object carries them.
  const adk = /^ADK model "([^"]+)"$/.exec(c.api);
  if (adk) {
    const args = [`model="openai/${adk[1]}"`, url ? `api_base=${url}` : undefined, key ? `api_key=${key}` : undefined].filter(Boolean).join(", ");
    return `give the Agent a model object on the gateway instead of the string: \`model=LiteLlm(${args})\` (from google.adk.models.lite_llm; the model as the gateway names it, over its OpenAI-compatible API)`;
  }
  const m = /^model "(?:[\w-]+:)?([^"]+)" \(PydanticAI\)$/.exec(c.api);
  if (!m) return undefined;
  const args = [url ? `base_url=${url}` : undefined, key ? `api_key=${key}` : undefined].filter(Boolean).join(", ");
  return `replace the model string with a model on the gateway: \`OpenAIChatModel("${m[1]}", provider=OpenAIProvider(${args}))\` (from pydantic_ai.models.openai and pydantic_ai.providers.openai)`;
}
