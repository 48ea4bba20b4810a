import type { PyNode as Node } from "./tree.js";
import type { FnIR, LoopIR } from "../ir.js";
import type { Pos, Sym } from "../sym.js";

/** The Python walk's bindings, scopes and frames, and the names it looks for. */

export type Binding =
  | { k: "import"; sym: Sym }
  | { k: "value"; node: Node; scope: Scope; memo?: Sym; busy?: boolean; name: string }
  | { k: "fn"; id: string }
  | { k: "class"; name: string }
  | { k: "opaque"; why: string; name: string }
  /**
   * A name a function assigns more than once, every time as a statement of the function's own body
   * (none inside an if, loop, try or with): straight-line code, so a use in that function has the
   * value of the last assignment before it (walk-state.ts prescan).
   */
  | { k: "seq"; items: { pos: number; node?: Node; memo?: Sym; busy?: boolean }[]; scope: Scope; name: string };

export interface Scope {
  vars: Map<string, Binding>;
  parent?: Scope;
  kind: "module" | "function" | "class";
}

export interface ClassInfo {
  name: string;
  /** Method name → function id. */
  methods: Map<string, string>;
  /** `self.x = …` (and class-level `x = …`): the value and the function it is assigned in; null when assigned more than once. */
  attrs: Map<string, { value: Node; fn?: Node } | null>;
  /** The library class it derives from first (`class EmailTools(Tools)`): where `self.x` the class never sets comes from. */
  base?: Sym;
}

export interface Frame {
  params: readonly string[];
  tainted: Map<string, Pos>;
  loops: LoopIR[];
  ir: FnIR | undefined;
  cls?: ClassInfo;
  selfName?: string;
}

/** Builtins that matter (they run code or reach files); every other unbound name is a plain global. */
export const BUILTINS = new Set(["eval", "exec", "compile", "__import__", "open"]);
/** Method names worth recording on receivers the walk cannot name (parameters, attributes set at run time). */
export const UNKNOWN_ROOT_METHODS = new Set([
  "create", "parse", "stream", "invoke", "ainvoke", "astream", "generate", "agenerate", "run", "arun", "run_sync", "execute", "executemany", "executescript",
  "drop_all", "kickoff", "unlink", "rmdir", "rmtree", "complete", "acomplete", "completion", "acompletion", "tool_runner", "run_tools",
  // Strands: `tool_context.interrupt(…)` / `event.interrupt(…)` (approval) and `registry.add_callback(BeforeToolCallEvent, …)`.
  "interrupt", "add_callback",
  // LlamaIndex: `await ctx.wait_for_event(HumanResponseEvent, …)` in a tool waits for a person's answer.
  "wait_for_event",
  // CrewAI: `context.request_human_input(…)` in a @before_tool_call hook asks a person before the tool runs.
  "request_human_input",
  // The builtin `input()`: a Semantic Kernel function invocation filter that calls it asks a person before each call.
  "input",
]);
/** Calls that check a pause / kill / continue signal from inside a loop. */
export const PAUSE_RE = /^(throw_?if_?aborted|check_?pause\w*|wait_?if_?paused|await_?resume|should_?continue|can_?continue|check_?continue|check_?kill\w*|is_?killed|is_?paused|should_?stop|should_?halt|check_?stop\w*|pause_?check|poll_?pause\w*|assert_?not_?paused|check_?signal|check_?control\w*|raise_?if_?cancell?ed|is_set|is_cancell?ed|cancell?ed|stop_?requested)$/i;
export const DEPTH_RE = /depth|level|hops?$|generation|recurs/i;
// TRUNCATE counts in any case with TABLE, and otherwise only in capitals before a name, as SQL is
// written: "Truncate message history" in a docstring is prose (as the TypeScript side reads it).
export const SQL_RE = /\b(DROP\s+(?:TABLE|DATABASE|SCHEMA|INDEX|VIEW)|TRUNCATE\s+TABLE|DELETE\s+FROM)\b/i;
/**
 * Calls that wait for a person: the builtin `input()`, rich/click/typer prompts, a WebSocket's next
 * message. A loop whose body calls one advances only when someone answers.
 */
export const HUMAN_INPUT_FN = new Set(["input"]);
export const HUMAN_INPUT_METHOD = /^(Prompt|Confirm|IntPrompt|FloatPrompt)\.ask$|^(click|typer)\.(prompt|confirm)$|^getpass\.getpass$|^\w*(websocket|ws|socket)\w*\.(receive_json|receive_text|receive_bytes|receive|recv)$/i;
export const SQL_TRUNCATE_RE = /\b(TRUNCATE)\s+[\w"`]/;
/** A call whose result is a model's answer (for model output flowing into conditions). */
export const MODEL_CALL_TEXT = /\.(chat\.completions|responses|messages|completions)\.(create|parse)$|(^|\.)a?completion$|^(\w+\.)*(llm|model|chat\w*|agent\w*|\w*_model|\w*_llm|\w*_agent|\w*Model|\w*Agent)\.a?(invoke|generate|call|predict|run|chat|complete)$|^(\w+\.)?(run_sync|kickoff)$/;
export const CONSUME = new Set(["pop", "popleft", "get", "get_nowait"]);
export const PUSH = new Set(["append", "appendleft", "extend", "insert", "put", "put_nowait"]);

export function worthRecording(sym: Sym, method: string): boolean {
  let s = sym;
  while (s.k === "member" || s.k === "call") s = s.k === "member" ? s.obj : s.callee;
  if (s.k === "import" || s.k === "fnref" || s.k === "fn") return true;
  return UNKNOWN_ROOT_METHODS.has(method);
}
