import type { Report } from "../model.js";

/** psf.report/v1: the report as it is, two-space indented; key and element order are the model's, so reports diff cleanly. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + "\n";
}
