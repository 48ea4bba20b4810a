import { addClient, givenBound } from "./common.js";
import { perRun, type Builder, type CallSite } from "./context.js";
import { BUILT_IN_TOOLS, DEFAULTS } from "./defaults.js";
import { addDefaultClient } from "./frameworks/shared.js";
import { commandLine, server } from "./frameworks/mcp.js";
import type { Sym } from "./sym.js";
import type { SourceSet } from "../sources/collect.js";
import { hookBodies, hookCovers, hookFix, hookVerdict, type ClaudeHook, type HookVerdict } from "./claude-hooks.js";
import { readClaudeSettings, ruleNames, type ClaudeSettings } from "./claude-settings.js";
import type { FileIR } from "./ir.js";
import type { AgentRun, ApprovalWiring, Bound, Facts, McpServer, SourceLocation, ToolDef } from "./types.js";
import { isPythonFile } from "./python/parser.js";

/**
 * What the Claude Agent SDK's Python (`claude_agent_sdk`) and TypeScript (`@anthropic-ai/claude-agent-sdk`)
 * recognizers share: the permission model, the CLI's model client and its env, the built-in tools. Both SDKs start the Claude Code CLI, which decides
 * each tool call in this order (claude-agent-sdk 0.2.143 types.py, and the SDK's permissions guide):
 * deny rules (`disallowed_tools`; a bare name removes the tool), then the permission mode
 * (`bypassPermissions` approves every call, `acceptEdits` file edits and filesystem commands),
 * then allow rules (`allowed_tools`), then the `can_use_tool` / `canUseTool` callback. With no
 * callback a call that reaches that step is refused (`dontAsk` always refuses it; `plan` runs no tool).
 * `auto` has a model classifier approve calls, and with no mode Claude Code may start in it.
 * psf records which of these decides a tool, and where the code sets it. PreToolUse hooks run before all of
 * these (claude-hooks.ts).
 *
 * `max_budget_usd` / `maxBudgetUsd` (0.2.143 types.py, 0.3.332 sdk.d.ts) stops one query() once the CLI's own
 * cost estimate passes it. psf reports nothing for it, on purpose: it counts from each query() call again, it is
 * an estimate, and it is enforced inside the agent's own process tree, so it is neither the ceiling outside the
 * agent that RSG-02 asks for nor a bound on RSG-06's 72 hours (the model is not the control plane).
 */

/** A run's permission options, as the source gives them. */
export interface ClaudePermissions {
  /** The permission mode: its literal value, or undefined when the source computes it. */
  mode?: { value?: string; loc: SourceLocation };
  /** allowed_tools / allowedTools entries (rules such as `Bash(npm test:*)` kept as written). */
  allowed: string[];
  allowedLoc?: SourceLocation;
  /** disallowed_tools / disallowedTools entries. */
  disallowed: string[];
  /** `tools` / `tools:` given as a list: the built-in tools the run has (undefined: Claude Code's default set). */
  tools?: string[];
  /** can_use_tool / canUseTool, or permission_prompt_tool_name / permissionPromptToolName: who answers a call that needs asking. */
  asker?: { loc: SourceLocation; option: string };
  /** PreToolUse hooks: they run before every other step (claude-hooks.ts), judged once their bodies are read. */
  hooks?: ClaudeHook[];
  /** setting_sources / settingSources as given (absent: every source is loaded; "unknown": computed). */
  settingSources?: string[] | "unknown";
}

/** How a tool call is decided under a run's permissions: the wiring, and the option that sets it. */
interface ToolDecision {
  approval: ApprovalWiring;
  loc?: SourceLocation;
}

/** Claude Code's built-in tools that change things: the ones OOC-03 and ABC-08 ask about. */
const CLAUDE_ACTING_TOOLS = BUILT_IN_TOOLS["claude-code"]!.tools;

const EDIT_TOOLS = new Set(["Write", "Edit", "NotebookEdit", "MultiEdit"]);

/** A rule that allows every call of the tool (`Bash`, `Bash(*)`, `Bash()`, `mcp__srv`, `mcp__srv__*`). */
function allowsWhole(rule: string, name: string, server?: string): boolean {
  const r = rule.trim();
  if (r === name || r === `${name}(*)` || r === `${name}()`) return true;
  return server !== undefined && (r === `mcp__${server}` || r === `mcp__${server}__*` || r === `mcp__${server}__${name}`);
}

