import type { RawFinding } from "../types.js";
import type { SourceCheck } from "./check.js";
import { isLangChain } from "../../facts/env-tracing.js";
import type { AgentRun, Facts, SourceLocation } from "../../facts/types.js";
import { bySyntax, distinctOpaqueTools, examined, fail, nothingToCheck, warn, where } from "./util.js";

/** IAA-04: every model call, agent run and tool body is covered by audit logging or tracing. */
export const iaa04: SourceCheck = (_ctx, facts) => {
  const findings: RawFinding[] = [];
  const tracingOff = facts.tracing.openaiAgentsDisabled;
  const untraced = untracedFinding(facts);
  for (const c of facts.modelCalls) {
    if (c.audited) continue;
    findings.push(untraced(c, `model call ${c.api} is not covered by audit logging or tracing`, c.loc, c.framework === "vercel-ai" ? "pass `experimental_telemetry: { isEnabled: true }` (and register an OpenTelemetry exporter)" : c.framework === "dspy" ? "trace DSPy's LM calls: `mlflow.dspy.autolog()` (or OpenInference's `DSPyInstrumentor().instrument()`) at start-up, or `dspy.configure(callbacks=[AuditCallback()])` with a BaseCallback whose on_lm_end writes an audit record" : bySyntax(c.loc, "write an audit record (or open a trace span) around the call in the same function, or wrap the client (e.g. a tracing wrapper)", "open a span around the call (`with tracer.start_as_current_span(\"model_call\"):`), decorate the function (`@observe()` / `@traceable`), write an audit record in the same function, or instrument the client once (`OpenAIInstrumentor().instrument()`)")));
  }
  for (const r of facts.agentRuns) {
    if (r.audited) continue;
    const why = r.framework === "openai-agents" && tracingOff ? ` (tracing is disabled at ${tracingOff.file}:${tracingOff.line})` : "";
    findings.push(untraced(r, `agent run ${r.api} is not covered by audit logging or tracing${why}`, r.loc, runTraceFix(r)));
  }
  let declaredOnly = 0;
  let providerRun = 0;
  let clientRun = 0;
  let builtIn = 0;
  for (const t of facts.tools) {
    if (t.audited || t.noop) continue;
    // A provider-SDK function tool with no handler in the source (no dispatch branch, handler or
    // function of its name) has no execution site here to audit: the answer is built elsewhere or never run.
    if (!t.body && (t.framework === "openai" || t.framework === "anthropic")) {
      declaredOnly++;
      continue;
    }
    // A provider-defined tool with no execute runs at the provider (web search, code execution): nothing here executes it.
    if (!t.body && t.provider) {
      providerRun++;
      continue;
    }
    // A framework's built-in tool runs inside the framework's run: the run's own audit finding covers it.
    if (!t.body && t.builtIn) {
      builtIn++;
      continue;
    }
    // A client-side tool (no execute) is run by the browser: its result comes back in the next model call.
    if (!t.body && t.clientSide) {
      clientRun++;
      continue;
    }
    findings.push(untraced(t, `tool ${t.name} executes with no audit record or trace span in its body`, t.loc, bySyntax(t.loc, "write an audit record (tool name, input, outcome) in the tool body, or wrap execute in an auditing/tracing wrapper", "write an audit record (tool name, input, outcome) where the tool runs, or open a span there (`with tracer.start_as_current_span(name):`)")));
  }
  // The run's own telemetry traces every tool call, library tools included.
  for (const { run: r, tools: o } of distinctOpaqueTools(facts.agentRuns, (r) => r.telemetry)) {
    findings.push(warn(`${r.api} is given tools psf cannot see into (${o.text}: ${o.reason}); whether their executions are audited cannot be examined`, o.loc, r.framework === "vercel-ai" ? "pass `experimental_telemetry: { isEnabled: true }` to the run so every tool call is traced, or wrap each library tool's execute in an auditing wrapper" : "trace the run (framework telemetry) or wrap each library tool in an auditing wrapper"));
  }
  const idle = facts.modelCalls.length + facts.agentRuns.length + facts.tools.length ? undefined : nothingToCheck(facts, "model call, agent run or tool", "whether the agent's calls are traced or audited could not be checked", ["audit"], "check by hand that every model call, run and tool execution of the agent is traced or audited (a framework psf does not read, or files outside agent.include), and record that review as a waiver with its reason and approver");
  if (idle) findings.push(idle);
  const notes = [examined(facts, [[facts.modelCalls.length, "model call"], [facts.agentRuns.length, "agent run"], [facts.tools.length, "tool"]])];
  if (providerRun) notes.push(`${providerRun} provider-defined tool${providerRun === 1 ? " runs" : "s run"} at the provider (no execute in the source to audit)`);
  if (clientRun) notes.push(`${clientRun} tool${clientRun === 1 ? " has" : "s have"} no execute: the client runs ${clientRun === 1 ? "it" : "them"}, not this code`);
  if (builtIn) notes.push(`${builtIn} built-in framework tool${builtIn === 1 ? " runs" : "s run"} inside ${builtIn === 1 ? "its" : "their"} agent run, audited with it (see the run's finding, if any)`);
  if (declaredOnly) notes.push(`${declaredOnly} function tool${declaredOnly === 1 ? " is" : "s are"} declared to the model with no handler found in the source (no execution site to audit)`);
  return { findings, notes };
};

