import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { selectSourcePaths } from "../../../src/sources/collect.js";

describe("collecting Python sources", () => {
  it("reads .py by default, skips .pyi stubs, virtualenvs and caches", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "psf-py-collect-"));
    const files = ["agent/main.py", "agent/types.pyi", ".venv/lib/python3.12/site-packages/openai/__init__.py", "agent/__pycache__/main.cpython-312.py", "web/app.ts"];
    for (const f of files) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), "x = 1\n");
    }
    expect(selectSourcePaths({ dir }).files.map((f) => f.path).sort()).toEqual(["agent/main.py", "web/app.ts"]);
  });
});
