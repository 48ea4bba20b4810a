import { controlTable } from "./table.js";

/**
 * Readings a reviewer would argue with (issue 13, item 3): each case names the finding psf used to
 * give and the one it gives now, at file:line.
 */

const allow = { boundaries: { endpoints: { allow: ["https://api.example.com/v1"] } } };
const search = `export async function lookup(q: string) {
  const url = new URL("https://api.example.com/v1/search");
  url.searchParams.set("q", q);
  url.searchParams.append("limit", "10");
  await fetch(url);
  await fetch(url.toString());
  await fetch(url.href);
  const off = new URL("https://other.example/x");
  off.searchParams.set("q", q);
  await fetch(off.toString());
}
`;
controlTable("ABC-02", [
  { name: "new URL(literal) with searchParams edits, fetched as url / url.toString() / url.href, is that literal URL", manifest: allow, files: search, findings: ["fail@10"], messages: ["https://other.example/x\") is not on the endpoint allowlist"] },
  { name: "a URL object built on a run-time base stays run-time, whatever is called on it", manifest: allow, files: `export async function f(base: string) {\n  const u = new URL(base);\n  await fetch(u.toString());\n}\n`, findings: ["warn@3"] },
]);

const subtasks = { boundaries: { limits: { max_subtasks: 5 } } };
const llm = `import OpenAI from "openai";\nconst c = new OpenAI();\n`;
controlTable("ABC-04", [
  {
    name: "a ring buffer and a rolling window with no model or tool call in the loop are not task queues",
    manifest: subtasks,
    files: `export function smooth(samples: number[]) {\n  const window: number[] = [];\n  for (const s of samples) {\n    window.push(s);\n    if (window.length > 10) window.shift();\n  }\n  const ring: number[] = [];\n  while (true) {\n    ring.push(Date.now());\n    ring.shift();\n    if (ring.length > 100) break;\n  }\n  return window;\n}\n`,
    findings: [],
  },
  {
    name: "the same list drained and refilled around a model call is a task queue",
    manifest: subtasks,
    files: `${llm}export async function plan(tasks: string[]) {\n  while (tasks.length) {\n    const t = tasks.shift()!;\n    const r = await c.chat.completions.create({ model: "m", messages: [{ role: "user", content: t }] });\n    tasks.push(r.choices[0]!.message.content!);\n  }\n}\n`,
    findings: ["fail@7"],
  },
]);

const media = `import OpenAI from "openai";
const client = new OpenAI({ baseURL: process.env.LLM_GATEWAY_URL });
export async function media(text: string, file: File) {
  await client.audio.speech.create({ model: "tts-1", voice: "alloy", input: text });
  await client.audio.transcriptions.create({ model: "whisper-1", file });
  await client.images.generate({ model: "gpt-image-1", prompt: text });
  await client.embeddings.create({ model: "text-embedding-3-small", input: text });
  await client.responses.create({ model: "gpt-4.1", input: text });
}
export async function viaParameter(oa: OpenAI, file: File) {
  await oa.audio.transcriptions.create({ model: "whisper-1", file });
}
`;
const aiSdkMedia = `import { embed, experimental_generateImage as generateImage, experimental_transcribe as transcribe, experimental_generateSpeech as generateSpeech } from "ai";
import { openai } from "@ai-sdk/openai";
export async function media(text: string, audio: Uint8Array) {
  await embed({ model: openai.embedding("text-embedding-3-small"), value: text });
  await generateImage({ model: openai.image("gpt-image-1"), prompt: text });
  await transcribe({ model: openai.transcription("whisper-1"), audio });
  await generateSpeech({ model: openai.speech("tts-1"), text, experimental_telemetry: { isEnabled: true } });
}
`;
controlTable("IAA-04", [
  { name: "speech, transcription, image, embedding and responses calls of an OpenAI client are model calls", files: media, findings: ["fail@11", "fail@4", "fail@5", "fail@6", "fail@7", "fail@8"], messages: ["model call audio.speech.create", "model call embeddings.create", "model call audio.transcriptions.create"] },
  { name: "the AI SDK's embed, image, transcription and speech calls are model calls; telemetry covers one", files: aiSdkMedia, findings: ["fail@4", "fail@5", "fail@6"], messages: ["model call embed ", "model call experimental_generateImage", "model call experimental_transcribe"] },
]);
controlTable("RSG-04", [
  { name: "a client used only for speech and embeddings still has to go through the gateway", manifest: { spend: { enforcement: { layer: "gateway", gateway: { kind: "litellm", url_env: "GW_URL" } } } } as never, files: media, findings: ["warn@2"] },
]);

