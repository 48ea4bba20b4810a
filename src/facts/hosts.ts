import type { Facts, StringValue } from "./types.js";

/**
 * The origins an agent's source connects to, for an endpoint allowlist: `psf init` writes them into
 * boundaries.endpoints.allow, and ABC-01's fix suggests them when the allowlist is missing.
 */

/** The known text of a string value: all of a literal, the constant start of a prefix. */
export function literalText(v: StringValue): string | undefined {
  if (v.kind === "literal") return v.text;
  if (v.kind === "prefix") return v.prefix;
  return undefined;
}

/** Origins the source connects to; a default client whose variable is the gateway's url_env goes to the gateway, not to its built-in host. */
export function sourceHosts(facts: Facts, gatewayUrlEnv?: string): string[] {
  const hosts = new Set<string>();
  const add = (url: string | undefined) => {
    const entry = url ? allowEntry(url) : undefined;
    if (entry) hosts.add(entry);
  };
  // The SDK's own variable (OPENAI_BASE_URL) as the gateway's: its built-in fallback is where the agent goes only when it is unset.
  const viaSdkDefault = (name: string | undefined) => !!gatewayUrlEnv && name === gatewayUrlEnv && facts.modelClients.some((c) => c.envDefault === gatewayUrlEnv);
  for (const u of facts.urls) {
    // A framework's default egress (agno's telemetry) is for the operator to turn off or accept, never proposed for the allowlist.
    if (u.byDefault) continue;
    if (u.url.kind === "literal") add(u.url.text);
    else if (u.url.kind === "prefix") add(u.url.prefix);
    else if (u.url.kind === "env" && u.url.fallback && !viaSdkDefault(u.url.name)) add(u.url.fallback);
  }
  for (const c of facts.modelClients) {
    const lit = literalText(c.baseURL) ?? (c.baseURL.kind === "env" ? c.baseURL.fallback : undefined);
    if (lit) add(lit);
    else if (c.baseURL.kind === "absent" && c.defaultHost && !viaSdkDefault(c.envDefault)) add(c.defaultHost.includes("://") ? c.defaultHost : `https://${c.defaultHost}`);
  }
  return [...hosts].sort();
}

/** An allowlist entry from a URL the source uses: its origin (no wildcard hosts, http(s)/ws(s) only). */
export function allowEntry(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (!/^(https?|wss?):$/.test(u.protocol) || !u.hostname || u.hostname.includes("*")) return undefined;
  return u.origin;
}