/** Whether a bare deny rule removes the tool from the run altogether. */
function removed(p: ClaudePermissions, name: string, server?: string): boolean {
  return p.disallowed.some((r) => allowsWhole(r, name, server));
}

/** How the CLI decides a call of this tool (a built-in one by name, an SDK MCP tool by name and server). */
function decide(p: ClaudePermissions, name: string, server?: string): ToolDecision {
  const mode = p.mode?.value;
  // A mode computed at run time: which calls it approves cannot be read.
  if (p.mode && mode === undefined) return { approval: "none", loc: p.mode.loc };
  if (mode === "bypassPermissions") return { approval: "never", loc: p.mode!.loc };
  // Plan mode runs no tool.
  if (mode === "plan") return { approval: "always", loc: p.mode!.loc };
  // acceptEdits approves file edits and filesystem commands (mkdir, rm, mv, cp) run through Bash.
  if (mode === "acceptEdits" && (EDIT_TOOLS.has(name) || name === "Bash")) return { approval: "never", loc: p.mode!.loc };
  if (p.allowed.some((r) => allowsWhole(r, name, server))) return { approval: "never", loc: p.allowedLoc };
  // With no mode Claude Code starts as `claude -p` does: in auto mode where that is the default (@anthropic-ai/claude-agent-sdk 0.3.332 Options.permissionMode).
  if (!p.mode) return { approval: "none" };
  // Auto mode has a model classifier, not a person, approve calls.
  if (mode === "auto") return { approval: "never", loc: p.mode.loc };
  // dontAsk refuses what no allow rule pre-approves. Otherwise the callback decides; with none, Claude Code refuses the call.
  if (mode === "dontAsk") return { approval: "always", loc: p.mode.loc };
  if (p.asker) return { approval: "conditional", loc: p.asker.loc };
  return { approval: "always" };
}

const RANK: Record<ApprovalWiring, number> = { never: 3, none: 2, conditional: 1, always: 0 };

/** Tools and runs of the Claude Agent SDK seen so far in a project: a tool is judged by every run that may call it. */
interface State {
  runs: ClaudePermissions[];
  /** SDK MCP tools (`@tool` / `tool()`), each with its server's name once a run's mcp_servers shows it. */
  sdkTools: { tool: ToolDef; server?: string; ref?: string }[];
  /** Each run's permissions and the facts they decide. */
  owns: Own[];
}
type Own = { p: ClaudePermissions; tools: ToolDef[]; servers: McpServer[] };
const state = perRun((b): State => {
  const s: State = { runs: [], sdkTools: [], owns: [] };
  byFacts.set(b.facts, s);
  return s;
});
/** The same state, for the pass after the walk that reads hook bodies. */
const byFacts = new WeakMap<Facts, State>();

/** The least guarded decision over every run (a tool one run approves without asking is not gated). */
function worst(runs: ClaudePermissions[], name: string, server?: string): ToolDecision | undefined {
  let out: ToolDecision | undefined;
  for (const p of runs) {
    if (removed(p, name, server)) continue;
    const d = decide(p, name, server);
    if (!out || RANK[d.approval] > RANK[out.approval]) out = d;
  }
  return out;
}

function apply(t: ToolDef, d: ToolDecision | undefined): void {
  if (!d) return;
  t.approval = d.approval;
  if (d.loc) t.approvalLoc = d.loc;
  else delete t.approvalLoc;
}

/** An SDK MCP tool (`@tool("name", …)`): its calls are decided by the permissions of the runs that attach it. */
export function addClaudeSdkTool(b: Builder, t: ToolDef, ref?: string): void {
  const s = state(b);
  s.sdkTools.push({ tool: t, ...(ref ? { ref } : {}) });
  apply(t, worst(s.runs, t.name));
}

/** A subagent of the run (`agents={name: AgentDefinition(…)}`): the built-in tools it lists (all of the run's when none), and its own permission mode. */
export interface ClaudeSubagent {
  tools?: string[];
  mode?: { value?: string; loc: SourceLocation };
}

