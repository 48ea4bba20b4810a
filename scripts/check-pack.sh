#!/usr/bin/env bash
# The published package as a user gets it: `npm pack`, installed into an empty folder, must run
# nothing at install time and give a working `psf` that assesses a deployment.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/psf-pack-XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$repo"

# `npm pack` builds dist/ through prepack; the tarball is what `npm publish` would upload.
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "pack: $tarball ($(du -k "$work/$tarball" | cut -f1) kB)"

# No lifecycle script that npm would run or list on the installer's machine: the packed manifest has no
# preinstall/install/postinstall, and no `prepare` either (scripts/pack-manifest.mjs takes it out: npm never
# runs it for a tarball, but npm 11 would still list it to the installer as a script to review).
tar -xzOf "$work/$tarball" package/package.json | node -e '
  const p = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const run = ["preinstall", "install", "postinstall", "prepare"].filter((s) => p.scripts && p.scripts[s]);
  if (run.length) { console.error(`pack: the packed package.json has ${run.join(", ")}: installers would see it`); process.exit(1); }
  if (!p.scripts || !p.scripts.prepack) { console.error("pack: no prepack build"); process.exit(1); }'
[ ! -e "$repo/package.json.pack-backup" ] || { echo "pack: package.json was not restored after npm pack" >&2; exit 1; }
grep -q '"prepare"' "$repo/package.json" || { echo "pack: package.json lost its prepare script" >&2; exit 1; }

cd "$work"
npm install --no-audit --no-fund "./$tarball" > install.log 2>&1 || { cat install.log; exit 1; }
# Any install-script warning (npm 11: "install-scripts … not yet covered by allowScripts") or a native build fails the check.
if grep -iE "install-scripts|\((pre|post)?install:|\(prepare:|lifecycle|postinstall|gyp" install.log; then
  echo "pack: installing printed an install-script warning (above)" >&2
  exit 1
fi

psf="$work/node_modules/.bin/psf"
[ "$("$psf" version)" = "$(node -p "require('$repo/package.json').version")" ] || { echo "pack: psf version differs from package.json" >&2; exit 1; }
"$psf" assess "$repo/fixtures/governed-scanner" -q > assess.txt || { cat assess.txt; echo "pack: the installed psf did not pass the governed fixture" >&2; exit 1; }
set +e
"$psf" assess "$repo/fixtures/dn42-scanner" -f json > dn42.json
code=$?
set -e
[ "$code" = 1 ] || { echo "pack: the installed psf exited $code on the DN42 fixture, not 1 (not ready)" >&2; exit 1; }
node -e 'const r = JSON.parse(require("fs").readFileSync("dn42.json", "utf8")); if (r.format !== "psf.report/v1" || r.ready !== false) process.exit(1)'
echo "pack: installed into an empty folder with no install script; psf $("$psf" version) assesses the fixtures (governed: ready, dn42: not ready)"
