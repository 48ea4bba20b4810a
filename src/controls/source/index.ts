import type { Facts } from "../../facts/types.js";
import type { ControlContext, RawFinding } from "../types.js";
import { SOURCE_UNAVAILABLE } from "../types.js";

/**
 * The source half of every control that reads the agent's code. Each check is a pure function of
 * (context, facts); the domain modules call it after their manifest half. Without facts (source
 * analysis did not run) every check reports `error`, which blocks readiness: nothing passes unexamined.
 */
export interface SourceCheckResult {
  findings: RawFinding[];
  notes?: string[];
}
export type SourceCheck = (ctx: ControlContext, facts: Facts) => SourceCheckResult;

export type SourceCheckId = "RSG-04" | "RSG-05" | "OOC-02" | "OOC-03" | "ABC-02" | "ABC-03" | "ABC-04" | "ABC-06" | "ABC-07" | "ABC-08" | "IAA-04";

const notYet: SourceCheck = () => ({ findings: [{ ...SOURCE_UNAVAILABLE }] });

const checks: Record<SourceCheckId, SourceCheck> = {
  "RSG-04": notYet,
  "RSG-05": notYet,
  "OOC-02": notYet,
  "OOC-03": notYet,
  "ABC-02": notYet,
  "ABC-03": notYet,
  "ABC-04": notYet,
  "ABC-06": notYet,
  "ABC-07": notYet,
  "ABC-08": notYet,
  "IAA-04": notYet,
};

export function runSourceCheck(id: SourceCheckId, ctx: ControlContext): SourceCheckResult {
  if (!ctx.facts) return { findings: [{ ...SOURCE_UNAVAILABLE }] };
  return checks[id](ctx, ctx.facts);
}
