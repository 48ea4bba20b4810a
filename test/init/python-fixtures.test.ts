import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseManifest } from "../../src/manifest/load.js";
import type { Manifest } from "../../src/manifest/types.js";
import { psf, repoRoot } from "../helpers.js";

// `psf init --yes` on every Python fixture with its psf.yaml removed (issue 12, item 3): the manifest it
// writes validates, names what a reader of the fixture's code would name, and `psf assess` runs on it.

const python = path.join(repoRoot, "fixtures", "python");
const frameworks = path.join(python, "frameworks");

/** Every Python fixture project there is: new framework fixtures are covered when they land. */
const fixtures = [
  ...["dn42-scanner", "governed-scanner"].filter((n) => existsSync(path.join(python, n))),
  ...(existsSync(frameworks) ? readdirSync(frameworks).sort().flatMap((fw) => ["governed", "ungoverned"].filter((v) => existsSync(path.join(frameworks, fw, v))).map((v) => `frameworks/${fw}/${v}`)) : []),
];

interface Expectation {
  /** Frameworks the summary names (as psf spells them), with the pinned version where a dependency manifest gives one. */
  frameworks: string[];
  tools: { name: string; access: string; requires_approval?: boolean }[];
  /** A word of why each tool has its access (the comment beside it), where the body says. */
  toolWhy?: Record<string, RegExp>;
  hosts: string[];
  urlEnv?: string;
  keyEnv?: string;
  maxSteps?: number;
  timeout?: string;
  controlTests?: string[];
  /** Text the written file must contain. */
  contains?: string[];
}

// Read off each fixture's code, not off psf's output.
const SCANNER_TOOLS = [
  // run_tool's cleanup_cache branch calls shutil.rmtree; write_report writes a file under reports/; lookup_asn reads the registry.
  { name: "cleanup_cache", access: "destructive", requires_approval: true },
  { name: "lookup_asn", access: "read" },
  { name: "write_report", access: "write", requires_approval: true },
];
const GATEWAY = { urlEnv: "LLM_GATEWAY_URL", keyEnv: "LLM_GATEWAY_KEY" };
const OPENAI = "https://api.openai.com";

