import { durationSeconds } from "../../manifest/duration.js";
import { prefixAllowed, urlAllowed } from "../../facts/values.js";
import type { Bound, SourceLocation } from "../../facts/types.js";
import type { RawFinding } from "../types.js";
import type { SourceCheck } from "./check.js";
import { bySyntax, envRef, examined, fail, nothingToCheck, plural, showBound, showValue, warn, where } from "./util.js";

/** ABC-02: every outbound URL is on the endpoint allowlist; run-time URLs warn. */
export const abc02: SourceCheck = (ctx, facts) => {
  const allow = ctx.manifest.boundaries?.endpoints?.allow ?? [];
  const gw = ctx.manifest.spend?.enforcement?.gateway;
  const findings: RawFinding[] = [];
  const addFix = (u: string) => `add ${u} to boundaries.endpoints.allow if the agent must reach it, otherwise remove the call`;
  for (const site of facts.urls) {
    const v = site.url;
    const what = `${site.api} → ${showValue(v, site.loc)}`;
    if (v.kind === "literal") {
      if (urlAllowed(v.text, allow)) continue;
      if (!/^[a-z][a-z0-9+.-]*:/i.test(v.text)) {
        findings.push(warn(`${what}: a relative URL; its origin is decided at run time`, site.loc, "use an absolute URL on the allowlist"));
        continue;
      }
      const traces = site.api.startsWith("OpenAI Agents trace export");
      if (site.byDefault) {
        findings.push(fail(`${what} is not on the endpoint allowlist: ${site.byDefault.what}`, site.loc, `${site.byDefault.off}, or add ${originOf(v.text)} to boundaries.endpoints.allow if the operator accepts it`));
        continue;
      }
      findings.push(fail(`${what} is not on the endpoint allowlist${traces ? ": every run's trace (inputs, outputs, tool calls) goes there" : ""}`, site.loc,
        traces ? `add ${originOf(v.text)} to boundaries.endpoints.allow, or keep traces in house: ${bySyntax(site.loc, "`setTraceProcessors([yourProcessor])` (or `setTracingDisabled(true)` with another audit record)", "`set_trace_processors([your_processor])` (or `set_tracing_disabled(True)` with another audit record)")}` : addFix(originOf(v.text))));
    } else if (v.kind === "prefix") {
      const r = prefixAllowed(v.prefix, allow);
      if (r === "allowed") continue;
      if (r === "denied") findings.push(fail(`${what} starts with ${v.prefix}, which is not on the endpoint allowlist`, site.loc, addFix(originOf(v.prefix))));
      else findings.push(warn(`${what}: only the prefix ${v.prefix} is fixed; the rest is decided at run time and may leave the allowlist`, site.loc, bySyntax(site.loc, "build the URL on an allowlisted base ending in `/` (`${BASE}/path/${id}` with BASE on the allowlist)", "build the URL on an allowlisted base ending in `/` (`f\"{BASE}/path/{id}\"` with BASE on the allowlist)")));
    } else if (v.kind === "env") {
      if (gw?.url_env && v.name === gw.url_env) {
        if (!gw.url) findings.push(warn(`${what}: the declared gateway url_env, but spend.enforcement.gateway.url is not declared, so it cannot be matched against the allowlist`, site.loc, "declare spend.enforcement.gateway.url"));
        else if (!urlAllowed(gw.url, allow)) findings.push(fail(`${what}: the gateway ${gw.url} is not on the endpoint allowlist`, site.loc, addFix(gw.url)));
        continue;
      }
      findings.push(warn(`${what}: the URL is read from the environment variable ${v.name} at run time${v.fallback ? ` (default ${v.fallback}${urlAllowed(v.fallback, allow) ? "" : ", not on the allowlist"})` : ""}`, site.loc, gw?.url_env ? `read the gateway from ${envRef(gw.url_env, site.loc)}, or use a literal allowlisted URL` : "use a literal URL on the allowlist, or a base constant on it"));
    } else if (v.kind === "dynamic" && site.limitedBy) {
      // A destination the model chooses (a browser it drives), unless the code holds it to a list: the list is the fix.
      const { option, on, set, fix } = site.limitedBy;
      if (fix) {
        // A tool the model calls with any URL it likes (Claude Code's WebFetch): its own permission rules hold it to hosts.
        findings.push(warn(`${what}: the model chooses the URLs (${v.reason}), and nothing holds them to the endpoint allowlist`, site.loc, fix));
        continue;
      }
      findings.push(warn(set ? `${what}: ${v.reason}, so the pages this browser may open cannot be checked against the allowlist` : `${what}: the model chooses the pages this browser opens (${v.reason})`, site.loc,
        set ? `write ${option} as a literal list of the allowlisted hosts, so it can be checked` : `set \`${option}=[…]\` on ${on} to the hosts of boundaries.endpoints.allow, so the browser refuses every other page`));
    } else if (v.kind === "dynamic") {
      findings.push(warn(`${what}: the URL is built at run time (${v.reason}); it cannot be checked against the allowlist`, site.loc, bySyntax(site.loc, "build the URL on an allowlisted constant base (`new URL(path, BASE)` or `${BASE}/...`) so it can be checked", "build the URL on an allowlisted constant base (`urljoin(BASE, path)` or `f\"{BASE}/...\"`) so it can be checked")));
    }
  }
  return { findings, notes: [examined(facts, [[facts.urls.length, "outbound URL site"]]) + ` against ${allow.length} allowlist entr${allow.length === 1 ? "y" : "ies"}`] };
};

