#!/usr/bin/env node
// `npm run prepare`: builds dist/ for an install from the repository (a git URL, a folder, the Action's
// `npm ci`). npm runs `prepare` for those, never for a package from the registry, whose tarball already
// holds dist/ (built by `prepack`).
//
// A global git install (`npm install -g git+…`) prepares the clone by running `npm install` in it with
// npm_config_global=true inherited, so the clone's own dev dependencies (TypeScript) never land in its
// node_modules and a plain `tsc` is "not found". Here they are installed locally first, then tsc runs.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  if (r.error) throw r.error;
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(tsc)) {
  // The lock file pins the same versions a clone's `npm ci` would install; no script of any dependency runs.
  // The settings of the outer global install are dropped: they would make this install global too, and
  // npm refuses --allow-scripts (needed by newer npm for the outer one) inside a project.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(global|prefix|location|omit|include|only|production|allow_scripts|force)$/i.test(k)));
  const npm = process.env.npm_execpath;
  const [cmd, args] = npm && npm.endsWith(".js") ? [process.execPath, [npm]] : ["npm", []];
  run(cmd, [...args, existsSync(join(root, "package-lock.json")) ? "ci" : "install", "--include=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--no-save"], env);
}
run(process.execPath, [tsc, "-p", "tsconfig.json"]);
// The standalone validators and the pre-parsed catalogue (a run without them compiles them at start-up).
run(process.execPath, [join(root, "scripts", "build-generated.mjs")]);
