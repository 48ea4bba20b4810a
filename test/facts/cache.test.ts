// The facts cache (src/facts/cache.ts): records read back from disk give the very facts a walk gives,
// an entry that does not hold (corrupt, foreign, stale) is walked again and rewritten, a file added
// elsewhere that an import now reaches invalidates the importer, one changed file is the only one
// walked again, and a cache that cannot be written never fails the run.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { collectSources, type SourceSet } from "../../src/sources/collect.js";
import { extractFacts } from "../../src/facts/extract.js";
import { FactsCache } from "../../src/facts/cache.js";
import { factsCodeDigest } from "../../src/facts/code-digest.js";
import { CODEC_VERSION } from "../../src/facts/cache-codec.js";
// @ts-expect-error: the benchmark's generators are plain JavaScript
import { generate } from "../../bench/gen.mjs";
// @ts-expect-error: as above
import { generatePython } from "../../bench/gen-py.mjs";
import { fixtureManifests as manifests, fixtureSources, sourceSet } from "./helpers.js";
import { resolutionProject } from "./resolution-project.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const temp = mkdtempSync(path.join(os.tmpdir(), "psf-facts-cache-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;
const cacheDir = () => path.join(temp, `cache-${n++}`);

const json = (sources: SourceSet, cache?: FactsCache) => JSON.stringify(extractFacts(sources, cache ? { cache } : {}) ?? null);

/** Facts with no cache, with a cold cache (which it fills) and with the warm cache, and the warm run's counts. */
function threeRuns(sources: SourceSet, dir = cacheDir()) {
  const plain = json(sources);
  const cold = new FactsCache(dir, factsCodeDigest(), "", true);
  const coldJson = json(sources, cold);
  const warm = new FactsCache(dir, factsCodeDigest(), "", true);
  const warmJson = json(sources, warm);
  // Without the whole tree's facts (tree-cache.ts), the warm run reads each file's record instead.
  const records = new FactsCache(dir, factsCodeDigest());
  return { plain, cold: coldJson, coldStats: cold.stats, warm: warmJson, warmStats: warm.stats, records: json(sources, records), recordStats: records.stats, dir };
}

describe("facts read from the cache are the facts of a walk", () => {
  const fixtures = manifests(path.join(ROOT, "fixtures")).map((m) => path.relative(ROOT, m));
  it("covers every fixture project", () => expect(fixtures.length).toBeGreaterThan(40));

  it.each(fixtures)("%s", (rel) => {
    const r = threeRuns(fixtureSources(path.join(ROOT, rel)));
    expect(r.cold).toBe(r.plain);
    expect(r.warm).toBe(r.plain);
    expect(r.records).toBe(r.plain);
    // Every record written is read back, and nothing else is walked.
    expect(r.recordStats.hits).toBe(r.coldStats.written);
    expect(r.recordStats.misses).toBe(r.coldStats.misses - r.coldStats.written);
    // With every file unchanged and analysed, the whole tree's facts are read back and nothing is walked.
    const analysed = !JSON.parse(r.plain)?.unanalysed?.length;
    expect(r.warmStats.whole ?? false).toBe(analysed);
  });

  it.each([
    ["a project resolved across 40 files", () => sourceSet(resolutionProject(8))],
    ["a generated TypeScript project (120 files)", () => { const d = path.join(temp, "gen-ts"); generate(d, 120); return collectSources({ dir: d }); }],
    ["a generated Python project (60 files)", () => { const d = path.join(temp, "gen-py"); generatePython(d, 60); return collectSources({ dir: d }); }],
  ])("%s", (_name, make) => {
    const sources = make();
    const r = threeRuns(sources);
    expect(r.warm).toBe(r.plain);
    expect(r.records).toBe(r.plain);
    expect(r.warmStats).toEqual({ hits: sources.files.length, misses: 0, written: 0, whole: true });
    expect(r.recordStats).toEqual({ hits: sources.files.length, misses: 0, written: 0 });
  });
});

const TOOL = 'import { tool } from "ai";\nimport { z } from "zod";\nexport const dropTable = tool({ description: "drop", inputSchema: z.object({}), execute: async () => db.query("DROP TABLE users") });\n';
const AGENT = (spec: string) => `import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nimport { dropTable } from "${spec}";\nexport async function run(p: string) {\n  return generateText({ model: openai("gpt-4o"), prompt: p, tools: { dropTable } });\n}\n`;
const HELPER = "export const helper = (x: number) => x + 1;\n";