const EXPECTED: Record<string, Expectation> = {
  // Two OpenAI() clients with no base_url (the SDK's api.openai.com), requests.get to the registry and the explorer, while True loops.
  "dn42-scanner": {
    frameworks: ["openai 3.51.0"],
    tools: SCANNER_TOOLS,
    toolWhy: { cleanup_cache: /shutil\.rmtree/, write_report: /its body writes \(Path\.mkdir/, lookup_asn: /only writes files \(os\.makedirs/ },
    hosts: [OPENAI, "https://explorer.dn42.example", "https://registry.dn42.example"],
    contains: [`add control_tests: ["tests/controls/test_*.py"]`],
  },
  // AsyncOpenAI(base_url=LLM_GATEWAY_URL), httpx to the orchestrator and the collector, `for step in range(MAX_STEPS)` with MAX_STEPS = 40, a 2h scoped timeout, pytest files under tests/controls.
  "governed-scanner": {
    frameworks: ["openai 3.51.0"],
    tools: SCANNER_TOOLS,
    toolWhy: { cleanup_cache: /shutil\.rmtree/ },
    hosts: ["http://orchestrator.internal:8080", "http://otel-collector.internal:4318", "https://registry.dn42.example"],
    ...GATEWAY,
    maxSteps: 40,
    timeout: "2h",
    controlTests: ["tests/**/test_*.py"],
  },
  // agent.run(max_steps=8) in asyncio.timeout(1800), ChatOpenAI(base_url=LLM_GATEWAY_URL); an @tools.action that only GETs the
  // status API; the browser kept to allowed_domains=["https://status.example.org"].
  "frameworks/browser-use/governed": { frameworks: ["browser-use"], tools: [{ name: "open_incident_count", access: "read" }], hosts: ["https://status.example.org"], ...GATEWAY, maxSteps: 8, timeout: "30m" },
  // run_sync() with no max_steps (the default is not a declaration), ChatGoogle to Google's API, an @controller.action that calls os.remove.
  "frameworks/browser-use/ungoverned": { frameworks: ["browser-use"], tools: [{ name: "close_ticket", access: "destructive", requires_approval: true }], toolWhy: { close_ticket: /os\.remove/ }, hosts: ["https://generativelanguage.googleapis.com"] },
  // invoke_async(limits={"turns": 8}) in asyncio.timeout(1800), OpenAIModel(client_args={"base_url": LLM_GATEWAY_URL}); one @tool that
  // GETs the status API, one that POSTs to it after tool_context.interrupt(…).
  "frameworks/strands/governed": { frameworks: ["strands"], tools: [{ name: "close_incident", access: "write", requires_approval: true }, { name: "open_incident_count", access: "read" }], toolWhy: { close_incident: /httpx\.post/ }, hosts: ["https://status.example.org"], ...GATEWAY, maxSteps: 8, timeout: "30m" },
  // agent(task) with no limits (no bound to copy), the default BedrockModel, an @tool that calls os.remove, strands_tools shell.
  "frameworks/strands/ungoverned": { frameworks: ["strands"], tools: [{ name: "delete_ticket", access: "destructive", requires_approval: true }, { name: "shell", access: "destructive", requires_approval: true }], toolWhy: { delete_ticket: /os\.remove/, shell: /shell commands/ }, hosts: ["https://bedrock-runtime.us-west-2.amazonaws.com"] },
  // Agent(tool_call_limit=MAX_STEPS (10)) streamed in asyncio.timeout(1800), OpenAIChat(base_url=LLM_GATEWAY_URL); lookup_order only GETs
  // the orders API, refund_order POSTs a refund behind @tool(requires_confirmation=True).
  "frameworks/agno/governed": { frameworks: ["agno"], tools: [{ name: "lookup_order", access: "read" }, { name: "refund_order", access: "write", requires_approval: true }], hosts: ["https://orders.example.org"], ...GATEWAY, maxSteps: 10, timeout: "30m" },
  // No tool_call_limit (nothing to copy), Claude with no base URL, a function tool that only reads a file, one that calls os.remove, and ShellTools.
  "frameworks/agno/ungoverned": { frameworks: ["agno"], tools: [{ name: "close_ticket", access: "destructive", requires_approval: true }, { name: "read_ticket", access: "read" }, { name: "run_shell_command", access: "destructive", requires_approval: true }], toolWhy: { close_ticket: /os\.remove/ }, hosts: ["https://api.anthropic.com"] },
  // OpenAIChatClient(base_url=LLM_GATEWAY_URL, function_invocation_configuration={"max_iterations": MAX_STEPS (10)}) in asyncio.timeout(1800);
  // lookup_invoice only GETs the billing API, void_invoice POSTs a void behind @tool(approval_mode="always_require").
  "frameworks/agent-framework/governed": { frameworks: ["agent-framework"], tools: [{ name: "lookup_invoice", access: "read" }, { name: "void_invoice", access: "write", requires_approval: true }], hosts: ["https://billing.example.org"], ...GATEWAY, maxSteps: 10, timeout: "30m" },
  // The client's default max_iterations (nothing to copy), OpenAIChatClient with no base URL, a function tool that calls os.remove.
  "frameworks/agent-framework/ungoverned": { frameworks: ["agent-framework"], tools: [{ name: "delete_report", access: "destructive", requires_approval: true }], toolWhy: { delete_report: /os\.remove/ }, hosts: ["https://api.openai.com"] },
  // max_turns=8 in asyncio.timeout(1800), env ANTHROPIC_BASE_URL from LLM_GATEWAY_URL; tools=["Read", "Grep", "Glob"] leaves out
  // every acting built-in; the @tool close_ticket POSTs to the ticket API.
  "frameworks/claude-agent-sdk/governed": { frameworks: ["claude-agent-sdk"], tools: [{ name: "close_ticket", access: "write", requires_approval: true }], toolWhy: { close_ticket: /httpx\.post/ }, hosts: ["https://tickets.example.org"], ...GATEWAY, maxSteps: 8, timeout: "30m" },
  // No tools option: Claude Code's default set, Bash and the file-editing tools among it; no max_turns (no limit to copy), no env.
  "frameworks/claude-agent-sdk/ungoverned": { frameworks: ["claude-agent-sdk"], tools: [{ name: "Bash", access: "destructive", requires_approval: true }, { name: "Edit", access: "write", requires_approval: true }, { name: "NotebookEdit", access: "write", requires_approval: true }, { name: "Write", access: "write", requires_approval: true }], toolWhy: { Bash: /shell command/ }, hosts: ["https://api.anthropic.com"] },
  // dspy.ReAct(max_iters=8) run as a task in asyncio.timeout(1800), dspy.LM(api_base=LLM_GATEWAY_URL); lookup_order only GETs,
  // refund (dspy.Tool(…, name="refund_order")) POSTs a refund once require_approval says yes.
  "frameworks/dspy/governed": { frameworks: ["dspy"], tools: [{ name: "lookup_order", access: "read" }, { name: "refund_order", access: "write", requires_approval: true }], hosts: ["https://orders.example.org"], ...GATEWAY, maxSteps: 8, timeout: "30m" },
  // ReAct with DSPy's default max_iters (nothing to copy), dspy.LM("anthropic/…") with no api_base, a tool that calls os.remove.
  "frameworks/dspy/ungoverned": { frameworks: ["dspy"], tools: [{ name: "close_ticket", access: "destructive", requires_approval: true }, { name: "list_tickets", access: "read" }, { name: "read_ticket", access: "read" }], toolWhy: { close_ticket: /os\.remove/ }, hosts: ["https://api.anthropic.com"] },
  // MaxMessageTermination(10) on the team, asyncio.wait_for(…, timeout=1800); the client reads the gateway variables.
  "frameworks/autogen/governed": { frameworks: ["autogen"], tools: [], hosts: [], ...GATEWAY, maxSteps: 10, timeout: "30m" },
  // A team with no termination condition: no bound to copy; OpenAIChatCompletionClient without base_url.
  "frameworks/autogen/ungoverned": { frameworks: ["autogen"], tools: [], hosts: [OPENAI] },
  // Agent(max_iter=MAX_STEPS (10), max_execution_time=1800), LLM(base_url=LLM_GATEWAY_URL).
  "frameworks/crewai/governed": { frameworks: ["crewai"], tools: [], hosts: [], ...GATEWAY, maxSteps: 10, timeout: "30m" },
  // llm="openai/gpt-4o": CrewAI calls OpenAI directly.
  "frameworks/crewai/ungoverned": { frameworks: ["crewai"], tools: [], hosts: [OPENAI] },
  // invoke(config={"recursion_limit": MAX_STEPS}) with MAX_STEPS = 10; ChatOpenAI from langchain_openai.
  "frameworks/langgraph/governed": { frameworks: ["langchain", "langgraph"], tools: [], hosts: [], ...GATEWAY, maxSteps: 10, timeout: "30m" },
  "frameworks/langgraph/ungoverned": { frameworks: ["langchain", "langgraph"], tools: [], hosts: [OPENAI] },
  // Runner.run(max_turns=MAX_TURNS) with MAX_TURNS = 10, set_default_openai_client(AsyncOpenAI(base_url=LLM_GATEWAY_URL)).
  // Tracing stays on, so every run's trace goes to OpenAI's trace endpoint: that host is on the allowlist.
  "frameworks/openai-agents/governed": { frameworks: ["openai", "openai-agents"], tools: [], hosts: [OPENAI], ...GATEWAY, maxSteps: 10, timeout: "30m" },
  // Runner.run(max_turns=50) and the default client.
  "frameworks/openai-agents/ungoverned": { frameworks: ["openai", "openai-agents"], tools: [], hosts: [OPENAI], maxSteps: 50 },
  // UsageLimits(request_limit=10), a provider over AsyncOpenAI(base_url=LLM_GATEWAY_URL).
  "frameworks/pydantic-ai/governed": { frameworks: ["openai", "pydantic-ai"], tools: [], hosts: [], ...GATEWAY, maxSteps: 10, timeout: "30m" },
  // request_limit=None (unbounded: nothing to copy), Agent("openai:gpt-4o").
  "frameworks/pydantic-ai/ungoverned": { frameworks: ["pydantic-ai"], tools: [], hosts: [OPENAI] },
  // ToolCallingAgent(max_steps=8), LiteLLMModel(api_base=LLM_GATEWAY_URL).
  "frameworks/smolagents/governed": { frameworks: ["smolagents"], tools: [], hosts: [], ...GATEWAY, maxSteps: 8, timeout: "30m" },
  // CodeAgent with no max_steps (the default is not a declaration), LiteLLMModel without api_base.
  "frameworks/smolagents/ungoverned": { frameworks: ["smolagents"], tools: [], hosts: [OPENAI] },
};

/** For a fixture with no row yet: the framework its folder is named after, as psf spells it. */
const FOLDER_FRAMEWORK: Record<string, string> = { ag2: "autogen", "llama-index": "llamaindex", llamaindex: "llamaindex", adk: "google-adk", "google-adk": "google-adk" };

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** The fixture copied to a temp folder of the same name (init names the deployment after it), psf.yaml removed. */
function copyWithoutManifest(rel: string): string {
  const parent = mkdtempSync(path.join(tmpdir(), "psf-pyinit-"));
  made.push(parent);
  const dir = path.join(parent, path.basename(rel));
  cpSync(path.join(python, rel), dir, { recursive: true });
  rmSync(path.join(dir, "psf.yaml"), { force: true });
  return dir;
}

const summaryLine = (text: string, key: string) => new RegExp(`^#\\s+${key}: (.*)$`, "m").exec(text)?.[1] ?? "";

describe("psf init --yes on each Python fixture, its psf.yaml removed", () => {
  it("finds the fixtures", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(14);
  });

  for (const rel of fixtures) {
    it(rel, () => {
      const dir = copyWithoutManifest(rel);
      const r = psf(["init", "--yes", dir]);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.code, r.stderr).toBe(0);
      const file = path.join(dir, "psf.yaml");
      const text = readFileSync(file, "utf8");
      const m: Manifest = parseManifest(Buffer.from(text), file, "psf.yaml").value;
      expect(m.deployment.name).toBe(path.basename(rel));

      const named = summaryLine(text, "frameworks");
      const want = EXPECTED[rel];
      if (want) {
        for (const f of want.frameworks) expect(named, `frameworks: ${named}`).toMatch(new RegExp(`(^|; )${f.replace(/\./g, "\\.")} \\(`));
        expect(named.split("; ").length, `frameworks: ${named}`).toBe(want.frameworks.length);
        expect(m.boundaries?.tools ?? []).toEqual(want.tools);
        for (const [tool, why] of Object.entries(want.toolWhy ?? {})) expect(new RegExp(`\\{name: ${tool},.*# (.*)$`, "m").exec(text)?.[1]).toMatch(why);
        expect(m.boundaries?.endpoints?.allow).toEqual(want.hosts);
        expect(m.spend?.enforcement?.gateway?.url_env).toBe(want.urlEnv);
        expect(m.spend?.enforcement?.gateway?.key_env).toBe(want.keyEnv);
        // The summary init prints says where the gateway was found, or names none.
        expect(summaryLine(text, "gateway")).toBe(want.urlEnv ? `kind not named in the code, URL from ${want.urlEnv}, key from ${want.keyEnv}` : "");
        expect(m.boundaries?.limits?.max_steps).toBe(want.maxSteps);
        expect(m.boundaries?.limits?.timeout).toBe(want.timeout);
        expect(m.readiness?.control_tests).toEqual(want.controlTests);
        for (const s of want.contains ?? []) expect(text).toContain(s);
      } else {
        // A fixture added after this table: at least its own framework, and the gateway variables its own manifest declares.
        const fw = rel.split("/")[1]!;
        expect(named).toMatch(new RegExp(`(^|; )${FOLDER_FRAMEWORK[fw] ?? fw}[ (]`));
        const own = parse(readFileSync(path.join(python, rel, "psf.yaml"), "utf8")) as Manifest;
        expect(m.spend?.enforcement?.gateway?.url_env).toBe(own.spend?.enforcement?.gateway?.url_env);
      }
      // Nothing a person must decide is claimed for them.
      expect(m.spend?.ceiling).toBeUndefined();
      expect(m.spend?.enforcement?.on_exceed).toBeUndefined();

      const a = psf(["assess", dir]);
      expect(a.stderr).toBe("");
      expect([0, 1], a.stdout.slice(0, 2000)).toContain(a.code);
    });
  }
});
