import { addClient, addTool } from "../../common.js";
import { linkToolBodyLater } from "../../frameworks/function-tools.js";
import { UNKNOWN } from "../../sym.js";
import { fnName } from "../../values.js";
import { loc, type Builder, type CallSite } from "../../context.js";
import { DEFAULTS } from "../../defaults.js";
import type { Sym } from "../../sym.js";
import type { Bound, SourceLocation } from "../../types.js";
import { kw, positional, type PyNames } from "../sites.js";
import { ag2Models } from "./model-clients.js";
import { boundOf, run } from "./common.js";

/** AutoGen AgentChat teams (no bound unless max_turns or a termination condition) and AG2 agents. */
export function autogen(site: CallSite, b: Builder, n: PyNames, name: string, last: string): void {
  if (n.ctor) return;
  const cls = name.split(".").pop()!;
  if (name.startsWith("autogen_agentchat.teams.") && /GroupChat$|^Swarm$|^GraphFlow$/.test(cls)) {
    const mt = kw(site, "max_turns");
    const tc = kw(site, "termination_condition");
    let bound: { bound: Bound; boundLoc?: SourceLocation };
    if (mt) bound = boundOf(site, mt, { name: "AutoGen team max_turns", value: 0, source: "autogen-agentchat 0.7" });
    else if (tc) {
      const maxMsg = findMaxMessages(site, tc.v);
      bound = maxMsg ? { bound: maxMsg.bound, boundLoc: maxMsg.loc } : { bound: { kind: "dynamic", text: site.show(tc.v), reason: "a termination condition psf cannot read as a number of steps" }, boundLoc: tc.loc };
    } else bound = { bound: { kind: "unbounded", reason: "an AutoGen team with no max_turns and no termination_condition runs until stopped (autogen-agentchat 0.7 default)" } };
    const timeout = tc ? timeoutTermination(site, tc.v, tc.loc) : undefined;
    run(site, b, "autogen", cls, bound, { ...(tc && containsCall(site, tc.v, "ExternalTermination") ? { signal: true } : {}), ...(timeout ? { timeout } : {}) });
    return;
  }
  // autogen-core, the layer under AgentChat (autogen-core 0.7, python/packages/autogen-core):
  // `ChatCompletionClient.load_component(config)` builds whatever model client a config names (the
  // provider and endpoint are in a file or dict psf does not read: decided at run time), and
  // `FunctionTool(func, description, name=None)` makes a tool named `name`, else the function's name.
  if (/^autogen_core(\.models)?\.ChatCompletionClient\.load_component$/.test(name)) {
    addClient(b, site, { framework: "autogen", provider: "unknown", api: "ChatCompletionClient.load_component (model client from a config)", baseURL: UNKNOWN("the endpoint", "the model client and its endpoint come from the component config") });
    return;
  }
  if (/^autogen_core(\.tools)?\.FunctionTool$/.test(name)) {
    const fn = kw(site, "func")?.v ?? positional(site, 0);
    const r = site.R(fn);
    const given = kw(site, "name")?.v ?? positional(site, 2);
    const named = site.R(given);
    const toolName = named?.k === "str" ? named.v : fnName(r);
    const tool = addTool(b, site, { ...(toolName ? { name: toolName } : {}), framework: "autogen", body: fn });
    if (!tool.body && r?.k === "fnref") linkToolBodyLater(b, tool, r);
    return;
  }
  if (name.startsWith("autogen_ext.models.") && /ChatCompletionClient$/.test(cls)) {
    const azure = cls.startsWith("Azure");
    const base = azure ? kw(site, "azure_endpoint") : kw(site, "base_url");
    addClient(b, site, { framework: "autogen", provider: azure ? "azure" : cls.startsWith("Anthropic") ? "anthropic" : "openai", api: cls, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(kw(site, "api_key") ? { apiKey: kw(site, "api_key")!.v } : {}) });
    return;
  }
  if (cls === "LocalCommandLineCodeExecutor") {
    const approvedAt = b.approvedExecutors.get(locKey(site.loc)) ?? undefined;
    b.facts.destructive.push({ loc: site.loc, op: "LocalCommandLineCodeExecutor runs model-written code on this machine", ...(approvedAt ? { approvedAt } : {}) });
    return;
  }
  // CodeExecutorAgent(name, code_executor=…, approval_func=f): f is asked before each code block runs.
  // The executor is gated only when every agent that uses it has an approval function.
  if (name.startsWith("autogen_agentchat.") && cls === "CodeExecutorAgent") {
    const ex = site.R(kw(site, "code_executor")?.v ?? positional(site, 1));
    if (ex?.k !== "call") return;
    const at = locKey(loc(ex.at));
    const earlier = b.facts.destructive.find((d) => locKey(d.loc) === at);
    const approval = kw(site, "approval_func");
    if (!approval || site.R(approval.v)?.k === "null") {
      b.approvedExecutors.set(at, null);
      if (earlier) delete earlier.approvedAt;
      return;
    }
    if (b.approvedExecutors.get(at) === null) return;
    if (earlier) earlier.approvedAt = approval.loc;
    else b.approvedExecutors.set(at, approval.loc);
    return;
  }
  // AG2 GroupChat(agents, messages, max_round=N): the chat a GroupChatManager runs ends after N rounds (10 by default).
  if (name.startsWith("autogen.") && cls === "GroupChat") {
    run(site, b, "autogen", "GroupChat", boundOf(site, kw(site, "max_round"), DEFAULTS.ag2MaxRound));
    return;
  }
  if (name.startsWith("autogen.") && /^(ConversableAgent|AssistantAgent|UserProxyAgent)$/.test(cls)) {
    // human_input_mode="ALWAYS": a person is asked before every reply the agent sends.
    const mode = kw(site, "human_input_mode");
    if (mode?.v.k === "str" && mode.v.v === "ALWAYS") b.facts.approvals.push({ loc: mode.loc, kind: "approval-function" });
    ag2Models(site, b);
    const cfg = kw(site, "code_execution_config");
    const docker = cfg ? site.prop(cfg.v, "use_docker") : undefined;
    if (docker?.v.k === "bool" && !docker.v.v) b.facts.destructive.push({ loc: docker.loc, op: 'AG2 code_execution_config use_docker=False runs model-written code on this machine' });
    if (cls !== "UserProxyAgent" || kw(site, "max_consecutive_auto_reply")) run(site, b, "autogen", cls, boundOf(site, kw(site, "max_consecutive_auto_reply"), DEFAULTS.ag2MaxAutoReply));
  }
  void last;
}

