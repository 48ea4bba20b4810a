// A declared tool psf has no tool fact for, but which the code defines on a framework psf does not
// read (griptape in Python, BeeAI in TypeScript): OOC-03 points at the definition and says its approval
// wiring was not checked (a warn), instead of "found no tool of that name". When nothing of that name
// is in the code, the old message stays.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { loadPythonParser } from "../../src/facts/python/parser.js";
import { MINIMAL, project, removeProjects } from "../helpers.js";
import { controlTable } from "./table.js";

beforeAll(async () => {
  await loadPythonParser();
});
afterAll(removeProjects);

const manifest = (name: string, access = "write") => `${MINIMAL}boundaries:\n  tools:\n    - name: ${name}\n      access: ${access}\n      requires_approval: true\n`;

const WATCH_PY = [
  "from griptape.structures import Agent",
  "",
  "WATCHED: list[str] = []",
  "",
  "def add_to_watchlist(symbol: str) -> str:",
  '    """Remember a ticker for the user."""',
  "    WATCHED.append(symbol)",
  '    return "ok"',
  "",
  "desk = Agent(tools=[add_to_watchlist])",
  "",
].join("\n");

const BEEAI_AGENT = 'import { ReActAgent, DynamicTool } from "beeai-framework";\nexport const makeTool = (config: object) => new DynamicTool(config as never);\nexport const agent = (tools: unknown[]) => new ReActAgent({ tools });\n';
const BEEAI_TOOLS = [
  'import { makeTool } from "./agent.js";',
  "",
  "// processPayment charges the card on file.",
  "export const pay = makeTool(",
  "  {",
  "    name: 'processPayment',",
  '    description: "charge the card on file",',
  "    callback: async (input: { cents: number }) => ({ charged: input.cents }),",
  "  },",
  ");",
  "",
].join("\n");

const cases: { name: string; yaml: string; files: Record<string, string>; at: string; level: string; message: string; not?: RegExp }[] = [
  {
    name: "griptape: a def passed to an Agent, in the file that imports griptape",
    yaml: manifest("add_to_watchlist"),
    files: { "requirements.txt": "griptape==1.8.0\n", "agent/watch.py": WATCH_PY },
    at: "agent/watch.py:5",
    level: "warn",
    message: "tool add_to_watchlist (access write) is declared, and psf found it defined at agent/watch.py:5 (`def add_to_watchlist`), in code on griptape, which psf does not read: its approval wiring was not checked",
    not: /no tool of that name/,
  },
  {
    name: "BeeAI: a tool({ name: 'processPayment' }) made in a file that imports only the project's own agent.ts",
    yaml: manifest("processPayment", "spend"),
    files: { "package.json": JSON.stringify({ name: "shop", dependencies: { "beeai-framework": "0.1.0" } }), "src/agent.ts": BEEAI_AGENT, "src/tools.ts": BEEAI_TOOLS },
    at: "src/tools.ts:6",
    level: "warn",
    message: "tool processPayment (access spend) is declared, and psf found it defined at src/tools.ts:6 (`name: 'processPayment'`), in a project on beeai-framework, which psf does not read: its approval wiring was not checked",
    not: /no tool of that name/,
  },
  {
    name: "nothing of that name anywhere: the old message stays",
    yaml: manifest("close_account", "destructive"),
    files: { "requirements.txt": "griptape==1.8.0\n", "agent/watch.py": WATCH_PY },
    at: "psf.yaml:7",
    level: "warn",
    message: "tool close_account (access destructive) is declared but psf found no tool of that name in the code it read",
  },
  {
    name: "the name only in a docstring and a comment: the old message stays",
    yaml: manifest("close_account", "destructive"),
    files: { "requirements.txt": "griptape==1.8.0\n", "agent/watch.py": `"""Later:\n\ndef close_account(user):\n    ...\n"""\n# name="close_account"\n${WATCH_PY}` },
    at: "psf.yaml:7",
    level: "warn",
    message: "tool close_account (access destructive) is declared but psf found no tool of that name in the code it read",
  },
];

describe("OOC-03: a declared tool defined on a framework psf does not read", () => {
  it.each(cases)("$name", ({ yaml, files, at, level, message, not }) => {
    const dir = project({ "psf.yaml": yaml, ...files });
    const report = assess(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") }).report;
    const ooc = report.controls.find((c) => c.id === "OOC-03")!;
    expect(ooc.status).not.toBe("pass");
    const f = ooc.findings.find((x) => x.message.includes(message));
    expect(f, ooc.findings.map((x) => x.message).join("\n")).toBeDefined();
    expect(`${f!.file}:${f!.line}`).toBe(at);
    expect(f!.level).toBe(level);
    if (not) for (const x of ooc.findings) expect(x.message).not.toMatch(not);
  });
});

// Without an unrecognized framework: a function of that name psf read, but not as a tool of a framework it reads.
const declared = (name: string) => ({ boundaries: { tools: [{ name, access: "write" as const, requires_approval: true }] } });
controlTable("OOC-03", [
  {
    name: "a plain function of the declared name is pointed at, not 'no tool of that name'",
    manifest: declared("archive_ticket"),
    files: { "app/ops.py": "import json\n\n\nasync def archive_ticket(ticket_id: str) -> None:\n    print(json.dumps(ticket_id))\n" },
    findings: ["warn@4"],
    messages: ["tool archive_ticket (access write) is declared, and psf found it defined at app/ops.py:4 (`async def archive_ticket`), but psf found it given to no agent as a tool"],
  },
  {
    name: "a TypeScript function of the declared name",
    manifest: declared("archiveTicket"),
    files: { "src/ops.ts": "/** archiveTicket: see below. */\nexport async function archiveTicket(id: string): Promise<void> {\n  console.log(id);\n}\n" },
    findings: ["warn@2"],
    messages: ["found it defined at src/ops.ts:2 (`function archiveTicket`)"],
  },
  {
    name: "the name only in a string and a template literal: 'no tool of that name is defined' stays",
    manifest: declared("archiveTicket"),
    files: { "src/ops.ts": "export const a = 'function archiveTicket(';\nexport const b = `\nconst archiveTicket = 1;\nname: \"archiveTicket\"\n`;\n" },
    findings: ["warn@-"],
    messages: ["no tool of that name is defined in the source"],
  },
]);
