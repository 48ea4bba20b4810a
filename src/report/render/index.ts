import type { Report } from "../model.js";
import { renderText } from "./text.js";
import { renderJson } from "./json.js";

export interface RenderOptions {
  color: 0 | 1 | 2 | 3;
  quiet?: boolean;
}

export type Renderer = (report: Report, opts: RenderOptions) => string;

/** One renderer per output format; all read the same report from one evaluation. */
export const RENDERERS: Record<string, Renderer> = {
  text: (r, o) => renderText(r, o),
  json: (r) => renderJson(r),
};

/** The format an output file implies by its extension, when no -f says otherwise. */
export function formatForFile(file: string): string | undefined {
  const ext = file.toLowerCase().split(".").pop();
  const byExt: Record<string, string> = { json: "json", sarif: "sarif", xml: "junit", md: "markdown", html: "html", htm: "html", txt: "text" };
  const f = ext ? byExt[ext] : undefined;
  return f && RENDERERS[f] ? f : undefined;
}
