import type { ControlContext, RawFinding } from "../types.js";
import { SOURCE_UNAVAILABLE } from "../types.js";
import { rsg04, rsg05 } from "./rsg.js";
import { ooc02, ooc03 } from "./ooc.js";
import { abc02, abc03, abc04, abc06, abc07, abc08 } from "./abc.js";
import { iaa04 } from "./iaa.js";

export { rsg04NotApplicable } from "./rsg.js";

/**
 * The source half of every control that reads the agent's code. Each check is a pure function of
 * (context, facts); the domain modules call it after their manifest half. Without facts (source
 * analysis did not run) every check reports `error`, which blocks readiness: nothing passes unexamined.
 */
export type { SourceCheck, SourceCheckResult } from "./check.js";
import type { SourceCheck, SourceCheckResult } from "./check.js";

export type SourceCheckId = "RSG-04" | "RSG-05" | "OOC-02" | "OOC-03" | "ABC-02" | "ABC-03" | "ABC-04" | "ABC-06" | "ABC-07" | "ABC-08" | "IAA-04";

const checks: Record<SourceCheckId, SourceCheck> = {
  "RSG-04": rsg04,
  "RSG-05": rsg05,
  "OOC-02": ooc02,
  "OOC-03": ooc03,
  "ABC-02": abc02,
  "ABC-03": abc03,
  "ABC-04": abc04,
  "ABC-06": abc06,
  "ABC-07": abc07,
  "ABC-08": abc08,
  "IAA-04": iaa04,
};

export function runSourceCheck(id: SourceCheckId, ctx: ControlContext): SourceCheckResult {
  if (!ctx.facts) return { findings: [{ ...SOURCE_UNAVAILABLE }] };
  try {
    return checks[id](ctx, ctx.facts);
  } catch (e) {
    return { findings: [{ level: "error", message: `the source check for ${id} failed: ${(e as Error).message}` }] };
  }
}

/** A control with a manifest half and a source half: the manifest findings, then the source check's. */
export function withSourceHalf(id: SourceCheckId, ctx: ControlContext, manifestFindings: RawFinding[]): SourceCheckResult {
  const src = runSourceCheck(id, ctx);
  return { findings: [...manifestFindings, ...src.findings], ...(src.notes ? { notes: src.notes } : {}) };
}
