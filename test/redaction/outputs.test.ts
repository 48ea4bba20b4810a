// One redaction for every output: a secret planted anywhere in the code or the manifest never
// appears raw in any format, the annotations, the attestation, the bundle, init or an error.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { RENDERERS } from "../../src/report/render/index.js";
import { renderAnnotations } from "../../src/report/render/github.js";
import { MINIMAL, project, psf } from "../helpers.js";

// Fake values in the real shapes (none of them is a live credential).
const S = {
  openai: "sk-proj-Q7d9Kx2Lm4Np8Rt6Vw3Yz5Ab1Cd0Ef9GhJ2k",
  anthropic: "sk-ant-api03-Zx8Cv7Bn6Mq5Wr4Et3Yu2Io1Pa0SdFgHj",
  google: "AIzaSyB1c2D3e4F5g6H7i8J9k0L1m2N3o4P5q6R",
  github: "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
  aws: "AKIAIOSFODNN7EXAMPLQ",
  slack: "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
  jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudC0xMjMifQ.c2lnbmF0dXJlLXZhbHVlLTk4NzY1",
  urlToken: "tok9f8e7d6c5b4a3210zz",
  password: "Pa55w0rdXyz123",
  fallbackPassword: "S3cretPassw0rd99",
  bearer: "abcd1234efgh5678ijkl",
  tavily: "tvly-dev-Q7d9Kx2Lm4Np8Rt6Vw3Yz5Ab1Cd0E",
  firecrawl: "fc-0f1e2d3c4b5a69788796a5b4c3d2e1f0",
};

const CODE = `import OpenAI from "openai";
// psf-waive RSG-05: rotated weekly, the current one is ${S.anthropic}
const client = new OpenAI({ apiKey: "${S.openai}", baseURL: "https://agent:${S.password}@llm.example.net/v1" });
const gw = process.env.GATEWAY ?? "https://svc:${S.fallbackPassword}@gw.example.net/v1";
export async function run(token: string) {
  while (token !== "${S.github}") {
    await client.chat.completions.create({ model: "gpt-4o", messages: [] });
    await fetch(\`https://maps.example.com/api?key=${S.google}&q=\${token}\`);
    await fetch("https://hooks.example.com/in?token=${S.urlToken}", { headers: { Authorization: "Bearer ${S.bearer}" } });
    await fetch(gw + "/x?sig=${S.jwt}");
    token = "${S.aws}" + "${S.slack}" + "${S.tavily}" + "${S.firecrawl}";
  }
}
`;
const MANIFEST = `${MINIMAL}boundaries:\n  endpoints:\n    allow: ["https://api.example.com/v1?api_key=${S.google}"]\n`;

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function scratch(): string {
  const d = mkdtempSync(path.join(tmpdir(), "psf-redact-"));
  made.push(d);
  return d;
}
async function run(args: string[]): Promise<{ code: number; out: string }> {
  const r = psf(args);
  return { code: r.code ?? 3, out: r.stdout + r.stderr };
}
function expectClean(where: string, text: string): void {
  for (const [name, raw] of Object.entries(S)) expect(text.includes(raw), `${where} contains the raw ${name} secret`).toBe(false);
}

