import type { FileIR, LoopIR } from "./ir.js";
import { posOf } from "./resolve.js";
import type { Facts } from "./types.js";

/**
 * A for loop over what one model call or run returned (`for tc in reply.tool_calls`), which runs that reply's tool
 * calls: a turn of the loop around the call (or all there is, for a single call), not an agent loop of its own. One
 * that calls the model again on each item (a plan's steps, each sent back to the model) is still a loop psf reports.
 * `acts(pos)`: whether the call at that offset is a model call, run or tool execution (or reaches one).
 */
export function dispatchesOneReply(l: LoopIR, ir: FileIR, F: Facts, acts: (pos: number) => boolean): boolean {
  if (l.overResultOf === undefined || !acts(l.overResultOf)) return false;
  const inLoop = (c: { loc: Facts["modelCalls"][number]["loc"] }) => {
    if (c.loc.file !== ir.path) return false;
    const pos = posOf(ir, c.loc);
    return pos >= l.start && pos < l.end;
  };
  return !F.modelCalls.some(inLoop) && !F.agentRuns.some(inLoop);
}
