import { defineControl, fail, type ControlDefinition, type RawFinding } from "./types.js";
import { runSourceCheck } from "./source/index.js";
import { evidenceProblem } from "./evidence-findings.js";
import { jsonSchemaProblem, missingAuditFields, offsetToPosition, requiredPaths } from "./audit-schema.js";

export const iaaControls: ControlDefinition[] = [
  defineControl({
    id: "IAA-01",
    evaluate(ctx) {
      const schemaPath = ctx.manifest.audit?.schema;
      const at = ["audit", "schema"];
      if (!schemaPath) return { findings: [fail("no audit record schema is declared: an incident cannot be reconstructed from an unknown record shape", ["audit", "schema"], "add audit.schema: schemas/audit-record.schema.json (a JSON Schema of one audit record)")] };
      const read = ctx.evidence.read(schemaPath);
      if (!read.ok) return { findings: [evidenceProblem(read, at, "the audit schema")] };
      let schema: unknown;
      try {
        schema = JSON.parse(read.text);
      } catch (e) {
        const m = /position (\d+)/.exec((e as Error).message);
        const pos = m ? offsetToPosition(read.text, Number(m[1])) : { line: 1, column: 1 };
        return { findings: [{ level: "fail", message: `the audit schema ${read.path} is not JSON: ${(e as Error).message}`, loc: { file: read.path, ...pos }, fix: "make it a JSON Schema document" }] };
      }
      const problem = jsonSchemaProblem(schema);
      if (problem) return { findings: [{ level: "fail", message: `the audit schema ${read.path} ${problem}`, loc: { file: read.path, line: 1, column: 1 }, fix: "make it a valid JSON Schema (draft 2020-12) of one audit record" }] };
      const missing = missingAuditFields(requiredPaths(schema as Record<string, unknown>));
      if (missing.length) {
        return {
          findings: [{ level: "fail", message: `audit records do not require: ${missing.join(", ")}`, loc: { file: read.path, line: 1, column: 1 }, fix: `add these to the schema's properties and \`required\`: ${missing.join(", ")}` }],
        };
      }
      return { findings: [], notes: [`${read.path} requires every reconstruction field`] };
    },
  }),
  defineControl({
    id: "IAA-02",
    evaluate({ manifest }) {
      const a = manifest.audit;
      const findings: RawFinding[] = [];
      if (!a?.tamper_evidence || a.tamper_evidence === "none") {
        findings.push(fail(a?.tamper_evidence ? "audit records are not tamper-evident (tamper_evidence: none)" : "tamper evidence is not declared", ["audit", "tamper_evidence"], "set audit.tamper_evidence: hash_chain (or ed25519)"));
      }
      if (a?.signing_key_access !== "orchestrator") {
        findings.push(fail(a?.signing_key_access === "agent" ? "the agent holds the record-signing key: it could rewrite its own history" : "who holds the record-signing key is not declared", ["audit", "signing_key_access"], "set audit.signing_key_access: orchestrator, and keep the key out of the agent's process"));
      }
      return { findings };
    },
  }),
  defineControl({
    id: "IAA-03",
    evaluate({ manifest }) {
      const sink = manifest.audit?.sink;
      if (!sink) return { findings: [fail("no audit sink is declared", ["audit", "sink"], "add audit.sink: { kind: otlp, location: \"http://otel-collector.internal:4318\", queryable: true }")] };
      const findings: RawFinding[] = [];
      if (!sink.kind || !sink.location) findings.push(fail(`the audit sink has no ${!sink.kind ? "kind" : "location"}: it needs both kind and location`, ["audit", "sink", !sink.kind ? "kind" : "location"], "write sink: { kind: otlp, location: \"http://otel-collector.internal:4318\", queryable: true }"));
      if (sink.queryable !== true) findings.push(fail("the audit sink is not queryable during a live run", ["audit", "sink", "queryable"], "use a sink operators can query while the agent runs, and set queryable: true"));
      return { findings };
    },
  }),
  defineControl({ id: "IAA-04", evaluate: (ctx) => runSourceCheck("IAA-04", ctx) }),
  defineControl({
    id: "IAA-05",
    evaluate({ manifest }) {
      if (!manifest.audit?.retention) return { findings: [fail("no audit retention period is declared", ["audit", "retention"], "add audit.retention: 400d")] };
      return { findings: [] };
    },
  }),
];
