// A manifest finding points at the key it is about; for a missing key, at the mapping it belongs in
// (never at a comment, nor at an unrelated section such as `deployment:`), and its message says what is missing.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { project, removeProjects } from "../helpers.js";

afterAll(removeProjects);

const HEAD = "# the operator's manifest\n# (two comment lines, so line 1 is not the top-level mapping)\npsf: 1\ndeployment:\n  name: demo-agent\n  owner: alice@example.net\n";
const NOW = new Date("2026-11-21T12:00:00Z");

interface Case {
  name: string;
  control: string;
  yaml: string;
  /** The finding (by its message) … */
  says: RegExp;
  /** … is on the manifest line that starts with this (after indentation and a list dash). */
  line: string;
  /** Its fix names this, and never `not`. */
  fix?: RegExp;
  not?: RegExp;
}

const cases: Case[] = [
  { name: "DRA-04 with no waivers: the top-level mapping, saying none is declared", control: "DRA-04", yaml: "", says: /^not ready: .*; none is waived: the manifest has no waivers$/, line: "psf: 1" },
  { name: "DRA-04 with waivers: the waivers key", control: "DRA-04", yaml: "waivers:\n  - control: IAA-05\n    reason: pilot\n    approved_by: carol@example.net\n    expires: 2027-01-31\n", says: /^not ready: \d+ controls block readiness \([^)]*\)$/, line: "waivers:" },
  { name: "DRA-04: an expired waiver of a blocking control, at its expiry", control: "DRA-04", yaml: "audit:\n  retention: 30d\nwaivers:\n  - control: IAA-03\n    reason: pilot\n    approved_by: carol@example.net\n    expires: 2026-01-31\n", says: /^IAA-03 still blocks readiness: the waiver at psf\.yaml:\d+ does not apply: it expired on 2026-01-31$/, line: "expires: 2026-01-31" },
  { name: "DRA-04: a waiver approved by the owner, at its approver", control: "DRA-04", yaml: "audit:\n  retention: 30d\nwaivers:\n  - control: IAA-03\n    reason: pilot\n    approved_by: alice@example.net\n    expires: 2027-01-31\n", says: /^IAA-03 still blocks readiness: .*approved by the owner/, line: "approved_by: alice@example.net" },
  { name: "RSG-01, no spend section: the top-level mapping, not a comment", control: "RSG-01", yaml: "", says: /no hard spend ceiling/, line: "psf: 1" },
  { name: "RSG-02 gateway with no url: the gateway", control: "RSG-02", yaml: "spend:\n  ceiling: { amount: 1, currency: USD, period: 1d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway:\n      kind: litellm\n", says: /no gateway is declared/, line: "gateway:" },
  { name: "RSG-02 on_exceed missing: enforcement", control: "RSG-02", yaml: "spend:\n  ceiling: { amount: 1, currency: USD, period: 1d }\n  enforcement:\n    layer: provider\n", says: /on_exceed is not declared/, line: "enforcement:" },
  { name: "RSG-03 no channel: alerts", control: "RSG-03", yaml: "spend:\n  alerts:\n    thresholds: [50, 80, 100]\n", says: /no channel/, line: "alerts:" },
  { name: "RSG-06 alert-only gateway ceiling: on_exceed, fixing only that", control: "RSG-06", yaml: "spend:\n  ceiling: { amount: 200, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: alert\n    gateway: { url: \"http://gw:4000\" }\n", says: /unbounded.*on_exceed is alert/, line: "on_exceed: alert", fix: /^set spend\.enforcement\.on_exceed: suspend$/ },
  { name: "RSG-06 application-enforced ceiling: layer", control: "RSG-06", yaml: "spend:\n  ceiling: { amount: 200, currency: USD, period: 30d }\n  enforcement:\n    layer: application\n    on_exceed: suspend\n", says: /unbounded.*enforced by the application layer/, line: "layer: application", fix: /^set spend\.enforcement\.layer: gateway/, not: /ceiling:|on_exceed/ },
  { name: "RSG-06 gateway rate with no cost per call: the spend section it belongs in", control: "RSG-06", yaml: "spend:\n  alerts:\n    thresholds: [50, 80, 100]\nboundaries:\n  limits:\n    rate: { calls: 60, per: 1m, enforced_by: gateway }\n", says: /unbounded.*no spend\.cost_model\.max_cost_per_call/, line: "spend:", fix: /max_cost_per_call/, not: /rate|ceiling/ },
  { name: "RSG-06 concurrency declared, cost per call missing: names only the cost", control: "RSG-06", yaml: "spend:\n  ceiling: { amount: 200, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { url: \"http://gw:4000\" }\nboundaries:\n  limits:\n    max_concurrency: 4\n", says: /overshoot is not: no spend\.cost_model\.max_cost_per_call/, line: "spend:", fix: /max_cost_per_call/, not: /max_concurrency/ },
  { name: "RSG-06 cost per call declared, concurrency missing: names only the concurrency", control: "RSG-06", yaml: "spend:\n  ceiling: { amount: 200, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { url: \"http://gw:4000\" }\n  cost_model:\n    max_cost_per_call: { amount: 0.06, currency: USD }\nboundaries:\n  limits:\n    max_steps: 10\n", says: /overshoot is not: no boundaries\.limits\.max_concurrency/, line: "limits:", fix: /max_concurrency/, not: /max_cost_per_call/ },
  { name: "RSG-06 cost per call in another currency: its currency", control: "RSG-06", yaml: "spend:\n  ceiling: { amount: 200, currency: USD, period: 30d }\n  enforcement:\n    layer: gateway\n    on_exceed: suspend\n    gateway: { url: \"http://gw:4000\" }\n  cost_model:\n    max_cost_per_call:\n      amount: 0.06\n      currency: EUR\nboundaries:\n  limits:\n    max_concurrency: 4\n", says: /max_cost_per_call is in EUR, the ceiling in USD/, line: "currency: EUR", fix: /in USD/, not: /max_concurrency/ },
  { name: "OOC-02 no interval: the pause signal", control: "OOC-02", yaml: "oversight:\n  pause_signal:\n    mechanism: poll\n", says: /no polling interval/, line: "pause_signal:" },
  { name: "OOC-04 no approvers: oversight", control: "OOC-04", yaml: "oversight:\n  notify: [\"slack:#ops\"]\n", says: /no approvers/, line: "oversight:" },
  { name: "ABC-03 no max_steps: limits", control: "ABC-03", yaml: "boundaries:\n  termination: [\"done\"]\n  limits:\n    timeout: 2h\n", says: /max_steps is not declared/, line: "limits:" },
  { name: "ABC-03 no termination: boundaries", control: "ABC-03", yaml: "boundaries:\n  limits:\n    max_steps: 10\n", says: /no termination condition/, line: "boundaries:" },
  { name: "ABC-05 no concurrency: limits", control: "ABC-05", yaml: "boundaries:\n  endpoints:\n    allow: [\"https://x.example\"]\n  limits:\n    rate: { calls: 1, per: 1s }\n", says: /no concurrency limit/, line: "limits:" },
  { name: "ABC-07 no engine: policy", control: "ABC-07", yaml: "boundaries:\n  limits:\n    max_steps: 3\n  policy:\n    files: [p.rego]\n", says: /no policy engine/, line: "policy:" },
  { name: "IAA-02 no tamper evidence: audit", control: "IAA-02", yaml: "audit:\n  retention: 30d\n  signing_key_access: orchestrator\n", says: /tamper evidence is not declared/, line: "audit:" },
  { name: "IAA-03 sink with no location: the sink, naming it", control: "IAA-03", yaml: "audit:\n  retention: 30d\n  sink:\n    kind: otlp\n    queryable: true\n", says: /the audit sink has no location/, line: "sink:" },
  { name: "IAA-03 not queryable: queryable", control: "IAA-03", yaml: "audit:\n  sink:\n    kind: s3\n    location: s3://bucket\n    queryable: false\n", says: /not queryable/, line: "queryable: false" },
  { name: "IAA-05 no retention: audit", control: "IAA-05", yaml: "audit:\n  tamper_evidence: hash_chain\n", says: /no audit retention/, line: "audit:" },
  { name: "DRA-01 no reviewers: readiness", control: "DRA-01", yaml: "readiness:\n  reviewed_at: 2026-11-02\n", says: /no reviewers are named/, line: "readiness:" },
  { name: "DRA-02 no control tests: readiness", control: "DRA-02", yaml: "readiness:\n  reviewed_at: 2026-11-02\n", says: /no control tests are declared/, line: "readiness:" },
  { name: "DRA-01 an empty reviewers list: the list", control: "DRA-01", yaml: "readiness:\n  reviewed_at: 2026-11-02\n  reviewers: []\n", says: /no reviewers are named/, line: "reviewers: []" },
  { name: "DRA-02 an empty control_tests list: the list", control: "DRA-02", yaml: "readiness:\n  reviewed_at: 2026-11-02\n  control_tests: []\n", says: /no control tests are declared/, line: "control_tests: []" },
  { name: "RSG-03 an empty channels list: the list", control: "RSG-03", yaml: "spend:\n  alerts:\n    thresholds: [50, 80, 100]\n    channels: []\n", says: /no channel/, line: "channels: []" },
  { name: "OOC-04 an empty notify list: the list", control: "OOC-04", yaml: "oversight:\n  approvers: [bob@example.net]\n  notify: []\n", says: /no notify channel/, line: "notify: []" },
  { name: "ABC-01 an empty allowlist: the list", control: "ABC-01", yaml: "boundaries:\n  endpoints:\n    allow: []\n", says: /no endpoint allowlist/, line: "allow: []" },
  { name: "ABC-07 an empty policy file list: the list", control: "ABC-07", yaml: "boundaries:\n  policy:\n    engine: opa\n    files: []\n", says: /names no files/, line: "files: []" },
  { name: "DRA-03 no interval: readiness", control: "DRA-03", yaml: "readiness:\n  reviewed_at: 2026-11-02\n", says: /no reassessment interval/, line: "readiness:" },
];

describe("manifest findings point at the key they are about", () => {
  it.each(cases)("$name", (c) => {
    const text = HEAD + c.yaml;
    const dir = project({ "psf.yaml": text });
    const { report } = assess(path.join(dir, "psf.yaml"), { now: NOW });
    const r = report.controls.find((x) => x.id === c.control)!;
    const all = r.findings.map((f) => `${f.file}:${f.line} ${f.message} — ${f.fix}`).join("\n");
    const f = r.findings.find((x) => c.says.test(x.message));
    expect(f, `no finding ${c.says} in:\n${all}`).toBeDefined();
    expect(f!.file).toBe("psf.yaml");
    const lines = readFileSync(path.join(dir, "psf.yaml"), "utf8").split("\n");
    expect(lines[f!.line! - 1]!.trim().replace(/^- /, ""), all).toMatch(new RegExp(`^${c.line.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    if (c.fix) expect(f!.fix).toMatch(c.fix);
    if (c.not) for (const g of r.findings) expect(g.fix ?? "", all).not.toMatch(c.not);
  });
});