controlTable("RSG-05", [
  {
    name: "two provider-key variables read in one expression are one finding",
    files: `import OpenAI from "openai";\nconst key = process.env.OPENAI_API_KEY ?? process.env.AZURE_OPENAI_API_KEY;\nexport const c = new OpenAI({ apiKey: key, baseURL: "http://gw:4000" });\n`,
    findings: ["fail@2"],
    messages: ["the provider key variables OPENAI_API_KEY or AZURE_OPENAI_API_KEY (one expression)"],
  },
  {
    name: "an expression spread over lines is still one read",
    files: `export const key =\n  process.env.OPENAI_API_KEY ??\n  process.env.AZURE_OPENAI_API_KEY ??\n  "";\n`,
    findings: ["fail@2"],
  },
  {
    name: "the same two variables read in two statements are two findings",
    files: `const a = process.env.OPENAI_API_KEY;\nconst b = process.env.ANTHROPIC_API_KEY;\nexport { a, b };\n`,
    findings: ["fail@1", "fail@2"],
  },
]);

const declared = { boundaries: { tools: [{ name: "memory_put", access: "destructive" as const, requires_approval: true }] } };
const lcMemory = `import { tool } from "@langchain/core/tools";
import { rmSync } from "node:fs";
export const memoryPut = tool({
  name: "memory_put",
  description: "overwrite the memory file",
  func: async () => rmSync("/var/agent/memory.json"),
});
`;
const byReference = `import { createTool } from "@mastra/core/tools";
import { rmSync } from "node:fs";
async function wipe() {
  rmSync("/var/agent/cache", { recursive: true });
}
export const wipeCache = createTool({ id: "wipe_cache", description: "x", execute: wipe });
`;
const method = `import { createTool } from "@voltagent/core";
import { unlinkSync } from "node:fs";
export const drop = createTool({ name: "drop_file", description: "x", parameters: p, async execute({ path }) { unlinkSync(path); } });
`;
controlTable("ABC-08", [
  { name: "inside LangChain's single-object tool({ name, func }): judged against that tool's declaration (declared, approved: pass)", manifest: declared, files: lcMemory, findings: [] },
  { name: "inside a tool whose execute is a project function given by name: that tool's declaration is judged", files: byReference, findings: ["fail@4"], messages: ["runs in tool wipe_cache, which boundaries.tools does not declare"] },
  { name: "inside a method-shorthand execute of VoltAgent's createTool", files: method, findings: ["fail@3"], messages: ["runs in tool drop_file"] },
]);
controlTable("IAA-04", [
  { name: "IAA-04 names the tool as declared (memory_put), as OOC-03 does", manifest: declared, files: lcMemory, findings: ["fail@3"], messages: ["tool memory_put executes"] },
]);
controlTable("OOC-03", [
  { name: "OOC-03 finds the declared memory_put and judges its approval wiring (not 'no tool of that name')", manifest: declared, files: lcMemory, findings: ["fail@3"], messages: ["tool memory_put (declared access destructive) has no approval wiring"] },
  { name: "an undeclared destructive tool whose execute is a project function is named by its id", files: byReference, findings: ["fail@6"], messages: ["tool wipe_cache is not declared in boundaries.tools"] },
]);

