import { loadCatalogue, type CatalogueControl } from "../../catalogue/load.js";
import { crosswalkTag } from "../../catalogue/crosswalk.js";
import type { ControlResult, Finding, Report, Severity } from "../model.js";
import { ciLocation } from "./repo-root.js";
import { fingerprint } from "../fingerprint.js";

export { fingerprint, normalizeMessage } from "../fingerprint.js";

export interface SarifOptions {
  /** The manifest's folder relative to the repository root; report paths are relative to the manifest's folder. */
  uriPrefix?: string;
  /**
   * Also emit `kind: pass` / `notApplicable` results for controls without findings. Off by default:
   * code scanning closes an alert when its result is absent from the next upload of the same
   * category, and some integrations show every result, passing ones included, as an alert.
   */
  includePassing?: boolean;
}

/** GitHub code scanning ranks alerts by this number (CVSS-like, 0–10), read as a string. */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

/** The key of our own fingerprint; GitHub adds its own primaryLocationLineHash beside it. */
export const FINGERPRINT_KEY = "psfFindingHash/v1";

const LEVEL: Record<Finding["level"], "error" | "warning"> = { fail: "error", error: "error", warn: "warning" };

type Json = Record<string, unknown>;

/**
 * SARIF 2.1.0 as GitHub code scanning takes it: one rule per control, and a result for every finding
 * (fail, error, warn). A control that blocks or warns without a finding gets one result of its own.
 * With `includePassing`, passing and not-applicable controls get `kind: pass` / `notApplicable` results.
 */
export function renderSarif(report: Report, opts: SarifOptions = {}): string {
  const catalogue = catalogueById();
  const rules = report.controls.map((r) => rule(r, catalogue.get(r.id)));
  const results: Json[] = [];
  const seen = new Map<string, number>();
  report.controls.forEach((r, ruleIndex) => {
    for (const json of resultsFor(report, r, ruleIndex, opts.uriPrefix, opts.includePassing === true)) {
      // Two findings with the same rule, file and message would share a fingerprint; the ordinal keeps them apart.
      const fp = (json.partialFingerprints as Record<string, string>)[FINGERPRINT_KEY]!;
      const n = (seen.get(fp) ?? 0) + 1;
      seen.set(fp, n);
      if (n > 1) (json.partialFingerprints as Record<string, string>)[FINGERPRINT_KEY] = `${fp}:${n}`;
      results.push(json);
    }
  });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "psf",
            fullName: "psf — Production Safety Framework readiness assessment",
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: "https://github.com/psf-dev/psf",
            rules,
          },
        },
        // One category per deployment, so several manifests in one repository do not close each other's alerts.
        automationDetails: { id: `psf/${report.deployment.name}/` },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The root of the repository that holds the manifest." } } },
        invocations: [{ executionSuccessful: true, endTimeUtc: report.generatedAt }],
        results,
        properties: {
          ready: report.ready,
          strict: report.strict,
          catalogue: report.catalogue,
          generatedAt: report.generatedAt,
          deployment: report.deployment,
          manifest: ciLocation(report.manifest, {}, opts.uriPrefix).uri,
          summary: report.summary,
          worstCaseSpend72h: report.worstCaseSpend,
          coverage: report.coverage,
        },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}

function catalogueById(): Map<string, CatalogueControl> {
  return new Map(loadCatalogue().controls.map((c) => [c.id, c]));
}

