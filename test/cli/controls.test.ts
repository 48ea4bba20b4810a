import { describe, expect, it } from "vitest";
import { psf } from "../helpers.js";

describe("psf controls", () => {
  it("a table of every control in catalogue order", () => {
    const r = psf(["controls"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^ID\s+SEVERITY\s+DOMAIN\s+TITLE$/);
    expect(lines[1]).toMatch(/^RSG-01\s+critical\s+RSG\s+Hard spend ceiling declared$/);
    expect(lines.filter((l) => /^(RSG|OOC|ABC|IAA|DRA)-\d\d /.test(l))).toHaveLength(28);
  });

  it("--format json has 28 entries", () => {
    const r = psf(["controls", "--format", "json"]);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as { catalogue: string; controls: { id: string; severity: string; domain: string; title: string }[] };
    expect(data.catalogue).toBe("psf-v1.1");
    expect(data.controls).toHaveLength(28);
    expect(data.controls[0]).toMatchObject({ id: "RSG-01", severity: "critical", domain: "RSG" });
  });

  it("an unknown format is bad input", () => {
    expect(psf(["controls", "--format", "xml"]).code).toBe(2);
  });
});
