// psf fails closed when it read nothing of the agent (docs/coverage.md, "Verdicts"): a new user's two
// real agents, on packages psf's table did not list, came out READY with exit 0 while psf had read
// none of their model clients, runs or tools. Each case is the governed fixture's manifest (READY with
// its own source) over a small agent of a kind a user could have.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { loadCatalogue } from "../../src/catalogue/load.js";
import type { ControlResult, Report } from "../../src/report/model.js";
import { fixture } from "../helpers.js";
import { coverageRows } from "../../src/report/coverage-text.js";

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const NOW = new Date("2026-11-28T00:00:00Z");
const SOURCE_CONTROLS = loadCatalogue().controls.filter((c) => c.evidence.includes("source")).map((c) => c.id);
const control = (r: Report, id: string): ControlResult => r.controls.find((c) => c.id === id)!;
const at = (f: { file?: string; line?: number }) => `${f.file}:${f.line}`;

/**
 * The governed fixture (READY) with its TypeScript source replaced by `files`. `keepSource` keeps the
 * fixture's own agent (a gateway client, bounded runs, approved tools) beside them.
 */
function governed(files: Record<string, string>, opts: { keepSource?: boolean; include?: string; packageJson?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "psf-failclosed-"));
  made.push(dir);
  cpSync(fixture("governed-scanner"), dir, { recursive: true });
  if (!opts.keepSource) rmSync(path.join(dir, "src"), { recursive: true, force: true });
  if (opts.packageJson === false) rmSync(path.join(dir, "package.json"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  if (opts.include) {
    const manifest = path.join(dir, "psf.yaml");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace(`include: ["src/**/*.ts"]`, `include: ${opts.include}`));
  }
  return path.join(dir, "psf.yaml");
}

// An agent framework no table lists (its name has no AI segment): the whole agent lives in it.
const TS_UNKNOWN = `import { Crew, ChatModel } from "acme-crewkit";\nimport { z } from "zod";\n\nconst model = new ChatModel({ provider: "openai", model: "gpt-4o" });\nexport const crew = new Crew({ model, tools: [], maxRounds: 500 });\nexport const Input = z.object({ task: z.string() });\nexport const run = (task: string) => crew.kickoff(Input.parse({ task }).task);\n`;
const PY_UNKNOWN = `import asyncio\nimport os\n\nfrom dotenv import load_dotenv\nfrom acme_pilot import Pilot, ChatVendor\n\nload_dotenv()\n\n\nasync def main() -> None:\n    pilot = Pilot(task="sign up", llm=ChatVendor(api_key=os.environ["VENDOR_KEY"]))\n    await asyncio.wait_for(pilot.run(), timeout=60)\n`;

