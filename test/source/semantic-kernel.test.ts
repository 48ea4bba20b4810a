// Semantic Kernel (Python) projects assessed whole: the controls that read its agents, group chats, services, kernel functions and filters.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { MINIMAL, project } from "../helpers.js";
import { expectControlCase, controlIn } from "./helpers.js";

const GATEWAY = `spend:\n  ceiling: { amount: 50, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { kind: litellm, url: "http://llm-gateway.internal:4000", url_env: LLM_GATEWAY_URL, key_env: LLM_GATEWAY_KEY }\n`;
const BOUNDARIES = `boundaries:\n  endpoints:\n    allow: ["http://llm-gateway.internal:4000"]\n  tools:\n    - { name: close_ticket, access: destructive, requires_approval: true }\n  limits:\n    max_steps: 4\n`;
const MANIFEST = `${MINIMAL}${GATEWAY}${BOUNDARIES}`;
const HEAD = `import os\nfrom openai import AsyncOpenAI\nfrom semantic_kernel.agents import ChatCompletionAgent\nfrom semantic_kernel.connectors.ai import FunctionChoiceBehavior\nfrom semantic_kernel.connectors.ai.open_ai import OpenAIChatCompletion\nfrom semantic_kernel.functions import kernel_function\n`;
const GW = `OpenAIChatCompletion(ai_model_id="gpt-4.1", async_client=AsyncOpenAI(base_url=os.environ["LLM_GATEWAY_URL"], api_key=os.environ["LLM_GATEWAY_KEY"]))`;
const BOUNDED = `FunctionChoiceBehavior.Auto(maximum_auto_invoke_attempts=3)`;
const TICKETS = `class Tickets:\n    @kernel_function(name="close_ticket")\n    def close(self, ticket_id: str) -> str:\n        os.remove(ticket_id)\n        return ticket_id\n`;

const control = (code: string, id: string) => controlIn({ "psf.yaml": MANIFEST, "agent.py": HEAD + code, "requirements.txt": "semantic-kernel==1.44.1\nopenai==1.109.1\n" }, id);

describe("Semantic Kernel: each control reads the construct it is about", () => {
  it.each([
    // [what, code (from line 7), control, level or "pass", line, text in the message (for a pass: in the control's note)]
    ["an agent on FunctionChoiceBehavior.Auto()'s default 5 rounds is above max_steps 4", `agent = ChatCompletionAgent(service=${GW})\n`, "ABC-03", "fail", 7, "maximum_auto_invoke_attempts = 5"],
    ["maximum_auto_invoke_attempts 3 within max_steps 4", `agent = ChatCompletionAgent(service=${GW}, function_choice_behavior=${BOUNDED})\n`, "ABC-03", "pass", 0, "1 agent run"],
    ["a group chat on the default strategy's 5 turns", `from semantic_kernel.agents import AgentGroupChat\na = ChatCompletionAgent(service=${GW}, function_choice_behavior=${BOUNDED})\nchat = AgentGroupChat(agents=[a])\n`, "ABC-03", "fail", 9, "maximum_iterations = 5"],
    ["OpenAIChatCompletion with no client of its own goes around the gateway", `svc = OpenAIChatCompletion(ai_model_id="gpt-4.1")\n`, "RSG-04", "fail", 7, "OpenAIChatCompletion (openai) sets no async_client"],
    ["OpenAIChatCompletion on an AsyncOpenAI client pointed at the gateway", `svc = ${GW}\n`, "RSG-04", "pass", 0, "1 model client"],
    ["a kernel function declared destructive, with no filter that asks", `${TICKETS}agent = ChatCompletionAgent(service=${GW}, plugins=[Tickets()], function_choice_behavior=${BOUNDED})\n`, "OOC-03", "fail", 8, "tool close_ticket (declared access destructive) has no approval wiring"],
    ["the same function behind an AUTO_FUNCTION_INVOCATION filter that asks a person", `from semantic_kernel import Kernel\nfrom semantic_kernel.filters import FilterTypes\nkernel = Kernel()\n@kernel.filter(FilterTypes.AUTO_FUNCTION_INVOCATION)\nasync def ask(context, next):\n    if input(f"run {context.function.name}? ") != "y":\n        context.terminate = True\n        return\n    await next(context)\n${TICKETS}kernel.add_plugin(Tickets(), plugin_name="tickets")\nagent = ChatCompletionAgent(service=${GW}, kernel=kernel, function_choice_behavior=${BOUNDED})\n`, "OOC-03", "pass", 0, "1 tool needing approval"],
    ["an MCP plugin: its tools unknown, none filtered", `from semantic_kernel.connectors.mcp import MCPStdioPlugin\nm = MCPStdioPlugin(name="github", command="npx", args=["-y", "@modelcontextprotocol/server-github@2025.4.8"])\n`, "OOC-03", "warn", 8, "MCP server github"],
    ["a run with no tracing", `agent = ChatCompletionAgent(service=${GW}, function_choice_behavior=${BOUNDED})\n`, "IAA-04", "fail", 7, "not covered by audit logging or tracing"],
    ["SK's diagnostics on, with a tracer provider", `from opentelemetry import trace\nfrom opentelemetry.sdk.trace import TracerProvider\nos.environ["SEMANTICKERNEL_EXPERIMENTAL_GENAI_ENABLE_OTEL_DIAGNOSTICS"] = "true"\ntrace.set_tracer_provider(TracerProvider())\nagent = ChatCompletionAgent(service=${GW}, function_choice_behavior=${BOUNDED})\n`, "IAA-04", "pass", 0, "1 agent run"],
  ] as const)("%s: %s", async (_what, code, id, level, line, text) => {
    expectControlCase(await control(code, id), level, line, text);
  });

  it("Semantic Kernel counts as read: no 'not examined' error on its agent, and semantic-kernel is recognized", async () => {
    const dir = project({ "psf.yaml": MANIFEST, "agent.py": `${HEAD}agent = ChatCompletionAgent(service=${GW}, function_choice_behavior=${BOUNDED})\n`, "requirements.txt": "semantic-kernel==1.44.1\n" });
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    expect(r.controls.flatMap((c) => c.findings).filter((f) => /not examined|is not read/.test(f.message))).toEqual([]);
    expect(r.coverage.packages.filter((p) => p.name === "semantic-kernel").map((p) => `${p.name} ${p.recognized}`)).toEqual(["semantic-kernel true"]);
  });

  it("SK's diagnostics switched on only in an env file beside the agent, with a tracer provider in code: a warn to confirm the deployment sets it", async () => {
    // The provider is set up in a module of its own (a trace call beside the run would count as its audit record).
    const setup = `from opentelemetry import trace\nfrom opentelemetry.sdk.trace import TracerProvider\ndef setup_tracing():\n    trace.set_tracer_provider(TracerProvider())\n`;
    const code = `${HEAD}agent = ChatCompletionAgent(service=${GW}, function_choice_behavior=${BOUNDED})\n`;
    const levels: string[] = [];
    for (const env of ["SEMANTICKERNEL_EXPERIMENTAL_GENAI_ENABLE_OTEL_DIAGNOSTICS=true\n", "OTHER=1\n"]) {
      const dir = project({ "psf.yaml": MANIFEST, "agent.py": code, "telemetry.py": setup, ".env": env });
      const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
      const f = r.controls.find((c) => c.id === "IAA-04")!.findings.filter((x) => x.file === "agent.py");
      levels.push(f.map((x) => `${x.level} ${x.line} ${/as \.env:1 does/.test(x.message)}`).join(","));
    }
    expect(levels).toEqual(["warn 7 true", "fail 7 false"]);
  });

  it("semantic-kernel held below 1.0 (another API: add_chat_service, create_semantic_function) stays unread: its agent is not examined", async () => {
    const code = `import semantic_kernel as sk\nfrom semantic_kernel.connectors.ai.open_ai import AzureChatCompletion\nkernel = sk.Kernel()\nkernel.add_chat_service("chat", AzureChatCompletion("gpt-4", "https://acme.openai.azure.com", "key"))\n`;
    const read = new Map<string, boolean>();
    for (const pin of ["^0.5.0.dev0", "1.44.1"]) {
      const dir = project({ "psf.yaml": MANIFEST, "agent.py": code, "pyproject.toml": `[tool.poetry.dependencies]\npython = "^3.10"\nsemantic-kernel = "${pin}"\n` });
      const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
      read.set(pin, r.coverage.packages.find((p) => p.name === "semantic-kernel")!.recognized);
      if (pin.startsWith("^0")) expect(r.controls.find((c) => c.id === "RSG-04")!.findings.map((f) => f.message).join("\n")).toContain("imports semantic-kernel (agent framework)");
    }
    expect(Object.fromEntries(read)).toEqual({ "^0.5.0.dev0": false, "1.44.1": true });
  });
});

