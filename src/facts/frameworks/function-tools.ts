import { perRun, type Builder, type CallSite } from "../context.js";
import { server } from "./mcp.js";
import { findSecrets } from "../secrets.js";
import { looksLikeLiteralToken } from "../mcp.js";
import { resolve, type ExportTable, type Sym } from "../sym.js";
import type { FileIR } from "../ir.js";
import type { Framework, SourceLocation, ToolDef } from "../types.js";
import { writesOf } from "./node.js";

/**
 * Function tools declared to a provider SDK directly, with no agent framework in between:
 * - OpenAI chat completions: `tools: [{ type: "function", function: { name, parameters } }]` (and the
 *   legacy `functions: [{ name, parameters }]`), the Responses API's flat `{ type: "function", name }`;
 * - Anthropic Messages: `tools: [{ name, input_schema }]`, answered from `tool_use` blocks.
 * The model only names the tool; the project runs it, usually by dispatching on the name:
 * `switch (name) { case "lookup_asn": … }`, `if (name === "lookup_asn")`, a handler map
 * `{ lookup_asn: async (args) => … }`, or a function of the same name. The definition is recorded
 * when the request is seen; its body is linked to the dispatch branch once every file is walked.
 */
interface Pending {
  /** A `function:` implementation given inline (openai `runTools`), by function id or literal. */
  impl?: Sym;
  /** The tool is that function (DSPy's `tools=[fn]`): once found, the tool is placed where the function is defined. */
  atDefinition?: boolean;
}
const pending = perRun(() => new Map<ToolDef, Pending>());

/** A tool whose implementation is a function named elsewhere (`FunctionTool(fn)`): its body is linked once every file is walked. */
export function linkToolBodyLater(b: Builder, tool: ToolDef, impl: Sym, atDefinition = false): void {
  pending(b).set(tool, { impl, atDefinition });
}

/** Record the function tools in a provider request's `tools` / `functions` option. */
export function recordFunctionTools(site: CallSite, b: Builder, opts: Sym | undefined, framework: Framework): string[] {
  const names: string[] = [];
  for (const key of ["tools", "functions"]) {
    const list = site.R(site.prop(opts, key)?.v);
    if (list?.k !== "arr") continue;
    for (const raw of list.items) {
      let item = site.R(raw);
      // `betaZodTool({ name, run })`, `betaTool({ … })`: the SDK helper's options are the tool.
      if (item?.k === "call" && !item.isNew) item = site.R(item.args[0]);
      if (item?.k !== "obj") continue;
      const kind = site.prop(item, "type");
      // Provider-hosted MCP (`{ type: "mcp", server_label, server_url, require_approval, allowed_tools }`): the provider calls the server's tools.
      if (kind?.v.k === "str" && kind.v.v === "mcp") {
        hostedMcp(site, b, item, "OpenAI Responses hosted MCP");
        continue;
      }
      // `{ type: "function", function: { name, … } }` or the flat `{ name, parameters | input_schema }`.
      const fnObj = site.prop(item, "function");
      const holder = fnObj && fnObj.v.k === "obj" ? fnObj.v : item;
      const name = site.prop(holder, "name");
      if (name?.v.k !== "str") continue;
      const toolName = name.v.v;
      const type = site.prop(item, "type");
      const isFunctionTool = holder !== item || site.has(item, "input_schema") || site.has(item, "inputSchema") || site.has(item, "parameters") || (type?.v.k === "str" && (type.v.v === "function" || type.v.v === "custom"));
      if (!isFunctionTool) continue;
      names.push(toolName);
      const at = name.loc;
      if (b.facts.tools.some((t) => t.name === toolName && t.loc.file === at.file && t.loc.line === at.line)) continue;
      const tool: ToolDef = { name: toolName, loc: at, framework, approval: "none", audited: false };
      b.facts.tools.push(tool);
      const impl = site.prop(holder, "function") ?? site.prop(holder, "run");
      const map = pending(b);
      map.set(tool, impl ? { impl: impl.v } : {});
    }
  }
  // Anthropic's MCP connector: `mcp_servers=[{ type: "url", url, name, authorization_token, tool_configuration }]`.
  for (const key of ["mcp_servers", "mcpServers"]) {
    const list = site.R(site.prop(opts, key)?.v);
    if (list?.k === "arr") for (const raw of list.items) {
      const item = site.R(raw);
      if (item?.k === "obj") hostedMcp(site, b, item, "Anthropic MCP connector");
    }
  }
  return names;
}

/** A server the model provider connects to on the agent's behalf: named, its URL checked, its filter and approval read. */
function hostedMcp(site: CallSite, b: Builder, item: Sym, source: string): void {
  const p = (...keys: string[]) => keys.map((k) => site.prop(item, k)).find(Boolean);
  const label = p("server_label", "serverLabel", "name")?.v;
  const filterHolder = site.prop(item, "tool_configuration")?.v ?? item;
  const approval = p("require_approval", "requireApproval");
  const token = p("authorization_token", "authorization");
  server(site, b, {
    name: label?.k === "str" ? label.v : "hosted", source, transport: "hosted",
    url: p("server_url", "serverUrl", "url")?.v, headers: p("headers")?.v,
    filtered: site.has(filterHolder, "allowed_tools") || site.has(filterHolder, "allowedTools"),
    ...(approval ? { approval } : {}),
  });
  // A literal token given to the provider for the server is a credential in the source.
  if (token && token.v.k === "str") {
    const secrets = findSecrets(token.v.v);
    const redacted = secrets[0]?.redacted ?? (token.v.v.length > 8 ? `${token.v.v.slice(0, 3)}…${token.v.v.slice(-4)}` : undefined);
    if (redacted && (secrets.length || looksLikeLiteralToken(token.v.v))) b.facts.secrets.push({ kind: secrets[0]?.kind ?? "token", redacted, loc: token.loc });
  }
}

