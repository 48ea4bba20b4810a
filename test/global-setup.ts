// Once per run: every temp folder a test makes (its own or a psf subprocess's) goes under one folder
// that is removed when the run ends, so a run leaves nothing behind in the system temp directory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), "psf-run-"));
  // Test workers are started after this, with this environment: os.tmpdir() there is `dir`.
  process.env.TMPDIR = dir;
  // No facts cache unless a test asks for one (with a folder of its own): a run must never write into
  // the repository's node_modules or the home folder.
  process.env.PSF_CACHE = "0";
  return () => rmSync(dir, { recursive: true, force: true });
}
