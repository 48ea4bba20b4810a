import { claudeHooks } from "./claude-hooks.js";
import type { ClaudePermissions, ClaudeSubagent } from "./claude-agent-sdk.js";
import type { CallSite } from "./context.js";
import type { Sym } from "./sym.js";
import type { SourceLocation } from "./types.js";

/**
 * The Claude Agent SDK's permission options as each SDK spells them (`permission_mode=` in
 * ClaudeAgentOptions(…), `permissionMode:` in query()'s options), read into one ClaudePermissions for
 * claude-agent-sdk.ts to decide each tool's calls by.
 */

/** One option read from a holder (ClaudeAgentOptions(…) / AgentDefinition(…) / HookMatcher(…), a dict or an object), by keyword and, in Python, position. */
export type ClaudeOptionReader = (holder: Sym | undefined, key: string, position?: number) => { v: Sym; loc: SourceLocation } | undefined;

/** How each SDK spells the permission options. */
export const CLAUDE_OPTION_NAMES = {
  python: { mode: "permission_mode", allowed: "allowed_tools", disallowed: "disallowed_tools", asker: "can_use_tool", prompter: "permission_prompt_tool_name", agents: "agents", hooks: "hooks", sources: "setting_sources" },
  typescript: { mode: "permissionMode", allowed: "allowedTools", disallowed: "disallowedTools", asker: "canUseTool", prompter: "permissionPromptToolName", agents: "agents", hooks: "hooks", sources: "settingSources" },
} as const;
type OptionNames = (typeof CLAUDE_OPTION_NAMES)[keyof typeof CLAUDE_OPTION_NAMES];

/** A value that stands for "not given" (Python None, TypeScript undefined). */
const absent = (v: Sym | undefined) => v?.k === "null" || v?.k === "undef";

function strings(site: CallSite, v: Sym | undefined): string[] | undefined {
  const list = site.R(v);
  if (list?.k !== "arr") return undefined;
  return list.items.map((i) => site.R(i)).flatMap((i) => (i?.k === "str" ? [i.v] : []));
}

/** A permission mode as given: its literal value, or only where it is set when the source computes it. */
function modeOf(site: CallSite, o: { v: Sym; loc: SourceLocation } | undefined): ClaudePermissions["mode"] {
  const v = site.R(o?.v);
  if (!o || absent(v)) return undefined;
  return { ...(v?.k === "str" ? { value: v.v } : {}), loc: o.loc };
}

/** A run's permission options and subagents, read the same way from either SDK's options. */
export function claudePermissions(site: CallSite, opts: Sym | undefined, read: ClaudeOptionReader, n: OptionNames): { p: ClaudePermissions; subagents: ClaudeSubagent[] } {
  const mode = modeOf(site, read(opts, n.mode));
  const allowed = read(opts, n.allowed);
  const tools = read(opts, "tools");
  const asker = [n.asker, n.prompter].map((k) => ({ k, o: read(opts, k) })).find((a) => a.o && !absent(site.R(a.o.v)));
  const p: ClaudePermissions = {
    ...(mode ? { mode } : {}),
    allowed: strings(site, allowed?.v) ?? [],
    ...(allowed ? { allowedLoc: allowed.loc } : {}),
    disallowed: strings(site, read(opts, n.disallowed)?.v) ?? [],
    ...(tools && site.R(tools.v)?.k === "arr" ? { tools: strings(site, tools.v) ?? [] } : {}),
    ...(asker ? { asker: { loc: asker.o!.loc, option: asker.k } } : {}),
  };
  // setting_sources: absent loads every settings file; a list psf cannot read loads ones it cannot name.
  const sources = read(opts, n.sources);
  const sv = site.R(sources?.v);
  if (sources && !absent(sv)) p.settingSources = sv?.k === "arr" ? strings(site, sources.v) ?? [] : "unknown";
  const hooks = claudeHooks(site, read(opts, n.hooks), read);
  if (hooks.length) p.hooks = hooks;
  return { p, subagents: subagents(site, read(opts, n.agents)?.v, read) };
}

/** Subagents (`agents={"name": AgentDefinition(tools=[…], permissionMode=…)}` / `agents: { name: { tools, permissionMode } }`): the built-in tools each lists, and its own mode. */
function subagents(site: CallSite, v: Sym | undefined, read: ClaudeOptionReader): ClaudeSubagent[] {
  const agents = site.R(v);
  if (agents?.k !== "obj") return [];
  return Object.keys(agents.props).map((key) => {
    const def = site.R(agents.props[key]!.v);
    const tools = strings(site, read(def, "tools")?.v);
    const mode = modeOf(site, read(def, "permissionMode"));
    return { ...(tools ? { tools } : {}), ...(mode ? { mode } : {}) };
  });
}
