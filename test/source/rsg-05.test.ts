import { controlTable } from "./table.js";

const gw = { spend: { enforcement: { layer: "gateway", on_exceed: "suspend", gateway: { url: "http://llm-gateway.internal:4000", url_env: "LLM_GATEWAY_URL", key_env: "LLM_GATEWAY_KEY" } } } } as const;
const gwProviderKey = { spend: { enforcement: { layer: "gateway", on_exceed: "suspend", gateway: { url: "http://llm-gateway.internal:4000", url_env: "LLM_GATEWAY_URL", key_env: "OPENAI_API_KEY" } } } } as const;
controlTable("RSG-05", [
  { name: "a hard-coded key fails, redacted", files: `const KEY = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123";\n`, findings: ["fail@1"], messages: ["sk-ant-…0123"] },
  { name: "reading OPENAI_API_KEY fails", manifest: gw, files: `import OpenAI from "openai";\nnew OpenAI({ baseURL: process.env.LLM_GATEWAY_URL, apiKey: process.env.OPENAI_API_KEY });\n`, findings: ["fail@2"], messages: ["OPENAI_API_KEY"] },
  { name: "the declared key_env passes", manifest: gw, files: `import OpenAI from "openai";\nnew OpenAI({ baseURL: process.env.LLM_GATEWAY_URL, apiKey: process.env.LLM_GATEWAY_KEY });\n`, findings: [] },
  { name: "a client with no apiKey reads the provider key implicitly", manifest: gw, files: `import OpenAI from "openai";\nnew OpenAI({ baseURL: process.env.LLM_GATEWAY_URL });\n`, findings: ["fail@2"], messages: ["implicitly", "OPENAI_API_KEY"].slice(1) },
  // key_env named like a provider key: sound when the client goes through the gateway, a provider credential when it does not.
  { name: "key_env OPENAI_API_KEY read by a client pointed at the gateway passes", manifest: gwProviderKey, files: `import OpenAI from "openai";\nnew OpenAI({ baseURL: process.env.LLM_GATEWAY_URL });\n`, findings: [] },
  { name: "key_env OPENAI_API_KEY sent straight to OpenAI fails", manifest: gwProviderKey, files: `import OpenAI from "openai";\nconst a = 1;\nnew OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n`, findings: ["fail@3"], messages: ["sends OPENAI_API_KEY, the declared key_env, to api.openai.com without passing the gateway"] },
  { name: "key_env OPENAI_API_KEY read implicitly by a Python client with no base_url fails", manifest: gwProviderKey, files: { "agent.py": "from openai import OpenAI\nclient = OpenAI()\n" }, findings: ["fail@2"], messages: ["OPENAI_API_KEY, the declared key_env"] },
  { name: "a key_env that is not a provider variable is never read as one", manifest: gw, files: `import OpenAI from "openai";\nnew OpenAI({ apiKey: process.env.LLM_GATEWAY_KEY });\n`, findings: [] },
  { name: "a hard-coded Tavily key (a paid API beside the model) fails, redacted", files: `const search = tavily({ apiKey: "tvly-prod-abcdefghijklmnopqrstuvwx0123" });\n`, findings: ["fail@1"], messages: ["hard-coded Tavily API key tvly-…0123"] },
  { name: "a hard-coded Firecrawl key fails, redacted", files: `export const KEY = "fc-0123456789abcdef0123456789abcdef";\n`, findings: ["fail@1"], messages: ["fc-…cdef"] },
  { name: "other secrets are not RSG-05's business", files: `const db = process.env.DATABASE_URL;\n`, findings: [] },
]);
