import { Document, isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from "yaml";
import { allowEntry } from "../facts/hosts.js";
import type { Manifest, ToolDeclaration } from "../manifest/types.js";
import { controlTestGlob, mainLanguage } from "../controls/remediation.js";
import { DECLARED_NAMED, inManifestOrder, onlyDeclared } from "../sources/inventory.js";
import { someOf } from "../util/text.js";
import type { Detected } from "./detect.js";
import { PLACEHOLDER, type InitAnswers } from "./answers.js";

export interface ManifestTextOptions {
  /** What the `$schema=` header points at: a path relative to the manifest, or a URL. */
  schemaRef: string;
  /** Answers came from a person (false: `--yes`, placeholders). */
  interactive: boolean;
}

/** The manifest as data: detection and answers only, nothing invented. */
export function buildManifest(detected: Detected, answers: InitAnswers): Manifest {
  const m: Manifest = { psf: 1, deployment: { name: answers.name, owner: answers.owner, environment: "production" } };
  if (detected.exclude.length) m.agent = { root: ".", exclude: [...detected.exclude] };

  const spend: NonNullable<Manifest["spend"]> = {};
  if (answers.ceiling) spend.ceiling = answers.ceiling;
  const e = answers.enforcement;
  // The IaC file that sets the AWS budget up is the person's to name (provider.config); init does not guess it.
  if (e?.layer === "provider") spend.enforcement = { layer: "provider", on_exceed: "suspend", ...(e.kind ? { provider: { kind: e.kind } } : {}) };
  else if (e?.layer === "gateway") {
    const gateway: NonNullable<NonNullable<NonNullable<Manifest["spend"]>["enforcement"]>["gateway"]> = {};
    const kind = e.kind ?? detected.gateway.kind;
    if (kind) gateway.kind = kind;
    if (e.url) gateway.url = e.url;
    if (detected.gateway.urlEnv) gateway.url_env = detected.gateway.urlEnv;
    if (detected.gateway.keyEnv) gateway.key_env = detected.gateway.keyEnv;
    // on_exceed is a claim about the gateway's own configuration: only a person's answer makes it.
    spend.enforcement = { layer: "gateway", ...(e.kind ? { on_exceed: "suspend" as const } : {}), gateway };
  }
  spend.alerts = { thresholds: [50, 80, 100], channels: answers.alertChannels };
  m.spend = spend;

  m.oversight = { approvers: answers.approvers, notify: answers.notify };

  const boundaries: NonNullable<Manifest["boundaries"]> = {};
  const allow = new Set(detected.hosts);
  const gatewayOrigin = e?.layer === "gateway" && e.url ? allowEntry(e.url) : undefined;
  if (gatewayOrigin) allow.add(gatewayOrigin);
  if (detected.analysed || allow.size) boundaries.endpoints = { allow: [...allow].sort() };
  if (detected.tools.length) {
    boundaries.tools = detected.tools.map((t): ToolDeclaration => (t.access === "read" && !t.requiresApproval ? { name: t.name, access: t.access } : { name: t.name, access: t.access, requires_approval: t.requiresApproval }));
  }
  const limits: NonNullable<NonNullable<Manifest["boundaries"]>["limits"]> = {};
  if (answers.maxSteps !== undefined) limits.max_steps = answers.maxSteps;
  if (answers.timeout) limits.timeout = answers.timeout;
  if (Object.keys(limits).length) boundaries.limits = limits;
  if (Object.keys(boundaries).length) m.boundaries = boundaries;

  m.readiness = { reviewers: [...answers.reviewers], ...(detected.controlTests.length ? { control_tests: [...detected.controlTests] } : {}), reassess_every: "90d" };
  return m;
}

const SECTION_COMMENTS: Record<string, string> = {
  deployment: "Which deployment this is and who is accountable for it. `psf explain DRA-01`",
  agent: "The agent's source, which psf reads to check every declaration below against the code.\nTest files are left out: they are evidence for readiness.control_tests, not agent behaviour.",
  spend:
    "RSG · Resource and spend governance: one hard ceiling per period, enforced outside the agent\n(a gateway or the provider), with staged alerts. `psf explain RSG-01` … `RSG-07`",
  oversight: "OOC · Operator oversight: who approves risky tool calls and checkpoint pauses, and who hears\nabout them while the agent runs. Add oversight.checkpoints and pause_signal: `psf explain OOC-01`",
  boundaries:
    "ABC · Behaviour boundaries: where the agent may connect, what each tool may do (read | write |\ndestructive | spend) and how far one run may go. `psf explain ABC-01` … `ABC-08`",
  readiness: "DRA · Readiness: an independent reviewer (not the owner), tests that exercise the critical\nstops, and when to assess again. Set reviewed_at after the review. `psf explain DRA-01`",
};

const FLOW_PATHS: (string | number)[][] = [["spend", "ceiling"], ["spend", "alerts", "thresholds"]];

/** The commented YAML text of the manifest. */
export function renderManifestText(detected: Detected, answers: InitAnswers, opts: ManifestTextOptions): string {
  const manifest = buildManifest(detected, answers);
  const doc = new Document(manifest, { aliasDuplicateObjects: false });
  const header = [
    ` yaml-language-server: $schema=${opts.schemaRef}`,
    "",
    ` psf.yaml: the production-readiness manifest of this agent deployment (written by \`psf init\`).`,
    ` \`psf assess\` checks every declaration against the code; \`psf explain ID\` says why a control exists.`,
  ];
  if (!opts.interactive) header.push(` Values containing ${PLACEHOLDER} are placeholders: each one fails its control until a person replaces it.`);
  header.push("", ...detectionSummary(detected).map((l) => ` ${l}`));
  doc.commentBefore = header.join("\n");

  const root = doc.contents;
  if (!isMap(root)) throw new Error("manifest root is not a map");
  for (const pair of root.items as Pair<YamlNode, YamlNode>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const comment = SECTION_COMMENTS[key];
    if (comment) {
      (pair.key as YamlNode).commentBefore = comment.split("\n").map((l) => ` ${l}`).join("\n");
      (pair.key as YamlNode).spaceBefore = true;
    }
  }
  for (const p of FLOW_PATHS) setFlow(doc, p);
  const tools = doc.getIn(["boundaries", "tools"], true);
  if (isSeq(tools)) {
    tools.items.forEach((item, i) => {
      const t = detected.tools[i];
      if (!isMap(item) || !t) return;
      item.flow = true;
      item.comment = ` ${t.at}: ${t.why}`;
    });
  }
  noteOn(doc, ["deployment", "owner"], answers.owner.includes(PLACEHOLDER) ? " CHANGE-ME: the accountable engineer's e-mail" : undefined);
  noteOn(doc, ["spend", "enforcement", "gateway", "url_env"], " the model clients read the gateway URL from this variable");
  noteOn(doc, ["spend", "enforcement", "provider", "kind"], " add config: <the Terraform or CloudFormation file with the budget and its action> so RSG-07 can check it");
  noteOn(doc, ["boundaries", "limits", "max_steps"], detected.maxSteps !== undefined && answers.maxSteps === detected.maxSteps ? " as the source sets it" : undefined);
  noteOn(doc, ["readiness", "control_tests"], " the project's existing tests: DRA-02 needs them to cover the spend cap, the kill path and max_steps");

  const spend = doc.getIn(["spend"], true);
  if (isMap(spend)) {
    const missing: string[] = [];
    if (!answers.ceiling) missing.push(`${PLACEHOLDER}: declare the ceiling: ceiling: { amount: <what you can afford to lose per period>, currency: USD, period: 30d }`);
    if (!answers.enforcement) missing.push(`${PLACEHOLDER}: nothing outside the agent enforces the ceiling yet: enforcement: { layer: gateway, on_exceed: suspend, gateway: { kind: litellm, url: … } }`);
    else if (answers.enforcement.layer === "gateway" && !answers.enforcement.kind) {
      const kind = detected.gateway.kind;
      missing.push(kind ? `${PLACEHOLDER}: the code names a ${kind} gateway: check that it enforces the ceiling, and say what it does at the limit: ${answers.enforcement.url ? "" : "url: …, "}on_exceed: suspend` : `${PLACEHOLDER}: say which gateway enforces the ceiling and what it does at the limit: kind: litellm, url: …, on_exceed: suspend`);
    }
    if (missing.length) spend.commentBefore = missing.map((l) => ` ${l}`).join("\n");
  }
  const readiness = doc.getIn(["readiness"], true);
  if (isMap(readiness) && !detected.controlTests.length) readiness.commentBefore = ` No test files were found: add control_tests: ["${controlTestGlob(mainLanguage(detected.inventory?.languages ?? []))}"] once they exist.`;
  doc.comment = [" Not declared yet, each one a failing control until it is:", "   oversight.checkpoints, oversight.pause_signal (OOC), boundaries.termination, boundaries.policy (ABC),", "   audit (IAA), spend.cost_model and boundaries.limits.rate (RSG-06). `psf assess` lists the fix for each."].join("\n");
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n*$/, "\n");
}

