// IAA-01 checks that the audit schema is a JSON Schema with a meta-schema validator generated at build
// time, and compiles with ajv only what that cannot judge. The verdict and its wording must be the ones
// compiling gives, on every draft psf names and on every kind of mistake.
import { describe, expect, it } from "vitest";
import { compiledProblem, jsonSchemaProblem } from "../../src/controls/audit-schema.js";
import { metaValidator } from "../../src/controls/meta-schemas.js";

const D2020 = "https://json-schema.org/draft/2020-12/schema";
const D2019 = "https://json-schema.org/draft/2019-09/schema";
const D07 = "http://json-schema.org/draft-07/schema#";

const cases: [string, object][] = [
  ["a valid record schema", { $schema: D2020, $id: "https://x.example/audit", type: "object", required: ["ts"], properties: { ts: { type: "string", pattern: "^\\d{4}-" } } }],
  ["no $schema (2020-12, ajv's default)", { type: "object", properties: { a: { type: "integer", minimum: 0 } } }],
  ["a type that is not a JSON type", { $schema: D2020, type: "object", properties: { a: { type: "text" } } }],
  ["required that is not a list", { $schema: D2020, type: "object", required: "ts" }],
  ["minimum that is not a number", { $schema: D2019, type: "object", properties: { n: { type: "number", minimum: "0" } } }],
  ["draft-07: additionalProperties of the wrong type", { $schema: D07, type: "object", additionalProperties: "no" }],
  ["draft-07: a valid schema", { $schema: D07, type: "object", definitions: { s: { type: "string" } } }],
  ["a pattern that is not a regular expression", { $schema: D2020, type: "object", properties: { a: { type: "string", pattern: "([a-z" } } }],
  ["a patternProperties key that is not a regular expression", { $schema: D2020, type: "object", patternProperties: { "(": { type: "string" } } }],
  ["a $ref that resolves", { $schema: D2020, $defs: { ts: { type: "string" } }, type: "object", properties: { ts: { $ref: "#/$defs/ts" } } }],
  ["a $ref that does not resolve", { $schema: D2020, type: "object", properties: { ts: { $ref: "#/$defs/missing" } } }],
  ["a $schema no draft psf bundles", { $schema: "https://example.com/custom-meta", type: "object" }],
  ["a property named pattern", { $schema: D2020, type: "object", properties: { pattern: { type: "string" } } }],
];

describe("the audit schema's meta-schema check: the verdict compiling gives", () => {
  it("uses the validators generated at build time", () => {
    for (const d of ["", D2020, D2019, D07]) expect(metaValidator(d), d).toBeDefined();
  });
  it.each(cases)("%s", (_name, schema) => {
    expect(jsonSchemaProblem(schema)).toBe(compiledProblem(schema));
  });
  it("tells a broken schema from a sound one", () => {
    expect(jsonSchemaProblem(cases[0]![1])).toBeUndefined();
    expect(jsonSchemaProblem(cases[2]![1])).toMatch(/^is not a valid JSON Schema: schema is invalid: data\/properties\/a\/type must be equal to one of the allowed values/);
  });
});
