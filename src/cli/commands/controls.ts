import { Command, Option } from "commander";
import { Chalk } from "chalk";
import { loadCatalogue } from "../../catalogue/load.js";
import { colorLevel } from "../color.js";
import type { CommandIO } from "../main.js";

export function registerControls(program: Command, io: CommandIO): void {
  program
    .command("controls")
    .description("the control catalogue: id, severity, domain and title of every control")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("--no-color", "no colour")
    .action((opts: { format: "text" | "json"; color: boolean }) => {
      const catalogue = loadCatalogue();
      if (opts.format === "json") {
        const controls = catalogue.controls.map((c) => ({ id: c.id, domain: c.domain, severity: c.severity, title: c.title, evidence: c.evidence }));
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
