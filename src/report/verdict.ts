import type { Report } from "./model.js";
import { plural, someOf } from "../util/text.js";

/** Packages that only trace, or draw a UI, hold no agent logic a control reads (coverage-and-languages.md §1). */
const NO_LOGIC = new Set(["tracing", "ui"]);

/**
 * What a READY verdict rests on besides the controls that passed, for the verdict line of every human
 * format: the controls at warn (they block only under --strict), and the code psf did not read there
 * (an AI package it does not recognize, a language it does not read), whose share of those controls
 * rests on someone's review by hand. Undefined when the verdict is not READY or nothing warns: then
 * READY means every control passed, was not applicable, or was waived.
 */
export function readyCaveat(report: Report): string | undefined {
  if (!report.ready) return undefined;
  const warned = report.controls.filter((r) => r.status === "warn").map((r) => r.id);
  if (!warned.length) return undefined;
  const unread = [
    ...report.coverage.packages.filter((p) => !p.recognized && !NO_LOGIC.has(p.kind)).map((p) => p.name),
    ...report.coverage.languages.filter((l) => !l.read && l.files > 0).map((l) => `${l.language} code`),
  ];
  const shown = someOf(unread, 3);
  const warns = `${plural(warned.length, "control")} at warn (${warned.join(", ")}), which block${warned.length === 1 ? "s" : ""} readiness only under --strict`;
  return unread.length ? `${warns}; psf did not read ${shown}, so what ${warned.length === 1 ? "it says" : "they say"} about that code rests on a review by hand` : warns;
}

/**
 * When the 72-hour figure is printed, what RSG-06 says about it beyond the manifest: a call that goes
 * around the gateway, code psf could not confirm, a gateway deployment with no rate limit. Those are
 * RSG-06's unwaived findings outside the manifest (in the source or the gateway's config); the figure
 * is printed with the first of them, so that no one reads it as a bound the code or the gateway does
 * not keep. Undefined when there is none.
 */
export function spendCaveat(report: Report): string | undefined {
  const rsg06 = report.controls.find((c) => c.id === "RSG-06");
  const open = (rsg06?.findings ?? []).filter((f) => !f.waived && f.file !== undefined && f.file !== report.manifest);
  const first = open[0];
  if (!first) return undefined;
  const at = `${first.file}${first.line !== undefined ? `:${first.line}` : ""}`;
  return `RSG-06 ${first.level} at ${at}: ${first.message}${open.length > 1 ? ` (and ${open.length - 1} more under RSG-06)` : ""}`;
}
