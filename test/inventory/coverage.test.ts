// Fail closed on what psf did not read (docs/coverage.md): whole languages, files passed over,
// AI packages psf does not recognize. Each case is a small project a user could have.
import { chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assess, assessAsync } from "../../src/assess.js";
import { KIND_AFFECTS } from "../../src/controls/coverage.js";
import { checkDrift } from "../../src/attest/drift.js";
import { InputError } from "../../src/errors.js";
import { loadCatalogue } from "../../src/catalogue/load.js";
import { languageOf } from "../../src/sources/languages.js";
import type { ControlResult, Report } from "../../src/report/model.js";
import { fixture, MINIMAL, project } from "../helpers.js";

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
function make(files: Record<string, string>): string {
  const dir = project(files);
  made.push(dir);
  return dir;
}
const NOW = new Date("2026-11-28T00:00:00Z");
const run = (dir: string, strict = false): Report => assess(path.join(dir, "psf.yaml"), { now: NOW, strict }).report;

const SOURCE_CONTROLS = loadCatalogue().controls.filter((c) => c.evidence.includes("source")).map((c) => c.id);
const control = (r: Report, id: string): ControlResult => r.controls.find((c) => c.id === id)!;
const messages = (r: Report, id: string) => control(r, id).findings.map((f) => `${f.level} ${f.file ?? ""}:${f.line ?? ""} ${f.message}`);

const MANIFEST = (agent = "") => `${MINIMAL}${agent ? `agent:\n${agent}` : ""}`;
const TS_AGENT = `import OpenAI from "openai";\nconst client = new OpenAI({ baseURL: "https://api.openai.com/v1" });\nexport const ask = (q: string) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] });\n`;
const GO_MAIN = "package main\n\nfunc main() {}\n";

