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
// it back. A pack that fails between the two leaves package.json stripped and the backup beside it
// (`git status` shows package.json changed); the next `strip` or `restore` puts the backup back first,
// but only when package.json is still exactly the stripped copy: if anyone edited it since, both stop
// with an error rather than throw that edit away.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = join(root, "package.json");
const backup = `${manifest}.pack-backup`;

const stripped = (text) => {
  const pkg = JSON.parse(text);
  delete pkg.scripts?.prepare;
  return `${JSON.stringify(pkg, null, 2)}\n`;
};

const step = process.argv[2];
if (step !== "strip" && step !== "restore") {
  console.error("usage: pack-manifest.mjs strip|restore");
  process.exit(2);
}
if (existsSync(backup)) {
  if (readFileSync(manifest, "utf8") !== stripped(readFileSync(backup, "utf8"))) {
    console.error("pack-manifest: package.json changed since an earlier pack stripped it, and package.json.pack-backup still holds the original; merge the two by hand, then delete the backup");
    process.exit(1);
  }
  renameSync(backup, manifest);
}
if (step === "strip") {
  const text = readFileSync(manifest, "utf8");
  if (JSON.parse(text).scripts?.prepare) {
    writeFileSync(backup, text);
    writeFileSync(manifest, stripped(text));
  }
}
