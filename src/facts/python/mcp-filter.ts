import type { SourceSet } from "../../sources/collect.js";
import type { FileIR } from "../ir.js";
import type { Facts } from "../types.js";
import { escapeRegExp } from "../../util/text.js";
import { isPythonFile } from "./parser.js";

/**
 * A Python MCP client whose tools the code filters by hand: in the function that attaches the server,
 * the tools `get_tools()` returns are kept or skipped by name (`if tool.name not in allowed: continue`,
 * open_deep_research's load_mcp_tools). That is a tool filter as much as `tool_filter=` is.
 */
export function markHandFilteredMcp(sources: SourceSet, irs: readonly FileIR[], F: Facts): void {
  const files = new Map(sources.files.map((f) => [f.path, f]));
  const byFile = new Map(irs.map((ir) => [ir.path, ir]));
  for (const s of F.mcpServers) {
    if (s.filtered || !isPythonFile(s.loc.file)) continue;
    const body = enclosingFn(files.get(s.loc.file)?.text, byFile.get(s.loc.file), s.loc.line, s.loc.column);
    if (body && allowListed(body)) s.filtered = true;
  }
}


/**
 * The tools `get_tools()` returns are kept by an allow-list on their name: a loop over them that skips
 * the names not in a list (`for t in tools: if t.name not in allowed: continue`), or a comprehension
 * that keeps the names in one (`[t for t in tools if t.name in allowed]`). A deny-list (`if t.name in
 * blocked: continue`) or a name test on anything else is not a filter.
 */
function allowListed(body: string): boolean {
  const lists: string[] = [];
  for (const m of body.matchAll(/(\w+)\s*=\s*(?:await\s+)?[\w.]*\.get_tools\s*\(/g)) lists.push(escapeRegExp(m[1]!));
  const source = `(?:${[...lists, "(?:await\\s+)?[\\w.]*\\.get_tools\\s*\\([^)]*\\)"].join("|")})`;
  for (const m of body.matchAll(new RegExp(`for\\s+(\\w+)\\s+in\\s+${source}`, "g"))) {
    const v = escapeRegExp(m[1]!);
    if (new RegExp(`if\\s+${v}\\.name\\s+not\\s+in\\s+[^\\n:]+:\\s*(?:\\n\\s*)?continue\\b`).test(body)) return true;
    if (new RegExp(`for\\s+${v}\\s+in\\s+${source}\\s+if\\s+${v}\\.name\\s+in\\s+`).test(body)) return true;
  }
  return false;
}

/** The text of the innermost function around a line and column, or undefined at module level. */
function enclosingFn(text: string | undefined, ir: FileIR | undefined, line: number, column: number): string | undefined {
  if (!text || !ir) return undefined;
  const lines = text.split("\n");
  let pos = column - 1;
  for (let i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i]!.length + 1;
  const around = ir.fns.filter((f) => f.start <= pos && pos < f.end).sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
  return around ? text.slice(around.start, around.end) : undefined;
}
