// Claude Agent SDK (Python) projects assessed whole: the controls that read its runs, client, tools and permissions.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { MINIMAL, project } from "../helpers.js";
import { expectControlCase, controlIn } from "./helpers.js";

const GATEWAY = `spend:\n  ceiling: { amount: 50, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { kind: litellm, url: "http://llm-gateway.internal:4000", url_env: LLM_GATEWAY_URL, key_env: LLM_GATEWAY_KEY }\n`;
const BOUNDARIES = `boundaries:\n  endpoints:\n    allow: ["http://llm-gateway.internal:4000"]\n  tools:\n    - { name: Bash, access: destructive, requires_approval: true }\n    - { name: close_ticket, access: write, requires_approval: true }\n  limits:\n    max_steps: 40\n`;
const MANIFEST = `${MINIMAL}${GATEWAY}${BOUNDARIES}`;
const HEAD = `import os\nfrom claude_agent_sdk import ClaudeAgentOptions, ClaudeSDKClient, query, tool, create_sdk_mcp_server\n`;
const RUN = (opts: string) => `o = ClaudeAgentOptions(${opts})\nasync def go():\n    async for m in query(prompt="x", options=o):\n        pass\n`;
const GW_ENV = `env={"ANTHROPIC_BASE_URL": os.environ["LLM_GATEWAY_URL"]}`;
/** A PreToolUse hook (lines 3-7) that answers `decision` for rm commands and lets the rest through. */
const HOOK = (decision: string) => `from claude_agent_sdk import HookMatcher\nasync def guard(data, tool_use_id, ctx):\n    if "rm " in data["tool_input"]["command"]:\n        return {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "${decision}"}}\n    return {}\n`;

const control = (code: string, id: string) => controlIn({ "psf.yaml": MANIFEST, "agent.py": HEAD + code }, id);

