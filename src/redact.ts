import { redact as keepEnds, SECRET_PATTERNS } from "./facts/secrets.js";

/**
 * One redaction for every output. Anything psf prints, writes, signs or bundles passes through here
 * (the report once before any renderer sees it; `psf init`'s manifest and summary; every error
 * message), so no format can carry a raw secret: provider keys, tokens in URLs (query and
 * user-info), Authorization headers, and the GitHub, AWS, Google, Slack, JWT and private-key shapes.
 */
const SHAPES: { re: RegExp; to: (m: string, ...groups: string[]) => string }[] = [
  // Private keys (PEM, also JSON-escaped inside a service-account file).
  { re: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, to: () => "-----BEGIN PRIVATE KEY-----…(redacted)" },
  // Tokens in a URL's query string.
  { re: /([?&](?:[a-z0-9_.-]*(?:key|token|secret|password|passwd|pwd|sig|signature|auth|credential)[a-z0-9_.-]*|code)=)(?![{$…])([^&#\s"'`<>{}]{4,})/gi, to: (_m, name) => `${name}…(redacted)` },
  // User-info in a URL: user:password@ (the user kept), or a token alone before @.
  { re: /\b([a-z][a-z0-9+.-]*:\/\/)([^/@\s:"'`]*):([^/@\s"'`]+)@/gi, to: (_m, scheme, user) => `${scheme}${user}:…(redacted)@` },
  { re: /\b([a-z][a-z0-9+.-]*:\/\/)([A-Za-z0-9_-]{16,})@/g, to: (_m, scheme) => `${scheme}…(redacted)@` },
  // Authorization headers and bare bearer tokens.
  { re: /\b((?:Bearer|Basic|Token)\s+)((?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{12,})/g, to: (_m, word) => `${word}…(redacted)` },
  // GitHub, AWS, Slack, JWT.
  { re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g, to: (m) => keepEnds(m, 4) },
  { re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, to: (m) => keepEnds(m, 4) },
  { re: /(aws_secret_access_key|secretAccessKey|SecretAccessKey)(["']?\s*[:=]\s*["']?)([A-Za-z0-9/+=]{40})\b/g, to: (_m, name, sep) => `${name}${sep}…(redacted)` },
  { re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, to: (m) => keepEnds(m, 5) },
  { re: /hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g, to: () => "hooks.slack.com/services/…(redacted)" },
  { re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, to: () => "eyJ…(redacted JWT)" },
];

/** Most strings have none of these: one cheap test before the full set. */
const MAYBE = /sk-|AIza|gsk_|xai-|hf_|r8_|tvly-|fc-|gh[pousr]_|github_pat_|AKIA|ASIA|xox|hooks\.slack|eyJ|PRIVATE KEY|[?&][^=\s]*=|:\/\/[^/\s]*@|Bearer|Basic |Token |secret/i;

export function redactSecrets(text: string): string {
  if (!MAYBE.test(text)) return text;
  let out = text;
  for (const p of SECRET_PATTERNS) out = out.replace(new RegExp(p.re.source, "g"), (m) => keepEnds(m, p.kind === "openai" && m.startsWith("sk-proj-") ? 8 : p.keep));
  for (const s of SHAPES) out = out.replace(s.re, s.to as (m: string, ...g: string[]) => string);
  return out;
}

/** A copy of a JSON-shaped value with every string redacted (keys included). */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[redactSecrets(k)] = redactDeep(v);
    return out as T;
  }
  return value;
}
