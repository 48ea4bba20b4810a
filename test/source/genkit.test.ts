// Genkit agents through the source controls: a destructive tool without a person's approval fails
// OOC-03 at the tool, one the app restarts after an interrupt passes; a tool loop without maxTurns
// rests on Genkit's default (ABC-03 warns and names it); model plugins go through the gateway or not (RSG-04).
import { describe, expect, it } from "vitest";
import { check } from "./helpers.js";
import { controlTable } from "./table.js";

const AI = 'import { genkit, z } from "genkit";\nimport { googleAI } from "@genkit-ai/google-genai";\nexport const ai = genkit({ plugins: [googleAI({ baseUrl: process.env.LLM_GATEWAY_URL })] });\n';
const declared = { boundaries: { tools: [{ name: "deleteAccount", access: "destructive" as const, requires_approval: true }], limits: { max_steps: 10 } } };
const gw = { spend: { enforcement: { layer: "gateway" as const, on_exceed: "suspend" as const, gateway: { url: "http://llm-gateway.internal:4000", url_env: "LLM_GATEWAY_URL" } } } };

const TOOL = (body: string) => `${AI}export const del = ai.defineTool(\n  { name: "deleteAccount", description: "close a customer's account", inputSchema: z.object({ id: z.string() }) },\n  async ({ id }, { interrupt, resumed }) => {\n${body}    return { deleted: id };\n  },\n);\n`;
const RESTART = "export const confirm = (req: any) => ai.generate({ prompt: \"continue\", tools: [del], maxTurns: 4, resume: { restart: del.restart(req, { approved: true }) } });\n";

controlTable("OOC-03", [
  { name: "a destructive defineTool with no interrupt fails at the tool", manifest: declared, files: TOOL(""), findings: ["fail@4"], messages: ["deleteAccount"] },
  { name: "the tool interrupts and the app restarts it with the person's answer: pass", manifest: declared, files: TOOL("    if (!resumed) interrupt({ confirm: id });\n") + RESTART, findings: [] },
]);

controlTable("ABC-03", [
  { name: "a tool loop without maxTurns rests on Genkit's default of 5", manifest: declared, files: `${AI}export const go = (q: string) => ai.generate({ prompt: q, tools: ["lookup"] });\n`, findings: ["warn@4"], messages: ["Genkit generate maxTurns"] },
  { name: "maxTurns within the declared max_steps passes", manifest: declared, files: `${AI}export const go = (q: string) => ai.generate({ prompt: q, tools: ["lookup"], maxTurns: 6 });\n`, findings: [] },
]);

controlTable("RSG-04", [
  { name: "openAICompatible({ baseURL: process.env.LLM_GATEWAY_URL }) goes through the gateway", manifest: gw, files: 'import { genkit } from "genkit";\nimport { openAICompatible } from "@genkit-ai/compat-oai";\nexport const ai = genkit({ plugins: [openAICompatible({ name: "gw", baseURL: process.env.LLM_GATEWAY_URL })] });\n', findings: [] },
  { name: "googleAI() with no baseUrl calls Google directly: fail at the plugin", manifest: gw, files: 'import { genkit } from "genkit";\nimport { googleAI } from "@genkit-ai/google-genai";\n\nexport const ai = genkit({\n  plugins: [googleAI()],\n});\n', findings: ["fail@5"], messages: ["googleAI() (Genkit plugin)", "generativelanguage.googleapis.com"] },
]);

controlTable("OOC-03", [
  {
    name: "toolApproval middleware with the destructive tool left out of `approved`: pass",
    manifest: declared,
    files: `${TOOL("")}import { toolApproval } from "@genkit-ai/middleware";\nexport const go = (q: string) => ai.generate({ prompt: q, tools: [del], maxTurns: 4, use: [toolApproval({ approved: [] })] });\n`,
    findings: [],
  },
  {
    name: "toolApproval middleware that pre-approves the destructive tool: fail at the tool",
    manifest: declared,
    files: `${TOOL("")}import { toolApproval } from "@genkit-ai/middleware";\nexport const go = (q: string) => ai.generate({ prompt: q, tools: [del], maxTurns: 4, use: [toolApproval({ approved: ["deleteAccount"] })] });\n`,
    findings: ["fail@4"],
  },
]);

describe("Genkit fixes are written in Genkit's terms", () => {
  it("RSG-04 names googleAI's own option, baseUrl", () => {
    const r = check("RSG-04", gw, { "src/agent.ts": 'import { genkit } from "genkit";\nimport { googleAI } from "@genkit-ai/google-genai";\nexport const ai = genkit({ plugins: [googleAI()] });\n' });
    expect(r.findings.map((f) => f.fix).join("\n")).toContain("baseUrl: process.env.LLM_GATEWAY_URL");
  });
  it("OOC-03 names interrupt and tool.restart", () => {
    const r = check("OOC-03", declared, { "src/agent.ts": TOOL("") });
    expect(r.findings.map((f) => f.fix).join("\n")).toContain("tool.restart(interruptPart)");
  });
});
