import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import { sha256 } from "../sources/collect.js";
import { walkTree } from "../sources/walk.js";
import { staysInside } from "../manifest/paths.js";
import type { Subject } from "../result/model.js";

export type EvidenceRead =
  | { ok: true; path: string; text: string; sha256: string }
  /** missing: the file is not there (the control fails); otherwise the tool could not read it (error). */
  | { ok: false; path: string; missing: boolean; reason: string };

/** package.json, pyproject.toml, tsconfig.json: a larger one is not what peek() is for. */
const PEEK_MAX_BYTES = 1024 * 1024;

/**
 * Evidence files the manifest names (gateway config, audit schema, policy files, control tests):
 * each read once per run, and every file read becomes a subject of the report and attestation.
 */
export class EvidenceStore {
  private readonly cache = new Map<string, EvidenceRead>();
  private walked: string[] | undefined;
  constructor(private readonly dir: string) {}

  read(rel: string): EvidenceRead {
    const key = rel.split(path.sep).join("/").replace(/^\.\//, "");
    const hit = this.cache.get(key);
    if (hit) return hit;
    const abs = path.join(this.dir, key);
    let result: EvidenceRead;
    if (!staysInside(this.dir, abs)) {
      result = { ok: false, path: key, missing: false, reason: "resolves outside the manifest's folder" };
    } else {
      try {
        const st = statSync(abs);
        if (!st.isFile()) result = { ok: false, path: key, missing: true, reason: "is not a file" };
        else {
          const bytes = readFileSync(abs);
          result = { ok: true, path: key, text: bytes.toString("utf8"), sha256: sha256(bytes) };
        }
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        result = code === "ENOENT" || code === "ENOTDIR"
          ? { ok: false, path: key, missing: true, reason: "does not exist" }
          : { ok: false, path: key, missing: false, reason: `could not be read (${code ?? "error"})` };
      }
    }
    this.cache.set(key, result);
    return result;
  }

  /** Files under the manifest's folder matching any of the globs, read as evidence. */
  glob(patterns: string[]): EvidenceRead[] {
    const match = picomatch(patterns, { dot: true });
    return this.files().filter((f) => match(f)).map((f) => this.read(f));
  }

  /** Every file under the manifest's folder (the walk glob() makes), relative, with `/` separators. */
  files(): readonly string[] {
    this.walked ??= walkTree(this.dir, this.dir).files.map((f) => f.rel);
    return this.walked;
  }

  /**
   * A small project file read for what it names (a package.json's `name`), not as evidence: it is not
   * a subject of the report. Undefined when missing, unreadable or outside the folder.
   */
  peek(rel: string): string | undefined {
    const abs = path.join(this.dir, rel);
    if (!staysInside(this.dir, abs)) return undefined;
    try {
      return statSync(abs).size <= PEEK_MAX_BYTES ? readFileSync(abs, "utf8") : undefined;
    } catch {
      return undefined;
    }
  }

  subjects(): Subject[] {
    return [...this.cache.values()].filter((r): r is Extract<EvidenceRead, { ok: true }> => r.ok).map((r) => ({ name: r.path, digest: { sha256: r.sha256 } }));
  }
}
