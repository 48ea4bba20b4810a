import type { StringValue, Facts, McpServer, SourceLocation } from "./types.js";
import { findSecrets } from "./secrets.js";

/**
 * MCP servers from every source (code in either language, and the repository's MCP config files)
 * become one kind of fact. Each remote server's URL is an outbound URL site (ABC-02); a literal
 * credential in its env or headers is a secret literal (RSG-05), kept redacted.
 */
export function recordMcpServer(facts: Facts, s: Omit<McpServer, "unpinned"> & { secrets?: { text: string; loc: SourceLocation }[] }): void {
  const { secrets, ...server } = s;
  const unpinned = server.command ? unpinnedPackage(server.command) : undefined;
  facts.mcpServers.push({ ...server, ...(unpinned ? { unpinned } : {}) });
  if (server.url && server.url.kind !== "absent") facts.urls.push({ loc: server.loc, api: `MCP server ${server.name}`, url: server.url });
  for (const t of secrets ?? []) {
    const found = findSecrets(t.text);
    if (found.length) for (const f of found) facts.secrets.push({ kind: f.kind, redacted: f.redacted, loc: t.loc });
    else if (looksLikeLiteralToken(t.text)) facts.secrets.push({ kind: "token", redacted: `${t.text.slice(0, 3)}…${t.text.slice(-4)}`, loc: t.loc });
  }
}

/** `npx -y pkg`, `uvx pkg`, `pipx run pkg` with no version (or `@latest`): whatever the registry serves today runs. */
export function unpinnedPackage(command: string): string | undefined {
  const m = /(?:^|\s)(?:npx|bunx|pnpm\s+dlx|uvx|pipx\s+run)\s+(?:-[-\w]+(?:=\S+)?\s+)*([^\s-][^\s]*)/.exec(command);
  if (!m) return undefined;
  // `pkg@latest` (the form MCP server READMEs give for uvx and npx) names a moving tag, not a version.
  const pkg = m[1]!.replace(/@(latest|next)$/, "");
  const versioned = pkg.startsWith("@") ? pkg.slice(1).includes("@") : pkg.includes("@") || /==|>=/.test(pkg);
  return versioned ? undefined : pkg;
}

/** A value in an `env`/`headers` entry that is a credential written out, not a reference (`${input:x}`, `${env:X}`, `$X`). */
export function looksLikeLiteralToken(v: string): boolean {
  if (/^\$\{?[\w:.-]+\}?$/.test(v) || /\$\{(input|env):/.test(v) || v.length < 12) return false;
  const token = v.replace(/^(Bearer|Basic|token)\s+/i, "");
  return /^[A-Za-z0-9._~+/=-]{12,}$/.test(token) && /\d/.test(token) && /[A-Za-z]/.test(token);
}

export function literalUrl(text: string | undefined): StringValue {
  return text === undefined ? { kind: "absent" } : { kind: "literal", text };
}
