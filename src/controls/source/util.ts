import type { RawFinding } from "../types.js";
import type { AgentRun, Bound, Facts, SourceLocation, StringValue } from "../../facts/types.js";
import { plural } from "../../util/text.js";
import { isPythonFile } from "../../facts/python/parser.js";

export function fail(message: string, loc: SourceLocation, fix: string): RawFinding {
  return { level: "fail", message, loc, fix };
}
export function warn(message: string, loc: SourceLocation, fix: string): RawFinding {
  return { level: "warn", message, loc, fix };
}

export function where(l: SourceLocation): string {
  return `${l.file}:${l.line}`;
}

export { plural };

/** "examined 12 files: 3 model clients, 5 outbound URL sites" */
export function examined(facts: Facts, parts: [number, string, string?][]): string {
  const listed = parts.map(([n, one, many]) => plural(n, one, many)).join(", ");
  return `examined ${plural(facts.files.length, "file")}: ${listed}`;
}

/**
 * psf found no agent run, model call, model client or tool in any file it read. The coverage rule
 * (controls/coverage.ts) then reports an error on every source control, once; a check does not
 * repeat it with its own "found nothing to check" warning.
 */
export function nothingOfTheAgent(facts: Facts): boolean {
  return facts.agentRuns.length === 0 && facts.modelCalls.length === 0 && facts.modelClients.length === 0 && facts.tools.length === 0;
}

/**
 * A check that found none of what it is about, beside other agent code psf did read (a model client
 * but no call, tools but no run): a warn with the reason, never a pass on "examined … 0 …".
 * Undefined when psf read nothing of the agent at all (the coverage error says so).
 */
export function nothingToCheck(facts: Facts, what: string, unchecked: string, at: RawFinding["at"] | SourceLocation, fix: string): RawFinding | undefined {
  if (nothingOfTheAgent(facts)) return undefined;
  const place = Array.isArray(at) ? { at } : { loc: at as SourceLocation };
  return { level: "warn", message: `psf found no ${what} in the ${plural(facts.files.length, "file")} it read: ${unchecked}`, ...place, fix };
}

/**
 * Whether a finding's file is Python. Controls never ask which language a fact came from, except
 * to write the fix (and name an environment read) in the syntax of the file the finding is in.
 */
export function isPython(l: { file: string } | undefined): boolean {
  return !!l && isPythonFile(l.file);
}

/** The fix text in the finding file's language: `ts` for TypeScript/JavaScript, `py` for Python. */
export function bySyntax(l: { file: string } | undefined, ts: string, py: string): string {
  return isPython(l) ? py : ts;
}

/** An environment variable read, as the file's language writes it. */
export function envRef(name: string, l?: { file: string }): string {
  return isPython(l) ? `os.environ["${name}"]` : `process.env.${name}`;
}

export function showValue(v: StringValue, l?: { file: string }): string {
  switch (v.kind) {
    case "literal": return v.via ? `${v.via} (${JSON.stringify(v.text)})` : JSON.stringify(v.text);
    case "prefix": return inSyntax(v.text, l);
    case "env": return isPython(l) ? `os.environ.get("${v.name}"${v.fallback ? `, ${JSON.stringify(v.fallback)}` : ""})` : `process.env.${v.name}${v.fallback ? ` ?? ${JSON.stringify(v.fallback)}` : ""}`;
    case "dynamic": return inSyntax(v.text, l);
    case "absent": return "(not set)";
  }
}

/**
 * A value's text as the finding's file writes it: the fact model shows computed strings as
 * template literals and environment reads as `process.env.X`; in a Python file they read
 * `f"…{x}"` and `os.environ["X"]`.
 */
function inSyntax(text: string, l?: { file: string }): string {
  if (!isPython(l)) return text;
  const env = text.replace(/process\.env\.(\w+)/g, 'os.environ["$1"]');
  return /^`[^`]*`$/.test(env) ? `f"${env.slice(1, -1).replace(/\$\{/g, "{")}"` : env;
}

export function showBound(b: Bound, l?: { file: string }): string {
  switch (b.kind) {
    case "literal": return b.via ? `${b.via} = ${b.value}` : String(b.value);
    case "default": return `the default ${b.name} = ${b.value}`;
    case "unbounded": return `no limit (${b.reason})`;
    case "dynamic": return `${inSyntax(b.text, l)} (${b.reason})`;
    case "single": return "a single step";
  }
}

/** " (and 6 more agents in this file use the default client)" for a default client folded per file. */
export function moreText(c: { more?: { count: number; what: string } }): string {
  if (!c.more) return "";
  const { count, what } = c.more;
  // `what` is written for the plural; one more site takes the singular noun and verb.
  const text = count === 1 ? what.replace(/^(\w+?)s\b/, "$1").replace(/\buse\b/, "uses") : what;
  return ` (and ${count} more ${text})`;
}

/**
 * Each set of tools a run is given that psf cannot see into, once, with the first run given it:
 * several runs of one agent share its tools, and one finding per set is what a reviewer acts on.
 */
export function distinctOpaqueTools(runs: readonly AgentRun[], skip?: (r: AgentRun) => boolean): { run: AgentRun; tools: NonNullable<AgentRun["opaqueTools"]>[number] }[] {
  const seen = new Set<string>();
  const out: { run: AgentRun; tools: NonNullable<AgentRun["opaqueTools"]>[number] }[] = [];
  for (const run of runs) {
    if (skip?.(run)) continue;
    for (const tools of run.opaqueTools ?? []) {
      const key = `${tools.loc.file}:${tools.loc.line}:${tools.loc.column}:${tools.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ run, tools });
    }
  }
  return out;
}
