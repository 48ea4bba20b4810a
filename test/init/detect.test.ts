import { describe, expect, it } from "vitest";
import type { Facts, ToolDef } from "../../src/facts/types.js";
import { factsToDetected, testGlobs } from "../../src/init/detect.js";
import { allowEntry } from "../../src/facts/hosts.js";
import { checkContact, checkContacts, checkDuration, checkName, checkPositiveMoney, checkUrl, slugify } from "../../src/init/answers.js";

const loc = (file: string, line: number) => ({ file, line, column: 1 });
const emptyFacts = (): Facts => ({
  files: ["src/a.ts"],
  parseErrors: [],
  modelClients: [],
  modelCalls: [],
  agentRuns: [],
  tools: [],
  approvals: [],
  loops: [],
  queues: [],
  recursion: [],
  urls: [],
  envReads: [],
  secrets: [],
  destructive: [],
  timeouts: [],
  modelGuards: [],
  tracing: {},
});
const tool = (name: string, line: number, approval: ToolDef["approval"] = "none"): ToolDef => ({ name, loc: loc("src/tools.ts", line), framework: "vercel-ai", approval, audited: false });

describe("Facts → Detected (the only code that knows the Facts shape)", () => {
  it("without facts: frameworks from package.json only, and says so", () => {
    const d = factsToDetected(undefined, { name: "x", dependencies: { ai: "5", "@langchain/langgraph": "1", "@langchain/openai": "1", "left-pad": "1" }, devDependencies: { "@mastra/core": "0.1" } });
    expect(d.analysed).toBe(false);
    expect(d.frameworks.map((f) => f.name)).toEqual(["langchain", "langgraph", "mastra", "vercel-ai"]);
    expect(d.notes.join(" ")).toMatch(/source analysis is not available.*package\.json only/);
    expect(d.tools).toEqual([]);
  });

  it("says when psf read nothing of the agent, and that assess will call each source control an error", () => {
    const none = factsToDetected(emptyFacts(), { name: "x" });
    expect(none.notes.join(" ")).toMatch(/psf read no agent run, model call, model client or tool in the 1 source file: .*each source control as an error/);
    const f = emptyFacts();
    f.tools = [tool("lookup_user", 4)];
    expect(factsToDetected(f, { name: "x" }).notes.join(" ")).not.toMatch(/psf read no agent run/);
  });

  it("tool access from the operations in their bodies, then from their names; approval for anything that is not a read", () => {
    const f = emptyFacts();
    f.tools = [tool("sync_inventory", 3), tool("purge", 10), tool("get_price", 20), tool("buy_credits", 30), tool("lookup_user", 40, "always"), tool("sync_inventory", 50)];
    f.destructive = [{ loc: loc("src/tools.ts", 12), op: "fs.rmSync", tool: "purge" }, { loc: loc("src/tools.ts", 5), op: "SQL DELETE FROM", tool: "sync_inventory" }];
    const d = factsToDetected(f, undefined);
    expect(d.tools.map((t) => [t.name, t.access, t.requiresApproval])).toEqual([
      ["buy_credits", "spend", true],
      ["get_price", "read", false],
      ["lookup_user", "read", true],
      ["purge", "destructive", true],
      ["sync_inventory", "destructive", true],
    ]);
    expect(d.tools.find((t) => t.name === "purge")?.why).toContain("fs.rmSync (src/tools.ts:12)");
  });

  it("hosts: origins of literal and prefixed URLs and of direct provider clients, deduplicated and sorted; env reads only via their fallback", () => {
    const f = emptyFacts();
    f.urls = [
      { loc: loc("a.ts", 1), api: "fetch", url: { kind: "prefix", prefix: "https://registry.example/api/", text: "`${R}/x`" } },
      { loc: loc("a.ts", 2), api: "fetch", url: { kind: "literal", text: "https://registry.example/other" } },
      { loc: loc("a.ts", 3), api: "fetch", url: { kind: "env", name: "HOOK_URL", fallback: "http://hooks.internal:9000/x" } },
      { loc: loc("a.ts", 4), api: "fetch", url: { kind: "env", name: "OTHER_URL" } },
      { loc: loc("a.ts", 5), api: "fetch", url: { kind: "dynamic", text: "u", reason: "parameter" } },
      { loc: loc("a.ts", 6), api: "fetch", url: { kind: "literal", text: "file:///etc/passwd" } },
    ];
    f.modelClients = [
      { loc: loc("g.ts", 1), framework: "openai", provider: "openai", api: "new OpenAI", baseURL: { kind: "absent" }, envDefault: "OPENAI_BASE_URL", defaultHost: "https://api.openai.com/v1", traced: false },
      { loc: loc("g.ts", 2), framework: "vercel-ai", provider: "openai", api: "createOpenAI", baseURL: { kind: "env", name: "LLM_GATEWAY_URL" }, apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" }, traced: false },
      { loc: loc("g.ts", 3), framework: "vercel-ai", provider: "openai", api: "createOpenAI", baseURL: { kind: "env", name: "LLM_GATEWAY_URL", fallback: "http://gw.internal:4000" }, apiKey: { kind: "env", name: "LLM_GATEWAY_KEY" }, traced: false },
    ];
    const d = factsToDetected(f, undefined);
    expect(d.hosts).toEqual(["http://gw.internal:4000", "http://hooks.internal:9000", "https://api.openai.com", "https://registry.example"]);
    expect(d.gateway).toEqual({ urlEnv: "LLM_GATEWAY_URL", url: "http://gw.internal:4000", keyEnv: "LLM_GATEWAY_KEY" });
    expect(d.frameworks.map((x) => x.name)).toEqual(["openai", "vercel-ai"]);
  });

  it("limits the source already sets", () => {
    const f = emptyFacts();
    f.agentRuns = [
      { loc: loc("a.ts", 1), framework: "vercel-ai", api: "generateText", bound: { kind: "literal", value: 30 }, signal: true, timeout: { ms: 5_400_000, loc: loc("a.ts", 2) }, telemetry: false, audited: false, tools: [] },
      { loc: loc("a.ts", 9), framework: "vercel-ai", api: "generateText", bound: { kind: "default", value: 20, name: "x", source: "y" }, signal: false, telemetry: false, audited: false, tools: [] },
    ];
    const d = factsToDetected(f, undefined);
    expect(d.maxSteps).toBe(30);
    expect(d.timeoutSeconds).toBe(5400);
  });

  it("test files → one glob per top folder and suffix", () => {
    expect(testGlobs(["test/a.test.ts", "test/x/b.test.ts", "src/c.spec.js", "d.test.mjs", "lib/__tests__/e.ts"])).toEqual(["**/__tests__/**/*.ts", "*.test.mjs", "src/**/*.spec.js", "test/**/*.test.ts"]);
  });

  it("allow entries are origins of http(s)/ws(s) URLs only", () => {
    expect(allowEntry("https://a.example:8443/x?y")).toBe("https://a.example:8443");
    expect(allowEntry("ftp://a.example")).toBeUndefined();
    expect(allowEntry("not a url")).toBeUndefined();
  });
});

describe("answer validation: true, or the reason shown before asking again", () => {
  it.each([
    [checkContact, "alice@example.net", true],
    [checkContact, "slack:#agent-ops", true],
    [checkContact, "alice@", /not an e-mail address/],
    [checkContact, "alice", /neither an e-mail address nor <kind>:<target>/],
    [checkContact, "", /required/],
    [checkContacts, "a@b.co, slack:#x", true],
    [checkContacts, "a@b.co, nobody", /"nobody" is neither/],
    [checkPositiveMoney, "200", true],
    [checkPositiveMoney, "49.50", true],
    [checkPositiveMoney, "0", /more than 0/],
    [checkPositiveMoney, "-5", /not an amount/],
    [checkPositiveMoney, "lots", /not an amount/],
    [checkDuration, "2h", true],
    [checkDuration, "2 hours", /not a duration/],
    [checkDuration, "0m", /longer than 0/],
    [checkName, "my-agent", true],
    [checkName, "My Agent", /lower-case/],
    [checkUrl, "http://llm-gateway.internal:4000", true],
    [checkUrl, "llm-gateway:4000", /not a URL/],
  ] as const)("%o(%s)", (check, value, want) => {
    const got = check(value);
    if (want === true) expect(got).toBe(true);
    else expect(got).toMatch(want);
  });

  it("slugify makes a deployment name from a package name", () => {
    expect(slugify("@acme/Ticket Triage")).toBe("acme-ticket-triage");
    expect(slugify("___")).toBe("agent");
  });
});