/**
 * A run (query / ClaudeSDKClient): its built-in tools that act become tool facts decided by its
 * permissions, Bash a destructive operation and WebFetch a destination the model picks; the SDK MCP
 * tools seen so far are judged again with this run among the others.
 */
export function addClaudeRun(b: Builder, run: AgentRun, p: ClaudePermissions, at: SourceLocation, subagents: ClaudeSubagent[] = []): void {
  const subagentTools = subagents.flatMap((a) => a.tools ?? []);
  const s = state(b);
  s.runs.push(p);
  const own: Own = { p, tools: [], servers: [] };
  runsOf.set(run, own);
  s.owns.push(own);
  const has = (name: string) => !removed(p, name) && (p.tools === undefined || p.tools.includes(name) || subagentTools.includes(name));
  for (const t of CLAUDE_ACTING_TOOLS) {
    if (!has(t.name)) continue;
    run.tools.push(t.name);
    const d = decide(p, t.name);
    const op = `${t.op} (Claude Code's built-in ${t.name} tool)`;
    if (t.name === "WebFetch") {
      webFetch(b, p, d, at, run.loc.file);
      continue;
    }
    const tool: ToolDef = { name: t.name, loc: at, framework: run.framework, approval: d.approval, ...(d.loc ? { approvalLoc: d.loc } : {}), audited: run.telemetry, ...(run.telemetry ? { auditedBy: "Claude Code's OpenTelemetry (CLAUDE_CODE_ENABLE_TELEMETRY)" } : {}), builtIn: "Claude Code's built-in tools" };
    if (t.effect === "write") tool.writes = [{ op, loc: at }];
    b.facts.tools.push(tool);
    own.tools.push(tool);
    if (t.effect === "delete") b.facts.destructive.push({ loc: at, op, tool: t.name });
  }
  // A subagent with a mode of its own decides the calls of the tools it has by that mode.
  for (const a of subagents) if (a.mode) escalate(b, own, { ...p, mode: a.mode }, a.tools);
  for (const e of s.sdkTools) apply(e.tool, worst(s.runs, e.tool.name, e.server));
}

/** Each run's permissions and the facts they decide, for a mode changed while it runs. */
const runsOf = new WeakMap<AgentRun, Own>();

/** An MCP server a run attaches (recorded by the front end): a mode change later decides it again. */
function claudeRunServer(run: AgentRun, server: McpServer): void {
  runsOf.get(run)?.servers.push(server);
}

/**
 * `client.set_permission_mode(…)` / `q.setPermissionMode(…)`: the run may go on under this mode, so a tool
 * it gates less than the first one is judged by it (a switch to bypassPermissions turns approval off).
 */
export function claudeModeChange(b: Builder, run: AgentRun, mode: { value?: string; loc: SourceLocation }): void {
  const own = runsOf.get(run);
  if (!own) return;
  escalate(b, own, { ...own.p, mode });
  const s = state(b);
  for (const e of s.sdkTools) apply(e.tool, worst(s.runs, e.tool.name, e.server));
}

/** A run's tools (those named, or all) and MCP servers judged also by other permissions: each keeps the less guarded decision. */
function escalate(b: Builder, own: { tools: ToolDef[]; servers: McpServer[] }, p: ClaudePermissions, names?: string[]): void {
  // A subagent limited to some tools does not reach the run's SDK tools or servers unless it lists them.
  if (!names) state(b).runs.push(p);
  for (const t of own.tools) {
    if (names && !names.includes(t.name)) continue;
    const d = decide(p, t.name);
    if (RANK[d.approval] > RANK[t.approval]) apply(t, d);
  }
  for (const m of names ? [] : own.servers) {
    const d = decide(p, "*", m.name);
    if (RANK[d.approval] <= RANK[m.approval]) continue;
    m.approval = d.approval;
    if (d.loc) m.approvalLoc = d.loc;
  }
}

/**
 * After the walk, with files to read: first Claude Code's settings files, whose permissions each run that loads
 * them adds to its own (claude-settings.ts); then the PreToolUse hooks' bodies. A tool whose calls the run's
 * permissions approve without a person (or may: no mode) is gated when a hook that covers it can ask, and
 * gated with a caveat when psf cannot read what the hook answers (claude-hooks.ts). An SDK tool is gated only
 * when every run's hooks gate it; an MCP server's unknown tools only by a hook that asks.
 */