describe("whole languages psf does not read", () => {
  // errorsOn: the controls that found none of what they are about in the code psf read, so that the unread files are an error there.
  const cases: { name: string; files: Record<string, string>; level: "error" | "warn" | "none"; text: RegExp; errorsOn?: string[] }[] = [
    { name: "a Go-only agent: every source control is an error naming the language", files: { "psf.yaml": MANIFEST(), "cmd/agent/main.go": GO_MAIN, "internal/x.go": GO_MAIN }, level: "error", text: /not examined: the agent's code is Go \(2 files, e\.g\. cmd\/agent\/main\.go\); psf reads TypeScript\/JavaScript/ },
    { name: "a Rust and Go agent names both", files: { "psf.yaml": MANIFEST(), "src/main.rs": "fn main() {}\n", "tool.go": GO_MAIN }, level: "error", text: /Rust \(1 file, e\.g\. src\/main\.rs\) and Go \(1 file/ },
    { name: "no source file at all: error naming the root", files: { "psf.yaml": MANIFEST(), "README.md": "# nothing\n" }, level: "error", text: /not examined: no source files under the agent root/ },
    { name: "TypeScript beside Go: a warn naming the Go files where psf read what the control is about, an error where it read none (no run, loop or tool: the Go code may hold them)", files: { "psf.yaml": MANIFEST(), "src/agent.ts": TS_AGENT, "worker/main.go": GO_MAIN }, level: "warn", text: /1 Go file was not examined \(psf reads TypeScript\/JavaScript and Python\), e\.g\. worker\/main\.go/, errorsOn: ["OOC-02", "OOC-03", "ABC-03", "ABC-04", "ABC-06", "ABC-08"] },
    // Jupyter notebooks were here until psf read them (test/source/notebooks.test.ts): an R script is code psf does not read.
    { name: "an R script beside Python with no agent in it: an error, the agent may be in the script", files: { "psf.yaml": MANIFEST(), "helpers.py": "def rows():\n    return []\n", "demo.R": "library(httr)\n" }, level: "error", text: /1 R file was not examined .*e\.g\. demo\.R, and psf found no agent run, model call or model client in the 1 file it read/ },
    { name: "an R script beside Python psf reads a client in: a warn naming it on the client's controls, an error on those that found nothing", files: { "psf.yaml": MANIFEST(), "agent.py": 'from openai import OpenAI\n\nclient = OpenAI(base_url="https://gw.example/v1")\n', "demo.R": "library(httr)\n" }, level: "warn", text: /1 R file was not examined \(psf reads TypeScript\/JavaScript and Python\), e\.g\. demo\.R($|, and psf found no (agent run|tool))/, errorsOn: ["OOC-02", "OOC-03", "ABC-03", "ABC-04", "ABC-06", "ABC-07", "ABC-08", "IAA-04"] },
    { name: "a Jupyter notebook beside Python is read: nothing says it was not examined", files: { "psf.yaml": MANIFEST(), "agent.py": 'from openai import OpenAI\n\nclient = OpenAI(base_url="https://gw.example/v1")\n', "demo.ipynb": '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n' }, level: "none", text: /demo\.ipynb|Jupyter notebook/ },
    { name: "Go excluded by agent.exclude is the operator's statement: no warn", files: { "psf.yaml": MANIFEST('  exclude: ["worker/**"]\n'), "src/agent.ts": TS_AGENT, "worker/main.go": GO_MAIN }, level: "none", text: /Go file/ },
  ];
  it.each(cases)("$name", ({ files, level, text, errorsOn = [] }) => {
    const r = run(make(files));
    for (const id of SOURCE_CONTROLS) {
      const hit = control(r, id).findings.filter((f) => text.test(f.message));
      const want = errorsOn.includes(id) ? "error" : level;
      if (want === "none") expect(hit, id).toHaveLength(0);
      else {
        expect(hit, `${id}: ${messages(r, id).join("\n")}`).toHaveLength(1);
        expect(hit[0]!.level, id).toBe(want);
      }
      if (want === "error") expect(control(r, id).status).toBe("error");
    }
    if (level === "error" || errorsOn.length) expect(r.ready).toBe(false);
  });

  it("a Java agent's langchain4j artifacts are named one by one, as an agent framework psf does not read", () => {
    const pom = `<project>\n  <dependencies>\n    <dependency>\n      <groupId>dev.langchain4j</groupId>\n      <artifactId>langchain4j-open-ai-spring-boot-starter</artifactId>\n      <version>1.8.0</version>\n    </dependency>\n  </dependencies>\n</project>\n`;
    const r = run(make({ "psf.yaml": MANIFEST(), "pom.xml": pom, "src/main/java/Agent.java": "class Agent {}\n" }));
    expect(r.coverage.packages).toEqual([expect.objectContaining({ name: "dev.langchain4j:langchain4j-open-ai-spring-boot-starter", kind: "agent-framework", recognized: false })]);
  });

  // psf reads LlamaIndex.TS's framework and its openai/anthropic/ollama adapters; the rest of the scope stays unread.
  it("a LlamaIndex.TS agent's scoped packages are each named, at their import, by the kind of each", () => {
    const agent = `import { groq } from "@llamaindex/groq";\nimport { AzureDynamicSessionTool } from "@llamaindex/azure";\nexport const llm = groq({ model: "llama-3.3-70b-versatile" });\nexport const tools = [new AzureDynamicSessionTool()];\n`;
    const r = run(make({ "psf.yaml": MANIFEST(), "agent.ts": agent }));
    expect(r.coverage.packages.map((p) => `${p.name} ${p.kind} ${p.recognized} ${p.first_seen.file}:${p.first_seen.line}`).sort()).toEqual([
      "@llamaindex/azure agent-framework false agent.ts:2",
      "@llamaindex/groq model-sdk false agent.ts:1",
    ]);
    // Nothing in it is read (no run, model call or client psf reads): the framework's share is an error, not examined.
    expect(control(r, "ABC-08").findings.map((f) => `${f.level} ${f.file}:${f.line}`)).toEqual(expect.arrayContaining(["error agent.ts:2"]));
  });

  it("the TypeScript beside Go is still analysed: its direct provider call fails RSG-04", () => {
    const r = run(make({ "psf.yaml": MANIFEST(), "src/agent.ts": TS_AGENT, "worker/main.go": GO_MAIN }));
    expect(control(r, "RSG-04").findings.some((f) => f.level === "fail" && f.file === "src/agent.ts")).toBe(true);
  });

  it("a Python DN42 agent is never passed unread: its source controls are decided from facts", async () => {
    const py = "import os\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ['OPENAI_API_KEY'])\nqueue = ['AS4242420000']\nwhile True:\n    asn = queue.pop(0)\n    reply = client.chat.completions.create(model='gpt-4o', messages=[{'role': 'user', 'content': asn}])\n    queue.extend(reply.choices[0].message.content.split())\n";
    const dir = make({ "psf.yaml": MANIFEST(), "agent.py": py, "requirements.txt": "openai==1.99.0\n" });
    expect(languageOf("agent.py")!.read).toBe(true);
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: NOW })).report;
    expect(r.ready).toBe(false);
    expect(r.coverage.languages).toEqual([{ language: "Python", files: 1, read: true }]);
    for (const id of SOURCE_CONTROLS) expect(control(r, id).findings.some((f) => /not examined|not analysed/.test(f.message)), id).toBe(false);
    // Decided from facts: the direct client, the provider key, the unbounded loop, the growing queue.
    expect(control(r, "RSG-04").findings.some((f) => f.level === "fail" && f.file === "agent.py" && f.line === 4)).toBe(true);
    expect(control(r, "RSG-05").findings.some((f) => f.level === "fail" && f.file === "agent.py")).toBe(true);
    expect(control(r, "ABC-03").findings.some((f) => f.level === "fail" && f.file === "agent.py" && f.line === 6)).toBe(true);
  });

  it("no source control ever passes having examined 0 files (empty and Go-only sweeps)", () => {
    for (const files of [{ "psf.yaml": MANIFEST() }, { "psf.yaml": MANIFEST(), "main.go": GO_MAIN }]) {
      const r = run(make(files));
      for (const c of r.controls.filter((c) => SOURCE_CONTROLS.includes(c.id))) {
        expect(c.status === "pass" && c.notes.some((n) => /examined 0 files/.test(n)), c.id).toBe(false);
        expect(c.status, c.id).toBe("error");
      }
    }
  });

  it("an include that matches no file is bad input naming the manifest line", () => {
    const dir = make({ "psf.yaml": MANIFEST('  include: ["app/**/*.ts"]\n'), "src/agent.ts": TS_AGENT });
    let err: unknown;
    try {
      run(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).format()).toMatch(/psf\.yaml:6:\d+: agent\.include matches no file/);
  });

  it("the Go fixture with a complete manifest is not ready, every source control an error", () => {
    const r = assess(path.join(fixture("unread/go-agent"), "psf.yaml"), { now: NOW }).report;
    expect(r.ready).toBe(false);
    for (const id of SOURCE_CONTROLS) expect(control(r, id).status, id).toBe("error");
    expect(r.coverage.languages).toEqual([{ language: "Go", files: 2, read: false }]);
    expect(r.coverage.packages).toContainEqual(expect.objectContaining({ name: "github.com/sashabaranov/go-openai", ecosystem: "other", kind: "model-sdk", recognized: false }));
  });
});

