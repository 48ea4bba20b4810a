import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { assess } from "../../src/assess.js";
import { attestReport, verifyEnvelope } from "../../src/attest/attestation.js";
import { signPae } from "../../src/attest/dsse.js";
import { checkDrift } from "../../src/attest/drift.js";
import { AttestationError } from "../../src/attest/errors.js";
import { canonicalBytes, canonicalize } from "../../src/attest/jcs.js";
import { keyIdOf } from "../../src/attest/keys.js";
import { readinessStatement } from "../../src/attest/statement.js";
import { buildBundle } from "../../src/bundle/build.js";
import { gunzipOne, readTar, UnreadableArchiveError } from "../../src/bundle/tar.js";
import { verifyBundle } from "../../src/bundle/verify.js";
import { checkGatewayConfig } from "../../src/controls/gateway/index.js";
import { InputError } from "../../src/errors.js";
import { extractFacts } from "../../src/facts/extract.js";
import { loadPythonParser } from "../../src/facts/python/parser.js";
import { parseManifest } from "../../src/manifest/load.js";
import type { Manifest } from "../../src/manifest/types.js";
import type { SourceSet } from "../../src/sources/collect.js";
import { fixture, MINIMAL } from "../helpers.js";
import { mutated } from "./mutate.js";

/**
 * The fuzz targets: one row per parser psf runs on input it does not control. A row says how to get
 * ready (once), what inputs to make, and how to feed one: `run` returns for a value or a typed
 * refusal, and throws for anything else (an unexpected exception, or a broken invariant).
 * A new front end or reader is one more row.
 */
export interface FuzzTarget<T> {
  name: string;
  setup?: () => Promise<void> | void;
  inputs: () => fc.Arbitrary<T>;
  run: (input: T) => void;
}

const target = <T>(t: FuzzTarget<T>) => t as unknown as FuzzTarget<unknown>;

/** Thrown when an input is accepted but breaks what acceptance promises. */
export class InvariantBroken extends Error {}

/** Run `f`; a refusal of one of the `expected` types is a fine outcome, anything else propagates. */
function refusedOr<T>(f: () => T, ...expected: (new (...a: never[]) => Error)[]): T | undefined {
  try {
    return f();
  } catch (e) {
    if (expected.some((E) => e instanceof E)) return undefined;
    throw e;
  }
}

const YAML_TOKENS = ["&a ", "*a", "<<: *a\n", ": ", "- ", "? ", "{", "}", "[", "]", ",", "\n", "\n  ", "\t", "#", "'", '"', "|\n", ">-\n", "!!binary ", "!!str ", "!!map ", "!!js/function ", "---\n", "...\n", "%YAML 1.2\n", "~", "null", "1e309", "-.inf", "0x1F", "\u0000", "\uFEFF", "\u2028", "\\u", "2026-13-45", "30d", "-1", "99999999999999999999"];
const JSON_TOKENS = ['"', "\\", "\\u", "\\ud800", "{", "}", "[", "]", ",", ":", '"a":1,', '"payload":"AA==",', '"signatures":[],', '{"sig":""}', "null", "true", "1e999", "-0", " ", "\u0000", "\uFEFF", "=", "+", "/", "-", "_"];
const TS_TOKENS = ["(", ")", "{", "}", "[", "]", ";", ",", ".", "?.", "...", "=>", "`", "${", "}`", "/*", "*/", "//", "\n", '"', "'", "\\", "while (true) ", "for (;;) ", "new ", "await ", "async ", "function f(", "class C { ", "import OpenAI from \"openai\";\n", "export * from \"./x\";\n", "generateText({ ", "maxSteps: ", "stopWhen: ", "fetch(", "process.env.", "as any", "<T>", "@decorator ", "#private", "yield* ", "enum E { A }", "\u0000", "\uD800", "// psf-waive ABC-01: reason\n", "f(f(f(f(f(", "))))) "];
const PY_TOKENS = ["(", ")", ":", "\n", "\n    ", "\t", "def f(", "class C:\n    ", "async ", "await ", "while True:\n    ", "import openai\n", "from langgraph.graph import StateGraph\n", "lambda: ", "@decorator\n", '"""', "'", "f\"{", "}\"", "#", "\\", "\u0000", "**", "yield ", "os.environ[", "max_iterations=", "recursion_limit=", "f(f(f(f(f(", "))))) "];

