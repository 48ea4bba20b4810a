// SHA-256 of the facts extracted from a tree (dist/ build): run before and after a change to the
// walk to show it alters no fact. Usage: node bench/facts-digest.mjs /path/to/tree
import { createHash } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dist = path.resolve(import.meta.dirname, "..", "dist");
const load = (p) => import(pathToFileURL(path.join(dist, p)).href);
const { collectSources } = await load("sources/collect.js");
const { loadParsersFor } = await load("facts/front-ends.js");
const { extractFacts } = await load("facts/extract.js");
const sources = collectSources({ dir: path.resolve(process.argv[2] ?? ".") });
await loadParsersFor(sources.files.map((f) => f.path));
const facts = extractFacts(sources);
process.stdout.write(`${createHash("sha256").update(JSON.stringify(facts)).digest("hex")} ${facts.files.length} files\n`);