const guarded = `import OpenAI from "openai";
import { tool } from "@langchain/core/tools";
const c = new OpenAI();
async function postJson(url: string, body: unknown) {
  return fetch(url, { method: "POST", body: JSON.stringify(body) });
}
async function deleteRecord(id: string) {
  return fetch(\`https://api.example.com/records/\${id}\`, { method: "DELETE" });
}
async function readRecord(id: string) {
  return fetch(\`https://api.example.com/records/\${id}\`);
}
async function archive(id: string) {
  await deleteRecord(id);
}
export const memoryPut = tool(async () => "ok", { name: "memory_put" });
export async function tick(id: string) {
  const reply = await c.chat.completions.create({ model: "m", messages: [] });
  const text = reply.choices[0]!.message.content ?? "";
  if (text.includes("SAVE")) {
    await postJson("https://api.example.com/notes", { id });
  }
  if (text.includes("ARCHIVE")) {
    await archive(id);
  }
  if (text.includes("REMEMBER")) {
    await memoryPut.invoke({ id });
  }
  if (text.includes("LOOK")) {
    await readRecord(id);
  }
}
`;
controlTable("ABC-07", [
  {
    name: "model output guarding an outbound write helper, a helper that reaches a DELETE, and a tool's invoke warns at each guarded call; a read helper does not",
    files: guarded,
    findings: ["warn@21", "warn@24", "warn@27"],
    messages: ["guarding postJson() (which sends POST with fetch at src/agent.ts:5)", "guarding archive() (which sends DELETE with fetch at src/agent.ts:8)", "guarding memoryPut.invoke", "the condition at src/agent.ts:20"],
  },
]);

const getToolsKeys = `import { AIChatAgent } from "@cloudflare/ai-chat";
import { streamText, tool } from "ai";
const memoryPutTool = tool({ description: "store a memory", inputSchema: s, execute: async () => "ok" });
export class Chat extends AIChatAgent<Env> {
  getTools() {
    return { memory_put: memoryPutTool };
  }
  async onChatMessage() {
    return streamText({ model: m, messages: [], tools: this.getTools(), experimental_telemetry: { isEnabled: true } });
  }
}
`;
const memoryWrite = { boundaries: { tools: [{ name: "memory_put", access: "write" as const, requires_approval: true }] } };
controlTable("OOC-03", [
  { name: "a key of the object getTools() returns names the tool (OOC-03 finds memory_put, not memoryPutTool)", manifest: memoryWrite, files: getToolsKeys, findings: ["fail@3"], messages: ["tool memory_put (declared access write) has no approval wiring"] },
  { name: "'no tool of that name is defined' when psf saw every definition site", manifest: memoryWrite, files: `import { tool } from "ai";\nexport const other = tool({ description: "x", inputSchema: s, execute: async () => 1 });\n`, findings: ["warn@-"], messages: ["no tool of that name is defined in the source"] },
  {
    name: "not said when an MCP server's tools are unseen: psf says what it did not see",
    manifest: memoryWrite,
    files: `import { MCPServerStdio } from "@openai/agents";\nexport const fs = new MCPServerStdio({ name: "memory", fullCommand: "node ./memory-server.js", cacheToolsList: true });\n`,
    findings: ["warn@-", "warn@2"],
    messages: ["psf found no tool of that name in the code it read, and it did not see every tool definition (the tools of MCP server memory)"],
  },
  {
    name: "not said when a run is given a tool set psf cannot see into",
    manifest: memoryWrite,
    files: `import { generateText } from "ai";\nimport { createBashTool } from "bash-tool";\nconst { tools } = await createBashTool({});\nexport const r = await generateText({ model: m, prompt: "p", tools, experimental_telemetry: { isEnabled: true } });\n`,
    findings: ["warn@-", "warn@4"],
    messages: ["it did not see every tool definition"],
  },
]);
controlTable("IAA-04", [
  { name: "a run given this.getTools() is given the class's tools: its telemetry covers memory_put", manifest: memoryWrite, files: getToolsKeys, findings: [] },
  { name: "without telemetry IAA-04 names the getTools() tool memory_put, as OOC-03 does", manifest: memoryWrite, files: getToolsKeys.replace(", experimental_telemetry: { isEnabled: true }", ""), findings: ["fail@9", "fail@3"], messages: ["tool memory_put executes"] },
]);

controlTable("ABC-07", [
  {
    name: "a transcript is model output: a deletion it decides warns at the deletion",
    files: `import OpenAI from "openai";\nimport { rmSync } from "node:fs";\nconst c = new OpenAI();\nexport async function voice(file: File) {\n  const t = await c.audio.transcriptions.create({ model: "whisper-1", file });\n  if (t.text.includes("wipe")) {\n    rmSync("/var/agent/cache", { recursive: true });\n  }\n}\n`,
    findings: ["warn@7"],
  },
]);
