import { describe, expect, it } from "vitest";
import { renderText } from "../../src/report/render/text.js";
import { terminalWidth } from "../../src/cli/color.js";
import { FIXTURES, fixtureReport } from "./support.js";

const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

describe.each(FIXTURES)("text report of %s in a narrow terminal", (name) => {
  const report = fixtureReport(name);

  it.each([[80, 0], [80, 3], [60, 0]] as const)("at %i columns (colour level %i) no line is wider, except one unbreakable token", (width, color) => {
    const out = renderText(report, { color, width });
    for (const line of plain(out).split("\n")) {
      if (line.length <= width) continue;
      expect(line.trim(), `line over ${width}: ${line}`).not.toMatch(/\s/);
    }
    // Nothing is lost: the same words, in the same order.
    const words = (s: string) => plain(s).split(/\s+/).filter(Boolean);
    expect(words(out)).toEqual(words(renderText(report, { color })));
  });

  it("continuation lines keep the finding's indent (they read as part of it)", () => {
    const lines = plain(renderText(report, { color: 0, width: 80 })).split("\n");
    const i = lines.findIndex((l) => /^ {6}(fail|warn|error) /.test(l) && lines[lines.indexOf(l) + 1]?.startsWith("        ") && !/^ {8}fix:/.test(lines[lines.indexOf(l) + 1]!));
    if (name === "dn42-scanner") expect(i).toBeGreaterThan(-1);
  });
});

describe("the width psf wraps to", () => {
  it.each([
    [{ isTTY: true, columns: 100 }, {}, 100],
    [{ isTTY: false, columns: 100 }, {}, undefined],
    [{ isTTY: false }, { COLUMNS: "72" }, 72],
    [undefined, { COLUMNS: "x" }, undefined],
  ] as const)("%j with %j → %s", (stream, env, width) => {
    expect(terminalWidth(stream, env as NodeJS.ProcessEnv)).toBe(width);
  });
});
