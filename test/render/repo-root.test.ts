import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ciLocation, findRepoRoot, repoPath, uriPrefixFor } from "../../src/report/render/repo-root.js";
import { project } from "../helpers.js";

describe("repository-relative paths", () => {
  it("the manifest's folder relative to the nearest .git folder or file", () => {
    const dir = project({ "deploy/agents/scanner/psf.yaml": "psf: 1\n", "README.md": "" });
    mkdirSync(path.join(dir, ".git"));
    expect(uriPrefixFor(path.join(dir, "deploy/agents/scanner"))).toBe("deploy/agents/scanner");
    expect(uriPrefixFor(dir)).toBe("");
    const sub = path.join(dir, "deploy");
    writeFileSync(path.join(sub, ".git"), "gitdir: ../.git/modules/deploy\n");
    expect(findRepoRoot(path.join(sub, "agents"))).toBe(sub);
    expect(uriPrefixFor(path.join(sub, "agents/scanner"))).toBe("agents/scanner");
  });

  it("no repository: paths stay relative to the manifest's folder", () => {
    const dir = project({ "psf.yaml": "psf: 1\n" });
    if (findRepoRoot(dir)) return; // the temp folder sits inside a repository on this machine
    expect(uriPrefixFor(dir)).toBe("");
  });

  it("joins and normalizes", () => {
    expect(repoPath("src/agent.ts", "apps/scanner")).toBe("apps/scanner/src/agent.ts");
    expect(repoPath("./src/agent.ts", "")).toBe("src/agent.ts");
    expect(repoPath("../common/gw.yaml", "apps/scanner")).toBe("apps/common/gw.yaml");
    expect(ciLocation("psf.yaml", {}, "a")).toEqual({ uri: "a/psf.yaml", line: 1 });
    expect(ciLocation("psf.yaml", { file: "src/x.ts", line: 4, column: 2 }, undefined)).toEqual({ uri: "src/x.ts", line: 4, column: 2 });
  });
});
