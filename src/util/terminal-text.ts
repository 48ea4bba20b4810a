/**
 * Text from the scanned repository (file names, code excerpts, manifest values) is data: on a
 * terminal it must not move the cursor, recolour the screen or retitle the window, and in a CI log
 * a line break inside it must not start a line of its own (GitHub's runner reads any output line
 * beginning with `::` as a workflow command). Control characters are therefore shown, not sent:
 * C0 controls as their Unicode control pictures (ESC → ␛, LF → ␤ in one-line text), DEL as ␡,
 * C1 controls and the bidirectional overrides that reorder what is shown as `\u…` escapes.
 */

/** C0 except tab, DEL, C1, and the bidi embeddings/overrides/isolates (Trojan Source). */
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_KEEPING_NEWLINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function picture(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code === 0x0a) return "\u2424"; // ␤ (the control picture for newline)
  if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␀ … ␟, ␛ for ESC
  if (code === 0x7f) return "\u2421"; // ␡
  return `\\u${code.toString(16).padStart(4, "0")}`;
}

/** One-line text with every control character made visible (newlines included). */
export function visibleControls(s: string): string {
  return s.replace(CONTROLS, picture);
}

/** Multi-line text: line breaks kept, every other control character made visible. */
export function visibleControlsMultiline(s: string): string {
  return s.replace(/\r\n/g, "\n").replace(CONTROLS_KEEPING_NEWLINES, picture);
}

/**
 * A deep copy of a value with every string made terminal-safe. Strings under `multiline` keys keep
 * their line breaks (psf's own remediation examples are YAML/code blocks); every other string is one line.
 */
export function terminalSafe<T>(value: T, multiline: ReadonlySet<string> = new Set()): T {
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (typeof v === "string") return key !== undefined && multiline.has(key) ? visibleControlsMultiline(v) : visibleControls(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value, undefined) as T;
}
