import path from "node:path";
import type { SourceSet } from "../sources/collect.js";
import type { Facts, SourceLocation } from "./types.js";
import { lineOfText } from "../util/text.js";
import { readConfigJson } from "./mcp-config.js";

/**
 * Claude Code's settings files beside the agent: `.claude/settings.json` (the "project" source) and
 * `.claude/settings.local.json` ("local"). A run loads them when its `setting_sources` / `settingSources`
 * names that source, or when it gives none: then every source is loaded (claude_agent_sdk 0.2.143 types.py,
 * @anthropic-ai/claude-agent-sdk 0.3.332 sdk.d.ts; Python SDKs before 0.1.53 loaded none). Their
 * `permissions` take part in each tool call's decision as the options' rules do: `deny` (a bare tool name
 * removes the tool), `ask` (the call goes to can_use_tool / canUseTool even under bypassPermissions), `allow`
 * (pre-approves), and `defaultMode` (the mode of a run that sets none). Read after the walk, never run; the
 * whole-tree facts cache checks them again (`reads`). The shallowest of each kind counts: the agent root's.
 */

export interface ClaudeRule {
  rule: string;
  loc: SourceLocation;
}

export interface ClaudeSettings {
  file: string;
  allow: ClaudeRule[];
  deny: ClaudeRule[];
  ask: ClaudeRule[];
  defaultMode?: { value: string; loc: SourceLocation };
}

const KINDS = { project: /(^|\/)\.claude\/settings\.json$/, local: /(^|\/)\.claude\/settings\.local\.json$/ };

/** The project and local settings files, as far as they carry permissions; one that does not parse is a parse error. */
export function readClaudeSettings(sources: SourceSet, facts: Facts, reads: string[]): Partial<Record<keyof typeof KINDS, ClaudeSettings>> {
  const out: Partial<Record<keyof typeof KINDS, ClaudeSettings>> = {};
  for (const [kind, re] of Object.entries(KINDS) as [keyof typeof KINDS, RegExp][]) {
    const walked = sources.walked ?? [];
    const found = walked.filter((w) => re.test(w.path)).sort((a, b) => a.path.split("/").length - b.path.split("/").length)[0];
    // None yet: the whole-tree cache still checks the manifest folder's, so adding one later is seen.
    const any = walked[0];
    if (!found && any) reads.push(path.join(any.abs.slice(0, any.abs.length - any.path.length), kind === "project" ? ".claude/settings.json" : ".claude/settings.local.json"));
    if (!found) continue;
    reads.push(found.abs);
    let text: string;
    let data: unknown;
    try {
      ({ text, data } = readConfigJson(found.abs));
    } catch (e) {
      facts.parseErrors.push({ file: found.path, loc: { file: found.path, line: 1, column: 1 }, message: `Claude Code settings: ${(e as Error).message}` });
      continue;
    }
    const p = (data as { permissions?: Record<string, unknown> } | null)?.permissions;
    if (!p || typeof p !== "object") continue;
    const at = (needle: string): SourceLocation => ({ file: found.path, line: lineOfText(text, needle), column: 1 });
    const rules = (key: string): ClaudeRule[] => (Array.isArray(p[key]) ? (p[key] as unknown[]).filter((r): r is string => typeof r === "string").map((rule) => ({ rule, loc: at(JSON.stringify(rule)) })) : []);
    const mode = typeof p.defaultMode === "string" ? { value: p.defaultMode, loc: at('"defaultMode"') } : undefined;
    out[kind] = { file: found.path, allow: rules("allow"), deny: rules("deny"), ask: rules("ask"), ...(mode ? { defaultMode: mode } : {}) };
  }
  return out;
}

/** Whether a rule names the tool at all (`Bash`, `Bash(rm:*)`), or an MCP server's tools. */
export function ruleNames(rule: string, name: string): boolean {
  const r = rule.trim();
  return r === name || r.startsWith(`${name}(`);
}
