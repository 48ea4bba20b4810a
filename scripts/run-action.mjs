#!/usr/bin/env node
// Runs the composite Action (action.yml) the way a GitHub runner would, without GitHub: each `run:` step
// through `bash --noprofile --norc -eo pipefail`, in the workspace, with the runner's variables
// (GITHUB_ACTION_PATH, GITHUB_WORKSPACE, GITHUB_OUTPUT per step, GITHUB_STEP_SUMMARY, GITHUB_ACTIONS)
// and the `${{ inputs.* }}` / `${{ steps.*.outputs.* }}` expressions the action uses. A `uses:` step
// (the SARIF upload) cannot run here: whether it would have run, and with what, is reported instead.
//
//   node scripts/run-action.mjs ACTION_DIR WORKSPACE [name=value ...]   (inputs; the rest keep their defaults)
//
// Prints a JSON line {steps, outputs, exitCode} last and exits with the action's exit code.
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";

const [actionDir, workspace, ...pairs] = process.argv.slice(2);
if (!actionDir || !workspace) {
  console.error("usage: run-action.mjs ACTION_DIR WORKSPACE [input=value ...]");
  process.exit(2);
}
const action = parse(readFileSync(join(actionDir, "action.yml"), "utf8"));
if (action?.runs?.using !== "composite") throw new Error("action.yml is not a composite action");

const inputs = {};
for (const [name, spec] of Object.entries(action.inputs ?? {})) inputs[name] = String(spec?.default ?? "");
for (const pair of pairs) {
  const eq = pair.indexOf("=");
  const name = pair.slice(0, eq);
  if (eq < 1 || !(name in inputs)) throw new Error(`unknown input ${pair} (the action has ${Object.keys(inputs).join(", ")})`);
  inputs[name] = pair.slice(eq + 1);
}

const temp = mkdtempSync(join(tmpdir(), "psf-runner-"));
const summary = join(temp, "step-summary.md");
writeFileSync(summary, "");
const stepOutputs = {};
let status = "success";

/** The value of one expression: inputs.x, steps.id.outputs.x, a quoted literal, always(), success(), failure(). */
function value(expr) {
  const e = expr.trim();
  let m;
  if ((m = /^inputs\.([\w-]+)$/.exec(e))) return inputs[m[1]] ?? "";
  if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) return stepOutputs[m[1]]?.[m[2]] ?? "";
  if ((m = /^'(.*)'$/.exec(e))) return m[1].replaceAll("''", "'");
  if (e === "always()") return true;
  if (e === "success()") return status === "success";
  if (e === "failure()") return status === "failure";
  throw new Error(`run-action: an expression this runner does not know: ${e}`);
}

/** `a == b`, `a != b`, joined by `&&`: what action.yml uses, and nothing more. */
function condition(expr) {
  const inner = expr.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
  return inner.split("&&").every((term) => {
    const m = /^(.*?)(==|!=)(.*)$/.exec(term);
    if (!m) return Boolean(value(term));
    const same = String(value(m[1])) === String(value(m[3]));
    return m[2] === "==" ? same : !same;
  });
}

const substitute = (text) => String(text).replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e) => String(value(e)));

function readOutputs(file) {
  const out = {};
  const lines = readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const body = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i]);
      out[heredoc[1]] = body.join("\n");
      continue;
    }
    const eq = lines[i].indexOf("=");
    if (eq > 0) out[lines[i].slice(0, eq)] = lines[i].slice(eq + 1);
  }
  return out;
}

const report = [];
let exitCode = 0;
for (const [index, step] of action.runs.steps.entries()) {
  const name = step.name ?? step.id ?? `step ${index + 1}`;
  const runs = step.if === undefined ? status === "success" : (status === "success" || /always\(\)|failure\(\)/.test(step.if)) && condition(step.if);
  if (!runs) { report.push({ name, outcome: "skipped" }); continue; }
  if (step.uses) {
    report.push({ name, outcome: "not run here", uses: step.uses, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(v)])) });
    continue;
  }
  if (step.shell !== "bash") throw new Error(`run-action: step "${name}" uses shell ${step.shell}; only bash is simulated`);
  const output = join(temp, `output-${index}`);
  writeFileSync(output, "");
  const script = join(temp, `step-${index}.sh`);
  writeFileSync(script, substitute(step.run));
  const env = {
    ...process.env,
    ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v)])),
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_ACTION_PATH: resolve(actionDir),
    GITHUB_WORKSPACE: resolve(workspace),
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: temp,
  };
  console.error(`run-action: ${name}`);
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd: workspace, env, stdio: ["ignore", "inherit", "inherit"] });
  const code = r.status ?? 1;
  if (step.id) stepOutputs[step.id] = readOutputs(output);
  report.push({ name, outcome: code === 0 ? "success" : "failure", code });
  if (code !== 0) { status = "failure"; exitCode = code; }
}

const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([k, spec]) => [k, substitute(spec.value)]));
const summaryText = existsSync(summary) ? readFileSync(summary, "utf8") : "";
rmSync(temp, { recursive: true, force: true });
console.log(JSON.stringify({ steps: report, outputs, summaryBytes: Buffer.byteLength(summaryText), exitCode }));
process.exit(exitCode);
