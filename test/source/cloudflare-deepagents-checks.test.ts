// What the source checks say about Cloudflare Agents and Deep Agents code: the verdicts a reviewer reads.
import { describe, expect, it } from "vitest";
import { check, summary, type Fragment } from "./helpers.js";

const GATEWAY: Fragment = { spend: { ceiling: { amount: 50, currency: "USD", period: "30d" }, enforcement: { layer: "gateway", on_exceed: "suspend", gateway: { kind: "cloudflare", url: "https://gateway.ai.cloudflare.com/v1/acct/gw" } } } } as Fragment;
const LIMITS = (max_steps: number): Fragment => ({ boundaries: { limits: { max_steps } } }) as Fragment;

describe("Cloudflare Agents", () => {
  it("Workers AI through the binding with no gateway fails RSG-04, and the fix names the gateway option", () => {
    const r = check("RSG-04", GATEWAY, { "src/a.ts": `import { createWorkersAI } from "workers-ai-provider";\nexport const m = (env: Env) => createWorkersAI({ binding: env.AI });\n` });
    expect(summary(r)).toEqual(["fail@2"]);
    expect(r.findings[0]!.message).toContain("through the AI binding directly");
    expect(r.findings[0]!.fix).toContain("gateway: { id:");
  });
  it("Workers AI through the declared AI Gateway passes RSG-04", () => {
    const r = check("RSG-04", GATEWAY, { "src/a.ts": `export const go = (env: Env) => env.AI.run("@cf/x", { prompt: "p" }, { gateway: { id: "gw" } });\n` });
    expect(summary(r)).toEqual([]);
  });
  it("a Think subclass's maxSteps above max_steps fails ABC-03 with both numbers; its default of 10 within it warns", () => {
    const over = check("ABC-03", LIMITS(5), { "src/a.ts": `import { Think } from "@cloudflare/think";\nexport class A extends Think {\n  maxSteps = 40;\n}\n` });
    expect(over.findings.some((f) => f.level === "fail" && /40/.test(f.message) && /max_steps 5/.test(f.message))).toBe(true);
    const dflt = check("ABC-03", LIMITS(20), { "src/a.ts": `import { Think } from "@cloudflare/think";\nexport class A extends Think {}\n` });
    expect(dflt.findings.filter((f) => f.loc && "file" in f.loc).map((f) => f.level)).toEqual(["warn"]);
    expect(dflt.findings.find((f) => f.level === "warn")!.message).toContain("Cloudflare Think maxSteps");
  });
  it("an AI SDK tool with no execute runs in the browser: IAA-04 does not ask for an audit record in a body it has not", () => {
    const r = check("IAA-04", {}, { "src/a.ts": `import { streamText, tool } from "ai";\nimport { z } from "zod";\nexport const go = (m: any) => streamText({ model: m, tools: { getUserTimezone: tool({ description: "d", inputSchema: z.object({}) }) } });\n` });
    expect(r.findings.map((f) => f.message)).toEqual(["agent run streamText is not covered by audit logging or tracing"]);
    expect(r.notes.join(" ")).toContain("the client runs it");
  });
});

describe("Deep Agents", () => {
  it("createDeepAgent's default recursionLimit of 10000 fails ABC-03 with both numbers", () => {
    const r = check("ABC-03", LIMITS(50), { "src/a.ts": `import { createDeepAgent } from "deepagents";\nexport const a = createDeepAgent({ model: "openai:gpt-4.1" });\n` });
    const f = r.findings.find((x) => x.level === "fail" && x.loc && "line" in x.loc && x.loc.line === 2);
    expect(f?.message).toMatch(/10000.*max_steps 50/);
  });
  it("a recursionLimit given at invoke within max_steps passes ABC-03", () => {
    const r = check("ABC-03", { boundaries: { limits: { max_steps: 50 }, termination: ["50 steps"] } } as Fragment, { "src/a.ts": `import { createDeepAgent } from "deepagents";\nconst a = createDeepAgent({ model: "openai:gpt-4.1" });\nexport const go = () => a.invoke({ messages: [] }, { recursionLimit: 40 });\n` });
    expect(r.findings.filter((f) => f.loc && "line" in f.loc)).toEqual([]);
  });
  it("a LocalShellBackend's execute, write_file and edit_file with no interruptOn fail OOC-03; interruptOn naming them wires their approval", () => {
    const code = (on: string) => ({ "src/a.ts": `import { createDeepAgent, LocalShellBackend } from "deepagents";\nexport const a = createDeepAgent({ model: "openai:gpt-4.1", backend: new LocalShellBackend({ rootDir: "." })${on} });\n` });
    expect(check("OOC-03", {}, code("")).findings.map((f) => f.message.split(" is not declared")[0])).toEqual(["tool write_file", "tool edit_file", "tool execute"]);
    expect(summary(check("OOC-03", {}, code(", interruptOn: { execute: true }")))).toEqual(["fail@2", "fail@2"]);
    expect(summary(check("OOC-03", {}, code(", interruptOn: { execute: true, write_file: true, edit_file: true }")))).toEqual([]);
  });
});
