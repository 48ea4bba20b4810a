import type { Node } from "yaml";
import type { Manifest } from "../../manifest/types.js";
import type { RawFinding } from "../types.js";
import type { GatewayCheckResult } from "./common.js";
import { finding, fmtNum, manifestCeiling } from "./common.js";
import type { FoundBudget, GatewayPeriod } from "./budget.js";
import { budgetText, pickBudget } from "./budget.js";
import type { Loc, ParsedConfig } from "./yaml-nodes.js";
import { asMap, child, dig, items, locOf, parseConfig, scalar, str, where } from "./yaml-nodes.js";
import { attr, hclBlocks, lineCol, matchBrace, type Block } from "./hcl.js";

/*
 * AWS has no per-application spend cap for Bedrock. An AWS Budget alone only notifies. A budget action
 * (CloudFormation AWS::Budgets::BudgetsAction, Terraform aws_budgets_budget_action) with ApprovalModel
 * AUTOMATIC and ActionType APPLY_IAM_POLICY or APPLY_SCP_POLICY attaches a policy when the threshold is
 * crossed; when that policy denies bedrock:Invoke*, spending stops: enforcement at the provider layer.
 * RUN_SSM_DOCUMENTS stops EC2/RDS instances and does not touch Bedrock. Budget TimeUnit: DAILY, MONTHLY,
 * QUARTERLY, ANNUALLY; BudgetLimit { Amount, Unit }; ActionThreshold { Type PERCENTAGE | ABSOLUTE_VALUE, Value }.
 */

const TIME_UNITS: Record<string, GatewayPeriod> = {
  DAILY: { seconds: 86400, text: "DAILY" },
  MONTHLY: { months: 1, text: "MONTHLY" },
  QUARTERLY: { months: 3, text: "QUARTERLY" },
  ANNUALLY: { months: 12, text: "ANNUALLY" },
};

interface Budget {
  /** Terraform address (aws_budgets_budget.x) or CloudFormation logical id. */
  id: string;
  name: string | undefined;
  amount: number | undefined;
  amountRaw: string | undefined;
  amountLoc: Loc;
  unit: string;
  timeUnit: string | undefined;
  timeLoc: Loc;
}

interface Action {
  id: string;
  loc: Loc;
  budgetRef: string | undefined;
  type: string | undefined;
  typeLoc: Loc;
  approval: string | undefined;
  approvalLoc: Loc;
  thresholdType: string | undefined;
  thresholdValue: number | undefined;
  thresholdLoc: Loc;
  /** The policy the action attaches: a resource reference, or an ARN. */
  policyRef: string | undefined;
  policyLoc: Loc;
}

interface Policy {
  id: string;
  loc: Loc;
  /** Where a statement denying Bedrock invocation is, if one is. */
  denies: Loc | undefined;
}

interface Model {
  budgets: Budget[];
  actions: Action[];
  policies: Policy[];
}

const BEDROCK_ACTION = /^(bedrock:(invoke\*?|invokemodel\*?|invokemodelwithresponsestream|\*)|\*)$/i;
const DENY_ALL_ARN = /arn:aws[\w-]*:iam::aws:policy\/AWSDenyAll$/;

export function looksLikeAwsBudgets(text: string): boolean {
  return /aws_budgets_budget|AWS::Budgets::Budget/.test(text);
}

// ---------------------------------------------------------------- Terraform (HCL), read as text with positions


