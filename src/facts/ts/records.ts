import type { ts } from "ts-morph";
import { LazyPos, type LineMap, type ModuleExports, type Pos, type Sym } from "../sym.js";
import type { CallIR, FileIR, FnIR, GuardIR, LoopIR } from "../ir.js";

/** The TypeScript walk's records and scopes: what it keeps per file and per function. */

/** A function as the walk records it: its position is its start, made into a Pos only when asked. */
export class FnRecord implements FnIR {
  // Declared, not initialised: most functions never get either, and every field costs memory
  // (hundreds of thousands of functions are kept until cross-file resolution).
  declare depthGuard?: { at: Pos; sym: Sym };
  declare private fullId?: string;
  constructor(private readonly name: string, readonly start: number, readonly end: number, private readonly lines: LineMap) {}
  /** `file#name`, built when first asked for (most functions never are). */
  get id(): string {
    return (this.fullId ??= this.lines.idPrefix + this.name);
  }
  get at(): Pos {
    return new LazyPos(this.start, this.lines);
  }
}

/**
 * A file's record. Its functions (a project has hundreds of thousands, all kept until cross-file
 * resolution, and most never asked about) are kept as a name and two numbers each, and made into
 * FnIR objects only when first asked for.
 */
export class FileRecord implements FileIR {
  readonly calls: CallIR[] = [];
  readonly loops: LoopIR[] = [];
  readonly guards: GuardIR[] = [];
  readonly envReads: { name: string; at: Pos; expr?: number }[] = [];
  readonly secrets: { kind: string; redacted: string; at: Pos }[] = [];
  readonly sql: { op: string; at: Pos }[] = [];
  readonly audits: number[] = [];
  readonly aborts: number[] = [];
  readonly branches: { label: string; at: Pos; start: number; end: number }[] = [];
  readonly exports: ModuleExports = { names: new Map(), star: [] };
  declare parseError?: { at: Pos; message: string };
  /** Per function, in walk order: its name, and its start and end. */
  private readonly fnNames: string[] = [];
  private readonly fnSpans: number[] = [];
  private fnGuards: Map<number, { at: Pos; sym: Sym }> | undefined;
  private fnList: FnIR[] | undefined;
  constructor(readonly path: string, readonly lines: LineMap) {}

  /** Record a function; returns its index. */
  addFn(name: string, start: number, end: number): number {
    this.fnNames.push(name);
    this.fnSpans.push(start, end);
    return this.fnNames.length - 1;
  }
  setDepthGuard(index: number, guard: { at: Pos; sym: Sym }): void {
    (this.fnGuards ??= new Map()).set(index, guard);
  }
  /** The functions as recorded (names, start/end pairs, depth guards by index), for the facts cache. */
  fnTable(): { names: readonly string[]; spans: readonly number[]; guards: ReadonlyMap<number, { at: Pos; sym: Sym }> } {
    return { names: this.fnNames, spans: this.fnSpans, guards: this.fnGuards ?? new Map() };
  }
  /** The span of the last function named `name` (whose id is `<path>#<name>`), without making function objects. */
  lastFnSpan(name: string): { start: number; end: number } | undefined {
    for (let k = this.fnNames.length - 1; k >= 0; k--) if (this.fnNames[k] === name) return { start: this.fnSpans[2 * k]!, end: this.fnSpans[2 * k + 1]! };
    return undefined;
  }
  get fns(): FnIR[] {
    if (this.fnList) return this.fnList;
    const list: FnIR[] = [];
    for (let i = 0; i < this.fnNames.length; i++) {
      const f = new FnRecord(this.fnNames[i]!, this.fnSpans[2 * i]!, this.fnSpans[2 * i + 1]!, this.lines);
      const g = this.fnGuards?.get(i);
      if (g) f.depthGuard = g;
      list.push(f);
    }
    return (this.fnList = list);
  }
}

export type Binding =
  | { k: "import"; sym: Sym }
  | { k: "const"; init: ts.Expression; memo?: Sym; busy?: boolean; name: string }
  | { k: "destr"; init: ts.Expression; path: string[] }
  | { k: "fn"; id: string }
  | { k: "opaque"; why: string; name: string };

/** The taint map of a frame where nothing is tainted yet; shared, never written (see taint()). */
export const NO_TAINT: ReadonlyMap<string, Pos> = new Map();

export const ANONYMOUS = "<anonymous>";
/** `<anonymous>@line` strings, shared by every file (thousands of files repeat the same few hundred). */
export const ANONYMOUS_AT: string[] = [];

/**
 * The scopes of one file as a single map of the bindings in view and an undo log, rather than a
 * map per scope: most scopes declare a name or two, and a project has hundreds of thousands.
 * Declarations only ever go into the innermost scope, so the latest binding of a name is the one
 * in view.
 */
export class Scopes {
  private readonly visible = new Map<string, Binding>();
  private readonly undoNames: string[] = [];
  private readonly undoPrev: (Binding | undefined)[] = [];
  private readonly marks: number[] = [];

  /** How many scopes are open inside the file's top level. */
  get depth(): number {
    return this.marks.length;
  }
  get(name: string): Binding | undefined {
    return this.visible.get(name);
  }
  /** Declare in the innermost scope. */
  set(name: string, b: Binding): void {
    if (this.marks.length) {
      this.undoNames.push(name);
      this.undoPrev.push(this.visible.get(name));
    }
    this.visible.set(name, b);
  }
  open(): void {
    this.marks.push(this.undoNames.length);
  }
  close(): void {
    const mark = this.marks.pop()!;
    // pop(), not `length = mark`: setting an array's length is a slow runtime call, and most
    // scopes close with nothing to undo.
    const names = this.undoNames, prevs = this.undoPrev;
    while (names.length > mark) {
      const name = names.pop()!;
      const prev = prevs.pop();
      if (prev === undefined) this.visible.delete(name);
      else this.visible.set(name, prev);
    }
  }
}

/** The binding of every parameter (shared: opaque bindings are never written to). */
export const PARAMETER: Binding = Object.freeze({ k: "opaque", why: "a parameter", name: "" });

/** The loops of a frame that has none yet (frozen: visitLoop gives the frame its own list). */
export const NO_LOOPS: LoopIR[] = Object.freeze([]) as unknown as LoopIR[];

export const NO_PARAMS: readonly string[] = [];

export interface FnFrame {
  /** Parameter names (a list: functions have few). */
  params: readonly string[];
  tainted: ReadonlyMap<string, Pos>;
  loops: LoopIR[];
  ir: FnIR | undefined;
}
