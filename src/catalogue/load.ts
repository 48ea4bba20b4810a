import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { InternalError } from "../errors.js";
import { Ajv2020 } from "../util/ajv.js";
import { packageFile } from "../util/package.js";
import type { DomainId, Severity } from "../result/model.js";

export interface CatalogueControl {
  id: string;
  domain: DomainId;
  title: string;
  severity: Severity;
  evidence: ("manifest" | "source" | "file" | "report")[];
  passes: string;
  rationale: string;
  remediation: { summary: string; example: string; example_language: string; code_example?: string };
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

let cached: Catalogue | undefined;

/** The PSF catalogue, validated against its schema at load: a broken catalogue is a bug in psf (exit 3). */
export function loadCatalogue(): Catalogue {
  if (cached) return cached;
  const text = readFileSync(packageFile(CATALOGUE_FILE), "utf8");
  const data = parse(text) as Omit<Catalogue, "source">;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(packageFile("schemas/psf-checklist.schema.json"), "utf8")) as object);
  if (!validate(data)) {
    throw new InternalError(`${CATALOGUE_FILE} does not match its schema: ${ajv.errorsText(validate.errors)}`);
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
  cached = { ...data, source: text };
  return cached;
}
