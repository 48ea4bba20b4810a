import { expect } from "vitest";
import { at } from "../helpers.js";
import { pyRecognizerTester } from "./tester.js";

const dispatch = `import shutil, subprocess\nfrom openai import OpenAI\nc = OpenAI(base_url="http://gw")\nc.chat.completions.create(model="m", messages=[], tools=[{"type": "function", "function": {"name": "cleanup_cache", "parameters": {}}}])\n\ndef run_tool(name, args):\n    if name == "cleanup_cache":\n        subprocess.run(["du", "-sh", "/tmp/c"])\n        shutil.rmtree("/tmp/c")\n`;
const refill = `from openai import OpenAI\nc = OpenAI(base_url="http://gw")\ndef crawl(seed):\n    queue = [seed]\n    while True:\n        item = queue.pop(0)\n        r = c.chat.completions.create(model="m", messages=[])\n        for peer in r.peers:\n            queue.append(peer)\n`;

pyRecognizerTester("destructive operations", {
  valid: [
    {
      name: "shutil.rmtree and subprocess.run in a tool's dispatch branch belong to that tool",
      code: dispatch,
      expect: { destructive: [{ op: "subprocess.run", tool: "cleanup_cache", loc: at(dispatch, "subprocess.run") }, { op: "shutil.rmtree", tool: "cleanup_cache", loc: at(dispatch, "shutil.rmtree") }] },
    },
    {
      name: "a tool dispatched with match/case owns the operation in its case",
      code: `import os\nfrom anthropic import Anthropic\nc = Anthropic(base_url="http://gw")\nc.messages.create(model="c", max_tokens=1, messages=[], tools=[{"name": "purge", "input_schema": {"type": "object"}}])\ndef dispatch(block):\n    match block.name:\n        case "purge":\n            os.remove("/tmp/state.json")\n        case _:\n            pass\n`,
      expect: { tools: [{ name: "purge", framework: "anthropic" }], destructive: [{ op: "os.remove", tool: "purge", loc: { line: 8, column: 13 } }] },
    },
    {
      name: "os.remove, os.system and an aliased from-import of rmtree",
      code: `import os\nfrom shutil import rmtree as nuke\nos.remove("a")\nos.system("rm -rf /")\nnuke("b")\n`,
      expect: { destructive: [{ op: "os.remove", loc: { line: 3, column: 1 } }, { op: "os.system", loc: { line: 4, column: 1 } }, { op: "shutil.rmtree", loc: { line: 5, column: 1 } }] },
    },
    {
      name: "pathlib: Path(p).unlink() and rmdir() on a parameter",
      code: `from pathlib import Path\ndef clean(p, d):\n    Path(p).unlink()\n    d.rmdir()\n`,
      // Calls on receivers the walk cannot name are recognized after those on known instances.
      expect: { destructive: [{ op: "Path.rmdir", loc: { line: 4, column: 5 } }, { op: "Path.unlink", loc: { line: 3, column: 5 } }] },
    },
    {
      name: "eval / exec on text computed at run time",
      code: `def calc(expr):\n    return eval(expr)\ndef run(code):\n    exec(code)\n`,
      expect: { destructive: [{ op: "eval", loc: { line: 2, column: 12 } }, { op: "exec", loc: { line: 4, column: 5 } }] },
    },
    {
      name: "SQL DROP / DELETE in an execute() string, SQLAlchemy drop_all, asyncio subprocesses",
      code: `import asyncio\ndef reset(cur, Base, engine):\n    cur.execute("DROP TABLE reports")\n    Base.metadata.drop_all(engine)\nasync def sh(cmd):\n    await asyncio.create_subprocess_shell(cmd)\n`,
      expect: { destructive: [{ op: "SQL DROP TABLE", loc: { line: 3, column: 17 } }, { op: "SQLAlchemy drop_all", loc: { line: 4, column: 5 } }, { op: "asyncio.create_subprocess_shell", loc: { line: 6, column: 11 } }] },
    },
  ],
  invalid: [
    { name: "eval of a literal runs no model output", code: `x = eval("1 + 1")\n`, absent: ["destructive"] },
    { name: "os.path.join / os.listdir / shutil.which do not destroy anything", code: `import os, shutil\nos.path.join("a", "b")\nos.listdir(".")\nshutil.which("ls")\n`, absent: ["destructive"] },
    { name: "a project function named rmtree (imported from the project) is not shutil's", code: { "agent.py": `from .fs import rmtree\nrmtree("x")\n`, "fs.py": `def rmtree(p):\n    return p\n` }, absent: ["destructive"] },
  ],
});

