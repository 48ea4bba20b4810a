#!/usr/bin/env bash
# psf installed from the repository the four ways the README gives, each from a fresh clone of HEAD
# (a file URL stands in for the GitHub URL), and each runs `psf assess` on a fixture:
#   1. a global git install pinned to a commit: npm install -g git+file://CLONE#SHA
#   2. npm install PATH, into another project
#   3. pre-commit's node hook: pre-commit try-repo CLONE psf-assess --all-files
#      (without pre-commit on PATH, the same steps pre-commit takes, said as such)
#   4. the composite Action, on a simulated runner (scripts/run-action.mjs)
# Only the npm registry is reached (for the clone's dependencies).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/psf-install-XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$repo"
# The registry's packages come from npm's cache when it has them (every install below wants the same ones).
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_prefer_offline=true
SECONDS=0
step() { echo "install: $1 (${SECONDS}s)"; }

fail() { echo "install: $*" >&2; exit 1; }
# A fixture as its own repository, as a user's project would be.
project() {
  rm -rf "$work/$1" && cp -R "$repo/fixtures/$2" "$work/$1"
  git -C "$work/$1" init -q && git -C "$work/$1" add -A
  git -C "$work/$1" -c user.name=ci -c user.email=ci@example.invalid commit -qm fixture
}
# `psf assess` on the governed fixture (ready: 0) and the DN42 one (not ready: 1).
assess_both() {
  local psf="$1" how="$2" code
  "$psf" assess "$repo/fixtures/governed-scanner" -q > "$work/out.txt" 2>&1 || { cat "$work/out.txt"; fail "$how: the governed fixture was not ready"; }
  set +e; "$psf" assess "$repo/fixtures/dn42-scanner" -f json -o "$work/dn42.json" > "$work/out.txt" 2>&1; code=$?; set -e
  [ "$code" = 1 ] || { cat "$work/out.txt"; fail "$how: exit $code on the DN42 fixture, not 1"; }
  step "$how: psf $("$psf" version) assesses the fixtures (governed: 0, dn42: 1)"
}

git clone -q "$repo" "$work/clone"
sha="$(git -C "$work/clone" rev-parse HEAD)"

# 1. Global git install, pinned. npm prepares a git dependency by installing it and running `prepare`
# (scripts/prepare.mjs builds dist/). --install-links copies rather than links the prepared clone
# (npm's preparation runs its own global install of it); newer npm also asks --allow-scripts for prepare.
npm install -g --prefix "$work/global" --install-links --allow-scripts=psf "git+file://$work/clone#$sha" > "$work/global.log" 2>&1 || { cat "$work/global.log"; fail "global git install failed"; }
[ -d "$work/global/lib/node_modules/psf/dist" ] || { cat "$work/global.log"; fail "global git install: no dist/ (not built)"; }
assess_both "$work/global/bin/psf" "npm install -g git+file://…#$sha"

# 2. npm install PATH, in another project.
mkdir "$work/consumer" && (cd "$work/consumer" && npm init -y > /dev/null && npm install "$work/clone" > "$work/local.log" 2>&1) || { cat "$work/local.log"; fail "npm install PATH failed"; }
assess_both "$work/consumer/node_modules/.bin/psf" "npm install PATH"

# 3. pre-commit. It builds a node environment from the hook's repository: `npm install` there (prepare
# builds dist/), `npm pack`, then a global install of the tarball into the environment.
project hooked governed-scanner
# CHECK_INSTALL_NO_PRE_COMMIT=1 takes the second branch even where pre-commit is installed.
if [ -z "${CHECK_INSTALL_NO_PRE_COMMIT:-}" ] && command -v pre-commit > /dev/null 2>&1; then
  (cd "$work/hooked" && PRE_COMMIT_HOME="$work/pre-commit-home" pre-commit try-repo "$work/clone" psf-assess --all-files) > "$work/pre-commit.log" 2>&1 \
    || { cat "$work/pre-commit.log"; fail "pre-commit try-repo failed on the governed fixture"; }
  grep -q "Passed" "$work/pre-commit.log" || { cat "$work/pre-commit.log"; fail "pre-commit: the hook did not pass"; }
  step "pre-commit $(pre-commit --version | cut -d' ' -f2) try-repo: the psf-assess hook passes the governed fixture"
