// The facts cache (src/facts/cache.ts): records read back from disk give the very facts a walk gives,
// an entry that does not hold (corrupt, foreign, stale) is walked again and rewritten, a file added
// elsewhere that an import now reaches invalidates the importer, one changed file is the only one
// walked again, and a cache that cannot be written never fails the run.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest/load.js";
import { collectSources, type SourceSet } from "../../src/sources/collect.js";
import { extractFacts } from "../../src/facts/extract.js";
import { FactsCache } from "../../src/facts/cache.js";
import { factsCodeDigest } from "../../src/facts/code-digest.js";
// @ts-expect-error: the benchmark's generators are plain JavaScript
import { generate } from "../../bench/gen.mjs";
// @ts-expect-error: as above
import { generatePython } from "../../bench/gen-py.mjs";
import { sourceSet } from "./helpers.js";
import { resolutionProject } from "./resolution-project.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const temp = mkdtempSync(path.join(os.tmpdir(), "psf-facts-cache-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;
const cacheDir = () => path.join(temp, `cache-${n++}`);

function manifests(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...manifests(p));
    else if (e.name === "psf.yaml") out.push(p);
  }
  return out.sort();
}

function fixtureSources(manifest: string): SourceSet {
  let agent: { root?: string; include?: string[]; exclude?: string[] } | undefined;
  try {
    agent = loadManifest(manifest).value.agent;
  } catch {
    // A fixture whose manifest is meant to be invalid: its source is read with the defaults.
  }
  return collectSources({ dir: path.dirname(manifest), root: agent?.root ?? ".", include: agent?.include, exclude: agent?.exclude });
}

const json = (sources: SourceSet, cache?: FactsCache) => JSON.stringify(extractFacts(sources, cache ? { cache } : {}) ?? null);

/** Facts with no cache, with a cold cache (which it fills) and with the warm cache, and the warm run's counts. */
function threeRuns(sources: SourceSet, dir = cacheDir()) {
  const plain = json(sources);
  const cold = new FactsCache(dir, factsCodeDigest());
  const coldJson = json(sources, cold);
  const warm = new FactsCache(dir, factsCodeDigest());
  return { plain, cold: coldJson, coldStats: cold.stats, warm: json(sources, warm), warmStats: warm.stats, dir };
}

describe("facts read from the cache are the facts of a walk", () => {
  const fixtures = manifests(path.join(ROOT, "fixtures")).map((m) => path.relative(ROOT, m));
  it("covers every fixture project", () => expect(fixtures.length).toBeGreaterThan(40));

  it.each(fixtures)("%s", (rel) => {
    const r = threeRuns(fixtureSources(path.join(ROOT, rel)));
    expect(r.cold).toBe(r.plain);
    expect(r.warm).toBe(r.plain);
    // Every record written is read back, and nothing else is walked.
    expect(r.warmStats.hits).toBe(r.coldStats.written);
    expect(r.warmStats.misses).toBe(r.coldStats.misses - r.coldStats.written);
  });

  it.each([
    ["a project resolved across 40 files", () => sourceSet(resolutionProject(8))],
    ["a generated TypeScript project (120 files)", () => { const d = path.join(temp, "gen-ts"); generate(d, 120); return collectSources({ dir: d }); }],
    ["a generated Python project (60 files)", () => { const d = path.join(temp, "gen-py"); generatePython(d, 60); return collectSources({ dir: d }); }],
  ])("%s", (_name, make) => {
    const sources = make();
    const r = threeRuns(sources);
    expect(r.warm).toBe(r.plain);
    expect(r.warmStats).toEqual({ hits: sources.files.length, misses: 0, written: 0 });
  });
});

const TOOL = 'import { tool } from "ai";\nimport { z } from "zod";\nexport const dropTable = tool({ description: "drop", inputSchema: z.object({}), execute: async () => db.query("DROP TABLE users") });\n';
const AGENT = (spec: string) => `import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nimport { dropTable } from "${spec}";\nexport async function run(p: string) {\n  return generateText({ model: openai("gpt-4o"), prompt: p, tools: { dropTable } });\n}\n`;
const HELPER = "export const helper = (x: number) => x + 1;\n";

