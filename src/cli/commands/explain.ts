import { Command, Option } from "commander";
import { Chalk } from "chalk";
import type { Catalogue, CatalogueControl } from "../../catalogue/load.js";
import { InputError } from "../../errors.js";
import { nearest } from "../../util/did-you-mean.js";
import { colorLevel } from "../color.js";
import type { CommandIO } from "../io.js";

/** The catalogue entry for `id`, matched case-insensitively; an unknown id names the nearest ones. */
export function findControl(catalogue: Catalogue, id: string): CatalogueControl {
  const wanted = id.trim().toUpperCase();
  const hit = catalogue.controls.find((c) => c.id === wanted);
  if (hit) return hit;
  const ids = catalogue.controls.map((c) => c.id);
  // "RSG-6" is RSG-06 mistyped, not a distance-2 neighbour of everything: try the zero-padded form first.
  const padded = /^([A-Z]{3})-?(\d)$/.exec(wanted);
  const guesses = padded && ids.includes(`${padded[1]}-0${padded[2]}`) ? [`${padded[1]}-0${padded[2]}`] : nearest(wanted, ids);
  throw new InputError(`unknown control "${id}"`, { file: "explain" }, guesses.length ? `did you mean ${guesses.join(", ")}? \`psf controls\` lists them all` : "`psf controls` lists every control");
}

/** Folded catalogue prose, wrapped for a terminal and indented. */
export function wrap(text: string, width = 88, indent = "  "): string {
  const lines: string[] = [];
  for (const para of text.trim().split(/\n\s*\n/)) {
    let line = "";
    for (const word of para.split(/\s+/)) {
      if (line && indent.length + line.length + 1 + word.length > width) {
        lines.push(indent + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(indent + line);
    lines.push("");
  }
  return lines.slice(0, -1).join("\n");
}

const indentBlock = (text: string, indent = "    ") => text.trimEnd().split("\n").map((l) => (l ? indent + l : l)).join("\n");

export function renderExplanation(catalogue: Catalogue, c: CatalogueControl, color: 0 | 1 | 2 | 3): string {
  const k = new Chalk({ level: color });
  const domain = catalogue.domains.find((d) => d.id === c.domain);
  const out = [
    `${k.bold(c.id)}  ${k.bold(c.title)}`,
    k.dim(`${c.severity} · ${c.domain} ${domain?.title ?? ""} · ${catalogue.id}`),
    "",
    k.bold("Why it matters"),
    wrap(c.rationale),
    "",
    k.bold("Passes when"),
    wrap(c.passes),
    "",
    k.bold("Evidence it reads"),
    `  ${c.evidence.join(", ")}${c.references?.length ? ` — ${c.references.join("; ")}` : ""}`,
    "",
    k.bold("How to fix it"),
    wrap(c.remediation.summary),
    "",
    `  ${k.dim(`${c.remediation.example_language}:`)}`,
    indentBlock(c.remediation.example),
  ];
  if (c.remediation.code_example) out.push("", `  ${k.dim("code:")}`, indentBlock(c.remediation.code_example));
  if (c.remediation.python_example) out.push("", `  ${k.dim("python:")}`, indentBlock(c.remediation.python_example));
  // The code shown to an agent on another framework, or one psf does not read.
  if (c.remediation.neutral_example) out.push("", `  ${k.dim("any framework:")}`, indentBlock(c.remediation.neutral_example));
  if (c.remediation.python_neutral_example) out.push("", `  ${k.dim("python, any framework:")}`, indentBlock(c.remediation.python_neutral_example));
  out.push(...evidenceFor(catalogue, c, k));
  return out.join("\n") + "\n";
}

/** "Gives evidence for": the standards' items this control maps to, one line per standard, partial ones marked. */
function evidenceFor(catalogue: Catalogue, c: CatalogueControl, k: InstanceType<typeof Chalk>): string[] {
  if (!c.crosswalk?.length) return [];
  const lines = ["", k.bold("Gives evidence for")];
  for (const f of catalogue.frameworks ?? []) {
    const items = c.crosswalk.filter((x) => x.framework === f.id);
    if (!items.length) continue;
    lines.push(`  ${f.title}`);
    for (const x of items) {
      const title = f.items.find((i) => i.id === x.item)?.title ?? "";
      lines.push(`    ${x.item.padEnd(14)} ${title}${x.partial ? k.dim(" (partial)") : ""}`);
    }
  }
  lines.push(k.dim("  partial: the control gives some of the evidence the item asks for, not all of it; `psf controls --map <standard>` for the whole table"));
  return lines;
}

export function registerExplain(program: Command, io: CommandIO): void {
  program
    .command("explain")
    .description("one control: why it matters, what passes, the evidence it reads and the YAML/code that fixes it")
    .argument("<id>", "a control id such as RSG-06 (case-insensitive)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("--no-color", "no colour")
    .action(async (id: string, opts: { format: "text" | "json"; color: boolean }) => {
      const { loadCatalogue } = await import("../../catalogue/load.js"); // the catalogue only when the command runs
      const catalogue = loadCatalogue();
      const control = findControl(catalogue, id);
      if (opts.format === "json") io.stdout.write(JSON.stringify({ catalogue: catalogue.id, ...control }, null, 2) + "\n");
      else io.stdout.write(renderExplanation(catalogue, control, colorLevel(opts, io.stdout, io.env)));
    });
}
