import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { testGlobs } from "../../src/init/detect.js";
import { project, psf } from "../helpers.js";

describe("psf init on a Python agent", () => {
  it("pytest files → one glob per top folder and name pattern", () => {
    expect(testGlobs(["tests/test_loop.py", "tests/unit/test_tools.py", "agent/llm_test.py"])).toEqual(["agent/**/*_test.py", "tests/**/test_*.py"]);
  });

  it("detects the Python client, keeps the pytest files out of the agent's code, and lists them as control tests", () => {
    const dir = project({
      "agent/main.py": `import os\nfrom openai import OpenAI\nclient = OpenAI(base_url=os.environ["LLM_GATEWAY_URL"])\n`,
      "tests/test_main.py": `import shutil\n\ndef test_cleanup(tmp_path):\n    shutil.rmtree(tmp_path)\n`,
    });
    const r = psf(["init", "--yes", dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/OpenAI at agent\/main\.py:3/);
    const manifest = readFileSync(path.join(dir, "psf.yaml"), "utf8");
    expect(manifest).toContain("tests/**/test_*.py");
    // The test's rmtree is not the agent's: no ABC-08 finding at tests/test_main.py.
    expect(r.stdout).not.toMatch(/tests\/test_main\.py:4/);
  });
});
