import { addBuiltInTool } from "../../common.js";
import { perRun, type Builder, type CallSite } from "../../context.js";
import { addDefaultClient, libraryOf } from "../../frameworks/shared.js";
import type { Sym } from "../../sym.js";
import { hostOf, toStringValue } from "../../values.js";
import type { AgentRun, SourceLocation, StringValue, ToolDef } from "../../types.js";
import { server } from "../../frameworks/mcp.js";
import { kw, positional, type PyNames } from "../sites.js";
import { isTrue } from "./common.js";

/**
 * CrewAI's built-in tools (PyPI crewai-tools, module `crewai_tools`), read in crewAI's lib/crewai-tools
 * (crewai-tools 1.15.17, Aug 2026) and, for CodeInterpreterTool (removed in 1.14.0), crewAIInc/crewAI-tools
 * at its last commit (Oct 2025). What the model sees of each is its `name` field, passed through
 * crewai's sanitize_tool_name (crewai ≥ 1.9: "File Writer Tool" → file_writer_tool), which is also what
 * a `@before_tool_call(tools=[…])` hook matches. Paid search/scrape APIs (Serper, Exa, Tavily,
 * Firecrawl) are recorded by facts/paid-apis.ts; this module adds what each tool does:
 *  - the machine: FileWriterTool writes files (and replaces them when the model says overwrite);
 *    CodeInterpreterTool runs the model's Python: with unsafe_mode=True by exec() in this process after
 *    `pip install`s, and by default in a Docker container that mounts the working directory read-write
 *    (or, when Docker is absent, by exec() here under restricted builtins): psf counts both as destructive.
 *    NL2SQLTool runs the model's SQL on db_uri: any statement before 1.14.2, read-only since unless
 *    allow_dml=True (or CREWAI_NL2SQL_ALLOW_DML=true).
 *  - the network: a scrape/search tool built without its fixed argument (`website_url=`, `website=`,
 *    `docs_url=`, `pdf=`, …) takes the page from the model (the fixed argument switches the tool to a
 *    schema without it); PDF/TXT/CSV/DOCX/JSON/XML/MDX tools take "a file path or URL".
 *  - model calls: every RagTool (the *SearchTools) embeds with the RAG client crewai builds from its
 *    `config=`: without `config={"embedding_model": {...}}` that is ChromaDB's OpenAIEmbeddingFunction
 *    (text-embedding-3-small, OPENAI_API_KEY, no base URL, so the openai SDK's OPENAI_BASE_URL or
 *    api.openai.com). crewai-tools before 0.73 (embedchain) read `config={"embedder": …}` instead.
 *    DallETool calls `OpenAI()` with no options.
 * Approval: a `@before_tool_call` hook (crewai.hooks) naming the tool, or bare, runs before it and
 * refuses it by returning False; one that calls `context.request_human_input(…)` asks a person first.
 * A hook that asks no one may still refuse by a rule: OOC-03 warns with that caveat.
 */

type Access = "read" | "write" | "destructive";
interface BuiltIn {
  /** The tool's `name` field. */
  name: string;
  access: Access;
  /** What a write/destructive tool does, for the finding. */
  does?: string;
  /** The constructor argument that fixes the page or file the tool reads; without it the model chooses. */
  fixed?: string;
  /** What the model may pass in its place: a web page, or a file path or URL. */
  picks?: "url" | "path-or-url" | "path";
  /** A RagTool: it embeds what it reads and each query with the RAG client's embedder. */
  rag?: true;
  /** A host the tool always calls (besides any page it fetches). */
  host?: string;
}

const RAG_FILE = (name: string, fixed: string): BuiltIn => ({ name, access: "read", fixed, picks: "path-or-url", rag: true });
const SCRAPE = (name: string): BuiltIn => ({ name, access: "read", fixed: "website_url", picks: "url" });

