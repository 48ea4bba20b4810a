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
    this.walked ??= walkTree(this.dir, this.dir).files.map((f) => f.rel);
    const match = picomatch(patterns, { dot: true });
    return this.walked.filter((f) => match(f)).map((f) => this.read(f));
  }

  subjects(): Subject[] {
    return [...this.cache.values()].filter((r): r is Extract<EvidenceRead, { ok: true }> => r.ok).map((r) => ({ name: r.path, digest: { sha256: r.sha256 } }));
  }
}
