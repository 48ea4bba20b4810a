import type { Builder, CallSite, Recognizer } from "./context.js";
import type { Sym } from "./sym.js";
import type { SourceLocation, StringValue } from "./types.js";
import { hostOf, toStringValue } from "./values.js";
import { isPythonFile } from "./python/parser.js";

/**
 * Paid APIs an agent calls besides its model: web search, page extraction, crawling. Each call costs
 * money (Tavily and Firecrawl by credit, Exa, Serper and SerpApi by request), the model decides how
 * many calls a run makes, and none of it passes an LLM gateway unless the code sends it there: the
 * spend the manifest's ceiling bounds is the model's, not this. In the DN42 incident it was such calls
 * that ran across billing cycles. RSG-04 warns on every call site that reaches one of these hosts
 * (controls/source/rsg.ts); ABC-02 checks the host against the allowlist like any outbound URL.
 *
 * Each client is read from its SDK's own source: the option that moves it (its base URL) and the
 * variable it reads when the option is not given.
 */
export interface PaidApi {
  service: string;
  /** The host the SDK calls when nothing moves it. */
  host: string;
  /** What a call costs, for the finding. */
  billing: string;
  /** Other hosts of the same account's API: its remote MCP server. */
  alsoHosts?: readonly string[];
}

const TAVILY: PaidApi = { service: "Tavily", host: "https://api.tavily.com", billing: "billed by credit per search, extract and crawl", alsoHosts: ["mcp.tavily.com"] };
const EXA: PaidApi = { service: "Exa", host: "https://api.exa.ai", billing: "billed per request", alsoHosts: ["mcp.exa.ai"] };
const FIRECRAWL: PaidApi = { service: "Firecrawl", host: "https://api.firecrawl.dev", billing: "billed by credit per page" };
const SERPER: PaidApi = { service: "Serper", host: "https://google.serper.dev", billing: "billed per query" };
const SERPAPI: PaidApi = { service: "SerpApi", host: "https://serpapi.com", billing: "billed per search" };
/** Each paid API by every host its account is reached at. */
const BY_HOST = new Map<string, PaidApi>([TAVILY, EXA, FIRECRAWL, SERPER, SERPAPI].flatMap((p) => [hostOf(p.host)!, ...(p.alsoHosts ?? [])].map((h) => [h, p] as const)));

/** The paid API a URL's host belongs to, if any. */
export function paidApiOf(url: string): PaidApi | undefined {
  const host = hostOf(url);
  return host === undefined ? undefined : BY_HOST.get(host);
}

/**
 * A client's construction: the API, the option that sets its base URL (a keyword in Python, a
 * property of the options object in TypeScript, or a position), and the variable the SDK reads
 * when the option is not given.
 */
export interface PaidClient {
  api: PaidApi;
  option?: string;
  position?: number;
  env?: string;
  /** Checked in its source: the client has no option that moves it (the finding says so; otherwise it names none). */
  noBaseOption?: true;
  /** A keyword that hands the tool a client made elsewhere (PydanticAI's `client=`): that client's construction is the site. */
  takesClient?: string;
}

/**
 * Python constructors by qualified name (tavily-python 0.7: `api_base_url`; exa-py: `base_url`;
 * firecrawl-py: `api_url`, else FIRECRAWL_API_URL; crewai-tools' SerperDevTool: `base_url`). The
 * framework wrappers (LangChain, agno, CrewAI tools) call the same hosts.
 */
export const PY_PAID_CLIENTS: ReadonlyMap<string, PaidClient> = new Map<string, PaidClient>([
  ["tavily.TavilyClient", { api: TAVILY, option: "api_base_url" }],
  ["tavily.AsyncTavilyClient", { api: TAVILY, option: "api_base_url" }],
  ["langchain_tavily.TavilySearch", { api: TAVILY, option: "api_base_url" }],
  ["langchain_tavily.TavilyExtract", { api: TAVILY, option: "api_base_url" }],
  ["langchain_tavily.TavilyCrawl", { api: TAVILY, option: "api_base_url" }],
  ["langchain_tavily.TavilyMap", { api: TAVILY, option: "api_base_url" }],
  ["langchain_community.tools.TavilySearchResults", { api: TAVILY }],
  ["langchain_community.tools.tavily_search.TavilySearchResults", { api: TAVILY }],
  ["langchain_community.tools.tavily_search.tool.TavilySearchResults", { api: TAVILY }],
  ["agno.tools.tavily.TavilyTools", { api: TAVILY }],
  ["crewai_tools.TavilySearchTool", { api: TAVILY }],
  ["exa_py.Exa", { api: EXA, option: "base_url", position: 1 }],
  ["exa_py.AsyncExa", { api: EXA, option: "base_url", position: 1 }],
  ["pydantic_ai.common_tools.tavily.tavily_search_tool", { api: TAVILY, takesClient: "client" }],
  ["pydantic_ai.common_tools.exa.exa_search_tool", { api: EXA, takesClient: "client" }],
  ["pydantic_ai.common_tools.exa.exa_find_similar_tool", { api: EXA, takesClient: "client" }],
  ["pydantic_ai.common_tools.exa.exa_get_contents_tool", { api: EXA, takesClient: "client" }],
  ["pydantic_ai.common_tools.exa.exa_answer_tool", { api: EXA, takesClient: "client" }],
  ["pydantic_ai.common_tools.exa.ExaToolset", { api: EXA, takesClient: "client" }],
  ["agno.tools.exa.ExaTools", { api: EXA }],
  ["crewai_tools.EXASearchTool", { api: EXA }],
  ["firecrawl.FirecrawlApp", { api: FIRECRAWL, option: "api_url", env: "FIRECRAWL_API_URL" }],
  ["firecrawl.Firecrawl", { api: FIRECRAWL, option: "api_url", env: "FIRECRAWL_API_URL" }],
  ["agno.tools.firecrawl.FirecrawlTools", { api: FIRECRAWL }],
  ["crewai_tools.FirecrawlScrapeWebsiteTool", { api: FIRECRAWL }],
  ["crewai_tools.FirecrawlCrawlWebsiteTool", { api: FIRECRAWL }],
  ["crewai_tools.FirecrawlSearchTool", { api: FIRECRAWL }],
  ["crewai_tools.SerperDevTool", { api: SERPER, option: "base_url" }],
  ["serpapi.Client", { api: SERPAPI }],
  ["serpapi.GoogleSearch", { api: SERPAPI }],
  ["langchain_community.utilities.SerpAPIWrapper", { api: SERPAPI }],
]);