function readTerraform(file: string, text: string, blocks: Block[]): Model {
  const model: Model = { budgets: [], actions: [], policies: [] };
  const at = (l: Loc): Loc => ({ ...l, file });
  const blockLoc = (b: Block): Loc => ({ file, ...lineCol(text, b.headerOffset) });
  for (const b of blocks) {
    if (b.type === "aws_budgets_budget") {
      const amount = attr(b, text, "limit_amount");
      const unit = attr(b, text, "limit_unit");
      const time = attr(b, text, "time_unit");
      const name = attr(b, text, "name");
      const n = amount ? Number(amount.value) : undefined;
      model.budgets.push({
        id: b.name,
        name: name?.value,
        amount: n !== undefined && Number.isFinite(n) ? n : undefined,
        amountRaw: amount?.value,
        amountLoc: amount ? at(amount.loc) : blockLoc(b),
        unit: unit?.value ?? "USD",
        timeUnit: time?.value,
        timeLoc: time ? at(time.loc) : blockLoc(b),
      });
    } else if (b.type === "aws_budgets_budget_action") {
      const type = attr(b, text, "action_type");
      const approval = attr(b, text, "approval_model");
      const tType = attr(b, text, "action_threshold_type");
      const tValue = attr(b, text, "action_threshold_value");
      const policy = attr(b, text, "policy_arn") ?? attr(b, text, "policy_id");
      const budget = attr(b, text, "budget_name");
      model.actions.push({
        id: b.name,
        loc: blockLoc(b),
        budgetRef: budget?.value,
        type: type?.value,
        typeLoc: type ? at(type.loc) : blockLoc(b),
        approval: approval?.value,
        approvalLoc: approval ? at(approval.loc) : blockLoc(b),
        thresholdType: tType?.value,
        thresholdValue: tValue ? Number(tValue.value) : undefined,
        thresholdLoc: tValue ? at(tValue.loc) : blockLoc(b),
        policyRef: policy?.value,
        policyLoc: policy ? at(policy.loc) : blockLoc(b),
      });
    } else if (b.type === "aws_iam_policy" || b.type === "aws_organizations_policy" || b.type === "aws_iam_policy_document") {
      model.policies.push({ id: b.name, loc: blockLoc(b), denies: denyInText(b.body, b.start, text, file) });
    }
  }
  // A policy whose document is a data source: it denies what that document denies.
  for (const p of model.policies) {
    if (p.denies) continue;
    const block = blocks.find((b) => b.name === p.id)!;
    const ref = /data\.aws_iam_policy_document\.([\w-]+)\.json/.exec(block.body);
    const doc = ref ? model.policies.find((q) => q.id === `data.aws_iam_policy_document.${ref[1]}`) : undefined;
    if (doc?.denies) p.denies = doc.denies;
  }
  return model;
}

/**
 * A statement that denies Bedrock invocation, in HCL (`effect = "Deny"`, `actions = [...]`), jsonencode or JSON:
 * each `Effect`/`effect` is read with the object it sits in, so an Allow next to a Deny is not confused with it.
 */
