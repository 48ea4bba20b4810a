import wrapAnsi from "wrap-ansi";
import type { Report } from "../model.js";
import { renderTextBody, wraps, type TextOptions } from "./text-body.js";

export type { TextOptions } from "./text-body.js";

/** The human report (text-body.ts), wrapped to `opts.width` when one of at least 40 columns is given. */
export function renderText(report: Report, opts: TextOptions): string {
  return wrapTo(renderTextBody(report, opts), opts.width);
}

function wrapTo(text: string, width: number | undefined): string {
  return wraps(width) ? wrapLines(text, width!) : text;
}

/** Wrap each line to `width`, indenting continuations two columns past the line's own indent; words longer than a line stay whole. */
function wrapLines(text: string, width: number): string {
  return text
    .split("\n")
    .map((line) => {
      const plain = line.replace(/\x1b\[[0-9;]*m/g, "");
      if (plain.length <= width) return line;
      const indent = /^ */.exec(line)![0].length;
      const hang = " ".repeat(Math.min(indent + 2, Math.floor(width / 2)));
      const [first, ...rest] = wrapAnsi(line.slice(indent), width - hang.length, { hard: false, trim: true }).split("\n");
      return [" ".repeat(indent) + first, ...rest.map((l) => hang + l)].join("\n");
    })
    .join("\n");
}
