// The walk drops calls on packages that packageIsRead says nothing reads (facts/recognizers.ts), so
// that a fifth of a project's calls never reach resolution. That is sound only while packageIsRead
// agrees with extract's dispatch: a package some pass reads, but packageIsRead does not name, would
// lose its facts in silence. So every fixture's facts are extracted twice, once with the calls dropped
// and once with every call kept, and must be the same.
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadParsersFor } from "../../src/facts/front-ends.js";
import { extractFacts } from "../../src/facts/extract.js";
import { keepEveryPackageCallForTest } from "../../src/facts/recognizers.js";
import { fixtureManifests as manifests, fixtureSources, sourceSet } from "./helpers.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

async function facts(manifest: string, keepAll: boolean): Promise<string> {
  const sources = fixtureSources(manifest);
  await loadParsersFor(sources.files.map((f) => f.path));
  keepEveryPackageCallForTest(keepAll);
  try {
    return JSON.stringify(extractFacts(sources) ?? null);
  } finally {
    keepEveryPackageCallForTest(false);
  }
}

afterAll(() => keepEveryPackageCallForTest(false));

describe("dropping calls on unread packages changes no fact", () => {
  const fixtures = manifests(path.join(ROOT, "fixtures")).filter((m) => !m.includes(`${path.sep}python${path.sep}`));
  it("covers the TypeScript fixtures", () => expect(fixtures.length).toBeGreaterThan(30));
  it.each(fixtures.map((m) => path.relative(ROOT, m)))("%s", async (rel) => {
    const manifest = path.join(ROOT, rel);
    expect(await facts(manifest, false)).toBe(await facts(manifest, true));
  });
});

// Each kind of package call extract reads beside the recognizers' packages, with calls on packages
// nothing reads around them: a person's turn (readline), global instrumentation, a recognized run.
const EVERY_READER = {
  "src/agent.ts": [
    'import readline from "node:readline/promises";',
    'import { registerOTel } from "@vercel/otel";',
    'import { generateText, tool, stepCountIs } from "ai";',
    'import { z } from "zod";',
    'import path from "node:path";',
    'registerOTel({ serviceName: "agent" });',
    "const rl = readline.createInterface({ input: process.stdin, output: process.stdout });",
    "export async function chat(model: any) {",
    "  while (true) {",
    '    const goal = await rl.question("goal? ");',
    '    const where = path.join("out", goal);',
    "    const t = tool({ description: where, inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => q });",
    "    await generateText({ model, prompt: goal, tools: { t }, stopWhen: stepCountIs(5) });",
    "  }",
    "}",
  ].join("\n"),
};

describe("each reader of package calls is one packageIsRead names", () => {
  it("a project using each of them has the same facts with and without the calls dropped", async () => {
    await loadParsersFor(["a.ts"]);
    const of = (keepAll: boolean) => {
      keepEveryPackageCallForTest(keepAll);
      try {
        return extractFacts(sourceSet(EVERY_READER));
      } finally {
        keepEveryPackageCallForTest(false);
      }
    };
    const dropped = of(false);
    expect(dropped?.loops.some((l) => l.humanInput), "the project has a person's turn").toBe(true);
    expect(dropped?.tracing.globalInstrumentation, "and global instrumentation").toBeTruthy();
    expect(dropped?.agentRuns.length, "and a run").toBe(1);
    expect(JSON.stringify(dropped)).toBe(JSON.stringify(of(true)));
  });
});
