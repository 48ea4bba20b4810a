import { spawnSync } from "node:child_process";
import { Command } from "commander";
import type { CommandIO } from "../io.js";

/** Exit code for an interrupted `psf init` (Ctrl-C): 128 + SIGINT, as shells report it. */
export const EXIT_INTERRUPTED = 130;

export interface InitStreams {
  /** Where the prompts read keys; defaults to the command's stdin. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

function gitEmail(dir: string): string | undefined {
  const r = spawnSync("git", ["config", "user.email"], { cwd: dir, encoding: "utf8", timeout: 5000 });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

export function registerInit(program: Command, io: CommandIO, streams: InitStreams = {}): void {
  program
    .command("init")
    .description("write a commented psf.yaml from what the project's code says, asking only what it cannot tell")
    .argument("[dir]", "the agent project's folder", ".")
    .option("-y, --yes", "ask nothing: detected values plus CHANGE-ME placeholders (the default when stdin is not a terminal)", false)
    .option("--force", "replace an existing psf.yaml", false)
    .option("--no-color", "no colour in the assessment that follows")
    .addHelpText("after", `\nExit codes: 0 written (whether or not the deployment is ready yet), 2 bad input or psf.yaml exists without --force,\n${EXIT_INTERRUPTED} interrupted with Ctrl-C (nothing is written).`)
    .action(async (dirArg: string, opts: { yes: boolean; force: boolean; color: boolean }) => {
      // Detection loads the parser; only this command needs it, so it loads here.
      const { askAnswers, detectProject, initTarget, manifestText, placeholderAnswers, writeAtomically, PLACEHOLDER } = await import("../../init/index.js");
      const { detectionSummary } = await import("../../init/manifest-text.js");
      const { redactSecrets } = await import("../../redact.js");
      const { visibleControls } = await import("../../util/terminal-text.js");
      const { displayPath } = await import("../../manifest/load.js");
      const stdin = streams.stdin ?? io.stdin;
      const { dir, file } = initTarget(dirArg, opts.force);
      const interactive = !opts.yes && stdin.isTTY === true;
      if (!opts.yes && !interactive) io.stderr.write("psf: standard input is not a terminal: writing detected values and placeholders without asking (as with --yes)\n");
      const { loadParsersFor } = await import("../../facts/front-ends.js");
      const { selectSourcePaths } = await import("../../sources/collect.js");
      await loadParsersFor(selectSourcePaths({ dir }).files.map((f) => f.path));
      const detected = detectProject(dir);
      io.stdout.write(detectionSummary(detected).map((l) => visibleControls(redactSecrets(l))).join("\n") + "\n");

      let answers;
      if (interactive) {
        try {
          const owner = gitEmail(dir);
          answers = await askAnswers(dir, detected, { input: stdin, output: io.stdout }, owner ? { owner } : {});
        } catch (e) {
          if ((e as Error).name === "ExitPromptError" || (e as Error).name === "AbortPromptError") {
            io.stderr.write(`\npsf: init interrupted; no ${displayPath(file)} was written\n`);
            io.setExitCode(EXIT_INTERRUPTED);
            return;
          }
          throw e;
        }
      } else answers = placeholderAnswers(dir, detected);

      const text = manifestText(dir, file, detected, answers, interactive);
      initTarget(dirArg, opts.force); // a psf.yaml may have appeared while the questions were open
      writeAtomically(file, text);
      const shown = displayPath(file);
      io.stdout.write(`\nWrote ${shown}.\n`);

      const { assessAsync } = await import("../../assess.js");
      const result = await assessAsync(file, { env: io.env, ...(detected.analysis ? { analysed: detected.analysis } : {}) });
      const failing = result.report.controls.filter((c) => c.status !== "pass" && c.status !== "not_applicable" && c.status !== "waived");
      if (failing.length) {
        io.stdout.write(`${failing.length} of ${result.report.controls.length} controls still need work; each shows its fix (\`psf explain ID\` for more):\n\n`);
        const { renderText } = await import("../../report/render/text.js");
        const { colorLevel, terminalWidth } = await import("../color.js");
        io.stdout.write(renderText(result.report, { color: colorLevel(opts, io.stdout, io.env), quiet: true, width: terminalWidth(io.stdout, io.env) }));
      } else io.stdout.write("Every control passes.\n");
      const assessCmd = dirArg === "." ? "psf assess" : `psf assess ${dirArg}`;
      const next = [...(text.includes(PLACEHOLDER) ? [`replace every ${PLACEHOLDER} in ${shown}`] : []), `run \`${assessCmd}\` after each change`];
      io.stdout.write(`\nNext: ${next.join(", then ")}.\n`);
    });
}
