import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cycles } from "../../src/facts/resolve.js";

// The house rules of src/ (docs/architecture.md): layers import downward only, no module imports
// itself back through others (type-only imports included: a circle of types is still a circle a
// reader has to hold in their head), and no file grows past what a reader takes in at once.

const ROOT = path.resolve(import.meta.dirname, "../../src");
const MAX_LINES = 400;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

const FILES = sourceFiles(ROOT);
const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join("/");

/** Static imports and re-exports of project modules (dynamic `import()` is a deliberate lazy edge). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+"(\.{1,2}\/[^"]+)"/gm)) {
    out.push(path.normalize(path.join(path.dirname(file), m[1]!.replace(/\.js$/, ".ts"))));
  }
  return out;
}

const GRAPH = new Map(FILES.map((f) => [f, importsOf(f).filter((t) => FILES.includes(t))]));

/** Import circles: the call graph's cycle finder (Tarjan's algorithm) over the module graph. */
function circles(): string[][] {
  return cycles(new Map([...GRAPH].map(([f, to]) => [f, new Set(to)]))).map((c) => c.map(rel).sort());
}

describe("the layers of src/", () => {
  it("has no import circle, type-only imports included", () => {
    expect(circles()).toEqual([]);
  });

  // Each layer may import only the layers below it (sources → facts → controls → result → report).
  const FORBIDDEN: [layer: string, mayNotImport: string[]][] = [
    ["result", ["report", "controls", "facts", "sources", "cli", "attest", "bundle"]],
    ["controls", ["report", "cli", "attest", "bundle", "init"]],
    ["facts", ["report", "controls", "cli", "attest", "bundle", "init"]],
    ["sources", ["facts", "report", "controls", "cli", "init"]],
    ["catalogue", ["report", "controls", "facts", "cli"]],
    ["report", ["controls", "facts", "cli"]],
  ];
  it.each(FORBIDDEN)("%s/ imports none of the layers above it", (layer, banned) => {
    const offending: string[] = [];
    for (const [file, targets] of GRAPH) {
      if (!rel(file).startsWith(`${layer}/`)) continue;
      for (const t of targets) if (banned.some((b) => rel(t).startsWith(`${b}/`))) offending.push(`${rel(file)} → ${rel(t)}`);
    }
    expect(offending).toEqual([]);
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = FILES.map((f) => ({ file: rel(f), lines: readFileSync(f, "utf8").split("\n").length })).filter((x) => x.lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it("finds a circle when there is one (the check itself works)", () => {
    // The commands import their IO type from cli/io.ts; main.ts imports the commands. Pretend
    // a command imported main.ts and the check must report the circle.
    const main = path.join(ROOT, "cli/main.ts"), assess = path.join(ROOT, "cli/commands/assess.ts");
    const saved = GRAPH.get(assess)!;
    GRAPH.set(assess, [...saved, main]);
    try {
      expect(circles().flat()).toContain("cli/main.ts");
    } finally {
      GRAPH.set(assess, saved);
    }
  });
});
