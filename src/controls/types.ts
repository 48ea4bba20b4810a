import type { LoadedManifest } from "../manifest/load.js";
import type { Manifest, ManifestPath } from "../manifest/types.js";
import type { SourceSet } from "../sources/collect.js";
import type { Facts, SourceLocation } from "../facts/types.js";
import type { EvidenceStore } from "./evidence.js";
import type { Capabilities, ControlResult, FindingLevel } from "../result/model.js";

/** What a previous, verified attestation says was assessed (for DRA-03 `--previous`). */
export interface PreviousAssessment {
  generatedAt: string;
  subjects: { name: string; sha256: string }[];
  /** The capabilities the previous report recorded (tools, endpoints, limits, ceiling). */
  capabilities?: Capabilities;
  keyid?: string;
}

export interface ControlContext {
  manifest: Manifest;
  /** The loaded manifest: positions of its nodes and its folder. */
  loaded: LoadedManifest;
  /** The source files read for this assessment. */
  sources: SourceSet;
  /** Source facts; undefined when source analysis is not available. */
  facts: Facts | undefined;
  /** Evidence files the manifest names, read once and digested into the report's subjects. */
  evidence: EvidenceStore;
  /** The assessment's "now": SOURCE_DATE_EPOCH when set. */
  now: Date;
  previous: PreviousAssessment | undefined;
  /** Results of the controls evaluated so far (DRA-04 reads them). */
  results: readonly ControlResult[];
  strict: boolean;
}

/** A finding as a control reports it; the engine adds `waived`. Where: a manifest node or a source location. */
export interface RawFinding {
  level: FindingLevel;
  message: string;
  /** A manifest node this finding is about (the engine turns it into file:line:col). */
  at?: ManifestPath;
  /** A source or evidence location. */
  loc?: SourceLocation | { file: string; line?: number; column?: number };
  fix?: string;
}

export interface ControlOutcome {
  findings: RawFinding[];
  /** Set when the control does not apply by rule; the text says why. */
  notApplicable?: string;
  notes?: string[];
}

export interface ControlDefinition {
  id: string;
  evaluate(ctx: ControlContext): ControlOutcome;
}

/** One shape for every control, as ESLint has one for every rule. */
export function defineControl(def: ControlDefinition): ControlDefinition {
  return def;
}

/** Helpers that keep control bodies short. */
export const fail = (message: string, at?: ManifestPath, fix?: string): RawFinding => ({ level: "fail", message, at, fix });
export const warn = (message: string, at?: ManifestPath, fix?: string): RawFinding => ({ level: "warn", message, at, fix });

/** A finding used by source controls and source halves until (or unless) facts are available. */
export const SOURCE_UNAVAILABLE: RawFinding = {
  level: "error",
  message: "source analysis not available: this control's source evidence was not examined, so it cannot pass",
};
