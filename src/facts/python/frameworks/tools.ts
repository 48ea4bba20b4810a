import { addTool } from "../../common.js";
import { type Builder, type CallSite } from "../../context.js";
import type { Framework } from "../../types.js";
import { kw, positional, type PyNames } from "../sites.js";
import { crewaiRagSubclass, crewaiToolHook } from "./crewai-tools.js";
import { fnId } from "../../values.js";

/** The framework a tool decorator belongs to, by its module. */
const TOOL_DECORATORS: [RegExp, Framework][] = [
  [/^langchain(_core)?(\.[\w.]+)?\.tool$/, "langchain"],
  [/^crewai(_tools)?(\.[\w.]+)?\.tool$/, "crewai"],
  [/^smolagents(\.[\w.]+)?\.tool$/, "smolagents"],
  [/^agents(\.[\w.]+)?\.function_tool$/, "openai-agents"],
];

/**
 * A function made a tool by its decorator: `@tool("name")` (LangChain, CrewAI, smolagents),
 * `@function_tool(name_override=…, needs_approval=…)` (OpenAI Agents), `@agent.tool(requires_approval=…)`
 * and `@agent.tool_plain` (PydanticAI). The tool's body is the function's.
 */
export function decoratorTool(site: CallSite, b: Builder, n: PyNames, name: string): void {
  const d = site.ir.decorates!;
  // CrewAI's tool-call hook: `@before_tool_call` (all tools) or `@before_tool_call(tools=["delete_file"])`
  // runs before the tool and blocks it by returning False or asking a person (context.request_human_input).
  if (/^crewai(\.[\w.]+)?\.before_tool_call$/.test(name)) {
    const list = site.R(kw(site, "tools")?.v);
    const covers = list?.k === "arr" ? list.items.map((i) => site.R(i)).flatMap((i) => (i?.k === "str" ? [i.v] : [])) : undefined;
    b.facts.approvals.push({ loc: site.loc, kind: "approval-function", ...(covers ? { covers } : {}) });
    crewaiToolHook(b, site.loc, covers, fnId(site.R(d.fn)));
    return;
  }
  let framework: Framework | undefined = TOOL_DECORATORS.find(([re]) => re.test(name))?.[1];
  if (!framework && n.ctor === "pydantic_ai.Agent" && /^(tool|tool_plain)$/.test(n.path)) framework = "pydantic-ai";
  if (!framework) return;
  const first = positional(site, 0);
  const override = kw(site, "name_override") ?? kw(site, "name");
  const toolName = override?.v.k === "str" ? override.v.v : first?.k === "str" ? first.v : d.name;
  const approval = kw(site, "needs_approval") ?? kw(site, "requires_approval");
  addTool(b, site, { name: toolName, framework, ...(approval ? { approval } : {}), body: d.fn });
}

/** Tool base classes, by framework: a subclass with a `name` field and a `_run` (`forward` for smolagents) is a tool. */
const TOOL_CLASSES: [RegExp, Framework][] = [
  [/^crewai_tools(\.[\w.]+)?\.(BaseTool|RagTool)$|^crewai\.tools(\.[\w.]+)?\.BaseTool$/, "crewai"],
  [/^langchain(_core)?\.tools(\.[\w.]+)?\.BaseTool$/, "langchain"],
  [/^smolagents(\.[\w.]+)?\.Tool$/, "smolagents"],
];

/** `class CalculatorTool(BaseTool): name: str = "Calculator tool"; def _run(self, …)`: the tool is the class, its body `_run`. */
export function subclassTool(site: CallSite, b: Builder, name: string): void {
  const framework = TOOL_CLASSES.find(([re]) => re.test(name))?.[1];
  const fields = site.R(site.ir.args[0]);
  if (!framework || fields?.k !== "obj") return;
  const given = site.R(fields.props["name"]?.v);
  const body = fields.props["_run"] ?? fields.props["_arun"] ?? fields.props["forward"];
  addTool(b, site, { name: given?.k === "str" ? given.v : site.ir.subclass!, framework, ...(body ? { body: body.v } : {}) });
  if (/^crewai_tools(\.[\w.]+)?\.RagTool$/.test(name)) crewaiRagSubclass(site, b, fields);
}