// What several targets share, made once by `shared()`: a real assessment, its attestation and bundle.
interface Shared {
  privateKey: KeyObject;
  publicKey: KeyObject;
  manifest: Manifest;
  attestation: Buffer;
  reportCanonical: string;
  statement: Buffer;
  bundle: Buffer;
  tar: Buffer;
  entries: Map<string, Buffer>;
}
let made: Shared | undefined;
function shared(): Shared {
  if (made) return made;
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const key = { privateKey, publicKey, keyid: keyIdOf(publicKey) };
  const a = assess(path.join(fixture("governed-scanner"), "psf.yaml"), { now: new Date("2026-11-21T12:00:00Z") });
  const attestation = Buffer.from(attestReport(a.report, key), "utf8");
  const bundle = buildBundle(a, { key, mtime: 0 }).bytes;
  const tar = gunzipOne(bundle).tar;
  made = {
    privateKey,
    publicKey,
    manifest: a.loaded.value,
    attestation,
    reportCanonical: canonicalize(JSON.parse(JSON.stringify(a.report))),
    statement: canonicalBytes(readinessStatement(a.report)),
    bundle,
    tar,
    entries: new Map(readTar(tar).map((e) => [e.name, e.data])),
  };
  return made;
}

const filesIn = (dir: string, ext: RegExp): Buffer[] => {
  const out: Buffer[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && e.name !== "node_modules") walk(p);
      else if (e.isFile() && ext.test(e.name)) out.push(readFileSync(p));
    }
  };
  walk(dir);
  return out;
};

function sourceSet(file: string, bytes: Buffer): SourceSet {
  const text = bytes.toString("utf8");
  return { files: [{ path: file, abs: path.join("/nonexistent", file), text, sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length }], skipped: [], unread: [], walked: [] };
}

/** Facts or a per-file "not analysed", never a throw; and every fact points into the file it was given. */
function frontEnd(file: string, bytes: Buffer): void {
  const facts = extractFacts(sourceSet(file, bytes));
  if (!facts) throw new InvariantBroken("no facts object for a non-empty source set");
  // extractFacts turns a front end's exception into "not analysed" so one file cannot sink a run;
  // for the fuzz suite that is still a defect to find, except the stack limit on absurd nesting.
  const failed = facts.unanalysed.find((u) => u.reason.startsWith("the analysis failed"));
  if (failed) throw new InvariantBroken(`${file}: ${failed.reason}`);
}

/** A bundle that verifies must hold exactly the files that were packed: no change gets through. */
function bundleRun(bytes: Buffer): void {
  const s = shared();
  const v = refusedOr(() => verifyBundle(bytes, s.publicKey), UnreadableArchiveError);
  if (!v?.valid) return;
  const got = readTar(gunzipOne(bytes).tar);
  const same = got.length === s.entries.size && got.every((e) => s.entries.get(e.name)?.equals(e.data));
  if (!same) throw new InvariantBroken(`a changed bundle verified as valid (${got.map((e) => e.name).join(", ")})`);
}