describe("Claude Agent SDK: each control reads the construct it is about", () => {
  it.each([
    // [what, code (from line 3), control, level or "pass", line, text in the message (for a pass: in the control's note)]
    ["query() with no max_turns runs with no turn limit", RUN(`tools=[], ${GW_ENV}`), "ABC-03", "fail", 5, "has no limit (no max_turns"],
    ["max_turns=30 within max_steps 40", RUN(`max_turns=30, tools=[], ${GW_ENV}`), "ABC-03", "pass", 0, "1 agent run"],
    ["max_turns=80 above max_steps 40", RUN(`max_turns=80, tools=[]`), "ABC-03", "fail", 3, "bound 80 is above max_steps 40"],
    ["no env: the CLI reaches Anthropic's API", RUN(`max_turns=5, tools=[]`), "RSG-04", "fail", 3, "sets no env, so it reaches the SDK default (ANTHROPIC_BASE_URL"],
    ["env ANTHROPIC_BASE_URL on the gateway", RUN(`max_turns=5, tools=[], ${GW_ENV}`), "RSG-04", "pass", 0, "1 model client"],
    ["bypassPermissions turns approval off for the declared Bash", RUN(`max_turns=5, tools=["Bash"], permission_mode="bypassPermissions", ${GW_ENV}`), "OOC-03", "fail", 3, "tool Bash (one of Claude Code's built-in tools, in every run unless the tools option leaves it out) (declared access destructive) sets approval off explicitly at agent.py:3"],
    ["default mode with can_use_tool: a person decides", `async def ask(name, data, ctx):\n    return await wait_for_operator(name, data)\n${RUN(`max_turns=5, tools=["Bash"], permission_mode="default", can_use_tool=ask, ${GW_ENV}`)}`, "OOC-03", "pass", 0, "1 tool needing approval"],
    ["no permission_mode: Claude Code may start in auto mode", RUN(`max_turns=5, tools=["Bash"], ${GW_ENV}`), "OOC-03", "fail", 3, "(declared access destructive) is gated by no permission mode: Claude Code may then start in auto mode, where a model classifier, not a person, approves its calls"],
    ["allowed_tools pre-approves an undeclared Write", RUN(`max_turns=5, tools=["Write"], permission_mode="default", allowed_tools=["Write"], ${GW_ENV}`), "OOC-03", "fail", 3, "tool Write (one of Claude Code's built-in tools, in every run unless the tools option leaves it out) is not declared in boundaries.tools, and it writes"],
    ["an @tool under allowed_tools mcp__ops__close_ticket", `@tool("close_ticket", "Close", {"id": str})\nasync def close(args):\n    return {"content": []}\nsrv = create_sdk_mcp_server(name="ops", tools=[close])\n${RUN(`max_turns=5, tools=[], mcp_servers={"ops": srv}, permission_mode="default", allowed_tools=["mcp__ops__close_ticket"], ${GW_ENV}`)}`, "OOC-03", "fail", 7, "tool close_ticket (declared access write) sets approval off explicitly at agent.py:7"],
    ["an MCP server whose tools bypassPermissions approves", RUN(`max_turns=5, tools=[], permission_mode="bypassPermissions", mcp_servers={"gh": {"type": "http", "url": "http://llm-gateway.internal:4000/mcp"}}, ${GW_ENV}`), "OOC-03", "fail", 3, "MCP server gh (at http://llm-gateway.internal:4000/mcp) is attached to a Claude Agent SDK run whose permissions (set at agent.py:3) approve every one of its tools"],
    ["the default tool set includes WebFetch", RUN(`max_turns=5, ${GW_ENV}`), "ABC-02", "warn", 3, "WebFetch (Claude Code's built-in tool) → any URL the model fetches"],
    ["WebFetch held by dontAsk to a host off the allowlist", RUN(`max_turns=5, tools=["WebFetch"], permission_mode="dontAsk", allowed_tools=["WebFetch(domain:pastebin.com)"], ${GW_ENV}`), "ABC-02", "fail", 3, "WebFetch (allowed_tools WebFetch(domain:pastebin.com)) → \"https://pastebin.com\" is not on the endpoint allowlist"],
    ["tools=[…] without WebFetch", RUN(`max_turns=5, tools=["Read"], ${GW_ENV}`), "ABC-02", "pass", 0, "1 outbound URL site"],
    ["Bash under bypassPermissions is a destructive operation of a declared, approved tool", RUN(`max_turns=5, tools=["Bash"], permission_mode="bypassPermissions", ${GW_ENV}`), "ABC-08", "pass", 0, "1 destructive operation"],
    ["query() has no stop signal", RUN(`max_turns=5, tools=[], ${GW_ENV}`), "OOC-02", "fail", 5, "query runs an agent loop with no pause or cancel signal"],
    ["no telemetry in the env", RUN(`max_turns=5, tools=[], ${GW_ENV}`), "IAA-04", "fail", 5, "agent run query is not covered by audit logging or tracing"],
    // PreToolUse hooks run before the permission mode: one that can ask gates the tools its matcher covers, one that only refuses by rule (or cannot be read) is a warn.
    ["bypassPermissions, and a PreToolUse hook on Bash that asks", `${HOOK("ask")}${RUN(`max_turns=5, tools=["Bash"], permission_mode="bypassPermissions", hooks={"PreToolUse": [HookMatcher(matcher="Bash", hooks=[guard])]}, ${GW_ENV}`)}`, "OOC-03", "pass", 0, "1 tool needing approval"],
    ["a HookMatcher given by position that defers", `${HOOK("defer")}${RUN(`max_turns=5, tools=["Bash"], permission_mode="bypassPermissions", hooks={"PreToolUse": [HookMatcher("Bash|Write", [guard])]}, ${GW_ENV}`)}`, "OOC-03", "pass", 0, "1 tool needing approval"],
    ["a PreToolUse hook that only denies by rule is no approval: the calls it lets through run unasked", `${HOOK("deny")}${RUN(`max_turns=5, tools=["Bash"], permission_mode="bypassPermissions", hooks={"PreToolUse": [HookMatcher(matcher="Bash", hooks=[guard])]}, ${GW_ENV}`)}`, "OOC-03", "fail", 8, "sets approval off explicitly at agent.py:8"],
    ["a PreToolUse hook that only allows is no approval either", `${HOOK("allow")}${RUN(`max_turns=5, tools=["Bash"], permission_mode="bypassPermissions", hooks={"PreToolUse": [HookMatcher(matcher="Bash", hooks=[guard])]}, ${GW_ENV}`)}`, "OOC-03", "fail", 8, "sets approval off explicitly at agent.py:8"],
    ["a PreToolUse hook whose decision is computed", `from claude_agent_sdk import HookMatcher\nasync def guard(data, tool_use_id, ctx):\n    return {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": policy(data)}}\n${RUN(`max_turns=5, tools=["Bash"], permission_mode="bypassPermissions", hooks={"PreToolUse": [HookMatcher(matcher="Bash", hooks=[guard])]}, ${GW_ENV}`)}`, "OOC-03", "warn", 6, "returns a permissionDecision computed at run time"],
    ["a PreToolUse hook from a package psf cannot read", `from guards import bash_guard\n${RUN(`max_turns=5, tools=["Bash"], permission_mode="bypassPermissions", hooks={"PreToolUse": [HookMatcher(matcher="Bash", hooks=[bash_guard])]}, ${GW_ENV}`)}`, "OOC-03", "warn", 4, "its PreToolUse hook (bash_guard) is code psf cannot read"],
    ["a method of a project class that asks, given as tracker.check", `from claude_agent_sdk import HookMatcher\nclass Gate:\n    async def check(self, data, tool_use_id, ctx):\n        return {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "ask"}}\ngate = Gate()\n${RUN(`max_turns=5, tools=["Bash"], permission_mode="bypassPermissions", hooks={"PreToolUse": [HookMatcher(matcher=None, hooks=[gate.check])]}, ${GW_ENV}`)}`, "OOC-03", "pass", 0, "1 tool needing approval"],
    ["a method of a project class that only logs changes nothing", `from claude_agent_sdk import HookMatcher\nclass Log:\n    async def pre(self, data, tool_use_id, ctx):\n        print(data["tool_name"])\n        return {}\nlog = Log()\n${RUN(`max_turns=5, tools=["Bash"], permission_mode="bypassPermissions", hooks={"PreToolUse": [HookMatcher(matcher=None, hooks=[log.pre])]}, ${GW_ENV}`)}`, "OOC-03", "fail", 9, "sets approval off explicitly at agent.py:9"],
    ["an @tool gated by an asking hook on mcp__ops__.*", `${HOOK("ask")}@tool("close_ticket", "Close", {"id": str})\nasync def close(args):\n    return {"content": []}\nsrv = create_sdk_mcp_server(name="ops", tools=[close])\n${RUN(`max_turns=5, tools=[], mcp_servers={"ops": srv}, permission_mode="default", allowed_tools=["mcp__ops__close_ticket"], hooks={"PreToolUse": [HookMatcher(matcher="mcp__ops__.*", hooks=[guard])]}, ${GW_ENV}`)}`, "OOC-03", "pass", 0, "1 tool needing approval"],
    ["CLAUDE_CODE_ENABLE_TELEMETRY in the env", RUN(`max_turns=5, tools=[], env={"ANTHROPIC_BASE_URL": os.environ["LLM_GATEWAY_URL"], "CLAUDE_CODE_ENABLE_TELEMETRY": "1"}`), "IAA-04", "pass", 0, "1 agent run"],
  ] as const)("%s: %s", async (_what, code, id, level, line, text) => {
    expectControlCase(await control(code, id), level, line, text);
  });
});

