// agno projects assessed whole: the controls that read its runs, model clients, tools and toolkits.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { MINIMAL, project } from "../helpers.js";
import { expectControlCase, controlIn } from "./helpers.js";

const GATEWAY = `spend:\n  ceiling: { amount: 50, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { kind: litellm, url: "http://llm-gateway.internal:4000", url_env: LLM_GATEWAY_URL, key_env: LLM_GATEWAY_KEY }\n`;
const BOUNDARIES = `boundaries:\n  endpoints:\n    allow: ["http://llm-gateway.internal:4000"]\n  tools:\n    - { name: close_ticket, access: destructive, requires_approval: true }\n    - { name: run_shell_command, access: destructive, requires_approval: true }\n  limits:\n    max_steps: 20\n`;
const MANIFEST = `${MINIMAL}${GATEWAY}${BOUNDARIES}`;
const HEAD = `import os\nfrom agno.agent import Agent\nfrom agno.models.openai import OpenAIChat\n`;
const GW = `OpenAIChat(id="gpt-4.1", base_url=os.environ["LLM_GATEWAY_URL"], api_key=os.environ["LLM_GATEWAY_KEY"])`;

const control = (code: string, id: string) => controlIn({ "psf.yaml": MANIFEST, "agent.py": HEAD + code }, id);

describe("agno: each control reads the construct it is about", () => {
  it.each([
    // [what, code (from line 4), control, level or "pass", line, text in the message (for a pass: in the control's note, so it saw the construct)]
    ["an Agent with no tool_call_limit is unbounded", `agent = Agent(model=${GW})\n`, "ABC-03", "fail", 4, "no tool_call_limit"],
    ["tool_call_limit=15 within max_steps 20", `agent = Agent(model=${GW}, tool_call_limit=15)\n`, "ABC-03", "pass", 0, "1 agent run"],
    ["tool_call_limit=50 above max_steps 20", `agent = Agent(model=${GW}, tool_call_limit=50)\n`, "ABC-03", "fail", 4, "bound 50"],
    ["OpenAIChat with no base_url goes around the gateway", `m = OpenAIChat(id="gpt-4.1")\n`, "RSG-04", "fail", 4, "OpenAIChat (openai)"],
    ["OpenAIChat on the gateway", `m = ${GW}\n`, "RSG-04", "pass", 0, "1 model client"],
    ["an Agent with no model uses agno's default OpenAI model", `agent = Agent(tool_call_limit=5)\n`, "RSG-04", "fail", 4, "agno's default OpenAI model"],
    ["a plain function tool declared destructive, with no approval", `def close_ticket(ticket_id: str) -> str:\n    os.remove(ticket_id)\n    return ticket_id\nagent = Agent(model=${GW}, tools=[close_ticket], tool_call_limit=5)\n`, "OOC-03", "fail", 7, "tool close_ticket (declared access destructive) has no approval wiring"],
    ["the same tool with @tool(requires_confirmation=True)", `from agno.tools import tool\n@tool(requires_confirmation=True)\ndef close_ticket(ticket_id: str) -> str:\n    os.remove(ticket_id)\n    return ticket_id\nagent = Agent(model=${GW}, tools=[close_ticket], tool_call_limit=5)\n`, "OOC-03", "pass", 0, "1 tool needing approval"],
    ["ShellTools() with no confirmation", `from agno.tools.shell import ShellTools\nagent = Agent(model=${GW}, tools=[ShellTools()], tool_call_limit=5)\n`, "OOC-03", "fail", 5, "tool run_shell_command (declared access destructive) has no approval wiring"],
    ["ShellTools(requires_confirmation_tools=[…]) waits for a person", `from agno.tools.shell import ShellTools\nagent = Agent(model=${GW}, tools=[ShellTools(requires_confirmation_tools=["run_shell_command"])], tool_call_limit=5)\n`, "OOC-03", "pass", 0, "1 tool needing approval"],
    ["an agno toolkit psf does not list: its tools are not seen", `from agno.tools.yfinance import YFinanceTools\nagent = Agent(model=${GW}, tools=[YFinanceTools()], tool_call_limit=5)\n`, "OOC-03", "warn", 5, "YFinanceTools"],
    ["WebsiteTools fetches what the model asks for", `from agno.tools.website import WebsiteTools\nagent = Agent(model=${GW}, tools=[WebsiteTools()], tool_call_limit=5)\n`, "ABC-02", "warn", 5, "any URL the model passes"],
    ["a run with no pause or cancel", `agent = Agent(model=${GW}, tool_call_limit=5)\n`, "OOC-02", "fail", 4, "no pause or cancel signal"],
    ["Agent.cancel_run from the pause poller", `agent = Agent(model=${GW}, tool_call_limit=5)\ndef on_pause(run_id):\n    Agent.cancel_run(run_id)\n`, "OOC-02", "pass", 0, "1 multi-step agent run"],
    ["a run with no tracing", `agent = Agent(model=${GW}, tool_call_limit=5)\n`, "IAA-04", "fail", 4, "not covered by audit logging or tracing"],
    ["an @approval(type=\"audit\") tool asks a person and records nothing: the run is still untraced", `from agno.approval import approval\nfrom agno.tools import tool\n@approval(type="audit")\n@tool(requires_confirmation=True)\ndef close_ticket(ticket_id: str) -> str:\n    return ticket_id\nagent = Agent(model=${GW}, tools=[close_ticket], tool_call_limit=5)\nagent.run("close 42")\n`, "IAA-04", "fail", 10, "not covered by audit logging or tracing"],
    ["the OpenInference agno instrumentor traces it", `from openinference.instrumentation.agno import AgnoInstrumentor\nAgnoInstrumentor().instrument()\nagent = Agent(model=${GW}, tool_call_limit=5)\n`, "IAA-04", "pass", 0, "1 agent run"],
    ["an unpinned MCP server with no filter", `from agno.tools.mcp import MCPTools\nmcp = MCPTools("npx -y @modelcontextprotocol/server-github")\n`, "OOC-03", "warn", 5, "MCP server @modelcontextprotocol/server-github"],
  ] as const)("%s: %s", async (_what, code, id, level, line, text) => {
    expectControlCase(await control(code, id), level, line, text);
  });

  it("@approval(type=\"audit\") puts each resolved call of the tool on record (IAA-04 passes the tool), not the run", async () => {
    const { findings } = await control(`from agno.approval import approval\nfrom agno.tools import tool\n@approval(type="audit")\n@tool(requires_confirmation=True)\ndef close_ticket(ticket_id: str) -> str:\n    return ticket_id\nagent = Agent(model=${GW}, tools=[close_ticket], tool_call_limit=5)\n`, "IAA-04");
    expect(findings.map((f) => `${f.level}@${f.line}`), JSON.stringify(findings)).toEqual(["fail@10"]);
  });

  it.each([
    { name: "telemetry left on (agno's default) reports each run to os-api.agno.com: ABC-02 fails at the agent, the fix turns it off", code: `agent = Agent(model=${GW}, tool_call_limit=5)\n`, findings: ["fail@4"] },
    { name: "telemetry=False sends nothing to agno", code: `agent = Agent(model=${GW}, tool_call_limit=5, telemetry=False)\n`, findings: [] },
    { name: "AGNO_TELEMETRY=false assigned by the code turns it off", code: `os.environ["AGNO_TELEMETRY"] = "false"\nagent = Agent(model=${GW}, tool_call_limit=5)\n`, findings: [] },
    { name: "…and so does os.environ.setdefault(\"AGNO_TELEMETRY\", \"false\") (the same handler as an assignment)", code: `os.environ.setdefault("AGNO_TELEMETRY", "false")\nagent = Agent(model=${GW}, tool_call_limit=5)\n`, findings: [] },
  ])("$name", async ({ code, findings }) => {
    const { findings: f } = await control(code, "ABC-02");
    const telemetry = f.filter((x) => x.message.includes("os-api.agno.com"));
    expect(telemetry.map((x) => `${x.level}@${x.line}`)).toEqual(findings);
    for (const x of telemetry) expect(x.fix).toContain("telemetry=False");
  });

  it.each([
    // [dependency manifest, file, the telemetry host ABC-02 names, text in the message]
    ["requirements.txt pins agno 1.4.6", "requirements.txt", "agno==1.4.6\n", '"https://api.agno.com"', "the host agno 1.x posts to (the project pins agno 1.4.6)"],
    ["pyproject.toml pins agno 2.1.0", "pyproject.toml", `[project]\nname = "x"\nversion = "0.1.0"\ndependencies = ["agno==2.1.0"]\n`, '"https://os-api.agno.com"', "the host agno 2 posts to (the project pins agno 2.1.0)"],
    ["a range is no pin: both hosts are named", "requirements.txt", "agno>=1.4\n", '"https://os-api.agno.com"', "agno 1.x posts to api.agno.com instead"],
  ])("telemetry host by the agno version: %s", async (_what, file, deps, host, text) => {
    const dir = project({ "psf.yaml": MANIFEST, "agent.py": `${HEAD}agent = Agent(model=${GW}, tool_call_limit=5)\n`, [file]: deps });
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    const f = r.controls.find((x) => x.id === "ABC-02")!.findings.filter((x) => x.message.includes("agno telemetry"));
    expect(f.map((x) => `${x.level}@${x.line}`), JSON.stringify(f)).toEqual(["fail@4"]);
    expect(f[0]!.message).toContain(host);
    expect(f[0]!.message).toContain(text);
  });

  it("agno counts as read: no 'not examined' error on an agno agent", async () => {
    const { status, coverage } = await control(`agent = Agent(model=${GW}, tool_call_limit=5)\n`, "RSG-04");
    expect(status).toBe("pass");
    expect(coverage.packages.find((p) => p.name === "agno")).toMatchObject({ recognized: true });
  });
});