function setFlow(doc: Document, p: (string | number)[]): void {
  const node = doc.getIn(p, true);
  if (isMap(node) || isSeq(node)) node.flow = true;
}

function noteOn(doc: Document, p: string[], note: string | undefined): void {
  if (!note) return;
  const node = doc.getIn(p, true);
  if (isScalar(node)) node.comment = note;
  else if (isSeq(node) || isMap(node)) node.commentBefore = note;
}

/** The header lines saying what was detected and from where. */
export function detectionSummary(d: Detected): string[] {
  const lines = [`Detected in this project (${d.sourceFiles} source file${d.sourceFiles === 1 ? "" : "s"}):`];
  if (d.inventory) {
    const inv = d.inventory;
    const langs = inv.languages.map((l) => `${l.language} ${l.files} file${l.files === 1 ? "" : "s"}${l.read ? "" : " (NOT read by psf)"}`);
    lines.push(`  languages: ${langs.length ? langs.join(", ") : "no source files"}`);
    // As the report's "What psf read" says it: what the code imports apart from what a manifest only declares.
    const ai = inv.packages.filter((p) => p.kind !== "ui");
    const declared = (ps: typeof ai) => (ps.length ? `; only declared in ${[...new Set(ps.map((p) => p.first_seen.file))].join(", ")} (imported by no file): ${someOf(ps.map((p) => p.name), DECLARED_NAMED)}` : "");
    const known = ai.filter((p) => p.recognized && !onlyDeclared(p)).map((p) => p.name);
    const knownDeclared = inManifestOrder(ai.filter((p) => p.recognized && onlyDeclared(p)));
    const unknown = ai.filter((p) => !p.recognized && !onlyDeclared(p)).map((p) => `${p.name} (${p.kind}, ${p.first_seen.file}:${p.first_seen.line})`);
    const unknownDeclared = inManifestOrder(ai.filter((p) => !p.recognized && onlyDeclared(p)));
    lines.push(`  AI packages psf recognizes: ${known.length ? known.join(", ") : "none imported"}${declared(knownDeclared)}`);
    if (unknown.length || unknownDeclared.length) lines.push(`  AI packages psf does NOT recognize (their runs, tools and model calls are not examined: warnings, or errors when psf reads no agent run, model call or client beside them; never passes): ${unknown.length ? unknown.join(", ") : "none imported"}${declared(unknownDeclared)}`);
  }
  lines.push(`  frameworks: ${d.frameworks.length ? d.frameworks.map((f) => `${f.name}${f.version ? ` ${f.version}` : ""} (${f.seen.slice(0, 3).join(", ")}${f.seen.length > 3 ? ", …" : ""})`).join("; ") : "none recognised"}`);
  if (d.analysed) {
    lines.push(`  model clients: ${d.clients.length ? d.clients.map((c) => `${c.api} at ${c.at}${c.urlEnv ? ` (base URL from ${c.urlEnv})` : c.url ? ` (base URL ${c.url})` : c.envDefault ? ` (no baseURL: the SDK reads ${c.envDefault}, else ${c.defaultHost ?? "its default host"})` : ""}`).join("; ") : "none found"}`);
    const g = d.gateway;
    if (g.urlEnv || g.url || g.kind) lines.push(`  gateway: ${[g.kind ?? "kind not named in the code", g.urlEnv ? `URL from ${g.urlEnv}` : g.url, g.keyEnv ? `key from ${g.keyEnv}` : undefined].filter(Boolean).join(", ")}`);
    lines.push(`  tools: ${d.tools.length ? d.tools.map((t) => `${t.name} (${t.access})`).join(", ") : "none found"}`);
    lines.push(`  outbound hosts: ${d.hosts.length ? d.hosts.join(", ") : "none found"}`);
  }
  for (const n of d.notes) lines.push(`  note: ${n}`);
  return lines;
}