describe("AI packages psf does not recognize", () => {
  // These small projects hold no agent run, call, client or tool psf reads, so each also gets the
  // fail-closed error naming what psf could not classify (test/inventory/fail-closed.test.ts); these
  // cases are about each package's own finding, so they leave that one aside.
  const own = (f: { message: string }) => !/^not examined: psf found no agent run, model call, model client or tool/.test(f.message);
  const FRAMEWORK = (pkg: string, body = "") => `import { Agent } from "${pkg}";\nexport const agent = new Agent({ name: "scanner" });\n${body}`;
  // A project whose only AI code is an agent framework psf does not read has nothing psf examined: that
  // framework's finding is an error there (see the fail-closed cases above); a model SDK's stays a warn.
  const cases: { name: string; files: Record<string, string>; pkg: string; at: string; affects: string[]; level?: "warn" | "error" }[] = [
    {
      name: "an agent framework, imported: a warn on every source control its runs, key, hosts, sub-agents and built-in tools affect, at the import line",
      files: { "psf.yaml": MANIFEST(), "package.json": JSON.stringify({ dependencies: { "@letta-ai/letta-client": "^0.2.0" } }, null, 2), "src/agent.ts": `// scanner\n${FRAMEWORK("@letta-ai/letta-client")}` },
      pkg: "@letta-ai/letta-client (agent framework)",
      at: "src/agent.ts:2",
      affects: ["RSG-04", "RSG-05", "OOC-02", "OOC-03", "ABC-02", "ABC-03", "ABC-04", "ABC-06", "ABC-07", "ABC-08", "IAA-04"],
      level: "error",
    },
    {
      name: "an MCP library: OOC-03, ABC-02 and ABC-08",
      files: { "psf.yaml": MANIFEST(), "src/tools.ts": `import { MCPClient } from "mcp-use";\nexport const c = MCPClient.fromDict({ mcpServers: {} });\n` },
      pkg: "mcp-use (MCP library)",
      at: "src/tools.ts:1",
      affects: ["OOC-03", "ABC-02", "ABC-08"],
    },
    {
      name: "an AI-looking package not in the table, declared in package.json: RSG-04, RSG-05, ABC-02 (the hosts it calls), IAA-04",
      files: { "psf.yaml": MANIFEST(), "package.json": JSON.stringify({ dependencies: { "acme-llm-client": "1.0.0" } }, null, 2), "src/agent.ts": `import { chat } from "acme-llm-client";\nexport const go = () => chat("hi");\n` },
      pkg: "acme-llm-client (named like an AI package, not in psf's table)",
      at: "src/agent.ts:1",
      affects: ["RSG-04", "RSG-05", "ABC-02", "IAA-04"],
    },
    {
      name: "a LlamaIndex.TS provider adapter is a model SDK, not the framework: RSG-04, RSG-05, ABC-02, IAA-04",
      files: { "psf.yaml": MANIFEST(), "src/llm.ts": `import { Groq } from "@llamaindex/groq";\nexport const llm = new Groq({ model: "llama-3.3-70b-versatile" });\n` },
      pkg: "@llamaindex/groq (model SDK)",
      at: "src/llm.ts:1",
      affects: ["RSG-04", "RSG-05", "ABC-02", "IAA-04"],
    },
    {
      name: "a LlamaIndex.TS vector store is retrieval: only ABC-02, for the host it connects to",
      files: { "psf.yaml": MANIFEST(), "src/memory.ts": `// long-term memory\nimport { QdrantVectorStore } from "@llamaindex/qdrant";\nexport const store = new QdrantVectorStore({ url: "http://qdrant.internal:6333" });\n` },
      pkg: "@llamaindex/qdrant (retrieval library: vector store or document reader)",
      at: "src/memory.ts:2",
      affects: ["ABC-02"],
    },
    {
      name: "the rest of the @llamaindex scope stays an agent framework",
      files: { "psf.yaml": MANIFEST(), "src/agent.ts": `import { AzureDynamicSessionTool } from "@llamaindex/azure";\nexport const t = new AzureDynamicSessionTool();\n` },
      pkg: "@llamaindex/azure (agent framework)",
      at: "src/agent.ts:1",
      affects: ["RSG-04", "RSG-05", "OOC-02", "OOC-03", "ABC-02", "ABC-03", "ABC-04", "ABC-06", "ABC-07", "ABC-08", "IAA-04"],
      level: "error",
    },
    {
      name: "declared but never imported: the warn points at package.json",
      files: { "psf.yaml": MANIFEST(), "package.json": `{\n  "name": "scanner",\n  "dependencies": {\n    "beeai-framework": "^0.1.0"\n  }\n}\n`, "src/agent.ts": "export const x = 1;\n" },
      pkg: "beeai-framework (agent framework)",
      at: "package.json:4",
      affects: ["RSG-04", "RSG-05", "OOC-02", "OOC-03", "ABC-02", "ABC-03", "ABC-04", "ABC-06", "ABC-07", "ABC-08", "IAA-04"],
    },
  ];
  it.each(cases)("$name", ({ files, pkg, at, affects, level = "warn" }) => {
    const r = run(make(files));
    for (const id of SOURCE_CONTROLS) {
      const hit = control(r, id).findings.filter((f) => own(f) && f.message.includes(pkg));
      if (affects.includes(id)) {
        expect(hit, `${id}: ${messages(r, id).join("\n")}`).toHaveLength(1);
        expect(`${hit[0]!.file}:${hit[0]!.line}`).toBe(at);
        expect(hit[0]!.level).toBe(level);
        expect(hit[0]!.fix).toBeTruthy();
      } else expect(hit, id).toHaveLength(0);
    }
  });

  // A package.json of a monorepo's examples declares dozens of provider packages the agent never imports:
  // each imported one keeps its own warn; the declared-only ones make one warn a control, at the first one's line.
  const DEPS = { "@llamaindex/azure": "^0.1.0", "@llamaindex/env": "^0.1.0", "@llamaindex/google": "^0.4.0", "@llamaindex/groq": "^0.0.9", "@llamaindex/mistral": "^0.1.0", "@llamaindex/pinecone": "^0.1.0", "@llamaindex/qdrant": "^0.1.0", "acme-llm-client": "1.0.0", "beeai-framework": "^0.1.0" };
  const declaredCases: { name: string; deps: Record<string, string>; source: string; expected: Record<string, string[]> }[] = [
    {
      name: "eight declared and one imported: the imported one at its import, the others once a control",
      deps: DEPS,
      source: `import { Groq } from "@llamaindex/groq";\nexport const llm = new Groq({ model: "llama-3.3-70b-versatile" });\n`,
      expected: {
        "RSG-04": [
          "src/agent.ts:1 imports @llamaindex/groq (model SDK), which psf does not recognize: its model clients and calls were not examined",
          "package.json:3 declares 6 AI packages psf does not recognize (3 agent frameworks, 2 model SDKs, 1 AI-named package not in psf's table) that no analysed file imports: @llamaindex/azure, @llamaindex/env, @llamaindex/google, @llamaindex/mistral, acme-llm-client (and 1 more); if the agent uses them, their calls were not examined",
        ],
        "ABC-02": [
          "src/agent.ts:1 imports @llamaindex/groq (model SDK), which psf does not recognize: its model clients and calls were not examined",
          "package.json:3 declares 8 AI packages psf does not recognize (3 agent frameworks, 2 model SDKs, 2 retrieval libraries, 1 AI-named package not in psf's table) that no analysed file imports: @llamaindex/azure, @llamaindex/env, @llamaindex/google, @llamaindex/mistral, @llamaindex/pinecone (and 3 more); if the agent uses them, their calls were not examined",
        ],
        "ABC-08": ["package.json:3 declares 3 AI packages psf does not recognize (agent frameworks) that no analysed file imports: @llamaindex/azure, @llamaindex/env, beeai-framework; if the agent uses them, their calls were not examined"],
      },
    },
    {
      name: "one declared, none imported: named with its kind",
      deps: { "beeai-framework": "^0.1.0" },
      source: "export const x = 1;\n",
      expected: {
        "OOC-02": ["package.json:3 declares beeai-framework (agent framework), which psf does not recognize and no analysed file imports: if the agent uses it, its agent runs, tools and model calls were not examined"],
        "ABC-02": ["package.json:3 declares beeai-framework (agent framework), which psf does not recognize and no analysed file imports: if the agent uses it, its agent runs, tools and model calls were not examined"],
      },
    },
  ];
  it.each(declaredCases)("$name", ({ deps, source, expected }) => {
    const r = run(make({ "psf.yaml": MANIFEST(), "package.json": JSON.stringify({ dependencies: deps }, null, 2), "src/agent.ts": source }));
    for (const [id, lines] of Object.entries(expected)) {
      const got = control(r, id).findings.filter((f) => own(f) && /does not recognize/.test(f.message));
      expect(got.map((f) => `${f.file}:${f.line} ${f.message}`).sort(), id).toEqual([...lines].sort());
      for (const f of got.filter((f) => f.file === "package.json")) expect(f.fix).toMatch(/^if the agent does not use (it|them), remove (it|them) from package\.json .* waiver/);
    }
    // The report's coverage still lists every package, each at its own place.
    expect(r.coverage.packages.map((p) => p.name)).toEqual(Object.keys(deps));
  });

  // The fix fits the control: hosts on the allowlist check, traces on the tracing check, the kind's own elsewhere.
  it.each([
    { pkg: "acme-llm-client", id: "ABC-02", fix: /^find the hosts acme-llm-client calls .* boundaries\.endpoints\.allow/ },
    { pkg: "acme-llm-client", id: "RSG-04", fix: /^if this package calls a model, check its endpoint and key by hand/ },
    { pkg: "acme-llm-client", id: "IAA-04", fix: /^check by hand that the calls made through acme-llm-client are traced or audited/ },
    { pkg: "@llamaindex/groq", id: "IAA-04", fix: /^check by hand that the calls made through @llamaindex\/groq are traced or audited/ },
    { pkg: "@llamaindex/groq", id: "RSG-05", fix: /^route this client through the declared gateway and read its key from key_env/ },
    { pkg: "@llamaindex/qdrant", id: "ABC-02", fix: /^add the host it connects to \(the store's URL/ },
  ])("$pkg on $id: the fix fits the control", ({ pkg, id, fix }) => {
    const r = run(make({ "psf.yaml": MANIFEST(), "package.json": JSON.stringify({ dependencies: { [pkg]: "1.0.0" } }), "src/agent.ts": `import { chat } from "${pkg}";\nexport const go = () => chat("hi");\n` }));
    const f = control(r, id).findings.find((x) => own(x) && x.message.includes(pkg))!;
    expect(f.fix).toMatch(fix);
  });

  it("a path alias named like an AI package is not a package when package.json does not declare it", () => {
    const r = run(make({ "psf.yaml": MANIFEST(), "package.json": JSON.stringify({ dependencies: { openai: "^6.0.0" } }), "src/agents/planner.ts": "export const plan = 1;\n", "src/agent.ts": `import { plan } from "agents/planner";\nexport const p = plan;\n` }));
    expect(r.coverage.packages.map((p) => p.name)).not.toContain("agents");
    expect(control(r, "ABC-03").findings.filter((f) => /does not recognize/.test(f.message))).toHaveLength(0);
  });

  it.each([
    { name: "a package's own agents/ subpackage does not hide the OpenAI Agents SDK it imports", root: "__init__.py", listed: true },
    { name: "a script folder's agents/ package is the project's, not the SDK", root: "main_helper.py", listed: false },
  ])("$name", ({ root, listed }) => {
    const r = run(make({ "psf.yaml": MANIFEST(), [root]: "", "agents/__init__.py": "", "manager.py": "from agents import Agent, Runner\nfrom .agents import helper\n" }));
    expect(r.coverage.packages.some((p) => p.name === "openai-agents")).toBe(listed);
  });

  it("recognized frameworks add no warning, and the inventory says they were recognized", () => {
    const r = assess(path.join(fixture("governed-scanner"), "psf.yaml"), { now: NOW }).report;
    expect(r.ready).toBe(true);
    expect(r.coverage.packages.map((p) => [p.name, p.recognized])).toEqual([["@ai-sdk/openai", true], ["ai", true], ["openai", true]]);
  });

  it("an agent whose only framework psf does not read, with no run, model call or client psf reads, is not examined: error, not ready", () => {
    const r = assess(path.join(fixture("unread/unknown-framework"), "psf.yaml"), { now: NOW }).report;
    expect(r.ready).toBe(false);
    for (const id of KIND_AFFECTS["agent-framework"]) {
      expect(control(r, id).status).toBe("error");
      expect(messages(r, id)).toContainEqual(expect.stringMatching(/^error src\/agent\.ts:3 not examined: the agent runs on @letta-ai\/letta-client \(agent framework\), which psf does not recognize, and psf found no agent run, model call or model client it reads$/));
    }
  });

  it("the same framework beside runs psf reads: a warn, ready with the warnings printed, not under --strict", () => {
    const governed = fixture("governed-scanner");
    const files: Record<string, string> = { "src/helper.ts": readFileSync(path.join(fixture("unread/unknown-framework"), "src/agent.ts"), "utf8") };
    for (const rel of ["psf.yaml", "src/agent.ts", "src/explore.ts", "src/limits.ts", "src/registry.ts", "src/audit.ts", "src/tools.ts", "src/gateway.ts", "src/pause.ts", "infra/litellm.yaml", "policy/agent.rego", "schemas/audit-record.schema.json", "test/controls/spend-cap.test.ts", "test/controls/kill-switch.test.ts", "test/controls/termination.test.ts", "package.json"]) files[rel] = readFileSync(path.join(governed, rel), "utf8");
    const dir = make(files);
    const r = run(dir);
    expect(r.ready).toBe(true);
    expect(control(r, "ABC-03").status).toBe("warn");
    expect(messages(r, "ABC-03")).toContainEqual(expect.stringMatching(/^warn src\/helper\.ts:3 imports @letta-ai\/letta-client \(agent framework\), which psf does not recognize/));
    expect(run(dir, true).ready).toBe(false);
  });
});

describe("files passed over are never silent", () => {
  const GOVERNED = readFileSync(path.join(fixture("governed-scanner"), "psf.yaml"), "utf8");
  const HOSTILE = `import OpenAI from "openai";\nconst key = "sk-proj-${"A".repeat(40)}";\nconst c = new OpenAI({ apiKey: key });\nexport async function loop() {\n  while (true) await c.chat.completions.create({ model: "gpt-4o", messages: [] });\n}\n`;
  const copyGoverned = (extra: Record<string, string>, manifest = GOVERNED): string => {
    const src = fixture("governed-scanner");
    const files: Record<string, string> = { "psf.yaml": manifest };
    for (const rel of ["src/agent.ts", "src/explore.ts", "src/limits.ts", "src/registry.ts", "src/audit.ts", "src/tools.ts", "src/gateway.ts", "src/pause.ts", "infra/litellm.yaml", "policy/agent.rego", "schemas/audit-record.schema.json", "test/controls/spend-cap.test.ts", "test/controls/kill-switch.test.ts", "test/controls/termination.test.ts", "package.json"]) {
      files[rel] = readFileSync(path.join(src, rel), "utf8");
    }
    return make({ ...files, ...extra });
  };

  it("the governed fixture copy is ready (the baseline for the cases below)", () => {
    expect(run(copyGoverned({})).ready).toBe(true);
  });

  const cases: { name: string; extra: Record<string, string>; file: string; level: "error" | "warn" | "read"; manifest?: string }[] = [
    { name: "a TypeScript file over 1 MiB is an error", extra: { "src/huge.ts": HOSTILE + "// padding\n".repeat(110_000) }, file: "src/huge.ts", level: "error" },
    { name: "a TypeScript file with a NUL byte is an error", extra: { "src/nul.ts": "\0" + HOSTILE }, file: "src/nul.ts", level: "error" },
    { name: "a file under src/out/ is read like any other", extra: { "src/out/agent.ts": HOSTILE }, file: "src/out/agent.ts", level: "read" },
    { name: "a file under src/dist/coverage/ is read like any other", extra: { "src/dist/coverage/x.ts": HOSTILE }, file: "src/dist/coverage/x.ts", level: "read" },
  ];
  it.each(cases)("$name", ({ extra, file, level }) => {
    const r = run(copyGoverned(extra));
    expect(r.ready).toBe(false);
    if (level === "read") {
      expect(control(r, "RSG-05").findings.some((f) => f.file === file && f.level === "fail")).toBe(true);
      return;
    }
    expect(r.sources.skipped.map((s) => s.name)).toContain(file);
    for (const id of SOURCE_CONTROLS) expect(control(r, id).findings.some((f) => f.file === file && f.level === level && /was not examined/.test(f.message)), id).toBe(true);
  });

  it("top-level build output is not read by default but is warned about, and read when include names it", () => {
    const manifest = GOVERNED.replace('include: ["src/**/*.ts"]', 'include: ["src/**/*.ts", "out/**/*.ts"]');
    const skipped = run(make({ "psf.yaml": MANIFEST(), "src/a.ts": "export const a = 1;\n", "out/agent.ts": HOSTILE }));
    expect(control(skipped, "RSG-05").findings.some((f) => f.file === "out/agent.ts" && f.level === "warn" && /build-output folder out\//.test(f.message))).toBe(true);
    const named = run(copyGoverned({ "out/agent.ts": HOSTILE }, manifest));
    expect(control(named, "RSG-05").findings.some((f) => f.file === "out/agent.ts" && f.level === "fail")).toBe(true);
  });

  it.skipIf(process.getuid?.() === 0)("an unreadable folder is an error, not a disappearance", () => {
    const dir = copyGoverned({ "src/private/agent.ts": HOSTILE });
    chmodSync(path.join(dir, "src/private"), 0o000);
    try {
      const r = run(dir);
      expect(r.ready).toBe(false);
      expect(control(r, "ABC-03").findings.some((f) => f.file === "src/private" && f.level === "error")).toBe(true);
    } finally {
      chmodSync(path.join(dir, "src/private"), 0o755);
    }
  });

  it("a skipped file is attested: swapping it is drift", () => {
    const dir = copyGoverned({ "src/huge.ts": "// generated\n".repeat(90_000) });
    const a = assess(path.join(dir, "psf.yaml"), { now: NOW });
    expect(a.report.subjects.map((s) => s.name)).toContain("src/huge.ts");
    writeFileSync(path.join(dir, "src/huge.ts"), HOSTILE + "// generated\n".repeat(90_000));
    expect(checkDrift(a.report, dir)).toMatchObject({ drifted: true, changed: ["src/huge.ts"] });
  });
});

describe("psf init uses the same inventory", () => {
  it("says which AI packages it recognized and which it did not, and which languages it cannot read", async () => {
    const { detectProject } = await import("../../src/init/detect.js");
    const { detectionSummary } = await import("../../src/init/manifest-text.js");
    const dir = make({ "package.json": JSON.stringify({ dependencies: { openai: "^6.0.0", "@google/adk": "^0.3.0" } }), "src/a.ts": `import OpenAI from "openai";\nimport { LlmAgent } from "@google/adk";\nexport const c = new OpenAI();\nexport const a = LlmAgent;\n`, "worker/main.go": GO_MAIN });
    const text = detectionSummary(detectProject(dir)).join("\n");
    expect(text).toMatch(/languages: TypeScript 1 file, Go 1 file \(NOT read by psf\)/);
    expect(text).toMatch(/AI packages psf recognizes: openai/);
    expect(text).toMatch(/does NOT recognize[^\n]*@google\/adk \(agent-framework, src\/a\.ts:2\)/);
  });

  it("tells imported packages from those package.json only declares, as the report does", async () => {
    const { detectProject } = await import("../../src/init/detect.js");
    const { detectionSummary } = await import("../../src/init/manifest-text.js");
    const deps = { ai: "^5.0.0", openai: "^6.0.0", "beeai-framework": "^0.1.0", "@llamaindex/env": "^0.1.0", "@llamaindex/groq": "^0.0.9" };
    const dir = make({ "package.json": JSON.stringify({ dependencies: deps }, null, 2), "src/a.ts": `import OpenAI from "openai";\nimport { agent } from "beeai-framework";\nexport const c = new OpenAI();\nexport const a = agent;\n` });
    const text = detectionSummary(detectProject(dir)).join("\n");
    expect(text).toContain("AI packages psf recognizes: openai; only declared in package.json (imported by no file): ai\n");
    expect(text).toMatch(/does NOT recognize \([^)]*\): beeai-framework \(agent-framework, src\/a\.ts:2\); only declared in package\.json \(imported by no file\): @llamaindex\/env, @llamaindex\/groq\n/);
  });
});

describe("file names psf cannot match", () => {
  it("a source file whose name holds a line break is an error on every source control, not a silent skip", () => {
    const dir = make({ "psf.yaml": MANIFEST(), "src/a.ts": "export const a = 1;\n", "src/\n::x.ts": "while (true) {}\n" });
    const r = run(dir);
    expect(r.ready).toBe(false);
    for (const id of SOURCE_CONTROLS) expect(control(r, id).findings.some((f) => f.level === "error" && /control characters/.test(f.message)), id).toBe(true);
  });
});

describe("dependency manifests are the agent's only where its files are", () => {
  // A Python service beside a TypeScript agent: its pyproject.toml declares the service's dependencies.
  const files = (agent: string) => ({
    "psf.yaml": MANIFEST(agent),
    "package.json": JSON.stringify({ dependencies: { openai: "^5.0.0" } }, null, 2),
    "src/agent.ts": TS_AGENT,
    "memory-service/pyproject.toml": `[project]\nname = "memory-service"\ndependencies = ["acme-llm-splitters>=1.0"]\n`,
    "memory-service/app.py": "def main():\n    return 0\n",
  });
  const cases = [
    { name: "include selects only the agent's TypeScript: the service's pyproject.toml is not read, and its packages raise nothing", agent: '  include: ["src/**/*.ts"]\n', manifests: ["package.json"], warned: false },
    { name: "with the service's code selected too, its pyproject.toml is read and its AI-looking package is named", agent: "", manifests: ["memory-service/pyproject.toml", "package.json"], warned: true },
  ];
  it.each(cases)("$name", ({ agent, manifests, warned }) => {
    const r = run(make(files(agent)));
    expect(r.coverage?.dependency_manifests).toEqual(manifests);
    const named = SOURCE_CONTROLS.flatMap((id) => messages(r, id)).filter((m) => m.includes("acme-llm-splitters"));
    expect(named.length > 0).toBe(warned);
  });
});
