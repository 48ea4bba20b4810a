// Strands Agents projects assessed whole: the controls that read its runs, model clients, tools and approvals.
import path from "node:path";
import { controlIn } from "./helpers.js";
import { describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { MINIMAL, project } from "../helpers.js";

const GATEWAY = `spend:\n  ceiling: { amount: 50, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { kind: litellm, url: "http://llm-gateway.internal:4000", url_env: LLM_GATEWAY_URL, key_env: LLM_GATEWAY_KEY }\n`;
const BOUNDARIES = `boundaries:\n  endpoints:\n    allow: ["http://llm-gateway.internal:4000"]\n  tools:\n    - { name: close_ticket, access: destructive, requires_approval: true }\n  limits:\n    max_steps: 12\n`;
const MANIFEST = `${MINIMAL}${GATEWAY}${BOUNDARIES}`;
// Line 3 builds the gateway model the agents below use: the code under test starts on line 4.
const HEAD = `import os\nfrom strands import Agent, tool\nfrom strands.models.openai import OpenAIModel; model = OpenAIModel(client_args={"base_url": os.environ["LLM_GATEWAY_URL"], "api_key": os.environ["LLM_GATEWAY_KEY"]}, model_id="gpt-4o")\n`;

const control = (code: string, id: string) => controlIn({ "psf.yaml": MANIFEST, "agent.py": HEAD + code }, id);

describe("Strands: each control reads the construct it is about", () => {
  it.each([
    // [what, code (from line 4), control, level or "pass", line, text in the message (for a pass: in the control's note, so it saw the construct)]
    ["a call of the agent with no limits runs until the model stops", `agent = Agent(model=model)\nagent("t")\n`, "ABC-03", "fail", 5, "no limits={\"turns\": N}"],
    ["limits={'turns': 10} within max_steps 12", `agent = Agent(model=model)\nagent("t", limits={"turns": 10})\n`, "ABC-03", "pass", 0, "1 agent run"],
    ["limits={'turns': 30} above max_steps 12", `agent = Agent(model=model)\nagent("t", limits={"turns": 30})\n`, "ABC-03", "fail", 5, "bound 30"],
    ["a run whose agent is cancelled by the pause poller", `agent = Agent(model=model)\ndef on_pause():\n    agent.cancel()\nagent("t", limits={"turns": 5})\n`, "OOC-02", "pass", 0, "1 multi-step agent run"],
    ["a run nothing can cancel", `agent = Agent(model=model)\nagent("t", limits={"turns": 5})\n`, "OOC-02", "fail", 5, "no pause or cancel signal"],
    ["Agent() with no model calls Bedrock directly", `agent = Agent()\n`, "RSG-04", "fail", 4, "default BedrockModel()"],
    ["OpenAIModel on the gateway", `agent = Agent(model=model)\n`, "RSG-04", "pass", 0, "1 model client"],
    ["a declared destructive @tool with no approval", `@tool\ndef close_ticket(t: str) -> str:\n    return t\n`, "OOC-03", "fail", 4, "tool close_ticket (declared access destructive) has no approval wiring"],
    ["the same tool calling tool_context.interrupt first", `@tool(context=True)\ndef close_ticket(t: str, tool_context) -> str:\n    if tool_context.interrupt("approve-close", reason=t) != "yes":\n        return "refused"\n    return t\n`, "OOC-03", "pass", 0, "1 approval site"],
    ["the same tool held by a BeforeToolCallEvent hook that interrupts", `from strands.hooks import BeforeToolCallEvent\n@tool\ndef close_ticket(t: str) -> str:\n    return t\ndef ask(event: BeforeToolCallEvent):\n    event.interrupt("approve", reason=event.tool_use)\nagent = Agent(model=model, tools=[close_ticket])\nagent.hooks.add_callback(BeforeToolCallEvent, ask)\n`, "OOC-03", "pass", 0, "approval site"],
    ["strands_tools shell given to the agent, not declared", `from strands_tools import shell\nagent = Agent(model=model, tools=[shell])\n`, "ABC-08", "fail", 5, "strands_tools shell (runs shell commands on this machine) runs in tool shell, which boundaries.tools does not declare"],
    ["Strands' spans exported with StrandsTelemetry", `from strands.telemetry import StrandsTelemetry\nStrandsTelemetry().setup_otlp_exporter()\nagent = Agent(model=model)\nagent("t", limits={"turns": 5})\n`, "IAA-04", "pass", 0, "1 agent run"],
  ] as const)("%s: %s", async (_what, code, id, level, line, text) => {
    const { findings: f, notes } = await control(code, id);
    if (level === "pass") {
      expect(f.filter((x) => x.level === "fail" || x.level === "warn"), JSON.stringify(f)).toEqual([]);
      return expect(notes.join(" "), JSON.stringify(notes)).toContain(text);
    }
    const hit = f.find((x) => x.level === level && x.message.includes(text));
    expect(hit, JSON.stringify(f)).toBeDefined();
    expect(hit!.line).toBe(line);
  });
});

describe("Strands: each fix is written for Strands", () => {
  it.each([
    ["a run with no limits", `agent = Agent()\nagent("t")\n`, "ABC-03", 'pass `limits={"turns": 12}` to the call'],
    ["a Swarm", `from strands.multiagent import Swarm\nswarm = Swarm([a, b], max_iterations=50)\nswarm("t")\n`, "ABC-03", "bound each node agent's turns"],
    ["a run with no stop signal", `agent = Agent()\nagent("t", limits={"turns": 5})\n`, "OOC-02", "call `agent.cancel()` from the pause poller"],
    ["a tool with no approval", `@tool\ndef close_ticket(t: str) -> str:\n    return t\n`, "OOC-03", 'event.interrupt("approve-close_ticket", reason=…)'],
    ["BedrockModel going around the gateway", `from strands.models import BedrockModel\nm = BedrockModel(model_id="x")\n`, "RSG-04", 'endpoint_url=os.environ["LLM_GATEWAY_URL"]'],
    ["AnthropicModel going around the gateway", `from strands.models.anthropic import AnthropicModel\nm = AnthropicModel(model_id="claude", max_tokens=100)\n`, "RSG-04", 'client_args={"base_url": os.environ["LLM_GATEWAY_URL"]}'],
    ["a run with no tracing", `agent = Agent()\nagent("t", limits={"turns": 5})\n`, "IAA-04", "StrandsTelemetry().setup_otlp_exporter()"],
  ] as const)("%s: %s", async (_what, code, id, fix) => {
    const { findings } = await control(code, id);
    expect(findings.map((f) => f.fix).join("\n")).toContain(fix);
  });
});

describe("Strands is read: no control says it is not", () => {
  it("an agent on strands-agents gets no 'not recognize' finding", async () => {
    const dir = project({ "psf.yaml": MANIFEST, "agent.py": `${HEAD}from strands_tools import file_read\nagent = Agent(tools=[file_read])\nagent("t")\n`, "requirements.txt": "strands-agents==1.40.0\nstrands-agents-tools==0.8.6\n" });
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    const all = r.controls.flatMap((c) => c.findings.map((f) => f.message));
    expect(all.filter((m) => /not recognize|not examined/.test(m))).toEqual([]);
    expect(r.coverage.packages.filter((p) => /strands/.test(p.name)).map((p) => [p.name, p.recognized])).toEqual([["strands-agents", true], ["strands-agents-tools", true]]);
  });
});

describe("Strands for TypeScript: the fixes name its own options", () => {
  const AGENT = 'import { Agent } from "@strands-agents/sdk";\nimport { OpenAIModel } from "@strands-agents/sdk/models/openai";\nconst model = new OpenAIModel({ modelId: "gpt-4o", apiKey: process.env.LLM_GATEWAY_KEY, clientConfig: { baseURL: process.env.LLM_GATEWAY_URL } });\nconst agent = new Agent({ model, tools: [] });\nexport const answer = (q: string) => agent.invoke(q);\n';
  it.each([
    ["ABC-03", "pass `{ limits: { turns: 12 } }` to agent.invoke/stream"],
    ["OOC-02", "pass `{ cancelSignal: pause.signal }` to agent.invoke/stream"],
    ["IAA-04", "`setupTracer({ exporters: { otlp: true } })` from @strands-agents/sdk/telemetry"],
  ] as const)("%s: %s", async (id, fix) => {
    const dir = project({ "psf.yaml": MANIFEST, "package.json": JSON.stringify({ name: "a", type: "module", dependencies: { "@strands-agents/sdk": "1.3.0" } }), "src/agent.ts": AGENT });
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    const c = r.controls.find((x) => x.id === id)!;
    const hit = c.findings.find((f) => f.file === "src/agent.ts" && f.line === 5);
    expect(hit?.fix, JSON.stringify(c.findings)).toContain(fix);
    expect(r.controls.find((x) => x.id === "RSG-04")!.status).toBe("pass");
    expect(r.coverage.packages.find((p) => p.name === "@strands-agents/sdk")?.recognized).toBe(true);
  });
});

describe("Strands for TypeScript: a tool that interrupts for a person's answer", () => {
  // close_ticket is declared destructive with requires_approval (BOUNDARIES above).
  const tool = (body: string) => `import { Agent, tool } from "@strands-agents/sdk";\nexport const closeTicket = tool({\n  name: "close_ticket",\n  description: "close a ticket",\n  callback: async (input: { id: string }, context: any) => {\n${body}    return input.id;\n  },\n});\nconst agent = new Agent({ tools: [closeTicket] });\nexport const answer = (q: string) => agent.invoke(q, { limits: { turns: 5 } });\n`;
  it.each([
    { name: "context.interrupt(…) before it acts is its approval", body: `    const answer = context.interrupt({ name: "approve-close", reason: input.id });\n    if (answer !== "yes") return "declined";\n`, fails: false },
    { name: "without it, OOC-03 fails the tool", body: "", fails: true },
  ])("$name", async ({ body, fails }) => {
    const dir = project({ "psf.yaml": MANIFEST, "package.json": JSON.stringify({ name: "a", type: "module", dependencies: { "@strands-agents/sdk": "1.3.0" } }), "src/agent.ts": tool(body) });
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    const f = r.controls.find((x) => x.id === "OOC-03")!.findings.filter((x) => x.message.includes("close_ticket"));
    expect(f.map((x) => x.level), JSON.stringify(f)).toEqual(fails ? ["fail"] : []);
  });
});

describe("Strands built-in tools: what they do, and the approval fix for them", () => {
  it("strands_tools shell with BYPASS_TOOL_CONSENT set: OOC-03 fails it as a built-in and names the hook or the consent", async () => {
    const { findings } = await control(`from strands_tools import shell\nos.environ["BYPASS_TOOL_CONSENT"] = "true"\nagent = Agent(model=model, tools=[shell])\n`, "OOC-03");
    const f = findings.find((x) => x.message.startsWith("tool shell (a strands_tools built-in the agent is given)"));
    expect(f, JSON.stringify(findings)).toBeDefined();
    expect(f!.fix).toContain("stop setting BYPASS_TOOL_CONSENT");
    expect(f!.fix).toContain('event.interrupt("approve-shell"');
  });
  it("strands_tools shell with its consent prompt on: OOC-03 warns that a terminal y/n is approval only with a person at the console", async () => {
    const { findings } = await control(`from strands_tools import shell\nagent = Agent(model=model, tools=[shell])\n`, "OOC-03");
    const f = findings.find((x) => x.message.includes("is approved only as far as the source shows"));
    expect(f, JSON.stringify(findings)).toBeDefined();
    expect(f!.level).toBe("warn");
    expect(f!.message).toContain("BYPASS_TOOL_CONSENT unset");
    expect(f!.fix).toContain("BeforeToolCallEvent hook");
  });
  it("the TypeScript SDK's vended bash: ABC-08 fails it undeclared, OOC-03 fails it with no approval, fixed by a BeforeToolCallEvent hook", async () => {
    const code = 'import { Agent } from "@strands-agents/sdk";\nimport { bash } from "@strands-agents/sdk/vended-tools/bash";\nconst agent = new Agent({ tools: [bash] });\nexport const go = (q: string) => agent.invoke(q, { limits: { turns: 5 } });\n';
    const dir = project({ "psf.yaml": MANIFEST, "package.json": JSON.stringify({ name: "a", type: "module", dependencies: { "@strands-agents/sdk": "1.3.0" } }), "src/agent.ts": code });
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    const abc08 = r.controls.find((x) => x.id === "ABC-08")!.findings.find((f) => f.file === "src/agent.ts");
    expect(abc08?.message).toContain("vended bash (runs shell commands on this machine, with no sandbox) runs in tool bash");
    const ooc03 = r.controls.find((x) => x.id === "OOC-03")!.findings.find((f) => f.file === "src/agent.ts");
    expect(ooc03?.fix).toContain('event.toolUse.name === "bash"');
  });
});