describe("Claude Agent SDK: each fix is written for the SDK", () => {
  it.each([
    ["a run with no max_turns", RUN(`tools=[]`), "ABC-03", "set `max_turns=40` in ClaudeAgentOptions"],
    ["the CLI going around the gateway", RUN(`max_turns=5, tools=[]`), "RSG-04", 'env={"ANTHROPIC_BASE_URL": os.environ["LLM_GATEWAY_URL"]}'],
    ["Bash approved by bypassPermissions", RUN(`max_turns=5, tools=["Bash"], permission_mode="bypassPermissions"`), "OOC-03", 'set `permission_mode="default"`'],
    ["Bash approved by bypassPermissions: the callback a person answers", RUN(`max_turns=5, tools=["Bash"], permission_mode="bypassPermissions"`), "OOC-03", "`can_use_tool=` a callback that returns `PermissionResultAllow()` only after a person approves"],
    ["WebFetch with no host rules", RUN(`max_turns=5`), "ABC-02", 'allowed_tools=["WebFetch(domain:<host>)", …]` with `permission_mode="dontAsk"`'],
    ["a query() with no stop", RUN(`max_turns=5, tools=[]`), "OOC-02", "client.interrupt()"],
    ["a ClaudeSDKClient with no interrupt", `async def go():\n    async with ClaudeSDKClient(options=ClaudeAgentOptions(max_turns=5, tools=[])) as client:\n        await client.query("x")\n`, "OOC-02", "call `await client.interrupt()` from the pause poller"],
    ["no telemetry", RUN(`max_turns=5, tools=[]`), "IAA-04", '"CLAUDE_CODE_ENABLE_TELEMETRY": "1"'],
  ] as const)("%s: %s", async (_what, code, id, fix) => {
    const { findings } = await control(code, id);
    expect(findings.map((f) => f.fix).join("\n")).toContain(fix);
  });
});

