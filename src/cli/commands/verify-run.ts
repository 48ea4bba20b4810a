import { realpathSync } from "node:fs";
import path from "node:path";
import { checkDrift, type Drift } from "../../attest/drift.js";
import { verifyEnvelope, type VerifiedAttestation } from "../../attest/attestation.js";
import { AttestationError } from "../../attest/errors.js";
import { loadPublicKey } from "../../attest/keys.js";
import { readAttestationFile } from "../../attest/previous.js";
import { terminalSafe, visibleControls } from "../../util/terminal-text.js";
import { displayPath } from "../../manifest/load.js";
import { InputError } from "../../errors.js";
import type { CommandIO } from "../io.js";
import { isBundlePath } from "../../bundle/verify.js";
import { checkBundleFile, verifyBundleCommand } from "./bundle-run.js";
import { writeOutput } from "../output.js";
import type { Report } from "../../report/model.js";
import type { BundleVerification } from "../../bundle/verify.js";
import { BUNDLE_FILES } from "../../bundle/layout.js";

/** `psf verify`: what runs once the command line is parsed (its options are declared in verify.ts). */
export async function runVerify(file: string, target: string | undefined, opts: { key: string; format: "text" | "json"; output?: string }, io: CommandIO): Promise<void> {
  if (opts.format === "json") return verifyAsJson(file, target, opts.key, opts.output, io);
  if (opts.output) throw new InputError("-o writes the JSON result", { file: opts.output }, "add --format json");
  if (isBundlePath(file)) return verifyBundleCommand(file, opts.key, target, io);
  const bytes = readAttestationFile(file);
  const { publicKey } = loadPublicKey(opts.key);
  let verified: VerifiedAttestation;
  try {
    verified = verifyEnvelope(bytes, publicKey);
  } catch (e) {
    if (!(e instanceof AttestationError)) throw e;
    io.stderr.write(`psf: ${visibleControls(`${file}: INVALID attestation: ${e.message}`)}\n`);
    io.setExitCode(1);
    return;
  }
  // Names and values in a signed report are still the repository's data: shown, never interpreted.
  const shown = { ...verified, report: terminalSafe(verified.report) };
  io.stdout.write(describe(visibleControls(file), shown));
  const drift = checkDrift(verified.report, target);
  io.stdout.write(describeDrift(terminalSafe(drift), shown));
  io.setExitCode(drift.drifted ? 1 : 0);
}

function describe(file: string, v: VerifiedAttestation): string {
  const r = v.report;
  return (
    `attestation  ${file}\n` +
    `signature    valid (Ed25519, keyid ${v.keyid})\n` +
    `deployment   ${r.deployment.name} (${r.deployment.environment ?? "production"}, owner ${r.deployment.owner})\n` +
    `verdict      ${r.ready ? "ready" : "not ready"}${r.strict ? " (strict)" : ""}\n` +
    `assessed at  ${r.generatedAt} by ${r.tool?.name ?? "psf"} ${r.tool?.version ?? ""}`.trimEnd() + "\n"
  );
}

function describeDrift(d: Drift, v: VerifiedAttestation): string {
  const lines = [`tree         ${displayPath(d.dir) || "."} (${d.checked} attested file${d.checked === 1 ? "" : "s"} re-digested)`];
  for (const n of d.changed) lines.push(`  changed    ${n}`);
  for (const n of d.missing) lines.push(`  missing    ${n}`);
  for (const n of d.added) lines.push(`  new        ${n}`);
  for (const u of d.unreadable) lines.push(`  unchecked  ${u.name}: ${u.reason}`);
  for (const n of d.notes) lines.push(`  note: ${n}`);
  if (!d.drifted) lines.push(`result       VALID: signature verified; nothing changed since ${v.report.generatedAt}`);
  else {
    const parts = [[d.changed.length, "changed"], [d.missing.length, "missing"], [d.added.length, "new"], [d.unreadable.length, "unchecked"]].filter(([n]) => (n as number) > 0).map(([n, w]) => `${n} ${w}`);
    lines.push(`result       DRIFT: signature valid, but the tree differs from what was attested on ${v.report.generatedAt} (${parts.join(", ")}); re-assess before relying on this verdict`);
  }
  return lines.join("\n") + "\n";
}