/**
 * npm constructors by `module#export` (@tavily/core's `tavily({ apiKey })` factory; exa-js'
 * `new Exa(apiKey, baseURL)`; @mendable/firecrawl-js' `new FirecrawlApp({ apiKey, apiUrl })`; the
 * LangChain tools, which take `apiBaseUrl` in @langchain/tavily).
 */
const TS_PAID_CLIENTS: ReadonlyMap<string, PaidClient> = new Map<string, PaidClient>([
  ["@tavily/core#tavily", { api: TAVILY, noBaseOption: true }],
  ["@langchain/tavily#TavilySearch", { api: TAVILY, option: "apiBaseUrl" }],
  ["@langchain/tavily#TavilyExtract", { api: TAVILY, option: "apiBaseUrl" }],
  ["@langchain/tavily#TavilyCrawl", { api: TAVILY, option: "apiBaseUrl" }],
  ["@langchain/tavily#TavilyMap", { api: TAVILY, option: "apiBaseUrl" }],
  ["@langchain/community/tools/tavily_search#TavilySearchResults", { api: TAVILY, noBaseOption: true }],
  ["exa-js#default", { api: EXA, position: 1 }],
  ["exa-js#Exa", { api: EXA, position: 1 }],
  ["@mendable/firecrawl-js#default", { api: FIRECRAWL, option: "apiUrl" }],
  ["@mendable/firecrawl-js#FirecrawlApp", { api: FIRECRAWL, option: "apiUrl" }],
  ["@mendable/firecrawl-js#Firecrawl", { api: FIRECRAWL, option: "apiUrl" }],
  ["serpapi#getJson", { api: SERPAPI }],
  ["@langchain/community/tools/serpapi#SerpAPI", { api: SERPAPI }],
]);

/** The npm modules TS_PAID_CLIENTS names (the walk keeps calls on them: recognizers.ts packageIsRead). */
export const TS_PAID_MODULES: ReadonlySet<string> = new Set([...TS_PAID_CLIENTS.keys()].map((k) => k.slice(0, k.indexOf("#"))));

/**
 * Record a paid API client's construction as the outbound URL it reaches: the base-URL option when
 * the code gives one (`base` and where), else the variable the SDK reads, else the SDK's own host.
 */
export function addPaidApiClient(b: Builder, site: CallSite, name: string, client: PaidClient, option: { v: Sym; loc: SourceLocation } | undefined, atPosition: Sym | undefined): void {
  let base = option ?? (atPosition ? { v: atPosition, loc: site.loc } : undefined);
  const given = base ? toStringValue(site.R(base.v)) : undefined;
  if (given?.kind === "absent") base = undefined;
  const url: StringValue = given && base ? given : client.env ? { kind: "env", name: client.env, fallback: client.api.host } : { kind: "literal", text: client.api.host };
  const python = isPythonFile(site.file);
  const paidOption = client.option ? (python ? `${client.option}=` : `${client.option}:`) : client.position !== undefined ? `the client's argument ${client.position + 1} (its base URL)` : client.noBaseOption ? "" : undefined;
  b.facts.urls.push({ loc: base?.loc ?? site.loc, api: `${name} (${client.api.service} API${base ? `, ${client.option ?? "base URL"}` : ""})`, url, ...(paidOption !== undefined ? { paidOption } : {}) });
}

/** A TypeScript/JavaScript construction of a paid API's client (`new Exa(key)`, `tavily({ apiKey })`, `new TavilySearch({ … })`). */
export function paidApiClient(site: CallSite, b: Builder): void {
  const r = site.root!;
  if (site.q.path.length) return;
  const client = TS_PAID_CLIENTS.get(`${r.module}#${r.name}`);
  if (!client) return;
  addPaidApiClient(b, site, r.name === "default" ? client.api.service : r.name, client, client.option ? site.prop(site.arg(0), client.option) : undefined, client.position !== undefined ? site.arg(client.position) : undefined);
}

/**
 * The paid APIs' npm SDKs as a recognizer, so the inventory reports them as read: their clients are
 * read where they are made (paidApiClient, from extract for every package), and the calls on a client
 * (`client.search(…)`) are what that construction's finding stands for.
 */
export const paidApiSdks: Recognizer = {
  packages: ["@tavily/core", "exa-js", "@mendable/firecrawl-js", "@langchain/tavily"],
  // serpapi is no AI package (not in the table), but its getJson is a paid call; @langchain/* modules are LangChain's to dispatch.
  alsoReads: (m) => TS_PAID_MODULES.has(m),
  recognize() {},
};

/** The PyPI distributions whose clients PY_PAID_CLIENTS reads (the inventory reports them as read). */
export const PY_PAID_PACKAGES: readonly string[] = ["tavily-python", "exa-py", "firecrawl-py", "langchain-tavily"];
