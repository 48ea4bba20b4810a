import { CATALOGUE_FILE, type Catalogue, type CatalogueControl } from "./load.js";

/*
 * docs/controls.md, written from the catalogue so the reference cannot drift from what psf checks.
 * `npm run docs` regenerates it; test/catalogue/controls-doc.test.ts fails when the committed copy is stale.
 */

const EVIDENCE_MEANING: Record<CatalogueControl["evidence"][number], string> = {
  manifest: "reads the manifest (`psf.yaml`)",
  source: "reads the agent's source code; every finding names file:line",
  file: "reads another file the manifest points to (gateway config, audit schema, policy files, tests, an earlier attestation)",
  report: "reads the verdicts of the other controls",
};

/** Catalogue prose is folded YAML: one paragraph per blank line, kept as Markdown paragraphs. */
const prose = (text: string) => text.trim().split(/\n\s*\n/).map((p) => p.replace(/\s+/g, " ")).join("\n\n");

/** A table cell: pipes escaped, on one line. */
const cell = (text: string) => text.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();

const fence = (lang: string, body: string) => `\`\`\`${lang}\n${body.trimEnd()}\n\`\`\``;

function control(c: CatalogueControl): string {
  const out = [
    `### ${c.id} ${c.title}`,
    "",
    `Severity **${c.severity}** · evidence: ${c.evidence.join(" + ")}${c.references?.length ? ` · reads ${c.references.map((r) => `\`${r}\``).join(", ")}` : ""}`,
    "",
    `**Passes when:** ${prose(c.passes)}`,
    "",
    `**Why it matters:** ${prose(c.rationale)}`,
    "",
    `**How to fix it:** ${prose(c.remediation.summary)}`,
    "",
    fence(c.remediation.example_language, c.remediation.example),
  ];
  if (c.remediation.code_example) out.push("", fence("typescript", c.remediation.code_example));
  if (c.remediation.python_example) out.push("", "In Python:", "", fence("python", c.remediation.python_example));
  const { neutral_example: neutralTs, python_neutral_example: neutralPy } = c.remediation;
  if (neutralTs || neutralPy) out.push("", "For an agent that does not import the framework the code above is written for:");
  if (neutralTs) out.push("", fence("typescript", neutralTs));
  if (neutralPy) out.push("", fence("python", neutralPy));
  return out.join("\n");
}

export function renderControlsDoc(catalogue: Catalogue): string {
  const parts = [
    `<!-- Generated from ${CATALOGUE_FILE} by \`npm run docs\`; do not edit by hand. -->`,
    "",
    `# The controls psf checks (${catalogue.id})`,
    "",
    `${catalogue.title} ${catalogue.version}: ${catalogue.controls.length} controls in ${catalogue.domains.length} domains. ` +
      "Each control ends in one verdict: `pass`, `fail`, `warn`, `waived`, `not_applicable` or `error`. " +
      "A deployment is ready when no control fails or errors (and, under `--strict`, none warns); an `error` " +
      "(evidence psf could not read) blocks readiness exactly as a `fail` does.",
    "",
    "`psf controls` prints this table and `psf explain ID` one control, from the same catalogue.",
    "",
    "Evidence kinds:",
    "",
    ...Object.entries(EVIDENCE_MEANING).map(([k, v]) => `- **${k}**: ${v}.`),
    "",
    "| id | severity | domain | title | evidence |",
    "|---|---|---|---|---|",
    ...catalogue.controls.map((c) => `| [${c.id}](#${anchor(c)}) | ${c.severity} | ${c.domain} | ${cell(c.title)} | ${c.evidence.join(" + ")} |`),
  ];
  for (const d of catalogue.domains) {
    parts.push("", `## ${d.id}: ${d.title}`, "", prose(d.summary));
    for (const c of catalogue.controls.filter((x) => x.domain === d.id)) parts.push("", control(c));
  }
  return parts.join("\n") + "\n";
}

/** GitHub's heading anchor for `### ID Title`: lower case, punctuation dropped, spaces to dashes. */
function anchor(c: CatalogueControl): string {
  return `${c.id} ${c.title}`.toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-");
}
