import { createOpenAI } from "@ai-sdk/openai";
import { generateText, stepCountIs, tool } from "ai";
import { z } from "zod";
import { unlink } from "node:fs/promises";

const gateway = createOpenAI({
  baseURL: process.env.TRIAGE_GATEWAY_URL,
  apiKey: process.env.TRIAGE_GATEWAY_KEY,
});

const TRACKER = "https://tracker.acme.example/api/v2";

export const tools = {
  lookup_ticket: tool({
    description: "Read one ticket",
    inputSchema: z.object({ id: z.string() }),
    execute: async ({ id }) => (await fetch(`${TRACKER}/tickets/${id}`)).json(),
  }),
  close_ticket: tool({
    description: "Close a ticket as resolved",
    inputSchema: z.object({ id: z.string() }),
    needsApproval: true,
    execute: async ({ id }) => (await fetch(`${TRACKER}/tickets/${id}/close`, { method: "POST" })).json(),
  }),
  purge_attachments: tool({
    description: "Delete a ticket's cached attachments",
    inputSchema: z.object({ path: z.string() }),
    execute: async ({ path }) => {
      await unlink(path);
      return "deleted";
    },
  }),
};

export async function triage(queue: string) {
  return generateText({
    model: gateway("gpt-4o-mini"),
    tools,
    stopWhen: stepCountIs(12),
    abortSignal: AbortSignal.timeout(600_000),
    prompt: `Triage the open tickets in queue ${queue}.`,
  });
}
