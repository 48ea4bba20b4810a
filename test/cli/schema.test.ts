import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { psf, repoRoot } from "../helpers.js";

it("psf schema prints the manifest JSON Schema, byte for byte", () => {
  const r = psf(["schema"]);
  expect(r.code).toBe(0);
  const file = readFileSync(path.join(repoRoot, "schemas", "psf-manifest.schema.json"), "utf8");
  expect(r.stdout).toBe(file);
  expect(JSON.parse(r.stdout)).toEqual(JSON.parse(file));
});
