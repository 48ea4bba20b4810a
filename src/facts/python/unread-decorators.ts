import type { CallSite } from "../context.js";

/**
 * Functions decorated like a tool (`@tool`, `@function_tool`, `@mcp.tool()`) by a decorator no recognizer made a tool
 * of: a library psf does not read, or the project's own. Such a function may be one the model calls, so an
 * operation in it is not shown to run "outside any tool": ABC-08 says which function and decorator instead.
 */
export function unreadToolDecorators(sites: readonly CallSite[]): (file: string, pos: number) => string | undefined {
  const byFile = new Map<string, { start: number; end: number; text: string }[]>();
  for (const s of sites) {
    const d = s.ir.decorates;
    if (!d || d.fn.k !== "fn" || !/(^|[._])\w*tool$/i.test(s.ir.text)) continue;
    const from = s.root && !s.root.instance ? ` from ${s.root.module}` : "";
    const list = byFile.get(s.file) ?? [];
    list.push({ start: d.fn.start, end: d.fn.end, text: `${d.name} (decorated @${s.ir.text}${from})` });
    byFile.set(s.file, list);
  }
  return (file, pos) => byFile.get(file)?.find((f) => pos >= f.start && pos < f.end)?.text;
}
