// MCP servers are tool sources psf cannot see into: named, their URLs checked, unfiltered ones warned about.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assess, assessAsync } from "../../src/assess.js";
import { loadPythonParser } from "../../src/facts/python/parser.js";
import { unpinnedPackage, looksLikeLiteralToken } from "../../src/facts/mcp.js";
import { RENDERERS } from "../../src/report/render/index.js";
import type { Report } from "../../src/report/model.js";
import { factsOf } from "../facts/helpers.js";
import { pyFactsOf } from "../facts/python/tester.js";
import { MINIMAL, project } from "../helpers.js";

beforeAll(async () => {
  await loadPythonParser();
});
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("MCP attachments in TypeScript", () => {
  it.each([
    ["AI SDK createMCPClient over HTTP", `import { createMCPClient } from "@ai-sdk/mcp";\nexport const c = await createMCPClient({ transport: { type: "http", url: "https://mcp.example.com/mcp" } });\n`, { name: "mcp.example.com", transport: "http", url: { kind: "literal", text: "https://mcp.example.com/mcp" }, loc: { line: 2 } }],
    ["the AI SDK's older experimental_createMCPClient from ai", `import { experimental_createMCPClient } from "ai";\nexport const c = await experimental_createMCPClient({ transport: { type: "sse", url: "https://sse.example.com/sse" } });\n`, { transport: "sse" }],
    ["the MCP SDK's stdio transport", `import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";\nexport const t = new StdioClientTransport({ command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "/data"] });\n`, { name: "@modelcontextprotocol/server-filesystem", transport: "stdio", command: "npx -y @modelcontextprotocol/server-filesystem /data", unpinned: "@modelcontextprotocol/server-filesystem" }],
    ["OpenAI Agents hostedMcpTool with approval off", `import { hostedMcpTool } from "@openai/agents";\nexport const t = hostedMcpTool({ serverLabel: "gitmcp", serverUrl: "https://gitmcp.io/openai/codex", requireApproval: "never" });\n`, { name: "gitmcp", transport: "hosted", approval: "never" }],
    ["OpenAI Agents MCPServerStdio with a tool filter", `import { MCPServerStdio, createMCPToolStaticFilter } from "@openai/agents";\nexport const s = new MCPServerStdio({ name: "fs", fullCommand: "npx -y @modelcontextprotocol/server-filesystem@2025.1.0 .", toolFilter: createMCPToolStaticFilter({ allowed: ["read_file"] }) });\n`, { name: "fs", filtered: true, command: "npx -y @modelcontextprotocol/server-filesystem@2025.1.0 ." }],
    ["Mastra MCPClient servers", `import { MCPClient } from "@mastra/mcp";\nexport const mcp = new MCPClient({ servers: { weather: { url: new URL("https://weather.example.com/mcp") }, git: { command: "uvx", args: ["mcp-server-git"] } } });\n`, { name: "weather", transport: "http" }],
  ])("%s", (_name, code, expected) => {
    const f = factsOf(code);
    expect(f.mcpServers[0]).toMatchObject(expected);
  });

  it("an unpinned npx package is flagged; a pinned one is not", () => {
    expect(unpinnedPackage("npx -y @modelcontextprotocol/server-github")).toBe("@modelcontextprotocol/server-github");
    expect(unpinnedPackage("npx -y @modelcontextprotocol/server-github@2025.4.8")).toBeUndefined();
    expect(unpinnedPackage("uvx mcp-server-git")).toBe("mcp-server-git");
    expect(unpinnedPackage("uvx mcp-server-git==0.6.2")).toBeUndefined();
    expect(unpinnedPackage("node build/server.js")).toBeUndefined();
  });

  it("`@latest` is a moving tag, not a pin: the server still changes with no review", () => {
    expect(unpinnedPackage("uvx awslabs.cost-explorer-mcp-server@latest")).toBe("awslabs.cost-explorer-mcp-server");
    expect(unpinnedPackage("npx -y @playwright/mcp@latest")).toBe("@playwright/mcp");
    expect(unpinnedPackage("npx -y @playwright/mcp@0.0.41")).toBeUndefined();
  });

  it.each([["${input:github_token}", false], ["$GITHUB_TOKEN", false], ["Bearer abc123def456ghi789", true], ["short1", false], ["https://example.com", false]])("literal token %j → %s", (v, yes) => {
    expect(looksLikeLiteralToken(v)).toBe(yes);
  });
});

