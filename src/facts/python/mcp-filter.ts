import type { SourceSet } from "../../sources/collect.js";
import type { FileIR } from "../ir.js";
import type { Facts } from "../types.js";

/**
 * A Python MCP client whose tools the code filters by hand: in the function that attaches the server,
 * the tools `get_tools()` returns are kept or skipped by name (`if tool.name not in allowed: continue`,
 * open_deep_research's load_mcp_tools). That is a tool filter as much as `tool_filter=` is.
 */
export function markHandFilteredMcp(sources: SourceSet, irs: readonly FileIR[], F: Facts): void {
  const texts = new Map(sources.files.map((f) => [f.path, f.text]));
  const byFile = new Map(irs.map((ir) => [ir.path, ir]));
  for (const s of F.mcpServers) {
    if (s.filtered || !s.loc.file.endsWith(".py")) continue;
    const body = enclosingFn(texts.get(s.loc.file), byFile.get(s.loc.file), s.loc.line, s.loc.column);
    if (body && /\.get_tools\s*\(/.test(body) && NAME_FILTER.test(body)) s.filtered = true;
  }
}

/** `t.name in allowed`, `tool.name not in set(cfg.tools)`: a membership test on a tool's name. */
const NAME_FILTER = /\.name\s+(not\s+)?in\s+[\w(]/;

/** The text of the innermost function around a line and column, or undefined at module level. */
function enclosingFn(text: string | undefined, ir: FileIR | undefined, line: number, column: number): string | undefined {
  if (!text || !ir) return undefined;
  const lines = text.split("\n");
  let pos = column - 1;
  for (let i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i]!.length + 1;
  const around = ir.fns.filter((f) => f.start <= pos && pos < f.end).sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
  return around ? text.slice(around.start, around.end) : undefined;
}
