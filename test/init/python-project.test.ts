import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../../src/manifest/load.js";
import type { Manifest } from "../../src/manifest/types.js";
import { excludeGlobs, testGlobs } from "../../src/init/detect.js";
import { project, psf } from "../helpers.js";

/** `psf init --yes` on a throwaway project: the written text, the manifest it validates to, and what init printed. */
function initYes(files: Record<string, string>): { dir: string; text: string; m: Manifest; stdout: string } {
  const dir = project(files);
  const r = psf(["init", "--yes", dir]);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code, r.stderr).toBe(0);
  const file = path.join(dir, "psf.yaml");
  const text = readFileSync(file, "utf8");
  return { dir, text, m: parseManifest(Buffer.from(text), file, "psf.yaml").value, stdout: r.stdout };
}

const frameworksLine = (text: string) => /^#\s+frameworks: (.*)$/m.exec(text)?.[1] ?? "";
const toolComment = (text: string, name: string) => new RegExp(`\\{name: ${name},.*# (.*)$`, "m").exec(text)?.[1] ?? "";

describe("psf init on a Python agent", () => {
  it("pytest files → one glob per top folder and name pattern", () => {
    expect(testGlobs(["tests/test_loop.py", "tests/unit/test_tools.py", "agent/llm_test.py"])).toEqual(["agent/**/*_test.py", "tests/**/test_*.py"]);
  });

  it.each([
    { files: ["tests/test_loop.py", "tests/helpers.py"], exclude: ["tests/**/*.py"] },
    { files: ["conftest.py", "tests/test_loop.py"], exclude: ["**/conftest.py", "tests/**/test_*.py"] },
    { files: ["pkg/tests/__init__.py", "pkg/tests/test_a.py", "agent/llm_test.py"], exclude: ["agent/**/*_test.py", "pkg/**/test_*.py", "pkg/tests/**/*.py"] },
  ])("test code that is not a test ($files) is left out of the agent too", ({ files, exclude }) => {
    expect(excludeGlobs(files)).toEqual(exclude);
  });

  it("detects the Python client, keeps the pytest files out of the agent's code, and lists them as control tests", () => {
    const dir = project({
      "agent/main.py": `import os\nfrom openai import OpenAI\nclient = OpenAI(base_url=os.environ["LLM_GATEWAY_URL"])\n`,
      "tests/test_main.py": `import shutil\n\ndef test_cleanup(tmp_path):\n    shutil.rmtree(tmp_path)\n`,
    });
    const r = psf(["init", "--yes", dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/OpenAI at agent\/main\.py:3/);
    const manifest = readFileSync(path.join(dir, "psf.yaml"), "utf8");
    expect(manifest).toContain("tests/**/test_*.py");
    // The test's rmtree is not the agent's: no ABC-08 finding at tests/test_main.py.
    expect(r.stdout).not.toMatch(/tests\/test_main\.py:4/);
  });

  it("conftest.py and helpers in tests/ are test code: out of the agent, not control tests, no findings at them", () => {
    const { m, stdout } = initYes({
      "agent/main.py": `from openai import OpenAI\nclient = OpenAI()\n`,
      "conftest.py": `import subprocess\n\ndef pytest_sessionstart(session):\n    subprocess.run(["docker", "compose", "up", "-d"])\n`,
      "tests/helpers.py": `import shutil\n\ndef wipe(p):\n    shutil.rmtree(p)\n`,
      "tests/test_main.py": `from tests.helpers import wipe\n\ndef test_wipe(tmp_path):\n    wipe(tmp_path)\n`,
    });
    expect(m.agent?.exclude).toEqual(["**/conftest.py", "tests/**/*.py"]);
    expect(m.readiness?.control_tests).toEqual(["tests/**/test_*.py"]);
    expect(stdout).not.toMatch(/conftest\.py:4|tests\/helpers\.py:4/);
  });

  it("a Python project with no tests is told to add pytest files, not TypeScript ones", () => {
    const { text } = initYes({ "agent.py": `from openai import OpenAI\nclient = OpenAI()\n` });
    expect(text).toContain(`add control_tests: ["tests/controls/test_*.py"]`);
  });
});

describe("psf init: Python frameworks from the dependency manifests and imports", () => {
  // No framework call in the code: what the project declares (or only imports) still names the framework.
  const cases: { label: string; files: Record<string, string>; frameworks: string[]; name?: string }[] = [
    { label: "requirements.txt, pinned", files: { "requirements.txt": "requests==2.32.5\ncrewai==0.86.0\n", "main.py": "import os\n" }, frameworks: ["crewai 0.86.0 (requirements.txt:2 crewai)"] },
    {
      label: "pyproject.toml [project], version from uv.lock",
      files: {
        "pyproject.toml": `[project]\nname = "Ticket_Triage"\ndependencies = [\n  "langgraph>=1.1",\n]\n`,
        "uv.lock": `version = 1\n\n[[package]]\nname = "langgraph"\nversion = "1.1.4"\n`,
        "main.py": "import os\n",
      },
      frameworks: ["langgraph 1.1.4 (pyproject.toml:4 langgraph)"],
      name: "ticket-triage",
    },
    { label: "Pipfile", files: { Pipfile: `[packages]\nsmolagents = "==1.20.0"\n`, "main.py": "import os\n" }, frameworks: ["smolagents 1.20.0 (Pipfile:2 smolagents)"] },
    {
      label: "pyproject.toml [tool.poetry]",
      files: { "pyproject.toml": `[tool.poetry]\nname = "docs-bot"\n\n[tool.poetry.dependencies]\npython = "^3.12"\npydantic-ai = "1.0.3"\ngoogle-adk = "1.2.0"\n`, "main.py": "import os\n" },
      frameworks: ["google-adk 1.2.0 (pyproject.toml:7 google-adk)", "pydantic-ai 1.0.3 (pyproject.toml:6 pydantic-ai)"],
      name: "docs-bot",
    },
    { label: "imports only (AG2, LlamaIndex)", files: { "main.py": "import autogen\nfrom llama_index.core.agent.workflow import FunctionAgent\n" }, frameworks: ["autogen (main.py)", "llamaindex (main.py)"] },
  ];
  it.each(cases)("$label", ({ files, frameworks, name }) => {
    const { text, m } = initYes(files);
    expect(frameworksLine(text).split("; ")).toEqual(frameworks);
    if (name) expect(m.deployment.name).toBe(name);
  });
});

describe("psf init: the gateway from the variables the Python code reads", () => {
  const cases: { label: string; code: string; kind?: string; urlEnv?: string; url?: string; keyEnv?: string; hosts: string[] }[] = [
    {
      label: "OPENAI_BASE_URL, read by code that needs it set, is the default client's gateway",
      code: `import os\nfrom openai import OpenAI\n\nif not os.environ.get("OPENAI_BASE_URL"):\n    raise SystemExit("point OPENAI_BASE_URL at the gateway")\nclient = OpenAI()\n`,
      urlEnv: "OPENAI_BASE_URL",
      hosts: [],
    },
    {
      label: "LiteLLM proxy variables name the gateway",
      code: `import os\nimport litellm\n\ndef ask(q):\n    return litellm.completion(model="litellm_proxy/gpt-4o", messages=[{"role": "user", "content": q}], api_base=os.getenv("LITELLM_PROXY_API_BASE"), api_key=os.getenv("LITELLM_PROXY_API_KEY"))\n`,
      kind: "litellm",
      urlEnv: "LITELLM_PROXY_API_BASE",
      keyEnv: "LITELLM_PROXY_API_KEY",
      hosts: [],
    },
    {
      label: "Portkey: the URL variable, and the key in a header",
      code: `import os\nfrom openai import OpenAI\n\nclient = OpenAI(base_url=os.environ["PORTKEY_GATEWAY_URL"], default_headers={"x-portkey-api-key": os.environ["PORTKEY_API_KEY"]})\n`,
      kind: "portkey",
      urlEnv: "PORTKEY_GATEWAY_URL",
      keyEnv: "PORTKEY_API_KEY",
      hosts: [],
    },
    {
      label: "Helicone: its hosted URL, the key in a header",
      code: `import os\nfrom openai import OpenAI\n\nclient = OpenAI(base_url="https://oai.helicone.ai/v1", default_headers={"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"})\n`,
      kind: "helicone",
      url: "https://oai.helicone.ai/v1",
      keyEnv: "HELICONE_API_KEY",
      hosts: ["https://oai.helicone.ai"],
    },
    {
      label: "AG2 llm_config: a variable named for a gateway, and its key beside it",
      code: `import os\nfrom autogen import AssistantAgent\n\nllm_config = {"config_list": [{"model": "gpt-4o-mini", "base_url": os.environ["LLM_GATEWAY_URL"], "api_key": os.environ["LLM_GATEWAY_KEY"]}]}\nassistant = AssistantAgent("assistant", llm_config=llm_config, max_consecutive_auto_reply=5)\n`,
      urlEnv: "LLM_GATEWAY_URL",
      keyEnv: "LLM_GATEWAY_KEY",
      hosts: [],
    },
    { label: "a default client nobody points anywhere: no gateway, the provider's host", code: `from openai import OpenAI\n\nclient = OpenAI()\n`, hosts: ["https://api.openai.com"] },
  ];
  it.each(cases)("$label", ({ code, kind, urlEnv, url, keyEnv, hosts }) => {
    const { m } = initYes({ "agent.py": code });
    const g = m.spend?.enforcement?.gateway;
    expect(m.spend?.enforcement?.layer).toBe(urlEnv || url ? "gateway" : undefined);
    expect(g?.kind).toBe(kind);
    expect(g?.url_env).toBe(urlEnv);
    expect(g?.url).toBe(url);
    expect(g?.key_env).toBe(keyEnv);
    // What the gateway does at the limit is the operator's to say.
    expect(m.spend?.enforcement?.on_exceed).toBeUndefined();
    expect(m.boundaries?.endpoints?.allow).toEqual(hosts);
  });
});

describe("psf init: Python tools and their access from their bodies", () => {
  // Names that say nothing, so only the body can tell.
  const code = `import shutil
import subprocess
import requests
from langchain_core.tools import tool
from agents import function_tool
from pydantic_ai import Agent
from smolagents import tool as smol_tool

agent = Agent("openai:gpt-4o")


@tool
def archive(path: str) -> str:
    """Move old exports out of the way."""
    shutil.rmtree(path)
    return "ok"


@function_tool
def notes(text: str) -> str:
    with open("notes.md", "a") as f:
        f.write(text)
    return "saved"


@agent.tool_plain
def weather(city: str) -> str:
    return requests.get("https://weather.example.com/v1/" + city).text


@agent.tool_plain
def ticket(title: str) -> str:
    return requests.post("https://tracker.example.com/api/issues", json={"title": title}).text


@smol_tool
def rollout(service: str) -> str:
    """Restart the service.

    Args:
        service: the service
    """
    subprocess.run(["kubectl", "rollout", "restart", service])
    return "done"


@function_tool
def fetch_page(key: str) -> str:
    data = requests.get("https://kv.example.com/" + key).text
    with open("/tmp/cache-" + key, "w") as f:
        f.write(data)
    return data
`;
  const want: { name: string; access: string; requires_approval?: boolean; why: RegExp }[] = [
    { name: "archive", access: "destructive", requires_approval: true, why: /shutil\.rmtree \(tools\.py:15\)/ },
    { name: "fetch_page", access: "read", why: /named like a lookup; its body only writes files \(open\(…, "w"\) at tools\.py:50\)/ },
    { name: "notes", access: "write", requires_approval: true, why: /its body writes \(open\(…, "a"\) at tools\.py:21\)/ },
    { name: "rollout", access: "destructive", requires_approval: true, why: /subprocess\.run \(tools\.py:43\)/ },
    { name: "ticket", access: "write", requires_approval: true, why: /its body sends requests\.post \(tools\.py:33\)/ },
    { name: "weather", access: "read", why: /only fetches \(requests\.get at tools\.py:28\)/ },
  ];
  it("LangChain @tool, OpenAI Agents @function_tool, PydanticAI @agent.tool_plain, smolagents @tool", () => {
    const { m, text } = initYes({ "tools.py": code });
    expect(m.boundaries?.tools).toEqual(want.map(({ why: _why, ...t }) => t));
    for (const t of want) expect(toolComment(text, t.name), t.name).toMatch(t.why);
  });
});

describe("psf init: max_steps from a hand-written Python loop", () => {
  it("for step in range(MAX_STEPS) around the model call", () => {
    const { m } = initYes({
      "agent.py": `import os\nfrom openai import OpenAI\n\nMAX_STEPS = 30\nclient = OpenAI(base_url=os.environ["LLM_GATEWAY_URL"])\n\n\ndef run(messages):\n    for step in range(MAX_STEPS):\n        reply = client.chat.completions.create(model="gpt-4o-mini", messages=messages)\n        if reply.choices[0].finish_reason == "stop":\n            return reply\n`,
    });
    expect(m.boundaries?.limits?.max_steps).toBe(30);
  });
});
