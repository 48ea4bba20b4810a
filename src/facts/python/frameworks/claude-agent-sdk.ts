import { addRun, addTool } from "../../common.js";
import { ctorKey, loc, type Builder, type CallSite } from "../../context.js";
import { CLAUDE_OPTION_NAMES, claudePermissions, type ClaudeOptionReader } from "../../claude-options.js";
import { addClaudeRun, addClaudeSdkTool, claudeClient, claudeExternalServer, claudeTurns, claudeModeChange, claudeOptionsUnread, claudeSdkServer, optionsReadable, truthy, type ClaudePermissions } from "../../claude-agent-sdk.js";
import type { Sym } from "../../sym.js";
import type { AgentRun } from "../../types.js";
import { positionalOf } from "../names.js";
import { kw, kwOr, positional, type PyNames } from "../sites.js";
import { kwOfCall, type Opt } from "./common.js";

/**
 * The Claude Agent SDK for Python (module `claude_agent_sdk`, checked against 0.2.143):
 *  - `query(prompt=…, options=ClaudeAgentOptions(…))` and `ClaudeSDKClient(options=…)` (then
 *    `client.query()` / `receive_response()`) run Claude Code's agent loop: at most `max_turns` turns,
 *    with no limit when it is not given (or 0: the SDK passes --max-turns only when it is truthy).
 *    `client.interrupt()` stops a client's turn.
 *  - The loop calls Anthropic's API through the Claude Code CLI, which reads ANTHROPIC_BASE_URL; the
 *    options' `env={…}` is the CLI's environment, so a gateway is set there.
 *  - Tools: Claude Code's built-in ones (Bash, Write, Edit, …, unless `tools=[…]` lists others), and
 *    `@tool("name", …)` functions served by `create_sdk_mcp_server(name, tools=[…])`. Each call is
 *    decided by permission_mode, allowed_tools, disallowed_tools and can_use_tool (claude-options.ts).
 *  - `mcp_servers={"name": {"command"|"url": …}}` attaches MCP servers.
 *  - `env={"CLAUDE_CODE_ENABLE_TELEMETRY": "1", …}` turns on Claude Code's OpenTelemetry export.
 */

const MODULE = /^claude_agent_sdk(\.(query|client|types))?\./;
/** The SDK export a dotted name reaches (`claude_agent_sdk.query` and `claude_agent_sdk.query.query` → "query"). */
const exportName = (full: string | undefined) => (full && MODULE.test(full) ? full.replace(MODULE, "") : undefined);

export function claudeAgentSdk(site: CallSite, b: Builder, n: PyNames, name: string): void {
  if (n.ctor) {
    if (exportName(n.ctor) !== "ClaudeSDKClient" || n.hops !== 1 || site.q.root.k !== "instance") return;
    const i = b.agentByCtor.get(ctorKey(site.q.root.call));
    const run = i !== undefined ? b.facts.agentRuns[i] : undefined;
    if (!run) return;
    if (n.path === "interrupt") run.signal = true;
    // `await client.set_permission_mode("bypassPermissions")`: the rest of the session goes on under that mode.
    if (n.path === "set_permission_mode") {
      const v = site.R(positional(site, 0) ?? kw(site, "mode")?.v);
      claudeModeChange(b, run, { ...(v?.k === "str" ? { value: v.v } : {}), loc: site.loc });
    }
    return;
  }
  const what = exportName(name);
  if (what === "query") {
    run(site, b, "query", kw(site, "options"));
    return;
  }
  if (what === "ClaudeSDKClient") {
    const opts = kwOr(site, "options", 0);
    const i = run(site, b, "ClaudeSDKClient", opts);
    b.agentByCtor.set(ctorKey(site.ir), i);
  }
}

/** One option of the run's ClaudeAgentOptions(…) (or of a dict given as options). */
function option(site: CallSite, opts: Sym | undefined, key: string): Opt {
  return reader(site)(opts, key);
}

