// The whole tree's facts (src/facts/tree-cache.ts): when no source file changed, `psf assess` reads
// back the facts of the last run and walks nothing. They are used only while everything they were
// made from holds: the same files with the same bytes, the same analysis code, and the files that are
// not source but were read (CrewAI's agents.yaml). Anything else falls back to the per-file records.
import { lstatSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { MINIMAL, project } from "../helpers.js";

const made: string[] = [];
afterAll(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

const CREW = `from crewai import Agent\nfrom crewai.project import CrewBase, agent\n\n\n@CrewBase\nclass TriageCrew:\n    @agent\n    def triager(self) -> Agent:\n        return Agent(config=self.agents_config["triager"])\n`;
const AGENTS = (maxIter: number) => `triager:\n  role: r\n  goal: g\n  backstory: b\n  max_iter: ${maxIter}\n`;
const TS_AGENT = `import { generateText, stepCountIs } from "ai";\nimport { openai } from "@ai-sdk/openai";\nexport const run = (p: string) => generateText({ model: openai("gpt-4o"), prompt: p, stopWhen: stepCountIs(3) });\n`;
const MANIFEST = `${MINIMAL}boundaries:\n  limits:\n    max_steps: 5\n`;

function setUp(files: Record<string, string>) {
  const dir = project({ "psf.yaml": MANIFEST, ...files });
  made.push(dir);
  const cacheDir = path.join(dir, ".facts-cache");
  const run = async () => {
    const a = await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z"), cache: { dir: cacheDir } });
    return { stats: a.cacheStats!, report: a.report, abc03: a.report.controls.find((c) => c.id === "ABC-03")!.findings.map((f) => `${f.level} ${f.file}:${f.line} ${f.message}`) };
  };
  const treeFile = () => {
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : e.name === "tree.json" ? [path.join(d, e.name)] : []);
    return walk(cacheDir)[0]!;
  };
  return { dir, run, treeFile };
}

describe("the whole tree's facts", () => {
  it("are read back when nothing changed, with the same report as the run that wrote them", async () => {
    const t = setUp({ "src/agent.ts": TS_AGENT });
    const cold = await t.run();
    const warm = await t.run();
    expect(cold.stats.whole ?? false).toBe(false);
    expect(warm.stats).toMatchObject({ whole: true, hits: 1, misses: 0 });
    expect(JSON.stringify(warm.report)).toBe(JSON.stringify(cold.report));
  });

  it("are never written through a link planted at tree.json: the file it points at is left as it was", async () => {
    const t = setUp({ "src/agent.ts": TS_AGENT });
    await t.run();
    const tree = t.treeFile();
    const victim = path.join(t.dir, "victim.txt");
    writeFileSync(victim, "keep me\n");
    rmSync(tree);
    symlinkSync(victim, tree);
    writeFileSync(path.join(t.dir, "src/agent.ts"), TS_AGENT.replace("stepCountIs(3)", "stepCountIs(4)"));
    const r = await t.run();
    expect(r.stats.whole ?? false).toBe(false);
    expect(readFileSync(victim, "utf8")).toBe("keep me\n");
    expect(lstatSync(tree).isSymbolicLink()).toBe(true);
  });

  it("are never written through a link planted where a temporary file would go", async () => {
    const t = setUp({ "src/agent.ts": TS_AGENT });
    await t.run();
    const victim = path.join(t.dir, "victim.txt");
    writeFileSync(victim, "keep me\n");
    // The name an earlier psf gave its temporary file (tree.json.<pid>.tmp): guessable, so plantable.
    symlinkSync(victim, `${t.treeFile()}.${process.pid}.tmp`);
    writeFileSync(path.join(t.dir, "src/agent.ts"), TS_AGENT.replace("stepCountIs(3)", "stepCountIs(4)"));
    await t.run();
    expect(readFileSync(victim, "utf8")).toBe("keep me\n");
    expect((await t.run()).stats.whole).toBe(true);
  });

  it("are not used when a source file changed: that file is walked, the rest read from their records", async () => {
    const t = setUp({ "src/agent.ts": TS_AGENT, "src/other.ts": "export const x = 1;\n" });
    await t.run();
    writeFileSync(path.join(t.dir, "src/other.ts"), "export const x = 2;\n");
    const r = await t.run();
    expect(r.stats.whole ?? false).toBe(false);
    expect(r.stats).toMatchObject({ hits: 1, misses: 1 });
  });

  it.each([
    ["a bit flipped in the facts", (text: string) => text.replace('"files":[', '"files":["x",')],
    ["the file cut short", (text: string) => text.slice(0, text.length - 10)],
    ["another tree's key", (text: string) => text.replace(/^psf-tree [0-9a-f]{64}/, `psf-tree ${"0".repeat(64)}`)],
    ["not a tree file at all", () => "hello"],
  ])("%s: not used, and the verdict is the walk's", async (_name, corrupt) => {
    const t = setUp({ "src/agent.ts": TS_AGENT });
    const cold = await t.run();
    writeFileSync(t.treeFile(), corrupt(readFileSync(t.treeFile(), "utf8")));
    const r = await t.run();
    expect(r.stats.whole ?? false).toBe(false);
    expect(JSON.stringify(r.report)).toBe(JSON.stringify(cold.report));
    // And rewritten: the next run reads it back.
    expect((await t.run()).stats.whole).toBe(true);
  });

  it("are not used when CrewAI's agents.yaml changed (read by the analysis, though not a source file)", async () => {
    const t = setUp({ "crew/crew.py": CREW, "crew/config/agents.yaml": AGENTS(40) });
    const first = await t.run();
    expect(first.abc03).toEqual(expect.arrayContaining([expect.stringMatching(/^fail crew\/config\/agents\.yaml:5 .*bound 40 is above max_steps 5/)]));
    writeFileSync(path.join(t.dir, "crew/config/agents.yaml"), AGENTS(4));
    const second = await t.run();
    expect(second.stats.whole ?? false).toBe(false);
    expect(second.abc03.filter((f) => f.includes("bound 4"))).toEqual([]);
    expect(second.abc03.some((f) => f.includes("above max_steps"))).toBe(false);
  });
});
