// The facts psf extracts from every fixture project and from small generated projects, compared with
// snapshots committed before the cross-file resolution was rewritten for speed (issue 15). A change in
// resolution that alters any fact — a destructive operation no longer tied to its tool, an approval
// lost, a loop's indirect model call missed — fails here. A change that is meant to alter facts
// (a new recognizer) updates the snapshots on purpose: `npx vitest run test/facts/identical.test.ts -u`,
// and the diff is reviewed like code.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest/load.js";
import { collectSources, type SourceSet } from "../../src/sources/collect.js";
import { loadParsersFor } from "../../src/facts/front-ends.js";
import { extractFacts } from "../../src/facts/extract.js";
// @ts-expect-error: the benchmark's generators are plain JavaScript
import { generate } from "../../bench/gen.mjs";
// @ts-expect-error: as above
import { generatePython } from "../../bench/gen-py.mjs";
import { sourceSet } from "./helpers.js";
import { resolutionProject } from "./resolution-project.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SNAPSHOTS = path.join(import.meta.dirname, "facts-snapshots");

function manifests(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...manifests(p));
    else if (e.name === "psf.yaml") out.push(p);
  }
  return out;
}

async function factsJson(manifest: string): Promise<string> {
  let agent: { root?: string; include?: string[]; exclude?: string[] } | undefined;
  try {
    agent = loadManifest(manifest).value.agent;
  } catch {
    // A fixture whose manifest is meant to be invalid: its source is read with the defaults.
  }
  return factsOfSources(collectSources({ dir: path.dirname(manifest), root: agent?.root ?? ".", include: agent?.include, exclude: agent?.exclude }));
}

async function factsOfSources(sources: SourceSet): Promise<string> {
  await loadParsersFor(sources.files.map((f) => f.path));
  return `${JSON.stringify(extractFacts(sources) ?? null, null, 1)}\n`;
}

const snapshotName = (rel: string) => `${rel.replace(/\/psf\.yaml$/, "").replace(/^fixtures\//, "").replace(/\//g, "__")}.json`;

describe("facts are those of the snapshot taken before the resolution was made linear", () => {
  const fixtures = manifests(path.join(ROOT, "fixtures")).map((m) => path.relative(ROOT, m));

  it("covers every fixture project, TypeScript and Python", () => {
    expect(fixtures.length).toBeGreaterThan(40);
    expect(fixtures.some((f) => f.startsWith("fixtures/python/"))).toBe(true);
  });

  it.each(fixtures)("%s", async (rel) => {
    await expect(await factsJson(path.join(ROOT, rel))).toMatchFileSnapshot(path.join(SNAPSHOTS, snapshotName(rel)));
  });

  it("a generated project whose facts depend on cross-file resolution (40 files)", async () => {
    await expect(await factsOfSources(sourceSet(resolutionProject(8)))).toMatchFileSnapshot(path.join(SNAPSHOTS, "generated-resolution.json"));
  });

  it.each([
    ["generated TypeScript project (120 files)", "ts"],
    ["generated Python project (60 files)", "py"],
  ])("%s", async (_name, lang) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "psf-identical-"));
    try {
      if (lang === "ts") generate(dir, 120);
      else generatePython(dir, 60);
      expect(statSync(dir).isDirectory()).toBe(true);
      await expect(await factsOfSources(collectSources({ dir }))).toMatchFileSnapshot(path.join(SNAPSHOTS, `generated-${lang}.json`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
