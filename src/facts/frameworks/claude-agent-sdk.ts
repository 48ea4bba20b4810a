import { addRun, addTool } from "../common.js";
import { ctorKey, loc, type Builder, type CallSite, type Recognizer } from "../context.js";
import { CLAUDE_OPTION_NAMES, claudePermissions } from "../claude-options.js";
import { addClaudeRun, addClaudeSdkTool, claudeClient, claudeExternalServer, claudeTurns, claudeModeChange, claudeOptionsUnread, claudeSdkServer, optionsReadable, truthy, type ClaudePermissions } from "../claude-agent-sdk.js";
import type { Sym } from "../sym.js";
import type { AgentRun, SourceLocation } from "../types.js";

/**
 * The Claude Agent SDK for TypeScript (`@anthropic-ai/claude-agent-sdk`, checked against 0.3.332's sdk.d.ts):
 *  - `query({ prompt, options })` runs Claude Code's agent loop: at most `maxTurns` turns, none when it
 *    is not given; `abortController` cancels it, and the returned Query's `interrupt()` stops a turn.
 *  - `options.env` is the CLI's whole environment (it replaces process.env), where ANTHROPIC_BASE_URL
 *    sends the CLI's Anthropic calls to a gateway; `CLAUDE_CODE_ENABLE_TELEMETRY` turns on its OpenTelemetry.
 *  - Tools: Claude Code's built-in ones (unless `tools: […]` lists others), and `tool(name, description,
 *    schema, handler)` served by `createSdkMcpServer({ name, tools })`; each call is decided by
 *    permissionMode, allowedTools, disallowedTools and canUseTool (../claude-agent-sdk.ts).
 *  - `mcpServers: { name: { command, args } | { type: "http" | "sse", url } }` attaches MCP servers.
 *  - The V2 sessions of 0.1–0.2 (`unstable_v2_createSession(options)`, `unstable_v2_prompt(message, options)`)
 *    run the same loop; their options took no turn limit or permission mode then.
 */
export const claudeAgentSdk: Recognizer = {
  packages: ["@anthropic-ai/claude-agent-sdk"],
  recognize(site, b) {
    const r = site.root!;
    if (!r.instance && site.q.path.length === 0) {
      if (r.name === "query") return run(site, b, "query", site.prop(site.arg(0), "options"));
      // The V2 session API (`unstable_v2_*`, @anthropic-ai/claude-agent-sdk 0.1–0.2): the same loop, options positional.
      const v2 = V2_SESSIONS[r.name];
      if (v2 !== undefined) return run(site, b, r.name, site.ir.args[v2] ? { v: site.ir.args[v2]!, loc: site.loc } : undefined);
      if (r.name === "tool") {
        const name = site.arg(0);
        const t = addTool(b, site, { framework: "claude-agent-sdk", ...(name?.k === "str" ? { name: name.v } : {}), body: site.ir.args[3] });
        addClaudeSdkTool(b, t);
      }
      return;
    }
    // `const q = query(…); … q.interrupt()`: the pause poller can stop the run.
    if (r.instance && r.call && r.name === "query" && site.method === "interrupt") {
      const idx = b.agentByCtor.get(ctorKey(r.call));
      if (idx !== undefined) b.facts.agentRuns[idx]!.signal = true;
    }
    // `q.setPermissionMode("bypassPermissions")`: the rest of the run goes on under that mode.
    if (r.instance && r.call && r.name === "query" && site.method === "setPermissionMode") {
      const idx = b.agentByCtor.get(ctorKey(r.call));
      const v = site.arg(0);
      if (idx !== undefined) claudeModeChange(b, b.facts.agentRuns[idx]!, { ...(v?.k === "str" ? { value: v.v } : {}), loc: site.loc });
    }
  },
};

/** How the TypeScript SDK spells the client's options, by the function that takes them. */
const spelling = (fn: string) => ({ api: `${fn}() options (the Claude Code CLI's Anthropic client)`, baseOption: "env: { ...process.env, ANTHROPIC_BASE_URL: … }" });

/** V2 session functions and which argument holds their options (0.2.0 entrypoints/agentSdkTypes.d.ts). */
const V2_SESSIONS: Record<string, number> = { unstable_v2_createSession: 0, unstable_v2_resumeSession: 1, unstable_v2_prompt: 1 };

function run(site: CallSite, b: Builder, api: string, given: { v: Sym; loc: SourceLocation } | undefined): void {
  const opts = site.R(given?.v);
  // Findings about the options point where they are written, which may be far from the run.
  const where = opts?.k === "obj" ? loc(opts.at) : given?.loc ?? site.loc;
  const env = site.R(site.prop(opts, "env")?.v);
  const abort = site.prop(opts, "abortController");
  const idx = addRun(b, site, { framework: "claude-agent-sdk", api, ...claudeTurns(site, site.prop(opts, "maxTurns"), "maxTurns"), signal: !!abort, telemetry: truthy(site, site.prop(env, "CLAUDE_CODE_ENABLE_TELEMETRY")?.v), tools: [] });
  b.agentByCtor.set(ctorKey(site.ir), idx);
  if (given && !optionsReadable(opts, given)) return claudeOptionsUnread(site, b, b.facts.agentRuns[idx]!, given, spelling(api));
  const { p, subagents } = claudePermissions(site, opts, (holder, key) => site.prop(holder, key), CLAUDE_OPTION_NAMES.typescript);
  addClaudeRun(b, b.facts.agentRuns[idx]!, p, where, subagents);
  claudeClient(site, b, env, where, spelling(api));
  mcpServers(site, b, site.prop(opts, "mcpServers")?.v, p, b.facts.agentRuns[idx]!);
}


/** `mcpServers: { name: config }`: external servers by command or URL, and SDK servers built from tool() definitions. */
function mcpServers(site: CallSite, b: Builder, map: Sym | undefined, p: ClaudePermissions, run: AgentRun): void {
  const m = site.R(map);
  if (m?.k !== "obj") return;
  for (const [name, prop] of Object.entries(m.props)) {
    const cfg = site.R(prop.v);
    if (cfg?.k === "call") {
      // createSdkMcpServer({ name, tools: [...] }): in process, its tools are the tool() definitions psf reads.
      const list = site.R(site.prop(cfg.args[0], "tools")?.v);
      if (list?.k === "arr") claudeSdkServer(b, name, list.items.flatMap((t) => sdkToolRef(site, t)));
      continue;
    }
    if (cfg) claudeExternalServer(site, b, name, cfg, loc(prop.at), p, run, "query() options mcpServers");
  }
}

/** A tool() definition in a server's tools list (inline, or a variable the analysis resolves to the call): its name. */
function sdkToolRef(site: CallSite, t: Sym): string[] {
  const r = site.R(t);
  const n = r?.k === "call" ? site.R(r.args[0]) : undefined;
  return n?.k === "str" ? [n.v] : [];
}
