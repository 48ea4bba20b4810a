// One measured run: "psf" (collect + extractFacts from dist/) or "floor" (read + ts.createSourceFile).
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [mode, dir] = process.argv.slice(2);
const dist = path.resolve(import.meta.dirname, "..", "dist");
const t0 = performance.now();
let detail = "";
if (mode === "psf") {
  const { collectSources } = await import(pathToFileURL(path.join(dist, "sources/collect.js")).href);
  const { extractFacts } = await import(pathToFileURL(path.join(dist, "facts/extract.js")).href);
  const sources = collectSources({ dir });
  const facts = extractFacts(sources);
  detail = `${facts.files.length} files, ${facts.agentRuns.length} runs, ${facts.tools.length} tools, ${facts.urls.length} urls`;
} else {
  const { ts } = await import("ts-morph");
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
