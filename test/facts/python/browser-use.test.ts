import { expect } from "vitest";
import { pyRecognizerTester } from "./tester.js";

// browser-use (module browser_use): runs and their max_steps, Chat* model clients, @….action tools and
// where the browser may navigate. The defaults are browser-use 0.13.8's (facts/defaults.ts).

pyRecognizerTester("browser-use runs", {
  valid: [
    {
      name: "agent.run() with no max_steps relies on the default of 500; max_steps=, a positional bound and run_sync are read",
      code: `from browser_use import Agent\nagent = Agent(task="t", llm=llm)\nasync def go():\n    await agent.run()\n    await agent.run(max_steps=30)\nagent.run_sync(12)\n`,
      expect: {
        agentRuns: [
          { framework: "browser-use", api: "Agent.run", bound: { kind: "default", value: 500, name: "browser-use Agent.run max_steps" }, signal: false, loc: { line: 4 } },
          { api: "Agent.run", bound: { kind: "literal", value: 30 }, boundLoc: { line: 5 } },
          { api: "Agent.run_sync", bound: { kind: "literal", value: 12 }, loc: { line: 6 } },
        ],
      },
    },
    {
      name: "the Agent from browser_use.agent.service, with register_should_stop_callback: the run has a stop signal",
      code: `from browser_use.agent.service import Agent\nasync def paused():\n    return False\nasync def go(llm):\n    a = Agent(task="t", llm=llm, register_should_stop_callback=paused)\n    await a.run(max_steps=5)\n`,
      expect: { agentRuns: [{ framework: "browser-use", signal: true, bound: { kind: "literal", value: 5 } }] },
    },
  ],
  invalid: [
    { name: "a project class named Agent with a run()", code: `class Agent:\n    def run(self, max_steps=1000):\n        pass\nAgent().run()\n`, absent: ["agentRuns"] },
    { name: "run() on a browser_use object that is not an Agent", code: `from browser_use import BrowserSession\ns = BrowserSession(allowed_domains=["example.com"])\ns.run()\n`, absent: ["agentRuns"] },
  ],
});

pyRecognizerTester("browser-use model clients", {
  valid: [
    {
      name: "ChatGoogle(api_key=…) calls Google's API; ChatOpenAI(base_url=…) goes where it says; ChatBrowserUse() reads BROWSER_USE_LLM_URL",
      code: `import os\nfrom browser_use.llm import ChatGoogle\nfrom browser_use import ChatOpenAI, ChatBrowserUse\ng = ChatGoogle(model="gemini-2.5-flash", api_key=os.environ["GOOGLE_API_KEY"])\no = ChatOpenAI(model="gpt-4.1", base_url=os.environ["LLM_GATEWAY_URL"])\nb = ChatBrowserUse()\n`,
      expect: {
        modelClients: [
          { framework: "browser-use", provider: "google", api: "ChatGoogle", baseURL: { kind: "absent" }, defaultHost: "https://generativelanguage.googleapis.com", apiKey: { kind: "env", name: "GOOGLE_API_KEY" }, loc: { line: 4 } },
          { provider: "openai", api: "ChatOpenAI", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, loc: { line: 5 } },
          { provider: "browser-use", api: "ChatBrowserUse", envDefault: "BROWSER_USE_LLM_URL", defaultHost: "https://llm.api.browser-use.com", loc: { line: 6 } },
        ],
      },
    },
    {
      name: "ChatGoogle's http_options base_url, ChatOllama's host, ChatAzureOpenAI's azure_endpoint, ChatOpenRouter's own default host",
      code: `from browser_use import ChatGoogle, ChatOllama, ChatAzureOpenAI, ChatOpenRouter\ng = ChatGoogle(model="gemini-2.5-flash", http_options={"base_url": "http://llm-gateway.internal:4000"})\nl = ChatOllama(model="qwen3", host="http://gpu.internal:11434")\nz = ChatAzureOpenAI(model="gpt-4.1", azure_endpoint="https://acme.openai.azure.com")\nr = ChatOpenRouter(model="x/y")\n`,
      expect: {
        modelClients: [
          { provider: "google", baseURL: { kind: "literal", text: "http://llm-gateway.internal:4000" } },
          { provider: "ollama", baseURL: { kind: "literal", text: "http://gpu.internal:11434" } },
          { provider: "azure", baseURL: { kind: "literal", text: "https://acme.openai.azure.com" } },
          { provider: "openrouter", baseURL: { kind: "absent" }, defaultHost: "https://openrouter.ai/api/v1" },
        ],
      },
    },
    {
      name: "an Agent with no llm builds ChatBrowserUse(): one default client per file",
      code: `from browser_use import Agent\na = Agent(task="one")\nb = Agent(task="two")\n`,
      check: (f) => {
        expect(f.modelClients).toHaveLength(1);
        expect(f.modelClients[0]).toMatchObject({ provider: "browser-use", api: "Agent (no llm: the default ChatBrowserUse())", loc: { line: 2 }, more: { count: 1 } });
      },
    },
  ],
  invalid: [
    { name: "a ChatOpenAI of another library is not browser-use's", code: `from my_llms import ChatGoogle\nm = ChatGoogle(api_key="k")\n`, absent: ["modelClients"] },
  ],
});

