import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { loadManifest } from "../../src/manifest/load.js";
import { collectSources, type SourceSet } from "../../src/sources/collect.js";
import { extractFacts } from "../../src/facts/extract.js";
import type { Facts } from "../../src/facts/types.js";

/** An in-memory SourceSet from `{ "src/a.ts": "..." }`. */
export function sourceSet(files: Record<string, string>): SourceSet {
  return {
    files: Object.entries(files).map(([path, text]) => ({ path, abs: `/virtual/${path}`, text, sha256: createHash("sha256").update(text).digest("hex"), size: Buffer.byteLength(text) })),
    skipped: [],
  };
}

export function factsOf(files: Record<string, string> | string): Facts {
  const f = extractFacts(sourceSet(typeof files === "string" ? { "src/agent.ts": files } : files));
  if (!f) throw new Error("no facts");
  return f;
}

/** Line:column of the first occurrence of `needle` in `text` (1-based), for expected locations. */
export function at(text: string, needle: string, nth = 0): { line: number; column: number } {
  let idx = -1;
  for (let i = 0; i <= nth; i++) idx = text.indexOf(needle, idx + 1);
  if (idx < 0) throw new Error(`not found: ${needle}`);
  const before = text.slice(0, idx).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Every psf.yaml under `dir` (the fixture projects), sorted. */
export function fixtureManifests(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...fixtureManifests(p));
    else if (e.name === "psf.yaml") out.push(p);
  }
  return out.sort();
}

/** A fixture's sources as its manifest's agent section selects them (the defaults when the manifest is meant to be invalid). */
export function fixtureSources(manifest: string): SourceSet {
  let agent: { root?: string; include?: string[]; exclude?: string[] } | undefined;
  try {
    agent = loadManifest(manifest).value.agent;
  } catch {
    // A fixture whose manifest is meant to be invalid: its source is read with the defaults.
  }
  return collectSources({ dir: path.dirname(manifest), root: agent?.root ?? ".", include: agent?.include, exclude: agent?.exclude });
}
