import type { Builder, CallSite } from "../context.js";
import type { FileIR } from "../ir.js";
import type { Qualified, Sym } from "../sym.js";
import type { AgentRun, SourceLocation } from "../types.js";
import { dottedName, kwargsOf, positionalOf } from "./names.js";
import { isPythonFile } from "./parser.js";
import { pyNames } from "./sites.js";

/**
 * How an operator's pause reaches a Python framework run, which takes no AbortSignal. Each form is
 * one the framework documents; each needs a pause check the source shows (`stop.is_set()`,
 * `check_pause()`: the walk's PAUSE_RE) or an explicit cancel of that very run:
 *  - a callback the framework calls between steps, that checks the pause: CrewAI `Agent(step_callback=)`
 *    and `Crew(step_callback=, task_callback=)` for its agents, CrewAI's global `@before_llm_call` hook
 *    (returning False blocks the model call, which ends the run; a blocked tool call does not), smolagents `step_callbacks=[…]`,
 *    AG2 `is_termination_msg=`, ADK `before_model_callback=` / `before_agent_callback=` of the agent a
 *    Runner runs, a LangGraph node (`builder.add_node(…, fn)`) of the graph that is run;
 *  - a cancel of the run itself: `handler.cancel_run()` (LlamaIndex), `result.cancel()` (OpenAI Agents
 *    run_streamed), `agent.interrupt()` (smolagents), `task.cancel()` on `asyncio.create_task(<run>)`,
 *    an AutoGen team whose termination_condition includes an `ExternalTermination()` bound to a name,
 *    agno's `Agent.cancel_run(run_id)` / `Team.cancel_run(run_id)` (static: any run of that id);
 *  - Haystack 3: a `before_llm` hook in the Agent's `hooks={…}` that checks the pause (it stops the run with `stop_run`);
 *  - Agent Framework: a middleware function given to the Agent (`middleware=[…]`) that checks the pause, or a
 *    loop over the agent's streamed run (`agent.run(…, stream=True)`) whose body checks it;
 *  - the caller driving the run step by step and checking the pause between steps: a loop around or after a
 *    streaming or iterating run (`agent.iter`, `graph.stream`, `runner.run_async`, LlamaIndex
 *    `stream_events`) in the same function, whose body checks the pause.
 * A loop around the run call itself is already linked by the loop facts.
 */