const CREWAI_TOOLS: Record<string, BuiltIn> = {
  SerperDevTool: { name: "Search the internet with Serper", access: "read" },
  EXASearchTool: { name: "ExaSearchTool", access: "read" },
  ExaSearchTool: { name: "ExaSearchTool", access: "read" },
  TavilySearchTool: { name: "Tavily Search", access: "read" },
  TavilyExtractorTool: { name: "TavilyExtractorTool", access: "read" },
  FirecrawlScrapeWebsiteTool: { name: "Firecrawl web scrape tool", access: "read" },
  FirecrawlCrawlWebsiteTool: { name: "Firecrawl web crawl tool", access: "read" },
  FirecrawlSearchTool: { name: "Firecrawl web search tool", access: "read" },
  ScrapeWebsiteTool: SCRAPE("Read website content"),
  ScrapeElementFromWebsiteTool: SCRAPE("Read a website content"),
  SeleniumScrapingTool: SCRAPE("Read a website content"),
  BrowserbaseLoadTool: { name: "Browserbase web load tool", access: "read", picks: "url" },
  WebsiteSearchTool: { name: "Search in a specific website", access: "read", fixed: "website", picks: "url", rag: true },
  CodeDocsSearchTool: { name: "Search a Code Docs content", access: "read", fixed: "docs_url", picks: "url", rag: true },
  YoutubeVideoSearchTool: { name: "Search a Youtube Video content", access: "read", fixed: "youtube_video_url", picks: "url", rag: true },
  YoutubeChannelSearchTool: { name: "Search a Youtube Channels content", access: "read", rag: true },
  GithubSearchTool: { name: "Search a github repo's content", access: "read", rag: true, host: "https://api.github.com" },
  PDFSearchTool: RAG_FILE("Search a PDF's content", "pdf"),
  TXTSearchTool: RAG_FILE("Search a txt's content", "txt"),
  CSVSearchTool: RAG_FILE("Search a CSV's content", "csv"),
  DOCXSearchTool: RAG_FILE("Search a DOCX's content", "docx"),
  JSONSearchTool: RAG_FILE("Search a JSON's content", "json_path"),
  XMLSearchTool: RAG_FILE("Search a XML's content", "xml"),
  MDXSearchTool: RAG_FILE("Search a MDX's content", "mdx"),
  DirectorySearchTool: { name: "Search a directory's content", access: "read", fixed: "directory", picks: "path", rag: true },
  MySQLSearchTool: { name: "Search a database's table content", access: "read", rag: true },
  RagTool: { name: "Knowledge base", access: "read", rag: true },
  FileReadTool: { name: "Read a file's content", access: "read" },
  DirectoryReadTool: { name: "List files in directory", access: "read" },
  FileWriterTool: { name: "File Writer Tool", access: "write", does: "writes the files the model names, replacing one when the model passes overwrite=true" },
  CodeInterpreterTool: { name: "Code Interpreter", access: "destructive", does: "runs the Python the model writes in a Docker container that mounts the working directory read-write, or by exec() in this process when Docker is not available" },
  NL2SQLTool: { name: "NL2SQLTool", access: "write", does: "runs the SQL the model writes on its db_uri: every statement, DELETE and DROP included, before crewai-tools 1.14.2; read-only statements since, unless allow_dml=True" },
  DallETool: { name: "Dall-E Tool", access: "read" },
};

/** crewai's sanitize_tool_name (crewai/utilities/string_utils.py): the name the model and the tool hooks see. */
function sanitizeToolName(name: string): string {
  let n = name.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  n = n.replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2").replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  return n.replace(/['"]+/g, "").replace(/[^a-zA-Z0-9]+/g, "_").replace(/_+/g, "_").replace(/^_+|_+$/g, "");
}

/**
 * Per assessment: the built-ins recorded, the `@before_tool_call` hooks seen (by their function), and the
 * functions that call `context.request_human_input(…)`, matched whichever comes first.
 */
interface Hook { loc: SourceLocation; covers?: string[]; fn?: string }
const state = perRun(() => ({ tools: [] as ToolDef[], hooks: [] as Hook[], asking: new Set<string>() }));

