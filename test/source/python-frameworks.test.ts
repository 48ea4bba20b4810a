// Python framework defaults follow the version the project pins (ABC-03 over whole projects).
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { MINIMAL, project } from "../helpers.js";

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const GRAPH = `from langgraph.graph import StateGraph\ngraph = StateGraph(dict).compile()\ndef run(q):\n    return graph.invoke({"q": q})\n`;
const MANIFEST = `${MINIMAL}boundaries:\n  limits:\n    max_steps: 40\n`;

describe("LangGraph (Python) recursion_limit default by pinned version", () => {
  it.each([
    ["requirements.txt", "langgraph==1.1.4\n", "fail", 10007],
    ["requirements.txt", "langgraph==1.0.7\n", "fail", 10000],
    ["requirements.txt", "langgraph==0.2.60\n", "warn", 25],
    ["requirements.txt", "langgraph>=0.2\n", "fail", 10007],
    ["uv.lock", `version = 1\n\n[[package]]\nname = "langgraph"\nversion = "0.6.3"\n`, "warn", 25],
  ] as const)("%s %j → ABC-03 %s naming %i", async (file, pin, level, value) => {
    const dir = project({ "psf.yaml": MANIFEST, "agent.py": GRAPH, [file]: pin });
    made.push(dir);
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    const f = r.controls.find((c) => c.id === "ABC-03")!.findings.find((x) => x.file === "agent.py")!;
    expect(f.level).toBe(level);
    expect(f.line).toBe(4);
    expect(f.message).toContain(`= ${value}`);
    if (level === "fail") expect(f.message).toContain("above max_steps 40");
    expect(f.fix).toContain(`config={"recursion_limit": 40}`);
  });
});

describe("Python framework fixtures", () => {
  // Every control with a source half: a governed fixture passes each of them outright, the pause
  // (OOC-02) included, through the pause form its framework documents.
  const SOURCE_CONTROLS = ["RSG-04", "RSG-05", "OOC-02", "OOC-03", "ABC-02", "ABC-03", "ABC-04", "ABC-06", "ABC-07", "ABC-08", "IAA-04"];
  const root = path.join(path.dirname(new URL(import.meta.url).pathname), "../../fixtures/python/frameworks");
  // What each ungoverned fixture gets wrong, beyond the step bound and the gateway every one of them misses.
  const UNGOVERNED: Record<string, string[]> = {
    langgraph: [], crewai: [], "openai-agents": [], "pydantic-ai": [], smolagents: ["ABC-08"], autogen: [],
    llamaindex: ["OOC-02", "IAA-04"], adk: ["OOC-02", "ABC-02", "IAA-04"], ag2: ["OOC-02", "ABC-08", "IAA-04"],
    "browser-use": ["OOC-02", "OOC-03", "ABC-02", "ABC-06", "IAA-04"],
    strands: ["OOC-02", "OOC-03", "ABC-06", "ABC-08", "IAA-04"],
    agno: ["OOC-02", "OOC-03", "ABC-06", "ABC-08", "IAA-04"],
    "agent-framework": ["OOC-02", "OOC-03", "ABC-06", "IAA-04"],
    "claude-agent-sdk": ["OOC-02", "OOC-03", "ABC-06", "IAA-04"],
    dspy: ["OOC-02", "OOC-03", "ABC-06", "IAA-04"],
  };
  // The pause form the OOC-02 fix names for each framework: one the pause recognizer accepts.
  const PAUSE_FIX: Record<string, string> = {
    langgraph: "graph.stream(…)", crewai: "@before_llm_call", "openai-agents": "result.cancel()", "pydantic-ai": "agent.iter(…)", smolagents: "agent.interrupt()",
    autogen: "ExternalTermination()", llamaindex: "handler.cancel_run()", adk: "runner.run_async(…)", ag2: "is_termination_msg",
    "browser-use": "register_should_stop_callback=",
    strands: "agent.cancel()",
    "claude-agent-sdk": "client.interrupt()",
    agno: "Agent.cancel_run(run_id)",
    "agent-framework": "MiddlewareTermination",
    dspy: "task.cancel()",
  };
  for (const fw of Object.keys(UNGOVERNED)) {
    it(`${fw}/ungoverned: the OOC-02 fix names ${PAUSE_FIX[fw]}`, async () => {
      const r = (await assessAsync(path.join(root, fw, "ungoverned"), { now: new Date("2026-11-28T00:00:00Z") })).report;
      const f = r.controls.find((c) => c.id === "OOC-02")!.findings.filter((x) => x.file?.endsWith(".py") && /pause or cancel signal/.test(x.message));
      expect(f.length, fw).toBeGreaterThan(0);
      for (const x of f) expect(x.fix).toContain(PAUSE_FIX[fw]);
    });
  }
  for (const fw of Object.keys(UNGOVERNED)) {
    it(`${fw}/governed passes every control with a source half`, async () => {
      const r = (await assessAsync(path.join(root, fw, "governed"), { now: new Date("2026-11-28T00:00:00Z") })).report;
      for (const id of SOURCE_CONTROLS) expect(r.controls.find((c) => c.id === id)!.status, `${fw} ${id}: ${JSON.stringify(r.controls.find((c) => c.id === id)!.findings)}`).toBe("pass");
      expect(r.coverage.packages.filter((p) => !p.recognized && p.kind !== "ui")).toEqual([]);
    });
    it(`${fw}/ungoverned fails ${["RSG-04", "ABC-03", ...UNGOVERNED[fw]!].join(", ")} at the source line`, async () => {
      const r = (await assessAsync(path.join(root, fw, "ungoverned"), { now: new Date("2026-11-28T00:00:00Z") })).report;
      for (const id of ["RSG-04", "ABC-03", ...UNGOVERNED[fw]!]) {
        const c = r.controls.find((x) => x.id === id)!;
        expect(c.findings.some((f) => f.level === "fail" && f.file?.endsWith(".py") && f.line! > 0), `${fw} ${id}: ${JSON.stringify(c.findings)}`).toBe(true);
      }
    });
  }
});

