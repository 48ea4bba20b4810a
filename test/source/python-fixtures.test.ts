import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { collectSources } from "../../src/sources/collect.js";
import type { SourceCheckId } from "../../src/controls/source/index.js";
import { loadPythonParser } from "../../src/facts/python/parser.js";
import { check, type Fragment } from "./helpers.js";

const IDS: SourceCheckId[] = ["RSG-04", "RSG-05", "OOC-02", "OOC-03", "ABC-02", "ABC-03", "ABC-04", "ABC-06", "ABC-07", "ABC-08", "IAA-04"];
const root = path.resolve(import.meta.dirname, "../../fixtures/python");

function run(dir: string): Record<string, { level: string; at: string; fix: string; message: string }[]> {
  const m = parse(readFileSync(path.join(dir, "psf.yaml"), "utf8")) as Fragment & { agent?: { root?: string; include?: string[]; exclude?: string[] } };
  const src = collectSources({ dir, root: m.agent?.root, include: m.agent?.include, exclude: m.agent?.exclude });
  const out: Record<string, { level: string; at: string; fix: string; message: string }[]> = {};
  for (const id of IDS) out[id] = check(id, m, src).findings.map((f) => ({ level: f.level, at: f.loc && "line" in f.loc ? `${f.loc.file}:${f.loc.line}` : "manifest", fix: f.fix ?? "", message: f.message }));
  return out;
}
const short = (fs: { level: string; at: string }[]) => fs.map((f) => `${f.level} ${f.at}`);

describe("source checks on the Python scanner fixtures", () => {
  beforeAll(async () => {
    await loadPythonParser();
  });

  it("python/governed-scanner passes every source check", () => {
    const r = run(path.join(root, "governed-scanner"));
    for (const id of IDS) expect(short(r[id]!), id).toEqual([]);
  });

  it("python/dn42-scanner fails every source check at the planted lines", () => {
    const r = run(path.join(root, "dn42-scanner"));
    const s = Object.fromEntries(IDS.map((id) => [id, short(r[id]!)]));
    expect(s["RSG-04"]).toEqual(["fail scanner/agent.py:12", "fail scanner/llm.py:10"]);
    expect(s["RSG-05"]).toEqual(["fail scanner/llm.py:11", "fail scanner/agent.py:12"]);
    expect(s["OOC-02"]).toEqual(["fail scanner/agent.py:36", "fail scanner/agent.py:69", "fail scanner/agent.py:77", "fail scanner/explore.py:28"]);
    expect(s["OOC-03"]).toEqual(["fail scanner/tools.py:17", "fail scanner/tools.py:25", "fail scanner/tools.py:33"]);
    expect(s["ABC-02"]).toEqual(expect.arrayContaining(["fail scanner/registry.py:11", "fail scanner/registry.py:17", "warn scanner/registry.py:28"]));
    expect(s["ABC-03"]).toEqual(["fail scanner/agent.py:36", "fail scanner/agent.py:69"]);
    expect(s["ABC-04"]).toEqual(["fail scanner/agent.py:60", "fail scanner/explore.py:14"]);
    expect(s["ABC-06"]).toEqual(["fail scanner/agent.py:36"]);
    expect(s["ABC-07"]).toEqual(["warn scanner/tools.py:69"]);
    expect(s["ABC-08"]).toEqual(["fail scanner/tools.py:55", "fail scanner/tools.py:56"]);
    expect([...s["IAA-04"]!].sort()).toEqual(["fail scanner/agent.py:41", "fail scanner/agent.py:71", "fail scanner/explore.py:16", "fail scanner/tools.py:17", "fail scanner/tools.py:25", "fail scanner/tools.py:33", "fail scanner/tools.py:64"]);
  });

  it("every fix for a Python finding is written in Python, never in TypeScript", () => {
    const r = run(path.join(root, "dn42-scanner"));
    const fixes = IDS.flatMap((id) => r[id]!.filter((f) => f.at.includes(".py:")).map((f) => `${id}: ${f.fix}`));
    expect(fixes.length).toBeGreaterThan(20);
    for (const f of fixes) expect(f).not.toMatch(/process\.env|AbortSignal|for \(let|=>|baseURL:|apiKey:|\.length\b|\/\/ psf-waive/);
    expect(fixes.find((f) => f.startsWith("ABC-03"))).toContain("for step in range(MAX_STEPS):");
    expect(fixes.find((f) => f.startsWith("ABC-04"))).toContain("if len(queue) >= MAX_SUBTASKS: break");
    expect(fixes.find((f) => f.startsWith("ABC-06"))).toContain("async with asyncio.timeout(");
    const messages = IDS.flatMap((id) => r[id]!.filter((f) => f.at.includes(".py:")).map((f) => f.message));
    for (const m of messages) expect(m).not.toMatch(/process\.env|\$\{/);
    expect(messages).toContain('requests.get → f"https://registry.dn42.example/api/aut-num/AS{asn}" starts with https://registry.dn42.example/api/aut-num/AS, which is not on the endpoint allowlist');
  });

  it("a TypeScript finding next to them keeps its TypeScript fix", () => {
    const r = check("ABC-03", { boundaries: { limits: { max_steps: 5 } } }, {
      "src/a.ts": `import OpenAI from "openai";\nconst c = new OpenAI();\nwhile (true) { await c.chat.completions.create({ model: "m", messages: [] }); }\n`,
      "b.py": `from openai import OpenAI\nc = OpenAI()\nwhile True:\n    c.chat.completions.create(model="m", messages=[])\n`,
    });
    expect(r.findings.map((f) => [f.loc && "file" in f.loc ? f.loc.file : "", f.fix])).toEqual([
      ["src/a.ts", expect.stringContaining("for (let step = 0; step < MAX_STEPS; step++)")],
      ["b.py", expect.stringContaining("for step in range(MAX_STEPS):")],
    ]);
  });
});
