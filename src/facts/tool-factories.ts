import { approvalOf, type Builder, type CallSite } from "./context.js";
import { declaredToolName, implementationOf, undeclaredName } from "./common.js";
import type { ToolDef } from "./types.js";

/**
 * A tool defined inside a project function with no name of its own (`function makeTool(o) { return
 * tool({ execute: o.run }) }`) is a factory: each call of it (`makeTool({ name: "memory_put", run })`)
 * defines one tool, named by the call's `name`/`toolName`/`id` option (else the variable it is
 * assigned to), with the implementation the call passes. The factory's own record is replaced.
 */
export function toolsFromFactories(b: Builder, sites: CallSite[]): void {
  const F = b.facts;
  const factories = new Map<string, ToolDef>();
  for (const t of F.tools) {
    const u = undeclaredName(t);
    if (u?.factory && u.fn && !factories.has(u.fn)) factories.set(u.fn, t);
  }
  if (!factories.size) return;
  const made: ToolDef[] = [];
  const replaced = new Set<ToolDef>();
  for (const site of sites) {
    const id = site.callee.k === "fnref" ? site.callee.id : site.callee.k === "fn" ? site.callee.id : undefined;
    const inner = id ? factories.get(id) : undefined;
    if (!inner) continue;
    const first = site.arg(0);
    const name = declaredToolName(site) ?? (first?.k === "str" ? first.v : undefined) ?? site.ir.propKey ?? site.ir.varName;
    if (!name) continue;
    const impl = site.R(implementationOf(site));
    const appr = ["needsApproval", "requireApproval"].map((k) => site.ir.args.map((a) => site.prop(a, k)).find(Boolean)).find(Boolean);
    const tool: ToolDef = {
      ...inner, name, loc: site.loc,
      // The call's approval option counts only when the factory hands one on to the tool it makes.
      ...(appr && inner.approval !== "none" ? { approval: approvalOf(appr.v), approvalLoc: appr.loc } : {}),
      ...(impl?.k === "fn" ? { body: { file: impl.at.file, start: impl.start, end: impl.end } } : {}),
      ...(site.ir.varName ? { varName: site.ir.varName } : {}),
    };
    made.push(tool);
    replaced.add(inner);
  }
  if (!made.length) return;
  F.tools = F.tools.filter((t) => !replaced.has(t)).concat(made);
}
