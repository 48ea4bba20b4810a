import type { Builder, CallSite } from "../context.js";
import type { Sym } from "../sym.js";
import type { SourceLocation } from "../types.js";
import { kwargsOf, positionalOf } from "./names.js";
import { LANGSMITH_SWITCH } from "../env-tracing.js";


/**
 * Tracing switched by the agent's own environment, set in its code (`os.environ["LANGSMITH_TRACING"] = "true"`,
 * `os.environ.setdefault("OPENAI_AGENTS_DISABLE_TRACING", "1")`), read as each library reads the variable:
 * LangSmith traces LangChain and LangGraph when its switch is "true"; OpenAI Agents stops tracing when
 * OPENAI_AGENTS_DISABLE_TRACING is "true" or "1" in any case (openai-agents tracing/provider.py). A variable a
 * library does not read (OPENAI_TRACING_DISABLED) changes nothing.
 */
export function tracingEnvSet(b: Builder, name: string, value: Sym, at: SourceLocation): void {
  if (value.k !== "str") return;
  if (LANGSMITH_SWITCH.test(name) && value.v === "true") {
    for (const framework of ["langgraph", "langchain"] as const) (b.facts.tracing.frameworks ??= []).push({ framework, loc: at });
  }
  const v = value.v.trim().toLowerCase();
  if (name === "OPENAI_AGENTS_DISABLE_TRACING" && (v === "true" || v === "1")) b.facts.tracing.openaiAgentsDisabled ??= at;
}

/** `os.environ.setdefault(NAME, value)`, `os.environ.update({NAME: value, …})` or `os.environ.update(NAME=value)`: each variable the code sets. */
export function environCall(site: CallSite, method: string, set: (name: string, value: Sym, at: SourceLocation) => void): void {
  const given = positionalOf(site.ir.args);
  if (method === "setdefault") {
    const name = site.R(given[0]), value = site.R(given[1]);
    if (name?.k === "str" && value) set(name.v, value, site.loc);
    return;
  }
  for (const o of [site.R(given[0]), kwargsOf(site.ir.args)]) {
    if (o?.k !== "obj") continue;
    for (const key of Object.keys(o.props)) {
      const entry = site.prop(o, key);
      if (entry) set(key, entry.v, entry.loc);
    }
  }
}
