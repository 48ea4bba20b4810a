import { loc, type Builder, type CallSite } from "../context.js";
import type { Sym } from "../sym.js";
import type { SourceLocation } from "../types.js";
import { commandLine, nameFromCommand, server } from "../frameworks/mcp.js";
import { kwargsOf, positionalOf } from "./names.js";
import { builtClass, kw, positional, type PyNames } from "./sites.js";
import { strandsMcpFiltered } from "./frameworks/strands.js";

/**
 * MCP in Python: the MCP SDK's own client parameters, OpenAI Agents' MCPServer* and HostedMCPTool,
 * LangChain's MultiServerMCPClient, PydanticAI's MCP servers and toolsets, CrewAI's `mcps=`.
 * Returns true when the call was an MCP attachment.
 */
export function pythonMcp(site: CallSite, b: Builder, n: PyNames, name: string): boolean {
  if (n.ctor) return false;
  const cls = name.split(".").pop()!;
  // The MCP SDK: StdioServerParameters(command=, args=, env=) and the HTTP clients.
  if (name.startsWith("mcp.") && cls === "StdioServerParameters") {
    if (b.claimedMcpSites.has(key(site.loc))) return true;
    const cmd = commandLine(site, kw(site, "command")?.v, kw(site, "args")?.v);
    server(site, b, { name: nameFromCommand(cmd), source: "StdioServerParameters", transport: "stdio", command: cmd, env: kw(site, "env")?.v, ...(strandsMcpFiltered(site, b) ? { filtered: true } : {}) });
    return true;
  }
  if (name.startsWith("mcp.") && /^(streamablehttp_client|streamable_http_client|sse_client)$/.test(cls)) {
    server(site, b, { name: "remote", source: cls, transport: cls.startsWith("sse") ? "sse" : "http", url: kw(site, "url")?.v ?? positional(site, 0), headers: kw(site, "headers")?.v, ...(strandsMcpFiltered(site, b) ? { filtered: true } : {}) });
    return true;
  }
  // OpenAI Agents: MCPServerStdio(params={...}, tool_filter=, require_approval=), MCPServerStreamableHttp, MCPServerSse, HostedMCPTool.
  if (name.startsWith("agents.") && /^MCPServer(Stdio|StreamableHttp|Sse)$/.test(cls)) {
    const params = kw(site, "params")?.v ?? positional(site, 0);
    const given = kw(site, "name")?.v;
    const stdio = cls === "MCPServerStdio";
    const cmd = stdio ? commandLine(site, site.prop(params, "command")?.v, site.prop(params, "args")?.v) : undefined;
    server(site, b, { name: given?.k === "str" ? given.v : cmd ? nameFromCommand(cmd) : "remote", source: cls, transport: stdio ? "stdio" : cls.endsWith("Sse") ? "sse" : "http", ...(cmd ? { command: cmd } : {}), url: stdio ? undefined : site.prop(params, "url")?.v, headers: site.prop(params, "headers")?.v, env: site.prop(params, "env")?.v, filtered: notNone(site, kw(site, "tool_filter")?.v), ...(kw(site, "require_approval") ? { approval: kw(site, "require_approval")! } : {}) });
    return true;
  }
  if (name.startsWith("agents.") && cls === "HostedMCPTool") {
    const cfg = kw(site, "tool_config")?.v ?? positional(site, 0);
    const label = site.prop(cfg, "server_label")?.v;
    server(site, b, { name: label?.k === "str" ? label.v : "hosted", source: "HostedMCPTool", transport: "hosted", url: site.prop(cfg, "server_url")?.v, headers: site.prop(cfg, "headers")?.v, filtered: notNone(site, site.prop(cfg, "allowed_tools")?.v), ...(site.prop(cfg, "require_approval") ? { approval: site.prop(cfg, "require_approval")! } : {}) });
    return true;
  }
  // LangChain: MultiServerMCPClient({"github": {"command": …, "args": …, "transport": "stdio"}, "docs": {"url": …}}).
  if (name.startsWith("langchain_mcp_adapters") && cls === "MultiServerMCPClient") {
    const map = site.R(positional(site, 0) ?? kw(site, "connections")?.v);
    if (map?.k === "obj") {
      for (const [key, p] of Object.entries(map.props)) {
        const cfg = site.R(p.v);
        const url = site.prop(cfg, "url")?.v;
        const cmd = url ? undefined : commandLine(site, site.prop(cfg, "command")?.v, site.prop(cfg, "args")?.v);
        server(site, b, { name: key, source: "MultiServerMCPClient", transport: url ? "http" : "stdio", ...(cmd ? { command: cmd } : {}), url, headers: site.prop(cfg, "headers")?.v, env: site.prop(cfg, "env")?.v, at: { file: p.at.file, line: p.at.line, column: p.at.column } });
      }
    } else server(site, b, { name: "unknown", source: "MultiServerMCPClient", transport: "unknown" });
    return true;
  }
  // PydanticAI: MCPServerStdio("cmd", args=[…]), MCPServerStreamableHTTP("https://…"), MCPToolset(url or command).
  if (name.startsWith("pydantic_ai") && /^(MCPServerStdio|MCPServerStreamableHTTP|MCPServerSSE|MCPServerHTTP|MCPToolset)$/.test(cls)) {
    const first = site.R(positional(site, 0) ?? kw(site, "url")?.v ?? kw(site, "command")?.v);
    const isUrl = first?.k === "str" ? /^https?:/.test(first.v) : cls !== "MCPServerStdio";
    const cmd = isUrl ? undefined : commandLine(site, first, kw(site, "args")?.v);
    server(site, b, { name: cmd ? nameFromCommand(cmd) : "remote", source: cls, transport: isUrl ? (cls.includes("SSE") ? "sse" : "http") : "stdio", ...(cmd ? { command: cmd } : {}), ...(isUrl ? { url: first } : {}), headers: kw(site, "headers")?.v, env: kw(site, "env")?.v });
    return true;
  }
  // CrewAI: Agent(mcps=["https://…", …]) — each string is a remote server.
  if (name === "crewai.Agent") {
    const list = site.R(kw(site, "mcps")?.v);
    if (list?.k === "arr") for (const item of list.items) {
      const v = site.R(item);
      if (v?.k === "str") server(site, b, { name: (() => { try { return new URL(v.v).host; } catch { return v.v; } })(), source: "crewai Agent(mcps=…)", transport: "http", url: v });
    }
    return false; // the Agent itself is still a run
  }
  // agno (2.9.0, agno/tools/mcp/): MCPTools("npx -y …" | url=…, transport=…, include_tools=, exclude_tools=,
  // requires_confirmation_tools=) and MultiMCPTools(commands=[…], urls=[…]); server_params= is the MCP SDK's, recorded where built.
  if (/^agno\.tools\.mcp(\.\w+)?\.(MCPTools|MultiMCPTools)$/.test(name)) {
    const filtered = notNone(site, kw(site, "include_tools")?.v) || notNone(site, kw(site, "exclude_tools")?.v);
    const extra = { filtered, env: kw(site, "env")?.v, ...(kw(site, "requires_confirmation_tools") ? { approval: kw(site, "requires_confirmation_tools")! } : {}) };
    const one = (cmd: Sym | undefined, url: Sym | undefined, transport: Sym | undefined) => {
      const t = site.R(transport);
      if (url) return server(site, b, { name: hostOf(site.R(url)) ?? "remote", source: cls, transport: t?.k === "str" && t.v === "sse" ? "sse" : "http", url, ...extra });
      const line = commandLine(site, cmd, undefined);
      server(site, b, { name: nameFromCommand(line), source: cls, transport: "stdio", command: line, ...extra });
    };
    if (cls === "MCPTools") {
      const cmd = kw(site, "command")?.v ?? positional(site, 0);
      if (cmd || kw(site, "url")) one(cmd, kw(site, "url")?.v, kw(site, "transport")?.v);
    } else for (const [k, isUrl] of [["commands", false], ["urls", true]] as const) {
      const list = site.R(kw(site, k)?.v ?? (isUrl ? undefined : positional(site, 0)));
      if (list?.k === "arr") for (const item of list.items) one(isUrl ? undefined : item, isUrl ? item : undefined, undefined);
    }
    return true;
  }
  if (name.startsWith("google.adk") && /^(McpToolset|MCPToolset)$/.test(cls)) {
    adkToolset(site, b, cls);
    return true;
  }
  // smolagents: ToolCollection.from_mcp(params) and MCPClient(params) take the MCP SDK's
  // StdioServerParameters (recorded where it is built) or a dict {"url": …} (a remote server), or a
  // list of them; smolagents has no tool filter or approval of its own.
  if (name.startsWith("smolagents") && (n.path === "from_mcp" || cls === "MCPClient")) {
    const given = site.R(kw(site, "server_parameters")?.v ?? kw(site, "server_params")?.v ?? positional(site, 0));
    for (const p of given?.k === "arr" ? given.items.map((i) => site.R(i)) : [given]) {
      if (p?.k !== "obj") continue;
      const url = site.prop(p, "url")?.v;
      const transport = site.R(site.prop(p, "transport")?.v);
      server(site, b, { name: hostOf(site.R(url)) ?? "remote", source: `smolagents ${cls === "MCPClient" ? "MCPClient" : "ToolCollection.from_mcp"}`, transport: transport?.k === "str" && transport.v === "sse" ? "sse" : "http", url, headers: site.prop(p, "headers")?.v });
    }
    return true;
  }
  return false;
}

