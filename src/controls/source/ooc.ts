import type { RawFinding } from "../types.js";
import type { Facts, Framework, SourceLocation } from "../../facts/types.js";
import type { SourceCheck } from "./check.js";
import { bySyntax, distinctOpaqueTools, examined, fail, nothingToCheck, warn, where } from "./util.js";
import { agentLanguage } from "../remediation.js";
import { namedDefinitions, type NamedDefinition } from "../../sources/definitions.js";
import { normalise } from "../../sources/ai-packages.js";
import { someOf } from "../../util/text.js";

/** OOC-02 (source half): every agent loop checks the pause signal. */
export const ooc02: SourceCheck = (_ctx, facts) => {
  const findings: RawFinding[] = [];
  for (const l of facts.loops) {
    // A loop that waits for a person each turn is stopped by that person; the runs inside are judged on their own.
    if (l.pauseCheck || l.humanInput) continue;
    findings.push(fail(`agent loop around the model/tool call at ${where(l.callLoc)} never checks a pause or abort signal`, l.loc, bySyntax(l.loc, "check the pause signal on every iteration: `signal.throwIfAborted()` (or `if (await paused()) break;`), and pass `abortSignal: signal` to the model call", "check the pause signal on every iteration: `if stop_event.is_set(): break` (or `await gate.check_pause()`, which polls the orchestrator)")));
  }
  for (const r of facts.agentRuns) {
    if (r.bound.kind === "single" || r.signal) continue;
    if (facts.loops.some((l) => l.pauseCheck && l.callLoc.file === r.loc.file && l.callLoc.line === r.loc.line)) continue;
    findings.push(fail(`${r.api} runs an agent loop with no ${bySyntax(r.loc, "AbortSignal", "pause or cancel signal")}: the operator's pause cannot stop it between steps`, r.loc, bySyntax(r.loc, r.api.startsWith("client.runs.") ? "pass `signal: pause.signal` in the run payload (aborting it cancels the run on the server)" : r.api.endsWith("(served by the Mastra server)") ? "the Mastra server runs this agent for its HTTP callers: give it an input processor that aborts (`abort()`) while the pause is set, or serve it yourself and pass `abortSignal: pause.signal` to agent.generate/stream" : signalFix(r.framework), r.framework === "claude-agent-sdk" && r.api === "ClaudeSDKClient" ? "call `await client.interrupt()` from the pause poller (it stops the turn in progress) and send no further query while the pause is set" : pythonSignalFix(r.framework))));
  }
  const runs = facts.agentRuns.filter((r) => r.bound.kind !== "single").length;
  // Single model calls have no step to pause between; with no call, run or loop at all there is nothing to pause.
  const idle = facts.loops.length + facts.agentRuns.length + facts.modelCalls.length ? undefined : nothingToCheck(facts, "agent loop, agent run or model call", "no place where the pause signal must be checked could be examined", ["oversight", "pause_signal"], "check by hand, where the agent's runs are (a framework psf does not read, or files outside agent.include), that each one stops between steps when the pause signal is set, and record that review as a waiver with its reason and approver; if psf should read them, point agent.include at them");
  if (idle) findings.push(idle);
  return { findings, notes: [examined(facts, [[facts.loops.length, "hand-written agent loop"], [runs, "multi-step agent run"]])] };
};