function ruleName(title: string): string {
  return title.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

/** `owasp-agentic:ASI02`, `eu-ai-act:Art. 14(4)(e)`, …: the standards' items the control gives evidence for. */
function crosswalkTags(c: CatalogueControl | undefined): string[] {
  return (c?.crosswalk ?? []).map((x) => crosswalkTag(x.framework, x.item));
}

function rule(r: ControlResult, c: CatalogueControl | undefined): Json {
  const summary = c?.remediation.summary.trim() ?? r.remediation;
  // The catalogue's example, fenced by language, when the report shows it as is (a TypeScript agent);
  // otherwise the report's own, which follows the agent's language (Python code, or only the YAML).
  const catalogueExample = c ? [c.remediation.example, c.remediation.code_example].filter(Boolean).join("\n").trimEnd() : undefined;
  const examples = c && r.remediationExample === catalogueExample
    ? [{ code: c.remediation.example, lang: c.remediation.example_language }, ...(c.remediation.code_example ? [{ code: c.remediation.code_example, lang: "typescript" }] : [])]
    : r.remediationExample ? [{ code: r.remediationExample, lang: "" }] : [];
  const passes = c?.passes.trim();
  const rationale = c?.rationale.trim();
  const text = [
    `${r.id} ${r.title} (${r.severity})`,
    passes ? `Passes when: ${passes}` : "",
    rationale ? `Why: ${rationale}` : "",
    `Fix: ${summary}`,
    ...examples.map((e) => e.code.trimEnd()),
    `More: psf explain ${r.id}`,
  ].filter(Boolean).join("\n\n");
  const markdown = [
    `**${r.id} ${r.title}** (severity: ${r.severity})`,
    passes ? `**Passes when:** ${passes}` : "",
    rationale ? `**Why:** ${rationale}` : "",
    `**Fix:** ${summary}`,
    ...examples.map((e) => "```" + e.lang + "\n" + e.code.trimEnd() + "\n```"),
    `Run \`psf explain ${r.id}\` for more.`,
  ].filter(Boolean).join("\n\n");
  return {
    id: r.id,
    name: ruleName(r.title),
    shortDescription: { text: r.title },
    fullDescription: { text: rationale ?? passes ?? r.title },
    help: { text, markdown },
    defaultConfiguration: { level: "error" },
    properties: { "security-severity": SECURITY_SEVERITY[r.severity], severity: r.severity, tags: [r.domain, "security", ...crosswalkTags(c)] },
  };
}

function resultsFor(report: Report, r: ControlResult, ruleIndex: number, uriPrefix: string | undefined, includePassing: boolean): Json[] {
  const out: Json[] = [];
  for (const f of r.findings) {
    const loc = ciLocation(report.manifest, f, uriPrefix);
    const parts = [f.message];
    if (f.waiverRejected) parts.push(`(waiver not applied: ${f.waiverRejected})`);
    if (f.fix && !f.waived) parts.push(`— fix: ${f.fix}`);
    const json: Json = {
      ruleId: r.id,
      ruleIndex,
      kind: "fail",
      level: LEVEL[f.level],
      message: { text: parts.join(" ") },
      locations: [location(loc)],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(r.id, loc.uri, f.message) },
      properties: { severity: r.severity, controlStatus: r.status },
    };
    if (f.waived && f.waiver) {
      const w = f.waiver;
      const justification = `${w.reason}${w.approvedBy ? ` (approved by ${w.approvedBy}${w.expires ? `, expires ${w.expires}` : ""})` : w.expires ? ` (expires ${w.expires})` : ""}`;
      json.suppressions = [{ kind: w.source === "inline" ? "inSource" : "external", status: "accepted", justification, location: location(ciLocation(report.manifest, { file: w.file, line: w.line }, uriPrefix)) }];
    }
    out.push(json);
  }
  if (!r.findings.length && (includePassing || (r.status !== "pass" && r.status !== "not_applicable"))) {
    const loc = ciLocation(report.manifest, {}, uriPrefix);
    const kind = r.status === "pass" ? "pass" : r.status === "not_applicable" ? "notApplicable" : r.status === "warn" ? "review" : "fail";
    const level = kind === "pass" || kind === "notApplicable" ? "none" : r.status === "warn" ? "warning" : "error";
    const text = kind === "pass" ? `${r.id} passes` : kind === "notApplicable" ? `${r.id} does not apply to this deployment` : `${r.id} is ${r.status}`;
    const notes = r.notes.length ? `: ${r.notes.join("; ")}` : "";
    out.push({
      ruleId: r.id,
      ruleIndex,
      kind,
      level,
      message: { text: text + notes },
      locations: [location(loc)],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(r.id, loc.uri, `status ${kind}`) },
      properties: { severity: r.severity, controlStatus: r.status },
    });
  }
  return out;
}

function location(loc: { uri: string; line: number; column?: number }): Json {
  const region: Json = { startLine: loc.line };
  if (loc.column) region.startColumn = loc.column;
  return { physicalLocation: { artifactLocation: { uri: encodeUri(loc.uri), uriBaseId: "%SRCROOT%" }, region } };
}

/** A relative URI reference: each path segment percent-encoded, `/` kept. */
function encodeUri(p: string): string {
  return p.split("/").map((s) => encodeURIComponent(s)).join("/");
}
