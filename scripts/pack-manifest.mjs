#!/usr/bin/env node
// `npm pack` / `npm publish` ship a package.json without the `prepare` script, and put it back after.
//
// `prepare` (scripts/prepare.mjs) builds dist/ for installs from the repository: a git URL, a folder,
// the Action's checkout. A tarball already holds dist/ (built by prepack), and npm never runs `prepare`
// for one, but npm 11 still lists it to every installer as an install script "not yet covered by
// allowScripts". So the packed manifest leaves it out: installing psf from a tarball or the registry
// prints no install-script warning (scripts/check-pack.sh checks this).
//
// `strip` (prepack) keeps the original beside it as package.json.pack-backup; `restore` (postpack) puts
// it back. A pack that fails between the two leaves the backup, and the next `strip` restores it first.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = join(root, "package.json");
const backup = `${manifest}.pack-backup`;

const step = process.argv[2];
if (existsSync(backup)) renameSync(backup, manifest);
if (step === "strip") {
  const text = readFileSync(manifest, "utf8");
  const pkg = JSON.parse(text);
  if (pkg.scripts?.prepare) {
    writeFileSync(backup, text);
    delete pkg.scripts.prepare;
    writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
  }
} else if (step !== "restore") {
  console.error("usage: pack-manifest.mjs strip|restore");
  process.exit(2);
}