/** Paths of the project's files, `first` first, without building a copy per tool. */
function* ownFileFirst(first: string, irs: FileIR[]): Iterable<string> {
  yield first;
  for (const ir of irs) if (ir.path !== first) yield ir.path;
}

/** A name in snake_case or kebab-case as camelCase (`lookup_asn` → `lookupAsn`). */
function camel(name: string): string {
  return name.replace(/[-_]+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
}

function simpleName(fnId: string): string {
  const n = fnId.slice(fnId.indexOf("#") + 1);
  const at = n.lastIndexOf("@");
  return at > 0 ? n.slice(0, at) : n;
}

/**
 * After the walk: give each function tool its body (the dispatch branch or handler), and every tool
 * with a body the file writes it performs (directly or through project functions it calls).
 */
export function linkToolBodies(b: Builder, irs: FileIR[]): void {
  const byFile = new Map(irs.map((ir) => [ir.path, ir]));
  const table: ExportTable = new Map(irs.map((ir) => [ir.path, ir.exports]));
  // Built on first use: a project has far more functions than function tools.
  let fnByIdMemo: Map<string, { file: string; start: number; end: number; at: SourceLocation }> | undefined;
  const fnById = (): Map<string, { file: string; start: number; end: number; at: SourceLocation }> => {
    if (!fnByIdMemo) {
      fnByIdMemo = new Map();
      for (const ir of irs) for (const f of ir.fns) fnByIdMemo.set(f.id, { file: ir.path, start: f.start, end: f.end, at: { file: f.at.file, line: f.at.line, column: f.at.column } });
    }
    return fnByIdMemo;
  };
  const innermostFn = (ir: FileIR, pos: number) => ir.fns.filter((f) => pos >= f.start && pos < f.end).sort((x, y) => x.end - x.start - (y.end - y.start))[0];

  for (const [tool, p] of pending(b)) {
    const def = p.atDefinition && p.impl?.k === "fnref" ? fnById().get(p.impl.id) : undefined;
    if (def) tool.loc = def.at;
    if (tool.body) continue;
    const impl = p.impl ? resolve(p.impl, table) : undefined;
    if (impl?.k === "fn") {
      tool.body = { file: impl.at.file, start: impl.start, end: impl.end };
      continue;
    }
    if (impl?.k === "fnref" && fnById().has(impl.id)) {
      const f = fnById().get(impl.id)!;
      tool.body = { file: f.file, start: f.start, end: f.end };
      continue;
    }
    // A branch on the tool's name: the definition's own file first, then any file (made lazily:
    // a project with thousands of function tools most often dispatches each in its own file).
    const files = () => ownFileFirst(tool.loc.file, irs);
    let linked = false;
    for (const file of files()) {
      const ir = byFile.get(file);
      const br = ir?.branches.find((x) => x.label === tool.name);
      if (!ir || !br) continue;
      tool.body = { file, start: br.start, end: br.end };
      const dispatcher = innermostFn(ir, br.start);
      if (dispatcher) tool.varName = simpleName(dispatcher.id);
      linked = true;
      break;
    }
    if (linked) continue;
    // A handler map `{ lookup_asn: async () => … }` or a function named after the tool.
    const wanted = new Set([tool.name, camel(tool.name)]);
    for (const file of files()) {
      const f = byFile.get(file)?.fns.find((fn) => wanted.has(simpleName(fn.id)));
      if (!f) continue;
      tool.body = { file, start: f.start, end: f.end };
      break;
    }
  }

  // File writes reached from each tool body.
  const writes = writesOf(b);
  if (!writes.length) return;
  for (const tool of b.facts.tools) {
    const body = tool.body;
    if (!body) continue;
    const ir = byFile.get(body.file);
    if (!ir) continue;
    const reached = new Set<string>();
    const work: string[] = [];
    for (const c of ir.calls) {
      if (c.at.pos < body.start || c.at.pos >= body.end) continue;
      const callee = resolve(c.callee, table);
      if ((callee.k === "fnref" || callee.k === "fn") && !reached.has(callee.id)) {
        reached.add(callee.id);
        work.push(callee.id);
      }
    }
    while (work.length) {
      for (const next of b.edges.get(work.pop()!) ?? []) if (!reached.has(next)) {
        reached.add(next);
        work.push(next);
      }
    }
    const hits = writes.filter((w) => (w.loc.file === body.file && w.pos >= body.start && w.pos < body.end) || (w.fn !== undefined && reached.has(w.fn)));
    if (hits.length) tool.writes = hits.map((w) => ({ op: w.op, loc: w.loc }));
  }
}
