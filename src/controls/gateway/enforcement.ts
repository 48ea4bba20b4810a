/**
 * RSG-07 as a whole: which file proves the ceiling is enforced outside the agent, and what it says.
 * - `spend.enforcement.layer: provider` with `provider: { kind: aws-budgets-action, config }`: an AWS budget
 *   with an automatic action that denies Bedrock;
 * - `gateway.config`: the gateway's own config file;
 * - Helicone: the Helicone-RateLimit-Policy header in the agent's code;
 * - gateways whose budget lives in their dashboard (Portkey, OpenRouter, Vercel AI Gateway, Cloudflare AI
 *   Gateway without IaC): a warn, never a pass; `gateway.budget_evidence` is read so it is digested and bundled.
 */
import type { ControlContext, ControlOutcome, RawFinding } from "../types.js";
import { evidenceProblem } from "../evidence-findings.js";
import { checkGatewayConfig } from "./index.js";
import { checkAwsBudgets, looksLikeAwsBudgets } from "./aws-budgets.js";
import { checkHelicone, findHeliconePolicies } from "./helicone.js";
import { manifestCeiling } from "./common.js";
import type { GatewayCheckResult } from "./common.js";

const DASHBOARD_ONLY: Record<string, string> = {
  portkey: "Portkey",
  openrouter: "OpenRouter",
  "vercel-ai-gateway": "Vercel AI Gateway",
  cloudflare: "Cloudflare AI Gateway",
  helicone: "Helicone",
};

type EnforcementOutcome = ControlOutcome & { figures?: GatewayCheckResult["figures"] };

/** One reading per run: RSG-06 names the config lines RSG-07 found, and neither reads or parses twice. */
const memo = new WeakMap<object, EnforcementOutcome>();

export function spendEnforcement(ctx: ControlContext): EnforcementOutcome {
  const hit = memo.get(ctx.evidence);
  if (hit) return hit;
  const outcome = readEnforcement(ctx);
  memo.set(ctx.evidence, outcome);
  return outcome;
}

export function evaluateSpendEnforcement(ctx: ControlContext): ControlOutcome {
  const { findings, notes, notApplicable } = spendEnforcement(ctx);
  return { findings: [...findings], notes: notes ? [...notes] : undefined, notApplicable };
}

function readEnforcement(ctx: ControlContext): EnforcementOutcome {
  const e = ctx.manifest.spend?.enforcement;
  const gw = e?.gateway;
  const provider = e?.provider;

  if (e?.layer === "provider" && provider?.config) {
    const at = ["spend", "enforcement", "provider", "config"];
    const file = ctx.evidence.read(provider.config);
    if (!file.ok) return { findings: [evidenceProblem(file, at, "the provider budget config")] };
    if (provider.kind === "aws-budgets-action" || looksLikeAwsBudgets(file.text)) return checkAwsBudgets(file.path, file.text, ctx.manifest);
    return { findings: [{ level: "warn", message: `psf cannot read the provider budget config ${file.path}: it reads AWS budgets with budget actions (Terraform aws_budgets_budget_action, CloudFormation AWS::Budgets::BudgetsAction); the ceiling it enforces was not checked`, loc: { file: file.path, line: 1, column: 1 }, fix: "spend:\n  enforcement:\n    provider: { kind: aws-budgets-action, config: infra/budgets.tf }" }] };
  }

  if (gw?.config) {
    const at = ["spend", "enforcement", "gateway", "config"];
    const file = ctx.evidence.read(gw.config);
    if (!file.ok) return { findings: [evidenceProblem(file, at, "the gateway config")] };
    return checkGatewayConfig({ kind: gw.kind, file: file.path, text: file.text, manifest: ctx.manifest });
  }

  if (gw?.kind === "helicone") {
    const policies = findHeliconePolicies(ctx.sources.files);
    if (policies.length > 0) return checkHelicone(policies, ctx.manifest);
  }

  if (gw?.kind && DASHBOARD_ONLY[gw.kind]) return dashboardOnly(ctx, gw.kind, DASHBOARD_ONLY[gw.kind]!);
  if (gw?.budget_evidence) return dashboardOnly(ctx, gw.kind ?? "the gateway", gw.kind ?? "the gateway");
  return { findings: [], notApplicable: "no gateway config is named (spend.enforcement.gateway.config)" };
}

/** Routing can be proved from the code (RSG-04); the figure cannot. A warn with the reason, and the evidence bundled. */
function dashboardOnly(ctx: ControlContext, kind: string, name: string): ControlOutcome {
  const ceiling = manifestCeiling(ctx.manifest);
  const claim = ceiling ? `the manifest ceiling ${ceiling.text}` : "the budget";
  const base = `routed through ${kind}; the budget lives in its dashboard and cannot be checked from this repository, so ${claim} is the team's word (RSG-04 checks the routing)`;
  const evidencePath = ctx.manifest.spend?.enforcement?.gateway?.budget_evidence;
  if (!evidencePath) {
    const finding: RawFinding = {
      level: "warn",
      message: base,
      at: ["spend", "enforcement", "gateway", "kind"],
      fix: `Export the ${name} budget (or the ticket that set it) into the repository and name it, so the auditor gets it in the bundle:\nspend:\n  enforcement:\n    gateway:\n      kind: ${kind}\n      budget_evidence: docs/${kind}-budget.json`,
    };
    return { findings: [finding] };
  }
  const file = ctx.evidence.read(evidencePath);
  if (!file.ok) return { findings: [evidenceProblem(file, ["spend", "enforcement", "gateway", "budget_evidence"], "the budget evidence")] };
  return {
    findings: [{
      level: "warn",
      message: `${base}; ${file.path} is kept as the budget evidence for the auditor (psf did not check its figures)`,
      loc: { file: file.path, line: 1, column: 1 },
      fix: `Have a reviewer compare ${file.path} with the ${name} dashboard at each reassessment; psf will not pass a budget it cannot read.`,
    }],
    notes: [`budget evidence: ${file.path} (sha256 ${file.sha256.slice(0, 12)}…), bundled under evidence/`],
  };
}
