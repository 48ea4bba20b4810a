import { createRequire } from "node:module";
import { ajvVersion, digestOf, GENERATED_DIR } from "../util/generated.js";
import { packageFile } from "../util/package.js";

/**
 * The JSON Schema drafts whose meta-schema psf checks an audit schema against without loading ajv:
 * each is compiled to a standalone validator when psf is built (scripts/build-generated.mjs), with the
 * options IAA-01 compiles with, and used only when it was made by the installed ajv.
 */
export interface MetaSchema {
  /** The `$schema` values that select it ("" for a schema that names none: 2020-12, as ajv's default). */
  declared: readonly string[];
  /** The meta-schema's id in ajv. */
  id: string;
  /** The ajv module that holds it. */
  ajv: string;
  module: string;
  options: Record<string, unknown>;
}

const OPTIONS = { strict: false, allErrors: false, validateFormats: false };

export const META_SCHEMAS: readonly MetaSchema[] = [
  { declared: ["", "https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2020-12/schema#"], id: "https://json-schema.org/draft/2020-12/schema", ajv: "ajv/dist/2020.js", module: "meta-2020-12.cjs", options: OPTIONS },
  { declared: ["https://json-schema.org/draft/2019-09/schema", "https://json-schema.org/draft/2019-09/schema#"], id: "https://json-schema.org/draft/2019-09/schema", ajv: "ajv/dist/2019.js", module: "meta-2019-09.cjs", options: OPTIONS },
  { declared: ["http://json-schema.org/draft-07/schema", "http://json-schema.org/draft-07/schema#"], id: "http://json-schema.org/draft-07/schema", ajv: "ajv", module: "meta-draft-07.cjs", options: OPTIONS },
];

export function metaDigest(m: MetaSchema): string {
  return digestOf(["meta", ajvVersion(), m.id, JSON.stringify(m.options)]);
}

type MetaValidate = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null; psfDigest?: string };

const require = createRequire(import.meta.url);

/** The pregenerated meta-schema validator for a `$schema` value, when there is one made by this ajv. */
export function metaValidator(declared: string): MetaValidate | undefined {
  const m = META_SCHEMAS.find((x) => x.declared.includes(declared));
  if (!m) return undefined;
  try {
    const mod = require(packageFile(`${GENERATED_DIR}/${m.module}`)) as MetaValidate & { default?: MetaValidate };
    const validate = mod.default ?? mod;
    return mod.psfDigest === metaDigest(m) ? validate : undefined;
  } catch {
    return undefined;
  }
}
