import type { SourceSet } from "../sources/collect.js";
import { isPythonFile } from "./python/parser.js";
import { loc, type CallSite } from "./context.js";
import type { FileIR } from "./ir.js";
import { fnSpans } from "./resolve.js";
import type { Sym } from "./sym.js";
import type { SourceLocation, Span } from "./types.js";

/**
 * The Claude Agent SDK's PreToolUse hooks (`hooks={"PreToolUse": [HookMatcher(matcher="Bash", hooks=[fn])]}`,
 * `hooks: { PreToolUse: [{ matcher: "Bash", hooks: [fn] }] }`). Claude Code runs them before every other
 * permission step, in every permission mode, bypassPermissions included (claude_agent_sdk 0.2.143 types.py
 * `can_use_tool`: "to gate every tool call … use a PreToolUse hook"; the SDK's permissions guide). A hook
 * answers with `hookSpecificOutput.permissionDecision`: "ask" sends the call to `can_use_tool` / `canUseTool`
 * (refused when there is none), "defer" pauses the run for the application, "deny" refuses it, "allow" and
 * no answer let the other steps decide. `matcher` is a pattern over tool names (`Bash`, `Write|Edit`,
 * `mcp__github__.*`); none (or `*`) covers every tool.
 *
 * What psf counts, from the hook's body (read after the walk, as the IR keeps no string literals):
 *  - it can answer "ask" or "defer": a person (or the application) decides the calls it covers: approval;
 *  - it can only answer "deny" or "allow" (or the older `decision: "block"`): a rule in code refuses some calls and the
 *    rest go on to the run's permissions without a person seeing them: not approval, as Strands' `cancel_tool`
 *    is not (claude-agent-sdk-demos' hello-world hook keeps scripts in one folder; every other write runs);
 *  - its answer is computed, or its body is not code psf can read (an import from a package, a method of an
 *    object): approval with a caveat, never a pass;
 *  - it answers none of these (a hook that logs): it changes nothing.
 */

/** A hook function: a body psf can slice from its file, a project function by id, or code it cannot read. */
export type HookFn = Span | { id: string } | { unseen: string; method?: string };

/** One PreToolUse matcher: the tool names it covers (a pattern; none for every tool) and its functions. */
export interface ClaudeHook {
  matcher?: string;
  /** The matcher is computed at run time: it may cover any tool. */
  matcherUnknown?: true;
  loc: SourceLocation;
  fns: HookFn[];
}

/** What a hook can do to the calls it covers (undefined: nothing that gates them). */
export type HookVerdict = { asks: true } | { caveat: string };

/** Reads one option of a holder (a call's keyword or position, a dict's or object's key). */
type Read = (holder: Sym | undefined, key: string, position?: number) => { v: Sym; loc: SourceLocation } | undefined;

/** The PreToolUse matchers of a run's `hooks` option. A list psf cannot read is one matcher over every tool with code it cannot see. */
export function claudeHooks(site: CallSite, given: { v: Sym; loc: SourceLocation } | undefined, read: Read): ClaudeHook[] {
  const events = site.R(given?.v);
  if (!given || events?.k === "null" || events?.k === "undef") return [];
  const pre = events?.k === "obj" ? site.prop(events, "PreToolUse") : undefined;
  if (events?.k === "obj" && !events.spread && !pre) return [];
  const list = site.R(pre?.v);
  if (list?.k !== "arr") return [{ loc: pre?.loc ?? given.loc, fns: [{ unseen: site.show(pre?.v ?? given.v) }] }];
  return list.items.map((item): ClaudeHook => {
    const m = site.R(item);
    const at = m?.k === "call" || m?.k === "obj" ? loc(m.at) : pre!.loc;
    const matcher = read(m, "matcher", 0);
    const mv = site.R(matcher?.v);
    const hooks = site.R(read(m, "hooks", 1)?.v);
    const fns = hooks?.k === "arr" ? hooks.items.map((h) => hookFn(site, h)) : [{ unseen: site.show(item) }];
    const pattern = mv?.k === "str" ? { matcher: mv.v } : matcher && mv?.k !== "null" && mv?.k !== "undef" ? { matcherUnknown: true as const } : {};
    return { ...pattern, loc: at, fns };
  });
}

