import type { Report } from "../model.js";
import { renderText } from "./text.js";
import { renderJson } from "./json.js";
import { renderHtml } from "./html.js";
import { renderSarif } from "./sarif.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";

export interface RenderOptions {
  color: 0 | 1 | 2 | 3;
  quiet?: boolean;
  /** Text: one line per finding. */
  compact?: boolean;
  /** Text: wrap to this many columns (the terminal's width). */
  width?: number;
  /** The manifest's folder relative to the repository root; CI formats (sarif, junit, markdown) put it before every path. */
  uriPrefix?: string;
  /** The signing key's id, when the report is signed (html shows it). */
  keyid?: string;
  /** SARIF: also a result for each passing and not-applicable control (`--sarif-include-passing`). */
  sarifIncludePassing?: boolean;
}

export type Renderer = (report: Report, opts: RenderOptions) => string;

/** One renderer per output format; all read the same report from one evaluation. */
export const RENDERERS: Record<string, Renderer> = {
  text: (r, o) => renderText(r, o),
  json: (r) => renderJson(r),
  html: (r, o) => renderHtml(r, o),
  sarif: (r, o) => renderSarif(r, { uriPrefix: o.uriPrefix, includePassing: o.sarifIncludePassing === true }),
  junit: (r, o) => renderJunit(r, { uriPrefix: o.uriPrefix }),
  markdown: (r, o) => renderMarkdown(r, { uriPrefix: o.uriPrefix }),
};
