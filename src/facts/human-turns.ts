import type { CallSite } from "./context.js";
import type { LoopIR } from "./ir.js";
import type { SourceLocation } from "./types.js";

/**
 * Chat loops a person drives: `while (true) { const line = await rl.question("> "); … await run(agent, line) }`.
 * Each iteration waits for someone to type, so the loop is as long as the conversation and the person
 * is its pause; it is not an autonomous agent loop (ABC-03, OOC-02). Only a wait on every iteration
 * counts: one inside an `if` (ask only when stuck) leaves the loop autonomous.
 */

/** Node's readline `question()`: the process waits for a line typed at the terminal. */
export const READLINE = /^(node:)?readline(\/promises)?$/;

export interface HumanInput { file: string; pos: number; fn?: string; loc: SourceLocation }

export function humanInput(site: CallSite): HumanInput | undefined {
  const r = site.root;
  if (!r || !READLINE.test(r.module) || site.method !== "question") return undefined;
  return { file: site.file, pos: site.ir.at.pos, ...(site.ir.fn ? { fn: site.ir.fn } : {}), loc: site.loc };
}

/** Functions that wait for a person's input, directly or through the project functions they call. */
export function humanFunctions(inputs: HumanInput[], edges: Map<string, Set<string>>): Map<string, SourceLocation> {
  const fns = new Map<string, SourceLocation>();
  for (const h of inputs) if (h.fn && !fns.has(h.fn)) fns.set(h.fn, h.loc);
  for (let changed = true; changed;) {
    changed = false;
    for (const [caller, callees] of edges) {
      if (fns.has(caller)) continue;
      for (const c of callees) {
        const hit = fns.get(c);
        if (hit) {
          fns.set(caller, hit);
          changed = true;
          break;
        }
      }
    }
  }
  return fns;
}

/** Where the loop waits for a person on every iteration, if it does. */
export function humanTurn(
  loop: LoopIR, file: string, inputs: HumanInput[], fnCalls: { pos: number; target: string; loc: SourceLocation }[], fns: Map<string, SourceLocation>,
): SourceLocation | undefined {
  const every = loop.every;
  if (!every) return undefined;
  const eachTime = (pos: number) => {
    for (let i = 0; i < every.length; i += 2) if (pos >= every[i]! && pos < every[i + 1]!) return true;
    return false;
  };
  const direct = inputs.find((h) => h.file === file && eachTime(h.pos));
  if (direct) return direct.loc;
  return fnCalls.find((c) => fns.has(c.target) && eachTime(c.pos))?.loc;
}
