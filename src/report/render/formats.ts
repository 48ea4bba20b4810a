import type { Renderer } from "./index.js";

/** The report formats, in the order help lists them; each renderer loads only when its format is asked for. */
export const FORMATS = ["text", "json", "html", "sarif", "junit", "markdown"] as const;

export const isFormat = (f: string): boolean => (FORMATS as readonly string[]).includes(f);

/** The format an output file implies by its extension, when no -f says otherwise. */
export function formatForFile(file: string): string | undefined {
  const ext = file.toLowerCase().split(".").pop();
  const byExt: Record<string, string> = { json: "json", sarif: "sarif", xml: "junit", md: "markdown", html: "html", htm: "html", txt: "text" };
  const f = ext ? byExt[ext] : undefined;
  return f && isFormat(f) ? f : undefined;
}

/**
 * The renderer for one format, loading its module (and only its). Text that will not be wrapped (no
 * terminal width: a pipe, a file) skips the wrapping library; `width` is the one the renderer is given.
 */
export async function loadRenderer(format: string, width?: number): Promise<Renderer> {
  switch (format) {
    case "text": {
      const { renderTextBody, wraps } = await import("./text-body.js");
      if (!wraps(width)) return (r, o) => renderTextBody(r, o);
      const { renderText } = await import("./text.js");
      return (r, o) => renderText(r, o);
    }
    case "json": { const { renderJson } = await import("./json.js"); return (r) => renderJson(r); }
    case "html": { const { renderHtml } = await import("./html.js"); return (r, o) => renderHtml(r, o); }
    case "sarif": { const { renderSarif } = await import("./sarif.js"); return (r, o) => renderSarif(r, { uriPrefix: o.uriPrefix, includePassing: o.sarifIncludePassing === true }); }
    case "junit": { const { renderJunit } = await import("./junit.js"); return (r, o) => renderJunit(r, { uriPrefix: o.uriPrefix }); }
    case "markdown": { const { renderMarkdown } = await import("./markdown.js"); return (r, o) => renderMarkdown(r, { uriPrefix: o.uriPrefix }); }
    default: throw new Error(`no renderer for format "${format}"`);
  }
}
