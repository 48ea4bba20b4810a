import { DEFAULTS } from "../defaults.js";
import { addClient, addRun, addTool } from "../common.js";
import type { Builder, CallSite, Recognizer } from "../context.js";
import { toBound } from "../values.js";

/**
 * Inngest AgentKit (`@inngest/agent-kit` 0.13): `createNetwork({ agents, maxIter })` runs agents in a
 * loop until the router stops or maxIter calls are made — maxIter 0 or absent is no limit
 * (packages/agent-kit/src/network.ts: `this.maxIter === 0 || this._counter < this.maxIter`).
 * `agent.run(input)` alone is one inference and its tool calls. `createTool({ name, handler })`.
 * The model adapters (`openai()`, `anthropic()`, `gemini()`, `grok()`) call the provider's host
 * unless given `baseUrl`; they do not read OPENAI_BASE_URL.
 */
const ADAPTERS: Record<string, string> = { openai: "openai", anthropic: "anthropic", gemini: "gemini", grok: "grok" };

export const agentKit: Recognizer = {
  packages: ["@inngest/agent-kit", "@inngest/ai"],
  // `inngest` itself: its step tools (waitForEvent) and functions (cancelOn, timeouts) wrap AgentKit networks.
  alsoReads: (m) => m === "inngest",
  recognize(site, b) {
    const r = site.root!;
    // `inngest` re-exports the same model adapters (`import { openai } from "inngest"`).
    if (r.module === "inngest" && (r.instance || !ADAPTERS[r.name])) return inngestFunction(site, b);
    if (r.instance || site.q.path.length !== 0) return;
    if (r.name === "createNetwork") return network(site, b);
    if (r.name === "createTool") {
      const opts = site.arg(0);
      const name = site.prop(opts, "name");
      addTool(b, site, { framework: "agent-kit", ...(name?.v.k === "str" ? { name: name.v.v } : {}), body: site.prop(opts, "handler")?.v });
      return;
    }
    const provider = ADAPTERS[r.name];
    if (provider) {
      const opts = site.arg(0);
      const base = site.prop(opts, "baseUrl") ?? site.prop(opts, "baseURL");
      const key = site.prop(opts, "apiKey");
      addClient(b, site, { framework: "agent-kit", provider, api: `${r.name}() (AgentKit model adapter)`, defaultsFrom: `${provider}-direct`, ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(key ? { apiKey: key.v } : {}) });
    }
  },
};

function network(site: CallSite, b: Builder): void {
  const opts = site.arg(0);
  const mi = site.prop(opts, "maxIter");
  const given = mi ? toBound(mi.v) : undefined;
  const zero = !mi || (given?.kind === "literal" && given.value <= 0);
  const bound = zero ? { kind: "unbounded" as const, reason: mi ? "maxIter: 0 means no limit" : `no maxIter: ${DEFAULTS.agentKitNetworkMaxIter.source}` } : given ?? { kind: "dynamic" as const, text: "maxIter", reason: "decided at run time" };
  // The network's agents carry the tools (createAgent({ tools })), recorded where createTool makes them.
  addRun(b, site, { framework: "agent-kit", api: "createNetwork (AgentKit)", bound, ...(mi ? { boundLoc: mi.loc } : {}), signal: false, telemetry: false, tools: [] });
}

/**
 * `inngest.createFunction({ id, cancelOn: [{ event }], timeouts: { finish: "30m" } }, trigger, handler)`:
 * Inngest cancels the function (and the network running in it) on an event and stops it at the
 * finish timeout — the pause and the wall clock, both outside the agent.
 */
function inngestFunction(site: CallSite, b: Builder): void {
  const r = site.root!;
  if (!r.instance || r.name !== "Inngest" || site.method !== "createFunction") return;
  const opts = site.arg(0);
  b.inngestControls.fn ??= site.loc;
  const cancel = site.prop(opts, "cancelOn");
  if (cancel) {
    b.inngestControls.cancelOn = cancel.loc;
  }
  const finish = site.prop(site.prop(opts, "timeouts")?.v, "finish");
  if (finish) {
    const text = finish.v.k === "str" ? finish.v.v : undefined;
    const m = text ? /^(\d+)\s*(ms|s|m|h|d)$/.exec(text) : null;
    const ms = m ? Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const)[m[2] as "ms"] : undefined;
    b.inngestControls.timeout = { ...(ms !== undefined ? { ms } : {}), loc: finish.loc };
    b.facts.timeouts.push({ loc: finish.loc, kind: "timeout-option", ...(ms !== undefined ? { ms } : {}), note: "Inngest function timeouts.finish" });
  }
}