function signalFix(f: Framework): string {
  switch (f) {
    case "vercel-ai": return "pass `abortSignal: pause.signal` (an AbortController the pause poller aborts) to generateText/streamText or agent.generate";
    case "openai-agents": return "pass `{ signal: pause.signal }` in run()'s options";
    case "langgraph":
    case "langchain": return "pass `{ signal: pause.signal }` in the invoke/stream config";
    case "mastra": return "pass `{ abortSignal: pause.signal }` to agent.generate/stream";
    case "strands": return "pass `{ cancelSignal: pause.signal }` to agent.invoke/stream (or call `agent.cancel()` from the pause poller)";
    case "llamaindex": return "AgentWorkflow.run/runStream take no AbortSignal and leaving runStream() does not stop the workflow (@llamaindex/workflow 1.1.24): drive the loop yourself with `llm.exec({ messages, tools })` and check the pause signal before each call (`pause.signal.throwIfAborted()`)";
    case "claude-agent-sdk": return "pass `abortController: pause` (an AbortController the pause poller aborts) in query()'s options, or call `await q.interrupt()` from the pause poller";
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
    case "agent-framework": return "give the Agent a chat middleware (`@chat_middleware`, in `middleware=[…]`) that raises `MiddlewareTermination` while `pause.is_set()` (it runs before every model call), or run it as an asyncio task the pause poller cancels (`task.cancel()`)";
    case "browser-use": return "pass `register_should_stop_callback=` an async function that returns True while the pause is set (checked before each step), or call `agent.pause()` / `agent.stop()` from the pause poller";
    case "strands": return "call `agent.cancel()` from the pause poller: the run stops at its next model or tool boundary with stop_reason \"cancelled\"";
    case "agno": return "pass your own `run_id=` to agent.run/arun with `stream=True` and call `Agent.cancel_run(run_id)` from the pause poller (agno checks for it at every streamed event; a run that is not streamed checks only before its model call)";
    case "semantic-kernel": return "add an AUTO_FUNCTION_INVOCATION filter (`@kernel.filter(FilterTypes.AUTO_FUNCTION_INVOCATION)`) that sets `context.terminate = True` and returns while `pause.is_set()` (it runs before every tool call), or run `agent.invoke(…)` as an asyncio task the pause poller cancels (`task.cancel()`)";
    case "haystack": return "Haystack's Agent takes no cancel: on haystack-ai 3.x give it `hooks={\"before_llm\": [stop_if_paused]}` (a `@hook` function from haystack.hooks) that calls `state.set(\"stop_run\", \"paused\")` while `pause.is_set()`; on 2.x run `agent.run_async(…)` as an asyncio task the pause poller cancels";
    case "claude-agent-sdk": return "run it on a `ClaudeSDKClient` and call `await client.interrupt()` from the pause poller (query() has no stop of its own: run it as an asyncio task the poller cancels)";
    // DSPy has no stop: a callback's exception is logged and dropped, a tool's error goes back to the model as an observation.
    case "dspy": return "DSPy's modules have no stop of their own (an exception in a callback is logged and dropped, a tool's error goes back to the model): run the module with `task = asyncio.create_task(react.acall(…))` and `task.cancel()` it from the pause poller (the loop stops at its next await)";
    default: return generic;
  }
}

/** LangGraph's own approval forms, with createReactAgent or a graph built by hand: both need a checkpointer to resume. */
const LANGGRAPH_APPROVAL = "call `interrupt(…)` (from @langchain/langgraph) in the tool before it acts, or pass `interruptBefore: [\"tools\"]` to createReactAgent (or to `.compile()` for a graph you build), with a checkpointer so the run can resume after the approval";

/**
 * A LangChain.js tool is approved where its agent is built: createAgent takes the human-in-the-loop
 * middleware; createReactAgent (LangGraph's prebuilt agent) and hand-built graphs take interruptBefore
 * or an interrupt() in the tool. The agent runs in the facts say which one the code uses.
 */
function langchainApprovalFix(name: string, runs: Facts["agentRuns"]): string {
  const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
  const middleware = `add \`humanInTheLoopMiddleware({ interruptOn: { ${key}: true } })\` to createAgent's middleware`;
  const createAgent = runs.filter((r) => r.framework === "langchain" && r.api === "createAgent");
  if (createAgent.some((r) => r.tools.includes(name))) return middleware;
  if (runs.some((r) => r.framework === "langgraph")) return LANGGRAPH_APPROVAL;
  if (createAgent.length) return middleware;
  return `${middleware}, or, with createReactAgent, ${LANGGRAPH_APPROVAL}`;
}

