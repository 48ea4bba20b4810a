import { readFileSync } from "node:fs";
import { InternalError } from "../errors.js";
import { packageFile } from "../util/package.js";
import { compileSchema, errorsText, parseYaml, pregenerated, type SchemaSpec } from "../util/generated.js";
import type { DomainId, Severity } from "../result/model.js";

export interface CatalogueControl {
  id: string;
  domain: DomainId;
  title: string;
  severity: Severity;
  evidence: ("manifest" | "source" | "file" | "report")[];
  passes: string;
  rationale: string;
  remediation: {
    summary: string;
    example: string;
    example_language: string;
    code_example?: string;
    python_example?: string;
    /** Code tied to no framework, for an agent that does not import what the TypeScript / Python example does. */
    neutral_example?: string;
    python_neutral_example?: string;
  };
  references?: string[];
  crosswalk?: CrosswalkEntry[];
}

/** One standard's item a control gives evidence for; partial when it gives only some of that evidence. */
export interface CrosswalkEntry {
  framework: FrameworkId;
  item: string;
  partial?: boolean;
}

export type FrameworkId = "owasp-agentic" | "owasp-llm" | "nist-ai-rmf" | "iso-42001" | "eu-ai-act";

export interface Framework {
  id: FrameworkId;
  title: string;
  /** Which part of the standard the item list covers, when it is not the whole standard. */
  scope?: string;
  items: { id: string; title: string }[];
}

export interface Catalogue {
  id: string;
  title: string;
  version: string;
  domains: { id: DomainId; title: string; summary: string }[];
  controls: CatalogueControl[];
  frameworks?: Framework[];
  /** The catalogue file's bytes, for the bundle and the subjects. */
  source: string;
}

export const CATALOGUE_FILE = "checklists/psf-v1.1.yaml";

/** Where `npm run build` puts the catalogue parsed and validated (see util/generated.ts). */
export const CATALOGUE_GENERATED = "catalogue.json";
const CHECKLIST_SCHEMA: SchemaSpec = { schema: "schemas/psf-checklist.schema.json", options: { allErrors: true, strict: false } };

let cached: Catalogue | undefined;

/**
 * The PSF catalogue, validated against its schema: a broken catalogue is a bug in psf (exit 3). The
 * build parses and validates it once; a run reads that result when the catalogue's bytes are the ones
 * it was made from, and parses and validates the YAML itself otherwise.
 */
export function loadCatalogue(): Catalogue {
  if (cached) return cached;
  const text = readFileSync(packageFile(CATALOGUE_FILE), "utf8");
  const data = pregenerated<Omit<Catalogue, "source">>(CATALOGUE_GENERATED, text) ?? parseCatalogue(text);
  cached = { ...data, source: text };
  return cached;
}

/** The catalogue's YAML parsed and checked against its schema and its own lists (build time, or a run without the build's result). */
export function parseCatalogue(text: string): Omit<Catalogue, "source"> {
  const data = parseYaml(text) as Omit<Catalogue, "source">;
  const validate = compileSchema(CHECKLIST_SCHEMA);
  if (!validate(data)) {
    throw new InternalError(`${CATALOGUE_FILE} does not match its schema: ${errorsText(validate.errors)}`);
  }
  // The schema checks each identifier's form; only the data can say it names a listed item.
  for (const c of data.controls) {
    for (const x of c.crosswalk ?? []) {
      const framework = data.frameworks?.find((f) => f.id === x.framework);
      if (!framework?.items.some((i) => i.id === x.item)) {
        throw new InternalError(`${CATALOGUE_FILE}: ${c.id} maps to ${x.framework} ${x.item}, which the frameworks list does not hold`);
      }
    }
  }
  return data;
}