export function claudeAfterWalk(sources: SourceSet, irs: FileIR[], facts: Facts, reads: string[]): void {
  const s = byFacts.get(facts);
  if (!s?.owns.length) return;
  const settings = readClaudeSettings(sources, facts, reads);
  if (settings.project || settings.local) for (const own of s.owns) applySettings(facts, own, loadedBy(own.p, settings));
  if (!s.runs.some((p) => p.hooks)) return;
  const body = hookBodies(sources, irs);
  const verdicts = new Map<ClaudeHook, HookVerdict | undefined>();
  const gate = (p: ClaudePermissions, name: string) => {
    for (const h of p.hooks ?? []) {
      if (!hookCovers(h, name)) continue;
      if (!verdicts.has(h)) verdicts.set(h, hookVerdict(h, body));
      const v = verdicts.get(h);
      if (v) return { h, v };
    }
    return undefined;
  };
  const gated = (t: ToolDef, g: ReturnType<typeof gate>) => {
    if (!g || RANK[t.approval] <= RANK.conditional) return;
    t.approval = "conditional";
    t.approvalLoc = g.h.loc;
    if ("caveat" in g.v) t.approvalCaveat = { why: g.v.caveat, fix: hookFix(g.h.loc.file) };
  };
  for (const own of s.owns) {
    for (const t of own.tools) gated(t, gate(own.p, t.name));
    for (const m of own.servers) {
      const g = gate(own.p, `mcp__${m.name}__*`);
      if (g && "asks" in g.v && RANK[m.approval] > RANK.conditional) [m.approval, m.approvalLoc] = ["conditional", g.h.loc];
    }
  }
  for (const e of s.sdkTools) {
    const name = e.server ? `mcp__${e.server}__${e.tool.name}` : e.tool.name;
    const each = s.runs.filter((p) => !removed(p, e.tool.name, e.server)).map((p) => gate(p, name));
    if (each.length && each.every((g) => g)) gated(e.tool, each.find((g) => "caveat" in g!.v) ?? each[0]);
  }
}

/** The settings files a run loads: those its setting_sources names, or all when it names none (local first: it overrides). */
function loadedBy(p: ClaudePermissions, settings: ReturnType<typeof readClaudeSettings>): ClaudeSettings[] {
  const names = p.settingSources;
  if (names === "unknown") return [];
  return (["local", "project"] as const).filter((k) => !names || names.includes(k)).flatMap((k) => settings[k] ?? []);
}

/**
 * A run's built-in tools under the settings' permissions, in Claude Code's order: a bare deny removes the
 * tool; an ask rule sends its calls to the callback even under bypassPermissions; defaultMode is the mode of
 * a run that sets none; an allow rule for the whole tool approves it unasked (except in plan mode).
 */
function applySettings(facts: Facts, own: Own, files: ClaudeSettings[]): void {
  if (!files.length) return;
  const rules = (k: "allow" | "deny" | "ask") => files.flatMap((f) => f[k]);
  const mode = own.p.mode ? undefined : files.find((f) => f.defaultMode)?.defaultMode;
  for (const t of [...own.tools]) {
    if (rules("deny").some((r) => allowsWhole(r.rule, t.name))) {
      own.tools.splice(own.tools.indexOf(t), 1);
      facts.tools = facts.tools.filter((x) => x !== t);
      facts.destructive = facts.destructive.filter((d) => !(d.tool === t.name && d.loc === t.loc));
      continue;
    }
    if (mode && t.approval === "none" && !t.approvalLoc) apply(t, decide({ ...own.p, mode }, t.name));
    if ((own.p.mode?.value ?? mode?.value) === "plan") continue;
    const asked = rules("ask").find((r) => ruleNames(r.rule, t.name));
    const allowed = rules("allow").find((r) => allowsWhole(r.rule, t.name));
    if (asked && RANK[t.approval] > RANK.conditional) apply(t, { approval: own.p.asker ? "conditional" : "always", loc: asked.loc });
    else if (!asked && allowed && RANK[t.approval] < RANK.never) apply(t, { approval: "never", loc: allowed.loc });
  }
}