function hookFn(site: CallSite, h: Sym): HookFn {
  const f = site.R(h);
  if (f?.k === "fn") return { file: f.at.file, start: f.start, end: f.end };
  if (f?.k === "fnref") return { id: f.id };
  // `tracker.pre_tool_use_hook` on `tracker = Tracker()`: the method of a class the project defines, found by its name after the walk.
  const obj = f?.k === "member" ? site.R(f.obj) : undefined;
  const cls = obj?.k === "call" && obj.callee.k === "unknown" && /^\w+$/.test(obj.callee.text) ? obj.callee.text : undefined;
  if (f?.k === "member" && cls) return { method: `${cls}.${f.name}`, unseen: site.show(h) };
  return { unseen: site.show(h) };
}

/** Whether a matcher covers a tool name as Claude Code sees it (`Bash`; `mcp__server__tool`; `mcp__server__*` for every tool of a server). */
export function hookCovers(h: ClaudeHook, name: string): boolean {
  if (h.matcherUnknown || h.matcher === undefined || h.matcher === "" || h.matcher === "*") return true;
  try {
    return new RegExp(`^(?:${h.matcher})$`).test(name);
  } catch {
    return h.matcher === name;
  }
}

const PERMISSION_DECISION = /\bpermissionDecision\b/;
const ASKS = /["'`](ask|defer)["'`]/;
/** A decision written out (one that only says "deny" or "allow" is a rule, not a question to a person). */
const DECISION_WORD = /["'`](allow|deny)["'`]/;

/**
 * What a hook can answer, from its functions' bodies (`body` gives a function's text, undefined when psf
 * cannot read it). One function of the matcher that asks is enough: the call waits for it.
 */
export function hookVerdict(h: ClaudeHook, body: (fn: HookFn) => string | undefined): HookVerdict | undefined {
  let caveat: string | undefined;
  for (const fn of h.fns) {
    const text = body(fn);
    if (text === undefined) {
      caveat ??= `its PreToolUse hook${"unseen" in fn ? ` (${fn.unseen})` : ""} is code psf cannot read, so whether it asks or refuses before a call cannot be seen`;
      continue;
    }
    const decides = PERMISSION_DECISION.test(text);
    if (decides && ASKS.test(text)) return { asks: true };
    // A hook that can only refuse, block or allow leaves every call it does not refuse to the run's permissions.
    if (!decides || DECISION_WORD.test(text)) continue;
    caveat ??= "its PreToolUse hook returns a permissionDecision computed at run time, so whether it asks or refuses cannot be read";
  }
  return caveat ? { caveat } : undefined;
}

/** The fix for a tool approved only as far as a hook shows, in the SDK's spelling. */
export function hookFix(file: string): string {
  return isPythonFile(file)
    ? 'have the PreToolUse hook return `{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "ask"}}` for the calls a person must approve, and answer them in `can_use_tool=` only after a person decides; or check the hook by hand and record that review as a waiver'
    : 'have the PreToolUse hook return `{ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "ask" } }` for the calls a person must approve, and answer them in `canUseTool` only after a person decides; or check the hook by hand and record that review as a waiver';
}

/** A hook function's text: sliced from its file (a TypeScript file's text is read again if the walk let it go). */
export function hookBodies(sources: SourceSet, irs: FileIR[]): (fn: HookFn) => string | undefined {
  const files = new Map(sources.files.map((f) => [f.path, f]));
  const spans = fnSpans(irs);
  return (fn) => {
    const span = "id" in fn ? spans.get(fn.id) : "unseen" in fn ? (fn.method ? methodSpan(irs, fn.method) : undefined) : fn;
    return span ? files.get(span.file)?.text.slice(span.start, span.end) : undefined;
  };
}

/** The one method of that name (`Class.method`) the project defines, or undefined when none or several do. */
function methodSpan(irs: FileIR[], method: string): Span | undefined {
  const hits = irs.flatMap((ir) => ir.fns.filter((f) => f.id.slice(f.id.indexOf("#") + 1).replace(/@\d+$/, "") === method).map((f) => ({ file: ir.path, start: f.start, end: f.end })));
  return hits.length === 1 ? hits[0] : undefined;
}