function approvalFix(f: Framework): string {
  switch (f) {
    case "vercel-ai":
    case "openai-agents": return "add `needsApproval: true` to the tool definition";
    case "mastra": return "add `requireApproval: true` to createTool, or pass `requireToolApproval: true` to every stream/generate of each Agent given this tool (not counted for an Agent the Mastra server serves: its HTTP callers choose)";
    case "voltagent": return "add `needsApproval: true` to createTool";
    case "strands": return "call `context.interrupt({ name: \"approve\", reason: … })` in the tool's callback before it acts (or `event.interrupt(…)` in a BeforeToolCallEvent hook), and resume the agent with the person's answer";
    case "llamaindex": return "LlamaIndex.TS tools have no approval option (@llamaindex/core 0.6 tool(), @llamaindex/workflow 1.1.24 agent()): wait for a person inside the tool's `execute` before it acts (`if (!(await approvalGranted(name, input))) return \"not approved\";`)";
    case "genkit": return "interrupt before the tool acts (`async (input, { interrupt, resumed }) => { if (!resumed) interrupt({ reason: \"approval\" }); … }`) and resume it with `tool.restart(interruptPart)` once a person approves";
    case "agent-kit": return "wait for a person in the handler before it acts (`await step.waitForEvent(\"approval\", { … })`)";
    case "claude-agent-sdk": return "set `permissionMode: \"default\"` (not bypassPermissions, acceptEdits or auto; unset, Claude Code may start in auto mode), drop any allowedTools entry that allows the tool whole, and give query() a `canUseTool` callback that returns `{ behavior: \"allow\" }` only after a person approves (or list it in disallowedTools if the agent does not need it)";
    case "langgraph": return LANGGRAPH_APPROVAL;
    case "openai":
    case "anthropic": return "ask for a human approval (an approval function, e.g. `await requireApproval(name, args)`) in the tool's dispatch branch before it acts";
    default: return "gate the tool on a human approval before it acts";
  }
}

/** A Claude Agent SDK tool no permission setting gates: no mode (Claude Code may start in auto mode), or one computed at run time. */
function claudeUngated(modeAt: SourceLocation | undefined): string {
  return modeAt ? `is gated by a permission mode computed at run time (${where(modeAt)}), so whether a person approves its calls cannot be read` : "is gated by no permission mode: Claude Code may then start in auto mode, where a model classifier, not a person, approves its calls";
}

/** The approval form each Python framework documents, where it has one (what src/facts/python recognizes as approval). */
function pythonApprovalFix(f: Framework, name = "<tool>", runsAgent = false): string {
  switch (f) {
    case "openai-agents": return "declare it with `@function_tool(needs_approval=True)`";
    case "pydantic-ai": return "pass `requires_approval=True` to its `@agent.tool` / `@agent.tool_plain` decorator";
    case "agno": return `declare it with \`@tool(requires_confirmation=True)\` (a toolkit's: \`requires_confirmation_tools=["${name}"]\`; a tool with \`external_execution=True\` takes \`@approval\` instead, as agno allows only one of the two), and answer the paused run (\`run_output.is_paused\`, \`requirement.confirm()\`/\`reject()\`, \`agent.continue_run(…)\`) only after a person decides`;
    case "agent-framework": return name === "run_shell" ? "leave LocalShellTool's `approval_mode` at \"always_require\" (its default), and approve each command only after a person reads it" : `declare it with \`@tool(approval_mode="always_require")\`, and answer the run's \`user_input_requests\` with \`to_function_approval_response(…)\` only after a person decides`;
    case "semantic-kernel": return `add an AUTO_FUNCTION_INVOCATION filter (\`@kernel.filter(FilterTypes.AUTO_FUNCTION_INVOCATION)\`) that, when \`context.function.name == "${name}"\`, asks a person and sets \`context.terminate = True\` (returning without \`await next(context)\`) unless they approve`;
    case "langgraph": return "call `interrupt(...)` in the tool before it acts, or compile the graph with `interrupt_before=[\"tools\"]`";
    case "langchain": return `call \`interrupt(...)\` in the tool before it acts, or add \`HumanInTheLoopMiddleware(interrupt_on={"${name}": True})\` to create_agent's middleware`;
    case "strands": return `give the agent a hook on BeforeToolCallEvent that calls \`event.interrupt("approve-${name}", reason=…)\` when \`event.tool_use["name"] == "${name}"\` (or call \`tool_context.interrupt(…)\` in a \`@tool(context=True)\` before it acts), and resume the agent with the person's answer`;
    case "google-adk": return runsAgent
      // An AgentTool runs another agent and has no confirmation option of its own.
      ? "an AgentTool has no confirmation option: gate it in the parent agent's before_tool_callback (return a result instead of running it until a person approves), or call the agent from a FunctionTool with require_confirmation=True"
      : `give the agent \`FunctionTool(func=${name === "<tool>" ? "<tool function>" : name}, require_confirmation=True)\` in its tools instead of the bare function, so ADK asks a person before each call`;
    case "haystack": return `have a person confirm it before it runs: on haystack-ai 3.x pass \`hooks={"before_tool": [ConfirmationHook(confirmation_strategies={"${name}": BlockingConfirmationStrategy(confirmation_policy=AlwaysAskPolicy(), confirmation_ui=RichConsoleUI())})]}\` to the Agent (haystack.hooks.human_in_the_loop); on 2.23 to 2.x pass the same mapping as the Agent's \`confirmation_strategies=\` (haystack.human_in_the_loop; older 2.x has no confirmation: ask in the tool's function before it acts)`;
    case "dspy": return `DSPy has no approval step (ReAct calls a tool as soon as the model names it): ask a person at the top of \`${name === "<tool>" ? "the tool function" : name}\` before it acts and return "not approved" otherwise (ReAct hands that back to the model), or list \`dspy.Tool(approved(${name === "<tool>" ? "fn" : name}), name="${name}")\` in tools=[…], a wrapper that waits for the approval first`;
    case "claude-agent-sdk": return `set \`permission_mode="default"\` (not bypassPermissions, acceptEdits or auto; unset, Claude Code may start in auto mode), drop any allowed_tools entry that allows ${name} whole, and pass \`can_use_tool=\` a callback that returns \`PermissionResultAllow()\` only after a person approves (or add it to disallowed_tools if the agent does not need it)`;
    default: return "ask a human before the tool acts: call an approval function (e.g. `await require_approval(name, args)`) at the top of its dispatch branch or handler";
  }
}