/**
 * A fail for an untraced call, run or tool; for a LangChain/LangGraph one when an env file beside the
 * agent switches LangSmith tracing on (facts/env-tracing.ts), a warn: the deployment's environment,
 * which psf cannot see, decides whether it is traced.
 */
function untracedFinding(facts: Facts): (x: { framework: string }, message: string, loc: SourceLocation, fix: string) => RawFinding {
  const env = facts.tracing.langsmithEnv;
  const sk = facts.tracing.semanticKernel;
  return (x, message, loc, fix) => {
    // Semantic Kernel: the code exports spans, and only an env file switches its diagnostics on.
    if (x.framework === "semantic-kernel" && sk?.exporter && sk.envFile) {
      const v = sk.envFile.variable;
      return warn(`${message} in the code; Semantic Kernel emits its spans (exported by the tracer provider set at ${where(sk.exporter)}) only if the deployment sets ${v}=true, as ${where(sk.envFile.loc)} does (an env file psf read, not the deployment's environment)`, loc, `confirm that the deployed agent's environment sets ${v}=true, and record that check as a waiver; or set it in code before the kernel is built (\`os.environ["${v}"] = "true"\`)`);
    }
    if (!env || !isLangChain(x)) return fail(message, loc, fix);
    return warn(`${message} in the code; LangSmith traces it only if the deployment sets ${env.variable}=true, as ${where(env.loc)} does (an env file psf read, not the deployment's environment)`, loc, `confirm that the deployed agent's environment sets ${env.variable}=true and a LangSmith API key, and record that check as a waiver; or ${fix}`);
  };
}

/** How to trace a run of this framework: its own telemetry switch, in its terms. */
function runTraceFix(r: AgentRun): string {
  switch (r.framework) {
    case "vercel-ai":
      return "pass `experimental_telemetry: { isEnabled: true }`";
    case "openai-agents":
      return "leave OpenAI Agents tracing on (remove setTracingDisabled(true) / tracingDisabled) or add a trace processor";
    case "langchain":
    case "langgraph":
      return "pass a tracing callback (LangSmith / Langfuse) in the run config, or write audit records in the nodes";
    case "agent-framework":
      return "export Agent Framework's OpenTelemetry spans (agent runs, model and tool calls): call `configure_otel_providers()` from agent_framework.observability at start-up, with OTEL_EXPORTER_OTLP_ENDPOINT set";
    case "semantic-kernel":
      return "export Semantic Kernel's OpenTelemetry spans (agent, model and function calls): set SEMANTICKERNEL_EXPERIMENTAL_GENAI_ENABLE_OTEL_DIAGNOSTICS=true in the agent's environment and install a tracer provider with an exporter at start-up (`trace.set_tracer_provider(…)`, or `configure_azure_monitor()`)";
    case "claude-agent-sdk":
      return bySyntax(r.loc, "turn on Claude Code's OpenTelemetry export in the options' env (`env: { ...process.env, CLAUDE_CODE_ENABLE_TELEMETRY: \"1\", OTEL_LOGS_EXPORTER: \"otlp\" }`), which records each model request and tool call", "turn on Claude Code's OpenTelemetry export in the options' env (`env={\"CLAUDE_CODE_ENABLE_TELEMETRY\": \"1\", \"OTEL_LOGS_EXPORTER\": \"otlp\"}`), which records each model request and tool call");
    case "strands":
      return bySyntax(r.loc, "export Strands' OpenTelemetry spans (agent, model and tool calls): `setupTracer({ exporters: { otlp: true } })` from @strands-agents/sdk/telemetry at start-up", "export Strands' OpenTelemetry spans (agent, model and tool calls): `StrandsTelemetry().setup_otlp_exporter()` at start-up, with OTEL_EXPORTER_OTLP_ENDPOINT set");
    case "haystack":
      return "trace Haystack's agent and tool spans: `tracing.enable_tracing(OpenTelemetryTracer(trace.get_tracer(\"agent\")))` at start-up (OpenTelemetryTracer from haystack_integrations.tracing.opentelemetry on haystack-ai 3.x, haystack.tracing on 2.x) with an exporting TracerProvider, or build a `LangfuseConnector(\"agent\")` (langfuse-haystack) before the agent runs";
    case "dspy":
      return "trace DSPy's modules, LM and tool calls: `mlflow.dspy.autolog()` (or OpenInference's `DSPyInstrumentor().instrument()`) at start-up, or `dspy.configure(callbacks=[AuditCallback()])` with a BaseCallback whose on_tool_end / on_lm_end write an audit record";
    case "llamaindex":
      return bySyntax(r.loc, "record LlamaIndex.TS's events: `Settings.callbackManager.on(\"llm-tool-call\", …)` and `on(\"llm-end\", …)` at start-up, writing an audit record for every tool and model call its agents make", "enable the framework's telemetry or write an audit record around the run");
    default:
      return "enable the framework's telemetry or write an audit record around the run";
  }
}
