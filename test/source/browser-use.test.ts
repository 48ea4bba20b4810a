// browser-use projects assessed whole: the controls that read its runs, model clients, tools and browser.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { MINIMAL, project } from "../helpers.js";
import { expectControlCase, controlIn } from "./helpers.js";

const GATEWAY = `spend:\n  ceiling: { amount: 50, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { kind: litellm, url: "http://llm-gateway.internal:4000", url_env: LLM_GATEWAY_URL, key_env: LLM_GATEWAY_KEY }\n`;
const BOUNDARIES = `boundaries:\n  endpoints:\n    allow: ["http://llm-gateway.internal:4000", "https://status.example.org"]\n  tools:\n    - { name: close_ticket, access: destructive, requires_approval: true }\n  limits:\n    max_steps: 40\n`;
const MANIFEST = `${MINIMAL}${GATEWAY}${BOUNDARIES}`;
const HEAD = `import os\nfrom browser_use import Agent, BrowserProfile, BrowserSession, ChatGoogle, ChatOpenAI, Controller\n`;

const control = (code: string, id: string) => controlIn({ "psf.yaml": MANIFEST, "agent.py": HEAD + code }, id);

describe("browser-use: each control reads the construct it is about", () => {
  it.each([
    // [what, code (from line 3), control, level or "pass", line, text in the message (for a pass: in the control's note, so it saw the construct)]
    ["run() with no max_steps relies on the default 500, above max_steps 40", `async def go(llm):\n    agent = Agent(task="t", llm=llm, browser_profile=BrowserProfile(allowed_domains=["https://status.example.org"]))\n    return await agent.run()\n`, "ABC-03", "fail", 5, "max_steps = 500"],
    ["run(max_steps=30) within max_steps 40", `async def go(llm):\n    agent = Agent(task="t", llm=llm)\n    return await agent.run(max_steps=30)\n`, "ABC-03", "pass", 0, "1 agent run"],
    ["run_sync(max_steps=80) above max_steps 40", `agent = Agent(task="t", llm=None)\nagent.run_sync(max_steps=80)\n`, "ABC-03", "fail", 4, "bound 80"],
    ["ChatGoogle(api_key=…) calls Google directly", `llm = ChatGoogle(model="gemini-2.5-flash", api_key=os.environ["GOOGLE_API_KEY"])\n`, "RSG-04", "fail", 3, "ChatGoogle (google)"],
    ["ChatOpenAI on the gateway", `llm = ChatOpenAI(model="gpt-4.1", base_url=os.environ["LLM_GATEWAY_URL"], api_key=os.environ["LLM_GATEWAY_KEY"])\n`, "RSG-04", "pass", 0, "1 model client"],
    ["an @controller.action declared destructive, with no approval", `controller = Controller()\n\n@controller.action("Close a ticket")\nasync def close_ticket(ticket_id: str):\n    return ticket_id\n`, "OOC-03", "fail", 5, "tool close_ticket (declared access destructive) has no approval wiring"],
    ["the same tool waiting for a person's approval in its body", `from ops.approvals import require_approval\ncontroller = Controller()\n@controller.action("Close a ticket")\nasync def close_ticket(ticket_id: str):\n    await require_approval("close_ticket", {"ticket_id": ticket_id})\n    return ticket_id\n`, "OOC-03", "pass", 0, "1 approval site"],
    ["a BrowserProfile without allowed_domains", `profile = BrowserProfile(headless=True)\n`, "ABC-02", "warn", 3, "no allowed_domains"],
    ["allowed_domains on the allowlist", `profile = BrowserProfile(headless=True, allowed_domains=["https://status.example.org"])\n`, "ABC-02", "pass", 0, "1 outbound URL site"],
    ["allowed_domains with a host off the allowlist", `session = BrowserSession(allowed_domains=["status.example.org", "www.reddit.com"])\n`, "ABC-02", "fail", 3, "\"https://www.reddit.com\" is not on the endpoint allowlist"],
  ] as const)("%s: %s", async (_what, code, id, level, line, text) => {
    expectControlCase(await control(code, id), level, line, text);
  });
});

describe("browser-use: each fix is written for browser-use", () => {
  it.each([
    ["a run with no max_steps", `agent = Agent(task="t", llm=None)\nagent.run_sync()\n`, "ABC-03", "pass `max_steps=40` to agent.run()"],
    ["a browser with no allowed_domains", `profile = BrowserProfile(headless=True)\n`, "ABC-02", "set `allowed_domains=[…]` on the BrowserProfile"],
    ["allowed_domains the analysis cannot read", `DOMAINS = os.environ["DOMAINS"].split(",")\nprofile = BrowserProfile(allowed_domains=DOMAINS)\n`, "ABC-02", "write allowed_domains as a literal list"],
    ["ChatGoogle going around the gateway", `llm = ChatGoogle(model="gemini-2.5-flash")\n`, "RSG-04", 'http_options={"base_url": os.environ["LLM_GATEWAY_URL"]}'],
    ["ChatOllama going around the gateway", `from browser_use import ChatOllama\nllm = ChatOllama(model="llama3")\n`, "RSG-04", 'host=os.environ["LLM_GATEWAY_URL"]'],
    ["a run with no stop signal", `async def go(llm):\n    agent = Agent(task="t", llm=llm)\n    return await agent.run(max_steps=10)\n`, "OOC-02", "register_should_stop_callback="],
  ] as const)("%s: %s", async (_what, code, id, fix) => {
    const { findings } = await control(code, id);
    expect(findings.map((f) => f.fix).join("\n")).toContain(fix);
  });
});

describe("browser-use: run()'s default max_steps by the version the project pins", () => {
  it.each([
    ["browser-use==0.11.8\n", "warn", 100],
    ["browser-use==0.13.8\n", "fail", 500],
    ["browser-use>=0.5\n", "fail", 500],
  ] as const)("requirements.txt %j → ABC-03 %s naming %i", async (pin, level, value) => {
    const dir = project({ "psf.yaml": `${MINIMAL}boundaries:\n  limits:\n    max_steps: 200\n`, "requirements.txt": pin, "agent.py": `from browser_use import Agent\nagent = Agent(task="t", llm=None)\nagent.run_sync()\n` });
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    const f = r.controls.find((c) => c.id === "ABC-03")!.findings.find((x) => x.file === "agent.py")!;
    expect(f.level).toBe(level);
    expect(f.line).toBe(3);
    expect(f.message).toContain(`max_steps = ${value}`);
  });
});