else
  entry="$(node --input-type=module -e '
    import { parse } from "yaml"; import { readFileSync } from "node:fs";
    const h = parse(readFileSync(process.argv[1], "utf8")).find((x) => x.id === "psf-assess");
    if (h.language !== "node" || h.pass_filenames !== false) process.exit(1);
    console.log([h.entry, ...(h.args ?? [])].join(" "));' "$work/clone/.pre-commit-hooks.yaml")"
  (cd "$work/clone" && npm install --include=dev --include=prod --no-save > "$work/pre-commit.log" 2>&1 && npm pack --silent --pack-destination "$work" >> "$work/pre-commit.log" 2>&1 \
    && npm install -g --prefix "$work/hook-env" "$work"/psf-*.tgz >> "$work/pre-commit.log" 2>&1) || { cat "$work/pre-commit.log"; fail "the hook's node environment could not be built"; }
  # shellcheck disable=SC2086 # the entry is split into words, as pre-commit does
  (cd "$work/hooked" && PATH="$work/hook-env/bin:$PATH" $entry) > "$work/hook.txt" 2>&1 || { cat "$work/hook.txt"; fail "the hook's entry ($entry) failed on the governed fixture"; }
  step "without pre-commit (not installed, or CHECK_INSTALL_NO_PRE_COMMIT): the hook's node environment built as pre-commit does, and its entry '$entry' passes the governed fixture"
fi

# 4. The Action, from its own checkout, on a simulated runner.
cp -R "$work/clone" "$work/action"
project ws-governed governed-scanner
node "$repo/scripts/run-action.mjs" "$work/action" "$work/ws-governed" summary=true > "$work/action.out" 2> "$work/action.err" || { cat "$work/action.err" "$work/action.out"; fail "the Action failed on the governed fixture"; }
for f in psf.sarif psf.xml psf.md psf.json; do [ -s "$work/ws-governed/psf-report/$f" ] || fail "the Action did not write psf-report/$f"; done
tail -n 1 "$work/action.out" | node -e '
  const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
  if (r.outputs["exit-code"] !== "0" || r.outputs["output-dir"] !== "psf-report" || !r.summaryBytes) { console.error(JSON.stringify(r)); process.exit(1); }' || fail "the Action's outputs or job summary are wrong on the governed fixture"
project ws-dn42 dn42-scanner
set +e
node "$repo/scripts/run-action.mjs" "$work/action" "$work/ws-dn42" sarif-upload=true formats=json > "$work/action.out" 2> "$work/action.err"
code=$?
set -e
[ "$code" = 1 ] || { cat "$work/action.err" "$work/action.out"; fail "the Action exited $code on the DN42 fixture, not 1"; }
grep -q "^::error " "$work/action.out" || fail "the Action printed no ::error annotation on the DN42 fixture"
tail -n 1 "$work/action.out" | node -e '
  const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const upload = r.steps.find((s) => s.uses && s.uses.includes("upload-sarif"));
  if (r.outputs["exit-code"] !== "1" || r.outputs["sarif-file"] !== "psf-report/psf.sarif" || !upload || upload.with.sarif_file !== "psf-report/psf.sarif") { console.error(JSON.stringify(r)); process.exit(1); }' || fail "the Action's outputs or SARIF upload step are wrong on the DN42 fixture"
# The Action leaves fail-on and path to .psf/config.yaml when its inputs are empty (their defaults).
project ws-config dn42-scanner
mkdir "$work/ws-config/.psf" && printf 'fail-on: critical\nonly: [RSG-03, OOC-04]\n' > "$work/ws-config/.psf/config.yaml"
node "$repo/scripts/run-action.mjs" "$work/action" "$work/ws-config" formats=json > "$work/action.out" 2> "$work/action.err" || { cat "$work/action.err" "$work/action.out"; fail "the Action did not apply .psf/config.yaml (RSG-03 is high, OOC-04 medium: fail-on critical passes)"; }
# A config listing two deployments: one SARIF file each, not uploaded, and a warning that says so (never a silent skip).
project ws-two dn42-scanner
cp -R "$repo/fixtures/governed-scanner" "$work/ws-two/ok"
sed -i.bak 's/name: dn42-topology-scanner/name: topology-scanner-governed/' "$work/ws-two/ok/psf.yaml" && rm "$work/ws-two/ok/psf.yaml.bak"
mkdir "$work/ws-two/.psf" && printf 'manifest: [., ok]\n' > "$work/ws-two/.psf/config.yaml"
set +e
node "$repo/scripts/run-action.mjs" "$work/action" "$work/ws-two" sarif-upload=true formats=json > "$work/action.out" 2> "$work/action.err"
set -e
grep -q "^::warning title=psf::several deployments were assessed" "$work/action.out" || { cat "$work/action.err" "$work/action.out"; fail "the Action skipped the SARIF upload of several deployments without a warning"; }
step "the Action on a simulated runner: governed ready (reports, job summary, exit-code 0); dn42 fails the job with exit 1, annotations and psf-report/psf.sarif for upload-sarif; .psf/config.yaml applies; several deployments' SARIF files are named in a warning"