/** MaxMessageTermination(N) anywhere in a termination condition (`a | MaxMessageTermination(20)`). */
function findMaxMessages(site: CallSite, s: Sym, depth = 0): { bound: Bound; loc: SourceLocation } | undefined {
  // `TextMentionTermination("DONE") | MaxMessageTermination(20)`: the operator combination keeps the call's text.
  const text = /MaxMessageTermination\(\s*(?:max_messages\s*=\s*)?(\d+)\s*\)/.exec(site.show(s));
  if (text) return { bound: { kind: "literal", value: Number(text[1]) }, loc: site.loc };
  const v = site.R(s);
  if (!v || depth > 6) return undefined;
  if (v.k === "call") {
    const q = site.qualify(v.callee);
    const fn = q?.root.k === "import" ? q.root.name : "";
    if (fn === "MaxMessageTermination") {
      const arg = v.args.map((a) => site.R(a)).find((a) => a?.k === "num");
      if (arg?.k === "num") return { bound: { kind: "literal", value: arg.v }, loc: site.loc };
    }
    for (const a of v.args) {
      const found = findMaxMessages(site, a, depth + 1);
      if (found) return found;
    }
  }
  if (v.k === "or") {
    for (const part of v.options) {
      const found = findMaxMessages(site, part, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** TimeoutTermination(seconds) anywhere in a termination condition: the team's wall clock. */
function timeoutTermination(site: CallSite, s: Sym, at: SourceLocation): { ms?: number; loc: SourceLocation } | undefined {
  const m = /TimeoutTermination\(\s*(?:timeout_seconds\s*=\s*)?(\d+(?:\.\d+)?)?/.exec(site.show(s));
  if (!m) return undefined;
  return m[1] ? { ms: Number(m[1]) * 1000, loc: at } : { loc: at };
}

/** A call to `callee` anywhere in a condition, through the values it resolves to. */
function containsCall(site: CallSite, s: Sym, callee: string, depth = 0): boolean {
  if (site.show(s).includes(callee)) return true;
  const v = site.R(s);
  if (!v || depth > 6) return false;
  if (v.k === "call") return site.show(v.callee).endsWith(callee) || v.args.some((a) => containsCall(site, a, callee, depth + 1));
  if (v.k === "or") return v.options.some((o) => containsCall(site, o, callee, depth + 1));
  return false;
}

const locKey = (l: SourceLocation) => `${l.file}:${l.line}:${l.column}`;
