import type { Facts } from "../../facts/types.js";
import type { ControlContext, RawFinding } from "../types.js";

/** One source check: a pure function of (context, facts). */
export interface SourceCheckResult {
  findings: RawFinding[];
  notes?: string[];
}
export type SourceCheck = (ctx: ControlContext, facts: Facts) => SourceCheckResult;
