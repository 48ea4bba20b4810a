import { durationSeconds } from "../manifest/duration.js";
import { defineControl, fail, type ControlDefinition, type RawFinding } from "./types.js";
import { withSourceHalf } from "./source/index.js";

const MAX_PAUSE_INTERVAL_S = 60;
const NEEDS_APPROVAL = new Set(["write", "destructive", "spend"]);

export const oocControls: ControlDefinition[] = [
  defineControl({
    id: "OOC-01",
    evaluate({ manifest }) {
      const cps = manifest.oversight?.checkpoints ?? [];
      const at = ["oversight", "checkpoints"];
      const findings: RawFinding[] = [];
      const want = [
        { trigger: "budget_percent", param: "at", example: "{ trigger: budget_percent, at: 50, action: pause_for_approval }" },
        { trigger: "call_volume", param: "calls", example: "{ trigger: call_volume, calls: 500, window: 1h, action: pause_for_approval }" },
        { trigger: "elapsed", param: "every", example: "{ trigger: elapsed, every: 2h, action: report }" },
      ] as const;
      for (const w of want) {
        const idx = cps.findIndex((c) => c.trigger === w.trigger);
        const cp = cps[idx];
        if (!cp) {
          findings.push(fail(`no ${w.trigger} checkpoint`, at, `add to oversight.checkpoints: - ${w.example}`));
          continue;
        }
        if (cp[w.param] === undefined) findings.push(fail(`the ${w.trigger} checkpoint has no \`${w.param}\``, ["oversight", "checkpoints", idx], `write it as ${w.example}`));
        if (w.trigger === "call_volume" && cp.window === undefined) findings.push(fail("the call_volume checkpoint has no `window`", ["oversight", "checkpoints", idx], `write it as ${w.example}`));
        if (w.trigger === "budget_percent" && cp.at !== undefined && cp.at > 100) findings.push(fail(`the budget_percent checkpoint is at ${cp.at}%, past the ceiling`, ["oversight", "checkpoints", idx, "at"], "pause before the ceiling, e.g. at: 50"));
        if (!cp.action) findings.push(fail(`the ${w.trigger} checkpoint has no action`, ["oversight", "checkpoints", idx], "add action: pause_for_approval (or report)"));
      }
      return { findings };
    },
  }),
  defineControl({
    id: "OOC-02",
    evaluate(ctx) {
      const ps = ctx.manifest.oversight?.pause_signal;
      const findings: RawFinding[] = [];
      if (!ps) {
        findings.push(fail("no pause signal is declared: an operator cannot pause a running agent", ["oversight", "pause_signal"], "add oversight.pause_signal: { mechanism: poll, interval: 30s }"));
      } else {
        if (!ps.mechanism) findings.push(fail("the pause signal has no mechanism", ["oversight", "pause_signal", "mechanism"], "set mechanism: poll (or push)"));
        const s = durationSeconds(ps.interval);
        if (ps.mechanism !== "push" && s === undefined) findings.push(fail("the pause signal has no polling interval", ["oversight", "pause_signal", "interval"], "set interval: 30s (at most 60s)"));
        if (s !== undefined && s > MAX_PAUSE_INTERVAL_S) findings.push(fail(`the pause signal is polled every ${ps.interval}; a pause must take effect within 60s`, ["oversight", "pause_signal", "interval"], "set interval: 30s (at most 60s)"));
      }
      return withSourceHalf("OOC-02", ctx, findings);
    },
  }),
  defineControl({
    id: "OOC-03",
    evaluate(ctx) {
      const tools = ctx.manifest.boundaries?.tools ?? [];
      const findings: RawFinding[] = [];
      tools.forEach((t, i) => {
        if (NEEDS_APPROVAL.has(t.access) && t.requires_approval !== true) {
          findings.push(fail(`tool ${t.name} has ${t.access} access but does not require approval`, ["boundaries", "tools", i], `add requires_approval: true to ${t.name}, and wire the approval in code`));
        }
      });
      return withSourceHalf("OOC-03", ctx, findings);
    },
  }),
  defineControl({
    id: "OOC-04",
    evaluate({ manifest }) {
      const o = manifest.oversight;
      const findings: RawFinding[] = [];
      if (!o?.approvers?.length) findings.push(fail("no approvers are named: nobody can approve a paused run", ["oversight", "approvers"], "add oversight.approvers: [bob@example.net]"));
      if (!o?.notify?.length) findings.push(fail("no notify channel is declared: nobody hears that a run paused", ["oversight", "notify"], "add oversight.notify: [\"slack:#agent-ops\"]"));
      return { findings };
    },
  }),
];
