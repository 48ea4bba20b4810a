import { expect } from "vitest";
import { pyRecognizerTester } from "./tester.js";

// Claude Agent SDK for Python (module claude_agent_sdk 0.2.143): query() and ClaudeSDKClient runs and their
// max_turns, the Claude Code CLI's model client, the built-in and @tool tools as the permission options decide
// them, mcp_servers, WebFetch. Each option checked in the SDK's own source (types.py, subprocess_cli.py).

const HEAD = `import os\nfrom claude_agent_sdk import ClaudeAgentOptions, ClaudeSDKClient, query, tool, create_sdk_mcp_server\n`;

pyRecognizerTester("Claude Agent SDK runs", {
  valid: [
    {
      name: "query() with no max_turns has no turn limit; max_turns=12 on a ClaudeSDKClient is its bound",
      code: `${HEAD}async def go():\n    async for m in query(prompt="x"):\n        pass\n    async with ClaudeSDKClient(options=ClaudeAgentOptions(max_turns=12)) as client:\n        await client.query("y")\n`,
      expect: {
        agentRuns: [
          { framework: "claude-agent-sdk", api: "query", bound: { kind: "unbounded" }, signal: false, loc: { line: 4 } },
          { framework: "claude-agent-sdk", api: "ClaudeSDKClient", bound: { kind: "literal", value: 12 }, boundLoc: { line: 6 } },
        ],
      },
    },
    {
      name: "max_turns=0 passes no limit (the SDK adds --max-turns only when it is truthy)",
      code: `${HEAD}opts = ClaudeAgentOptions(max_turns=0)\nasync def go():\n    async for m in query(prompt="x", options=opts):\n        pass\n`,
      expect: { agentRuns: [{ bound: { kind: "unbounded", reason: "max_turns=0 passes no turn limit to Claude Code" }, boundLoc: { line: 3 } }] },
    },
    {
      name: "client.interrupt() from a closure over the client is the run's stop signal",
      code: `${HEAD}async def go(pause):\n    async with ClaudeSDKClient(options=ClaudeAgentOptions(max_turns=5)) as client:\n        async def stop():\n            await pause.wait()\n            await client.interrupt()\n        await client.query("y")\n`,
      expect: { agentRuns: [{ api: "ClaudeSDKClient", signal: true }] },
    },
    {
      name: "CLAUDE_CODE_ENABLE_TELEMETRY in the options' env turns on the run's telemetry",
      code: `${HEAD}opts = ClaudeAgentOptions(max_turns=5, env={"CLAUDE_CODE_ENABLE_TELEMETRY": "1"})\nasync def go():\n    async for m in query(prompt="x", options=opts):\n        pass\n`,
      expect: { agentRuns: [{ telemetry: true }] },
    },
  ],
  invalid: [
    { name: "a project function named query", code: `def query(prompt):\n    return prompt\nquery(prompt="x")\n`, absent: ["agentRuns"] },
    {
      name: "options passed in from elsewhere: the bound is unknown and the tools opaque, no default is assumed",
      code: `${HEAD}async def go(options):\n    async for m in query(prompt="x", options=options):\n        pass\n`,
      check: (f) => {
        expect(f.agentRuns).toMatchObject([{ bound: { kind: "dynamic" }, opaqueTools: [{ reason: "the options are built at run time, so psf cannot read them" }] }]);
        expect(f.tools).toEqual([]);
      },
    },
    { name: "ClaudeAgentOptions alone is no run", code: `${HEAD}opts = ClaudeAgentOptions(max_turns=3)\n`, absent: ["agentRuns", "tools", "modelClients"] },
  ],
});