function approvalFixAt(t: { framework: Framework; loc: { file: string }; name: string; builtIn?: string; runsAgent?: string; approvalLoc?: { file: string } }, facts: Facts): string {
  // Claude Code's settings file turned it off (permissions.allow / defaultMode): the fix is there.
  if (t.framework === "claude-agent-sdk" && t.approvalLoc && /(^|\/)\.claude\/settings(\.local)?\.json$/.test(t.approvalLoc.file)) return `remove the rule in ${t.approvalLoc.file} that turns it off (a permissions.allow entry for the whole tool, or defaultMode), or list ${t.name} under permissions.ask so each call goes to the ${bySyntax(t.loc, "`canUseTool`", "`can_use_tool=`")} callback a person answers`;
  // strands_tools asks on the terminal unless the project sets BYPASS_TOOL_CONSENT; a hook can ask in any deployment.
  if (t.builtIn && t.framework === "strands") return bySyntax(t.loc, `add \`agent.addHook(BeforeToolCallEvent, (event) => …)\` that calls \`event.interrupt(…)\` when \`event.toolUse.name === "${t.name}"\`, and resume the agent with the person's answer`, `${pythonApprovalFix("strands", t.name)}, or stop setting BYPASS_TOOL_CONSENT so the built-in asks on the terminal before it acts`);
  // A tool @llamaindex/tools builds has no approval option, and its execute is the library's: the agent is given a wrapper instead.
  if (t.builtIn && t.framework === "llamaindex") return `give the agent your own \`tool({ name: "${t.name}", description, parameters, execute })\` in its place, whose execute waits for a person before it calls the built-in (\`(await approvalGranted("${t.name}", input)) ? builtIn.call(input) : "not approved"\`)`;
  // CrewAI gates any tool, a crewai_tools built-in too, by a hook on its model-facing name.
  if (t.builtIn && t.framework === "crewai") return `add a \`@before_tool_call(tools=["${t.name}"])\` hook (from crewai.hooks) that asks a person with \`context.request_human_input(…)\` and returns False unless they approve (a Task's human_input=True reviews only the task's answer, after its tools ran)`;
  // A key of the same name in getTools() replaces Think's built-in tool.
  if (t.builtIn && t.framework === "cloudflare-agents") return `return your own \`${t.name}\` from getTools() with \`needsApproval: true\` (it replaces the built-in one), or block it in beforeToolCall() until a person approves`;
  const ts = t.framework === "langchain" ? langchainApprovalFix(t.name, facts.agentRuns) : approvalFix(t.framework);
  return bySyntax(t.loc, ts, pythonApprovalFix(t.framework, t.name, t.runsAgent !== undefined));
}

