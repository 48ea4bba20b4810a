import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { literalUrl, recordMcpServer } from "./mcp.js";
import type { Facts, SourceLocation } from "./types.js";
import { lineOfText } from "../util/text.js";

/** MCP config files a repository carries, and the key that holds their servers. */
const CONFIG_FILES: { rel: string; key: string }[] = [
  { rel: ".mcp.json", key: "mcpServers" },
  { rel: ".cursor/mcp.json", key: "mcpServers" },
  { rel: ".vscode/mcp.json", key: "servers" },
  { rel: ".gemini/settings.json", key: "mcpServers" },
];
const MAX_BYTES = 1024 * 1024;

const lineOf = lineOfText;

/**
 * A JSON config file of the project's (MCP servers, Claude Code settings) read as psf reads every such
 * file: at most 1 MiB, parsed, never run. Throws an Error whose message says why it could not be read.
 * `lineComments`: drop whole-line `//` comments first (VS Code's mcp.json allows them).
 */
export function readConfigJson(abs: string, lineComments = false): { text: string; data: unknown } {
  if (statSync(abs).size > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES} bytes`);
  const text = readFileSync(abs, "utf8");
  return { text, data: JSON.parse(lineComments ? text.replace(/^\s*\/\/.*$/gm, "") : text) };
}

/**
 * The servers in the MCP config files under the agent's root and the manifest's folder, as facts.
 * A file that does not parse is reported back (a warn on the MCP controls), never skipped silently.
 */
export function readMcpConfigs(dir: string, root: string, facts: Facts): { files: string[]; unreadable: { file: string; reason: string }[] } {
  const files: string[] = [];
  const unreadable: { file: string; reason: string }[] = [];
  const seen = new Set<string>();
  for (const base of [path.resolve(dir, root), dir]) {
    for (const c of CONFIG_FILES) {
      const abs = path.join(base, c.rel);
      if (seen.has(abs) || !existsSync(abs)) continue;
      seen.add(abs);
      const file = path.relative(dir, abs).split(path.sep).join("/");
      let text: string;
      let data: unknown;
      try {
        ({ text, data } = readConfigJson(abs, true));
      } catch (e) {
        unreadable.push({ file, reason: (e as Error).message });
        continue;
      }
      files.push(file);
      const servers = (data as Record<string, unknown>)?.[c.key];
      if (!servers || typeof servers !== "object") continue;
      for (const [name, raw] of Object.entries(servers as Record<string, unknown>)) {
        if (!raw || typeof raw !== "object") continue;
        const s = raw as { command?: string; args?: unknown[]; url?: string; serverUrl?: string; httpUrl?: string; type?: string; env?: Record<string, unknown>; headers?: Record<string, unknown> };
        const line = lineOf(text, `"${name}"`);
        const loc: SourceLocation = { file, line, column: 1 };
        const url = s.url ?? s.serverUrl ?? s.httpUrl;
        const command = s.command ? [s.command, ...(Array.isArray(s.args) ? s.args.map(String) : [])].join(" ") : undefined;
        const secrets = [...Object.entries(s.env ?? {}), ...Object.entries(s.headers ?? {})]
          .filter(([, v]) => typeof v === "string")
          .map(([k, v]) => ({ text: v as string, loc: { file, line: lineOf(text, `"${k}"`), column: 1 } }));
        recordMcpServer(facts, {
          loc, name, source: file,
          transport: url ? (s.type === "sse" ? "sse" : "http") : command ? "stdio" : "unknown",
          ...(command ? { command } : {}),
          ...(url ? { url: literalUrl(url) } : {}),
          filtered: false, approval: "none", secrets,
        });
      }
    }
  }
  return { files, unreadable };
}