describe("Claude Agent SDK (TypeScript): each control reads the construct, and its fix is the SDK's", () => {
  const TS_HEAD = `import { query } from "@anthropic-ai/claude-agent-sdk";\n`;
  const TS_RUN = (opts: string) => `export async function go(prompt: string) {\n  for await (const m of query({ prompt, options: { ${opts} } })) console.log(m);\n}\n`;
  const TS_GW = `env: { ...process.env, ANTHROPIC_BASE_URL: process.env.LLM_GATEWAY_URL }`;
  /** A PreToolUse hook (lines 2-5; the run then starts at line 6) that answers `decision` for rm commands. */
  const TS_HOOK = (decision: string) => `const guard = async (input: any) => {\n  if (String(input.tool_input.command).includes("rm ")) return { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "${decision}" } };\n  return {};\n};\n`;
  async function tsControl(code: string, id: string) {
    const dir = project({ "psf.yaml": MANIFEST, "src/agent.ts": TS_HEAD + code });
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    const c = r.controls.find((x) => x.id === id)!;
    return { findings: c.findings.filter((f) => f.file === "src/agent.ts"), notes: c.notes ?? [] };
  }
  it.each([
    // [what, code, control, level or "pass", line, text in the message (or the note), text in the fix]
    ["no maxTurns", TS_RUN(`tools: [], ${TS_GW}`), "ABC-03", "fail", 3, "has no limit (no maxTurns", "pass `maxTurns: 40` in query()'s options"],
    ["maxTurns: 30", TS_RUN(`maxTurns: 30, tools: [], ${TS_GW}`), "ABC-03", "pass", 0, "1 agent run", ""],
    ["no env: the CLI reaches Anthropic's API", TS_RUN(`maxTurns: 5, tools: []`), "RSG-04", "fail", 3, "sets no env, so it reaches the SDK default (ANTHROPIC_BASE_URL", "env: { ...process.env, ANTHROPIC_BASE_URL: process.env.LLM_GATEWAY_URL }"],
    ["bypassPermissions with the declared Bash", TS_RUN(`maxTurns: 5, tools: ["Bash"], permissionMode: "bypassPermissions", allowDangerouslySkipPermissions: true, ${TS_GW}`), "OOC-03", "fail", 3, "tool Bash (one of Claude Code's built-in tools, in every run unless the tools option leaves it out) (declared access destructive) sets approval off explicitly", "`canUseTool` callback that returns `{ behavior: \"allow\" }` only after a person approves"],
    ["allowedTools approves Bash whole, with no permissionMode", TS_RUN(`maxTurns: 5, tools: ["Bash"], allowedTools: ["Bash"], ${TS_GW}`), "OOC-03", "fail", 3, "(declared access destructive) sets approval off explicitly at src/agent.ts:3", "drop any allowedTools entry that allows the tool whole"],
    ["default mode with canUseTool", TS_RUN(`maxTurns: 5, tools: ["Bash"], permissionMode: "default", canUseTool: askOperator, ${TS_GW}`), "OOC-03", "pass", 0, "1 tool needing approval", ""],
    ["no abortController", TS_RUN(`maxTurns: 5, tools: [], ${TS_GW}`), "OOC-02", "fail", 3, "query runs an agent loop with no AbortSignal", "pass `abortController: pause`"],
    ["an abortController the pause poller aborts", TS_RUN(`maxTurns: 5, tools: [], abortController: pause, ${TS_GW}`), "OOC-02", "pass", 0, "1 multi-step agent run", ""],
    ["bypassPermissions, and a PreToolUse hook on Bash that asks", TS_HOOK("ask") + TS_RUN(`maxTurns: 5, tools: ["Bash"], permissionMode: "bypassPermissions", hooks: { PreToolUse: [{ matcher: "Bash", hooks: [guard] }] }, ${TS_GW}`), "OOC-03", "pass", 0, "1 tool needing approval", ""],
    ["a PreToolUse hook that cannot be read", TS_RUN(`maxTurns: 5, tools: ["Bash"], permissionMode: "bypassPermissions", hooks: { PreToolUse: [{ matcher: "Bash", hooks: [policy.check] }] }, ${TS_GW}`), "OOC-03", "warn", 3, "its PreToolUse hook (policy.check) is code psf cannot read", 'permissionDecision: "ask" } }` for the calls a person must approve, and answer them in `canUseTool`'],
    ["a PreToolUse hook that only denies by rule is no approval", TS_HOOK("deny") + TS_RUN(`maxTurns: 5, tools: ["Bash"], permissionMode: "bypassPermissions", hooks: { PreToolUse: [{ matcher: "Bash", hooks: [guard] }] }, ${TS_GW}`), "OOC-03", "fail", 7, "sets approval off explicitly at src/agent.ts:7", ""],
    ["a PreToolUse hook given inline that asks, for every tool", TS_RUN(`maxTurns: 5, tools: ["Bash"], permissionMode: "acceptEdits", hooks: { PreToolUse: [{ hooks: [async () => ({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "ask" } })] }] }, ${TS_GW}`), "OOC-03", "pass", 0, "1 tool needing approval", ""],
    ["WebFetch in the default tool set", TS_RUN(`maxTurns: 5, ${TS_GW}`), "ABC-02", "warn", 3, "WebFetch (Claude Code's built-in tool) → any URL the model fetches", 'allowedTools: ["WebFetch(domain:<host>)", …]` with `permissionMode: "dontAsk"`'],
  ] as const)("%s: %s", async (_what, code, id, level, line, text, fix) => {
    expectControlCase(await tsControl(code, id), level, line, text, fix);
  });
});

