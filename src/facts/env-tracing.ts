import { readdirSync } from "node:fs";
import { readFileBounded } from "../util/read-bounded.js";
import path from "node:path";
import type { Facts } from "./types.js";

/**
 * LangSmith tracing switched on through the environment: LangChain and LangGraph (JavaScript and
 * Python) trace every model call, run and tool to LangSmith when `LANGSMITH_TRACING=true` (or the older
 * `LANGCHAIN_TRACING_V2=true`) is set, with no line of code. Projects say so in an env file
 * (`.env`, `.env.example`) beside the agent. psf reads those files in the agent root and the manifest's
 * folder (after the facts cache, as the MCP config files are: they are not source files), keeps only
 * where the variable is set, and never any other value: a real `.env` holds secrets.
 *
 * An env file is not the deployment's environment, so IAA-04 makes this a warn to confirm, not a pass.
 */
/**
 * LangSmith's switch, as langsmith's utils.tracing_is_enabled reads it (LangChain and LangGraph ask it for
 * every run and chat-model call): LANGSMITH_TRACING_V2, LANGCHAIN_TRACING_V2, LANGSMITH_TRACING or
 * LANGCHAIN_TRACING, whose value must be exactly "true" ("True" or "1" leave tracing off). The
 * Python walk reads it set in code (python/env-settings.ts), this file in env files.
 */
export const LANGSMITH_SWITCH = /^LANG(?:SMITH|CHAIN)_TRACING(?:_V2)?$/;
const TRACING_LINE = new RegExp(`^\\s*(?:export\\s+)?(${LANGSMITH_SWITCH.source.slice(1, -1)})\\s*=\\s*(["']?)true\\2\\s*(?:#.*)?$`);
/**
 * Semantic Kernel's OpenTelemetry diagnostics, switched on the same way (its settings read the variable, or an env
 * file the code names); they reach a collector only through the tracer provider the code sets (facts.tracing.semanticKernel).
 */
const SK_LINE = /^\s*(?:export\s+)?(SEMANTICKERNEL_EXPERIMENTAL_GENAI_ENABLE_OTEL_DIAGNOSTICS(?:_SENSITIVE)?)\s*=\s*(["']?)(?:true|1|yes|on)\2\s*(?:#.*)?$/i;
const MAX_BYTES = 256 * 1024;

export function readEnvTracing(dir: string, root: string, facts: Facts): void {
  const langchain = facts.agentRuns.some(isLangChain) || facts.modelCalls.some(isLangChain) || facts.tools.some(isLangChain);
  const sk = !!facts.tracing.semanticKernel?.exporter && !facts.tracing.semanticKernel.env && (facts.agentRuns.some(isSemanticKernel) || facts.tools.some(isSemanticKernel));
  if (!langchain && !sk) return;
  for (const base of [...new Set([path.resolve(dir, root), dir])]) {
    let names: string[];
    try {
      names = readdirSync(base).filter((n) => n === ".env" || n.startsWith(".env.")).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const abs = path.join(base, name);
      let text: string;
      try {
        const read = readFileBounded(abs, MAX_BYTES);
        if (!("bytes" in read)) continue;
        text = read.bytes.toString("utf8");
      } catch {
        continue;
      }
      const lines = text.split(/\r?\n/);
      const file = path.relative(dir, abs).split(path.sep).join("/");
      const at = (re: RegExp) => {
        const i = lines.findIndex((l) => re.test(l));
        return i < 0 ? undefined : { variable: re.exec(lines[i]!)![1]!.toUpperCase(), loc: { file, line: i + 1, column: 1 } };
      };
      if (langchain && !facts.tracing.langsmithEnv) {
        const hit = at(TRACING_LINE);
        if (hit) facts.tracing.langsmithEnv = hit;
      }
      if (sk && !facts.tracing.semanticKernel!.envFile) {
        const hit = at(SK_LINE);
        if (hit) facts.tracing.semanticKernel!.envFile = hit;
      }
    }
  }
}

function isSemanticKernel(x: { framework: string }): boolean {
  return x.framework === "semantic-kernel";
}

export function isLangChain(x: { framework: string }): boolean {
  return x.framework === "langchain" || x.framework === "langgraph";
}
