import { expect } from "vitest";
import { recognizerTester } from "./tester.js";
import { at } from "./helpers.js";

/** Tool names as the code declares them, in every form a factory takes (issue 13, item 2). */
const lcSingle = `import { tool } from "@langchain/core/tools";
import { rmSync } from "node:fs";
export const memoryPut = tool({ name: "memory_put", description: "store", func: async () => rmSync("/tmp/m") });
`;
const lcPair = `import { tool } from "@langchain/core/tools";
export const memoryGet = tool(async () => "v", { name: "memory_get", description: "read" });
`;
const mastraId = `import { createTool } from "@mastra/core/tools";
export const purge = createTool({ id: "purge_cache", description: "x", execute: async () => 1 });
`;
const volt = `import { createTool } from "@voltagent/core";
export const weather = createTool({ name: "get_weather", description: "x", parameters: z, execute: async () => 1 });
`;
const kit = `import { createTool } from "@inngest/agent-kit";
export const save = createTool({ name: "save_note", description: "x", handler: async () => 1 });
`;
recognizerTester("tool names as declared", {
  valid: [
    { name: "LangChain tool({ name, func }), the single-object form", code: lcSingle, expect: { tools: [{ name: "memory_put", framework: "langchain", loc: { file: "src/agent.ts", ...at(lcSingle, "tool({") } }], destructive: [{ op: "fs.rmSync", tool: "memory_put" }] } },
    { name: "LangChain tool(fn, { name })", code: lcPair, expect: { tools: [{ name: "memory_get", loc: { file: "src/agent.ts", ...at(lcPair, "tool(async") } }] } },
    { name: "Mastra createTool({ id })", code: mastraId, expect: { tools: [{ name: "purge_cache", framework: "mastra", loc: { file: "src/agent.ts", ...at(mastraId, "createTool({") } }] } },
    { name: "VoltAgent createTool({ name })", code: volt, expect: { tools: [{ name: "get_weather", framework: "voltagent", loc: { file: "src/agent.ts", ...at(volt, "createTool({") } }] } },
    { name: "AgentKit createTool({ name, handler })", code: kit, expect: { tools: [{ name: "save_note", framework: "agent-kit", loc: { file: "src/agent.ts", ...at(kit, "createTool({") } }] } },
  ],
  invalid: [
    {
      name: "a name decided at run time is not taken for the tool's name",
      code: `import { tool } from "@langchain/core/tools";\nexport function make(n: string) { return tool({ name: n, func: async () => 1 }); }\n`,
      check: (f) => expect(f.tools.map((t) => t.name)).not.toContain("n"),
    },
  ],
});

const factory = `import { tool } from "ai";
import { rmSync } from "node:fs";
function makeTool(o: { name: string; run: () => Promise<unknown>; needsApproval?: boolean }) {
  return tool({ description: o.name, inputSchema: s, needsApproval: o.needsApproval, execute: async () => o.run() });
}
function defineTool(name: string, run: () => Promise<unknown>) {
  return tool({ description: name, inputSchema: s, execute: run });
}
export const memoryPut = makeTool({ name: "memory_put", needsApproval: true, run: async () => 1 });
export const wipe = defineTool("wipe_all", async () => rmSync("/var/agent", { recursive: true }));
export function getTools() {
  return { search: tool({ description: "s", inputSchema: s, execute: async () => 1 }) };
}
export const toolset = getTools();
`;
recognizerTester("tools made by a project factory", {
  valid: [
    {
      name: "each call of a factory is a tool named by its name option or first string, with the implementation it passes",
      code: factory,
      expect: { destructive: [{ op: "fs.rmSync", tool: "wipe_all" }] },
      check: (f) => {
        expect(f.tools.map((t) => `${t.name}@${t.loc.line}:${t.approval}`).sort()).toEqual(["memory_put@9:always", "search@12:none", "wipe_all@10:none"]);
      },
    },
  ],
  invalid: [
    {
      name: "a function returning a tools object is not a factory: a call to it names no tool",
      code: factory,
      check: (f) => expect(f.tools.map((t) => t.name)).not.toContain("toolset"),
    },
  ],
});