describe("Semantic Kernel: each fix is written for the framework", () => {
  it.each([
    ["a run on the default auto-invoke attempts", `agent = ChatCompletionAgent(service=${GW})\n`, "ABC-03", "FunctionChoiceBehavior.Auto(maximum_auto_invoke_attempts=4)"],
    ["a group chat on the default strategy", `from semantic_kernel.agents import AgentGroupChat\nchat = AgentGroupChat(agents=[])\n`, "ABC-03", "DefaultTerminationStrategy(maximum_iterations=4)"],
    ["a Magentic orchestration with no round cap", `from semantic_kernel.agents import MagenticOrchestration, StandardMagenticManager\nm = MagenticOrchestration(members=[], manager=StandardMagenticManager(chat_completion_service=None))\n`, "ABC-03", "max_round_count=4"],
    ["a run with no pause", `agent = ChatCompletionAgent(service=${GW}, function_choice_behavior=${BOUNDED})\n`, "OOC-02", "sets `context.terminate = True` and returns while `pause.is_set()`"],
    ["a kernel function with no approval", `${TICKETS}agent = ChatCompletionAgent(service=${GW}, plugins=[Tickets()], function_choice_behavior=${BOUNDED})\n`, "OOC-03", `context.function.name == "close_ticket"`],
    ["an MCP plugin with no filter", `from semantic_kernel.connectors.mcp import MCPStreamableHttpPlugin\nm = MCPStreamableHttpPlugin(name="docs", url="http://llm-gateway.internal:4000/mcp")\n`, "OOC-03", `filters={"included_functions": [...]}`],
    ["a run with no tracing", `agent = ChatCompletionAgent(service=${GW}, function_choice_behavior=${BOUNDED})\n`, "IAA-04", "SEMANTICKERNEL_EXPERIMENTAL_GENAI_ENABLE_OTEL_DIAGNOSTICS=true"],
    ["OpenAIChatCompletion around the gateway", `svc = OpenAIChatCompletion(ai_model_id="gpt-4.1")\n`, "RSG-04", "async_client=AsyncOpenAI(base_url="],
  ] as const)("%s: %s", async (_what, code, id, fix) => {
    const { findings } = await control(code, id);
    expect(findings.map((f) => f.fix).join("\n")).toContain(fix);
  });
});
