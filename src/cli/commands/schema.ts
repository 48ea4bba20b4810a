import { readFileSync } from "node:fs";
import { Command } from "commander";
import { packageFile } from "../../util/package.js";
import type { CommandIO } from "../io.js";

export const MANIFEST_SCHEMA_FILE = "schemas/psf-manifest.schema.json";

export function registerSchema(program: Command, io: CommandIO): void {
  program
    .command("schema")
    .description("print the psf.yaml JSON Schema (for editors and other tools)")
    .action(() => {
      io.stdout.write(readFileSync(packageFile(MANIFEST_SCHEMA_FILE), "utf8"));
    });
}
