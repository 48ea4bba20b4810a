import type { RawFinding } from "../types.js";
import type { Facts, Framework } from "../../facts/types.js";
import type { SourceCheck } from "./check.js";
import { bySyntax, examined, fail, warn, where } from "./util.js";

/** OOC-02 (source half): every agent loop checks the pause signal. */
export const ooc02: SourceCheck = (_ctx, facts) => {
  const findings: RawFinding[] = [];
  for (const l of facts.loops) {
    if (l.pauseCheck) continue;
    findings.push(fail(`agent loop around the model/tool call at ${where(l.callLoc)} never checks a pause or abort signal`, l.loc, bySyntax(l.loc, "check the pause signal on every iteration: `signal.throwIfAborted()` (or `if (await paused()) break;`), and pass `abortSignal: signal` to the model call", "check the pause signal on every iteration: `if stop_event.is_set(): break` (or `await gate.check_pause()`, which polls the orchestrator)")));
  }
  for (const r of facts.agentRuns) {
    if (r.bound.kind === "single" || r.signal) continue;
    if (facts.loops.some((l) => l.pauseCheck && l.callLoc.file === r.loc.file && l.callLoc.line === r.loc.line)) continue;
    findings.push(fail(`${r.api} runs an agent loop with no ${bySyntax(r.loc, "AbortSignal", "pause or cancel signal")}: the operator's pause cannot stop it between steps`, r.loc, bySyntax(r.loc, signalFix(r.framework), pythonSignalFix(r.framework))));
  }
  const runs = facts.agentRuns.filter((r) => r.bound.kind !== "single").length;
  return { findings, notes: [examined(facts, [[facts.loops.length, "hand-written agent loop"], [runs, "multi-step agent run"]])] };
};

function signalFix(f: Framework): string {
  switch (f) {
    case "vercel-ai": return "pass `abortSignal: pause.signal` (an AbortController the pause poller aborts) to generateText/streamText or agent.generate";
    case "openai-agents": return "pass `{ signal: pause.signal }` in run()'s options";
    case "langgraph":
    case "langchain": return "pass `{ signal: pause.signal }` in the invoke/stream config";
    case "mastra": return "pass `{ abortSignal: pause.signal }` to agent.generate/stream";
    default: return "pass an AbortSignal that the pause poller aborts";
  }
}

/** The pause form each Python framework documents (what src/facts/python/pause.ts recognizes). */
function pythonSignalFix(f: Framework): string {
  const generic = "run it as an asyncio task the pause poller cancels (`task = asyncio.create_task(…)`, `task.cancel()`), or drive the run step by step and check the pause signal between steps";
  switch (f) {
    case "langgraph":
    case "langchain": return "consume `graph.stream(…)` and `break` when `pause.is_set()`, or add a node that calls `interrupt()` while paused; or " + generic.replace(/^run it/, "run the graph");
    case "crewai": return "add a `@before_llm_call` hook that returns False while `pause.is_set()` (or a `step_callback` that raises)";
    case "pydantic-ai": return "drive the run with `async with agent.iter(…) as run: async for node in run:` and `break` when `pause.is_set()`";
    case "openai-agents": return "use `Runner.run_streamed(…)` and call `result.cancel()` when the pause is set";
    case "smolagents": return "call `agent.interrupt()` from the pause poller (or pass a `step_callbacks` entry that checks the pause)";
    case "autogen": return "AgentChat: add `ExternalTermination()` to termination_condition and `.set()` it when paused; AG2: pass `is_termination_msg` that returns True while `pause.is_set()`";
    case "llamaindex": return "stream `handler.stream_events()` and `await handler.cancel_run()` when `pause.is_set()`";
    case "google-adk": return "iterate `runner.run_async(…)` and stop when `pause.is_set()`, or give the agent a `before_model_callback` that returns a response while paused";
    default: return generic;
  }
}

function approvalFix(f: Framework): string {
  switch (f) {
    case "vercel-ai":
    case "openai-agents": return "add `needsApproval: true` to the tool definition";
    case "mastra": return "add `requireApproval: true` to createTool";
    case "langchain": return "add `humanInTheLoopMiddleware({ interruptOn: { <tool>: true } })` to createAgent's middleware";
    case "langgraph": return "call `interrupt(...)` in the tool before acting, or compile with `interruptBefore: [\"tools\"]`";
    case "openai":
    case "anthropic": return "ask for a human approval (an approval function, e.g. `await requireApproval(name, args)`) in the tool's dispatch branch before it acts";
    default: return "gate the tool on a human approval before it acts";
  }
}

function approvalFixAt(t: { framework: Framework; loc: { file: string } }): string {
  return bySyntax(t.loc, approvalFix(t.framework), "ask a human before the tool acts: call an approval function (e.g. `await require_approval(name, args)`) at the top of its dispatch branch or handler");
}