describe("an entry that does not hold is a miss, walked again and rewritten", () => {
  const files = { "src/agent.ts": AGENT("./tools"), "src/tools.ts": TOOL, "src/helper.ts": HELPER };
  /** An entry's header line in a pack: `psf-facts <codec> <key> <sha256> <bytes>`. */
  const headerOf = (pack: string, key: string) => {
    const at = pack.indexOf(` ${key} `) - `psf-facts ${CODEC_VERSION}`.length;
    return { at, end: pack.indexOf("\n", at) };
  };
  /** Each corruption of the pack, given the keys of agent.ts and tools.ts (texts are latin1: one char per byte). */
  const corruptions: [string, (pack: string, agent: string, tools: string) => string][] = [
    ["the pack cut short inside an entry", (pack, agent) => pack.slice(0, headerOf(pack, agent).end + 40)],
    ["an empty pack", () => ""],
    ["a file that is not a pack", () => "hello\nworld\n{}"],
    ["a bit flipped in a record", (pack, agent) => { const i = headerOf(pack, agent).end + 30; return pack.slice(0, i) + String.fromCharCode(pack.charCodeAt(i) ^ 1) + pack.slice(i + 1); }],
    ["another file's record under the key (wrong key)", (pack, agent, tools) => { const h = headerOf(pack, tools); return pack.slice(0, h.at) + pack.slice(h.at, h.end).replace(tools, agent) + pack.slice(h.end); }],
    ["an entry of another codec", (pack, agent) => { const h = headerOf(pack, agent); return pack.slice(0, h.at) + pack.slice(h.at, h.end).replace(`psf-facts ${CODEC_VERSION}`, "psf-facts 999") + pack.slice(h.end); }],
    ["a record that passes the checksum but does not decode", (pack, agent) => {
      const h = headerOf(pack, agent);
      const [, , , , bytes] = pack.slice(h.at, h.end).split(" ");
      const body = Buffer.from(pack.slice(h.end + 1, h.end + 1 + Number(bytes)), "latin1").toString("utf8").replace("\"callee\":[", "\"callee\":[99,");
      const head = `psf-facts ${CODEC_VERSION} ${agent} ${createHash("sha256").update(body).digest("hex")} ${Buffer.byteLength(body)}`;
      return pack.slice(0, h.at) + head + "\n" + Buffer.from(body).toString("latin1") + pack.slice(h.end + 1 + Number(bytes));
    }],
  ];

  it.each(corruptions)("%s", (_name, corrupt) => {
    const sources = sourceSet(files);
    const dir = cacheDir();
    const cold = new FactsCache(dir, factsCodeDigest());
    const expected = json(sources, cold);
    expect(expected).toContain("DROP TABLE");
    const [agent, tools] = sources.files;
    const [name] = readdirSync(cold.folder);
    const pack = path.join(cold.folder, name!);
    const good = readFileSync(pack, "latin1");
    const bad = corrupt(good, cold.keyOf(agent!), cold.keyOf(tools!));
    expect(bad).not.toBe(good);
    writeFileSync(pack, bad, "latin1");

    const warm = new FactsCache(dir, factsCodeDigest());
    expect(json(sources, warm)).toBe(expected);
    expect(warm.stats.misses).toBeGreaterThan(0);
    expect(warm.stats.written).toBe(warm.stats.misses);
    // Rewritten: the next run reads every record.
    const again = new FactsCache(dir, factsCodeDigest());
    expect(json(sources, again)).toBe(expected);
    expect(again.stats).toMatchObject({ hits: 3, misses: 0 });
  });

  it("a pack of another psf build (another code digest) in the folder is not read", () => {
    const sources = sourceSet(files);
    const dir = cacheDir();
    const ours = new FactsCache(dir, factsCodeDigest());
    const foreign = new FactsCache(cacheDir(), "0".repeat(64));
    const expected = json(sources, foreign);
    for (const name of readdirSync(foreign.folder)) {
      mkdirSync(ours.folder, { recursive: true });
      writeFileSync(path.join(ours.folder, name), readFileSync(path.join(foreign.folder, name)));
    }
    expect(json(sources, ours)).toBe(expected);
    expect(ours.stats).toMatchObject({ hits: 0, misses: 3, written: 3 });
  });
});

describe("packs", () => {
  it("a run that finds the packs mostly stale writes one pack of what it used and removes the rest", () => {
    const dir = cacheDir();
    const big = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`src/m${i}.ts`, `${HELPER}export const v${i} = ${"1 + ".repeat(200)}1;\n`]));
    json(sourceSet(big), new FactsCache(dir, factsCodeDigest()));
    // Every file changed: the first pack holds nothing this run uses.
    const changed = sourceSet(Object.fromEntries(Object.entries(big).map(([k, v]) => [k, `${v}// changed\n`])));
    const second = new FactsCache(dir, factsCodeDigest());
    json(changed, second);
    expect(readdirSync(second.folder)).toHaveLength(1);
    const third = new FactsCache(dir, factsCodeDigest());
    expect(json(changed, third)).toBe(json(changed));
    expect(third.stats).toMatchObject({ hits: 40, misses: 0, written: 0 });
  });

  it("a pack a dead run left half-written is removed once it is a day old, not before", () => {
    const dir = cacheDir();
    const sources = sourceSet({ "src/a.ts": HELPER });
    const first = new FactsCache(dir, factsCodeDigest());
    json(sources, first);
    const old = path.join(first.folder, "old.pack.tmp"), fresh = path.join(first.folder, "fresh.pack.tmp");
    writeFileSync(old, "psf-facts");
    writeFileSync(fresh, "psf-facts");
    const twoDaysAgo = (Date.now() - 48 * 3600 * 1000) / 1000;
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    const second = new FactsCache(dir, factsCodeDigest());
    expect(json(sources, second)).toBe(json(sources));
    expect(second.stats).toMatchObject({ hits: 1, misses: 0 });
    expect([existsSync(old), existsSync(fresh)]).toEqual([false, true]);
  });

  it("many small packs are merged into one", () => {
    const dir = cacheDir();
    let files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) {
      files = { ...files, [`src/f${i}.ts`]: HELPER.replace("helper", `h${i}`) };
      json(sourceSet(files), new FactsCache(dir, factsCodeDigest()));
    }
    const last = new FactsCache(dir, factsCodeDigest());
    expect(json(sourceSet(files), last)).toBe(json(sourceSet(files)));
    expect(last.stats).toMatchObject({ hits: 12, misses: 0 });
    expect(readdirSync(last.folder).length).toBeLessThanOrEqual(8);
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
    expect(existsSync(cache.folder) && readdirSync(cache.folder).some((e) => e.endsWith(".tmp"))).toBe(false);
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