const HOOK_CAVEAT = (at: SourceLocation) => ({
  why: `a @before_tool_call hook (${at.file}:${at.line}) runs before it, but psf found no \`context.request_human_input(…)\` in it: it may refuse calls by a rule, not by a person's answer`,
  fix: `ask a person in the hook at ${at.file}:${at.line} (\`context.request_human_input(…)\`) and return False unless they approve; if it gates by a rule the operator reviewed, record that review as a waiver`,
});

function gate(b: Builder, t: ToolDef, hook: Hook): void {
  if (hook.covers && !hook.covers.some((c) => sanitizeToolName(c) === t.name)) return;
  if (t.approvalLoc && t.approvalLoc !== hook.loc && !t.approvalCaveat) return;
  t.approval = "always";
  t.approvalLoc = hook.loc;
  // A hook that asks a person is CrewAI's approval; any other may only apply a rule, which OOC-03 says.
  if (hook.fn && state(b).asking.has(hook.fn)) delete t.approvalCaveat;
  else t.approvalCaveat = HOOK_CAVEAT(hook.loc);
}

/** `@before_tool_call` / `@before_tool_call(tools=[…])` (called from frameworks/tools.ts): the built-ins it gates. */
export function crewaiToolHook(b: Builder, loc: SourceLocation, covers: string[] | undefined, fn: string | undefined): void {
  const hook: Hook = { loc, ...(covers ? { covers } : {}), ...(fn ? { fn } : {}) };
  state(b).hooks.push(hook);
  for (const t of state(b).tools) gate(b, t, hook);
}

/** `context.request_human_input(…)` (called from python/recognizers.ts): the function it is in asks a person. */
export function crewaiHumanInput(site: CallSite, b: Builder): void {
  const fn = site.ir.fn;
  if (!fn) return;
  const s = state(b);
  s.asking.add(fn);
  for (const h of s.hooks.filter((x) => x.fn === fn)) for (const t of s.tools) gate(b, t, h);
}

/** A construction of a crewai_tools class: the tool, what it does, where it reaches, and the embedder it calls. */
export function crewaiTools(site: CallSite, b: Builder, n: PyNames, name: string): void {
  if (n.ctor) return;
  const cls = name.split(".").pop()!;
  if (cls === "MCPServerAdapter") return mcpAdapter(site, b);
  const info = CREWAI_TOOLS[cls];
  if (!info) return;
  const toolName = sanitizeToolName(info.name);
  // The class and, where sanitize_tool_name changes it, the tool's own `name` field (an operator may know it by that).
  const t = addBuiltInTool(b, site, { name: toolName, framework: "crewai", from: toolName === info.name ? `crewai_tools ${cls}` : `crewai_tools ${cls}, name "${info.name}"` });
  state(b).tools.push(t);
  for (const h of state(b).hooks) gate(b, t, h);
  const effect = effectOf(site, cls, info);
  if (effect?.access === "destructive") b.facts.destructive.push({ loc: site.loc, op: `crewai_tools ${cls} (${effect.does})`, tool: t.name });
  else if (effect) t.writes = [{ op: `crewai_tools ${cls} (${effect.does})`, loc: site.loc }];
  destinations(site, b, cls, info);
  if (info.rag) embedder(site, b, cls);
  // DallETool builds `OpenAI()` with no options: only the environment moves it (OPENAI_BASE_URL, OPENAI_API_KEY).
  if (cls === "DallETool" && addDefaultClient(b, site, "crewai-tools-dalle", "DallETool builds the same OpenAI() client", { framework: "crewai", provider: "openai", api: "DallETool (crewai_tools: OpenAI() with no options)", baseOption: 'os.environ["OPENAI_BASE_URL"] = … (set before DallETool runs: it takes no base-URL option)' })) {
    b.facts.modelClients.at(-1)!.keyOption = 'os.environ["OPENAI_API_KEY"] = … (DallETool takes no key option)';
  }
}