describe("MCP attachments in Python", () => {
  it.each([
    ["OpenAI Agents MCPServerStdio(params=…) without filter", `from agents.mcp import MCPServerStdio\nserver = MCPServerStdio(params={"command": "uvx", "args": ["mcp-server-fetch"]})\n`, { name: "mcp-server-fetch", transport: "stdio", filtered: false, approval: "none", unpinned: "mcp-server-fetch", loc: { line: 2 } }],
    ["HostedMCPTool with require_approval never", `from agents import HostedMCPTool\nt = HostedMCPTool(tool_config={"type": "mcp", "server_label": "deepwiki", "server_url": "https://mcp.deepwiki.com/mcp", "require_approval": "never"})\n`, { name: "deepwiki", transport: "hosted", approval: "never" }],
    ["LangChain MultiServerMCPClient", `from langchain_mcp_adapters.client import MultiServerMCPClient\nc = MultiServerMCPClient({"math": {"command": "python", "args": ["math_server.py"], "transport": "stdio"}, "weather": {"url": "http://localhost:8000/mcp", "transport": "streamable_http"}})\n`, { name: "math", transport: "stdio" }],
    ["the MCP SDK's StdioServerParameters", `from mcp import StdioServerParameters\np = StdioServerParameters(command="npx", args=["-y", "@playwright/mcp"], env={"TOKEN": "tok_9f8e7d6c5b4a3210zz"})\n`, { name: "@playwright/mcp", transport: "stdio" }],
    ["PydanticAI MCPServerStreamableHTTP", `from pydantic_ai.mcp import MCPServerStreamableHTTP\ns = MCPServerStreamableHTTP("https://mcp.example.com/mcp")\n`, { transport: "http", url: { kind: "literal", text: "https://mcp.example.com/mcp" } }],
  ])("%s", (_name, code, expected) => {
    const f = pyFactsOf(code);
    expect(f.mcpServers[0]).toMatchObject(expected);
  });

  // Google ADK wraps the MCP SDK's parameters in a toolset, which holds the filter: one server, recorded with it.
  it.each([
    ["ADK McpToolset(StdioConnectionParams(server_params=StdioServerParameters(…)), tool_filter=[…])",
      `from google.adk.tools.mcp_tool.mcp_toolset import McpToolset\nfrom google.adk.tools.mcp_tool.mcp_session_manager import StdioConnectionParams\nfrom mcp import StdioServerParameters\ntools = McpToolset(\n    connection_params=StdioConnectionParams(server_params=StdioServerParameters(command="npx", args=["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "/srv"])),\n    tool_filter=["read_file", "list_directory"],\n)\n`,
      { name: "@modelcontextprotocol/server-filesystem@2025.8.21", source: "McpToolset", transport: "stdio", filtered: true, approval: "none", loc: { line: 4, column: 9 } }],
    ["ADK MCPToolset (older name) with the SDK's parameters directly, no filter",
      `from google.adk.tools.mcp_tool.mcp_toolset import MCPToolset\nfrom mcp import StdioServerParameters\nt = MCPToolset(connection_params=StdioServerParameters(command="uvx", args=["mcp-server-git"]))\n`,
      { name: "mcp-server-git", source: "MCPToolset", filtered: false, unpinned: "mcp-server-git" }],
    ["ADK McpToolset over SSE, confirmation required",
      `from google.adk.tools.mcp_tool import McpToolset, SseConnectionParams\nt = McpToolset(connection_params=SseConnectionParams(url="https://mcp.example.com/sse", headers={"Authorization": "Bearer abc123def456ghi789"}), require_confirmation=True)\n`,
      { name: "mcp.example.com", transport: "sse", url: { kind: "literal", text: "https://mcp.example.com/sse" }, approval: "always" }],
    ["smolagents ToolCollection.from_mcp with a remote server",
      `from smolagents import ToolCollection\nwith ToolCollection.from_mcp({"url": "https://tools.example.com/mcp", "transport": "streamable-http"}, trust_remote_code=True) as tc:\n    pass\n`,
      { name: "tools.example.com", source: "smolagents ToolCollection.from_mcp", transport: "http", filtered: false, approval: "none" }],
    ["smolagents MCPClient over SSE",
      `from smolagents import MCPClient\nclient = MCPClient({"url": "https://sse.example.com/sse", "transport": "sse"})\n`,
      { name: "sse.example.com", source: "smolagents MCPClient", transport: "sse" }],
  ])("%s", (_name, code, expected) => {
    const f = pyFactsOf(code);
    expect(f.mcpServers).toHaveLength(1);
    expect(f.mcpServers[0]).toMatchObject(expected);
  });

  it("ADK's literal header token is a secret, and its URL an outbound site", () => {
    const f = pyFactsOf(`from google.adk.tools.mcp_tool import McpToolset, SseConnectionParams\nt = McpToolset(connection_params=SseConnectionParams(url="https://mcp.example.com/sse", headers={"Authorization": "Bearer abc123def456ghi789"}))\n`);
    expect(f.secrets).toHaveLength(1);
    expect(f.urls).toEqual([expect.objectContaining({ api: "MCP server mcp.example.com", url: { kind: "literal", text: "https://mcp.example.com/sse" } })]);
  });

  it("a literal token in a server's env is a secret literal, redacted", () => {
    const f = pyFactsOf(`from mcp import StdioServerParameters\np = StdioServerParameters(command="npx", args=["-y", "@playwright/mcp"], env={"TOKEN": "tok_9f8e7d6c5b4a3210zz"})\n`);
    expect(f.secrets).toEqual([expect.objectContaining({ kind: "token", redacted: "tok…10zz" })]);
  });
});