pyRecognizerTester("browser-use tools", {
  valid: [
    {
      name: "@controller.action(description) names the tool by its function, not by the description; no approval option",
      code: `from browser_use import Controller\ncontroller = Controller()\n@controller.action("Close a ticket by its id")\nasync def close_ticket(ticket_id: str):\n    return ticket_id\n`,
      expect: { tools: [{ name: "close_ticket", framework: "browser-use", approval: "none", loc: { line: 3 } }] },
    },
    {
      name: "@tools.registry.action on Tools() from browser_use.tools.service",
      code: `from browser_use.tools.service import Tools\ntools = Tools()\n@tools.registry.action("Read the status")\ndef read_status():\n    return "ok"\n`,
      expect: { tools: [{ name: "read_status", framework: "browser-use" }] },
    },
    {
      name: "@self.action inside a method of a Tools subclass, the action defined in a nested function",
      code: `from browser_use import Tools\nclass MailTools(Tools):\n    def __init__(self):\n        super().__init__()\n        self.register()\n    def register(self):\n        @self.action("Latest email")\n        async def latest_email() -> str:\n            return ""\n`,
      expect: { tools: [{ name: "latest_email", framework: "browser-use", loc: { line: 7 } }] },
    },
  ],
  invalid: [
    { name: "@self.action in a class that does not derive from browser-use's Tools", code: `from fastapi import APIRouter\nclass Routes(APIRouter):\n    def setup(self):\n        @self.action("x")\n        def handler():\n            pass\n`, absent: ["tools"] },
    { name: "@x.action on an object that is not a browser_use Tools", code: `from browser_use import BrowserProfile\np = BrowserProfile()\n@p.action("x")\ndef f():\n    pass\n`, absent: ["tools"] },
  ],
});

pyRecognizerTester("browser-use navigation", {
  valid: [
    {
      name: "allowed_domains entries are the hosts the browser may reach: a bare domain as https, a URL as written, a glob unknown",
      code: `from browser_use import BrowserProfile\np = BrowserProfile(headless=True, allowed_domains=["example.com", "https://status.example.org/api", "*.example.net"])\n`,
      expect: {
        urls: [
          { api: "browser navigation (BrowserProfile allowed_domains)", url: { kind: "literal", text: "https://example.com" }, loc: { line: 2 } },
          { url: { kind: "literal", text: "https://status.example.org/api" } },
          { url: { kind: "dynamic", text: "*.example.net" } },
        ],
      },
    },
    {
      name: "a profile without allowed_domains, and an Agent with no browser: the browser may go anywhere",
      code: `from browser_use import Agent, BrowserProfile\np = BrowserProfile(headless=False, prohibited_domains=["bad.example"])\na = Agent(task="t", llm=llm)\n`,
      check: (f) => {
        expect(f.urls).toHaveLength(2);
        expect(f.urls[0]).toMatchObject({ api: "browser navigation (BrowserProfile(…))", url: { kind: "dynamic", reason: expect.stringMatching(/^no allowed_domains \(only prohibited_domains, a deny list\)/) }, loc: { line: 2 } });
        expect(f.urls[1]).toMatchObject({ api: "browser navigation (Agent (its default browser))", loc: { line: 3 } });
      },
    },
  ],
  invalid: [
    {
      name: "a session on a profile, and an Agent given a session: the limit is the profile's, read where the profile is made",
      code: `from browser_use import Agent, BrowserSession\ndef go(profile, llm):\n    s = BrowserSession(browser_profile=profile)\n    return Agent(task="t", llm=llm, browser_session=s)\n`,
      absent: ["urls"],
    },
  ],
});