/** `psf verify --format json`: the document schemas/psf-verify.schema.json describes. Exit codes as in text. */
export interface VerifyDocument {
  format: "psf.verify/v1";
  kind: "attestation" | "bundle";
  file: string;
  /** The exit-0 answer: signature valid and nothing changed, missing or new. */
  valid: boolean;
  signature: { valid: boolean; algorithm: "Ed25519"; keyid: string; problem?: string };
  deployment?: Report["deployment"];
  verdict?: { ready: boolean; strict: boolean };
  assessedAt?: string;
  tool?: { name: string; version: string };
  tree?: { path: string; checked: number; changed: string[]; missing: string[]; new: string[]; unchecked: { name: string; reason: string }[]; notes: string[] };
  bundle?: { files: number; problems: { file: string; message: string }[] };
}

function verifyAsJson(file: string, target: string | undefined, keyFile: string, output: string | undefined, io: CommandIO): void {
  const doc = isBundlePath(file) ? bundleDocument(file, checkBundleFile(file, keyFile, target)) : attestationDocument(file, target, keyFile);
  const text = JSON.stringify(doc, null, 2) + "\n";
  if (output) writeOutput(output, text, [file, keyFile].map((f) => realpathOrSelf(f)));
  else io.stdout.write(text);
  io.setExitCode(doc.valid ? 0 : 1);
}

function realpathOrSelf(f: string): string {
  try {
    return realpathSync(f);
  } catch {
    return path.resolve(f);
  }
}

function reportFields(r: Report): Pick<VerifyDocument, "deployment" | "verdict" | "assessedAt" | "tool"> {
  return { deployment: r.deployment, verdict: { ready: r.ready, strict: r.strict }, assessedAt: r.generatedAt, tool: { name: r.tool?.name ?? "psf", version: r.tool?.version ?? "" } };
}

function attestationDocument(file: string, target: string | undefined, keyFile: string): VerifyDocument {
  const bytes = readAttestationFile(file);
  const { publicKey, keyid } = loadPublicKey(keyFile);
  let verified: VerifiedAttestation;
  try {
    verified = verifyEnvelope(bytes, publicKey);
  } catch (e) {
    if (!(e instanceof AttestationError)) throw e;
    return { format: "psf.verify/v1", kind: "attestation", file, valid: false, signature: { valid: false, algorithm: "Ed25519", keyid, problem: e.message } };
  }
  const d = checkDrift(verified.report, target);
  return {
    format: "psf.verify/v1",
    kind: "attestation",
    file,
    valid: !d.drifted,
    signature: { valid: true, algorithm: "Ed25519", keyid: verified.keyid },
    ...reportFields(verified.report),
    tree: { path: displayPath(d.dir) || ".", checked: d.checked, changed: d.changed, missing: d.missing, new: d.added, unchecked: d.unreadable, notes: d.notes },
  };
}

function bundleDocument(file: string, v: BundleVerification): VerifyDocument {
  return {
    format: "psf.verify/v1",
    kind: "bundle",
    file,
    valid: v.valid,
    // A bundle's signatures (attestation and SHA256SUMS) are valid when no problem names their files.
    signature: { valid: v.report !== undefined && !v.problems.some((p) => p.file === BUNDLE_FILES.sumsSig || p.file === BUNDLE_FILES.attestation), algorithm: "Ed25519", keyid: v.keyid, ...(v.report ? {} : { problem: v.problems[0]?.message ?? "the attestation did not verify" }) },
    ...(v.report ? reportFields(v.report) : {}),
    bundle: { files: v.files.length, problems: v.problems },
  };
}