describe("provider-hosted MCP", () => {
  it("OpenAI Responses tools=[{ type: 'mcp' }] in TypeScript, with approval off", () => {
    const f = factsOf(`import OpenAI from "openai";\nconst client = new OpenAI({ baseURL: process.env.LLM_GATEWAY_URL });\nexport const r = await client.responses.create({ model: "gpt-5", input: "x", tools: [{ type: "mcp", server_label: "deepwiki", server_url: "https://mcp.deepwiki.com/mcp", require_approval: "never" }] });\n`);
    expect(f.mcpServers).toEqual([expect.objectContaining({ name: "deepwiki", transport: "hosted", approval: "never", filtered: false, source: "OpenAI Responses hosted MCP" })]);
    expect(f.urls.some((u) => u.api === "MCP server deepwiki")).toBe(true);
  });

  it("Anthropic mcp_servers=[…] in Python, filtered by allowed_tools, its literal token a secret", () => {
    const f = pyFactsOf(`import anthropic\nclient = anthropic.Anthropic()\nr = client.beta.messages.create(model="claude-sonnet-4", max_tokens=100, messages=[], mcp_servers=[{"type": "url", "url": "https://mcp.example.com/sse", "name": "example", "authorization_token": "tok_9f8e7d6c5b4a3210zz", "tool_configuration": {"allowed_tools": ["search"]}}])\n`);
    expect(f.mcpServers).toEqual([expect.objectContaining({ name: "example", transport: "hosted", filtered: true, source: "Anthropic MCP connector" })]);
    expect(f.secrets).toEqual([expect.objectContaining({ kind: "token", redacted: "tok…10zz", loc: expect.objectContaining({ line: 3 }) })]);
  });
});