function originOf(u: string): string {
  try {
    return new URL(u).origin;
  } catch {
    return u;
  }
}

/** A bound against a manifest limit: undefined (fine), or a finding. */
function checkBound(bound: Bound, limit: number | undefined, limitName: string, what: string, loc: SourceLocation, fix: string): RawFinding | undefined {
  switch (bound.kind) {
    case "single": return undefined;
    case "literal":
      if (limit !== undefined && bound.value > limit) return fail(`${what}: bound ${showBound(bound, loc)} is above ${limitName} ${limit}`, loc, fix);
      return undefined;
    case "default":
      // A default above the declared limit is a bound the deployment did not choose and cannot live with.
      if (limit !== undefined && bound.value > limit) return fail(`${what} relies on ${showBound(bound, loc)} (${bound.source}), above ${limitName} ${limit}`, loc, fix);
      return warn(`${what} relies on ${showBound(bound, loc)} (${bound.source})`, loc, fix);
    case "unbounded":
      return fail(`${what} has ${showBound(bound, loc)}`, loc, fix);
    case "dynamic":
      return warn(`${what}: the bound ${showBound(bound, loc)} is only known at run time`, loc, fix);
  }
}

/** ABC-03 (source half): every agent run and hand loop has a machine-enforced bound ≤ max_steps. */
export const abc03: SourceCheck = (ctx, facts) => {
  const max = ctx.manifest.boundaries?.limits?.max_steps;
  const n = max ?? "<max_steps>";
  const findings: RawFinding[] = [];
  const runFix: Record<string, string> = {
    "vercel-ai": `set \`stopWhen: stepCountIs(${n})\` (AI SDK 5+) or \`maxSteps: ${n}\` (AI SDK 4)`,
    "openai-agents": `pass \`{ maxTurns: ${n} }\` to run()`,
    langgraph: `pass \`{ recursionLimit: ${n} }\` in the invoke/stream config`,
    langchain: `set \`maxIterations: ${n}\` on AgentExecutor, or add \`modelCallLimitMiddleware({ runLimit: ${n} })\` to createAgent`,
    mastra: `pass \`{ maxSteps: ${n} }\` to agent.generate/stream`,
    strands: `pass \`{ limits: { turns: ${n} } }\` to agent.invoke/stream`,
    llamaindex: `agent()/multiAgent() take no step limit, and leaving runStream() does not stop the workflow (@llamaindex/workflow 1.1.24): drive the loop yourself, \`for (let step = 0; step < ${n}; step++) { const { newMessages, toolCalls } = await llm.exec({ messages, tools }); messages.push(...newMessages); if (!toolCalls.length) break; }\` (the deprecated OpenAIAgent/ReActAgent stop after 10 tool calls)`,
    "claude-agent-sdk": `pass \`maxTurns: ${n}\` in query()'s options (Claude Code has no turn limit of its own)`,
  };
  const runFixPy: Record<string, string> = {
    langgraph: `pass \`config={"recursion_limit": ${n}}\` to invoke/stream (LangGraph's own default is 10007 from 1.1.4)`,
    langchain: `pass \`config={"recursion_limit": ${n}}\` to invoke/stream, or add \`ModelCallLimitMiddleware(run_limit=${n})\` to create_agent`,
    crewai: `set \`max_iter=${n}\` on the Agent (and \`max_execution_time\` for its wall clock)`,
    "openai-agents": `pass \`max_turns=${n}\` to Runner.run`,
    "pydantic-ai": `pass \`usage_limits=UsageLimits(request_limit=${n})\` to the run`,
    smolagents: `set \`max_steps=${n}\` on the agent`,
    autogen: `give the team \`max_turns=${n}\` or \`termination_condition=MaxMessageTermination(${n})\` (AG2: \`max_consecutive_auto_reply=${n}\`)`,
    llamaindex: `pass \`max_iterations=${n}\` to run()`,
    "google-adk": `pass \`run_config=RunConfig(max_llm_calls=${n})\``,
    "browser-use": `pass \`max_steps=${n}\` to agent.run() (browser-use's own default is 500 steps)`,
    strands: `pass \`limits={"turns": ${n}}\` to the call (strands-agents after 1.40; on 1.40 or older, add a BeforeModelCallEvent hook that calls agent.cancel() once ${n} model calls have run)`,
    agno: `set \`tool_call_limit=${n}\` on the Agent (or Team): agno sets no limit of its own`,
    "agent-framework": `build the agent's chat client with \`function_invocation_configuration={"max_iterations": ${n}}\` (Agent Framework's own default is 40 model round trips per run)`,
    haystack: `set \`max_agent_steps=${n}\` on the Agent (Haystack's own default is 100 steps; exit_conditions only end a run sooner)`,
    "claude-agent-sdk": `set \`max_turns=${n}\` in ClaudeAgentOptions (Claude Code has no turn limit of its own)`,
    "semantic-kernel": `pass \`function_choice_behavior=FunctionChoiceBehavior.Auto(maximum_auto_invoke_attempts=${n})\` to the agent (Semantic Kernel's own default is 5 tool-calling rounds per run)`,
  };
  for (const r of facts.agentRuns) {
    const tsFix = r.api === "Agent.asTool" ? `pass \`runOptions: { maxTurns: ${n} }\` to asTool()`
      : r.api.startsWith("client.runs.") ? `pass \`config: { recursion_limit: ${n} }\` in the run payload`
      : r.api.endsWith("(served by the Mastra server)") ? `set \`defaultOptions: { maxSteps: ${n} }\` on the Agent (the server's runs use it)`
      : runFix[r.framework] ?? `bound the run at ${n} steps`;
    const afRun = r.framework === "agent-framework" ? r.api === "WorkflowBuilder" ? `pass \`max_iterations=${n}\` to WorkflowBuilder (Agent Framework's own default is 100 supersteps)` : r.api === "create_harness_agent" && r.bound.kind !== "default" ? `pass \`loop_max_iterations=\` to create_harness_agent and \`function_invocation_configuration={"max_iterations": …}\` to its client so that together they stay within ${n} model calls` : undefined : undefined;
    const adkServed = r.framework === "google-adk" && r.api.startsWith("root_agent") ? `adk web and AdkApp run root_agent with the default RunConfig: serve it through a Runner with \`run_config=RunConfig(max_llm_calls=${n})\`, or end the run from a \`before_model_callback\` that counts calls in \`callback_context.state\`` : undefined;
    // A CrewAI agent defined in config/agents.yaml is bounded there, by its YAML key.
    const bound = r.boundLoc ?? r.loc;
    const inYaml = r.framework === "crewai" && /\.ya?ml$/.test(bound.file) ? `set \`max_iter: ${n}\` on this agent in ${bound.file}` : undefined;
    const swarm = r.framework === "strands" && /^(Swarm|Graph)/.test(r.api) ? `bound each node agent's turns (on strands-agents 1.40 or older, a BeforeModelCallEvent hook on each node agent that calls agent.cancel() once ${n} model calls have run) and keep the ${r.api.startsWith("Swarm") ? "Swarm's max_iterations" : "graph's set_max_node_executions"} at or under ${n}` : undefined;
    const dspyRun = r.framework === "dspy" ? dspyRunFix(r.api, n, r.bound) : undefined;
    const fix = adkServed ?? afRun ?? skRun(r.framework, r.api, n) ?? inYaml ?? swarm ?? dspyRun ?? bySyntax(r.loc, tsFix, r.api.endsWith("tool_runner") || r.api.endsWith("run_tools") ? `pass \`max_iterations=${n}\`` : runFixPy[r.framework] ?? `bound the run at ${n} steps`);
    const f = checkBound(r.bound, max, "max_steps", `${r.api} (${r.framework})`, r.boundLoc ?? r.loc, fix);
    if (f) findings.push(f);
  }
  const loopFixTs = `count iterations and stop: \`for (let step = 0; step < MAX_STEPS; step++)\` with MAX_STEPS = ${n}`;
  const loopFixPy = `count iterations and stop: \`for step in range(MAX_STEPS):\` with MAX_STEPS = ${n}`;
  for (const l of facts.loops) {
    const what = `loop around the model/tool call at ${where(l.callLoc)}`;
    const loopFix = bySyntax(l.loc, loopFixTs, loopFixPy);
    if (l.bound) {
      const f = checkBound(l.bound, max, "max_steps", what, l.loc, loopFix);
      if (f) findings.push(f);
    } else if (l.infinite && !l.humanInput) {
      findings.push(fail(`${what} is infinite (${bySyntax(l.loc, "while (true) / for (;;)", "while True / itertools.count()")}) with no bounded exit`, l.loc, loopFix));
    } else if (l.condition) {
      findings.push(warn(`${what} ends only when \`${l.condition}\` becomes false, not on a step counter`, l.loc, loopFix));
    }
  }
  const multi = facts.agentRuns.filter((r) => r.bound.kind !== "single").length;
  // A single model call is one step; with no call, run or loop at all there is no step bound to check.
  const idle = facts.agentRuns.length + facts.loops.length + facts.modelCalls.length ? undefined : nothingToCheck(facts, "agent run, model call or agent loop", `no step bound could be checked against max_steps (${max ?? "not declared"})`, ["boundaries", "limits", "max_steps"], "check by hand, where the agent's runs are (a framework psf does not read, or files outside agent.include), that each one stops within max_steps, and record that review as a waiver with its reason and approver; if psf should read them, point agent.include at them");
  if (idle) findings.push(idle);
  return { findings, notes: [examined(facts, [[facts.agentRuns.length, "agent run"], [multi, "multi-step run"], [facts.loops.length, "hand-written agent loop"]]) + ` (max_steps: ${max ?? "not declared"})`] };
};

