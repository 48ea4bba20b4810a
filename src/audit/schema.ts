import { readFileSync } from "node:fs";
import { InputError } from "../errors.js";
import { Ajv2019, Ajv2020, AjvDraft7 } from "../util/ajv.js";
import { offsetToPosition } from "../controls/audit-schema.js";

/** The declared audit schema (the file IAA-01 reads) as a record validator; bad input names the file. */
export function loadRecordValidator(file: string): (record: unknown) => string | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read the audit schema: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file });
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    throw new InputError(`the audit schema is not JSON: ${(e as Error).message}`, { file, ...(at ? offsetToPosition(text, Number(at[1])) : {}) });
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) throw new InputError("the audit schema is not a JSON Schema object", { file });
  // The same draft choice as IAA-01: the validator for the draft the schema declares.
  const declared = String((schema as { $schema?: unknown }).$schema ?? "");
  const opts = { strict: false, allErrors: false, validateFormats: false } as const;
  const ajv = declared.includes("2019-09") ? new Ajv2019(opts) : declared.includes("draft-07") || declared.includes("draft-06") ? new AjvDraft7(opts) : new Ajv2020(opts);
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(schema as object);
  } catch (e) {
    throw new InputError(`the audit schema is not a valid JSON Schema: ${(e as Error).message}`, { file });
  }
  return (record) => (validate(record) ? undefined : ajv.errorsText(validate.errors, { dataVar: "record" }));
}
