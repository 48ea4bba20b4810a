import { DEFAULTS, defaultBound } from "../defaults.js";
import { addRun, addTool, runOptions, toolNames } from "../common.js";
import { ctorKey, type Builder, type CallSite, type Recognizer } from "../context.js";
import { toBound } from "../values.js";
import { serverMap } from "./mcp.js";
import { opaqueTools, routerModel } from "./shared.js";

/**
 * VoltAgent (`@voltagent/core` 2.x): `new Agent({ model, tools, maxSteps })` is an agent whose runs
 * (`agent.generateText/streamText/generateObject/streamObject`, or the VoltAgent server) stop after
 * maxSteps — 5 by default (source: packages/core/src/agent/agent.ts, `defaultMaxSteps`). Tools come
 * from `createTool({ name, execute, needsApproval })`. Runs are traced by VoltAgent's built-in
 * OpenTelemetry observability. A string model (`"openai/gpt-4o"`) goes through its model router.
 */
const RUNS = new Set(["generateText", "streamText", "generateObject", "streamObject"]);

export const voltagent: Recognizer = {
  packages: ["@voltagent/core"],
  recognize(site, b) {
    const r = site.root!;
    if (!r.instance && site.q.path.length === 0) {
      if (r.name === "Agent" && site.ir.isNew) return agent(site, b);
      // `new MCPConfiguration({ servers: { exa: { type: "stdio", command, args } | { type: "http", url } } })`.
      // `new Memory({ embedding: "openai/text-embedding-3-small" })`: semantic memory embeds every message through the model router.
      if (r.name === "Memory" && site.ir.isNew) return routerModel(site, b, "voltagent", "VoltAgent model router", site.arg(0), "embedding");
      if (r.name === "MCPConfiguration" && site.ir.isNew) return serverMap(site, b, site.prop(site.arg(0), "servers")?.v, "MCPConfiguration");
      if (r.name === "createTool" || (r.name === "Tool" && site.ir.isNew)) {
        const opts = site.arg(0);
        const name = site.prop(opts, "name");
        const appr = site.prop(opts, "needsApproval");
        addTool(b, site, { framework: "voltagent", ...(name?.v.k === "str" ? { name: name.v.v } : {}), ...(appr ? { approval: appr } : {}), body: site.prop(opts, "execute")?.v });
      }
      return;
    }
    // agent.generateText(input, { maxSteps, abortSignal }) on an Agent constructed in the project.
    if (r.instance && r.call && r.name === "Agent" && RUNS.has(site.method)) {
      const idx = b.agentByCtor.get(ctorKey(r.call));
      const opts = site.arg(1);
      const ro = runOptions(site, opts, b);
      const ms = site.prop(opts, "maxSteps");
      if (idx !== undefined) {
        const run = b.facts.agentRuns[idx]!;
        run.signal ||= ro.signal;
        if (ro.timeout) run.timeout ??= ro.timeout;
        const bound = ms ? toBound(ms.v) : undefined;
        if (bound && ms) Object.assign(run, { bound, boundLoc: ms.loc });
      }
      b.markAction(site, ro.signal);
    }
  },
};

function agent(site: CallSite, b: Builder): void {
  const opts = site.arg(0);
  const ms = site.prop(opts, "maxSteps");
  const bound = (ms ? toBound(ms.v) : undefined) ?? defaultBound(DEFAULTS.voltagentMaxSteps);
  const raw = site.prop(opts, "tools")?.v;
  const opaque = opaqueTools(site, opts);
  const idx = addRun(b, site, {
    framework: "voltagent",
    api: "new Agent (VoltAgent)",
    bound,
    ...(ms ? { boundLoc: ms.loc } : {}),
    signal: false,
    // VoltAgent's observability records an OpenTelemetry span for every run and tool call.
    telemetry: true,
    tools: toolNames(site, raw, b),
    ...(opaque.length ? { opaqueTools: opaque } : {}),
  });
  b.agentByCtor.set(ctorKey(site.ir), idx);
  const m = site.prop(opts, "model");
  if (m?.v.k === "str") routerModel(site, b, "voltagent", "VoltAgent model router");
}
