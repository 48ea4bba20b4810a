import { controlTable } from "./table.js";

const allow = { boundaries: { endpoints: { allow: ["https://registry.dn42.example/api", "http://llm-gateway.internal:4000"] } }, spend: { enforcement: { layer: "gateway" as const, gateway: { url: "http://llm-gateway.internal:4000", url_env: "LLM_GATEWAY_URL" } } } };
controlTable("ABC-02", [
  { name: "literal on the allowlist", manifest: allow, files: `await fetch("https://registry.dn42.example/api/asn/1");\n`, findings: [] },
  { name: "literal off the allowlist", manifest: allow, files: `\nawait fetch("https://evil.example/x");\n`, findings: ["fail@2"], messages: ["not on the endpoint allowlist"] },
  { name: "template on an allowlisted constant base (imported)", manifest: allow, files: { "src/c.ts": `export const BASE = "https://registry.dn42.example/api";\n`, "src/agent.ts": `import { BASE } from "./c.js";\nexport const f = (id: number) => fetch(\`\${BASE}/asn/\${id}\`);\n` }, findings: [] },
  { name: "new URL(path, BASE) on an allowlisted base", manifest: allow, files: `const BASE = "https://registry.dn42.example/api/";\nexport const f = (p: string) => fetch(new URL(p, BASE));\n`, findings: [] },
  { name: "a URL from input warns", manifest: allow, files: `export const f = (u: string) => fetch(u);\n`, findings: ["warn@1"], messages: ["run time"] },
  { name: "a prefix on a foreign origin fails", manifest: allow, files: `export const f = (id: string) => fetch(\`https://explorer.dn42.example/api/\${id}\`);\n`, findings: ["fail@1"] },
  { name: "a baseURL from the gateway url_env is the gateway", manifest: allow, files: `import OpenAI from "openai";\nnew OpenAI({ baseURL: process.env.LLM_GATEWAY_URL });\n`, findings: [] },
  { name: "no outbound calls: passes", manifest: allow, files: `export {};\n`, findings: [], notes: ["0 outbound URL sites"] },
]);
