import { describe, expect, it } from "vitest";
import { evaluateControl, describeFinding } from "./tester.js";
import { worstCaseSpend } from "../../src/controls/spend-bound.js";
import type { Manifest } from "../../src/manifest/types.js";

const bounded = { "src/agent.ts": `import { run } from "@openai/agents";\nawait run(agent, "x", { maxTurns: 10 });\n` };

describe("ABC-03: the stated end condition is for the reviewer, the machine bound decides", () => {
  const cases = [
    { name: "max_steps and a bounded run, no boundaries.termination: warn, not fail", yaml: "boundaries:\n  limits: { max_steps: 20 }\n", status: "warn", says: /no termination condition is stated/, at: "psf.yaml:5" },
    { name: "both stated and the run bounded: pass", yaml: "boundaries:\n  limits: { max_steps: 20 }\n  termination: [\"the scan queue is empty, or max_steps reached\"]\n", status: "pass" },
    { name: "no max_steps still fails whatever the termination text", yaml: "boundaries:\n  termination: [\"the queue is empty\"]\n", status: "fail", says: /max_steps is not declared/ },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      const r = evaluateControl("ABC-03", { yaml: c.yaml, files: bounded });
      expect(r.status, describeFinding(r)).toBe(c.status);
      if ("says" in c) expect(describeFinding(r)).toMatch(c.says);
      if ("at" in c) expect(`${r.findings[0]!.file}:${r.findings[0]!.line}`).toBe(c.at);
    });
  }
});

describe("RSG-06: the in-flight overshoot is added only when the ceiling is the binding term", () => {
  const m = (calls: number): Manifest => ({
    psf: 1, deployment: { name: "t", owner: "o@example.net" },
    spend: {
      ceiling: { amount: 200, currency: "USD", period: "30d" },
      enforcement: { layer: "gateway", on_exceed: "suspend", gateway: { kind: "litellm", url: "http://gw:4000" } },
      cost_model: { max_cost_per_call: { amount: 0.06, currency: "USD" } },
    },
    boundaries: { limits: { max_concurrency: 4, rate: { calls, per: "1h", enforced_by: "gateway" } } },
  } as unknown as Manifest);
  const cases = [
    // 10 calls/h × 72 h × 0.06 = 43.20 USD < 200 USD: the rate binds; a rate counts calls at admission, so nothing is added.
    { name: "the rate binds: no overshoot", calls: 10, amount: 43.2, inflight: false },
    // 1000 calls/h × 72 h × 0.06 = 4320 USD > 200 USD: the ceiling binds; 4 workers × 0.06 can be in flight past it.
    { name: "the ceiling binds: one in-flight call per worker", calls: 1000, amount: 200.24, inflight: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const b = worstCaseSpend(m(c.calls));
      expect(b.amount).toBe(c.amount);
      expect(b.derivation.includes("in-flight")).toBe(c.inflight);
    });
  }
});