/** DSPy: max_iters where the module is built (RLM took max_iterations before 3.4), or on the call that passes its own. */
function dspyRunFix(api: string, n: number | string, bound: Bound): string {
  if (api.endsWith(" call")) return `pass \`max_iters=${n}\` to this call (forward takes it in place of the module's own)`;
  const own = bound.kind === "default" ? ` (DSPy's own default is ${bound.value})` : "";
  if (api === "RLM") return `pass \`max_iters=${n}\` to dspy.RLM(…) (\`max_iterations=${n}\` on dspy 3.1.1–3.3.1)${own}`;
  return `pass \`max_iters=${n}\` to dspy.${api}(…)${own}, and keep any \`max_iters=\` given to its calls at or under ${n}`;
}

/** ABC-04: queues consumed and pushed in one loop have a size check; recursion around model/tool calls has a depth bound. */
export const abc04: SourceCheck = (ctx, facts) => {
  const lim = ctx.manifest.boundaries?.limits;
  const findings: RawFinding[] = [];
  const subtasks = lim?.max_subtasks ?? "<max_subtasks>";
  for (const q of facts.queues) {
    const qFix = bySyntax(q.pushLoc, `check the queue before pushing: \`if (queue.length >= MAX_SUBTASKS) break;\` with MAX_SUBTASKS = ${subtasks}`, `check the queue before pushing: \`if len(queue) >= MAX_SUBTASKS: break\` (or build it bounded: \`asyncio.Queue(maxsize=MAX_SUBTASKS)\`) with MAX_SUBTASKS = ${subtasks}`);
    if (!q.sizeChecks.length) {
      findings.push(fail(`queue \`${q.name}\` is consumed by the loop at ${where(q.loc)} and pushed to here with no size check: task growth is unbounded`, q.pushLoc, qFix.replace("queue", q.name)));
      continue;
    }
    const results = q.sizeChecks.map((c) => checkBound(c.bound, lim?.max_subtasks, "max_subtasks", `queue \`${q.name}\` size check`, c.loc, qFix.replace("queue", q.name)));
    if (results.some((r) => r === undefined)) continue;
    findings.push(results[0]!);
  }
  for (const r of facts.recursion) {
    const dFix = bySyntax(r.loc, `carry a depth and stop: \`if (depth >= MAX_DEPTH) return;\``, `carry a depth and stop: \`if depth >= MAX_DEPTH: return\``) + ` with MAX_DEPTH = ${lim?.max_depth ?? "<max_depth>"}`;
    const names = r.functions.map((f) => f.slice(f.indexOf("#") + 1)).join(" → ");
    if (!r.depthGuard) {
      findings.push(fail(`${names} call${r.functions.length > 1 ? " each other" : "s itself"} around model/tool calls with no depth bound`, r.loc, dFix));
      continue;
    }
    const f = checkBound(r.depthGuard.bound, lim?.max_depth, "max_depth", `recursion ${names} depth guard`, r.depthGuard.loc, dFix);
    if (f) findings.push(f);
  }
  return { findings, notes: [examined(facts, [[facts.queues.length, "task queue"], [facts.recursion.length, "recursive cycle"]])] };
};

