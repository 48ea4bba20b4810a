import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifest, manifestSchema } from "../../src/manifest/load.js";
import { project, repoRoot } from "../helpers.js";

const DOC = path.join(repoRoot, "docs", "manifest.md");
const doc = readFileSync(DOC, "utf8");

/** Every ```yaml block in docs/manifest.md, with the line it starts on. */
const examples = [...doc.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => ({ line: doc.slice(0, m.index).split("\n").length, yaml: m[1]! }));

/** Every property path the schema defines (`spend.enforcement.gateway.url`, `boundaries.tools[].access`). */
function schemaFields(): string[] {
  const schema = manifestSchema() as { $defs?: Record<string, unknown> };
  const out: string[] = [];
  const walk = (node: Record<string, unknown>, at: string): void => {
    if (typeof node.$ref === "string" && node.$ref.startsWith("#/$defs/")) node = schema.$defs![node.$ref.slice(8)] as Record<string, unknown>;
    for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
      const p = at ? `${at}.${k}` : k;
      out.push(p);
      walk(v, p);
    }
    if (node.items) walk(node.items as Record<string, unknown>, `${at}[]`);
  };
  walk(schema as Record<string, unknown>, "");
  return out;
}

describe("docs/manifest.md", () => {
  it("has examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(examples.map((e) => [`line ${e.line}`, e.yaml] as const))("the example at %s is a valid manifest (through psf's own loader and schema)", (_, yaml) => {
    const dir = project({});
    const file = path.join(dir, "psf.yaml");
    writeFileSync(file, yaml);
    expect(() => loadManifest(file)).not.toThrow();
  });

  it("names every field the schema defines", () => {
    const fields = schemaFields();
    const missing = fields.filter((f) => {
      // A parent is documented through its children (`spend.enforcement` through `spend.enforcement.layer`),
      // and the parts of a money value or a rate with the value (`spend.ceiling`, `boundaries.limits.rate`).
      const parent = fields.some((g) => g.startsWith(`${f}.`) || g.startsWith(`${f}[].`));
      return !parent && !doc.includes(`\`${f}\``) && !doc.includes(`\`${f.replace(/\.[a-z_]+$/, "")}\``);
    });
    expect(missing).toEqual([]);
  });
});
