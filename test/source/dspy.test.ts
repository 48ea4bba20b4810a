// DSPy projects assessed whole: the controls that read its modules, LM clients, tools and tracing.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { MINIMAL, project } from "../helpers.js";
import { expectControlCase, controlIn } from "./helpers.js";

const GATEWAY = `spend:\n  ceiling: { amount: 50, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { kind: litellm, url: "http://llm-gateway.internal:4000", url_env: LLM_GATEWAY_URL, key_env: LLM_GATEWAY_KEY }\n`;
const BOUNDARIES = `boundaries:\n  endpoints:\n    allow: ["http://llm-gateway.internal:4000"]\n  tools:\n    - { name: void_invoice, access: write, requires_approval: true }\n  limits:\n    max_steps: 12\n`;
const MANIFEST = `${MINIMAL}${GATEWAY}${BOUNDARIES}`;
const HEAD = `import os\nimport dspy\n`;

async function assessed(code: string, manifest = MANIFEST, extra: Record<string, string> = {}) {
  const dir = project({ "psf.yaml": manifest, "agent.py": HEAD + code, ...extra });
  return (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
}
const control = (code: string, id: string) => controlIn({ "psf.yaml": MANIFEST, "agent.py": HEAD + code }, id);

const VOID = `def void_invoice(invoice_id: str) -> str:\n    return invoice_id\n`;

describe("DSPy: each control reads the construct it is about", () => {
  it.each([
    // [what, code (from line 3), control, level or "pass", line, text in the message (for a pass: in the control's note, so it saw the construct)]
    ["ReAct with no max_iters relies on the default 20, above max_steps 12", `agent = dspy.ReAct("q -> a", tools=[])\n`, "ABC-03", "fail", 3, "max_iters = 20"],
    ["ReAct(max_iters=10) within max_steps 12", `agent = dspy.ReAct("q -> a", tools=[], max_iters=10)\n`, "ABC-03", "pass", 0, "1 agent run"],
    ["a call that raises max_iters past max_steps", `agent = dspy.ReAct("q -> a", tools=[], max_iters=10)\nagent(q="x", max_iters=30)\n`, "ABC-03", "fail", 4, "bound 30"],
    ["dspy.LM with no api_base calls the provider", `lm = dspy.LM("openai/gpt-4o-mini")\n`, "RSG-04", "fail", 3, 'dspy.LM("openai/gpt-4o-mini") (openai)'],
    ["dspy.LM whose model is chosen at run time", `def make(model):\n    return dspy.LM(model)\n`, "RSG-04", "warn", 4, "picks its provider at run time"],
    ["dspy.LM on the gateway", `lm = dspy.LM("openai/gpt-4o-mini", api_base=os.environ["LLM_GATEWAY_URL"], api_key=os.environ["LLM_GATEWAY_KEY"])\n`, "RSG-04", "pass", 0, "1 model client"],
    ["a function tool declared write, with no approval: the finding is on the function", `${VOID}agent = dspy.ReAct("q -> a", tools=[void_invoice], max_iters=5)\n`, "OOC-03", "fail", 3, "tool void_invoice (declared access write) has no approval wiring"],
    ["the same tool asking a person in its body", `from ops.approvals import require_approval\ndef void_invoice(invoice_id: str) -> str:\n    if not require_approval("void_invoice", {"invoice_id": invoice_id}):\n        return "not approved"\n    return invoice_id\nagent = dspy.ReAct("q -> a", tools=[void_invoice], max_iters=5)\n`, "OOC-03", "pass", 0, "1 approval site"],
    ["a ReAct with no way to stop it", `agent = dspy.ReAct("q -> a", tools=[], max_iters=5)\n`, "OOC-02", "fail", 3, "ReAct runs an agent loop with no pause or cancel signal"],
    ["the run as a task cancelled on pause", `import asyncio\nagent = dspy.ReAct("q -> a", tools=[], max_iters=5)\nasync def go(q, paused):\n    task = asyncio.create_task(agent.acall(q=q))\n    if paused.is_set():\n        task.cancel()\n    return await task\n`, "OOC-02", "pass", 0, "1 multi-step agent run"],
    ["an untraced ReAct", `agent = dspy.ReAct("q -> a", tools=[], max_iters=5)\n`, "IAA-04", "fail", 3, "agent run ReAct is not covered"],
    ["a ReAct traced by mlflow.dspy.autolog()", `import mlflow\nmlflow.dspy.autolog()\nagent = dspy.ReAct("q -> a", tools=[], max_iters=5)\n`, "IAA-04", "pass", 0, "1 agent run"],
    ["a sandbox that may write host files, outside any tool", `box = dspy.PythonInterpreter(enable_write_paths=["/srv/reports"])\n`, "ABC-08", "fail", 3, "enable_write_paths"],
    ["a ColBERTv2 server off the allowlist", `search = dspy.ColBERTv2(url="http://20.102.90.50:2017/wiki17_abstracts")\n`, "ABC-02", "fail", 3, "http://20.102.90.50:2017/wiki17_abstracts"],
  ] as const)("%s: %s", async (_what, code, id, level, line, text) => {
    expectControlCase(await control(code, id), level, line, text);
  });
});

describe("DSPy: each fix is written for DSPy", () => {
  it.each([
    ["a ReAct with the default max_iters", `agent = dspy.ReAct("q -> a", tools=[])\n`, "ABC-03", "pass `max_iters=12` to dspy.ReAct(…) (DSPy's own default is 20)"],
    ["an RLM above the limit", `rlm = dspy.RLM("context, query -> answer", max_iters=50)\n`, "ABC-03", "`max_iterations=12` on dspy 3.1.1–3.3.1"],
    ["a call that passes its own max_iters", `agent = dspy.ReAct("q -> a", tools=[], max_iters=10)\nagent(q="x", max_iters=30)\n`, "ABC-03", "pass `max_iters=12` to this call"],
    ["dspy.LM going around the gateway", `lm = dspy.LM("anthropic/claude-sonnet-4-5")\n`, "RSG-04", "api_base="],
    ["a write tool with no approval", `${VOID}agent = dspy.ReAct("q -> a", tools=[void_invoice], max_iters=5)\n`, "OOC-03", "DSPy has no approval step"],
    ["a run with no stop", `agent = dspy.ReAct("q -> a", tools=[], max_iters=5)\n`, "OOC-02", "asyncio.create_task(react.acall(…))"],
    ["an untraced run", `agent = dspy.ReAct("q -> a", tools=[], max_iters=5)\n`, "IAA-04", "mlflow.dspy.autolog()"],
    ["an untraced ChainOfThought call", `cot = dspy.ChainOfThought("q -> a")\ncot(q="x")\n`, "IAA-04", "trace DSPy's LM calls: `mlflow.dspy.autolog()`"],
  ] as const)("%s: %s", async (_what, code, id, fix) => {
    const { findings } = await control(code, id);
    expect(findings.map((f) => f.fix).join("\n")).toContain(fix);
  });
});

describe("DSPy: ReAct's default max_iters by the version the project pins", () => {
  it.each([
    ["dspy==2.6.27\n", "pass", 5],
    ["dspy==3.0.4\n", "warn", 10],
    ["dspy-ai==2.6.27\ndspy==3.1.0\n", "warn", 10],
    ["dspy==3.3.1\n", "fail", 20],
    ["dspy>=2.5\n", "fail", 20],
  ] as const)("requirements.txt %j → ABC-03 %s (default %i)", async (pin, level, value) => {
    const r = await assessed(`agent = dspy.ReAct("q -> a", tools=[])\n`, `${MINIMAL}boundaries:\n  limits:\n    max_steps: 12\n`, { "requirements.txt": pin });
    const f = r.controls.find((c) => c.id === "ABC-03")!.findings.find((x) => x.file === "agent.py");
    if (level === "pass") {
      // A bound of 5 within max_steps 12: a default, so still named as one, but not a failure.
      expect(f === undefined || f.level === "warn").toBe(true);
      if (f) expect(f.message).toContain(`max_iters = ${value}`);
      return;
    }
    expect(f!.level).toBe(level);
    expect(f!.message).toContain(`max_iters = ${value}`);
  });
});
