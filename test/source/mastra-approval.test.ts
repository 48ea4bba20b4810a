import { controlTable } from "./table.js";

// Mastra's agent-level approval: `requireToolApproval: true` on agent.stream/generate suspends every
// tool call of that run until approveToolCall/declineToolCall (Mastra 1.x, "Agent approval").
const declared = { boundaries: { tools: [{ name: "delete-record", access: "destructive" as const, requires_approval: true }] } };
const agentFile = (runs: string, extra = "") => `import { Agent } from "@mastra/core/agent";
import { createTool } from "@mastra/core/tools";
${extra}
const deleteRecord = createTool({
  id: "delete-record",
  description: "Delete a record by id",
  execute: async () => ({ deleted: true }),
});
export const agent = new Agent({ name: "records", instructions: "i", model: "openai/gpt-4o", tools: { deleteRecord } });
${runs}`;

controlTable("OOC-03", [
  { name: "every run with requireToolApproval: true covers the agent's tools", manifest: declared, files: agentFile(`await agent.stream("x", { maxSteps: 5, requireToolApproval: true });\nawait agent.generate("y", { maxSteps: 5, requireToolApproval: true });\n`), findings: [] },
  { name: "one run without it leaves the tool unapproved, at the tool", manifest: declared, files: agentFile(`await agent.stream("x", { maxSteps: 5, requireToolApproval: true });\nawait agent.generate("y", { maxSteps: 5 });\n`), findings: ["fail@4"], messages: ["tool delete-record"] },
  { name: "the Agent's defaultOptions.requireToolApproval counts for a call that does not override it", manifest: declared, files: agentFile(`await agent.stream("x", { maxSteps: 5 });\n`).replace(`tools: { deleteRecord } });`, `tools: { deleteRecord }, defaultOptions: { requireToolApproval: true } });`), findings: [] },
  { name: "requireToolApproval: false is no approval", manifest: declared, files: agentFile(`await agent.stream("x", { maxSteps: 5, requireToolApproval: false });\n`), findings: ["fail@4"] },
  { name: "an agent also served by the Mastra server is not covered by its in-code runs (HTTP callers choose the option)", manifest: declared, files: agentFile(`await agent.stream("x", { maxSteps: 5, requireToolApproval: true });\nexport const mastra = new Mastra({ agents: { agent } });\n`, `import { Mastra } from "@mastra/core/mastra";`), findings: ["fail@4"] },
  { name: "the option covers only that agent's tools", manifest: { boundaries: { tools: [...declared.boundaries.tools, { name: "purge-all", access: "destructive" as const, requires_approval: true }] } }, files: agentFile(`await agent.stream("x", { maxSteps: 5, requireToolApproval: true });\nconst purge = createTool({ id: "purge-all", description: "d", execute: async () => 1 });\nexport const other = new Agent({ name: "o", instructions: "i", model: "openai/gpt-4o", tools: { purge } });\nawait other.stream("x", { maxSteps: 5 });\n`), findings: ["fail@11"], messages: ["purge-all"] },
]);
