// Haystack projects assessed whole: the controls that read its Agent runs, chat generators, tools and confirmations.
import { describe, expect, it } from "vitest";
import { MINIMAL } from "../helpers.js";
import { expectControlCase, controlIn } from "./helpers.js";

const GATEWAY = `spend:\n  ceiling: { amount: 50, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { kind: litellm, url: "http://llm-gateway.internal:4000", url_env: LLM_GATEWAY_URL, key_env: LLM_GATEWAY_KEY }\n`;
const BOUNDARIES = `boundaries:\n  endpoints:\n    allow: ["http://llm-gateway.internal:4000"]\n  tools:\n    - { name: purge_orders, access: destructive, requires_approval: true }\n  limits:\n    max_steps: 20\n`;
const MANIFEST = `${MINIMAL}${GATEWAY}${BOUNDARIES}`;
const HEAD = `import os\nfrom haystack.components.agents import Agent\nfrom haystack.components.generators.chat import OpenAIChatGenerator\nfrom haystack.utils import Secret\nfrom haystack.tools import tool\n`;
const GW = `OpenAIChatGenerator(api_base_url=os.environ["LLM_GATEWAY_URL"], api_key=Secret.from_env_var("LLM_GATEWAY_KEY"))`;
const TOOL = `@tool\ndef purge_orders(customer: str) -> str:\n    """Remove a customer's orders."""\n    os.remove(customer)\n    return customer\n`;
const ASK = `from haystack.human_in_the_loop import AlwaysAskPolicy, BlockingConfirmationStrategy, RichConsoleUI\n`;

const control = (code: string, id: string) => controlIn({ "psf.yaml": MANIFEST, "agent.py": HEAD + code }, id);

describe("Haystack: each control reads the construct it is about", () => {
  it.each([
    // [what, code (from line 6), control, level or "pass", line, text in the message (for a pass: in the control's note)]
    ["an Agent with no max_agent_steps runs up to Haystack's 100", `agent = Agent(chat_generator=${GW})\n`, "ABC-03", "fail", 6, "Haystack Agent max_agent_steps = 100"],
    ["max_agent_steps=15 within max_steps 20", `agent = Agent(chat_generator=${GW}, max_agent_steps=15)\n`, "ABC-03", "pass", 0, "1 agent run"],
    ["OpenAIChatGenerator with no api_base_url goes around the gateway", `g = OpenAIChatGenerator(model="gpt-4o-mini")\n`, "RSG-04", "fail", 6, "sets no api_base_url"],
    ["OpenAIChatGenerator on the gateway", `g = ${GW}\n`, "RSG-04", "pass", 0, "1 model client"],
    ["Secret.from_env_var of the provider's key variable", `g = OpenAIChatGenerator(api_base_url=os.environ["LLM_GATEWAY_URL"], api_key=Secret.from_env_var("OPENAI_API_KEY"))\n`, "RSG-05", "fail", 6, "reads the provider key variable OPENAI_API_KEY"],
    ["Secret.from_env_var of the gateway's key", `g = ${GW}\n`, "RSG-05", "pass", 0, "1 model client"],
    ["a destructive @tool with no confirmation", `${TOOL}agent = Agent(chat_generator=${GW}, tools=[purge_orders], max_agent_steps=5)\n`, "OOC-03", "fail", 6, "tool purge_orders (declared access destructive) has no approval wiring"],
    ["the same tool confirmed by AlwaysAskPolicy (2.x confirmation_strategies)", `${ASK}${TOOL}agent = Agent(chat_generator=${GW}, tools=[purge_orders], max_agent_steps=5, confirmation_strategies={"purge_orders": BlockingConfirmationStrategy(confirmation_policy=AlwaysAskPolicy(), confirmation_ui=RichConsoleUI())})\n`, "OOC-03", "pass", 0, "1 tool needing approval"],
    ["a run with no pause", `agent = Agent(chat_generator=${GW}, max_agent_steps=5)\n`, "OOC-02", "fail", 6, "no pause or cancel signal"],
    ["a run with no tracing", `agent = Agent(chat_generator=${GW}, max_agent_steps=5)\n`, "IAA-04", "fail", 6, "not covered by audit logging or tracing"],
    ["LinkContentFetcher as a tool fetches what the model asks for", `from haystack.tools import ComponentTool\nfrom haystack.components.fetchers import LinkContentFetcher\nagent = Agent(chat_generator=${GW}, tools=[ComponentTool(component=LinkContentFetcher())], max_agent_steps=5)\n`, "ABC-02", "warn", 8, "LinkContentFetcher"],
  ] as const)("%s: %s", async (_what, code, id, level, line, text) => {
    expectControlCase(await control(code, id), level, line, text);
  });

  it("haystack-ai counts as read: no 'not examined' error on a Haystack agent", async () => {
    const { status, coverage } = await control(`agent = Agent(chat_generator=${GW}, max_agent_steps=5)\n`, "RSG-04");
    expect(status).toBe("pass");
    expect(coverage.packages.find((p) => p.name === "haystack-ai")).toMatchObject({ recognized: true });
  });
});

describe("Haystack: each fix is written for Haystack", () => {
  it.each([
    ["a run with no max_agent_steps", `agent = Agent(chat_generator=${GW})\n`, "ABC-03", "set `max_agent_steps=20` on the Agent"],
    ["a run with no pause", `agent = Agent(chat_generator=${GW}, max_agent_steps=5)\n`, "OOC-02", 'state.set("stop_run", "paused")'],
    ["a tool with no confirmation", `${TOOL}agent = Agent(chat_generator=${GW}, tools=[purge_orders], max_agent_steps=5)\n`, "OOC-03", 'ConfirmationHook(confirmation_strategies={"purge_orders": BlockingConfirmationStrategy(confirmation_policy=AlwaysAskPolicy()'],
    ["a run with no tracing", `agent = Agent(chat_generator=${GW}, max_agent_steps=5)\n`, "IAA-04", "tracing.enable_tracing(OpenTelemetryTracer("],
    ["OpenAIChatGenerator going around the gateway", `g = OpenAIChatGenerator(model="gpt-4o-mini")\n`, "RSG-04", 'api_base_url=os.environ["LLM_GATEWAY_URL"]'],
  ] as const)("%s: %s", async (_what, code, id, fix) => {
    const { findings } = await control(code, id);
    expect(findings.map((f) => f.fix).join("\n")).toContain(fix);
  });
});
