/**
 * Typed errors. Nothing below `cli/` prints or exits: it throws one of these and the
 * entry point maps it to an exit code (InputError → 2, anything else → 3).
 */

export interface SourcePosition {
  /** Path as the user would type it (relative to the working directory when possible). */
  file: string;
  line?: number;
  column?: number;
}

/** Bad input or usage: exit 2, one clear message, no stack trace. */
export class InputError extends Error {
  readonly position: SourcePosition | undefined;
  readonly hint: string | undefined;
  /** Further problems of the same input, each already `file:line:col: message (hint)`: printed one per line. */
  readonly more: string[];
  constructor(message: string, position?: SourcePosition, hint?: string, more: string[] = []) {
    super(message);
    this.name = "InputError";
    this.position = position;
    this.hint = hint;
    this.more = more;
  }

  /** `file:line:col: message (hint)` — the single line the user sees. */
  format(): string {
    const where = this.position ? formatPosition(this.position) + ": " : "";
    return `${where}${this.message}${this.hint ? ` (${this.hint})` : ""}`;
  }
}

export function formatPosition(p: SourcePosition): string {
  let s = p.file;
  if (p.line !== undefined) {
    s += `:${p.line}`;
    if (p.column !== undefined) s += `:${p.column}`;
  }
  return s;
}

/** A bug or broken installation in psf itself: exit 3, and the message says so. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InternalError";
  }
}