/**
 * A word of a tool's name that says it moves money or deletes (`process_refund`, `cancelOrder`), unless the name
 * starts as a lookup or a request does (`check_refund_status`, `request_refund_approval`: asking is not doing).
 */
const LOOKUP_NAME = /^(get|lookup|look|search|list|read|fetch|find|query|describe|show|check|count|inspect|view|estimate|calculate|preview|validate|verify|request|ask|propose|suggest|draft|quote)_|approv/;
const EFFECT_WORD = /(?:^|_)(refund|pay|payment|charge|purchase|buy|transfer|withdraw|checkout|delete|remove|drop|destroy|purge|wipe|cancel)(?:_|$)/;
function namedForEffect(name: string): { word: string; access: "spend" | "destructive" } | undefined {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  const word = LOOKUP_NAME.test(words) ? undefined : EFFECT_WORD.exec(words)?.[1];
  if (!word) return undefined;
  return { word, access: /^(delete|remove|drop|destroy|purge|wipe|cancel)$/.test(word) ? "destructive" : "spend" };
}

/** Agent Framework's MCP tools (their fix names `allowed_tools` / `approval_mode`). */
const AF_MCP = /^(MCPStdioTool|MCPStreamableHTTPTool|MCPWebsocketTool|HostedMCPTool \(agent_framework\))$/;

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
  const unseen = unseenToolSources(ctx, facts);
  // Declared tools psf has no tool of: a function or a `name` string of that name may still be in the code, on a framework psf does not read.
  const missing = declared.filter((d) => d.access !== "read" && !facts.tools.some((t) => t.name === d.name) && !facts.toolSchemas?.some((s) => s.name === d.name));
  const elsewhere = missing.length ? namedDefinitions(ctx.sources?.files ?? [], missing.map((d) => d.name)) : new Map<string, NamedDefinition>();
  const seen = new Set<string>();
  for (const t of facts.tools) {
    if (names.has(t.name) || (approved(t) && !t.approvalCaveat)) continue;
    const key = `${t.name}@${t.loc.file}:${t.loc.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const deletes = facts.destructive.filter((d) => d.tool === t.name);
    const cap = t.body ? capabilityText(t) : undefined;
    const effects = [...(cap ? [cap] : []), ...deletes.map((d) => `${d.op} at ${where(d.loc)}`), ...(t.writes ?? []).map((w) => `${w.op} at ${where(w.loc)}`)];
    if (!effects.length) {
      const named_ = namedForEffect(t.name);
      if (!named_ || t.noop) continue;
      checked++;
      findings.push(warn(`tool ${toolLabel(t)} is named for a ${named_.access === "spend" ? "payment" : "deletion"} (${named_.word}), is not declared in boundaries.tools and asks no approval; psf sees no operation in its body (a stand-in, or a service it does not read), so what it does in production cannot be checked`, t.loc, `declare \`{ name: ${t.name}, access: ${named_.access}, requires_approval: true }\` in boundaries.tools and ${approvalFixAt(t, facts)}`));
      continue;
    }
    checked++;
    if (approved(t)) {
      findings.push(caveated(t));
      continue;
    }
    const access = deletes.length || cap ? "destructive" : "write";
    findings.push(fail(`tool ${toolLabel(t)} is not declared in boundaries.tools, and it ${deletes.length || cap ? "deletes or executes" : "writes"} (${effects.slice(0, 3).join(", ")}${effects.length > 3 ? ", …" : ""}) ${t.approval === "never" && t.approvalLoc ? `with approval turned off at ${where(t.approvalLoc)}` : "with no approval wiring"}`, t.loc, `declare \`{ name: ${t.name}, access: ${access}, requires_approval: true }\` in boundaries.tools and ${approvalFixAt(t, facts)}`));
  }
  declared.forEach((d, i) => {
    if (d.access === "read") {
      // A provider-defined shell / computer / text-editor tool with a local execute is not read-only whatever its declaration says.
      for (const t of facts.tools.filter((x) => x.name === d.name && x.body && capabilityText(x))) {
        checked++;
        findings.push(fail(`tool ${t.name} is declared with access read, but it is ${capabilityText(t)}`, t.loc, `declare ${t.name} with access: destructive and requires_approval: true, and ${approvalFixAt(t, facts)}`));
      }
      return;
    }
    const defs = facts.tools.filter((t) => t.name === d.name);
    const schema = defs.length ? undefined : facts.toolSchemas?.find((s) => s.name === d.name);
    if (schema) {
      findings.push(warn(`tool ${d.name} (access ${d.access}) is a schema given to the model at ${where(schema.loc)} (${bySyntax(schema.loc, "bindTools", "bind_tools")}), with no implementation: the code that acts on its calls is not a tool body psf can see, so its approval wiring cannot be checked`, schema.loc, `gate the code that handles ${d.name}'s tool calls on a person's approval (an interrupt() before it acts, or a confirmation the handler waits for), check it by hand, and record that review as a waiver until psf reads that form`));
      return;
    }
    const found = defs.length ? undefined : elsewhere.get(d.name);
    if (found) {
      findings.push(definedUnread(d, found, ctx.unrecognized ?? []));
      return;
    }
    if (!defs.length) {
      // "Not defined" is said only when psf saw every place a tool can be defined.
      const message = unseen.length
        ? `tool ${d.name} (access ${d.access}) is declared but psf found no tool of that name in the code it read, and it did not see every tool definition (${unseen.slice(0, 3).join("; ")}${unseen.length > 3 ? "; …" : ""}), so its approval wiring cannot be checked`
        : `tool ${d.name} (access ${d.access}) is declared but no tool of that name is defined in the source, so its approval wiring cannot be checked`;
      findings.push({ level: "warn", message, at: ["boundaries", "tools", i, "name"], fix: unseen.length ? `check by hand that ${d.name} asks for approval where it is defined, and record that review as a waiver until psf reads it; if the source names it differently, declare it under that name` : `declare the tool under the name the source gives it (${agentLanguage(ctx.sources)?.syntax === "py" ? "the @tool / @function_tool function's name or its name_override, BaseTool.name" : "tool({ name }), the key in a tools object, createTool({ id })"}), or remove the declaration` });
      return;
    }
    for (const t of defs) {
      checked++;
      if (t.approvalCaveat && (t.approval === "always" || t.approval === "conditional")) findings.push(caveated(t));
      if (t.approval === "always" || t.approval === "conditional" || t.approvalInBody || t.noop) continue;
      const covered = facts.approvals.find((a) => (a.kind === "interruptBefore" || a.kind === "interruptAfter" || a.kind === "humanInTheLoopMiddleware") && (!a.covers || a.covers.includes(t.name) || (a.kind !== "humanInTheLoopMiddleware" && a.covers.some((n) => /tool|action/i.test(n)))));
      if (covered) continue;
      const why = t.approval === "never" ? `sets approval off explicitly${t.approvalLoc ? ` at ${where(t.approvalLoc)}` : ""}` : t.framework === "claude-agent-sdk" ? claudeUngated(t.approvalLoc) : `has no approval wiring (${bySyntax(t.loc, "needsApproval / requireApproval / interrupt / humanInTheLoopMiddleware", "needs_approval / requires_approval / interrupt / HumanInTheLoopMiddleware")} / an approval call in its body)`;
      findings.push(fail(`tool ${toolLabel(t)} (declared access ${d.access}) ${why}`, t.approvalLoc ?? t.loc, approvalFixAt(t, facts)));
    }
  });
  // MCP servers: a set of tools psf cannot see into, attached in code or by a config file.
  for (const m of facts.mcpServers) {
    checked++;
    const where_ = m.command ? `runs \`${m.command}\`` : m.url && m.url.kind === "literal" ? `at ${m.url.text}` : m.transport;
    // Agent Framework's MCP tools take approval_mode and allowed_tools (agent_framework/_mcp.py).
    const af = AF_MCP.test(m.source);
    if (m.approval === "never" && /mcp_servers|mcpServers/.test(m.source)) {
      findings.push(fail(`MCP server ${m.name} (${where_}) is attached to a Claude Agent SDK run whose permissions${m.approvalLoc ? ` (set at ${where(m.approvalLoc)})` : ""} approve every one of its tools without asking: any of them, including ones that write, runs without a person`, m.approvalLoc ?? m.loc, bySyntax(m.loc, "drop `permissionMode: \"bypassPermissions\"` and any `mcp__" + m.name + "` entry in allowedTools, list only its read-only tools there, and answer the rest in `canUseTool` after a person approves", "drop `permission_mode=\"bypassPermissions\"` and any `mcp__" + m.name + "` entry in allowed_tools, list only its read-only tools there, and answer the rest in `can_use_tool=` after a person approves")));
    } else if (m.approval === "never") {
      findings.push(fail(`MCP server ${m.name} (${where_}) is attached with approval turned off (${af ? 'approval_mode "never_require"' : 'require_approval "never"'}): any of its tools, including ones that write, runs without a person`, m.approvalLoc ?? m.loc, af ? `set \`approval_mode="always_require"\` (or \`{"never_require_approval": [the read-only tools]}\`), and restrict the server with \`allowed_tools=[…]\`` : `set require_approval to "always" (or list the read-only tools that may skip it), and restrict the server with allowed_tools`));
    } else if (!m.filtered && m.approval === "none") {
      findings.push(warn(`MCP server ${m.name} (${where_}, from ${m.source}): its tools are unknown to psf and any of them may write; no tool filter and no approval limit what the model can call`, m.loc, af ? `pass \`allowed_tools=[…]\` listing the tools the agent needs and \`approval_mode={"always_require_approval": [the tools that write]}\` (or "always_require"); declare them in boundaries.tools` : /^MCP(Stdio|Sse|StreamableHttp|Websocket)Plugin$/.test(m.source) ? `Semantic Kernel's MCP plugins take no tool filter: advertise only the tools the agent needs with \`FunctionChoiceBehavior.Auto(filters={"included_functions": [...]})\`, ask a person before the ones that write in an AUTO_FUNCTION_INVOCATION filter, and declare them in boundaries.tools` : m.source === "mcp() (@llamaindex/tools)" ? "mcp() has no tool filter or approval option (@llamaindex/tools 0.2.0): keep only the tools the agent needs (`(await server.tools()).filter((t) => NEEDED.includes(t.metadata.name))`), give the ones that write an execute that waits for a person, and declare them in boundaries.tools" : `add a tool filter listing the tools the agent needs (allowed_tools / tool_filter / create_static_tool_filter) and require approval for the ones that write; declare them in boundaries.tools`));
    }
    if (m.unpinned) {
      findings.push(warn(`MCP server ${m.name} runs ${m.unpinned} without a version: whatever the registry serves at start-up runs, with tools nobody reviewed`, m.loc, `pin the package (\`${m.unpinned}@<version>\` for npx, \`${m.unpinned}==<version>\` for uvx)`));
    }
  }
  // Tools a run is given that the source cannot show: their approval wiring cannot be checked.
  for (const { run: r, tools: o } of distinctOpaqueTools(facts.agentRuns)) {
    const gate = r.framework === "haystack" ? "confirm the write/destructive ones with a ConfirmationHook at the Agent's \"before_tool\" hook point (`confirmation_strategies={\"<tool>\": BlockingConfirmationStrategy(confirmation_policy=AlwaysAskPolicy(), …)}`; on haystack-ai 2.23 to 2.x, the Agent's own `confirmation_strategies=`)"
      : r.framework === "agno" ? "list the write/destructive ones in the toolkit's `requires_confirmation_tools=[…]` (or wrap them in `@tool(requires_confirmation=True)`)"
      : r.framework === "llamaindex" ? bySyntax(o.loc, "give the agent the write/destructive ones as your own `tool({ name, execute })` definitions whose execute waits for a person before it acts, instead of the library's list (`(await server.tools()).filter((t) => …)` keeps the rest)", "give the agent the write/destructive ones as your own functions that wait for a person before they act (`await ctx.wait_for_event(HumanResponseEvent, …)`) instead of the library's list")
      : bySyntax(o.loc, "gate the write/destructive ones on approval (e.g. wrap them with `needsApproval: true`) in the source", "gate the write/destructive ones on a person's approval before they act, in the source");
    findings.push(warn(`${r.api} is given tools psf cannot see into (${o.text}: ${o.reason}); whether they write, delete or execute, and whether they require approval, cannot be examined`, o.loc, `declare each of these tools in boundaries.tools with its access, and ${gate}`));
  }
  return { findings, notes: [examined(facts, [[facts.tools.length, "tool definition"], [checked, "tool needing approval", "tools needing approval"], [facts.approvals.length, "approval site"]])] };
};