describe("an entry that does not hold is a miss, walked again and rewritten", () => {
  const files = { "src/agent.ts": AGENT("./tools"), "src/tools.ts": TOOL, "src/helper.ts": HELPER };
  /** Each corruption of agent.ts's entry; `other` is tools.ts's entry, `foreign` agent.ts's entry under another code digest. */
  const corruptions: [string, (good: string, other: string, foreign: string) => string][] = [
    ["truncated", (good) => good.slice(0, Math.floor(good.length / 2))],
    ["empty", () => ""],
    ["not psf's", () => "hello\nworld\n{}"],
    ["a bit flipped in the record", (good) => { const i = good.lastIndexOf("\"callee\"") + 2; return good.slice(0, i) + String.fromCharCode(good.charCodeAt(i) ^ 1) + good.slice(i + 1); }],
    ["another file's entry (wrong key)", (_good, other) => other],
    ["an entry of another psf build (another code digest)", (_good, _other, foreign) => foreign],
    ["a record that passes the checksum but does not decode", (good) => {
      const lines = good.split("\n");
      const body = `${lines[1]}\n${lines.slice(2).join("\n").replace("\"callee\":[", "\"callee\":[99,")}`;
      const [magic, codec, key] = lines[0]!.split(" ");
      return `${magic} ${codec} ${key} ${createHash("sha256").update(body).digest("hex")}\n${body}`;
    }],
  ];

  it.each(corruptions)("%s", (_name, corrupt) => {
    const sources = sourceSet(files);
    const dir = cacheDir();
    const cold = new FactsCache(dir, factsCodeDigest());
    const expected = json(sources, cold);
    const [agent, tools] = sources.files;
    const entry = cold.entryOf(agent!);
    const good = readFileSync(entry, "utf8");
    const foreignCache = new FactsCache(cacheDir(), "0".repeat(64));
    json(sources, foreignCache);
    const bad = corrupt(good, readFileSync(cold.entryOf(tools!), "utf8"), readFileSync(foreignCache.entryOf(agent!), "utf8"));
    expect(bad).not.toBe(good);
    writeFileSync(entry, bad);

    const warm = new FactsCache(dir, factsCodeDigest());
    expect(json(sources, warm)).toBe(expected);
    expect(warm.stats).toEqual({ hits: 2, misses: 1, written: 1 });
    expect(readFileSync(entry, "utf8")).toBe(good);
    expect(expected).toContain("DROP TABLE");
  });
});

describe("an import that now reaches a file added elsewhere", () => {
  it.each([
    ["TypeScript, a relative import", { "src/agent.ts": AGENT("./tools") }, "src/tools.ts", TOOL],
    ["TypeScript, a path alias", { "src/agent.ts": AGENT("@/tools") }, "src/tools.ts", TOOL],
    ["Python, a sibling module", { "app/main.py": "from tools import wipe\nfrom openai import OpenAI\nOpenAI().responses.create(model='gpt-4o', input='x', tools=[wipe])\n" }, "app/tools.py", "import sqlite3\ndef wipe():\n    sqlite3.connect('x').execute('DROP TABLE users')\n"],
  ])("%s: the importer is walked again and the cross-file fact appears", (_name, before, added, text) => {
    const dir = cacheDir();
    json(sourceSet(before), new FactsCache(dir, factsCodeDigest()));
    const after = sourceSet({ ...before, [added]: text });
    const warm = new FactsCache(dir, factsCodeDigest());
    const got = json(after, warm);
    expect(got).toBe(json(after));
    // Both the importer (its recorded question "does the file exist?" now has another answer) and the new file are walked.
    expect(warm.stats).toMatchObject({ hits: 0, misses: 2 });
    expect(got).toContain(`"file":"${added}"`);
  });
});

describe("one changed file is the only one walked again", () => {
  it.each([
    ["a TypeScript file", "src/helper.ts", "export const helper = (x: number) => x + 2;\n"],
    ["the file the others import", "src/tools.ts", TOOL.replace("DROP TABLE users", "DROP TABLE orders")],
  ])("%s", (_name, file, text) => {
    const base = { "src/agent.ts": AGENT("./tools"), "src/tools.ts": TOOL, "src/helper.ts": HELPER, "src/more.ts": HELPER.replace("helper", "more") };
    const dir = cacheDir();
    json(sourceSet(base), new FactsCache(dir, factsCodeDigest()));
    const changed = sourceSet({ ...base, [file]: text });
    const warm = new FactsCache(dir, factsCodeDigest());
    expect(json(changed, warm)).toBe(json(changed));
    expect(warm.stats).toEqual({ hits: 3, misses: 1, written: 1 });
  });
});

describe("a cache folder that cannot be written", () => {
  it.each([
    ["a folder under a regular file", () => { const f = path.join(temp, `file-${n++}`); writeFileSync(f, "x"); return path.join(f, "cache"); }],
    ["a read-only folder", () => { const d = cacheDir(); mkdirSync(d, { mode: 0o555 }); return d; }],
  ])("%s: the run goes on and gives the same facts", (_name, make) => {
    const sources = sourceSet({ "src/agent.ts": AGENT("./tools"), "src/tools.ts": TOOL });
    const dir = make();
    const cache = new FactsCache(dir, factsCodeDigest());
    expect(json(sources, cache)).toBe(json(sources));
    expect(cache.stats.misses).toBe(2);
    // As root a read-only mode does not stop a write; otherwise nothing is written, and writing stopped once.
    if (cache.stats.written === 0) expect(cache.stats.writeFailed).toBeTruthy();
    expect(existsSync(dir) && readdirSync(dir).some((e) => e.endsWith(".tmp"))).toBe(false);
  });
});

describe("numbers JSON cannot hold", () => {
  it.each([
    ["TypeScript", "src/agent.ts", 'import { generateText } from "ai";\ngenerateText({ maxSteps: 1e999, maxRetries: -1e999, temperature: 5 });\n'],
  ])("%s: Infinity comes back as Infinity", (_name, file, text) => {
    const sources = sourceSet({ [file]: text });
    const dir = cacheDir();
    json(sources, new FactsCache(dir, factsCodeDigest()));
    const warm = new FactsCache(dir, factsCodeDigest());
    const paths = new Set([file]);
    const decoded = warm.lookup(sources.files[0]!, paths);
    expect(decoded).toBeDefined();
    const args = JSON.stringify(decoded!.calls.map((c) => c.args), (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? `number ${v}` : v));
    expect(args).toContain('"number Infinity"');
    expect(args).toContain('"number -Infinity"');
  });
});
