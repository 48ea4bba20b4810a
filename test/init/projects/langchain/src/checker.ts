import { ChatOpenAI } from "@langchain/openai";
import { tool } from "@langchain/core/tools";
import { z } from "zod";

const llm = new ChatOpenAI({
  model: "gpt-4o",
  apiKey: process.env.OPENAI_API_KEY,
  configuration: { baseURL: process.env.LLM_PROXY_URL },
});

export const getInvoice = tool(
  async ({ id }: { id: string }) => {
    const res = await fetch(`https://erp.example.com/invoices/${id}`);
    return res.text();
  },
  { name: "get_invoice", description: "Fetch one invoice", schema: z.object({ id: z.string() }) },
);

export async function check(id: string) {
  const withTools = llm.bindTools([getInvoice]);
  return withTools.invoke(`Check invoice ${id} for duplicate lines.`);
}
