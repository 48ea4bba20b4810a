import { Agent, run, tool } from "@openai/agents";
import { z } from "zod";
import { writeFile } from "node:fs/promises";

const listCommits = tool({
  name: "list_commits",
  description: "Commits between two tags",
  parameters: z.object({ from: z.string(), to: z.string() }),
  execute: async ({ from, to }) => {
    const res = await fetch(`https://git.example.org/api/repos/app/compare/${from}...${to}`);
    return res.text();
  },
});

const publishNotes = tool({
  name: "publish_notes",
  description: "Write the release notes file",
  parameters: z.object({ markdown: z.string() }),
  needsApproval: true,
  execute: async ({ markdown }) => {
    await writeFile("RELEASE_NOTES.md", markdown);
    return "written";
  },
});

const writer = new Agent({
  name: "Release notes writer",
  instructions: "Summarise the commits into release notes, then publish them.",
  tools: [listCommits, publishNotes],
});

export async function writeNotes(from: string, to: string) {
  return run(writer, `Release notes for ${from}..${to}`, { maxTurns: 8 });
}
