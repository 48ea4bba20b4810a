// Microsoft Agent Framework projects assessed whole: the controls that read its agents, workflows, clients and tools.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { detectProject } from "../../src/init/detect.js";
import { MINIMAL, project } from "../helpers.js";
import { expectControlCase, controlIn } from "./helpers.js";

const GATEWAY = `spend:\n  ceiling: { amount: 50, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { kind: litellm, url: "http://llm-gateway.internal:4000", url_env: LLM_GATEWAY_URL, key_env: LLM_GATEWAY_KEY }\n`;
const BOUNDARIES = `boundaries:\n  endpoints:\n    allow: ["http://llm-gateway.internal:4000"]\n  tools:\n    - { name: close_ticket, access: destructive, requires_approval: true }\n    - { name: run_shell, access: destructive, requires_approval: true }\n  limits:\n    max_steps: 20\n`;
const MANIFEST = `${MINIMAL}${GATEWAY}${BOUNDARIES}`;
const HEAD = `import os\nfrom agent_framework import Agent, tool\nfrom agent_framework.openai import OpenAIChatClient\n`;
const GW = (extra = "") => `OpenAIChatClient(base_url=os.environ["LLM_GATEWAY_URL"], api_key=os.environ["LLM_GATEWAY_KEY"]${extra})`;
const BOUNDED = GW(`, function_invocation_configuration={"max_iterations": 10}`);

const control = (code: string, id: string) => controlIn({ "psf.yaml": MANIFEST, "agent.py": HEAD + code }, id);

describe("Agent Framework: each control reads the construct it is about", () => {
  it.each([
    // [what, code (from line 4), control, level or "pass", line, text in the message (for a pass: in the control's note, so it saw the construct)]
    ["an Agent on a client with no max_iterations: the default 40 is above max_steps 20", `agent = Agent(client=${GW()})\n`, "ABC-03", "fail", 4, "max_iterations = 40"],
    ["max_iterations 10 within max_steps 20", `agent = Agent(client=${BOUNDED})\n`, "ABC-03", "pass", 0, "1 agent run"],
    ["max_iterations set on the client after it is built, within max_steps 20", `client = ${GW()}\nclient.function_invocation_configuration["max_iterations"] = 10\nagent = Agent(client=client)\n`, "ABC-03", "pass", 0, "1 agent run"],
    ["max_iterations set after construction above max_steps 20 fails at that line", `client = ${GW()}\nclient.function_invocation_configuration["max_iterations"] = 60\nagent = Agent(client=client)\n`, "ABC-03", "fail", 5, "bound 60"],
    ["max_iterations 50 above max_steps 20", `agent = Agent(client=${GW(`, function_invocation_configuration={"max_iterations": 50}`)})\n`, "ABC-03", "fail", 4, "bound 50"],
    ["a workflow of agents with the default 100 supersteps", `from agent_framework import WorkflowBuilder\nwriter = Agent(client=${BOUNDED})\nw = WorkflowBuilder(start_executor=writer).build()\n`, "ABC-03", "fail", 6, "WorkflowBuilder max_iterations = 100"],
    ["OpenAIChatClient with no base_url goes around the gateway", `c = OpenAIChatClient(model="gpt-4.1")\n`, "RSG-04", "fail", 4, "OpenAIChatClient (openai)"],
    ["OpenAIChatClient on the gateway", `c = ${GW()}\n`, "RSG-04", "pass", 0, "1 model client"],
    ["FoundryChatClient calls an Azure AI Foundry project directly", `from agent_framework.foundry import FoundryChatClient\nc = FoundryChatClient(project_endpoint="https://acme.services.ai.azure.com/api/projects/p1")\n`, "RSG-04", "fail", 5, "talks to acme.services.ai.azure.com directly"],
    ["a plain function tool declared destructive, with no approval", `def close_ticket(ticket_id: str) -> str:\n    os.remove(ticket_id)\n    return ticket_id\nagent = Agent(client=${BOUNDED}, tools=[close_ticket])\n`, "OOC-03", "fail", 7, "tool close_ticket (declared access destructive) has no approval wiring"],
    ["the same tool with @tool(approval_mode='always_require')", `@tool(approval_mode="always_require")\ndef close_ticket(ticket_id: str) -> str:\n    os.remove(ticket_id)\n    return ticket_id\nagent = Agent(client=${BOUNDED}, tools=[close_ticket])\n`, "OOC-03", "pass", 0, "1 tool needing approval"],
    ["@tool(approval_mode='never_require') turns approval off", `@tool(approval_mode="never_require")\ndef close_ticket(ticket_id: str) -> str:\n    return ticket_id\nagent = Agent(client=${BOUNDED}, tools=[close_ticket])\n`, "OOC-03", "fail", 4, "sets approval off explicitly"],
    ["LocalShellTool asks a person by default", `from agent_framework.tools import LocalShellTool\nshell = LocalShellTool()\n`, "OOC-03", "pass", 0, "1 tool needing approval"],
    ["LocalShellTool with approval turned off", `from agent_framework.tools import LocalShellTool\nshell = LocalShellTool(approval_mode="never_require")\n`, "OOC-03", "fail", 5, "tool run_shell (declared access destructive) sets approval off explicitly"],
    ["an MCP server with no filter and no approval", `from agent_framework import MCPStdioTool\nm = MCPStdioTool(name="github", command="npx", args=["-y", "@modelcontextprotocol/server-github@2025.4.8"])\n`, "OOC-03", "warn", 5, "MCP server github"],
    ["a run with no pause or cancel", `agent = Agent(client=${BOUNDED})\n`, "OOC-02", "fail", 4, "no pause or cancel signal"],
    ["a middleware that ends the run while paused", `import threading\nPAUSE = threading.Event()\nasync def guard(context, call_next):\n    if PAUSE.is_set():\n        raise RuntimeError("paused")\n    await call_next()\nagent = Agent(client=${BOUNDED}, middleware=[guard])\n`, "OOC-02", "pass", 0, "1 multi-step agent run"],
    ["a run with no tracing", `agent = Agent(client=${BOUNDED})\n`, "IAA-04", "fail", 4, "not covered by audit logging or tracing"],
    ["configure_otel_providers() exports the framework's spans", `from agent_framework.observability import configure_otel_providers\nconfigure_otel_providers()\nagent = Agent(client=${BOUNDED})\n`, "IAA-04", "pass", 0, "1 agent run"],
  ] as const)("%s: %s", async (_what, code, id, level, line, text) => {
    expectControlCase(await control(code, id), level, line, text);
  });

  it("Agent Framework counts as read: no 'not examined' error on its agent, and its distributions are recognized", async () => {
    const dir = project({ "psf.yaml": MANIFEST, "agent.py": `${HEAD}agent = Agent(client=${BOUNDED})\n`, "requirements.txt": "agent-framework-core==1.13.0\nagent-framework-openai==1.13.0\n" });
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    expect(r.controls.find((c) => c.id === "RSG-04")!.status).toBe("pass");
    expect(r.controls.flatMap((c) => c.findings).filter((f) => /not examined/.test(f.message))).toEqual([]);
    expect(r.coverage.packages.filter((p) => p.name.startsWith("agent-framework")).map((p) => `${p.name} ${p.recognized}`).sort()).toEqual(["agent-framework true", "agent-framework-core true", "agent-framework-openai true"]);
  });
});