/** ABC-06 (source half): the wall-clock timeout is enforced in the source and not longer than declared. */
export const abc06: SourceCheck = (ctx, facts) => {
  const secs = durationSeconds(ctx.manifest.boundaries?.limits?.timeout);
  const findings: RawFinding[] = [];
  const sites = [...facts.timeouts, ...facts.agentRuns.flatMap((r) => (r.timeout ? [{ loc: r.timeout.loc, kind: "run option", ms: r.timeout.ms }] : []))];
  const fixTs = `abort the run after the declared timeout: \`const signal = AbortSignal.timeout(${secs !== undefined ? secs * 1000 : "<timeout ms>"})\` passed to the run`;
  const fixPy = `abort the run after the declared timeout: in async code \`async with asyncio.timeout(${secs ?? "<timeout seconds>"}):\` around the run (or \`asyncio.wait_for(run(), timeout=${secs ?? "<timeout seconds>"})\`); in synchronous code \`signal.alarm(${secs ?? "<timeout seconds>"})\` before it, with a SIGALRM handler that stops it (a client's own request timeout bounds one HTTP call, not the run)`;
  // LlamaIndex.TS's agent workflows take no AbortSignal, and their `timeout` option is never applied.
  const fixLlama = `AgentWorkflow.run/runStream take no AbortSignal and agent()'s \`timeout\` option is never applied (@llamaindex/workflow 1.1.24): drive the loop yourself with \`llm.exec({ messages, tools })\` and \`const signal = AbortSignal.timeout(${secs !== undefined ? secs * 1000 : "<timeout ms>"})\`, calling \`signal.throwIfAborted()\` before each step`;
  const llamaRunAt = (l: { file: string; line?: number }) => facts.agentRuns.some((r) => r.framework === "llamaindex" && r.loc.file === l.file && r.loc.line === l.line);
  const fixFor = (l: { file: string; line?: number }) => bySyntax(l, llamaRunAt(l) ? fixLlama : fixTs, fixPy);
  const work = [...facts.agentRuns.map((r) => r.loc), ...facts.loops.map((l) => l.loc), ...facts.modelCalls.map((c) => c.loc)];
  if (!sites.length && work.length) {
    findings.push(fail(`no wall-clock timeout is enforced: ${bySyntax(work[0], "no AbortSignal.timeout, timeout run option, or timer that aborts", "no asyncio.timeout, asyncio.wait_for, signal.alarm or run timeout")} in the source (first agent work here)`, work[0]!, fixFor(work[0]!)));
  }
  const seen = new Set<string>();
  for (const s of sites) {
    const key = `${s.loc.file}:${s.loc.line}:${s.loc.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (secs !== undefined && s.ms !== undefined && s.ms > secs * 1000) findings.push(fail(`${s.kind === "route-max-duration" ? "the route's maxDuration, a " : ""}timeout of ${s.ms} ms is longer than the declared limits.timeout (${secs * 1000} ms)`, s.loc, s.kind === "route-max-duration" ? `set \`export const maxDuration = ${secs}\` (seconds) in the route, or abort the run sooner with AbortSignal.timeout` : fixFor(s.loc)));
  }
  // Timeouts only in files where the agent does no work (and no run carries its own): psf cannot tell
  // that they bound its runs (a timeout around a websocket read in a helper module bounds that read).
  if (work.length && sites.length) {
    const timed = new Set(sites.map((s) => s.loc.file));
    const routeLimit = sites.some((s) => s.kind === "route-max-duration");
    const untimed = work.filter((w) => !timed.has(w.file));
    if (!routeLimit && untimed.length === work.length && !facts.agentRuns.some((r) => r.timeout)) {
      findings.push(warn(`no timeout in the files where the agent works: the ${plural(sites.length, "timeout site")} psf found (${sites.slice(0, 3).map((s) => where(s.loc)).join(", ")}) ${sites.length === 1 ? "is" : "are"} in other files, and psf cannot tell ${sites.length === 1 ? "it bounds" : "they bound"} this run (first agent work here)`, untimed[0]!, fixFor(untimed[0]!)));
    } else if (!routeLimit) {
      // An agent run with no timeout of its own, in a file with none, beside timeouts elsewhere (a Runner
      // bounded in serve.py, the same agent deployed by AdkApp in deploy.py with nothing around it).
      for (const r of facts.agentRuns) {
        if (r.timeout || timed.has(r.loc.file)) continue;
        findings.push(warn(`${r.api} has no timeout of its own and none is in its file: the ${plural(sites.length, "timeout site")} psf found (${sites.slice(0, 3).map((s) => where(s.loc)).join(", ")}) ${sites.length === 1 ? "is" : "are"} elsewhere, and psf cannot tell ${sites.length === 1 ? "it bounds" : "they bound"} this run`, r.loc, fixFor(r.loc)));
      }
    }
  }
  // A timeout with nothing to bound is not evidence that the agent's runs are bounded.
  const idle = work.length ? undefined : nothingToCheck(facts, "model call, agent run or agent loop", `${sites.length ? `the ${plural(sites.length, "timeout site")} it found bound${sites.length === 1 ? "s" : ""} nothing psf can see` : "there is no run a timeout could be checked on"}, so the declared timeout is not shown to be enforced on the agent's runs`, sites[0]?.loc ?? ["boundaries", "limits", "timeout"], "check by hand, where the agent's runs are (a framework psf does not read, or files outside agent.include), that each one is aborted after limits.timeout, and record that review as a waiver with its reason and approver; if psf should read them, point agent.include at them");
  if (idle) findings.push(idle);
  const notes = [examined(facts, [[sites.length, "timeout site"], [work.length, "model call / agent run / loop", "model calls / agent runs / loops"]])];
  // A platform-enforced route limit (Next.js maxDuration) is credited to the agent work in the project.
  for (const t of facts.timeouts) if (t.kind === "route-max-duration" && work.length) notes.push(`credited as the run timeout: ${t.note ?? `route maxDuration at ${where(t.loc)}`}, at ${where(t.loc)}`);
  return { findings, notes };
};

