import path from "node:path";
import { durationSeconds } from "../manifest/duration.js";
import type { Detected } from "./detect.js";
import type { GatewayKind, ProviderEnforcementKind } from "../manifest/types.js";

/** Marks every value a person must still supply; the engine fails any control that reads one. */
export const PLACEHOLDER = "CHANGE-ME";

export { GATEWAY_KINDS } from "../manifest/types.js";
export type { GatewayKind } from "../manifest/types.js";

/** Everything `psf init` writes that the code cannot tell it. */
export interface InitAnswers {
  name: string;
  owner: string;
  ceiling?: { amount: number; currency: string; period: string };
  /** A gateway kind, `provider` (a provider-side budget), or undefined (nothing enforces it yet). */
  enforcement?: { layer: "gateway"; kind?: GatewayKind; url?: string } | { layer: "provider"; kind?: ProviderEnforcementKind };
  alertChannels: string[];
  approvers: string[];
  notify: string[];
  maxSteps?: number;
  timeout?: string;
  reviewers: string[];
}

// Same patterns as schemas/psf-manifest.schema.json, so an accepted answer always validates.
const EMAIL = /^[^\s@:]+@[^\s@]+\.[^\s@]+$/;
const KIND_TARGET = /^[a-z][a-z0-9+.-]*:\S+$/;

/** `true`, or the reason the answer is refused (inquirer shows it and asks again). */
export type Check = (value: string) => true | string;

export const checkContact: Check = (v) => {
  const s = v.trim();
  if (!s) return "required: an e-mail address or <kind>:<target> such as slack:#agent-ops";
  if (EMAIL.test(s) || KIND_TARGET.test(s)) return true;
  if (s.includes("@")) return `"${s}" is not an e-mail address (name@domain.tld)`;
  return `"${s}" is neither an e-mail address nor <kind>:<target> (slack:#agent-ops, pagerduty:service)`;
};

export function splitList(v: string): string[] {
  return v.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
}

export const checkContacts: Check = (v) => {
  const items = splitList(v);
  if (!items.length) return "name at least one, comma-separated: e-mail addresses or <kind>:<target>";
  for (const item of items) {
    const r = checkContact(item);
    if (r !== true) return r;
  }
  return true;
};

export const checkPositiveMoney: Check = (v) => {
  const s = v.trim().replace(/^[$€£]/, "");
  if (!/^\d+(\.\d+)?$/.test(s)) return `"${v.trim()}" is not an amount: write a number such as 200 or 49.50`;
  if (Number(s) <= 0) return "the amount must be more than 0: a ceiling of nothing stops the agent before it starts";
  return true;
};

export const checkCurrency: Check = (v) => (/^[A-Z]{3}$/.test(v.trim().toUpperCase()) ? true : `"${v.trim()}" is not an ISO 4217 currency code (USD, EUR, GBP)`);

export const checkDuration: Check = (v) => {
  const s = v.trim();
  if (!/^[0-9]+(s|m|h|d)$/.test(s)) return `"${s}" is not a duration: a whole number and a unit s, m, h or d (30s, 15m, 2h, 30d)`;
  if (durationSeconds(s) === 0) return "the duration must be longer than 0";
  return true;
};

export const checkPositiveInteger: Check = (v) => (/^[1-9][0-9]*$/.test(v.trim()) ? true : `"${v.trim()}" is not a whole number of at least 1`);

export const checkName: Check = (v) => (/^[a-z0-9][a-z0-9-]*$/.test(v.trim()) ? true : `"${v.trim()}": use lower-case letters, digits and dashes, starting with a letter or digit`);

export const checkUrl: Check = (v) => {
  const s = v.trim();
  try {
    const u = new URL(s);
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(s) || !u.host) throw new Error();
    return true;
  } catch {
    return `"${s}" is not a URL: write scheme://host[:port], e.g. http://llm-gateway.internal:4000`;
  }
};

/** `@acme/Scan Agent!` → `acme-scan-agent`; a usable deployment name from a package or folder name. */
export function slugify(s: string): string {
  const slug = s.toLowerCase().replace(/^@/, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return slug || "agent";
}

export function defaultName(dir: string, detected: Detected): string {
  return slugify(detected.packageName ?? path.basename(path.resolve(dir)));
}

/** Seconds as the largest whole unit: 7200 → 2h. */
export function secondsToDuration(s: number): string {
  for (const [unit, n] of [["d", 86400], ["h", 3600], ["m", 60]] as const) if (s % n === 0) return `${s / n}${unit}`;
  return `${s}s`;
}

/**
 * `--yes`: what the code says, and for what only a person can say, placeholders that name CHANGE-ME
 * (contacts) or leave the declaration out (numbers), so every control that needs them fails.
 */
export function placeholderAnswers(dir: string, detected: Detected): InitAnswers {
  const a: InitAnswers = {
    name: defaultName(dir, detected),
    owner: `${PLACEHOLDER}@example.com`,
    alertChannels: [`slack:#${PLACEHOLDER}`],
    approvers: [`${PLACEHOLDER}-approver@example.com`],
    notify: [`slack:#${PLACEHOLDER}`],
    reviewers: [`${PLACEHOLDER}-reviewer@example.com`],
  };
  // The gateway's kind, when a variable or host names it, is written from detection (buildManifest), never as a person's answer.
  if (detected.gateway.urlEnv || detected.gateway.url) a.enforcement = { layer: "gateway", ...(detected.gateway.url ? { url: detected.gateway.url } : {}) };
  if (detected.maxSteps !== undefined) a.maxSteps = detected.maxSteps;
  if (detected.timeoutSeconds !== undefined) a.timeout = secondsToDuration(detected.timeoutSeconds);
  return a;
}
