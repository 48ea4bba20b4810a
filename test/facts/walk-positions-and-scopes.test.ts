import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { LineMap } from "../../src/facts/sym.js";
import { factsOf } from "./helpers.js";

/**
 * The walk keeps offsets and turns them into line:column only when a fact is made (LineMap), and
 * keeps one map of the bindings in view with an undo log instead of a map per scope. Both must
 * answer exactly as TypeScript and as lexical scoping do.
 */
describe("positions", () => {
  const texts: [string, string][] = [
    ["LF", "a\nbb\n\nccc\n"],
    ["CRLF", "a\r\nbb\r\n\r\nccc\r\n"],
    ["lone CR", "a\rbb\r\rccc"],
    ["LS and PS", "a\u2028bb\u2029ccc"],
    ["mixed", "x\r\n\ry\n\u2028z"],
    ["no line break", "abc"],
    ["empty", ""],
  ];
  for (const [name, text] of texts) {
    it(`line and column agree with TypeScript: ${name}`, () => {
      const lines = new LineMap("f.ts", text);
      const starts = ts.computeLineStarts(text);
      for (let pos = 0; pos <= text.length; pos++) {
        const lc = ts.computeLineAndCharacterOfPosition(starts, pos);
        const line = lines.lineOf(pos);
        expect([line, pos - lines.startOf(line)]).toEqual([lc.line, lc.character]);
      }
    });
  }

  it("a fact in a CRLF file names the right line and column", () => {
    const code = ["import OpenAI from \"openai\";", "", "const client = new OpenAI({ baseURL: process.env.GATEWAY_URL });", "export const ask = (q: string) => client.responses.create({ model: \"m\", input: q });"].join("\r\n");
    const f = factsOf(code);
    expect(f.modelClients[0]?.loc).toMatchObject({ line: 3, column: 16 });
    expect(f.envReads.find((e) => e.name === "GATEWAY_URL")?.loc).toMatchObject({ line: 3, column: 38 });
  });
});

describe("scopes", () => {
  it("an inner binding shadows an outer one only inside its block", () => {
    const code = `
import { generateText } from "ai";
const MAX = 40;
export async function a(p: string) {
  {
    const MAX = 3;
    await generateText({ model: "m", prompt: p, tools: {}, maxSteps: MAX });
  }
  await generateText({ model: "m", prompt: p, tools: {}, maxSteps: MAX });
}
export async function b(MAX: number, p: string) {
  await generateText({ model: "m", prompt: p, tools: {}, maxSteps: MAX });
}
`;
    const runs = factsOf(code).agentRuns.map((r) => r.bound);
    expect(runs).toMatchObject([
      { kind: "literal", value: 3 },
      { kind: "literal", value: 40 },
      { kind: "dynamic" },
    ]);
  });
});
