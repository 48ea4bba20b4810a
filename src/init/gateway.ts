// Which gateway the code routes model calls through, for `psf init`: the variables it reads and the hosts it names.
import type { Facts } from "../facts/types.js";
import type { GatewayKind } from "../manifest/types.js";

/** The gateway the model clients route through, as far as the code says. */
export interface DetectedGateway {
  urlEnv?: string;
  url?: string;
  keyEnv?: string;
  kind?: GatewayKind;
}

/** A gateway named by the prefix of the variables that configure it (LITELLM_PROXY_API_BASE, PORTKEY_API_KEY). */
const GATEWAY_VAR_PREFIXES: [RegExp, GatewayKind][] = [
  [/^LITELLM_/, "litellm"],
  [/^PORTKEY_/, "portkey"],
  [/^HELICONE_/, "helicone"],
  [/^OPENROUTER_/, "openrouter"],
  [/^BIFROST_/, "bifrost"],
  [/^TENSORZERO_/, "tensorzero"],
  [/^(CF_AIG|CLOUDFLARE_AI_GATEWAY)_/, "cloudflare"],
];
/** A gateway named by its hosted endpoint (a literal base URL). */
const GATEWAY_HOSTS: [RegExp, GatewayKind][] = [
  [/(^|\.)helicone\.ai$/, "helicone"],
  [/(^|\.)portkey\.ai$/, "portkey"],
  [/(^|\.)openrouter\.ai$/, "openrouter"],
  [/^gateway\.ai\.cloudflare\.com$/, "cloudflare"],
  [/^ai-gateway\.vercel\.sh$/, "vercel-ai-gateway"],
];
const URL_VAR = /(URL|BASE|ENDPOINT|HOST)$/;
/** A variable that says it holds a gateway's address whatever the gateway (LLM_GATEWAY_URL, AI_GATEWAY_BASE_URL). */
const GATEWAY_URL_VAR = /GATEWAY(_API)?_(URL|BASE(_URL)?|ENDPOINT|HOST)$/;
const KEY_VAR = /(KEY|TOKEN)$/;

const kindOfVar = (name: string) => GATEWAY_VAR_PREFIXES.find(([re]) => re.test(name))?.[1];
function kindOfUrl(url: string | undefined): GatewayKind | undefined {
  if (!url) return undefined;
  try {
    const host = new URL(url).hostname;
    return GATEWAY_HOSTS.find(([re]) => re.test(host))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * The gateway the model clients do not name themselves: a variable the code reads with os.environ /
 * os.getenv / process.env, either the SDK's own base-URL variable (OPENAI_BASE_URL, read by code
 * that relies on it being set), one a gateway's name prefixes (LITELLM_PROXY_API_BASE) or one that
 * says it holds a gateway's URL (LLM_GATEWAY_URL), and the key read beside it; the gateway kind from such a
 * variable or from a hosted gateway's URL. Only what the code reads: an SDK default nobody reads
 * says nothing about where the deployment points it.
 */
export function gatewayFromEnvReads(d: { gateway: DetectedGateway; clients: { urlEnv?: string; url?: string; envDefault?: string }[] }, facts: Facts): void {
  const read = [...new Set(facts.envReads.map((e) => e.name))].sort();
  if (!d.gateway.urlEnv) {
    const sdkDefault = read.find((n) => d.clients.some((c) => c.envDefault === n));
    const named = read.find((n) => kindOfVar(n) && URL_VAR.test(n));
    const generic = read.find((n) => GATEWAY_URL_VAR.test(n));
    const urlEnv = sdkDefault ?? named ?? generic;
    if (urlEnv) d.gateway.urlEnv = urlEnv;
  }
  const literal = d.clients.find((c) => !c.urlEnv && kindOfUrl(c.url));
  if (!d.gateway.urlEnv && !d.gateway.url && literal?.url) d.gateway.url = literal.url;
  const kind = (d.gateway.urlEnv ? kindOfVar(d.gateway.urlEnv) : undefined) ?? kindOfUrl(d.gateway.url) ?? (d.gateway.urlEnv || d.gateway.url ? read.map(kindOfVar).find(Boolean) : undefined);
  if (kind) d.gateway.kind = kind;
  if (!d.gateway.keyEnv) {
    // The key beside the URL (LLM_GATEWAY_URL → LLM_GATEWAY_KEY, LLM_GATEWAY_API_KEY), else one the gateway's name prefixes.
    const stem = d.gateway.urlEnv?.replace(/_(API_)?(URL|BASE(_URL)?|ENDPOINT|HOST)$/, "");
    const keyEnv = read.find((n) => stem && stem !== d.gateway.urlEnv && n.startsWith(`${stem}_`) && KEY_VAR.test(n)) ?? (kind ? read.find((n) => kindOfVar(n) === kind && KEY_VAR.test(n)) : undefined);
    if (keyEnv) d.gateway.keyEnv = keyEnv;
  }
}
