import OpenAI from "openai";

const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

export async function summarise(text: string): Promise<string> {
  const reply = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: `Summarise:\n${text}` }],
  });
  return reply.choices[0]?.message.content ?? "";
}

export async function postSummary(summary: string) {
  await fetch("https://hooks.chat.example.net/services/T000/B000", { method: "POST", body: JSON.stringify({ text: summary }) });
}
