import path from "node:path";
import type { Assessment } from "../assess.js";
import { writeFileSafely } from "../util/safe-write.js";

/** The path that means standard output in `-o`. */
export const STDOUT_PATH = "-";

/**
 * Write an output file whole or not at all, never over one of the run's inputs, never through a
 * link, a device or a FIFO (src/util/safe-write.ts): nothing the user gave is modified or lost.
 */
export function writeOutput(file: string, content: string | Buffer, protectedInputs: readonly string[] = []): void {
  writeFileSafely(file, content, { inputs: protectedInputs });
}

/**
 * Every file this run read, which no output may replace: the manifest, every source file (analysed,
 * skipped or in a language psf does not read), the evidence files, and the files named by options
 * (signing key, --previous attestation and its key, --baseline).
 */
export function runInputs(a: Assessment, named: readonly (string | undefined)[] = []): string[] {
  const inManifestDir = (rel: string) => path.join(a.loaded.dir, rel);
  return [
    a.loaded.path,
    ...a.sources.files.map((f) => f.abs),
    ...a.sources.skipped.filter((s) => !s.folder).map((s) => inManifestDir(s.path)),
    ...a.sources.unread.map((u) => inManifestDir(u.path)),
    ...a.report.subjects.map((s) => inManifestDir(s.name)),
    ...named.filter((f): f is string => f !== undefined && f !== ""),
  ];
}