const key = (l: SourceLocation) => `${l.file}:${l.line}:${l.column}`;

function hostOf(v: Sym | undefined): string | undefined {
  if (v?.k !== "str") return undefined;
  try {
    return new URL(v.v).host;
  } catch {
    return undefined;
  }
}


/**
 * Google ADK: `McpToolset(connection_params=StdioConnectionParams(server_params=StdioServerParameters(command=…, args=…)),
 * tool_filter=[…], require_confirmation=…)`, or `SseConnectionParams(url=…, headers=…)` /
 * `StreamableHTTPConnectionParams(url=…)`, or the MCP SDK's `StdioServerParameters` directly. The
 * toolset is where the filter is, so the server is recorded here, once: the nested
 * `StdioServerParameters(…)` is claimed so its own site does not record it again (or, when it was
 * recorded first, that record gets the filter and approval).
 */
function adkToolset(site: CallSite, b: Builder, cls: string): void {
  const params = kw(site, "connection_params")?.v ?? positional(site, 0);
  const kind = builtClass(site, params);
  const c = site.R(params);
  const args = c?.k === "call" ? kwargsOf(c.args) : undefined;
  const filter = kw(site, "tool_filter");
  const approval = kw(site, "require_confirmation");
  const extra = { filtered: !!filter && site.R(filter.v)?.k !== "null", ...(approval ? { approval } : {}) };
  let stdio: Sym | undefined;
  if (kind === "StdioServerParameters") stdio = params;
  else if (kind === "StdioConnectionParams") stdio = site.prop(args, "server_params")?.v ?? (c?.k === "call" ? positionalOf(c.args)[0] : undefined);
  if (stdio) {
    const inner = site.R(stdio);
    const innerArgs = inner?.k === "call" ? kwargsOf(inner.args) : undefined;
    const cmd = commandLine(site, site.prop(innerArgs, "command")?.v, site.prop(innerArgs, "args")?.v);
    if (inner?.k === "call") {
      const at = key(loc(inner.at));
      const earlier = b.facts.mcpServers.find((s) => key(s.loc) === at);
      if (earlier) {
        earlier.source = `${cls} (${earlier.source})`;
        earlier.filtered = extra.filtered;
        return void Object.assign(earlier, approval ? { approval: approvalOf(site, approval.v), approvalLoc: approval.loc } : {});
      }
      b.claimedMcpSites.add(at);
    }
    server(site, b, { name: nameFromCommand(cmd), source: cls, transport: "stdio", command: cmd, env: site.prop(innerArgs, "env")?.v, ...extra });
    return;
  }
  const url = site.prop(args, "url")?.v;
  server(site, b, { name: hostOf(site.R(url)) ?? "remote", source: cls, transport: kind?.startsWith("Sse") ? "sse" : "http", url, headers: site.prop(args, "headers")?.v, ...extra });
}

/** The same reading of an approval setting as server() makes. */
function approvalOf(site: CallSite, v: Sym): "always" | "never" | "conditional" {
  const a = site.R(v);
  return a?.k === "str" ? (a.v === "never" ? "never" : "always") : a?.k === "bool" ? (a.v ? "always" : "never") : "conditional";
}

/** A filter that is given and is not `None` (`tool_filter=None` is the default: no filter). */
function notNone(site: CallSite, v: Sym | undefined): boolean {
  return v !== undefined && site.R(v)?.k !== "null";
}
