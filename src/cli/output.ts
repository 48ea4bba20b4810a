import { mkdirSync, renameSync, writeFileSync, realpathSync, existsSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors.js";

/**
 * Write an output file whole or not at all (temp file + rename), and never over one of the inputs:
 * nothing the user gave is modified or lost.
 */
export function writeOutput(file: string, content: string | Buffer, protectedInputs: string[] = []): void {
  const abs = path.resolve(file);
  const real = existsSync(abs) ? realpathSync(abs) : abs;
  if (protectedInputs.some((p) => p === real)) {
    throw new InputError(`refusing to overwrite an input of this assessment`, { file }, "choose another output path");
  }
  try {
    mkdirSync(path.dirname(abs), { recursive: true });
    const tmp = `${abs}.${process.pid}.tmp`;
    writeFileSync(tmp, content);
    renameSync(tmp, abs);
  } catch (e) {
    throw new InputError(`cannot write output: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file });
  }
}
