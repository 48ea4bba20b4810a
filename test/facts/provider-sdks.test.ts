import { recognizerTester } from "./tester.js";

recognizerTester("provider-sdks", {
  valid: [
    {
      name: "client built in one module, used in another through a re-export",
      code: {
        "src/llm.ts": `import OpenAI from "openai";\nexport const client = new OpenAI({ baseURL: process.env.LLM_GATEWAY_URL, apiKey: process.env.LLM_GATEWAY_KEY });\n`,
        "src/index.ts": `export { client as llm } from "./llm.js";\n`,
        "src/agent.ts": `import { llm } from "./index.js";\nexport async function ask() {\n  return llm.chat.completions.create({ model: "m", messages: [] });\n}\n`,
      },
      expect: { modelClients: [{ api: "new OpenAI", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" }, loc: { file: "src/llm.ts", line: 2, column: 23 } }], modelCalls: [{ api: "chat.completions.create", loc: { file: "src/agent.ts", line: 3, column: 10 }, fn: "src/agent.ts#ask" }] },
    },
    {
      name: "Anthropic with no baseURL falls back to ANTHROPIC_BASE_URL",
      code: `import Anthropic from "@anthropic-ai/sdk";\nconst a = new Anthropic();\nawait a.messages.create({ model: "c", max_tokens: 1, messages: [] });\n`,
      expect: { modelClients: [{ provider: "anthropic", api: "new Anthropic", baseURL: { kind: "absent" }, envDefault: "ANTHROPIC_BASE_URL" }], modelCalls: [{ framework: "anthropic", api: "messages.create" }] },
    },
    {
      name: "a hard-coded key is stored redacted only",
      code: `import OpenAI from "openai";\nconst c = new OpenAI({ apiKey: "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx9876" });\n`,
      expect: { secrets: [{ kind: "openai", redacted: "sk-proj-…9876", loc: { line: 2, column: 33 } }] },
    },
    {
      name: "a traced client (wrapOpenAI) makes its calls audited",
      code: `import OpenAI from "openai";\nimport { wrapOpenAI } from "langsmith/wrappers";\nconst c = wrapOpenAI(new OpenAI({ baseURL: "http://gw" }));\nawait c.responses.create({ model: "m", input: "x" });\n`,
      expect: { modelCalls: [{ api: "responses.create", telemetry: true, audited: true }] },
    },
    {
      name: "process.env reads, including destructuring",
      code: `const { OPENAI_API_KEY } = process.env;\nconst k = process.env["ANTHROPIC_API_KEY"];\n`,
      expect: { envReads: [{ name: "OPENAI_API_KEY", loc: { line: 1, column: 9 } }, { name: "ANTHROPIC_API_KEY", loc: { line: 2, column: 11 } }] },
    },
  ],
  invalid: [
    { name: "a placeholder key is not a secret", code: `const k = "sk-your-key-here-xxxxxxxxxxxxxxxx";\n`, absent: ["secrets"] },
    { name: "new OpenAI from a local module", code: `import OpenAI from "./openai-mock";\nnew OpenAI();\n`, absent: ["modelClients"] },
  ],
});