describe("MCP servers in the controls and every format", () => {
  const MANIFEST = `${MINIMAL}boundaries:\n  endpoints:\n    allow: ["https://registry.example.org"]\n`;
  const CONFIG = `{\n  "mcpServers": {\n    "github": {\n      "command": "npx",\n      "args": ["-y", "@modelcontextprotocol/server-github"]\n    },\n    "docs": { "type": "http", "url": "https://mcp.docs.example.com/mcp" }\n  }\n}\n`;
  let report: Report;
  beforeAll(async () => {
    const dir = project({ "psf.yaml": MANIFEST, ".mcp.json": CONFIG, "agent.py": `from agents import HostedMCPTool\nt = HostedMCPTool(tool_config={"type": "mcp", "server_label": "wiki", "server_url": "https://registry.example.org/mcp", "require_approval": "never"})\n` });
    made.push(dir);
    report = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
  });
  const findings = (id: string) => report.controls.find((c) => c.id === id)!.findings.map((f) => `${f.level} ${f.file}:${f.line} ${f.message}`);

  it("a server with no filter and no approval is an OOC-03 warn naming it; approval 'never' fails; unpinned npx warns", () => {
    expect(findings("OOC-03")).toEqual(expect.arrayContaining([
      expect.stringMatching(/^warn \.mcp\.json:3 MCP server github \(runs `npx -y @modelcontextprotocol\/server-github`, from \.mcp\.json\): its tools are unknown/),
      expect.stringMatching(/^warn \.mcp\.json:3 MCP server github runs @modelcontextprotocol\/server-github without a version/),
      expect.stringMatching(/^fail agent\.py:2 MCP server wiki .* approval turned off/),
    ]));
  });

  it("a remote server's URL is checked against the allowlist (ABC-02)", () => {
    expect(findings("ABC-02")).toEqual(expect.arrayContaining([expect.stringMatching(/^fail \.mcp\.json:7 MCP server docs → "https:\/\/mcp\.docs\.example\.com\/mcp" is not on the endpoint allowlist/)]));
    expect(findings("ABC-02").some((f) => f.includes("wiki"))).toBe(false);
  });

  it.each(Object.keys(RENDERERS))("%s names every server", (format) => {
    const out = RENDERERS[format]!(report, { color: 0 });
    for (const name of ["github", "docs", "wiki"]) expect(out, `${format} names ${name}`).toContain(name);
  });

  it("the capabilities list the servers, so --previous can name a new one", () => {
    expect(report.capabilities.mcp_servers?.map((s) => s.name).sort()).toEqual(["docs", "github", "wiki"]);
  });

  it("without MCP, nothing of this appears", () => {
    const dir = project({ "psf.yaml": MINIMAL, "src/a.ts": "export const a = 1;\n" });
    made.push(dir);
    const r = assess(path.join(dir, "psf.yaml")).report;
    expect(r.capabilities.mcp_servers).toEqual([]);
    expect(RENDERERS.text!(r, { color: 0 })).not.toMatch(/MCP servers/);
  });
});

describe("a filter given as None is no filter (Python)", () => {
  it.each([
    ["OpenAI Agents MCPServerStdio(tool_filter=None)", `from agents.mcp import MCPServerStdio\nserver = MCPServerStdio(name="github", params={"command": "uvx", "args": ["mcp-server-git==0.6.2"]}, tool_filter=None)\n`],
    ["HostedMCPTool allowed_tools None", `from agents import HostedMCPTool\nt = HostedMCPTool(tool_config={"type": "mcp", "server_label": "deepwiki", "server_url": "https://mcp.deepwiki.com/mcp", "allowed_tools": None, "require_approval": "always"})\n`],
  ])("%s", (_name, code) => {
    expect(pyFactsOf(code).mcpServers[0]).toMatchObject({ filtered: false });
  });
});

describe("an MCP config file that does not parse", () => {
  it.each([
    ["a trailing comma", `{\n  "mcpServers": {\n    "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"] },\n  }\n}\n`],
    ["a comment after a value", `{\n  "mcpServers": { "fs": { "command": "uvx" } } // the team's servers\n}\n`],
  ])("(%s) is a warn on each MCP control naming the file, never skipped", (_name, config) => {
    const dir = project({ "psf.yaml": MINIMAL, ".mcp.json": config, "agent.ts": "export const x = 1;\n" });
    made.push(dir);
    const report = assess(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") }).report;
    for (const id of ["OOC-03", "ABC-02", "ABC-08"]) {
      const c = report.controls.find((x) => x.id === id)!;
      expect(c.status, id).not.toBe("pass");
      expect(c.findings.map((f) => `${f.level} ${f.file}:${f.line} ${f.message}`), id).toEqual(expect.arrayContaining([expect.stringMatching(/^warn \.mcp\.json:1 \.mcp\.json could not be read \(.+\): the MCP servers it attaches are not examined$/)]));
    }
  });
});
