import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { extractFacts } from "../../src/facts/extract.js";

/**
 * Inputs the fuzz suite (fuzz.test.ts) found to break a parser, shrunk, each kept as a regression:
 * the parser must give a value or a typed refusal for it.
 */

const ts = (text: string) => {
  const facts = extractFacts({ files: [{ path: "src/agent.ts", abs: "/nonexistent/src/agent.ts", text, sha256: createHash("sha256").update(text).digest("hex"), size: text.length }], skipped: [], unread: [], walked: [] });
  expect(facts).toBeDefined();
  return facts!;
};

describe("fuzz regressions: TypeScript front end", () => {
  it("a destructuring whose initialiser names its own bindings (ran psf out of memory: exponential re-evaluation)", () => {
    // Found by "TypeScript front end", seed 20261129: a mutated governed-scanner/src/explore.ts, shrunk by line.
    const text = [
      'import { client, costFromHeaders, MODEL_ALIAS } from "./gateway.js";',
      "  const { data, response } = await client.chat.completions",
      "    .create(",
      "    output_tokens: data.usage?.completion_tokens ?? 0,",
      "    cost_usd: costFromHeaders(response.headers),",
    ].join("\n");
    const facts = ts(text);
    expect(facts.unanalysed).toEqual([]);
  });

  it("many names destructured from one initialiser that uses them all stay linear", () => {
    const names = Array.from({ length: 12 }, (_, i) => `v${i}`);
    const text = `const { ${names.join(", ")} } = make(${names.map((n) => `${n}.x`).join(", ")});\nexport const out = [${names.join(", ")}];\n`;
    expect(ts(text).unanalysed).toEqual([]);
  });
});