/** A run's mcp_servers names an SDK server built from these tools (by tool name or the variable holding it): rules naming `mcp__<server>` now apply to them. */
export function claudeSdkServer(b: Builder, server: string, refs: string[]): void {
  const s = state(b);
  for (const e of s.sdkTools) if (refs.includes(e.tool.name) || (e.ref && refs.includes(e.ref))) e.server = server;
  for (const e of s.sdkTools) apply(e.tool, worst(s.runs, e.tool.name, e.server));
}

/**
 * Where WebFetch may go: anywhere, unless Claude Code refuses what no rule pre-approves (dontAsk, or no
 * callback to ask) and `WebFetch(domain:host)` rules name the hosts it may fetch from.
 */
function webFetch(b: Builder, p: ClaudePermissions, d: ToolDecision, at: SourceLocation, file: string): void {
  const domains = p.allowed.flatMap((r) => /^WebFetch\(domain:([^)\s]+)\)$/.exec(r.trim())?.[1] ?? []);
  if (d.approval === "always") {
    for (const host of domains) b.facts.urls.push({ loc: p.allowedLoc ?? at, api: `WebFetch (allowed_tools WebFetch(domain:${host}))`, url: host.includes("*") ? { kind: "dynamic", text: host, reason: "a wildcard domain rule: every host it matches" } : { kind: "literal", text: `https://${host}` } });
    return;
  }
  b.facts.urls.push({ loc: at, api: "WebFetch (Claude Code's built-in tool)", url: { kind: "dynamic", text: "any URL the model fetches", reason: "WebFetch fetches whatever URL the model gives it" }, limitedBy: { option: "WebFetch(domain:…) rules", on: "the run's options", set: false, fix: webFetchFix(file) } });
}

/** How a run holds WebFetch to the allowlist, in the SDK's spelling (Python keywords or TypeScript options). */
function webFetchFix(file: string): string {
  return isPythonFile(file)
    ? 'allow only the allowlisted hosts: `allowed_tools=["WebFetch(domain:<host>)", …]` with `permission_mode="dontAsk"` (other hosts are refused), or `disallowed_tools=["WebFetch"]` if the agent needs no web pages'
    : 'allow only the allowlisted hosts: `allowedTools: ["WebFetch(domain:<host>)", …]` with `permissionMode: "dontAsk"` (other hosts are refused), or `disallowedTools: ["WebFetch"]` if the agent needs no web pages';
}

/** A value an environment variable is set to that turns a switch on ("1", "true"). */
export function truthy(site: CallSite, v: Sym | undefined): boolean {
  const r = site.R(v);
  return (r?.k === "str" && r.v !== "" && r.v !== "0" && r.v.toLowerCase() !== "false") || (r?.k === "bool" && r.v) || (r?.k === "num" && r.v !== 0);
}

/**
 * The CLI's model endpoint: ANTHROPIC_BASE_URL in the options' env, else the variable where the process
 * starts; CLAUDE_CODE_USE_BEDROCK / CLAUDE_CODE_USE_VERTEX move it to a cloud. The client sits where the
 * options are written: that is where its endpoint is set or missing.
 */
export function claudeClient(site: CallSite, b: Builder, env: Sym | undefined, at: SourceLocation, spelling: { api: string; baseOption: string }): void {
  const base = site.prop(env, "ANTHROPIC_BASE_URL");
  const key = site.prop(env, "ANTHROPIC_API_KEY") ?? site.prop(env, "ANTHROPIC_AUTH_TOKEN");
  const { api, baseOption } = spelling;
  const add = (c: Parameters<typeof addClient>[2]): void => void addClient(b, site, { ...c, at });
  if (truthy(site, site.prop(env, "CLAUDE_CODE_USE_BEDROCK")?.v)) return add({ framework: "claude-agent-sdk", provider: "aws-bedrock", api: `${api} on Amazon Bedrock`, baseLoc: at });
  if (truthy(site, site.prop(env, "CLAUDE_CODE_USE_VERTEX")?.v)) return add({ framework: "claude-agent-sdk", provider: "google-vertex", api: `${api} on Vertex AI`, baseLoc: at });
  if (base || key) return add({ framework: "claude-agent-sdk", provider: "anthropic", api, baseOption, ...(base ? { baseURL: base.v, baseLoc: base.loc } : { baseLoc: at }), ...(key ? { apiKey: key.v } : {}) });
  addDefaultClient(b, site, "claude-agent-sdk-default", "runs in this file use the same Claude Code CLI client", { framework: "claude-agent-sdk", provider: "anthropic", api, baseOption, baseLoc: at }, at);
}

