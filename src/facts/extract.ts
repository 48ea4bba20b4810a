import type { SourceSet } from "../sources/collect.js";
import type { Facts } from "./types.js";

/**
 * Source analysis entry point: parse every collected file once and extract facts in one walk.
 * Until the analysis lands this returns undefined, and every source control reports `error`.
 */
export function extractFacts(_sources: SourceSet): Facts | undefined {
  return undefined;
}
