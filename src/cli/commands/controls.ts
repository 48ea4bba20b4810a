import { Command, Option } from "commander";
import { Chalk } from "chalk";
import type { Catalogue, FrameworkId } from "../../catalogue/load.js";
import { FRAMEWORK_IDS, mapFramework, type FrameworkMap } from "../../catalogue/crosswalk.js";
import { colorLevel } from "../color.js";
import type { CommandIO } from "../io.js";

export function registerControls(program: Command, io: CommandIO): void {
  program
    .command("controls")
    .description("the control catalogue: id, severity, domain and title of every control")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(new Option("--map <standard>", "one standard's items, the controls that give evidence for each, and the items psf does not cover").choices([...FRAMEWORK_IDS]))
    .option("--no-color", "no colour")
    .action(async (opts: { format: "text" | "json"; color: boolean; map?: FrameworkId }) => {
      const { loadCatalogue } = await import("../../catalogue/load.js"); // the catalogue only when the command runs
      const catalogue = loadCatalogue();
      if (opts.map) return void io.stdout.write(renderMap(catalogue, opts.map, opts.format, colorLevel(opts, io.stdout)));
      if (opts.format === "json") {
        const controls = catalogue.controls.map((c) => ({ id: c.id, domain: c.domain, severity: c.severity, title: c.title, evidence: c.evidence, crosswalk: c.crosswalk ?? [] }));
        io.stdout.write(JSON.stringify({ catalogue: catalogue.id, domains: catalogue.domains.map((d) => ({ id: d.id, title: d.title })), controls }, null, 2) + "\n");
        return;
      }
      const k = new Chalk({ level: colorLevel(opts, io.stdout, io.env) });
      const rows = [["ID", "SEVERITY", "DOMAIN", "TITLE"], ...catalogue.controls.map((c) => [c.id, c.severity, c.domain, c.title])];
      const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
      const line = (r: string[]) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join("  ");
      const out = [k.bold(line(rows[0]!)), ...rows.slice(1).map(line), "", k.dim(`${catalogue.controls.length} controls in ${catalogue.id}; \`psf explain ID\` for one control's rationale and fix`)];
      io.stdout.write(out.join("\n") + "\n");
    });
}

/** `psf controls --map`: every item of one standard, what gives evidence for it, and plainly what nothing does. */
export function renderMap(catalogue: Catalogue, id: FrameworkId, format: "text" | "json", color: 0 | 1 | 2 | 3): string {
  const map = mapFramework(catalogue, id) as FrameworkMap;
  const uncovered = map.items.filter((i) => i.controls.length === 0);
  if (format === "json") {
    const { framework } = map;
    return JSON.stringify({ catalogue: catalogue.id, framework: framework.id, title: framework.title, scope: framework.scope, items: map.items, uncovered: uncovered.map((i) => i.id) }, null, 2) + "\n";
  }
  const k = new Chalk({ level: color });
  const cell = (i: FrameworkMap["items"][number]) => (i.controls.length ? i.controls.map((c) => (c.partial ? `${c.control} (partial)` : c.control)).join(", ") : "not covered by psf");
  const rows = [["ITEM", "TITLE", "PSF CONTROLS"], ...map.items.map((i) => [i.id, i.title, cell(i)])];
  const widths = [0, 1].map((n) => Math.min(60, Math.max(...rows.map((r) => r[n]!.length))));
  const clip = (t: string, w: number) => (t.length > w ? `${t.slice(0, w - 1)}…` : t.padEnd(w));
  const line = (r: string[], i: number) => {
    const text = `${clip(r[0]!, widths[0]!)}  ${clip(r[1]!, widths[1]!)}  ${r[2]}`;
    return i === 0 ? k.bold(text) : map.items[i - 1]!.controls.length ? text : k.yellow(text);
  };
  const out = [k.bold(map.framework.title), ...(map.framework.scope ? [k.dim(map.framework.scope.trim())] : []), "", ...rows.map(line), ""];
  const covered = map.items.length - uncovered.length;
  out.push(`${covered} of ${map.items.length} items have evidence from psf; (partial) means the control gives some of the evidence the item asks for.`);
  out.push(uncovered.length ? `psf gives no evidence at all for: ${uncovered.map((i) => `${i.id} ${i.title}`).join("; ")}.` : "Every listed item has at least one control.");
  return out.join("\n") + "\n";
}
