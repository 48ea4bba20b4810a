// Build-time artefacts (issue 15: a fast start): the manifest schema compiled to a standalone
// validator, the catalogue and the AI package table parsed and validated, all in dist/generated/ by
// `npm run build`. They must be in use after a build (else the start-up is slow again, silently),
// must agree with what a run derives without them (else a report would depend on how psf was built),
// and must be ignored when their inputs change (src/util/generated.ts checks each one's digest).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { MANIFEST_SCHEMA } from "../../src/manifest/load.js";
import { CATALOGUE_FILE, CATALOGUE_GENERATED, parseCatalogue } from "../../src/catalogue/load.js";
import { AI_PACKAGES_FILE, AI_PACKAGES_GENERATED, parseAiPackages } from "../../src/sources/ai-packages.js";
import { compileSchema, pregenerated, schemaValidator } from "../../src/util/generated.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

function manifests(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? manifests(p) : e.name === "psf.yaml" ? [p] : [];
  });
}

const VALID = "psf: 1\ndeployment:\n  name: demo\n  owner: alice@example.net\n";
// One of each kind of schema error psf turns into a file:line:col message (manifest/load.ts describeSchemaError).
const INVALID: [string, string][] = [
  ["an unknown key", `${VALID}deploymnet: {}\n`],
  ["a missing required key", "psf: 1\ndeployment:\n  name: demo\n"],
  ["a value outside an enum", `${VALID}  environment: prod\n`],
  ["a wrong constant", "psf: 2\ndeployment:\n  name: demo\n  owner: alice@example.net\n"],
  ["a wrong type", `${VALID}boundaries:\n  tools: lookup\n`],
  ["a nested wrong type and enum", `${VALID}boundaries:\n  tools:\n    - { name: 3, access: sometimes }\n`],
  ["a pattern mismatch", `${VALID}spend:\n  ceiling: { amount: 10, currency: dollars, period: 30d }\n`],
  ["a negative amount", `${VALID}spend:\n  ceiling: { amount: -1, currency: USD, period: 30d }\n`],
  ["a checkpoint of an unknown trigger", `${VALID}oversight:\n  checkpoints:\n    - { trigger: sometimes, action: report }\n`],
  ["many errors at once", "psf: 1\ndeployment: []\nagent: 3\nspend: { ceiling: 5 }\nwaivers: {}\n"],
];

describe("build-time artefacts", () => {
  it("are in use after `npm run build` (the manifest validator, the catalogue, the AI package table)", () => {
    expect(schemaValidator(MANIFEST_SCHEMA).generated).toBe(true);
    expect(pregenerated(CATALOGUE_GENERATED, readFileSync(path.join(ROOT, CATALOGUE_FILE), "utf8"))).toBeDefined();
    expect(pregenerated(AI_PACKAGES_GENERATED, readFileSync(path.join(ROOT, AI_PACKAGES_FILE), "utf8"))).toBeDefined();
  });

  it("are ignored when what they were made from changed", () => {
    expect(schemaValidator({ ...MANIFEST_SCHEMA, options: { ...MANIFEST_SCHEMA.options, allErrors: false } }).generated).toBe(false);
    expect(pregenerated(CATALOGUE_GENERATED, `${readFileSync(path.join(ROOT, CATALOGUE_FILE), "utf8")}\n`)).toBeUndefined();
    expect(pregenerated(AI_PACKAGES_GENERATED, "id: other\n")).toBeUndefined();
  });

  it("the catalogue and the AI package table are those parsing the YAML gives", () => {
    const catalogue = readFileSync(path.join(ROOT, CATALOGUE_FILE), "utf8");
    expect(pregenerated(CATALOGUE_GENERATED, catalogue)).toEqual(parseCatalogue(catalogue));
    const table = readFileSync(path.join(ROOT, AI_PACKAGES_FILE), "utf8");
    expect(pregenerated(AI_PACKAGES_GENERATED, table)).toEqual(parseAiPackages(table));
  });

  describe("the standalone manifest validator gives the errors ajv's compiled one gives", () => {
    const standalone = schemaValidator(MANIFEST_SCHEMA).validate;
    const runtime = compileSchema(MANIFEST_SCHEMA);
    const both = (value: unknown) => {
      const a = standalone(value), b = runtime(value);
      return { standalone: { valid: a, errors: standalone.errors ?? null }, runtime: { valid: b, errors: runtime.errors ?? null } };
    };

    it.each(manifests(path.join(ROOT, "fixtures")).map((m) => path.relative(ROOT, m)))("%s", (rel) => {
      const r = both(parse(readFileSync(path.join(ROOT, rel), "utf8")));
      expect(r.standalone).toEqual(r.runtime);
    });

    it.each(INVALID)("%s", (_name, text) => {
      const r = both(parse(text));
      expect(r.runtime.valid).toBe(false);
      expect(r.standalone).toEqual(r.runtime);
    });
  });
});