pyRecognizerTester("loops, queues and recursion", {
  valid: [
    {
      name: "while True around a model call, over a list the loop consumes and refills",
      code: refill,
      expect: {
        loops: [{ infinite: true, loc: at(refill, "while True"), callLoc: at(refill, "c.chat") }],
        queues: [{ name: "queue", loc: at(refill, "while True"), pushLoc: at(refill, "queue.append"), sizeChecks: [] }],
      },
      check: (f) => expect(f.loops[0]!.pauseCheck).toBeUndefined(),
    },
    {
      name: "for step in range(MAX_STEPS) is bounded by the constant; a pause poll in the body is the pause check",
      code: `from openai import OpenAI\nMAX_STEPS = 40\nc = OpenAI(base_url="http://gw")\nasync def run(gate):\n    for step in range(MAX_STEPS):\n        await gate.check_pause()\n        c.chat.completions.create(model="m", messages=[])\n`,
      expect: { loops: [{ infinite: false, bound: { kind: "literal", value: 40, via: "MAX_STEPS" }, pauseCheck: { line: 6, column: 15 } }] },
    },
    {
      name: "while with a counter condition, and `if step >= N: break` in a while True",
      code: `from openai import OpenAI\nc = OpenAI(base_url="http://gw")\ndef a(stop):\n    step = 0\n    while step < 12:\n        step += 1\n        c.chat.completions.create(model="m", messages=[])\ndef b():\n    n = 0\n    while True:\n        if n >= 7:\n            break\n        if stop.is_set():\n            break\n        c.chat.completions.create(model="m", messages=[])\n`,
      expect: { loops: [{ bound: { kind: "literal", value: 12 } }, { infinite: true, bound: { kind: "literal", value: 7 }, pauseCheck: { line: 13, column: 12 } }] },
    },
    {
      name: "an asyncio.Queue() (maxsize 0: unbounded) consumed and pushed in one loop",
      code: `import asyncio\nfrom openai import AsyncOpenAI\nc = AsyncOpenAI(base_url="http://gw")\nasync def worker():\n    q = asyncio.Queue()\n    while True:\n        t = await q.get()\n        r = await c.chat.completions.create(model="m", messages=[])\n        await q.put(r)\n`,
      expect: { queues: [{ name: "q", pushLoc: { line: 9, column: 15 }, sizeChecks: [] }] },
    },
    {
      name: "a bounded asyncio.Queue(maxsize=N) and a len() check are size checks",
      code: `import asyncio\nfrom collections import deque\nfrom openai import AsyncOpenAI\nc = AsyncOpenAI(base_url="http://gw")\nasync def worker():\n    q = asyncio.Queue(maxsize=20)\n    d = deque()\n    while True:\n        t = await q.get()\n        d.popleft()\n        r = await c.chat.completions.create(model="m", messages=[])\n        await q.put(r)\n        if len(d) < 10:\n            d.append(r)\n`,
      expect: { queues: [{ name: "q", sizeChecks: [{ bound: { kind: "literal", value: 20 }, loc: { line: 6, column: 23 } }] }, { name: "d", sizeChecks: [{ bound: { kind: "literal", value: 10 }, loc: { line: 13, column: 12 } }] }] },
    },
    {
      name: "recursion around a model call, without and with a depth guard",
      code: `from openai import OpenAI\nMAX_DEPTH = 3\nc = OpenAI(base_url="http://gw")\ndef explore(asn, depth):\n    r = c.chat.completions.create(model="m", messages=[])\n    for p in r.peers:\n        explore(p, depth + 1)\ndef guarded(asn, depth):\n    if depth >= MAX_DEPTH:\n        return []\n    c.chat.completions.create(model="m", messages=[])\n    return guarded(asn, depth + 1)\n`,
      expect: { recursion: [{ functions: ["agent.py#explore"], loc: { line: 4, column: 1 } }, { functions: ["agent.py#guarded"], depthGuard: { bound: { kind: "literal", value: 3, via: "MAX_DEPTH" }, loc: { line: 9, column: 8 } } }] },
      check: (f) => expect(f.recursion[0]!.depthGuard).toBeUndefined(),
    },
    {
      name: "methods calling each other through self form a cycle",
      code: `from openai import OpenAI\nclass Crawler:\n    def __init__(self):\n        self.c = OpenAI(base_url="http://gw")\n    def visit(self, n):\n        self.c.chat.completions.create(model="m", messages=[])\n        self.expand(n)\n    def expand(self, n):\n        self.visit(n + 1)\n`,
      expect: { recursion: [{ functions: ["agent.py#Crawler.visit", "agent.py#Crawler.expand"] }] },
    },
  ],
  invalid: [
    { name: "a loop with no model or tool call is not an agent loop", code: `def f(xs):\n    while True:\n        xs.pop()\n        xs.append(1)\n`, absent: ["loops"] },
    { name: "a for loop over a list it does not push to has no queue", code: `from openai import OpenAI\nc = OpenAI(base_url="http://gw")\ndef f(items, out):\n    for i in items:\n        out.append(c.chat.completions.create(model="m", messages=[]))\n`, absent: ["queues"] },
    { name: "recursion with no model or tool call below it is ignored", code: `def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\n`, absent: ["recursion"] },
  ],
});
