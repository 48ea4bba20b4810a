// Paid APIs beside the model (web search, crawling): the DN42 agent's bills came from calls like these.
// Each call costs money, the model decides how many, and none of it passes an LLM gateway unless the
// code sends it there. RSG-04 warns where the agent reaches one; ABC-02 checks its host like any URL.
import { describe, expect, it } from "vitest";
import { check } from "./helpers.js";
import { controlTable } from "./table.js";

const gw = { spend: { enforcement: { layer: "gateway", on_exceed: "suspend", gateway: { url: "http://llm-gateway.internal:4000", url_env: "LLM_GATEWAY_URL" } } } } as const;
const allow = (hosts: string[]) => ({ ...gw, boundaries: { endpoints: { allow: hosts } } });

controlTable("RSG-04", [
  { name: "Python: a TavilyClient with no api_base_url reaches api.tavily.com, outside the gateway", manifest: gw, files: { "agent/search.py": "from tavily import TavilyClient\n\nclient = TavilyClient()\n" }, findings: ["warn@3"], messages: ["TavilyClient (Tavily API) calls api.tavily.com", "paid API", "RSG-06"] },
  { name: "Python: a TavilyClient sent through the gateway passes", manifest: gw, files: { "agent/search.py": "import os\nfrom tavily import TavilyClient\nclient = TavilyClient(api_base_url=\"http://llm-gateway.internal:4000/tavily\")\n" }, findings: [] },
  { name: "Python: LangChain's TavilySearch tool, CrewAI's SerperDevTool and agno's ExaTools each warn", manifest: gw, files: { "agent/tools.py": "from langchain_tavily import TavilySearch\nfrom crewai_tools import SerperDevTool\nfrom agno.tools.exa import ExaTools\n\nsearch = TavilySearch(max_results=3)\nserper = SerperDevTool()\nexa = ExaTools()\n" }, findings: ["warn@5", "warn@6", "warn@7"], messages: ["api.tavily.com", "google.serper.dev", "api.exa.ai"] },
  { name: "Python: PydanticAI's Exa tool reports the client it is handed, once", manifest: gw, files: { "agent/tools.py": "from exa_py import AsyncExa\nfrom pydantic_ai.common_tools.exa import exa_search_tool\nfrom pydantic_ai.common_tools.tavily import tavily_search_tool\n\nsearch = exa_search_tool(client=AsyncExa(api_key='k'))\nweb = tavily_search_tool('k')\n" }, findings: ["warn@5", "warn@6"], messages: ["AsyncExa (Exa API)", "tavily_search_tool (Tavily API)"] },
  { name: "Python: Firecrawl with no api_url reaches its host unless FIRECRAWL_API_URL says otherwise", manifest: gw, files: { "agent/crawl.py": "from firecrawl import FirecrawlApp\napp = FirecrawlApp(api_key=\"x\")\n" }, findings: ["warn@2"], messages: ["reaches api.firecrawl.dev unless os.environ[\"FIRECRAWL_API_URL\"] says otherwise"] },
  { name: "TypeScript: @tavily/core's client and exa-js' Exa warn; a raw fetch to serpapi.com warns", manifest: gw, files: `import { tavily } from "@tavily/core";\nimport Exa from "exa-js";\n\nexport const tvly = tavily({ apiKey: process.env.TAVILY_API_KEY });\nexport const exa = new Exa(process.env.EXA_API_KEY);\nexport const r = await fetch("https://serpapi.com/search.json?q=x");\n`, findings: ["warn@4", "warn@5", "warn@6"], messages: ["tavily (Tavily API)", "Exa (Exa API)", "fetch calls serpapi.com"] },
  { name: "TypeScript: @langchain/tavily's TavilySearch with apiBaseUrl on the gateway passes", manifest: gw, files: `import { TavilySearch } from "@langchain/tavily";\nexport const t = new TavilySearch({ maxResults: 3, apiBaseUrl: "http://llm-gateway.internal:4000/tavily" });\n`, findings: [] },
  { name: "TypeScript: a remote MCP server on Exa's host is the same paid API", manifest: gw, files: `import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";\nexport const t = new StreamableHTTPClientTransport(new URL("https://mcp.exa.ai/mcp"));\n`, findings: ["warn@2"], messages: ["calls mcp.exa.ai: Exa is a paid API"] },
  { name: "layer provider: not applicable", manifest: { spend: { enforcement: { layer: "provider" } } }, files: { "agent/search.py": "from tavily import TavilyClient\nclient = TavilyClient()\n" }, findings: [], notes: ["provider"] },
]);

