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

describe("a file the analysis cannot handle", () => {
  it("is an error on each source control, not a crash of the whole run", () => {
    const deep = `export const x = fetch("https://a.example")${".then((r) => r)".repeat(4000)};\n`;
    const r = evaluateControl("ABC-02", { yaml: "", files: { "src/deep.ts": deep, "src/ok.ts": "export const y = 1;\n" } });
    expect(r.status).toBe("error");
    // (The project has no agent psf reads either: the fail-closed error at agent.root sits beside this one.)
    expect(r.findings.find((f) => f.level === "error" && f.file === "src/deep.ts")).toMatchObject({ file: "src/deep.ts", line: 1, message: expect.stringMatching(/not analysed \(too deeply nested/) });
  });
});
