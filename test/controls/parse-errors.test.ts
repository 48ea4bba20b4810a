import { describe, expect, it } from "vitest";
import { evaluateControl } from "./tester.js";

describe("a source file with a syntax error", () => {
  const files = { "src/agent.ts": "export const a = 1;\nfunction broken( {\n  return 2;\n}\n" };
  it.each(["RSG-04", "ABC-03", "IAA-04"])("%s warns at the error instead of passing silently", (id) => {
    const r = evaluateControl(id, { yaml: "", files });
    const f = r.findings.find((x) => /syntax error/.test(x.message));
    expect(f, JSON.stringify(r.findings)).toMatchObject({ level: "warn", file: "src/agent.ts", line: 3 });
    expect(r.status === "pass").toBe(false);
  });
  it("a manifest-only control is not affected", () => {
    const r = evaluateControl("IAA-05", { yaml: "audit:\n  retention: 30d\n", files });
    expect(r.status).toBe("pass");
  });
});
