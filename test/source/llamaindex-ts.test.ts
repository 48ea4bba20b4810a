// LlamaIndex.TS agents assessed whole: psf reads them, and each control's fix is written in LlamaIndex.TS's own terms.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { MINIMAL, project } from "../helpers.js";

const GATEWAY = `spend:\n  ceiling: { amount: 50, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { kind: litellm, url: "http://llm-gateway.internal:4000", url_env: LLM_GATEWAY_URL, key_env: LLM_GATEWAY_KEY }\n`;
const BOUNDARIES = `boundaries:\n  endpoints:\n    allow: ["http://llm-gateway.internal:4000"]\n  tools:\n    - { name: close_ticket, access: destructive, requires_approval: true }\n  limits:\n    max_steps: 12\n`;
const MANIFEST = `${MINIMAL}${GATEWAY}${BOUNDARIES}`;
const PKG = JSON.stringify({ name: "a", type: "module", dependencies: { llamaindex: "0.12.1", "@llamaindex/workflow": "1.1.24", "@llamaindex/openai": "0.4.22", "@llamaindex/anthropic": "0.3.25" } });
// Line 4 builds the gateway model; the code under test starts on line 5.
const HEAD = 'import { agent } from "@llamaindex/workflow";\nimport { tool } from "llamaindex";\nimport { openai } from "@llamaindex/openai";\nconst llm = openai({ model: "gpt-4o", apiKey: process.env.LLM_GATEWAY_KEY, baseURL: process.env.LLM_GATEWAY_URL });\n';
const CLOSE = 'const close = tool({ name: "close_ticket", description: "d", parameters: {}, execute: (i: unknown) => String(i) });\n';

async function assessed(code: string) {
  const dir = project({ "psf.yaml": MANIFEST, "package.json": PKG, "src/agent.ts": HEAD + code });
  return (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
}

describe("LlamaIndex.TS: the fixes name its own API", () => {
  it.each([
    // [what, code (from line 5), control, line, text in the fix]
    ["agent().run with no step limit", `${CLOSE}const a = agent({ llm, tools: [close] });\nexport const go = (q: string) => a.run(q);\n`, "ABC-03", 7, "await llm.exec({ messages, tools })"],
    ["agent().run with no stop signal", `const a = agent({ llm, tools: [] });\nexport const go = (q: string) => a.run(q);\n`, "OOC-02", 6, "take no AbortSignal and leaving runStream() does not stop the workflow"],
    ["a declared destructive tool() with no approval", `${CLOSE}export const a = agent({ llm, tools: [close] });\n`, "OOC-03", 5, "wait for a person inside the tool's `execute`"],
    ["agent({ timeout }) is never applied: no wall-clock timeout", `const a = agent({ llm, tools: [], timeout: 60 });\nexport const go = (q: string) => a.run(q);\n`, "ABC-06", 6, "agent()'s `timeout` option is never applied"],
    ["a run with no tracing", `const a = agent({ llm, tools: [] });\nexport const go = (q: string) => a.run(q);\n`, "IAA-04", 6, 'Settings.callbackManager.on(\\"llm-tool-call\\", …)'],
    ["anthropic() going around the gateway", `import { anthropic } from "@llamaindex/anthropic";\nexport const m = anthropic({ model: "claude-3-5-sonnet" });\n`, "RSG-04", 6, "session: new AnthropicSession({ baseURL: process.env.LLM_GATEWAY_URL })"],
  ] as const)("%s: %s", async (_what, code, id, line, fix) => {
    const r = await assessed(code);
    const c = r.controls.find((x) => x.id === id)!;
    const hit = c.findings.find((f) => f.file === "src/agent.ts" && f.line === line);
    expect(hit?.fix, JSON.stringify(c.findings.map((f) => [f.line, f.message]))).toContain(fix.replace(/\\"/g, '"'));
  });
});

describe("LlamaIndex.TS's own hooks and built-ins", () => {
  it("a callbackManager hook on llm-tool-call covers the agent's runs and tools on IAA-04", async () => {
    const r = await assessed(`import { Settings } from "llamaindex";\nSettings.callbackManager.on("llm-tool-call", (e) => console.info(JSON.stringify(e.detail)));\n${CLOSE}const a = agent({ llm, tools: [close] });\nexport const go = (q: string) => a.run(q);\n`);
    expect(r.controls.find((x) => x.id === "IAA-04")!.findings.filter((f) => f.file === "src/agent.ts")).toEqual([]);
  });

  it("a @llamaindex/tools built-in that writes is named as such, and its approval fix wraps it in a tool()", async () => {
    const dir = project({ "psf.yaml": MANIFEST.replace("close_ticket, access: destructive", "document_generator, access: write"), "package.json": PKG, "src/agent.ts": `${HEAD}import { documentGenerator } from "@llamaindex/tools";\nexport const a = agent({ llm, tools: [documentGenerator()] });\n` });
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    const f = r.controls.find((x) => x.id === "OOC-03")!.findings.find((x) => x.file === "src/agent.ts");
    expect(f?.message).toContain("tool document_generator (built by @llamaindex/tools)");
    expect(f?.fix).toContain('give the agent your own `tool({ name: "document_generator"');
  });
});

describe("LlamaIndex.TS is read: no control says it is not", () => {
  it("an agent on llamaindex, @llamaindex/workflow and @llamaindex/openai gets no 'not recognize' finding, and its gateway client passes RSG-04", async () => {
    const r = await assessed(`${CLOSE}const a = agent({ llm, tools: [close] });\nexport const go = (q: string) => a.run(q);\n`);
    const all = r.controls.flatMap((c) => c.findings.filter((f) => f.file !== "psf.yaml").map((f) => f.message));
    expect(all.filter((m) => /not recognize|not examined/.test(m))).toEqual([]);
    expect(r.controls.find((x) => x.id === "RSG-04")!.status).toBe("pass");
    expect(r.coverage.packages.filter((p) => p.imported).map((p) => [p.name, p.recognized]).sort()).toEqual([["@llamaindex/openai", true], ["@llamaindex/workflow", true], ["llamaindex", true]]);
  });
});