describe("nothing of the agent read: every source control is an error naming what psf could not classify", () => {
  const cases: { name: string; manifest: () => string; message: RegExp; place: string }[] = [
    {
      name: "a TypeScript agent on a package psf cannot classify (the fixture's manifest is otherwise READY)",
      manifest: () => governed({ "src/agent.ts": TS_UNKNOWN }),
      message: /^not examined: psf found no agent run, model call, model client or tool in the 1 file it read; the agent may run on a package psf does not recognize: acme-crewkit, zod, @types\/node, typescript, vitest \(and 1 more\)$/,
      place: "src/agent.ts:1",
    },
    {
      name: "a Python agent on a package psf cannot classify, with a requirements file: imported packages first, the standard library never",
      manifest: () => governed({ "agent/main.py": PY_UNKNOWN, "requirements.txt": "python-dotenv==1.0.1\nacme-pilot==0.4.0\nhttpx==0.27.0\n" }, { include: `["agent/**/*.py"]`, packageJson: false }),
      message: /^not examined: psf found no agent run, model call, model client or tool in the 1 file it read; the agent may run on a package psf does not recognize: dotenv, acme_pilot, python-dotenv, httpx$/,
      place: "agent/main.py:4",
    },
    {
      name: "an agent that imports no third-party package at all: the error points at agent.include",
      manifest: () => governed({ "src/agent.ts": `import { readFileSync } from "node:fs";\nimport path from "path";\nexport const load = (p: string) => readFileSync(path.resolve(p), "utf8");\n` }, { packageJson: false }),
      message: /^not examined: psf found no agent run, model call, model client or tool in the 1 file it read; it imports no third-party package psf could look into/,
      place: "psf.yaml:10",
    },
  ];
  it.each(cases)("$name", async ({ manifest, message, place }) => {
    const r = (await assessAsync(manifest(), { now: NOW })).report;
    for (const id of SOURCE_CONTROLS) {
      const c = control(r, id);
      const hit = c.findings.filter((f) => message.test(f.message));
      expect(hit, `${id}: ${c.findings.map((f) => f.message).join("\n")}`).toHaveLength(1);
      expect(hit[0]!.level).toBe("error");
      expect(at(hit[0]!)).toBe(place);
      expect(c.status, id).toBe("error");
    }
    // The 72-hour figure rests on a gateway psf could not confirm a single call passes.
    const rsg06 = control(r, "RSG-06");
    expect(rsg06.status).toBe("error");
    expect(rsg06.findings.map((f) => f.message)).toEqual([expect.stringMatching(/holds only for calls that pass the gateway, and psf could not examine the agent's model calls/)]);
    expect(r.ready).toBe(false);
  });
});

describe("beside an agent psf does read, nothing changes", () => {
  it("the governed fixture with a file on a package psf cannot classify stays READY, with no new finding", async () => {
    const r = (await assessAsync(governed({ "src/extra.ts": TS_UNKNOWN }, { keepSource: true }), { now: NOW })).report;
    expect(r.ready).toBe(true);
    expect(r.controls.flatMap((c) => c.findings).filter((f) => /not examined/.test(f.message))).toEqual([]);
  });

  it("the governed fixture beside an agent framework psf knows but does not read: READY with a warn at its import, as before", async () => {
    const beside = `import { ReActAgent } from "beeai-framework/agents/react/agent";\nexport const make = (llm: never) => new ReActAgent({ llm, tools: [] });\n`;
    const r = (await assessAsync(governed({ "src/bee.ts": beside }, { keepSource: true }), { now: NOW })).report;
    expect(r.ready).toBe(true);
    const abc03 = control(r, "ABC-03");
    expect(abc03.status).toBe("warn");
    expect(abc03.findings.map((f) => `${f.level} ${at(f)} ${f.message}`)).toEqual([expect.stringMatching(/^warn src\/bee\.ts:1 imports beeai-framework \(agent framework\), which psf does not recognize/)]);
  });
});

describe("per control: a control that found none of what it is about, beside code psf did not read, is an error", () => {
  // A new user's run: one OpenAI client psf reads (an eval script) beside a Java agent, or beside an agent
  // framework psf does not read, made every control a warn and the agent READY, with 0 runs and 0 tools examined.
  const CLIENT = `from openai import OpenAI\n\nclient = OpenAI(base_url="http://llm-gateway.internal:4000")\nverdict = client.chat.completions.create(model="gpt-4o", messages=[])\n`;
  it.each([
    ["a Java agent beside a Python eval script", { "src/main/java/Agent.java": "class Agent {}\n", "scripts/eval_judge.py": CLIENT }, `["src/**/*.java", "scripts/**/*.py"]`, /1 Java file was not examined/],
    ["an agent framework psf does not read beside an OpenAI client it reads", { "agent/claw.py": `from griptape.structures import Agent\n\nagent = Agent(tools=[])\n`, "agent/judge.py": CLIENT, "pyproject.toml": `[project]\nname = "claw"\ndependencies = ["griptape>=1", "openai>=1"]\n` }, `["agent/**/*.py"]`, /griptape/],
  ] as const)("%s: not READY; the run and tool controls are errors, the client's controls are warns", async (_name, files, include, text) => {
    const r = (await assessAsync(governed(files, { include }), { now: NOW })).report;
    expect(r.ready).toBe(false);
    for (const id of ["OOC-02", "ABC-03", "ABC-06", "OOC-03", "ABC-08"]) expect(control(r, id).status, id).toBe("error");
    const rsg04 = control(r, "RSG-04").findings.filter((f) => text.test(f.message));
    expect(rsg04.map((f) => f.level)).not.toContain("error");
  });
});

describe("the new user's frameworks are in psf's table", () => {
  it.each([
    { name: "beeai-framework (TypeScript)", file: "src/agent.ts", text: `import { ReActAgent } from "beeai-framework/agents/react/agent";\nexport const a = ReActAgent;\n`, pkg: "beeai-framework", include: undefined },
    { name: "camel-ai (Python)", file: "agent/main.py", text: `from camel.agents import ChatAgent\n\nagent = ChatAgent(system_message="x")\n`, pkg: "camel-ai", include: `["agent/**/*.py"]` },
  ])("$name: an agent framework psf does not recognize, so the framework's own error applies", async ({ file, text, pkg, include }) => {
    const r = (await assessAsync(governed({ [file]: text }, { ...(include ? { include, packageJson: false } : {}) }), { now: NOW })).report;
    expect(r.coverage.packages).toEqual(expect.arrayContaining([expect.objectContaining({ name: pkg, kind: "agent-framework", recognized: false, imported: true })]));
    const abc06 = control(r, "ABC-06");
    expect(abc06.findings.map((f) => `${f.level} ${f.message}`)).toEqual([expect.stringMatching(new RegExp(`^error not examined: the agent runs on ${pkg} \\(agent framework\\)`))]);
    expect(r.ready).toBe(false);
  });
});

describe("What psf read names the packages psf could not classify", () => {
  it("nothing of the agent read: the imported ones first, at their import, then those only declared", async () => {
    const r = (await assessAsync(governed({ "src/agent.ts": TS_UNKNOWN }), { now: NOW })).report;
    expect(r.coverage.unclassified?.map((p) => `${p.name} ${p.first_seen.file}:${p.first_seen.line}`)).toEqual([
      "acme-crewkit src/agent.ts:1",
      "zod src/agent.ts:2",
      "@types/node package.json:20",
      "typescript package.json:21",
      "vitest package.json:22",
      "yaml package.json:23",
    ]);
    expect(coverageRows(r).find((row) => row.label === "Other packages, not classified")?.text).toBe("acme-crewkit, zod, @types/node, typescript, vitest (and 1 more) (first seen in src/agent.ts, package.json; not in psf's table of AI packages: psf reads none of them)");
  });

  it("an agent psf reads: the packages its manifest declares that psf's table does not list", async () => {
    const r = (await assessAsync(governed({}, { keepSource: true }), { now: NOW })).report;
    expect(r.coverage.unclassified?.map((p) => `${p.name} ${p.first_seen.file}:${p.first_seen.line}`)).toEqual(["zod package.json:17", "@types/node package.json:20", "typescript package.json:21", "vitest package.json:22", "yaml package.json:23"]);
    expect(coverageRows(r).find((row) => row.label === "Other packages, not classified")?.text).toBe("zod, @types/node, typescript, vitest, yaml (first seen in package.json; not in psf's table of AI packages: psf reads none of them)");
  });

  it("a project whose imports are all recognized or its own, with no dependency manifest, has no such row", async () => {
    const r = (await assessAsync(governed({ "src/agent.ts": `import OpenAI from "openai";\nimport { helper } from "./helper.js";\nexport const c = new OpenAI({ baseURL: process.env.LLM_GATEWAY_URL });\nexport const h = helper;\n`, "src/helper.ts": "export const helper = 1;\n" }, { packageJson: false }), { now: NOW })).report;
    expect(r.coverage.unclassified).toBeUndefined();
    expect(coverageRows(r).map((row) => row.label)).not.toContain("Other packages, not classified");
  });
});

describe("RSG-06 on an agent psf cannot read", () => {
  it("a Go agent with a gateway-bounded manifest: the 72-hour figure is an error at the Go code, as RSG-04 is", async () => {
    const r = (await assessAsync(path.join(fixture("unread/go-agent"), "psf.yaml"), { now: NOW })).report;
    expect(control(r, "RSG-04").status).toBe("error");
    const rsg06 = control(r, "RSG-06");
    expect(rsg06.status).toBe("error");
    expect(rsg06.findings.map((f) => `${f.level} ${f.file}`)).toEqual([expect.stringMatching(/^error .*\.go$/)]);
  });
});

describe("a dependency manifest named in agent.include", () => {
  it("is read as a dependency manifest, never parsed as code (go.mod gave a TypeScript syntax error under 11 controls)", async () => {
    const GO_MOD = "module example.com/agent\n\ngo 1.22\n\nrequire github.com/cloudwego/eino v0.5.0\n";
    const r = (await assessAsync(governed({ "agent/main.go": "package main\n\nfunc main() {}\n", "go.mod": GO_MOD }, { include: `["agent/**/*.go", "go.mod"]` }), { now: NOW })).report;
    expect(r.controls.flatMap((c) => c.findings).filter((f) => f.file === "go.mod" && /syntax error/.test(f.message))).toEqual([]);
    expect(JSON.stringify(r.coverage)).toMatch(/go\.mod/);
    expect(control(r, "RSG-04").status).toBe("error");
  });
});
