import { controlTable } from "./table.js";

const gw = { spend: { enforcement: { layer: "gateway", on_exceed: "suspend", gateway: { url: "http://llm-gateway.internal:4000", url_env: "LLM_GATEWAY_URL", key_env: "LLM_GATEWAY_KEY" } } } } as const;
controlTable("RSG-04", [
  { name: "client on the declared url_env passes", manifest: gw, files: `import OpenAI from "openai";\nexport const c = new OpenAI({ baseURL: process.env.LLM_GATEWAY_URL, apiKey: process.env.LLM_GATEWAY_KEY });\n`, findings: [], notes: ["1 model client"] },
  { name: "literal gateway URL passes", manifest: gw, files: `import OpenAI from "openai";\nnew OpenAI({ baseURL: "http://llm-gateway.internal:4000/v1" });\n`, findings: [] },
  { name: "a literal provider host fails", manifest: gw, files: `import OpenAI from "openai";\n\nnew OpenAI({ baseURL: "https://api.openai.com/v1" });\n`, findings: ["fail@3"], messages: ["api.openai.com directly"] },
  { name: "a default client reading OPENAI_BASE_URL fails unless it is the url_env", manifest: gw, files: `import { openai } from "@ai-sdk/openai";\nconst m = openai("gpt-4o");\n`, findings: ["fail@2"], messages: ["OPENAI_BASE_URL"] },
  { name: "…and passes when OPENAI_BASE_URL is the declared url_env", manifest: { spend: { enforcement: { layer: "gateway", gateway: { url: "http://gw:4000", url_env: "OPENAI_BASE_URL" } } } }, files: `import { openai } from "@ai-sdk/openai";\nconst m = openai("gpt-4o");\n`, findings: [] },
  { name: "a base URL from another variable warns", manifest: gw, files: `import Anthropic from "@anthropic-ai/sdk";\nnew Anthropic({ baseURL: process.env.SOME_URL });\n`, findings: ["warn@2"] },
  { name: "layer application fails every client", manifest: { spend: { enforcement: { layer: "application" } } }, files: `import OpenAI from "openai";\nnew OpenAI({ baseURL: process.env.LLM_GATEWAY_URL });\n`, findings: ["fail@2"], messages: ["layer: application"] },
  { name: "layer provider: not applicable, no findings", manifest: { spend: { enforcement: { layer: "provider" } } }, files: `import OpenAI from "openai";\nnew OpenAI();\n`, findings: [], notes: ["provider"] },
  { name: "LangChain's ChatVertexAI with no endpoint fails, with a fix in LangChain's terms (it has no base URL)", manifest: gw, files: `import { ChatVertexAI } from "@langchain/google-vertexai-web";\n\nexport const m = new ChatVertexAI({ model: "gemini-2.5-flash" });\n`, findings: ["fail@3"], messages: ["new ChatVertexAI (vertexai) sets no endpoint", "aiplatform.googleapis.com"] },
  { name: "ChatVertexAI's endpoint from the declared url_env passes", manifest: gw, files: `import { ChatVertexAI } from "@langchain/google-vertexai";\nexport const m = new ChatVertexAI({ model: "gemini-2.5-flash", endpoint: process.env.LLM_GATEWAY_URL });\n`, findings: [] },
  { name: "raw fetch to a provider API fails", manifest: gw, files: `await fetch("https://api.anthropic.com/v1/messages", { method: "POST" });\n`, findings: ["fail@1"] },
  // The check alone finds nothing here; in an assessment, an agent of which psf read nothing is an error on every
  // source control (test/inventory/fail-closed.test.ts), and beside other agent code this check warns (nothing-to-check.test.ts).
  { name: "no agent code at all: the check itself adds nothing and says what was examined", manifest: gw, files: `export const x = 1;\n`, findings: [], notes: ["examined 1 file: 0 model clients"] },
]);