/** Options of a call (`ClaudeAgentOptions(…)`, `HookMatcher("Bash", [fn])`: by keyword, or at a position) or keys of a dict. */
const reader = (site: CallSite): ClaudeOptionReader => (holder, key, position) => {
  if (holder?.k !== "call") return site.prop(holder, key);
  const at = position === undefined ? undefined : positionalOf(holder.args)[position];
  return kwOfCall(site, holder, key) ?? (at ? { v: at, loc: loc(holder.at) } : undefined);
};

const SPELLING = { api: "ClaudeAgentOptions (the Claude Code CLI's Anthropic client)", baseOption: 'env={"ANTHROPIC_BASE_URL": …}' };

function run(site: CallSite, b: Builder, api: string, given: Opt): number {
  const opts = site.R(given?.v);
  // Findings about the options point where they are written (ClaudeAgentOptions(…)), which may be far from the run.
  const where = opts?.k === "call" || opts?.k === "obj" ? loc(opts.at) : given?.loc ?? site.loc;
  const maxTurns = option(site, opts, "max_turns");
  const env = site.R(option(site, opts, "env")?.v);
  const telemetry = truthy(site, site.prop(env, "CLAUDE_CODE_ENABLE_TELEMETRY")?.v);
  const i = addRun(b, site, { framework: "claude-agent-sdk", api, ...claudeTurns(site, maxTurns, "max_turns"), signal: false, telemetry, tools: [] });
  if (given && !optionsReadable(opts, given)) {
    claudeOptionsUnread(site, b, b.facts.agentRuns[i]!, given, SPELLING);
    return i;
  }
  const { p, subagents } = claudePermissions(site, opts, reader(site), CLAUDE_OPTION_NAMES.python);
  addClaudeRun(b, b.facts.agentRuns[i]!, p, where, subagents);
  claudeClient(site, b, env, where, SPELLING);
  mcpServers(site, b, option(site, opts, "mcp_servers"), p, b.facts.agentRuns[i]!);
  return i;
}



/** `mcp_servers={"name": {…}}`: external servers by command or URL, and SDK servers built from @tool functions. */
function mcpServers(site: CallSite, b: Builder, o: Opt, p: ClaudePermissions, run: AgentRun): void {
  const servers = site.R(o?.v);
  if (!o || servers?.k !== "obj") return;
  for (const name of Object.keys(servers.props)) {
    const entry = site.prop(servers, name)!;
    const v = site.R(entry.v);
    if (v?.k === "call") {
      // create_sdk_mcp_server(name, version, tools=[…]): in-process, its tools are the @tool functions psf reads.
      const tools = kwOfCall(site, v, "tools")?.v ?? v.args.map((a) => site.R(a)).find((a) => a?.k === "arr");
      const list = site.R(tools);
      if (list?.k === "arr") claudeSdkServer(b, name, list.items.flatMap((t) => toolName(site, t)));
      continue;
    }
    if (v) claudeExternalServer(site, b, name, v, entry.loc, p, run, "ClaudeAgentOptions mcp_servers");
  }
}

/** The name an `@tool("name", …)` function is given, from a reference to it in a server's tools list. */
function toolName(site: CallSite, t: Sym): string[] {
  const found = site.R(t);
  const id = found?.k === "fn" || found?.k === "fnref" ? found.id : undefined;
  const name = id?.split("#").pop();
  return name ? [name] : [];
}

/** `@tool("name", "description", schema)`: an SDK MCP tool named by its first argument. */
export function claudeSdkTool(site: CallSite, b: Builder, name: string): void {
  if (exportName(name) !== "tool") return;
  const d = site.ir.decorates!;
  const first = positional(site, 0) ?? site.R(kw(site, "name")?.v);
  const t = addTool(b, site, { name: first?.k === "str" ? first.v : d.name, framework: "claude-agent-sdk", body: d.fn });
  addClaudeSdkTool(b, t, d.name);
}
