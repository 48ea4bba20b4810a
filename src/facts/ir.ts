import type { ModuleExports, Pos, Sym } from "./sym.js";

/**
 * The language-neutral record of one source file, as each front end (TypeScript: facts/ts/,
 * Python: facts/python/) produces it: calls with their callee and arguments as Syms, loops,
 * functions, conditions. Later stages (frameworks, cross-file resolution, controls) read only this,
 * so the syntax tree can be dropped as soon as a file's walk ends.
 */

export interface CallIR {
  at: Pos;
  end: number;
  callee: Sym;
  args: Sym[];
  isNew: boolean;
  fn?: string;
  /** `const x = <call>` */
  varName?: string;
  /** `{ key: <call> }` */
  propKey?: string;
  /** Short text of the callee, for messages. */
  text: string;
  /**
   * Not a call: `class <name> extends <callee>` of a package's class (Cloudflare's Think). The one
   * argument holds the class's overrides: fields with their initializers, methods as functions, and
   * for a method that returns an object literal, that object under `<method>()`.
   */
  subclass?: string;
  /**
   * Not a call: a decorator (`@tool("x")`, `@function_tool(needs_approval=True)`, `@agent.tool`) on a
   * Python function. The callee is the decorator's (its callee when it is a call), the args its
   * arguments, and this names the function it decorates and its body.
   */
  decorates?: { name: string; fn: Sym };
}

export interface LoopIR {
  at: Pos;
  start: number;
  end: number;
  infinite: boolean;
  bound?: { sym: Sym; at: Pos };
  condText?: string;
  pauseAt?: Pos;
  /** A person's input read in the body (Python): `input()`, `Prompt.ask`, a WebSocket receive. TypeScript readline waits are found in extract (human-turns.ts). */
  humanAt?: Pos;
  consumes: Set<string>;
  pushes: Map<string, Pos>;
  sizeChecks: Map<string, { at: Pos; sym: Sym }[]>;
  fn?: string;
  /** A for loop over what one call returned (`for tc in reply.tool_calls`, Python): that call's offset. */
  overResultOf?: number;
  /** Start/end pairs of the body's statements that run on every iteration (declarations and expressions, not inside an if). */
  every?: number[];
}

export interface FnIR {
  id: string;
  at: Pos;
  start: number;
  end: number;
  depthGuard?: { at: Pos; sym: Sym };
}

export interface GuardIR {
  at: Pos;
  start: number;
  end: number;
  modelAt: Pos;
}

export interface FileIR {
  path: string;
  calls: CallIR[];
  loops: LoopIR[];
  fns: FnIR[];
  guards: GuardIR[];
  /** `expr`: reads in one `A ?? B` / `A || B` expression share the offset where it starts. */
  envReads: { name: string; at: Pos; expr?: number }[];
  secrets: { kind: string; redacted: string; at: Pos }[];
  sql: { op: string; at: Pos }[];
  /** Offsets of audit/trace calls (audit(), tracer.startActiveSpan(), span.end(), …). */
  audits: number[];
  /** Offsets of `.abort()` calls (a timer that aborts is a timeout). */
  aborts: number[];
  /** Branches chosen by a string: `case "x":` clauses and `if (name === "x")` blocks (tool dispatch by name). */
  branches: { label: string; at: Pos; start: number; end: number }[];
  exports: ModuleExports;
  parseError?: { at: Pos; message: string };
  /** Assignments to a library module's attributes or settings (`litellm.api_base = …`, `os.environ["X"] = …`); Python only. */
  assignments?: { target: Sym; value: Sym; at: Pos }[];
  /** The last function named `name` (id `<path>#<name>`), when the record can say without making FnIR objects (the TypeScript one). */
  lastFnSpan?(name: string): { start: number; end: number } | undefined;
  /** Offsets of pause / stop checks (`stop.is_set()`, `check_pause()`) anywhere, loops or not; Python only (callbacks and hooks that pause a framework run). */
  pauses?: number[];
}

/** Names of calls that audit or trace (in a tool body or around a model call). */
export const AUDIT_RE = /audit|trace|span|telemetry|observ|instrument/i;
