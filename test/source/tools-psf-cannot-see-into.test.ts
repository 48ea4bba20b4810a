// Tools whose effect psf cannot see: a refund tool whose body is a stand-in (OOC-03 asks for a declaration
// instead of staying silent), and a shell call in a function a decorator psf does not read makes a tool
// (ABC-08 names the function instead of saying "outside any tool").
import { beforeAll, describe, expect, it } from "vitest";
import { loadPythonParser } from "../../src/facts/python/parser.js";
import { check } from "./helpers.js";

beforeAll(async () => {
  await loadPythonParser();
});

const agentWith = (name: string) => `from agents import Agent, function_tool\n\n@function_tool\ndef ${name}(order_id: str) -> str:\n    """Acts on an order."""\n    return f"done for {order_id}"\n\nagent = Agent(name="desk", tools=[${name}])\n`;

describe("OOC-03: an undeclared tool named for a payment or a deletion, with no operation psf sees", () => {
  it.each([
    { name: "process_refund", found: ["warn@3"], text: "named for a payment (refund)", access: "access: spend" },
    { name: "cancelSubscription", found: ["warn@3"], text: "named for a deletion (cancel)", access: "access: destructive" },
    { name: "check_refund_status", found: [] },
    { name: "request_refund_approval", found: [] },
    { name: "summarize_order", found: [] },
  ])("$name", ({ name, found, text, access }) => {
    const r = check("OOC-03", {}, { "agent.py": agentWith(name) });
    const mine = r.findings.filter((f) => f.message.includes(name));
    expect(mine.map((f) => `${f.level}@${f.loc && "line" in f.loc ? f.loc.line : "-"}`)).toEqual(found);
    if (text) {
      expect(mine[0]!.message).toContain(text);
      expect(mine[0]!.fix).toContain(`{ name: ${name}, ${access}, requires_approval: true }`);
      expect(mine[0]!.fix).toContain("@function_tool(needs_approval=True)");
    }
  });

  it("a declared tool is judged by its declaration, not its name", () => {
    const r = check("OOC-03", { boundaries: { tools: [{ name: "process_refund", access: "spend", requires_approval: true }] } } as never, { "agent.py": agentWith("process_refund") });
    expect(r.findings.filter((f) => f.message.includes("named for a payment"))).toEqual([]);
  });
});

describe("ABC-08: a destructive call in a function decorated by a tool decorator psf does not read", () => {
  it.each([
    { name: "@tool from an unread library: a warn naming the function and decorator", code: `import subprocess\nfrom toolbelt.tools import tool\n\n@tool\ndef shell(command: str) -> str:\n    return subprocess.check_output(command, shell=True, text=True)\n`, level: "warn", text: "runs in shell (decorated @tool from toolbelt.tools), which psf does not read as a tool" },
    { name: "the same call in plain module code still runs outside any tool", code: `import subprocess\nsubprocess.check_output("make", shell=True, text=True)\n`, level: "fail", text: "runs outside any tool" },
  ])("$name", ({ code, level, text }) => {
    const r = check("ABC-08", {}, { "agent.py": code });
    expect(r.findings.map((f) => f.level)).toEqual([level]);
    expect(r.findings[0]!.message).toContain(text);
  });
});
