import { ctorKey, perRun, type Builder } from "../context.js";
import type { Sym } from "../sym.js";
import type { SourceLocation } from "../types.js";

/**
 * Settings assigned on an object after the code built it (`client.function_invocation_configuration["max_iterations"] = 5`),
 * by the object's construction and the two names (`group.key`). Read from every Python file's assignments before any
 * call site is recognized (recognizers.ts pythonSettings), so a recognizer can prefer them to the constructor's value.
 */
const byBuilder = perRun(() => new Map<string, { v: Sym; loc: SourceLocation }>());

/** Record `target = value` when the target is `<a built object>.<key>` or `<a built object>.<group>.<key>` (or `["key"]`). */
export function noteSettingAfter(b: Builder, target: Sym, value: Sym, loc: SourceLocation): void {
  // `<built>.<key> = …` (Semantic Kernel: `settings.function_choice_behavior = FunctionChoiceBehavior.Auto(…)`).
  if (target.k === "member" && target.obj.k === "call") byBuilder(b).set(`${ctorKey(target.obj)}#${target.name}`, { v: value, loc });
  if (target.k !== "member" || target.obj.k !== "member" || target.obj.obj.k !== "call") return;
  byBuilder(b).set(`${ctorKey(target.obj.obj)}#${target.obj.name}.${target.name}`, { v: value, loc });
}

/** The value last assigned to `<built>.<path>` after `built` was constructed, if any. */
export function settingAfter(b: Builder, built: Sym | undefined, path: string): { v: Sym; loc: SourceLocation } | undefined {
  return built?.k === "call" ? byBuilder(b).get(`${ctorKey(built)}#${path}`) : undefined;
}