/** ABC-07 (source half): no consequential call (a tool, a destructive operation, an outbound write) gated on a model's answer. */
export const abc07: SourceCheck = (_ctx, facts) => {
  // The finding sits on the guarded call (what a reviewer must look at); the message names the condition.
  const findings: RawFinding[] = facts.modelGuards.map((g) => warn(`the condition at ${where(g.loc)} guarding ${g.action} is computed from the model output of ${where(g.modelLoc)}: the model decides whether the action runs`, g.actionLoc, "decide the action in the policy engine (or in code on validated inputs) and gate it on that decision, not on the model's text"));
  const idle = facts.agentRuns.length + facts.modelCalls.length ? undefined : nothingToCheck(facts, "model call or agent run", "no decision taken on a model's output could be checked", ["boundaries", "policy"], "check by hand that no write, delete or tool call is gated on a model's answer where the agent calls its model (a framework psf does not read, or files outside agent.include), and record that review as a waiver with its reason and approver");
  if (idle) findings.push(idle);
  return { findings, notes: [examined(facts, [[facts.modelGuards.length, "model-output-derived condition"]])] };
};

/** ABC-08: destructive operations only inside declared destructive tools that require approval. */
export const abc08: SourceCheck = (ctx, facts) => {
  const tools = ctx.manifest.boundaries?.tools ?? [];
  const findings: RawFinding[] = [];
  const gated: string[] = [];
  for (const d of facts.destructive) {
    if (!d.tool && d.approvedAt) {
      // A person approves each use before it runs (CodeExecutorAgent(approval_func=…)): the gate the fix below asks for.
      gated.push(`${d.op} at ${where(d.loc)} runs only after the approval set at ${where(d.approvedAt)}`);
      continue;
    }
    if (!d.tool && d.unreadTool) {
      // A decorator psf does not read may make the function a tool: "outside any tool" would be a guess.
      findings.push(warn(`${d.op} runs in ${d.unreadTool}, which psf does not read as a tool: it cannot tell whether the model calls it, nor whether a declaration or approval gates it`, d.loc, `if the model calls it as a tool, declare \`{ name: ${d.unreadTool.split(" ")[0]}, access: destructive, requires_approval: true }\` in boundaries.tools and make it wait for a person's approval before it runs; check that by hand and record the review as a waiver on ABC-08 until psf reads that decorator`));
      continue;
    }
    if (!d.tool) {
      // An agent that runs model-written code, or a tool that acts on the machine, is its own hazard: the fix is a sandbox or an approval, not a tool wrapper.
      const sandbox = /model-written|acts on the machine|use_docker/.test(d.op);
      findings.push(fail(sandbox ? `${d.op}: nothing between the model and this machine` : `${d.op} runs outside any tool: no declaration or approval can gate it`, d.loc,
        sandbox ? 'run the code in a sandbox (smolagents executor_type="docker"/"e2b"/"modal", AG2 use_docker=True, a DockerCommandLineCodeExecutor) or gate it on approval, and declare it in boundaries.tools with access: destructive' : "if the model's output decides when or on what this runs, move it into a tool declared in boundaries.tools with access: destructive and requires_approval: true; if it is the operator's own code that no model output reaches (setup, cleanup of the agent's own files), keep it out of any tool and record that review as a waiver on ABC-08 with its reason"));
      continue;
    }
    const decl = tools.find((t) => t.name === d.tool);
    if (!decl) findings.push(fail(`${d.op} runs in tool ${d.tool}, which boundaries.tools does not declare`, d.loc, `declare \`{ name: ${d.tool}, access: destructive, requires_approval: true }\` in boundaries.tools`));
    else if (decl.access !== "destructive") findings.push(fail(`${d.op} runs in tool ${d.tool}, declared with access ${decl.access}, not destructive`, d.loc, `declare ${d.tool} with access: destructive and requires_approval: true`));
    else if (decl.requires_approval !== true) findings.push(fail(`${d.op} runs in tool ${d.tool}, which is destructive but does not require approval`, d.loc, `set requires_approval: true on ${d.tool} and wire the approval in the source`));
  }
  return { findings, notes: [examined(facts, [[facts.destructive.length, "destructive operation"], [facts.tools.length, "tool definition"]]), ...gated] };
};

