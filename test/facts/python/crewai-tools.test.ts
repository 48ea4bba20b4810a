import { expect } from "vitest";
import { pyRecognizerTester } from "./tester.js";

// CrewAI's built-in tools (crewai_tools): the tool the model sees, what it does, where it reaches, the embedder it calls.
const IMPORT = "from crewai import Agent\nfrom crewai_tools import ScrapeWebsiteTool, FileWriterTool, CodeInterpreterTool, NL2SQLTool, PDFSearchTool, DirectoryReadTool, SpiderTool, MCPServerAdapter\n";

pyRecognizerTester("CrewAI built-in tools (crewai_tools)", {
  valid: [
    {
      name: "ScrapeWebsiteTool() is the read tool read_website_content, fetching any page the model passes",
      code: `${IMPORT}scraper = ScrapeWebsiteTool()\n`,
      expect: {
        tools: [{ name: "read_website_content", framework: "crewai", builtIn: 'crewai_tools ScrapeWebsiteTool, name "Read website content"', loc: { line: 3 } }],
        urls: [{ api: "ScrapeWebsiteTool (crewai_tools)", url: { kind: "dynamic" }, limitedBy: { option: "website_url", set: false }, loc: { line: 3 } }],
      },
      check: (f) => expect(f.tools[0]!.writes).toBeUndefined(),
    },
    {
      name: "ScrapeWebsiteTool(website_url=…) reads that page only: a literal URL",
      code: `${IMPORT}docs = ScrapeWebsiteTool(website_url="https://docs.example.com/guide")\n`,
      expect: { urls: [{ api: "ScrapeWebsiteTool website_url= (crewai_tools)", url: { kind: "literal", text: "https://docs.example.com/guide" } }] },
      check: (f) => expect(f.urls.filter((u) => u.url.kind === "dynamic")).toEqual([]),
    },
    {
      name: "FileWriterTool writes files: file_writer_tool with a write",
      code: `${IMPORT}w = FileWriterTool()\n`,
      expect: { tools: [{ name: "file_writer_tool", writes: [{ op: expect.stringContaining("writes the files the model names") }] }] },
      absent: ["destructive"],
    },
    {
      name: "CodeInterpreterTool runs model-written code: destructive by default (Docker mounts the working directory) and with unsafe_mode=True",
      code: `${IMPORT}safe = CodeInterpreterTool()\nhost = CodeInterpreterTool(unsafe_mode=True)\n`,
      expect: {
        destructive: [
          { tool: "code_interpreter", op: expect.stringContaining("Docker container that mounts the working directory read-write"), loc: { line: 3 } },
          { tool: "code_interpreter", op: expect.stringContaining("unsafe_mode=True"), loc: { line: 4 } },
        ],
      },
    },
    {
      name: "NL2SQLTool writes (read-only only since 1.14.2); allow_dml=True makes it destructive",
      code: `${IMPORT}q = NL2SQLTool(db_uri="postgresql://db/app")\nd = NL2SQLTool(db_uri="postgresql://db/app", allow_dml=True)\n`,
      expect: {
        tools: [{ name: "nl2sql_tool", writes: [{ op: expect.stringContaining("before crewai-tools 1.14.2") }] }, { name: "nl2sql_tool" }],
        destructive: [{ tool: "nl2sql_tool", op: expect.stringContaining("allow_dml=True"), loc: { line: 4 } }],
      },
    },
    {
      name: "PDFSearchTool() embeds with OpenAI by default and takes any file or URL the model passes",
      code: `${IMPORT}pdfs = PDFSearchTool()\n`,
      expect: {
        modelClients: [{ framework: "crewai", provider: "openai", baseURL: { kind: "absent" }, envDefault: "OPENAI_BASE_URL", baseOption: expect.stringContaining('"embedding_model"'), keyOption: expect.stringContaining('"api_key": …') }],
        urls: [{ api: "PDFSearchTool (crewai_tools)", url: { kind: "dynamic" }, limitedBy: { option: "pdf" } }, { api: expect.stringContaining("PDFSearchTool embedder") }],
      },
    },
    {
      name: "PDFSearchTool(pdf=<a local file>, config={embedding_model: ollama}) embeds with Ollama at its url and reaches no page",
      code: `${IMPORT}pdfs = PDFSearchTool(pdf="docs/handbook.pdf", config={"embedding_model": {"provider": "ollama", "config": {"url": "http://embed.internal:11434/api/embeddings"}}})\n`,
      expect: { modelClients: [{ provider: "ollama", baseURL: { kind: "literal", text: "http://embed.internal:11434/api/embeddings" } }] },
      check: (f) => expect(f.urls.map((u) => u.api)).toEqual([expect.stringContaining("PDFSearchTool embedder")]),
    },
    {
      name: "embedding_model {provider: openai} with no api_base reads OPENAI_API_BASE; an old embedchain `embedder` key is not read (OpenAI, said so)",
      code: `${IMPORT}a = PDFSearchTool(pdf="a.pdf", config={"embedding_model": {"provider": "openai", "config": {"model_name": "text-embedding-3-small"}}})\nb = PDFSearchTool(pdf="b.pdf", config={"embedder": {"provider": "ollama"}})\n`,
      expect: { modelClients: [{ provider: "openai", envDefault: "OPENAI_API_BASE", loc: { line: 3 } }, { provider: "openai", envDefault: "OPENAI_BASE_URL", api: expect.stringContaining("read only by crewai-tools before 0.73"), loc: { line: 4 } }] },
    },
    {
      name: "the project's own RagTool subclass embeds with OpenAI too, unless its config field names another embedder",
      code: `from crewai_tools import RagTool\nclass FilingsTool(RagTool):\n    name: str = "Search filings"\n    def _run(self, query: str) -> str:\n        return query\nclass LocalTool(RagTool):\n    name: str = "Search local"\n    config: dict = {"embedding_model": {"provider": "onnx"}}\n`,
      expect: { modelClients: [{ provider: "openai", api: expect.stringContaining("FilingsTool embedder"), loc: { line: 2 } }], tools: [{ name: "Search filings" }, { name: "Search local" }] },
      check: (f) => expect(f.modelClients).toHaveLength(1),
    },
    {
      name: "a @before_tool_call hook naming the tool that asks a person (request_human_input) is its approval",
      code: `${IMPORT}from crewai.hooks import before_tool_call\nw = FileWriterTool()\n@before_tool_call(tools=["File Writer Tool"])\ndef ask(context):\n    return context.request_human_input("write?") == "yes"\n`,
      expect: { tools: [{ name: "file_writer_tool", approval: "always", approvalLoc: { line: 5 } }] },
      check: (f) => expect(f.tools[0]!.approvalCaveat).toBeUndefined(),
    },
    {
      name: "a bare @before_tool_call hook that asks no one gates every built-in, with the caveat that it may refuse by a rule",
      code: `${IMPORT}from crewai.hooks import before_tool_call\n@before_tool_call\ndef rule(context):\n    return None if context.tool_name != "code_interpreter" else False\nw = FileWriterTool()\n`,
      expect: { tools: [{ name: "file_writer_tool", approval: "always", approvalLoc: { line: 4 }, approvalCaveat: { why: expect.stringContaining("found no `context.request_human_input(…)`") } }] },
    },
    {
      name: "a crewai_tools class psf does not list, given to an Agent, is a set of tools it cannot see",
      code: `${IMPORT}a = Agent(role="r", goal="g", backstory="b", tools=[SpiderTool(), DirectoryReadTool()])\n`,
      expect: { agentRuns: [{ framework: "crewai", opaqueTools: [{ text: "SpiderTool(…)", reason: expect.stringContaining("psf does not list") }] }], tools: [{ name: "list_files_in_directory" }] },
    },
    {
      name: "MCPServerAdapter({url}, names…) is a remote MCP server, filtered to the names",
      code: `${IMPORT}mcp = MCPServerAdapter({"url": "https://mcp.example.com/mcp", "transport": "streamable-http"}, "search_docs")\n`,
      expect: { mcpServers: [{ name: "mcp.example.com", transport: "http", filtered: true, source: "crewai_tools MCPServerAdapter" }] },
    },
  ],
  invalid: [
    {
      name: "a project class named like a built-in is not crewai_tools' (only the real built-in beside it is read)",
      code: `from mytools import ScrapeWebsiteTool, PDFSearchTool\nfrom crewai_tools import FileReadTool\ns = ScrapeWebsiteTool()\np = PDFSearchTool()\nr = FileReadTool()\n`,
      absent: ["urls", "modelClients"],
      check: (f) => expect(f.tools.map((t) => [t.name, t.loc.line])).toEqual([["read_a_files_content", 5]]),
    },
    {
      name: "a local embedder (sentence-transformer) calls no provider: the tool, and no model client",
      code: `${IMPORT}d = PDFSearchTool(pdf="a.pdf", config={"embedding_model": {"provider": "sentence-transformer", "config": {"model_name": "all-MiniLM-L6-v2"}}})\n`,
      expect: { tools: [{ name: "search_a_pdfs_content", builtIn: 'crewai_tools PDFSearchTool, name "Search a PDF\'s content"' }] },
      absent: ["modelClients", "urls"],
    },
    {
      name: "a hook naming another tool does not approve the built-in",
      code: `${IMPORT}from crewai.hooks import before_tool_call\n@before_tool_call(tools=["delete_file"])\ndef ask(context):\n    return False\nw = FileWriterTool()\n`,
      expect: { tools: [{ name: "file_writer_tool", approval: "none" }] },
    },
  ],
});
