import { createHash } from "node:crypto";

// A finding's identity across runs (SARIF's partialFingerprints and --baseline): apart from the SARIF
// renderer so the exit-code gate does not load it.

/** Whitespace collapsed, case folded, digits folded: the message's identity, not its figures or positions. */
export function normalizeMessage(message: string): string {
  return message.trim().toLowerCase().replace(/\s+/g, " ").replace(/\d+/g, "#");
}

export function fingerprint(ruleId: string, uri: string, message: string): string {
  return createHash("sha256").update(`${ruleId}\0${uri}\0${normalizeMessage(message)}`).digest("hex");
}