/** OOC-03 (source half): each tool the manifest marks write/destructive/spend is wired to approval in the source. */
export const ooc03: SourceCheck = (ctx, facts) => {
  const findings: RawFinding[] = [];
  const declared = ctx.manifest.boundaries?.tools ?? [];
  let checked = 0;
  const approved = (t: Facts["tools"][number]): boolean =>
    t.approval === "always" || t.approval === "conditional" || !!t.approvalInBody ||
    facts.approvals.some((a) => (a.kind === "interruptBefore" || a.kind === "interruptAfter" || a.kind === "humanInTheLoopMiddleware") && (!a.covers || a.covers.includes(t.name) || (a.kind !== "humanInTheLoopMiddleware" && a.covers.some((n) => /tool|action/i.test(n)))));
  // Tools the source defines but the manifest does not declare: judged by what their bodies do.
  const names = new Set(declared.map((d) => d.name));
  const seen = new Set<string>();
  for (const t of facts.tools) {
    if (names.has(t.name) || approved(t)) continue;
    const key = `${t.name}@${t.loc.file}:${t.loc.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const deletes = facts.destructive.filter((d) => d.tool === t.name);
    const cap = t.body ? capabilityText(t) : undefined;
    const effects = [...(cap ? [cap] : []), ...deletes.map((d) => `${d.op} at ${where(d.loc)}`), ...(t.writes ?? []).map((w) => `${w.op} at ${where(w.loc)}`)];
    if (!effects.length) continue;
    checked++;
    const access = deletes.length || cap ? "destructive" : "write";
    findings.push(fail(`tool ${t.name} is not declared in boundaries.tools, and it ${deletes.length || cap ? "deletes or executes" : "writes"} (${effects.slice(0, 3).join(", ")}${effects.length > 3 ? ", …" : ""}) with no approval wiring`, t.loc, `declare \`{ name: ${t.name}, access: ${access}, requires_approval: true }\` in boundaries.tools and ${approvalFixAt(t)}`));
  }
  declared.forEach((d, i) => {
    if (d.access === "read") {
      // A provider-defined shell / computer / text-editor tool with a local execute is not read-only whatever its declaration says.
      for (const t of facts.tools.filter((x) => x.name === d.name && x.body && capabilityText(x))) {
        checked++;
        findings.push(fail(`tool ${t.name} is declared with access read, but it is ${capabilityText(t)}`, t.loc, `declare ${t.name} with access: destructive and requires_approval: true, and ${approvalFixAt(t)}`));
      }
      return;
    }
    const defs = facts.tools.filter((t) => t.name === d.name);
    if (!defs.length) {
      findings.push({ level: "warn", message: `tool ${d.name} (access ${d.access}) is declared but no tool of that name is defined in the source, so its approval wiring cannot be checked`, at: ["boundaries", "tools", i, "name"], fix: `declare the tool under the name the source gives it (tool({ name }), the key in a tools object, createTool({ id })), or remove the declaration` });
      return;
    }
    for (const t of defs) {
      checked++;
      if (t.approval === "always" || t.approval === "conditional" || t.approvalInBody) continue;
      const covered = facts.approvals.find((a) => (a.kind === "interruptBefore" || a.kind === "interruptAfter" || a.kind === "humanInTheLoopMiddleware") && (!a.covers || a.covers.includes(t.name) || (a.kind !== "humanInTheLoopMiddleware" && a.covers.some((n) => /tool|action/i.test(n)))));
      if (covered) continue;
      const why = t.approval === "never" ? `sets approval off explicitly${t.approvalLoc ? ` at ${where(t.approvalLoc)}` : ""}` : "has no approval wiring (needsApproval / requireApproval / interrupt / humanInTheLoopMiddleware / an approval call in its body)";
      findings.push(fail(`tool ${t.name} (declared access ${d.access}) ${why}`, t.approvalLoc ?? t.loc, approvalFixAt(t)));
    }
  });
  // MCP servers: a set of tools psf cannot see into, attached in code or by a config file.
  for (const m of facts.mcpServers) {
    checked++;
    const where_ = m.command ? `runs \`${m.command}\`` : m.url && m.url.kind === "literal" ? `at ${m.url.text}` : m.transport;
    if (m.approval === "never") {
      findings.push(fail(`MCP server ${m.name} (${where_}) is attached with approval turned off (require_approval "never"): any of its tools, including ones that write, runs without a person`, m.approvalLoc ?? m.loc, `set require_approval to "always" (or list the read-only tools that may skip it), and restrict the server with allowed_tools`));
    } else if (!m.filtered && m.approval === "none") {
      findings.push(warn(`MCP server ${m.name} (${where_}, from ${m.source}): its tools are unknown to psf and any of them may write; no tool filter and no approval limit what the model can call`, m.loc, `add a tool filter listing the tools the agent needs (allowed_tools / tool_filter / create_static_tool_filter) and require approval for the ones that write; declare them in boundaries.tools`));
    }
    if (m.unpinned) {
      findings.push(warn(`MCP server ${m.name} runs ${m.unpinned} without a version: whatever the registry serves at start-up runs, with tools nobody reviewed`, m.loc, `pin the package (\`${m.unpinned}@<version>\` for npx, \`${m.unpinned}==<version>\` for uvx)`));
    }
  }
  // Tools a run is given that the source cannot show: their approval wiring cannot be checked.
  for (const r of facts.agentRuns) for (const o of r.opaqueTools ?? []) {
    findings.push(warn(`${r.api} is given tools psf cannot see into (${o.text}: ${o.reason}); whether they write, delete or execute, and whether they require approval, cannot be examined`, o.loc, `declare each of these tools in boundaries.tools with its access, and gate the write/destructive ones on approval (e.g. wrap them with \`needsApproval: true\`) in the source`));
  }
  return { findings, notes: [examined(facts, [[facts.tools.length, "tool definition"], [checked, "tool needing approval"], [facts.approvals.length, "approval site"]])] };
};

/** "the provider-defined shell tool openai.tools.localShell (it runs commands on the machine it executes on)". */
function capabilityText(t: Facts["tools"][number]): string | undefined {
  const c = t.provider?.capability;
  if (!c || !t.provider) return undefined;
  const what = c === "shell" ? "runs shell commands" : c === "computer" ? "drives a computer (mouse, keyboard, screen)" : "edits files";
  return `the provider-defined ${c} tool ${t.provider.api}, whose execute ${what} on the machine it runs on`;
}