describe("CrewAI agents defined in config/agents.yaml next to a @CrewBase class", () => {
  const CREW = (extra = "", attr = "") => `from crewai import Agent\nfrom crewai.project import CrewBase, agent\n\n\n@CrewBase\nclass TriageCrew:\n${attr}    @agent\n    def triager(self) -> Agent:\n        return Agent(config=self.agents_config["triager"]${extra})\n`;
  const AGENTS = `triager:\n  role: >\n    Alert triager\n  goal: Group duplicate alerts\n  backstory: On call\n  llm: openai/gpt-4o\n  max_iter: 40\n  max_execution_time: 600\n  allow_code_execution: true\n  code_execution_mode: unsafe\n`;
  const MANIFEST_5 = `${MINIMAL}boundaries:\n  limits:\n    max_steps: 5\n    timeout: 30m\n`;
  const assessed = async (files: Record<string, string>) => {
    const dir = project({ "psf.yaml": MANIFEST_5, ...files });
    made.push(dir);
    return (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
  };
  const findings = (r: Awaited<ReturnType<typeof assessed>>, id: string) => r.controls.find((c) => c.id === id)!.findings.map((f) => `${f.level} ${f.file}:${f.line} ${f.message}`);

  it("max_iter, llm and unsafe code execution are read from the YAML, each at its line", async () => {
    const r = await assessed({ "crew/crew.py": CREW(), "crew/config/agents.yaml": AGENTS });
    expect(findings(r, "ABC-03")).toEqual(expect.arrayContaining([expect.stringMatching(/^fail crew\/config\/agents\.yaml:7 crewai\.Agent \(crewai\): bound 40 is above max_steps 5/)]));
    // The fix is the YAML key where the agent is defined, not a Python keyword.
    expect(r.controls.find((c) => c.id === "ABC-03")!.findings.find((f) => f.file === "crew/config/agents.yaml")?.fix).toBe("set `max_iter: 5` on this agent in crew/config/agents.yaml");
    expect(findings(r, "RSG-04")).toEqual(expect.arrayContaining([expect.stringMatching(/^fail crew\/config\/agents\.yaml:6 model "openai\/gpt-4o" \(CrewAI agent triager\)/)]));
    expect(findings(r, "ABC-08")).toEqual(expect.arrayContaining([expect.stringMatching(/^fail crew\/config\/agents\.yaml:9 CrewAI agent triager runs model-written code on this machine/)]));
    // max_execution_time: 600 is the run's wall clock.
    expect(findings(r, "ABC-06").filter((f) => f.includes("crew.py"))).toEqual([]);
  });

  it("an agent with no max_iter in the YAML keeps CrewAI's default of 25", async () => {
    const r = await assessed({ "crew/crew.py": CREW(), "crew/config/agents.yaml": "triager:\n  role: r\n  goal: g\n  backstory: b\n" });
    expect(findings(r, "ABC-03")).toEqual(expect.arrayContaining([expect.stringMatching(/^fail crew\/crew\.py:9 .*max_iter = 25/)]));
  });

  it("a setting given in the Python call wins over the YAML; agents_config may name another file", async () => {
    const r = await assessed({ "crew/crew.py": CREW(", max_iter=3", '    agents_config = "team/agents.yaml"\n\n'), "crew/team/agents.yaml": AGENTS });
    expect(findings(r, "ABC-03").filter((f) => f.includes("crew/"))).toEqual([]);
    expect(findings(r, "RSG-04")).toEqual(expect.arrayContaining([expect.stringMatching(/^fail crew\/team\/agents\.yaml:6 /)]));
  });

  it("an agents.yaml that does not parse is a syntax error at its line on every source control", async () => {
    const r = await assessed({ "crew/crew.py": CREW(), "crew/config/agents.yaml": "triager:\n  max_iter: [8\n" });
    for (const id of ["ABC-03", "RSG-04", "ABC-08"]) expect(findings(r, id)).toEqual(expect.arrayContaining([expect.stringMatching(/^warn crew\/config\/agents\.yaml:[23] crew\/config\/agents\.yaml has a syntax error \(CrewAI agent definitions: /)]));
  });
});

describe("AutoGen CodeExecutorAgent(approval_func=…) gates its local executor", () => {
  const M = `${MINIMAL}boundaries:\n  limits:\n    max_steps: 10\n`;
  // Each snippet builds its model client too: an agent in which psf read no run, call, client or tool
  // at all is not examined (every source control is an error, docs/coverage.md), whatever ABC-08 says.
  const CLIENT = 'from autogen_ext.models.openai import OpenAIChatCompletionClient\nmodel = OpenAIChatCompletionClient(model="gpt-4o", base_url="http://llm-gateway.internal:4000")\n';
  const agent = (approval: string, inline: boolean) =>
    `${CLIENT}from autogen_agentchat.agents import CodeExecutorAgent\nfrom autogen_ext.code_executors.local import LocalCommandLineCodeExecutor\n${inline ? "" : 'executor = LocalCommandLineCodeExecutor(work_dir="out")\n'}def ask(request):\n    return input("run it? ") == "y"\ncoder = CodeExecutorAgent("coder", code_executor=${inline ? 'LocalCommandLineCodeExecutor(work_dir="out")' : "executor"}${approval})\n`;
  const abc08 = async (code: string) => {
    const dir = project({ "psf.yaml": M, "agent.py": code });
    made.push(dir);
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    return r.controls.find((c) => c.id === "ABC-08")!;
  };
  it.each([
    ["no approval_func: the local executor fails ABC-08", "", false, ["fail"]],
    ["approval_func on an executor built earlier: gated, no finding", ", approval_func=ask", false, []],
    ["approval_func on an executor built inline: gated, no finding", ", approval_func=ask", true, []],
    ["approval_func=None is no approval", ", approval_func=None", false, ["fail"]],
  ])("%s", async (_name, approval, inline, levels) => {
    const c = await abc08(agent(approval, inline));
    expect(c.findings.map((f) => f.level)).toEqual(levels);
    if (!levels.length) expect(c.notes.join("\n")).toMatch(/LocalCommandLineCodeExecutor runs model-written code on this machine at agent\.py:\d+ runs only after the approval set at agent\.py:\d+/);
  });

  it.each([["after", ""], ["before", "first"]])("one agent's approval does not cover another agent using the same executor without one (unapproved agent %s)", async (_o, first) => {
    const reviewed = 'reviewed = CodeExecutorAgent("reviewed", code_executor=executor, approval_func=ask)\n';
    const unattended = 'unattended = CodeExecutorAgent("unattended", code_executor=executor)\n';
    const code = `${CLIENT}from autogen_agentchat.agents import CodeExecutorAgent\nfrom autogen_ext.code_executors.local import LocalCommandLineCodeExecutor\nexecutor = LocalCommandLineCodeExecutor(work_dir="out")\ndef ask(request):\n    return True\n${first ? unattended + reviewed : reviewed + unattended}`;
    expect((await abc08(code)).findings.map((f) => f.level)).toEqual(["fail"]);
  });
});

describe("autogen-core, the layer under AgentChat, is read", () => {
  const M = `${MINIMAL}spend:\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { url: "http://llm-gateway.internal:4000", url_env: LLM_GATEWAY_URL }\nboundaries:\n  tools:\n    - { name: refund_order, access: spend, requires_approval: true }\n  limits:\n    max_steps: 10\n`;
  const assessed = async (code: string) => {
    const dir = project({ "psf.yaml": M, "app.py": code });
    made.push(dir);
    return (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
  };
  const at = (r: Awaited<ReturnType<typeof assessed>>, id: string) => r.controls.find((c) => c.id === id)!.findings.map((f) => `${f.level} ${f.file}:${f.line} ${f.message}`);
  it("a model client loaded from a config picks its provider at run time: RSG-04 warns at it", async () => {
    const r = await assessed('import yaml\nfrom autogen_core.models import ChatCompletionClient\n\nconfig = yaml.safe_load(open("model_config.yaml"))\nclient = ChatCompletionClient.load_component(config)\n');
    expect(at(r, "RSG-04")).toEqual([expect.stringMatching(/^warn app\.py:5 ChatCompletionClient\.load_component \(model client from a config\)/)]);
    expect(JSON.stringify(r.controls)).not.toMatch(/imports autogen-core|runs on autogen-core/);
  });
  it("a FunctionTool is a tool named by name=, else its function: OOC-03 fails the spend tool with no approval at it", async () => {
    const r = await assessed('from autogen_core.tools import FunctionTool\n\n\ndef refund(order_id: str) -> str:\n    return order_id\n\n\nrefund_tool = FunctionTool(refund, description="refund an order", name="refund_order")\n');
    expect(at(r, "OOC-03")).toEqual(expect.arrayContaining([expect.stringMatching(/^fail app\.py:8 tool refund_order \(declared access spend\)/)]));
  });
});

describe("Google ADK: the functions and agents in an Agent's tools are its tools", () => {
  const M = `${MINIMAL}boundaries:\n  tools:\n    - { name: refund, access: spend, requires_approval: true }\n    - { name: process_payment, access: spend, requires_approval: true }\n  limits:\n    max_steps: 10\n`;
  const HEAD = 'from google.adk.agents import Agent\nfrom google.adk.tools import FunctionTool\nfrom google.adk.tools.agent_tool import AgentTool\n\n\ndef refund(order_id: str) -> dict:\n    return {"ok": order_id}\n\n\npayments = Agent(name="process_payment", model="gemini-2.5-flash", instruction="pay")\n';
  const ooc03 = async (tools: string) => {
    const dir = project({ "psf.yaml": M, "agent.py": `${HEAD}root_agent = Agent(\n    name="concierge",\n    model="gemini-2.5-flash",\n    tools=[${tools}],\n)\n` });
    made.push(dir);
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    return r.controls.find((c) => c.id === "OOC-03")!.findings.filter((f) => f.file === "agent.py").map((f) => `${f.level} ${f.line} ${f.message} | ${f.fix}`);
  };
  it("a bare function and an AgentTool with no confirmation fail, each at its place, with ADK's fix", async () => {
    const f = await ooc03("refund, AgentTool(agent=payments)");
    expect(f).toEqual(expect.arrayContaining([
      expect.stringMatching(/^fail 11 tool refund \(declared access spend\) .*FunctionTool\(func=refund, require_confirmation=True\)/),
      expect.stringMatching(/^fail 14 tool process_payment \(declared access spend\) .*an AgentTool has no confirmation option/),
    ]));
  });
  it("FunctionTool(func=refund, require_confirmation=True) passes", async () => {
    const f = await ooc03("FunctionTool(func=refund, require_confirmation=True)");
    expect(f.filter((x) => / refund /.test(x))).toEqual([]);
  });
});

describe("Google ADK deployed to Agent Engine", () => {
  const M = `${MINIMAL}boundaries:\n  limits:\n    max_steps: 10\n`;
  const AGENT = 'from google.adk.agents import Agent\n\n\ndef lookup(q: str) -> dict:\n    return {"q": q}\n\n\nroot_agent = Agent(name="helper", model="gemini-2.5-flash", tools=[lookup])\n';
  const RUNNER = 'from google.adk.agents.run_config import RunConfig\nfrom google.adk.runners import Runner\nfrom agent import root_agent\n\nrunner = Runner(agent=root_agent, app_name="a", session_service=None)\n\n\nasync def ask(msg):\n    async for e in runner.run_async(user_id="u", session_id="s", new_message=msg, run_config=RunConfig(max_llm_calls=5)):\n        yield e\n';
  const DEPLOY = (tracing: boolean) => `from vertexai.preview.reasoning_engines import AdkApp\nfrom agent import root_agent\n\napp = AdkApp(agent=root_agent${tracing ? ", enable_tracing=True" : ""})\n`;
  const report = async (files: Record<string, string>) => {
    const dir = project({ "psf.yaml": M, ...files });
    made.push(dir);
    return (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
  };
  const at = (r: Awaited<ReturnType<typeof report>>, id: string) => r.controls.find((c) => c.id === id)!.findings.map((f) => `${f.level} ${f.file}:${f.line} ${f.message}`);
  it("a Runner in the source does not hide the root_agent that AdkApp deploys: ABC-03 still judges ADK's default there", async () => {
    const r = await report({ "agent.py": AGENT, "serve.py": RUNNER, "deploy.py": DEPLOY(false) });
    expect(at(r, "ABC-03")).toEqual(expect.arrayContaining([expect.stringMatching(/^fail agent\.py:8 root_agent \(run by adk web \/ api_server \/ Agent Engine\).*500/)]));
  });
  it("with enable_tracing=True, the deployed agent's tools are traced (IAA-04 does not fail them)", async () => {
    const traced = await report({ "agent.py": AGENT, "deploy.py": DEPLOY(true) });
    expect(at(traced, "IAA-04").filter((f) => /tool lookup/.test(f))).toEqual([]);
    const untraced = await report({ "agent.py": AGENT, "deploy.py": DEPLOY(false) });
    expect(at(untraced, "IAA-04")).toEqual(expect.arrayContaining([expect.stringMatching(/tool lookup/)]));
  });
});

describe("Google ADK: a model string's RSG-04 fix is a LiteLlm model on the gateway", () => {
  it("names LiteLlm with the gateway's url_env and key_env, not base_url=", async () => {
    const M = `${MINIMAL}spend:\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { url: "http://llm-gateway.internal:4000", url_env: LLM_GATEWAY_URL, key_env: LLM_GATEWAY_KEY }\n`;
    const dir = project({ "psf.yaml": M, "agent.py": 'from google.adk.agents import Agent\n\nroot_agent = Agent(name="helper", model="gemini-2.5-flash")\n' });
    made.push(dir);
    const r = (await assessAsync(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") })).report;
    const fixes = r.controls.find((c) => c.id === "RSG-04")!.findings.map((f) => f.fix ?? "");
    expect(fixes).toEqual([expect.stringContaining('model=LiteLlm(model="openai/gemini-2.5-flash", api_base=os.environ["LLM_GATEWAY_URL"], api_key=os.environ["LLM_GATEWAY_KEY"])')]);
  });
});
