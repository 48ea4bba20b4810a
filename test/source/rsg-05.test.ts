import { controlTable } from "./table.js";

const gw = { spend: { enforcement: { layer: "gateway", on_exceed: "suspend", gateway: { url: "http://llm-gateway.internal:4000", url_env: "LLM_GATEWAY_URL", key_env: "LLM_GATEWAY_KEY" } } } } as const;
controlTable("RSG-05", [
  { name: "a hard-coded key fails, redacted", files: `const KEY = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123";\n`, findings: ["fail@1"], messages: ["sk-ant-…0123"] },
  { name: "reading OPENAI_API_KEY fails", manifest: gw, files: `import OpenAI from "openai";\nnew OpenAI({ baseURL: process.env.LLM_GATEWAY_URL, apiKey: process.env.OPENAI_API_KEY });\n`, findings: ["fail@2"], messages: ["OPENAI_API_KEY"] },
  { name: "the declared key_env passes", manifest: gw, files: `import OpenAI from "openai";\nnew OpenAI({ baseURL: process.env.LLM_GATEWAY_URL, apiKey: process.env.LLM_GATEWAY_KEY });\n`, findings: [] },
  { name: "a client with no apiKey reads the provider key implicitly", manifest: gw, files: `import OpenAI from "openai";\nnew OpenAI({ baseURL: process.env.LLM_GATEWAY_URL });\n`, findings: ["fail@2"], messages: ["implicitly", "OPENAI_API_KEY"].slice(1) },
  { name: "other secrets are not RSG-05's business", files: `const db = process.env.DATABASE_URL;\n`, findings: [] },
]);
