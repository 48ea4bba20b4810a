// Synthetic Python agent projects for the benchmark: the core libraries psf reads in Python
// (openai, anthropic, LiteLLM, httpx/requests, subprocess/shutil, asyncio), ~100 lines a file,
// with relative imports of shared constants. Original text, generated.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const header = (i) => `# generated module ${i}: part of a synthetic Python agent project for psf's benchmark\n`;

const filler = (i, n) => {
  const out = [];
  for (let k = 0; k < n; k++) {
    out.push(`def helper_${i}_${k}(record: dict, tags: list[str]) -> str:`);
    out.push(`    parts = [t.upper() for t in tags if len(t) > ${k % 5}]`);
    out.push(`    if not parts:`);
    out.push(`        return f"none-{record['id']}"`);
    out.push(`    return ",".join(parts) + ":" + str(record["id"] * ${k + 1})`);
    out.push(``);
  }
  return out.join("\n");
};

const templates = [
  (i) => `import asyncio
import os

from openai import AsyncOpenAI

from ..shared.limits import BASE, MAX_STEPS, RUN_TIMEOUT_S
from ..shared.audit import audit

client = AsyncOpenAI(base_url=os.environ["LLM_GATEWAY_URL"], api_key=os.environ["LLM_GATEWAY_KEY"])


async def run_agent_${i}(prompt: str, stop: asyncio.Event) -> str:
    messages = [{"role": "user", "content": prompt}]
    async with asyncio.timeout(RUN_TIMEOUT_S):
        for step in range(MAX_STEPS):
            if stop.is_set():
                break
            reply = await client.chat.completions.create(model="gpt-4o-mini", messages=messages)
            await audit.record(action="model_call", step=step)
            messages.append(reply.choices[0].message.model_dump())
            if not reply.choices[0].message.tool_calls:
                return reply.choices[0].message.content or ""
    return ""
`,
  (i) => `import httpx
import litellm

from ..shared.limits import BASE, MAX_SUBTASKS

http = httpx.AsyncClient(base_url=BASE, timeout=10)


async def fetch_${i}(record_id: int) -> dict:
    res = await http.get(f"/records/{record_id}")
    res.raise_for_status()
    return res.json()


def summarise_${i}(text: str) -> str:
    reply = litellm.completion(model="litellm_proxy/summary", messages=[{"role": "user", "content": text}])
    return reply.choices[0].message.content


async def crawl_${i}(seed: int) -> list[dict]:
    queue = [seed]
    out = []
    while queue and len(out) < MAX_SUBTASKS:
        item = queue.pop(0)
        record = await fetch_${i}(item)
        out.append(record)
        if len(queue) < MAX_SUBTASKS:
            queue.extend(record.get("children", []))
    return out
`,
  (i) => `import shutil
import subprocess
from pathlib import Path

from anthropic import Anthropic

from ..shared.approvals import require_approval

claude = Anthropic(base_url="http://llm-gateway.internal:4000")
TOOLS_${i} = [
    {"name": "clean_${i}", "description": "remove a scratch folder", "input_schema": {"type": "object", "properties": {}}},
    {"name": "du_${i}", "description": "disk usage", "input_schema": {"type": "object", "properties": {}}},
]


def run_tool_${i}(name: str, args: dict) -> str:
    if name == "clean_${i}":
        require_approval(name, args)
        shutil.rmtree(Path("/tmp/scratch-${i}"), ignore_errors=True)
        return "ok"
    if name == "du_${i}":
        return subprocess.run(["du", "-sh", "/tmp"], capture_output=True, text=True).stdout
    raise ValueError(name)


class Worker${i}:
    def __init__(self, depth_limit: int) -> None:
        self.depth_limit = depth_limit

    def step(self, prompt: str, depth: int = 0) -> str:
        if depth >= self.depth_limit:
            return ""
        msg = claude.messages.create(model="claude-haiku-4-5", max_tokens=256, tools=TOOLS_${i}, messages=[{"role": "user", "content": prompt}])
        for block in msg.content:
            if block.type == "tool_use":
                run_tool_${i}(block.name, block.input)
        return self.step(prompt, depth + 1)
`,
];

export function generatePython(dir, files) {
  mkdirSync(path.join(dir, "agent", "shared"), { recursive: true });
  writeFileSync(path.join(dir, "agent", "shared", "limits.py"), `MAX_STEPS = 40\nMAX_SUBTASKS = 25\nRUN_TIMEOUT_S = 7200\nBASE = "https://registry.example/api"\n`);
  writeFileSync(path.join(dir, "agent", "shared", "audit.py"), `class Audit:\n    async def record(self, **fields) -> None:\n        return None\n\n\naudit = Audit()\n`);
  writeFileSync(path.join(dir, "agent", "shared", "approvals.py"), `def require_approval(name: str, args: dict) -> None:\n    return None\n`);
  for (let i = 0; i < files; i++) {
    const sub = path.join(dir, "agent", `m${Math.floor(i / 500)}`);
    if (i % 500 === 0) mkdirSync(sub, { recursive: true });
    const body = templates[i % templates.length](i);
    const lines = body.split("\n").length;
    writeFileSync(path.join(sub, `mod${i}.py`), header(i) + body + "\n\n" + filler(i, Math.max(0, Math.round((100 - lines) / 6))));
  }
}