describe("Claude Agent SDK: Claude Code's settings files take part in each call's decision", () => {
  const ASK = `async def ask(name, data, ctx):\n    return await wait_for_operator(name, data)\n`;
  async function run(files: Record<string, string>) {
    const dir = project({ "psf.yaml": MANIFEST, ...files });
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    return r.controls.find((x) => x.id === "OOC-03")!.findings.filter((f) => f.level !== "pass").map((f) => `${f.level} ${f.file}:${f.line} ${f.message} FIX ${f.fix}`);
  }
  const settings = (permissions: object) => JSON.stringify({ permissions }, null, 2);
  it.each([
    // [what, settings file, its permissions, the run's options, what OOC-03 says about Bash (undefined: nothing)]
    ["an allow rule for Bash(*) in .claude/settings.json, loaded by default, approves it unasked", ".claude/settings.json", { allow: ["Read", "Bash(*)"] }, `tools=["Bash"], permission_mode="default", can_use_tool=ask`, "fail .claude/settings.json:5 tool Bash"],
    ["settings.local.json loaded by setting_sources=[\"local\"]", ".claude/settings.local.json", { allow: ["Bash"] }, `tools=["Bash"], permission_mode="default", can_use_tool=ask, setting_sources=["local"]`, "fail .claude/settings.local.json:4 tool Bash"],
    ["defaultMode bypassPermissions is the mode of a run that sets none; the fix is in the settings file", ".claude/settings.json", { defaultMode: "bypassPermissions" }, `tools=["Bash"], can_use_tool=ask`, "FIX remove the rule in .claude/settings.json that turns it off"],
    ["an ask rule sends Bash calls to can_use_tool even under bypassPermissions", ".claude/settings.json", { ask: ["Bash(rm:*)"] }, `tools=["Bash"], permission_mode="bypassPermissions", can_use_tool=ask`, undefined],
    ["a bare deny rule removes Bash from the run", ".claude/settings.json", { deny: ["Bash"] }, `tools=["Bash"], permission_mode="bypassPermissions"`, "tool Bash (access destructive) is declared but no tool of that name is defined"],
  ] as const)("%s", async (_what, file, permissions, opts, said) => {
    const out = await run({ "agent.py": `${HEAD}${ASK}${RUN(`max_turns=5, ${opts}, ${GW_ENV}`)}`, [file]: settings(permissions) });
    const bash = out.filter((m) => m.includes("tool Bash"));
    if (said === undefined) expect(bash, JSON.stringify(out)).toEqual([]);
    else expect(bash.join("\n"), JSON.stringify(out)).toContain(said);
  });

  it("setting_sources=[] loads no settings file", async () => {
    const out = await run({ "agent.py": `${HEAD}${ASK}${RUN(`max_turns=5, tools=["Bash"], permission_mode="default", can_use_tool=ask, setting_sources=[], ${GW_ENV}`)}`, ".claude/settings.json": settings({ allow: ["Bash"] }) });
    expect(out.filter((m) => m.includes("tool Bash"))).toEqual([]);
  });

  it("TypeScript: settingSources [\"project\"] loads the allow rule", async () => {
    const code = `import { query } from "@anthropic-ai/claude-agent-sdk";\nexport async function go(prompt: string) {\n  for await (const m of query({ prompt, options: { maxTurns: 5, tools: ["Bash"], permissionMode: "default", canUseTool: askOperator, settingSources: ["project"] } })) console.log(m);\n}\n`;
    const out = await run({ "src/agent.ts": code, ".claude/settings.json": settings({ allow: ["Bash"] }) });
    expect(out.filter((m) => m.includes("tool Bash")).join("\n"), JSON.stringify(out)).toContain("fail .claude/settings.json:4 tool Bash");
  });
});