/**
 * A declared tool psf found no tool of, but whose name a function or a `name` string in the code
 * carries: it is defined there, on a framework psf does not read (or not as a tool of one it reads),
 * so its approval wiring was not checked. A warn at the definition, as for any code psf did not read.
 */
function definedUnread(d: { name: string; access: string }, def: NamedDefinition, unrecognized: readonly string[]): RawFinding {
  const key = (p: string) => normalise("pypi", p);
  const imported = new Set(def.imports.map(key));
  const on = unrecognized.filter((p) => imported.has(key(p)));
  const frameworks = on.length ? on : unrecognized;
  const loc = { file: def.file, line: def.line, column: def.column };
  const head = `tool ${d.name} (access ${d.access}) is declared, and psf found it defined at ${where(def)} (\`${def.text}\`)`;
  if (!frameworks.length) {
    return warn(`${head}, but psf found it given to no agent as a tool: if it is one, psf does not see how, and its approval wiring was not checked; if it is not (a function the code calls itself), the manifest need not declare it as a tool`, loc, `if ${d.name} is one of the agent's tools, gate it on a person's approval before it acts (an approval call at its top), check that by hand and record the review as a waiver; if the code calls it itself after a person confirms, remove it from boundaries.tools; if the agent's tool has another name, declare it under that name`);
  }
  const fw = someOf(frameworks, 3);
  const what = on.length ? `in code on ${fw}, which psf does not read` : `in a project on ${fw}, which psf does not read`;
  return warn(`${head}, ${what}: its approval wiring was not checked`, loc, `check by hand that ${d.name} waits for a person's approval before it acts (${frameworks.length === 1 ? `${fw}'s` : "the framework's"} own approval option, or an approval call at the top of the tool), and record that review as a waiver until psf reads ${fw}`);
}

/** Where tools may be defined that psf did not read: it cannot say a tool is missing while any remain. */
function unseenToolSources(ctx: Parameters<SourceCheck>[0], facts: Facts): string[] {
  const out: string[] = [];
  for (const r of facts.agentRuns) for (const o of r.opaqueTools ?? []) out.push(`${o.text} at ${where(o.loc)}`);
  for (const m of facts.mcpServers) out.push(`the tools of MCP server ${m.name}`);
  for (const p of ctx.unrecognized ?? []) out.push(`${p}, which psf does not read`);
  for (const u of facts.unanalysed) out.push(`${u.file}, not analysed`);
  for (const e of facts.parseErrors) out.push(`${e.file} after its syntax error`);
  for (const s of ctx.sources?.skipped ?? []) out.push(`${s.path}, not read`);
  if (ctx.sources?.unread?.length) out.push(`${ctx.sources.unread.length} file(s) in languages psf does not read`);
  return out;
}

/** A tool's name, and for a framework's built-in tool which feature it comes from (the source never defines it). */
function toolLabel(t: Facts["tools"][number]): string {
  if (t.builtIn && t.framework === "strands") return `${t.name} (a ${t.builtIn} built-in the agent is given)`;
  if (t.builtIn && t.framework === "llamaindex") return `${t.name} (built by ${t.builtIn})`;
  if (t.builtIn && t.framework === "claude-agent-sdk") return `${t.name} (one of ${t.builtIn}, in every run unless the tools option leaves it out)`;
  if (t.builtIn && t.framework === "crewai") return `${t.name} (${t.builtIn}, a built-in the agent is given)`;
  return t.builtIn ? `${t.name} (one of ${t.builtIn}, in every turn unless getTools() replaces it)` : t.name;
}

/** "the provider-defined shell tool openai.tools.localShell (it runs commands on the machine it executes on)". */
function capabilityText(t: Facts["tools"][number]): string | undefined {
  const c = t.provider?.capability;
  if (!c || !t.provider) return undefined;
  const what = c === "shell" ? "runs shell commands" : c === "computer" ? "drives a computer (mouse, keyboard, screen)" : "edits files";
  return `the provider-defined ${c} tool ${t.provider.api}, whose execute ${what} on the machine it runs on`;
}



/** A tool whose approval holds only under a condition psf cannot see: a warn naming it. */
function caveated(t: Facts["tools"][number]): RawFinding {
  return warn(`tool ${toolLabel(t)} is approved only as far as the source shows: ${t.approvalCaveat!.why}`, t.approvalLoc ?? t.loc, t.approvalCaveat!.fix);
}