/** What a tool does to the machine or elsewhere, by its options. */
function effectOf(site: CallSite, cls: string, info: BuiltIn): { access: Access; does: string } | undefined {
  if (cls === "CodeInterpreterTool" && isTrue(site, kw(site, "unsafe_mode"))) return { access: "destructive", does: "runs the Python the model writes by exec() in this process, and pip-installs the libraries it names (unsafe_mode=True)" };
  if (cls === "NL2SQLTool" && isTrue(site, kw(site, "allow_dml"))) return { access: "destructive", does: "runs the SQL the model writes on its db_uri, INSERT, UPDATE, DELETE and DROP included (allow_dml=True)" };
  if (cls === "SerperDevTool" && isTrue(site, kw(site, "save_file"))) return { access: "write", does: "saves each search's results to a new file in the working directory (save_file=True)" };
  return info.does ? { access: info.access, does: info.does } : undefined;
}

/** The pages (or files) a tool reads: the one its fixed argument names, or any the model passes. */
function destinations(site: CallSite, b: Builder, cls: string, info: BuiltIn): void {
  if (info.host) b.facts.urls.push({ loc: site.loc, api: `${cls} (crewai_tools)`, url: { kind: "literal", text: info.host } });
  if (!info.picks) return;
  const given = info.fixed ? kw(site, info.fixed) : undefined;
  if (given && site.R(given.v)?.k !== "null") {
    const url = toStringValue(site.R(given.v));
    // A local file or directory is no destination; a URL, or a value psf cannot read, is checked like any other.
    if (info.picks === "path" || (url.kind === "literal" && !/^https?:\/\//i.test(url.text))) return;
    b.facts.urls.push({ loc: given.loc, api: `${cls} ${info.fixed}= (crewai_tools)`, url });
    return;
  }
  if (info.picks === "path") return;
  const what = info.picks === "url" ? "page" : "file path or URL";
  const url: StringValue = { kind: "dynamic", text: `any ${what} the model passes`, reason: `${cls} built without ${info.fixed ? `${info.fixed}=` : "a fixed page"} fetches whatever ${info.picks === "url" ? "URL" : "URL (or reads whatever file)"} the model gives it` };
  const fix = info.picks === "path-or-url"
    ? `give ${cls} a fixed \`${info.fixed}="…"\` (a local file, or a URL on the endpoint allowlist), so the model cannot pass another, or give the agent your own tool that checks the host against boundaries.endpoints.allow before it fetches`
    : info.fixed
    ? `give ${cls} a fixed \`${info.fixed}="…"\` on the endpoint allowlist (the model then cannot pass another), or give the agent your own tool that checks the host against boundaries.endpoints.allow before it fetches`
    : `${cls} has no option that fixes its page: give the agent ScrapeWebsiteTool(website_url="…") with an allowlisted page instead, or your own tool that checks the host against boundaries.endpoints.allow before it fetches`;
  b.facts.urls.push({ loc: site.loc, api: `${cls} (crewai_tools)`, url, limitedBy: { option: info.fixed ?? "", on: `${cls}(…)`, set: false, fix } });
}

/** Where each RAG embedding provider (crewai/rag/embeddings/providers) sends its calls; local ones call nothing. */
const EMBEDDERS: Record<string, string | null> = {
  openai: "openai", azure: "azure", "google-generativeai": "google", "google-vertex": "google-vertex", cohere: "cohere", voyageai: "voyageai",
  ollama: "ollama", "amazon-bedrock": "aws-bedrock", jina: "jina", huggingface: "huggingface", watsonx: "watsonx", roboflow: "roboflow",
  onnx: null, "sentence-transformer": null, text2vec: null, openclip: null, instructor: null, custom: null,
};
const BASE_OPTION = 'config={"embedding_model": {"provider": "openai", "config": {"api_base": …}}}';
const KEY_OPTION = 'config={"embedding_model": {"provider": "openai", "config": {"api_key": …}}}';

/** A RagTool's embedder: OpenAI's unless config={"embedding_model": {"provider": …}} names another. */
function embedder(site: CallSite, b: Builder, cls: string, config = kw(site, "config"), subclass = false): void {
  const cfg = site.R(config?.v);
  if (cfg && cfg.k !== "null" && cfg.k !== "obj") return;
  const spec = cfg?.k === "obj" ? site.prop(cfg, "embedding_model") : undefined;
  const provider = site.R(site.prop(spec?.v, "provider")?.v);
  if (spec && provider?.k !== "str") return;
  if (provider?.k === "str") {
    const p = EMBEDDERS[provider.v];
    if (p === null) return;
    const options = site.prop(spec!.v, "config")?.v;
    const base = provider.v === "openai" ? site.prop(options, "api_base") : provider.v === "ollama" ? site.prop(options, "url") : undefined;
    const key = site.prop(options, "api_key");
    const added = addDefaultClient(b, site, `crewai-rag-${provider.v}-${base ? site.show(base.v) : ""}`, `RAG tools in this file embed with the same ${provider.v} embedder`, {
      framework: "crewai", provider: p ?? provider.v, api: `${cls} embedder (crewai_tools, embedding_model provider "${provider.v}")`, baseOption: BASE_OPTION,
      ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(key ? { apiKey: key.v } : {}), ...(provider.v === "openai" ? { defaultsFrom: "crewai-rag-openai" } : {}),
    }, spec!.loc);
    if (added && provider.v === "openai") b.facts.modelClients.at(-1)!.keyOption = KEY_OPTION;
    return;
  }
  const old = cfg?.k === "obj" && site.prop(cfg, "embedder") ? " (its `embedder` key is read only by crewai-tools before 0.73)" : "";
  if (addDefaultClient(b, site, "crewai-rag-default", "RAG tools in this file embed with the same default OpenAI embedder", {
    framework: "crewai", provider: "openai", api: `${cls} embedder (crewai_tools RAG default: OpenAI text-embedding-3-small, no embedding_model in ${subclass ? "the class's config field" : "config"}${old})`, baseOption: BASE_OPTION,
  }, config?.loc)) b.facts.modelClients.at(-1)!.keyOption = KEY_OPTION;
}

/**
 * `class SECTool(RagTool)`: the project's own RagTool embeds as the built-ins do, with the class's `config`
 * field when it sets one (an instance given another config= is not followed).
 */
export function crewaiRagSubclass(site: CallSite, b: Builder, fields: Extract<Sym, { k: "obj" }>): void {
  embedder(site, b, site.ir.subclass!, site.prop(fields, "config"), true);
}

/**
 * An Agent's `tools=[…]` (called from crewai.ts): a crewai_tools class psf does not list is a set of
 * tools it cannot see into (MCPServerAdapter's tools are read where its server is).
 */
export function crewaiAgentTools(site: CallSite, run: AgentRun | undefined): void {
  const given = kw(site, "tools");
  const list = site.R(given?.v);
  if (!run || !given || list?.k !== "arr") return;
  for (const item of list.items) {
    const lib = libraryOf(site.R(item));
    if (!lib || !/^crewai_tools(\.|$)/.test(lib.module) || CREWAI_TOOLS[lib.name] || /^(BaseTool|RagTool|MCPServerAdapter|tool)$/.test(lib.name)) continue;
    (run.opaqueTools ??= []).push({ text: site.show(item), reason: `crewai_tools' ${lib.name}: psf does not list what it does`, loc: given.loc });
  }
}

/**
 * `MCPServerAdapter({"url": …, "transport": …}, "tool_a", …)`: a remote server, filtered when tool names
 * follow. A StdioServerParameters first argument is recorded where it is built (python/mcp.ts).
 */
function mcpAdapter(site: CallSite, b: Builder): void {
  const params = site.R(positional(site, 0) ?? kw(site, "serverparams")?.v);
  const url = params?.k === "obj" ? site.prop(params, "url") : undefined;
  if (!url) return;
  const u = site.R(url.v);
  const host = u?.k === "str" ? hostOf(u.v) ?? u.v : "remote";
  const transport = site.R(site.prop(params, "transport")?.v);
  server(site, b, { name: host, source: "crewai_tools MCPServerAdapter", transport: transport?.k !== "str" ? "unknown" : transport.v === "sse" ? "sse" : "http", url: url.v, headers: site.prop(params, "headers")?.v, filtered: site.R(positional(site, 1))?.k === "str" });
}
