import type { SourceSet } from "../../sources/collect.js";
import type { FileIR } from "../ir.js";
import type { Facts } from "../types.js";

/**
 * Next.js route segment config: `export const maxDuration = 60` in a route handler (app/**\/route.ts,
 * an app/ page or layout, or pages/api/**) is a wall clock the platform enforces on every request
 * that route serves: the function is stopped when it runs out. It is recorded as a timeout site;
 * ABC-06 credits it (and names it) for the agent work in the project.
 */
export const ROUTE_FILE = /(^|\/)(app\/(.+\/)?(route|page|layout)\.[cm]?[jt]sx?|pages\/api\/.+\.[cm]?[jt]sx?)$/;
const DECL = /export\s+(?:const|let|var)\s+maxDuration\s*=/;

export function routeTimeouts(sources: SourceSet, irs: FileIR[], facts: Facts): void {
  const files = new Map(sources.files.map((f) => [f.path, f]));
  for (const ir of irs) {
    if (!ROUTE_FILE.test(ir.path)) continue;
    const v = ir.exports.names.get("maxDuration");
    if (!v || v.k !== "num" || !(v.v > 0)) continue;
    const src = files.get(ir.path)?.text ?? "";
    const m = DECL.exec(src);
    const before = m ? src.slice(0, m.index).split("\n") : [""];
    facts.timeouts.push({
      loc: { file: ir.path, line: before.length, column: before[before.length - 1]!.length + 1 },
      kind: "route-max-duration", ms: v.v * 1000,
      note: `Next.js route segment config maxDuration = ${v.v} s in ${ir.path} (enforced by the hosting platform, e.g. Vercel; \`next start\` on your own server does not enforce it)`,
    });
  }
}
