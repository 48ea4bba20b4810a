import type { Builder } from "../context.js";
import type { Sym } from "../sym.js";
import type { SourceLocation } from "../types.js";

/**
 * Tracing switched by the agent's own environment, set in its code (`os.environ["LANGCHAIN_TRACING_V2"] = "true"`,
 * `os.environ.setdefault("OPENAI_AGENTS_DISABLE_TRACING", "1")`), read as each library reads the variable:
 * LangSmith traces LangChain and LangGraph when LANGSMITH_TRACING (or the older LANGCHAIN_TRACING_V2 /
 * LANGCHAIN_TRACING) is "true"; OpenAI Agents stops tracing when OPENAI_AGENTS_DISABLE_TRACING is "true" or "1"
 * (openai-agents tracing/provider.py). A variable a library does not read (OPENAI_TRACING_DISABLED) changes nothing.
 */
export function tracingEnvSet(b: Builder, name: string, value: Sym, at: SourceLocation): void {
  if (value.k !== "str") return;
  const v = value.v.trim().toLowerCase();
  if (/^(LANGSMITH_TRACING|LANGCHAIN_TRACING_V2|LANGCHAIN_TRACING)$/.test(name) && v === "true") {
    for (const framework of ["langgraph", "langchain"] as const) (b.facts.tracing.frameworks ??= []).push({ framework, loc: at });
  }
  if (name === "OPENAI_AGENTS_DISABLE_TRACING" && (v === "true" || v === "1")) b.facts.tracing.openaiAgentsDisabled ??= at;
}