controlTable("ABC-02", [
  { name: "Python: the default Tavily host off the allowlist fails", manifest: allow(["http://llm-gateway.internal:4000"]), files: { "agent/search.py": "from tavily import TavilyClient\nclient = TavilyClient()\n" }, findings: ["fail@2"], messages: ["TavilyClient (Tavily API) → \"https://api.tavily.com\" is not on the endpoint allowlist"] },
  { name: "Python: the default Tavily host on the allowlist passes", manifest: allow(["http://llm-gateway.internal:4000", "https://api.tavily.com"]), files: { "agent/search.py": "from tavily import TavilyClient\nclient = TavilyClient()\n" }, findings: [] },
  { name: "TypeScript: Firecrawl's apiUrl from an env variable is a run-time URL (warn)", manifest: allow(["http://llm-gateway.internal:4000"]), files: `import FirecrawlApp from "@mendable/firecrawl-js";\nexport const app = new FirecrawlApp({ apiKey: "k", apiUrl: process.env.CRAWL_URL });\n`, findings: ["warn@2"], messages: ["CRAWL_URL"] },
]);

describe("RSG-04's fix for a paid API names the client's own option", () => {
  const cases: { name: string; files: Record<string, string>; fix: string }[] = [
    { name: "Python TavilyClient: api_base_url=", files: { "agent/s.py": "from tavily import TavilyClient\nc = TavilyClient()\n" }, fix: "`api_base_url=`" },
    { name: "TypeScript LangChain TavilySearch: apiBaseUrl:", files: { "src/s.ts": `import { TavilySearch } from "@langchain/tavily";\nexport const t = new TavilySearch({ maxResults: 2 });\n` }, fix: "`apiBaseUrl:`" },
    { name: "@tavily/core's client has none (checked in its source)", files: { "src/s.ts": `import { tavily } from "@tavily/core";\nexport const t = tavily({ apiKey: "k" });\n` }, fix: "this client takes no base-URL option" },
    { name: "agno's TavilyTools: psf does not know its option, and says how to find one", files: { "agent/s.py": "from agno.tools.tavily import TavilyTools\nt = TavilyTools()\n" }, fix: "the client's base-URL setting, or a client of Tavily's own SDK that takes one" },
  ];
  it.each(cases)("$name", ({ files, fix }) => {
    const r = check("RSG-04", gw, files);
    expect(r.findings.map((f) => f.fix).join("\n")).toContain(fix);
  });
});

describe("RSG-05 on a paid API's hard-coded key", () => {
  it("fixes it with the API's own variable, not the gateway's virtual key the model calls use", () => {
    const r = check("RSG-05", { spend: { enforcement: { layer: "gateway", gateway: { url: "http://gw:4000", key_env: "LLM_GATEWAY_KEY" } } } }, { "agent/s.py": "from tavily import TavilyClient\nc = TavilyClient(api_key=\"tvly-dev-Q7d9Kx2Lm4Np8Rt6Vw3Yz5Ab1C\")\n" });
    expect(r.findings.map((f) => `${f.level} ${f.message} | ${f.fix}`)).toEqual([expect.stringMatching(/^fail hard-coded Tavily API key tvly-…Ab1C .*TAVILY_API_KEY.*if the gateway proxies Tavily/)]);
  });
});
