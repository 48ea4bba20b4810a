import { DEFAULTS, defaultBound } from "../defaults.js";
import { addRun, addTool, runOptions } from "../common.js";
import { ctorKey, type Recognizer } from "../context.js";
import { toBound } from "../values.js";

/**
 * Mastra (`@mastra/core*`): Agent runs via agent.generate/stream (maxSteps, per call or in
 * defaultGenerateOptions), createTool({ id, requireApproval }), telemetry on the Mastra instance.
 */
export const mastra: Recognizer = {
  matches: (m) => m === "@mastra/core" || m.startsWith("@mastra/core/") || m === "@mastra/observability",
  recognize(site, b) {
    const r = site.root!;
    if (!r.instance && site.q.path.length === 0) {
      if (r.name === "createTool" || (r.name === "Tool" && site.ir.isNew)) {
        const opts = site.arg(0);
        const id = site.prop(opts, "id");
        const appr = site.prop(opts, "requireApproval") ?? site.prop(opts, "needsApproval");
        addTool(b, site, { framework: "mastra", ...(id?.v.k === "str" ? { name: id.v.v } : {}), ...(appr ? { approval: appr } : {}), body: site.prop(opts, "execute")?.v });
        return;
      }
      if (r.name === "Mastra" && site.ir.isNew) {
        const opts = site.arg(0);
        const t = site.prop(opts, "telemetry");
        const en = t && site.prop(t.v, "enabled");
        if ((t && !(en && en.v.k === "bool" && !en.v.v)) || site.prop(opts, "observability")) b.mastraTelemetry = true;
        return;
      }
      return;
    }
    if (!r.instance || !r.call) return;
    if (site.method !== "generate" && site.method !== "stream" && site.method !== "generateVNext" && site.method !== "streamVNext") return;
    // agent.generate(messages, { maxSteps }); the Agent's defaultGenerateOptions.maxSteps otherwise.
    const opts = site.arg(1);
    const ms = site.prop(opts, "maxSteps");
    let bound = ms ? toBound(ms.v) : undefined;
    let boundLoc = ms?.loc;
    if (!bound && r.name === "Agent" && r.call.isNew) {
      const defaults = site.prop(r.call.args[0], "defaultGenerateOptions") ?? site.prop(r.call.args[0], "defaultOptions");
      const dm = defaults && site.prop(defaults.v, "maxSteps");
      if (dm) {
        bound = toBound(dm.v);
        boundLoc = dm.loc;
      }
    }
    const ro = runOptions(site, opts, b);
    void ctorKey;
    addRun(b, site, { framework: "mastra", api: `Agent.${site.method}`, bound: bound ?? defaultBound(DEFAULTS.mastraMaxSteps), ...(boundLoc ? { boundLoc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry: false, tools: [] });
  },
};