export function pythonPauseSignals(irs: FileIR[], b: Builder, sites: readonly CallSite[]): void {
  const waiting = b.facts.agentRuns.filter((r) => !r.signal && isPythonFile(r.loc.file));
  if (!waiting.length) return;
  const byFile = new Map(irs.map((ir) => [ir.path, ir]));
  const runsAt = new Map<string, AgentRun[]>();
  for (const r of waiting) runsAt.set(key(r.loc), [...(runsAt.get(key(r.loc)) ?? []), r]);
  const mark = (k: string | undefined) => {
    for (const r of (k && runsAt.get(k)) || []) r.signal = true;
  };

  const span = (s: Sym | undefined, site: CallSite): { file: string; start: number; end: number } | undefined => {
    const v = site.R(s);
    if (v?.k === "fn") return { file: v.at.file, start: v.start, end: v.end };
    if (v?.k === "fnref") {
      const file = v.id.slice(0, v.id.indexOf("#"));
      const f = byFile.get(file)?.fns.find((x) => x.id === v.id);
      return f ? { file, start: f.start, end: f.end } : undefined;
    }
    return undefined;
  };
  /** A function (or any of a list of functions) whose body checks the pause. */
  const checksPause = (s: Sym | undefined, site: CallSite): boolean => {
    const v = site.R(s);
    if (v?.k === "arr") return v.items.some((i) => checksPause(i, site));
    const sp = span(v, site);
    return !!sp && (byFile.get(sp.file)?.pauses ?? []).some((p) => p >= sp.start && p < sp.end);
  };
  const kwOf = (call: Extract<Sym, { k: "call" }> | undefined, name: string, site: CallSite) => (call ? site.prop(kwargsOf(call.args), name)?.v : undefined);

  /** Constructor calls (file:line:col) whose runs a pausing callback or node reaches. */
  const pausing = new Set<string>();
  let crewaiHook = false;
  // agno's Agent.cancel_run(run_id) is a static method: it cancels whichever run has that id, so it reaches every agno run.
  let agnoCancel = false;
  const adkRunners: CallSite[] = [];
  for (const site of sites) {
    if (!isPythonFile(site.file)) continue;
    const n = pyNames(site);
    if (!n) continue;
    const name = n.ctor ?? n.full ?? "";
    const method = n.path.split(".").pop() ?? "";
    if (site.ir.decorates) {
      if (/^crewai(\.hooks(\.\w+)*)?\.before_llm_call$/.test(name) && checksPause(site.ir.decorates.fn, site)) crewaiHook = true;
      continue;
    }
    if (!n.ctor) {
      const cb = (k: string) => site.prop(kwargsOf(site.ir.args), k)?.v;
      if (name === "crewai.Agent" && checksPause(cb("step_callback"), site)) mark(key(site.loc));
      else if (name === "crewai.Crew" && (checksPause(cb("step_callback"), site) || checksPause(cb("task_callback"), site))) {
        const agents = site.R(cb("agents"));
        if (agents?.k === "arr") for (const a of agents.items) {
          const v = site.R(a);
          if (v?.k === "call") mark(key(v.at));
        }
      } else if (/^smolagents\.(CodeAgent|ToolCallingAgent|MultiStepAgent)$/.test(name) && checksPause(cb("step_callbacks"), site)) mark(key(site.loc));
      else if (/^autogen\.(ConversableAgent|AssistantAgent|UserProxyAgent)$/.test(name) && checksPause(cb("is_termination_msg"), site)) mark(key(site.loc));
      // Agent Framework: a middleware function in the agent's middleware=[…] that checks the pause (a chat middleware runs before each model call and ends the run by raising MiddlewareTermination).
      else if (/^agent_framework\.(Agent|ChatAgent|RawAgent|create_harness_agent)$/.test(name) && checksPause(cb("middleware"), site)) mark(key(site.loc));
      else if (/^agno\.(agent|team)(\.(agent|team))?\.(Agent|Team)\.a?cancel_run$/.test(name)) agnoCancel = true;
      // Haystack 3: a "before_llm" hook that checks the pause and sets `state.set("stop_run", …)` ends the run before its next model call.
      else if (/^haystack(_experimental)?\.components\.agents(\.agent)?\.Agent$/.test(name) && checksPause(site.prop(cb("hooks"), "before_llm")?.v, site)) mark(key(site.loc));
      else if (/^google\.adk(\.agents)?(\.\w+)?\.(LlmAgent|Agent)$/.test(name) && (checksPause(cb("before_model_callback"), site) || checksPause(cb("before_agent_callback"), site))) pausing.add(key(site.loc));
      continue;
    }
    // builder.add_node("guard", fn): a node that checks the pause stops every run of graphs compiled from this builder.
    if (/StateGraph$|MessageGraph$/.test(n.ctor) && n.hops === 1 && method === "add_node") {
      const args = positionalOf(site.ir.args);
      if (checksPause(args[1] ?? args[0], site) || checksPause(site.prop(kwargsOf(site.ir.args), "action")?.v, site)) for (const c of chainCalls(site.q)) pausing.add(key(c.at));
      continue;
    }
    // Agent Framework: `async for update in agent.run(…, stream=True)` (run_stream in the previews) that checks the pause and breaks: the run is recorded where the agent is built.
    if (/^agent_framework\.(Agent|ChatAgent|RawAgent|create_harness_agent)$/.test(n.ctor) && (method === "run_stream" || (method === "run" && site.R(site.prop(kwargsOf(site.ir.args), "stream")?.v)?.k === "bool" && (site.R(site.prop(kwargsOf(site.ir.args), "stream")!.v) as { v: boolean }).v))) {
      if (byFile.get(site.file)?.loops.some((l) => l.pauseAt && l.fn === site.ir.fn && l.end > site.ir.at.pos)) for (const c of chainCalls(site.q)) mark(key(c.at));
    }
    if (/(^|\.)(Runner|InMemoryRunner)$/.test(n.ctor) && n.ctor.startsWith("google.adk") && /^(run|run_async|run_live)$/.test(method)) adkRunners.push(site);
    // A cancel of the run: the object it is called on was made by the run (or by create_task around it).
    if (/^(cancel|a?cancel_run|interrupt)$/.test(method)) {
      for (const c of chainCalls(site.q)) {
        mark(key(c.at));
        if (/^(asyncio\.(create_task|ensure_future)|asyncio\.\w+\.create_task)$/.test(dottedName(c.callee) ?? "") || /(^|\.)create_task$/.test(site.show(c.callee))) {
          const inner = site.R(positionalOf(c.args)[0]);
          if (inner?.k === "call") {
            mark(key(inner.at));
            // `create_task(agent.run(…))`: a run recorded where its agent is built (Agent Framework, agno) is cancelled too.
            const made = site.qualify(inner.callee);
            if (made) for (const c2 of chainCalls(made)) mark(key(c2.at));
          }
        }
      }
    }
  }
  // AutoGen AgentChat: `stop = ExternalTermination()` combined into a team's termination_condition (`stop | MaxMessageTermination(20)`).
  const external = new Set(sites.filter((s) => s.ir.varName && pyNames(s)?.full === "autogen_agentchat.conditions.ExternalTermination").map((s) => `${s.file}:${s.ir.varName}`));
  if (external.size) for (const site of sites) {
    const n = pyNames(site);
    if (!n?.full?.startsWith("autogen_agentchat.teams.")) continue;
    const tc = site.prop(kwargsOf(site.ir.args), "termination_condition");
    const names = tc ? site.show(tc.v).match(/[A-Za-z_]\w*/g) ?? [] : [];
    if (names.some((nm) => external.has(`${site.file}:${nm}`))) mark(key(site.loc));
  }
  for (const site of adkRunners) {
    const runner = site.root?.call;
    const agent = site.R(kwOf(runner, "agent", site) ?? positionalOf(runner?.args ?? [])[0]);
    if (agent?.k === "call" && pausing.has(key(agent.at))) mark(key(site.loc));
  }
  if (pausing.size) for (const site of sites) {
    if (!site.root?.instance || !isPythonFile(site.file)) continue;
    if (chainCalls(site.q).some((c) => pausing.has(key(c.at)))) mark(key(site.loc));
  }
  if (crewaiHook) for (const r of waiting) if (r.framework === "crewai") r.signal = true;
  if (agnoCancel) for (const r of waiting) if (r.framework === "agno") r.signal = true;

  // The caller iterates the run and checks the pause between steps.
  const siteAt = new Map(sites.filter((s) => isPythonFile(s.file)).map((s) => [key(s.loc), s]));
  for (const r of waiting) {
    if (r.signal || !ITERATED.test(r.api)) continue;
    const site = siteAt.get(key(r.loc));
    const ir = byFile.get(r.loc.file);
    if (!site || !ir) continue;
    if (ir.loops.some((l) => l.pauseAt && l.fn === site.ir.fn && l.end > site.ir.at.pos)) r.signal = true;
  }
}

/** Runs whose result the caller iterates step by step. */
const ITERATED = /\.(stream|astream|stream_events|astream_events|iter|run_stream|run_stream_events|run_streamed|run_async|run_live)$|^(FunctionAgent|ReActAgent|CodeActAgent|AgentWorkflow)\.run$/;

function key(l: SourceLocation): string {
  return `${l.file}:${l.line}:${l.column}`;
}

/** The calls an instance was made by, innermost first (`graph.invoke` → `builder.compile()` → `StateGraph(…)`). */
function chainCalls(q: Qualified): Extract<Sym, { k: "call" }>[] {
  const out: Extract<Sym, { k: "call" }>[] = [];
  for (let cur = q, i = 0; i < 12 && cur.root.k === "instance"; i++) {
    out.push(cur.root.call);
    cur = cur.root.ctor;
  }
  return out;
}