/**
 * Options psf cannot read (built at run time, or spread from a value it cannot resolve: `{ ...defaults, ...overrides }`):
 * the run's turn limit, permissions and tools are unknown, so the run says so rather than assume defaults.
 * The run's bound becomes unknown, its tools one opaque entry, and its client one with an unknown endpoint.
 */
export function claudeOptionsUnread(site: CallSite, b: Builder, run: AgentRun, given: { v: Sym; loc: SourceLocation }, spelling: { api: string; baseOption: string }): void {
  const text = site.show(given.v);
  const reason = "the options are built at run time, so psf cannot read them";
  run.bound = { kind: "dynamic", text, reason };
  run.boundLoc = given.loc;
  run.opaqueTools = [{ text: `Claude Code's built-in tools and MCP servers under options ${text}`, reason, loc: given.loc }];
  addClient(b, site, { framework: "claude-agent-sdk", provider: "anthropic", api: spelling.api, baseOption: spelling.baseOption, baseURL: { k: "unknown", text: `env in ${text}`, why: reason }, baseLoc: given.loc });
}

/** Whether the options are written out where psf can read every one (no spread of a value it cannot resolve). */
export function optionsReadable(opts: Sym | undefined, given: unknown): boolean {
  return !given || opts?.k === "call" || (opts?.k === "obj" && !opts.spread);
}

/**
 * A run's turn limit (`maxTurns` / `max_turns`, spelled as the language's SDK names it): N bounds the run;
 * absent, None/undefined or 0 leaves Claude Code with no turn limit.
 */
export function claudeTurns(site: CallSite, o: { v: Sym; loc: SourceLocation } | undefined, option: "maxTurns" | "max_turns"): { bound: Bound; boundLoc?: SourceLocation } {
  const v = site.R(o?.v);
  if (!o || v?.k === "undef" || v?.k === "null") return { bound: { kind: "unbounded", reason: `no ${option}: ${DEFAULTS.claudeAgentSdkMaxTurns.name}` }, ...(o ? { boundLoc: o.loc } : {}) };
  if (v?.k === "num" && v.v <= 0) return { bound: { kind: "unbounded", reason: `${option === "maxTurns" ? "maxTurns: 0" : "max_turns=0"} passes no turn limit to Claude Code` }, boundLoc: o.loc };
  return givenBound(site, o);
}

/**
 * An external server in the options' `mcpServers` / `mcp_servers` (`{ command, args, env }` or `{ type, url, headers }`):
 * recorded as any MCP server is (its URL an outbound site, literal credentials in env/headers secrets), its tools
 * decided by the run's permissions like any other tool (a rule naming mcp__name, or the mode). SDK servers are not.
 */
export function claudeExternalServer(site: CallSite, b: Builder, name: string, cfg: Sym, at: SourceLocation, p: ClaudePermissions, run: AgentRun, source: string): void {
  if (cfg.k !== "obj" || removed(p, "*", name)) return;
  const type = site.R(site.prop(cfg, "type")?.v);
  if (type?.k === "str" && type.v === "sdk") return;
  const url = site.prop(cfg, "url")?.v;
  if (url) server(site, b, { name, source, transport: type?.k === "str" && type.v === "sse" ? "sse" : "http", url, headers: site.prop(cfg, "headers")?.v, at });
  else server(site, b, { name, source, transport: "stdio", command: commandLine(site, site.prop(cfg, "command")?.v, site.prop(cfg, "args")?.v), env: site.prop(cfg, "env")?.v, at });
  const d = decide(p, "*", name);
  const s = b.facts.mcpServers[b.facts.mcpServers.length - 1]!;
  s.approval = d.approval;
  if (d.loc) s.approvalLoc = d.loc;
  claudeRunServer(run, s);
}