/** Semantic Kernel runs whose bound is not the agent's auto-invoke attempts: group chats, orchestrations, assistant agents. */
function skRun(framework: string, api: string, n: number | string): string | undefined {
  if (framework !== "semantic-kernel") return undefined;
  if (api === "AgentGroupChat") return `pass \`termination_strategy=DefaultTerminationStrategy(maximum_iterations=${n})\` (or your strategy with \`maximum_iterations=${n}\`): the chat's default strategy stops after 5 turns, any other TerminationStrategy after 99`;
  if (api === "GroupChatOrchestration") return `build the manager with \`RoundRobinGroupChatManager(max_rounds=${n})\` (None, the default, sets no cap)`;
  if (api === "MagenticOrchestration") return `build the manager with \`StandardMagenticManager(…, max_round_count=${n}, max_reset_count=…)\` (both None by default: no cap)`;
  if (api === "HandoffOrchestration") return `Semantic Kernel caps no handoffs: count them in the orchestration's \`agent_response_callback\` and stop the runtime (\`await runtime.stop()\`) past ${n}, or bound the wait with \`await orchestration_result.get(timeout=…)\` and stop the runtime when it times out`;
  if (api.startsWith("AgentRegistry.")) return `set \`function_choice_behavior\` with \`maximum_auto_invoke_attempts: ${n}\` in the agent's spec, or pass \`arguments=KernelArguments(settings=PromptExecutionSettings(function_choice_behavior=FunctionChoiceBehavior.Auto(maximum_auto_invoke_attempts=${n})))\``;
  if (/^(OpenAIAssistantAgent|AzureAssistantAgent|AzureAIAgent)$/.test(api)) return `Semantic Kernel answers every tool call the service's run asks for until the run completes: count the function calls in an AUTO_FUNCTION_INVOCATION filter (\`context.function_count\`, \`context.request_sequence_index\`) and set \`context.terminate = True\` past ${n}, or use a ChatCompletionAgent with \`FunctionChoiceBehavior.Auto(maximum_auto_invoke_attempts=${n})\``;
  return undefined;
}
