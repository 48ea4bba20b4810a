// A check that found none of what it is about, beside other agent code psf read, warns with the reason:
// "examined 3 files: 1 timeout site, 0 model calls / agent runs / loops" was a pass, and a timeout with
// nothing to bound is not evidence. With nothing of the agent read at all, the check adds nothing: the
// coverage rule's error says so once (test/inventory/fail-closed.test.ts).
import { controlTable } from "./table.js";

const gw = { spend: { enforcement: { layer: "gateway", on_exceed: "suspend", gateway: { url: "http://llm-gateway.internal:4000", url_env: "LLM_GATEWAY_URL" } } } } as const;
const lim = { boundaries: { limits: { timeout: "2h", max_steps: 20 } } };
/** A model client psf reads, never called in the files read. */
const CLIENT_ONLY = `import OpenAI from "openai";\nexport const client = new OpenAI({ baseURL: process.env.LLM_GATEWAY_URL });\nexport const stop = AbortSignal.timeout(60_000);\n`;
/** A tool psf reads, with no model client, call or run beside it (the agent that uses it is elsewhere). */
const TOOL_ONLY = `import { tool } from "ai";\nimport { z } from "zod";\nexport const lookup = tool({ description: "look up an ASN", inputSchema: z.object({ asn: z.number() }), execute: async ({ asn }) => ({ asn }) });\n`;
/** Nothing of an agent: no client, call, run or tool. */
const NOTHING = `export const stop = AbortSignal.timeout(60_000);\n`;

controlTable("ABC-06", [
  { name: "a timeout beside a client never called bounds nothing psf can see: warn at the timeout", manifest: lim, files: CLIENT_ONLY, findings: ["warn@3"], messages: ["psf found no model call, agent run or agent loop in the 1 file it read: the 1 timeout site it found bounds nothing psf can see"] },
  { name: "tools and no timeout: warn at the manifest's timeout", manifest: lim, files: TOOL_ONLY, findings: ["warn@-"], messages: ["there is no run a timeout could be checked on"] },
  { name: "nothing of the agent read: the check adds nothing (the coverage error speaks)", manifest: lim, files: NOTHING, findings: [] },
]);

controlTable("ABC-03", [
  { name: "a client and no call, run or loop: no step bound checked, warn", manifest: lim, files: CLIENT_ONLY, findings: ["warn@-"], messages: ["no step bound could be checked against max_steps (20)"] },
  { name: "a single model call is one step: passes", manifest: lim, files: `import OpenAI from "openai";\nconst c = new OpenAI({ baseURL: process.env.LLM_GATEWAY_URL });\nexport const ask = () => c.chat.completions.create({ model: "m", messages: [] });\n`, findings: [] },
]);

controlTable("OOC-02", [
  { name: "tools and no loop, run or call: warn", files: TOOL_ONLY, findings: ["warn@-"], messages: ["psf found no agent loop, agent run or model call"] },
]);

controlTable("RSG-04", [
  { name: "tools and no model client, call or run: whether calls pass the gateway is not examined, warn", manifest: gw, files: TOOL_ONLY, findings: ["warn@-"], messages: ["whether the agent's model calls pass the gateway is not examined"] },
]);

controlTable("IAA-04", [
  { name: "a client never called, no run, no tool: warn", files: CLIENT_ONLY, findings: ["warn@-"], messages: ["whether the agent's calls are traced or audited could not be checked"] },
]);

controlTable("ABC-07", [
  { name: "tools and no model call or run: no decision on model output checked, warn", files: TOOL_ONLY, findings: ["warn@-"], messages: ["no decision taken on a model's output could be checked"] },
]);