pyRecognizerTester("Claude Agent SDK model client", {
  valid: [
    {
      name: "env ANTHROPIC_BASE_URL routes the CLI; with none the CLI reads ANTHROPIC_BASE_URL where the process starts",
      code: `${HEAD}gw = ClaudeAgentOptions(max_turns=5, env={"ANTHROPIC_BASE_URL": os.environ["LLM_GATEWAY_URL"], "ANTHROPIC_API_KEY": os.environ["LLM_GATEWAY_KEY"]})\nasync def go():\n    async for m in query(prompt="x", options=gw):\n        pass\n    async for m in query(prompt="x"):\n        pass\n`,
      expect: {
        modelClients: [
          { framework: "claude-agent-sdk", provider: "anthropic", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" }, baseOption: 'env={"ANTHROPIC_BASE_URL": …}', loc: { line: 3 } },
          { framework: "claude-agent-sdk", provider: "anthropic", baseURL: { kind: "absent" }, envDefault: "ANTHROPIC_BASE_URL", defaultHost: "https://api.anthropic.com", loc: { line: 7 } },
        ],
      },
    },
    {
      name: "CLAUDE_CODE_USE_BEDROCK in the env: the CLI calls Amazon Bedrock",
      code: `${HEAD}o = ClaudeAgentOptions(env={"CLAUDE_CODE_USE_BEDROCK": "1"})\nasync def go():\n    async for m in query(prompt="x", options=o):\n        pass\n`,
      expect: { modelClients: [{ provider: "aws-bedrock" }] },
    },
  ],
  invalid: [],
});

const names = (f: { tools: { name: string }[] }) => f.tools.map((t) => t.name);

pyRecognizerTester("Claude Agent SDK tools and permissions", {
  valid: [
    {
      name: "no tools option: Bash, Write, Edit and NotebookEdit are the run's; with no permission mode none is gated (Claude Code may start in auto mode)",
      code: `${HEAD}async def go():\n    async for m in query(prompt="x", options=ClaudeAgentOptions(max_turns=3)):\n        pass\n`,
      check: (f) => {
        expect(names(f)).toEqual(["Bash", "Write", "Edit", "NotebookEdit"]);
        expect(f.tools.every((t) => t.approval === "none" && t.builtIn)).toBe(true);
        expect(f.destructive).toMatchObject([{ tool: "Bash", loc: { line: 4 } }]);
        expect(f.urls.find((u) => u.api.startsWith("WebFetch"))).toMatchObject({ url: { kind: "dynamic" }, limitedBy: { set: false } });
      },
    },
    {
      name: "bypassPermissions turns approval off at the option; tools=[…] keeps only the listed built-ins; disallowed_tools removes one",
      code: `${HEAD}o = ClaudeAgentOptions(\n    permission_mode="bypassPermissions",\n    tools=["Bash", "Write", "Read"],\n    disallowed_tools=["Write"],\n)\nasync def go():\n    async for m in query(prompt="x", options=o):\n        pass\n`,
      check: (f) => {
        expect(names(f)).toEqual(["Bash"]);
        expect(f.tools[0]).toMatchObject({ approval: "never", approvalLoc: { line: 4 }, loc: { line: 3 } });
        expect(f.urls.some((u) => u.api.startsWith("WebFetch"))).toBe(false);
      },
    },
    {
      name: "default mode: can_use_tool decides each call; an allowed_tools entry approves its tool whole; acceptEdits approves edits",
      code: `${HEAD}async def ask(name, data, ctx):\n    return None\no = ClaudeAgentOptions(permission_mode="default", can_use_tool=ask, allowed_tools=["Bash"], tools=["Bash", "Edit"])\ne = ClaudeAgentOptions(permission_mode="acceptEdits", can_use_tool=ask, tools=["Edit"])\nasync def go():\n    async for m in query(prompt="x", options=o):\n        pass\n    async for m in query(prompt="y", options=e):\n        pass\n`,
      check: (f) => {
        expect(f.tools.map((t) => [t.name, t.approval, t.approvalLoc?.line])).toEqual([["Bash", "never", 5], ["Edit", "conditional", 5], ["Edit", "never", 6]]);
      },
    },
    {
      name: "default mode with no callback: Claude Code refuses what needs asking; dontAsk refuses what allowed_tools does not list",
      code: `${HEAD}o = ClaudeAgentOptions(permission_mode="default", tools=["Bash"])\nd = ClaudeAgentOptions(permission_mode="dontAsk", allowed_tools=["Read"], tools=["Write"])\nasync def go():\n    async for m in query(prompt="x", options=o):\n        pass\n    async for m in query(prompt="y", options=d):\n        pass\n`,
      check: (f) => expect(f.tools.map((t) => [t.name, t.approval])).toEqual([["Bash", "always"], ["Write", "always"]]),
    },
    {
      name: "an @tool function is named by its first argument and judged by the runs that attach its server (mcp__<server> in allowed_tools)",
      code: `${HEAD}@tool("close_ticket", "Close a ticket", {"id": str})\nasync def close(args):\n    return {"content": []}\nsrv = create_sdk_mcp_server(name="ops", version="1.0.0", tools=[close])\no = ClaudeAgentOptions(permission_mode="default", tools=[], mcp_servers={"ops": srv}, allowed_tools=["mcp__ops"])\nasync def go():\n    async for m in query(prompt="x", options=o):\n        pass\n`,
      check: (f) => {
        expect(f.tools).toMatchObject([{ name: "close_ticket", framework: "claude-agent-sdk", approval: "never", approvalLoc: { line: 7 }, loc: { line: 3 } }]);
        expect(f.mcpServers).toEqual([]);
      },
    },
    {
      name: "client.set_permission_mode(\"bypassPermissions\") during the session turns approval off from there, for its tools and MCP servers",
      code: `${HEAD}async def ask(name, data, ctx):\n    return None\nasync def go():\n    o = ClaudeAgentOptions(permission_mode="default", can_use_tool=ask, tools=["Bash"], mcp_servers={"gh": {"type": "http", "url": "https://mcp.example.org"}})\n    async with ClaudeSDKClient(options=o) as client:\n        await client.query("plan first")\n        await client.set_permission_mode("bypassPermissions")\n        await client.query("now do it")\n`,
      check: (f) => {
        expect(f.tools).toMatchObject([{ name: "Bash", approval: "never", approvalLoc: { line: 9 } }]);
        expect(f.mcpServers).toMatchObject([{ name: "gh", approval: "never", approvalLoc: { line: 9 } }]);
      },
    },
    {
      name: "dontAsk with WebFetch(domain:…) rules: WebFetch reaches only those hosts; default mode with no callback and no rule: nowhere",
      code: `${HEAD}o = ClaudeAgentOptions(permission_mode="dontAsk", tools=["WebFetch"], allowed_tools=["WebFetch(domain:docs.example.org)", "WebFetch(domain:*.example.com)"])\nd = ClaudeAgentOptions(permission_mode="default", tools=["WebFetch"])\nasync def go():\n    async for m in query(prompt="x", options=o):\n        pass\n    async for m in query(prompt="y", options=d):\n        pass\n`,
      check: (f) => expect(f.urls.filter((u) => u.api.startsWith("WebFetch")).map((u) => u.url)).toEqual([{ kind: "literal", text: "https://docs.example.org" }, { kind: "dynamic", text: "*.example.com", reason: "a wildcard domain rule: every host it matches" }]),
    },
    {
      name: "a subagent's own permissionMode decides the tools it lists; the run's other tools keep the run's",
      code: `${HEAD}from claude_agent_sdk import AgentDefinition\nasync def ask(name, data, ctx):\n    return None\no = ClaudeAgentOptions(\n    permission_mode="default",\n    can_use_tool=ask,\n    tools=["Write"],\n    agents={"fixer": AgentDefinition(description="d", prompt="p", tools=["Bash"], permissionMode="bypassPermissions")},\n)\nasync def go():\n    async for m in query(prompt="x", options=o):\n        pass\n`,
      check: (f) => expect(f.tools.map((t) => [t.name, t.approval, t.approvalLoc?.line])).toEqual([["Bash", "never", 10], ["Write", "conditional", 8]]),
    },
    {
      name: "a switch to plan mode gates nothing less than before",
      code: `${HEAD}async def ask(name, data, ctx):\n    return None\nasync def go():\n    async with ClaudeSDKClient(options=ClaudeAgentOptions(permission_mode="default", can_use_tool=ask, tools=["Bash"])) as client:\n        await client.set_permission_mode("plan")\n`,
      check: (f) => expect(f.tools).toMatchObject([{ name: "Bash", approval: "conditional" }]),
    },
    {
      name: "an external MCP server in mcp_servers, its approval from the permission mode",
      code: `${HEAD}o = ClaudeAgentOptions(permission_mode="bypassPermissions", tools=[], mcp_servers={"gh": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"]}, "docs": {"type": "http", "url": "https://mcp.example.org/mcp"}})\nasync def go():\n    async for m in query(prompt="x", options=o):\n        pass\n`,
      expect: {
        mcpServers: [
          { name: "gh", transport: "stdio", command: "npx -y @modelcontextprotocol/server-github", approval: "never", unpinned: "@modelcontextprotocol/server-github" },
          { name: "docs", transport: "http", url: { kind: "literal", text: "https://mcp.example.org/mcp" }, approval: "never" },
        ],
      },
    },
  ],
  invalid: [
    { name: "a tool decorator of another library", code: `from langchain.tools import tool as lc_tool\nimport claude_agent_sdk\n`, absent: ["tools"] },
  ],
});
