import { supportsColor } from "chalk";

/**
 * Colour level for a stream: --no-color and NO_COLOR (any non-empty value) turn it off, FORCE_COLOR
 * turns it on (0–3), otherwise colour only on a terminal.
 */
export function colorLevel(opts: { color?: boolean }, stream: NodeJS.WriteStream | undefined, env: NodeJS.ProcessEnv = process.env): 0 | 1 | 2 | 3 {
  if (opts.color === false) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === "" || force === "true") return 1;
    if (force === "false" || force === "0") return 0;
    const n = Number(force);
    if (Number.isInteger(n) && n >= 0 && n <= 3) return n as 0 | 1 | 2 | 3;
    return 1;
  }
  if (!stream?.isTTY) return 0;
  return supportsColor ? (supportsColor.level as 0 | 1 | 2 | 3) : 0;
}

/** The width to wrap text to: the terminal's, or COLUMNS when set; none for pipes and files. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } | undefined, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (stream?.isTTY && stream.columns) return stream.columns;
  const cols = Number(env.COLUMNS);
  return Number.isInteger(cols) && cols > 0 ? cols : undefined;
}