export const TARGETS: FuzzTarget<unknown>[] = [
  target<Buffer>({
    name: "manifest (YAML)",
    inputs: () => mutated([...["governed-scanner", "dn42-scanner", "python/governed-scanner"].map((f) => readFileSync(path.join(fixture(f), "psf.yaml"))), Buffer.from(MINIMAL)], YAML_TOKENS),
    run: (bytes) => {
      refusedOr(() => parseManifest(bytes, path.join(fixture("governed-scanner"), "psf.yaml"), "psf.yaml"), InputError);
    },
  }),
  target<Buffer>({
    name: "attestation (DSSE envelope)",
    setup: () => void shared(),
    inputs: () => mutated([shared().attestation], JSON_TOKENS),
    run: (bytes) => {
      const s = shared();
      const v = refusedOr(() => verifyEnvelope(bytes, s.publicKey), AttestationError);
      // Whatever was changed, a verified envelope says exactly what was signed.
      if (v && canonicalize(v.report) !== s.reportCanonical) throw new InvariantBroken("a changed envelope verified with a different report");
    },
  }),
  target<Buffer>({
    name: "attestation (signed statement)",
    setup: () => void shared(),
    // The payload changed and then signed by the right key: only the statement reader stands guard.
    inputs: () => mutated([shared().statement], JSON_TOKENS),
    run: (body) => {
      const s = shared();
      const sig = signPae("application/vnd.in-toto+json", body, s.privateKey).toString("base64");
      const envelope = JSON.stringify({ payloadType: "application/vnd.in-toto+json", payload: body.toString("base64"), signatures: [{ keyid: keyIdOf(s.publicKey), sig }] });
      const v = refusedOr(() => verifyEnvelope(envelope, s.publicKey), AttestationError);
      // What verify does next with a signed report: compare it with the tree.
      if (v) refusedOr(() => checkDrift(v.report, fixture("governed-scanner")), InputError);
    },
  }),
  target<Buffer>({
    name: "bundle (gzip bytes)",
    setup: () => void shared(),
    inputs: () => mutated([shared().bundle], ["\u001f\u008b", "\u0000", "\u00ff"]),
    run: bundleRun,
  }),
  target<Buffer>({
    name: "bundle (tar inside gzip)",
    setup: () => void shared(),
    inputs: () => mutated([shared().tar], ["0", "5", "2", "ustar\u0000", "../", "/", "./", "\u0000", "0004755\u0000", "0001750\u0000", "mallory\u0000", "x".repeat(100)]).map((tar) => gzipSync(tar, { level: 1 })),
    run: bundleRun,
  }),
  target<[string, string, Buffer]>({
    name: "gateway config (every reader)",
    setup: () => void shared(),
    inputs: () => {
      const dir = path.join(fixture("."), "..", "test", "gateway", "fixtures");
      // Each seed keeps its file name: some readers are chosen by extension (.toml, .tf, .xml, .json).
      const files = readdirSync(dir).filter((f) => /\.(ya?ml|json|toml|tf|xml)$/.test(f));
      const perFile = files.map((f) => mutated([readFileSync(path.join(dir, f))], [...YAML_TOKENS, ...JSON_TOKENS, "[", "]]", " = ", "<", "/>", "resource \"", "${"]).map((b) => [`infra/${f}`, b] as const));
      return fc.tuple(fc.constantFrom("litellm", "envoy-ai-gateway", "kong", "bifrost", "tensorzero", "azure-apim", "other"), fc.oneof(...perFile)).map(([kind, [file, b]]) => [kind, file, b] as [string, string, Buffer]);
    },
    run: ([kind, file, bytes]) => {
      const r = checkGatewayConfig({ kind, file, text: bytes.toString("utf8"), manifest: shared().manifest });
      if (!r || !Array.isArray(r.findings)) throw new InvariantBroken("no result from the gateway reader");
    },
  }),
  target<Buffer>({
    name: "TypeScript front end",
    inputs: () => mutated([...filesIn(fixture("frameworks"), /\.ts$/), ...filesIn(path.join(fixture("governed-scanner"), "src"), /\.ts$/)], TS_TOKENS),
    run: (bytes) => frontEnd("src/agent.ts", bytes),
  }),
  target<Buffer>({
    name: "Python front end",
    setup: () => loadPythonParser(),
    inputs: () => mutated(filesIn(fixture("python"), /\.py$/), PY_TOKENS),
    run: (bytes) => frontEnd("scanner/agent.py", bytes),
  }),
];
