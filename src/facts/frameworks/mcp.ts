import { recordMcpServer } from "../mcp.js";
import { loc, type Builder, type CallSite, type Recognizer } from "../context.js";
import type { Sym } from "../sym.js";
import { toStringValue } from "../values.js";
import type { McpServer, SourceLocation } from "../types.js";

/**
 * MCP attachments in TypeScript: the AI SDK's createMCPClient, the MCP SDK's client transports,
 * Mastra's MCPClient, LangChain's MultiServerMCPClient; OpenAI Agents' MCPServer* and
 * hostedMcpTool are read by its own recognizer through `mcpFromOptions`. Every server is a fact.
 */
export const mcp: Recognizer = {
  packages: ["@ai-sdk/mcp", "@mastra/mcp", "@langchain/mcp-adapters", "@modelcontextprotocol/sdk"],
  recognize(site, b) {
    const r = site.root!;
    if (r.instance || site.q.path.length) return;
    if (r.name === "createMCPClient" || r.name === "experimental_createMCPClient") return aiSdkClient(site, b);
    if (r.name === "StdioClientTransport" || r.name === "Experimental_StdioMCPTransport") return stdioTransport(site, b, site.arg(0), `${r.name}`);
    if (r.name === "StreamableHTTPClientTransport" || r.name === "SSEClientTransport") {
      const u = site.arg(0);
      return server(site, b, { name: hostOf(u, site) ?? "remote", source: r.name, transport: r.name.startsWith("SSE") ? "sse" : "http", url: u });
    }
    if (r.name === "MCPClient" || r.name === "MultiServerMCPClient") {
      const opts = site.arg(0);
      const map = site.prop(opts, "servers") ?? site.prop(opts, "mcpServers") ?? (r.name === "MultiServerMCPClient" ? { v: opts!, loc: site.loc } : undefined);
      serverMap(site, b, map?.v, r.name);
    }
  },
};

/** The AI SDK's `createMCPClient({ transport: { type, url, headers } | new StdioTransport(…) })`. */
export function aiSdkClient(site: CallSite, b: Builder): void {
  const t = site.prop(site.arg(0), "transport");
  const tv = site.R(t?.v);
  if (tv?.k === "obj") {
    const type = site.prop(tv, "type");
    return server(site, b, { name: hostOf(site.prop(tv, "url")?.v, site) ?? "remote", source: "createMCPClient", transport: type?.v.k === "str" && type.v.v === "sse" ? "sse" : "http", url: site.prop(tv, "url")?.v, headers: site.prop(tv, "headers")?.v });
  }
  // A transport object built elsewhere (a stdio transport) is recorded where it is constructed.
  if (!tv || tv.k !== "call") server(site, b, { name: "unknown", source: "createMCPClient", transport: "unknown" });
}

function stdioTransport(site: CallSite, b: Builder, opts: Sym | undefined, source: string): void {
  stdioTransportAt(site, b, opts, source, undefined, site.loc);
}

/** `{ github: { command, args, env } | { url, requestInit } }` (Mastra, LangChain, VoltAgent). */
export function serverMap(site: CallSite, b: Builder, map: Sym | undefined, source: string): void {
  const m = site.R(map);
  if (m?.k !== "obj") return server(site, b, { name: "unknown", source, transport: "unknown" });
  for (const [name, p] of Object.entries(m.props)) {
    const cfg = site.R(p.v);
    const url = site.prop(cfg, "url")?.v;
    if (url) server(site, b, { name, source, transport: "http", url, headers: site.prop(site.prop(cfg, "requestInit")?.v, "headers")?.v ?? site.prop(cfg, "headers")?.v, at: loc(p.at) });
    else stdioTransportAt(site, b, cfg, source, name, loc(p.at));
  }
}

function stdioTransportAt(site: CallSite, b: Builder, cfg: Sym | undefined, source: string, name: string | undefined, at: SourceLocation): void {
  const command = commandLine(site, site.prop(cfg, "command")?.v, site.prop(cfg, "args")?.v);
  server(site, b, { name: name ?? nameFromCommand(command), source, transport: "stdio", command, env: site.prop(cfg, "env")?.v, at });
}

/** A stdio server's command line as written (`npx -y @scope/server …`): run-time parts shown as `…`. */
export function commandLine(site: CallSite, command: Sym | undefined, args: Sym | undefined): string {
  const a = site.R(args);
  return [command, ...(a?.k === "arr" ? a.items : [])].map((x) => site.R(x)).map((x) => (x?.k === "str" ? x.v : x ? "…" : "")).filter(Boolean).join(" ");
}

/** The server a command line starts, for its name (`npx -y @scope/server-x` → `@scope/server-x`). */
export function nameFromCommand(cmd: string): string {
  return cmd.split(" ").find((p) => p && !["npx", "-y", "uvx", "node", "python", "python3", "-m"].includes(p) && !p.startsWith("-")) ?? "stdio";
}

function hostOf(u: Sym | undefined, site: CallSite): string | undefined {
  const v = toStringValue(site.R(u));
  const text = v.kind === "literal" ? v.text : v.kind === "prefix" ? v.prefix : undefined;
  try {
    return text ? new URL(text).host : undefined;
  } catch {
    return undefined;
  }
}

export interface ServerSpec {
  name: string;
  source: string;
  transport: McpServer["transport"];
  command?: string;
  url?: Sym | undefined;
  headers?: Sym | undefined;
  env?: Sym | undefined;
  filtered?: boolean;
  approval?: { v: Sym; loc: SourceLocation };
  at?: SourceLocation;
}

/** Record one server: its URL as an outbound site, literal credentials in env/headers as secrets. */
export function server(site: CallSite, b: Builder, s: ServerSpec): void {
  const secrets: { text: string; loc: SourceLocation }[] = [];
  for (const bag of [s.headers, s.env]) {
    const o = site.R(bag);
    if (o?.k !== "obj") continue;
    for (const p of Object.values(o.props)) {
      const v = site.R(p.v);
      if (v?.k === "str") secrets.push({ text: v.v, loc: loc(p.at) });
    }
  }
  const a = s.approval ? site.R(s.approval.v) : undefined;
  const approval: McpServer["approval"] = !a ? "none" : a.k === "str" ? (a.v === "never" ? "never" : "always") : a.k === "bool" ? (a.v ? "always" : "never") : "conditional";
  recordMcpServer(b.facts, {
    loc: s.at ?? site.loc, name: s.name, source: s.source, transport: s.transport,
    ...(s.command ? { command: s.command } : {}),
    ...(s.url ? { url: toStringValue(site.R(s.url)) } : {}),
    filtered: s.filtered ?? false, approval, ...(s.approval ? { approvalLoc: s.approval.loc } : {}), secrets,
  });
}