function denyInText(body: string, base: number, text: string, file: string): Loc | undefined {
  const re = /["']?(Effect|effect)["']?\s*[=:]\s*["']Deny["']/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const open = enclosingOpen(body, m.index);
    if (open < 0) continue;
    const close = matchBrace(body, open);
    const stmt = body.slice(open, close < 0 ? body.length : close + 1);
    const actions = /["']?(Action|actions)["']?\s*[=:]\s*(\[[^\]]*\]|"[^"]*")/.exec(stmt);
    if (!actions) continue;
    const names = [...actions[2]!.matchAll(/"([^"]+)"/g)].map((x) => x[1]!);
    if (names.some((n) => BEDROCK_ACTION.test(n))) return { file, ...lineCol(text, base + m.index) };
  }
  return undefined;
}

function enclosingOpen(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i >= 0; i--) {
    if (s[i] === "}") depth++;
    else if (s[i] === "{") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

// ---------------------------------------------------------------- CloudFormation (YAML or JSON)

function refName(node: Node | undefined): string | undefined {
  const s = str(node);
  if (s !== undefined) return s;
  return str(child(node, "Ref")) ?? str(items(child(node, "Fn::GetAtt"))[0]) ?? str(child(node, "Fn::GetAtt"))?.split(".")[0];
}

function readCloudFormation(cfg: ParsedConfig, root: Node | null): Model {
  const model: Model = { budgets: [], actions: [], policies: [] };
  const resources = asMap(child(root, "Resources"));
  for (const pair of resources?.items ?? []) {
    const id = String((pair.key as { value?: unknown })?.value ?? "");
    const r = pair.value as Node;
    const type = str(child(r, "Type"));
    const props = child(r, "Properties");
    const rLoc = locOf(cfg, pair.key as Node);
    if (type === "AWS::Budgets::Budget") {
      const amountNode = dig(props, "Budget", "BudgetLimit", "Amount");
      const raw = scalar(amountNode);
      const n = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw) : undefined;
      const timeNode = dig(props, "Budget", "TimeUnit");
      model.budgets.push({
        id,
        name: str(dig(props, "Budget", "BudgetName")),
        amount: n !== undefined && Number.isFinite(n) ? n : undefined,
        amountRaw: raw === undefined ? undefined : String(raw),
        amountLoc: amountNode ? locOf(cfg, amountNode) : rLoc,
        unit: str(dig(props, "Budget", "BudgetLimit", "Unit")) ?? "USD",
        timeUnit: str(timeNode),
        timeLoc: timeNode ? locOf(cfg, timeNode) : rLoc,
      });
    } else if (type === "AWS::Budgets::BudgetsAction") {
      const typeNode = child(props, "ActionType");
      const apNode = child(props, "ApprovalModel");
      const tv = dig(props, "ActionThreshold", "Value");
      const policyNode = dig(props, "Definition", "IamActionDefinition", "PolicyArn") ?? dig(props, "Definition", "ScpActionDefinition", "PolicyId");
      model.actions.push({
        id,
        loc: rLoc,
        budgetRef: refName(child(props, "BudgetName")),
        type: str(typeNode),
        typeLoc: typeNode ? locOf(cfg, typeNode) : rLoc,
        // CloudFormation's default ApprovalModel is MANUAL.
        approval: str(apNode) ?? "MANUAL",
        approvalLoc: apNode ? locOf(cfg, apNode) : rLoc,
        thresholdType: str(dig(props, "ActionThreshold", "Type")),
        thresholdValue: typeof scalar(tv) === "number" ? (scalar(tv) as number) : undefined,
        thresholdLoc: tv ? locOf(cfg, tv) : rLoc,
        policyRef: refName(policyNode),
        policyLoc: policyNode ? locOf(cfg, policyNode) : rLoc,
      });
    } else if (type === "AWS::IAM::ManagedPolicy" || type === "AWS::IAM::Policy" || type === "AWS::Organizations::Policy") {
      const doc = child(props, "PolicyDocument") ?? child(props, "Content");
      let denies: Loc | undefined;
      for (const st of items(child(doc, "Statement"))) {
        if (str(child(st, "Effect")) !== "Deny") continue;
        const a = child(st, "Action");
        const names = str(a) !== undefined ? [str(a)!] : items(a).map((x) => str(x) ?? "");
        if (names.some((n) => BEDROCK_ACTION.test(n))) denies ??= locOf(cfg, st);
      }
      model.policies.push({ id, loc: rLoc, denies });
    }
  }
  return model;
}

// ---------------------------------------------------------------- the check

export function checkAwsBudgets(file: string, text: string, manifest: Manifest): GatewayCheckResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const ceiling = manifestCeiling(manifest);
  const amount = ceiling ? fmtNum(ceiling.amount) : "<USD>";
  const timeUnit = ceiling?.periodSeconds === 86400 ? "DAILY" : "MONTHLY";
  const fileLoc: Loc = { file, line: 1, column: 1 };
  const fixTf = `resource "aws_budgets_budget" "agent" {\n  budget_type  = "COST"\n  limit_amount = "${amount}"\n  limit_unit   = "USD"\n  time_unit    = "${timeUnit}"\n}\n\nresource "aws_budgets_budget_action" "stop_bedrock" {\n  budget_name        = aws_budgets_budget.agent.name\n  action_type        = "APPLY_IAM_POLICY"\n  approval_model     = "AUTOMATIC"\n  notification_type  = "ACTUAL"\n  execution_role_arn = aws_iam_role.budgets.arn\n  action_threshold {\n    action_threshold_type  = "PERCENTAGE"\n    action_threshold_value = 100\n  }\n  definition {\n    iam_action_definition {\n      policy_arn = aws_iam_policy.deny_bedrock.arn\n      roles      = [aws_iam_role.agent.name]\n    }\n  }\n  subscriber { … }\n}\n# aws_iam_policy.deny_bedrock: { Effect = "Deny", Action = ["bedrock:Invoke*"], Resource = "*" }`;

  let model: Model;
  if (/\.tf$/i.test(file)) {
    const parsed = hclBlocks(text);
    if (!parsed.ok) {
      findings.push({ level: "fail", message: `${file}:${parsed.line}:${parsed.column} cannot be parsed (${parsed.message}), so it is not a Terraform budget that psf can check`, loc: { file, line: parsed.line, column: parsed.column }, fix: `Fix the syntax of ${file} at line ${parsed.line}; check it with \`terraform validate\`.` });
      return { findings, notes: [`${file}: not parsed (${parsed.message})`] };
    }
    model = readTerraform(file, text, parsed.blocks);
  } else {
    const parsed = parseConfig(file, text);
    if (!parsed.ok) {
      findings.push({ level: "fail", message: `${file}:${parsed.line}:${parsed.column} cannot be parsed (${parsed.message}), so it is not a CloudFormation template that psf can check`, loc: { file, line: parsed.line, column: parsed.column }, fix: `Fix the syntax of ${file} at line ${parsed.line}; check it with \`cfn-lint ${file}\`.` });
      return { findings, notes: [`${file}: not parsed (${parsed.message} at line ${parsed.line})`] };
    }
    model = readCloudFormation(parsed.config, parsed.config.roots[0] ?? null);
  }

  if (model.budgets.length === 0) {
    findings.push(finding("fail", `provider config does not set a budget: ${file} has no aws_budgets_budget / AWS::Budgets::Budget`, fileLoc, fixTf));
    return { findings, notes };
  }

  // Each budget's money figure, for the comparison.
  const found: { b: Budget; f: FoundBudget }[] = [];
  for (const b of model.budgets) {
    if (b.amount === undefined) {
      findings.push(finding("fail", `${where(b.amountLoc)} ${b.id} limit amount is ${b.amountRaw === undefined ? "missing" : JSON.stringify(b.amountRaw)}, not a number`, b.amountLoc, fixTf));
      continue;
    }
    const unit = b.timeUnit ? TIME_UNITS[b.timeUnit] : undefined;
    if (b.timeUnit && !unit) {
      findings.push(finding("fail", `${where(b.timeLoc)} ${b.id} time unit "${b.timeUnit}" is not DAILY, MONTHLY, QUARTERLY or ANNUALLY`, b.timeLoc, fixTf));
      continue;
    }
    found.push({ b, f: { what: `AWS budget ${b.id}`, amount: b.amount, currency: b.unit.toLowerCase() === "dollars" ? "USD" : b.unit, amountLoc: b.amountLoc, amountText: `limit amount is ${fmtNum(b.amount)}`, period: unit, periodLoc: b.timeLoc, periodKey: "time unit" } });
  }
  if (found.length === 0) return { findings, notes };

  // Which budgets have an action that really stops Bedrock?
  const enforcing: { b: Budget; f: FoundBudget; a: Action }[] = [];
  const problems: RawFinding[] = [];
  for (const a of model.actions) {
    const target = found.find(({ b }) => a.budgetRef !== undefined && (a.budgetRef.includes(`${b.id}.`) || a.budgetRef === b.id || a.budgetRef === b.name)) ?? (found.length === 1 ? found[0] : undefined);
    if (!target) {
      problems.push(finding("fail", `${where(a.loc)} budget action ${a.id} refers to budget ${a.budgetRef ?? "(none)"}, which ${file} does not define`, a.loc, fixTf));
      continue;
    }
    if (a.approval !== "AUTOMATIC") {
      problems.push(finding("fail", `${where(a.approvalLoc)} budget action ${a.id} has approval model ${a.approval ?? "MANUAL"}: it waits for a person to approve it, so spending goes on until someone does`, a.approvalLoc, `approval_model = "AUTOMATIC"`));
      continue;
    }
    if (a.type !== "APPLY_IAM_POLICY" && a.type !== "APPLY_SCP_POLICY") {
      problems.push(finding("fail", `${where(a.typeLoc)} budget action ${a.id} is ${a.type ?? "of no type"}: only APPLY_IAM_POLICY or APPLY_SCP_POLICY can deny Bedrock (RUN_SSM_DOCUMENTS stops instances)`, a.typeLoc, `action_type = "APPLY_IAM_POLICY" with a policy that denies bedrock:Invoke*`));
      continue;
    }
    const ref = a.policyRef ?? "";
    const policy = model.policies.find((p) => ref === p.id || ref.startsWith(`${p.id}.`));
    const denies = DENY_ALL_ARN.test(ref) || policy?.denies !== undefined;
    if (!denies) {
      problems.push(finding("fail", `${where(a.policyLoc)} budget action ${a.id} applies ${ref || "no policy"}${policy ? ` (${where(policy.loc)})` : ""}, which ${policy ? "does not deny" : "psf cannot see deny"} bedrock:Invoke*: reaching the budget does not stop model calls`, a.policyLoc, `A policy whose statement is { Effect = "Deny", Action = ["bedrock:Invoke*"], Resource = "*" }`));
      continue;
    }
    // The action fires at a threshold: a percentage of the budget or an absolute amount.
    let f = target.f;
    if (a.thresholdValue !== undefined) {
      const eff = a.thresholdType === "ABSOLUTE_VALUE" ? a.thresholdValue : (target.b.amount! * a.thresholdValue) / 100;
      if (Math.abs(eff - target.b.amount!) > 1e-9) {
        f = { ...f, amount: eff, amountLoc: a.thresholdLoc, amountText: `the action fires at ${a.thresholdType === "ABSOLUTE_VALUE" ? fmtNum(a.thresholdValue) : `${fmtNum(a.thresholdValue)}% of ${fmtNum(target.b.amount!)} = ${fmtNum(eff)}`}` };
      }
    }
    enforcing.push({ b: target.b, f, a });
  }

  if (enforcing.length === 0) {
    findings.push(...problems);
    if (model.actions.length === 0) {
      const b = found[0]!;
      findings.push(finding("fail", `${where(b.b.amountLoc)} ${b.b.id} is a budget with no budget action: it only sends alerts (in effect on_exceed: alert), nothing stops Bedrock when it is reached`, b.b.amountLoc, fixTf));
    }
    return { findings, notes };
  }
  if (!ceiling) {
    findings.push(finding("warn", `the manifest declares no spend.ceiling to compare with ${where(enforcing[0]!.f.amountLoc)} ${budgetText(enforcing[0]!.f)}`, enforcing[0]!.f.amountLoc, "spend:\n  ceiling: { amount: <USD>, currency: USD, period: 30d }"));
    return { findings, notes };
  }
  const picked = pickBudget(ceiling, enforcing.map((e) => e.f), fixTf);
  findings.push(...picked.findings);
  const e = enforcing.find((x) => x.f === picked.best)!;
  const figures = picked.matches ? { ceiling: picked.best.amountLoc } : undefined;
  notes.push(`${file}: ${e.a.id} (${e.a.type}, AUTOMATIC) denies Bedrock when ${e.b.id} reaches ${budgetText(picked.best)} (${where(picked.best.amountLoc)})${picked.matches ? " (matches the manifest)" : ` (manifest: ${ceiling.text})`}`);
  return { findings, notes, figures };
}
