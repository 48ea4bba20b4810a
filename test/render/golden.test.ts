import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderSarif } from "../../src/report/render/sarif.js";
import { renderJunit } from "../../src/report/render/junit.js";
import { renderMarkdown } from "../../src/report/render/markdown.js";
import { findRepoRoot } from "../../src/report/render/repo-root.js";
import { fixture, psf, repoRoot } from "../helpers.js";
import { EPOCH, FIXTURES, fixtureReport } from "./support.js";

// Regenerate after a deliberate change to a renderer or to the fixtures' findings:
//   UPDATE_GOLDEN=1 npx vitest run test/render
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const FORMATS = [
  { format: "sarif", ext: "sarif", render: renderSarif },
  { format: "junit", ext: "xml", render: renderJunit },
  { format: "markdown", ext: "md", render: renderMarkdown },
] as const;

const golden = (name: string, ext: string) => new URL(`./golden/${name}.${ext}`, import.meta.url);

describe.each(FIXTURES)("golden files: %s", (name) => {
  const report = fixtureReport(name);
  // The CLI puts the manifest's folder (relative to the repository root) before every path.
  const uriPrefix = `fixtures/${name}`;

  it.each(FORMATS)("$format matches golden/" + name + ".$ext", ({ ext, render }) => {
    const actual = render(report, { uriPrefix });
    const file = golden(name, ext);
    if (UPDATE) writeFileSync(file, actual);
    expect(existsSync(file), "no golden file yet: run UPDATE_GOLDEN=1 npx vitest run test/render").toBe(true);
    expect(actual).toBe(readFileSync(file, "utf8"));
  });

  it.skipIf(!findRepoRoot(repoRoot))("the CLI writes the same bytes in one run with three -f/-o pairs", () => {
    const out = mkdtempSync(path.join(tmpdir(), "psf-golden-"));
    const r = psf(["assess", fixture(name), ...FORMATS.flatMap((f) => ["-f", f.format, "-o", path.join(out, `${name}.${f.ext}`)])], { env: { SOURCE_DATE_EPOCH: String(EPOCH) } });
    expect(r.stderr).toBe("");
    for (const f of FORMATS) expect(readFileSync(path.join(out, `${name}.${f.ext}`), "utf8"), f.format).toBe(readFileSync(golden(name, f.ext), "utf8"));
  });
});
