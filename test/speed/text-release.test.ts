// Issue 15 (memory): a TypeScript file's text is let go once its walk ends, unless something reads it
// again later (an inline waiver, a Helicone rate-limit header, a Next.js route's config). A text let go
// and asked for again is read from disk and checked against the digest taken when psf read the tree:
// a file that changed in between is bad input, never analysed as two different versions.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectSources, type SourceSet } from "../../src/sources/collect.js";
import { loadParsersFor } from "../../src/facts/front-ends.js";
import { extractFacts } from "../../src/facts/extract.js";
import { InputError } from "../../src/errors.js";
import { findInlineMarkers } from "../../src/controls/waivers.js";
import { findHeliconePolicies } from "../../src/controls/gateway/helicone.js";

const FILES: Record<string, string> = {
  "src/plain.ts": `import { generateText } from "ai";\nexport async function run() { return generateText({ model: "m", prompt: "p" }); }\n`,
  "src/waived.ts": `// psf-waive ABC-02: the reviewer accepted this host\nexport const url = "https://example.com/v1";\n`,
  "src/gateway.ts": `export const headers = { "Helicone-RateLimit-Policy": "100;w=60" };\n`,
  "app/api/chat/route.ts": `export const maxDuration = 30;\nexport async function POST() { return new Response("ok"); }\n`,
  "agent.py": `print("python texts are kept: the Python passes read them")\n`,
};

let dir: string;
let sources: SourceSet;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "psf-release-"));
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  sources = collectSources({ dir });
  await loadParsersFor(sources.files.map((f) => f.path));
  extractFacts(sources);
  // Every file now changes on disk: a kept text is still the one analysed, a released one is read again.
  for (const rel of Object.keys(FILES)) writeFileSync(path.join(dir, rel), `// changed\n${FILES[rel]}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (p: string) => sources.files.find((f) => f.path === p)!;

describe("texts after the walk", () => {
  it.each(["src/waived.ts", "src/gateway.ts", "app/api/chat/route.ts", "agent.py"])("%s is read again later, so its text is kept as analysed", (p) => {
    expect(file(p).text).toBe(FILES[p]);
  });

  it("a text let go and asked for again, when the file changed, is an input error naming the file", () => {
    expect(() => file("src/plain.ts").text).toThrow(InputError);
    expect(() => file("src/plain.ts").text).toThrow(/src\/plain\.ts changed/);
  });

  it("the checks that read texts after the walk (waivers, Helicone headers) do not read a released file again", () => {
    // src/plain.ts changed on disk: reading its text again would be an input error.
    expect([...findInlineMarkers(sources).keys()]).toEqual(["src/waived.ts"]);
    expect(findHeliconePolicies(sources.files).map((p) => p.loc.file)).toEqual(["src/gateway.ts"]);
  });

  it("a text let go is read again from disk when the file did not change", async () => {
    writeFileSync(path.join(dir, "src/plain.ts"), FILES["src/plain.ts"]!);
    expect(file("src/plain.ts").text).toBe(FILES["src/plain.ts"]);
  });
});