describe("Agent Framework: each fix is written for the framework", () => {
  it.each([
    ["a run on the default max_iterations", `agent = Agent(client=${GW()})\n`, "ABC-03", `function_invocation_configuration={"max_iterations": 20}`],
    ["a workflow on the default supersteps", `from agent_framework import WorkflowBuilder\nwriter = Agent(client=${BOUNDED})\nw = WorkflowBuilder(start_executor=writer)\n`, "ABC-03", "pass `max_iterations=20` to WorkflowBuilder"],
    ["a run with no pause", `agent = Agent(client=${BOUNDED})\n`, "OOC-02", "raises `MiddlewareTermination` while `pause.is_set()`"],
    ["a function tool with no approval", `def close_ticket(ticket_id: str) -> str:\n    return ticket_id\nagent = Agent(client=${BOUNDED}, tools=[close_ticket])\n`, "OOC-03", `@tool(approval_mode="always_require")`],
    ["an MCP server with no filter", `from agent_framework import MCPStreamableHTTPTool\nm = MCPStreamableHTTPTool(name="docs", url="http://llm-gateway.internal:4000/mcp")\n`, "OOC-03", "pass `allowed_tools=[…]`"],
    ["a run with no tracing", `agent = Agent(client=${BOUNDED})\n`, "IAA-04", "configure_otel_providers()"],
    ["a Foundry client around the gateway", `from agent_framework.foundry import FoundryChatClient\nc = FoundryChatClient(project_endpoint="https://acme.services.ai.azure.com/api/projects/p1")\n`, "RSG-04", 'project_endpoint=os.environ["LLM_GATEWAY_URL"]'],
    ["Ollama around the gateway", `from agent_framework.ollama import OllamaChatClient\nc = OllamaChatClient(host="http://gpu.internal:11434")\n`, "RSG-04", 'host=os.environ["LLM_GATEWAY_URL"]'],
  ] as const)("%s: %s", async (_what, code, id, fix) => {
    const { findings } = await control(code, id);
    expect(findings.map((f) => f.fix).join("\n")).toContain(fix);
  });
});

describe("Agent Framework: psf init", () => {
  it("a Foundry project endpoint read from FOUNDRY_PROJECT_ENDPOINT is the provider's, not a gateway variable", async () => {
    const dir = project({ "agent.py": `${HEAD}from agent_framework.foundry import FoundryChatClient\nagent = Agent(client=FoundryChatClient(project_endpoint=os.environ["FOUNDRY_PROJECT_ENDPOINT"]))\nother = Agent(client=${GW()})\n` });
    const d = detectProject(dir);
    expect(d.frameworks.map((f) => f.name)).toContain("agent-framework");
    expect(d.gateway.urlEnv).toBe("LLM_GATEWAY_URL");
    expect(d.clients.map((c) => `${c.api} ${c.urlEnv ?? "-"}`)).toEqual(["FoundryChatClient -", "OpenAIChatClient LLM_GATEWAY_URL"]);
  });
});
