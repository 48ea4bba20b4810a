import { describe, expect, it } from "vitest";
import { walkFile } from "../../src/facts/ts/walker.js";

/**
 * A test runner's calls (`describe`, `it`, `expect(…).toBe(…)`, `vi.fn()`) are not kept as call
 * records: a tested project has tens of thousands, no recognizer reads them, and each was kept with
 * its arguments until cross-file resolution. The calls inside a test's callbacks still are, and so is
 * a runner call whose name a tool run or an approval is found by.
 */
const cases: { name: string; code: string; kept: string[] }[] = [
  {
    name: "vitest: only the model call inside the test is kept",
    code: [
      `import { describe, expect, it, vi } from "vitest";`,
      `import { generateText } from "ai";`,
      `describe("agent", () => {`,
      `  it("answers", async () => {`,
      `    const onStep = vi.fn();`,
      `    const r = await generateText({ model: "m", prompt: "p", onStepFinish: onStep });`,
      `    expect(r.text).toBe("x");`,
      `    expect(onStep).toHaveBeenCalledTimes(1);`,
      `  });`,
      `});`,
    ].join("\n"),
    kept: ["generateText"],
  },
  {
    name: "a runner call named like a tool run or an approval is kept",
    code: [
      `import { vi } from "vitest";`,
      `import { weatherTool } from "./tools";`,
      `await vi.mocked(weatherTool).execute({ city: "x" });`,
      `vi.fn().mockName("approve");`,
      `vi.mocked(gate).requireApproval();`,
    ].join("\n"),
    kept: ["vi.mocked(weatherTool).execute", "vi.mocked(gate).requireApproval"],
  },
  {
    name: "@jest/globals and node:test are test runners too",
    code: [
      `import { expect, test } from "@jest/globals";`,
      `import { it } from "node:test";`,
      `import OpenAI from "openai";`,
      `test("t", () => { expect(new OpenAI()).toBeDefined(); });`,
      `it("u", () => {});`,
    ].join("\n"),
    kept: ["OpenAI"],
  },
];

describe("test runner calls are not recorded", () => {
  for (const c of cases) {
    it(c.name, () => {
      const ir = walkFile("src/agent.test.ts", c.code, new Set(["src/agent.test.ts", "src/tools.ts"]));
      expect(ir.calls.map((call) => call.text)).toEqual(c.kept);
    });
  }

  it("the test callbacks are still the functions they were", () => {
    const ir = walkFile("src/a.test.ts", cases[0]!.code, new Set(["src/a.test.ts"]));
    expect(ir.fns.map((f) => f.id)).toEqual(["src/a.test.ts#<anonymous>", "src/a.test.ts#<anonymous>@4"]);
  });
});
