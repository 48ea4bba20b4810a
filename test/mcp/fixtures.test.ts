// The MCP fixture projects (fixtures/mcp): what an operator sees for an ungoverned set of servers, in
// every format, and that the governed projects pass every control with a source half.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assessAsync } from "../../src/assess.js";
import { RENDERERS } from "../../src/report/render/index.js";
import type { Report } from "../../src/report/model.js";
import { fixture } from "../helpers.js";

const SOURCE_CONTROLS = ["RSG-04", "RSG-05", "OOC-02", "OOC-03", "ABC-02", "ABC-03", "ABC-04", "ABC-06", "ABC-07", "ABC-08", "IAA-04"];
const NOW = { now: new Date("2026-11-28T00:00:00Z") };
const LANGUAGES = [
  // Lines: the github server, its literal token, the tickets server, its `never` approval, its bearer header.
  { lang: "typescript", file: "src/agent.ts", github: 4, token: 7, tickets: 11, never: 14, header: 15, governed: ["reports", "status"] },
  { lang: "python", file: "agent.py", github: 5, token: 7, tickets: 11, never: 16, header: 17, governed: ["fetch", "status"] },
];

describe.each(LANGUAGES)("MCP fixtures in $lang", ({ lang, file, github, token, tickets, never, header, governed }) => {
  let bad: Report;
  let good: Report;
  beforeAll(async () => {
    bad = (await assessAsync(fixture(`mcp/${lang}/ungoverned`), NOW)).report;
    good = (await assessAsync(fixture(`mcp/${lang}/governed`), NOW)).report;
  });
  const findings = (r: Report, id: string) => r.controls.find((c) => c.id === id)!.findings.map((f) => `${f.level} ${f.file}:${f.line} ${f.message}`);

  it.each(Object.keys(RENDERERS))("the %s report names both ungoverned servers and never prints their tokens", (format) => {
    const out = RENDERERS[format]!(bad, { color: 0 });
    for (const name of ["github", "tickets"]) expect(out, `${format} names ${name}`).toContain(name);
    expect(out).not.toContain("4f9a8b7c6d5e4f3a2b1c0d9e8f7a");
    expect(out).not.toContain("7c6d5e4f3a2b1c0d9e8f");
  });

  it("the remote server's URL is checked against the allowlist (ABC-02)", () => {
    expect(findings(bad, "ABC-02")).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^fail ${file}:${tickets} MCP server tickets → "https://mcp\\.tickets\\.example\\.net/mcp" is not on the endpoint allowlist`))]));
    // The governed status server is on the allowlist.
    expect(findings(good, "ABC-02").some((f) => f.includes("MCP server status"))).toBe(false);
  });

  it("approval turned off fails OOC-03; the unfiltered, unpinned npx server warns", () => {
    expect(findings(bad, "OOC-03")).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^fail ${file}:${never} MCP server tickets .*approval turned off`)),
      expect.stringMatching(new RegExp(`^warn ${file}:${github} MCP server github \\(runs \`npx -y @modelcontextprotocol/server-github\``)),
      expect.stringMatching(new RegExp(`^warn ${file}:${github} MCP server github runs @modelcontextprotocol/server-github without a version`)),
    ]));
  });

  it("the literal tokens in the server's env and headers fail RSG-05 at their lines, redacted", () => {
    expect(findings(bad, "RSG-05")).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^fail ${file}:${token} hard-coded token .*ghx…8f7a`)),
      expect.stringMatching(new RegExp(`^fail ${file}:${header} hard-coded token .*Bea…9e8f`)),
    ]));
  });

  it("the capabilities list the servers, so --previous names a new one", () => {
    expect(bad.capabilities.mcp_servers?.map((s) => s.name).sort()).toEqual(["github", "tickets"]);
    expect(good.capabilities.mcp_servers?.map((s) => s.name).sort()).toEqual(governed);
  });

  it("the governed project passes every control with a source half", () => {
    for (const id of SOURCE_CONTROLS) expect(good.controls.find((c) => c.id === id)!.status, `${id}: ${findings(good, id).join("; ")}`).toBe("pass");
  });
});
