// ABC-01's fix for a missing allowlist lists the origins this project's code calls (and its gateway),
// not the bundled DN42 example's hosts.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { MINIMAL, project } from "../helpers.js";

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const NOW = new Date("2026-11-28T00:00:00Z");

describe("ABC-01: the allowlist a fix suggests is this code's", () => {
  const GATEWAY = `spend:\n  enforcement:\n    layer: gateway\n    gateway: { kind: litellm, url: "http://llm-gw.internal:4000/v1" }\n`;
  const cases: { name: string; manifest: string; files: Record<string, string>; fix: string }[] = [
    {
      name: "fetch calls and the declared gateway: their origins, sorted",
      manifest: MINIMAL + GATEWAY,
      files: {
        "src/weather.ts": `const BASE = "https://api.weather.example/v1";\nexport const forecast = (city: string) => fetch(\`\${BASE}/forecast/\${city}\`);\nexport const alerts = () => fetch("https://alerts.weather.example/feed");\n`,
      },
      fix: "add boundaries.endpoints.allow: [http://llm-gw.internal:4000, https://alerts.weather.example, https://api.weather.example] (the origins this code calls and the gateway; keep only those the agent needs)",
    },
    {
      name: "Python requests calls",
      manifest: MINIMAL,
      files: { "agent.py": `import requests\n\ndef lookup(asn):\n    return requests.get(f"https://rdap.example.net/autnum/{asn}")\n` },
      fix: "add boundaries.endpoints.allow: [https://rdap.example.net] (the origins this code calls; keep only those the agent needs)",
    },
    {
      name: "no host in the code: a placeholder, never another project's hosts",
      manifest: MINIMAL,
      files: { "src/a.ts": "export const a = 1;\n" },
      fix: "add boundaries.endpoints.allow with each origin the agent may call (scheme://host[:port][/path]), e.g. [https://api.example.com]",
    },
  ];
  it.each(cases)("$name", ({ manifest, files, fix }) => {
    const dir = project({ "psf.yaml": manifest, ...files });
    made.push(dir);
    const r = assess(path.join(dir, "psf.yaml"), { now: NOW }).report;
    const abc01 = r.controls.find((c) => c.id === "ABC-01")!;
    expect(abc01.findings.map((f) => f.fix)).toEqual([fix]);
  });
});
