import { defineControl, fail, warn, type ControlContext, type ControlDefinition, type RawFinding } from "./types.js";
import { runSourceCheck, withSourceHalf } from "./source/index.js";
import { evidenceProblem } from "./evidence-findings.js";
import { agentLanguage, type CodeSyntax } from "./remediation.js";
import { allowEntry, sourceHosts } from "../facts/hosts.js";

/** Why an allowlist entry is not an exact origin or origin+path prefix, or undefined when it is one. */
export function allowEntryProblem(entry: string): string | undefined {
  const e = entry.trim();
  if (e === "*" || /^\*?:?\/\/\*?$/.test(e) || /^[a-z][a-z0-9+.-]*:(\/\/)?\*?$/i.test(e)) return "is a bare scheme or wildcard: it allows every host";
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(e);
  if (!m) return "is not an origin (write scheme://host[:port][/path])";
  const host = m[2]!;
  if (host.includes("*")) return "has a wildcard host: list each host explicitly";
  if (!host || host.startsWith(":")) return "has no host";
  try {
    new URL(e);
  } catch {
    return "is not a valid URL";
  }
  return undefined;
}

/** The code half of a manifest fix, in the agent's language (see remediation.ts). */
const BOUND_IN_CODE: Record<CodeSyntax, string> = {
  ts: "bound every agent run in code (e.g. stopWhen: stepCountIs(40))",
  py: "bound every agent run in code (e.g. Runner.run(agent, task, max_turns=40))",
  other: "give every agent run in the code a step bound no larger than it",
};
const TIMEOUT_IN_CODE: Record<CodeSyntax, string> = {
  ts: "enforce it in code (AbortSignal.timeout)",
  py: "enforce it in code (asyncio.timeout)",
  other: "abort every run in the code when it elapses",
};

/**
 * The allowlist a fix suggests: the origins this code connects to and the declared gateway, as
 * `psf init` writes them (facts/hosts.ts), up to five. A project whose code names no host gets a
 * placeholder, never another project's hosts.
 */
function allowlistFor(ctx: ControlContext): string {
  const gateway = ctx.manifest.spend?.enforcement?.gateway;
  const gatewayOrigin = gateway?.url ? allowEntry(gateway.url) : undefined;
  const list = [...new Set([...(gatewayOrigin ? [gatewayOrigin] : []), ...(ctx.facts ? sourceHosts(ctx.facts, gateway?.url_env) : [])])].sort();
  if (!list.length) return "add boundaries.endpoints.allow with each origin the agent may call (scheme://host[:port][/path]), e.g. [https://api.example.com]";
  return `add boundaries.endpoints.allow: [${list.slice(0, 5).join(", ")}${list.length > 5 ? ", …" : ""}] (the origins this code calls${gatewayOrigin ? " and the gateway" : ""}; keep only those the agent needs)`;
}

export const abcControls: ControlDefinition[] = [
  defineControl({
    id: "ABC-01",
    evaluate(ctx) {
      const allow = ctx.manifest.boundaries?.endpoints?.allow;
      if (!allow?.length) {
        return { findings: [fail("no endpoint allowlist is declared: the agent may call any host", ["boundaries", "endpoints", "allow"], allowlistFor(ctx))] };
      }
      const findings: RawFinding[] = [];
      allow.forEach((entry, i) => {
        const problem = allowEntryProblem(entry);
        if (problem) findings.push(fail(`allowlist entry "${entry}" ${problem}`, ["boundaries", "endpoints", "allow", i], "list each host as an exact origin or an origin+path prefix (scheme://host[:port][/path]), one entry per host"));
      });
      return { findings, notes: [`${allow.length} allowed endpoint${allow.length > 1 ? "s" : ""}`] };
    },
  }),
  defineControl({ id: "ABC-02", evaluate: (ctx) => runSourceCheck("ABC-02", ctx) }),
  defineControl({
    id: "ABC-03",
    evaluate(ctx) {
      const findings: RawFinding[] = [];
      const limits = ctx.manifest.boundaries?.limits;
      if (limits?.max_steps === undefined) {
        findings.push(fail("max_steps is not declared: no machine-enforced termination bound", ["boundaries", "limits", "max_steps"], `add boundaries.limits.max_steps: 40, and ${BOUND_IN_CODE[agentLanguage(ctx.sources)?.syntax ?? "ts"]}`));
      }
      // The machine bound decides termination; the stated end condition is for the reviewer, so its absence is a warn.
      if (!ctx.manifest.boundaries?.termination?.length) {
        findings.push(warn("no termination condition is stated: the reviewer cannot tell when the agent is meant to stop (the machine bound still applies)", ["boundaries", "termination"], "add boundaries.termination: [\"every queued task resolved once, or max_steps reached\"]"));
      }
      return withSourceHalf("ABC-03", ctx, findings);
    },
  }),
  defineControl({ id: "ABC-04", evaluate: (ctx) => runSourceCheck("ABC-04", ctx) }),
  defineControl({
    id: "ABC-05",
    evaluate({ manifest }) {
      const limits = manifest.boundaries?.limits;
      const findings: RawFinding[] = [];
      if (!limits?.rate) findings.push(fail("no rate limit is declared", ["boundaries", "limits", "rate"], "add boundaries.limits.rate: { calls: 60, per: 1m, enforced_by: gateway }"));
      if (limits?.max_concurrency === undefined) findings.push(fail("no concurrency limit is declared", ["boundaries", "limits", "max_concurrency"], "add boundaries.limits.max_concurrency: 4"));
      return { findings };
    },
  }),
  defineControl({
    id: "ABC-06",
    evaluate(ctx) {
      const limits = ctx.manifest.boundaries?.limits;
      const findings: RawFinding[] = [];
      if (!limits?.timeout) findings.push(fail("no wall-clock timeout is declared: a run can go on for days", ["boundaries", "limits", "timeout"], `add boundaries.limits.timeout: 2h, and ${TIMEOUT_IN_CODE[agentLanguage(ctx.sources)?.syntax ?? "ts"]}`));
      return withSourceHalf("ABC-06", ctx, findings);
    },
  }),
  defineControl({
    id: "ABC-07",
    evaluate(ctx) {
      const policy = ctx.manifest.boundaries?.policy;
      const findings: RawFinding[] = [];
      if (!policy?.engine) {
        findings.push(fail("no policy engine is declared: what the agent may do is decided by the model", ["boundaries", "policy", "engine"], "add boundaries.policy: { engine: opa, files: [policy/agent.rego] }"));
      }
      if (policy && !policy.files?.length) {
        findings.push(fail("the policy names no files", ["boundaries", "policy", "files"], "add files: [policy/agent.rego]"));
      }
      policy?.files?.forEach((f, i) => {
        const read = ctx.evidence.read(f);
        if (!read.ok) findings.push(evidenceProblem(read, ["boundaries", "policy", "files", i], "the policy file"));
        else if (!read.text.trim()) findings.push(fail(`the policy file ${read.path} is empty`, ["boundaries", "policy", "files", i], "write the policy rules"));
      });
      return withSourceHalf("ABC-07", ctx, findings);
    },
  }),
  defineControl({ id: "ABC-08", evaluate: (ctx) => runSourceCheck("ABC-08", ctx) }),
];