describe("no raw secret in any output", () => {
  const dir = project({ "psf.yaml": MANIFEST, "src/agent.ts": CODE });
  made.push(dir);
  const report = assess(path.join(dir, "psf.yaml"), { now: new Date("2026-11-28T00:00:00Z") }).report;

  it("the planted secrets were seen (so the test looks where they would be)", () => {
    const json = JSON.stringify(report);
    expect(json).toMatch(/sk-proj-…/);
    expect(json).toMatch(/maps\.example\.com\/api\?key=…\(redacted\)/);
    expect(json).toMatch(/agent:…\(redacted\)@llm\.example\.net/);
  });

  it.each(Object.keys(RENDERERS))("format %s", (format) => {
    expectClean(format, RENDERERS[format]!(report, { color: 0 }));
  });

  it("GitHub annotations", () => {
    expectClean("annotations", renderAnnotations(report));
  });

  it("the signed attestation and the evidence bundle", async () => {
    const keys = scratch();
    expect((await run(["keygen", "--out", keys])).code).toBe(0);
    const att = path.join(scratch(), "a.intoto.jsonl");
    const r = await run(["assess", dir, "--attest", att, "--key", path.join(keys, "psf-signing.key"), "-f", "json"]);
    expectClean("assess stdout", r.out);
    const envelope = JSON.parse(readFileSync(att, "utf8"));
    expectClean("attestation", Buffer.from(envelope.payload, "base64").toString("utf8") + readFileSync(att, "utf8"));
    // The manifest holds a key: the bundle refuses to pack it (it cannot be redacted: the bytes are signed), and says where.
    const bundle = path.join(scratch(), "evidence.tar.gz");
    const refused = await run(["bundle", dir, "--key", path.join(keys, "psf-signing.key"), "--out", bundle]);
    expect(refused.code).toBe(2);
    expect(refused.out).toMatch(/psf\.yaml:7: holds what looks like a secret \(.*api_key=…\(redacted\)/);
    expectClean("bundle refusal", refused.out);
    // With the manifest cleaned, the bundle is written, and carries no raw secret (sources are listed by digest).
    writeFileSync(path.join(dir, "psf.yaml"), MINIMAL);
    const b = await run(["bundle", dir, "--key", path.join(keys, "psf-signing.key"), "--out", bundle]);
    expect(b.code, b.out).toBeLessThan(2);
    expectClean("bundle", gunzipSync(readFileSync(bundle)).toString("latin1"));
  });

  it("psf init's summary and the manifest it writes", async () => {
    const bare = project({ "src/agent.ts": CODE, "package.json": JSON.stringify({ dependencies: { openai: "^6.0.0" } }) });
    made.push(bare);
    const r = await run(["init", "--yes", bare]);
    expectClean("init output", r.out);
    expectClean("psf.yaml written by init", readFileSync(path.join(bare, "psf.yaml"), "utf8"));
  });

  it("error messages: a key pasted as key_env is not echoed", async () => {
    const bad = project({ "psf.yaml": `${MINIMAL}spend:\n  enforcement:\n    layer: gateway\n    gateway:\n      kind: litellm\n      key_env: ${S.openai}\n`, "src/a.ts": "export {};\n" });
    made.push(bad);
    const r = await run(["assess", bad]);
    expectClean("error message", r.out);
    expect(r.out.length).toBeGreaterThan(0);
  });
});

describe("the redaction function", async () => {
  const { redactSecrets } = await import("../../src/redact.js");
  it.each(Object.entries(S))("redacts the %s shape wherever it stands", (_name, raw) => {
    for (const text of [raw, `x ${raw} y`, `"${raw}"`, `\`\${a}${raw}\``]) {
      const out = redactSecrets(text.includes("://") || ["urlToken", "password", "fallbackPassword", "bearer"].includes(_name) ? text : text);
      if (["urlToken", "password", "fallbackPassword", "bearer"].includes(_name)) continue; // only secret in context: below
      expect(out.includes(raw), `${text} → ${out}`).toBe(false);
    }
  });
  it.each([
    [`https://h.example/a?token=${S.urlToken}&page=2`, "https://h.example/a?token=…(redacted)&page=2"],
    [`https://agent:${S.password}@llm.example.net/v1`, "https://agent:…(redacted)@llm.example.net/v1"],
    [`Authorization: Bearer ${S.bearer}`, "Authorization: Bearer …(redacted)"],
    ["-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----…(redacted)"],
  ])("%s → %s", (input, output) => {
    expect(redactSecrets(input)).toBe(output);
  });
  it.each([
    "https://api.example.com/v1/items?page=2&sort=asc",
    "sk-learn is a library",
    "https://registry.example/asn/4242420000?format=json",
    "/runs/0f8fad5b-d9cb-469f-a165-70867728950e",
    "Basic authentication is not used",
    'f"https://chrome.example.io/content?token={os.environ["BROWSERLESS_API_KEY"]}"',
    "`https://maps.example.com/api?key=${process.env.MAPS_KEY}`",
    "the ceiling is enforced by the gateway (key_env: LLM_GATEWAY_KEY)",
  ])("leaves %s alone", (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});