describe("agno: each fix is written for agno", () => {
  it.each([
    ["a run with no tool_call_limit", `agent = Agent(model=${GW})\n`, "ABC-03", "set `tool_call_limit=20` on the Agent"],
    ["a run with no cancel", `agent = Agent(model=${GW}, tool_call_limit=5)\n`, "OOC-02", "Agent.cancel_run(run_id)"],
    ["a function tool with no approval", `def close_ticket(ticket_id: str) -> str:\n    return ticket_id\nagent = Agent(model=${GW}, tools=[close_ticket], tool_call_limit=5)\n`, "OOC-03", "@tool(requires_confirmation=True)"],
    ["an agno toolkit psf does not list", `from agno.tools.yfinance import YFinanceTools\nagent = Agent(model=${GW}, tools=[YFinanceTools()], tool_call_limit=5)\n`, "OOC-03", "requires_confirmation_tools=[…]"],
    ["Claude going around the gateway", `from agno.models.anthropic import Claude\nm = Claude(id="claude-sonnet-4-5")\n`, "RSG-04", 'client_params={"base_url": os.environ["LLM_GATEWAY_URL"]}'],
    ["Gemini going around the gateway", `from agno.models.google import Gemini\nm = Gemini(id="gemini-2.5-flash")\n`, "RSG-04", 'client_params={"http_options": {"base_url": os.environ["LLM_GATEWAY_URL"]}}'],
  ] as const)("%s: %s", async (_what, code, id, fix) => {
    const { findings } = await control(code, id);
    expect(findings.map((f) => f.fix).join("\n")).toContain(fix);
  });
});
