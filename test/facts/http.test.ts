import { recognizerTester } from "./tester.js";

recognizerTester("http", {
  valid: [
    {
      name: "fetch on a template literal over an imported base",
      code: { "src/c.ts": `export const BASE = "https://registry.example/api";\n`, "src/agent.ts": `import { BASE } from "./c";\nexport const get = (id: string) => fetch(\`\${BASE}/asn/\${id}\`);\n` },
      expect: { urls: [{ api: "fetch", url: { kind: "prefix", prefix: "https://registry.example/api/asn/", via: "BASE" }, loc: { file: "src/agent.ts", line: 2, column: 36 } }] },
    },
    { name: "new URL(path, BASE)", code: `const BASE = "https://x.example/v1/";\nfetch(new URL(path, BASE));\n`, expect: { urls: [{ url: { kind: "prefix", prefix: "https://x.example/v1/" } }] } },
    { name: "a URL from input is dynamic", code: `export function f(u: string) { return fetch(u); }\n`, expect: { urls: [{ url: { kind: "dynamic", reason: "a parameter" } }] } },
    {
      name: "axios verbs and axios.create({ baseURL }) instances",
      code: `import axios from "axios";\nawait axios.get("https://a.example/x");\nconst api = axios.create({ baseURL: "https://b.example/api/" });\nawait api.post("items", {});\n`,
      expect: { urls: [{ api: "axios.get", url: { kind: "literal", text: "https://a.example/x" } }, { api: "axios.create baseURL", url: { kind: "literal", text: "https://b.example/api/" } }, { api: "axios instance", url: { kind: "literal", text: "https://b.example/api/items" } }] },
    },
    { name: "got, undici, node:https, WebSocket", code: `import got from "got";\nimport { request } from "undici";\nimport https from "node:https";\ngot("https://g.example");\nrequest("https://u.example");\nhttps.request({ hostname: "h.example", path: "/p" });\nnew WebSocket("wss://w.example/s");\n`, expect: { urls: [{ url: { text: "https://g.example" } }, { url: { text: "https://u.example" } }, { url: { text: "https://h.example/p" } }, { url: { text: "wss://w.example/s" } }] } },
    { name: "a timer that cancels the agent given as a parameter (Strands' agent.cancel()) is a timeout", code: `export function withTimeout(agent: { cancel(): void }, ms: number) {\n  return setTimeout(() => agent.cancel(), 60000);\n}\n`, expect: { timeouts: [{ kind: "timer-abort", ms: 60000, loc: { line: 2, column: 10 } }] } },
    { name: "a client from a dynamic import is read like one from a static import", code: `export async function make() {\n  const { createOpenAI } = await import("@ai-sdk/openai");\n  return createOpenAI({ baseURL: "https://api.openai.com/v1" });\n}\n`, expect: { modelClients: [{ provider: "openai", baseURL: { kind: "literal", text: "https://api.openai.com/v1" }, loc: { line: 3 } }] } },
    { name: "AbortSignal.timeout and a timer that aborts", code: `const c = new AbortController();\nsetTimeout(() => c.abort(), 5000);\nfetch("https://a.example", { signal: AbortSignal.timeout(1000) });\n`, expect: { timeouts: [{ kind: "timer-abort", ms: 5000, loc: { line: 2, column: 1 } }, { kind: "AbortSignal.timeout", ms: 1000 }] } },
  ],
  invalid: [
    { name: "a method named fetch on a local object", code: `const cache = { fetch(k: string) { return k; } };\ncache.fetch("https://x.example");\n`, absent: ["urls"] },
  ],
});
