// One measured run: "psf" (collect + extractFacts from dist/) or "floor" (read + ts.createSourceFile).
// `psf DIR CACHE_DIR`: with the facts cache in CACHE_DIR, as `psf assess` uses it (lookups first, then
// the parsers only the missed files need); PSF_BENCH_CHANGE=1 changes one file's text in memory first
// (a comment appended; the tree on disk is never touched), for the cost of one changed file.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [mode, dir, cacheDir] = process.argv.slice(2);
const dist = path.resolve(import.meta.dirname, "..", "dist");
const t0 = performance.now();
let detail = "";
if (mode === "psf-py") {
  // Python: the parser (WebAssembly) loads first, as `psf assess` does when there is Python to read.
  const { collectSources } = await import(pathToFileURL(path.join(dist, "sources/collect.js")).href);
  const { loadParsersFor } = await import(pathToFileURL(path.join(dist, "facts/front-ends.js")).href);
  const { extractFacts } = await import(pathToFileURL(path.join(dist, "facts/extract.js")).href);
  const sources = collectSources({ dir });
  await loadParsersFor(sources.files.map((f) => f.path));
  const facts = extractFacts(sources);
  detail = `${facts.files.length} files, ${facts.modelCalls.length} model calls, ${facts.loops.length} loops, ${facts.destructive.length} destructive, ${facts.urls.length} urls, ${facts.unanalysed.length} unanalysed`;
} else if (mode === "floor-py") {
  // The floor for Python: read each file and parse it with the same tree-sitter grammar, one process.
  const { loadPythonParser, parsePython } = await import(pathToFileURL(path.join(dist, "facts/python/parser.js")).href);
  const { selectSourcePaths } = await import(pathToFileURL(path.join(dist, "sources/collect.js")).href);
  await loadPythonParser();
  const { files } = selectSourcePaths({ dir });
  let nodes = 0;
  for (const f of files) {
    const tree = parsePython(readFileSync(f.abs, "utf8"));
    nodes += tree.rootNode.namedChildCount;
    tree.delete();
  }
  detail = `${files.length} files, ${nodes} statements`;
} else if (mode === "psf") {
  const { collectSources, sha256 } = await import(pathToFileURL(path.join(dist, "sources/collect.js")).href);
  const { loadParsersFor } = await import(pathToFileURL(path.join(dist, "facts/front-ends.js")).href);
  const { extractFacts } = await import(pathToFileURL(path.join(dist, "facts/extract.js")).href);
  const sources = collectSources({ dir });
  if (process.env.PSF_BENCH_CHANGE === "1") {
    const f = sources.files[Math.floor(sources.files.length / 2)];
    f.text += "\n// changed\n";
    f.sha256 = sha256(f.text);
  }
  let cache;
  let toParse = sources.files;
  if (cacheDir) {
    const { FactsCache } = await import(pathToFileURL(path.join(dist, "facts/cache.js")).href);
    const { factsCodeDigest } = await import(pathToFileURL(path.join(dist, "facts/code-digest.js")).href);
    cache = new FactsCache(cacheDir, factsCodeDigest(), "", true);
    const { filesToParse } = await import(pathToFileURL(path.join(dist, "facts/tree-cache.js")).href);
    toParse = filesToParse(cache, sources);
  }
  // The front ends the files need, loaded as `psf assess` loads them (the TypeScript compiler included in the time).
  await loadParsersFor(toParse.map((f) => f.path));
  const facts = extractFacts(sources, cache ? { cache } : {});
  detail = `${facts.files.length} files, ${facts.unanalysed.length} unanalysed, ${facts.agentRuns.length} runs, ${facts.tools.length} tools, ${facts.urls.length} urls${cache ? `, cache: ${cache.stats.whole ? "whole tree, " : ""}${cache.stats.hits} hits, ${cache.stats.misses} misses, ${cache.stats.written} written${cache.stats.writeFailed ? ` (write failed: ${cache.stats.writeFailed})` : ""}` : ""}`;
} else {
  // The same TypeScript file psf's walk loads, loaded the same way (dist/facts/ts/typescript.js: the
  // compiler alone, from V8's code cache), so the floor and psf differ only in what psf does with the trees.
  const { ts } = await import(pathToFileURL(path.join(dist, "facts/ts/typescript.js")).href);
  const { selectSourcePaths } = await import(pathToFileURL(path.join(dist, "sources/collect.js")).href);
  const { files } = selectSourcePaths({ dir });
  let nodes = 0;
  for (const f of files) {
    const text = readFileSync(f.abs, "utf8");
    const sf = ts.createSourceFile(f.path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    nodes += sf.statements.length;
  }
  detail = `${files.length} files, ${nodes} statements`;
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, detail }) + "\n");
