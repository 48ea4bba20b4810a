/**
 * Secret-shaped literals: provider API keys written into the source. Only the redacted form ever
 * leaves this module (`sk-…abcd`): the raw value is never stored in facts, findings or reports.
 */
export const SECRET_PATTERNS: readonly { kind: string; re: RegExp; keep: number }[] = [
  { kind: "anthropic", re: /\bsk-ant-(?:api\d\d-)?[A-Za-z0-9_-]{20,}/g, keep: 7 },
  { kind: "openai", re: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, keep: 3 },
  { kind: "google", re: /\bAIza[0-9A-Za-z_-]{35}\b/g, keep: 4 },
  { kind: "groq", re: /\bgsk_[A-Za-z0-9]{20,}/g, keep: 4 },
  { kind: "xai", re: /\bxai-[A-Za-z0-9]{20,}/g, keep: 4 },
  { kind: "huggingface", re: /\bhf_[A-Za-z0-9]{30,}/g, keep: 3 },
  { kind: "openrouter", re: /\bsk-or-v1-[A-Za-z0-9]{20,}/g, keep: 9 },
  { kind: "replicate", re: /\br8_[A-Za-z0-9]{30,}/g, keep: 3 },
  // Paid APIs beside the model (facts/paid-apis.ts): Tavily's keys (`tvly-`, `tvly-dev-`, `tvly-prod-`) and Firecrawl's (`fc-` and 32 hex digits).
  { kind: "tavily", re: /\btvly-(?:dev-|prod-)?[A-Za-z0-9]{20,}/g, keep: 5 },
  { kind: "firecrawl", re: /\bfc-[0-9a-f]{32}\b/g, keep: 3 },
];

/** `sk-…abcd`: the recognisable prefix, an ellipsis, the last four characters. */
export function redact(value: string, keep: number): string {
  return `${value.slice(0, keep)}…${value.slice(-4)}`;
}

export function findSecrets(text: string): { kind: string; redacted: string; index: number }[] {
  const out: { kind: string; redacted: string; index: number }[] = [];
  const taken: [number, number][] = [];
  for (const p of SECRET_PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      const start = m.index, end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      // Placeholders (`sk-xxxxxxxx…`, `sk-your-key-here…`) are not keys.
      if (/^(.)\1+$/.test(m[0].slice(p.keep).replace(/[-_]/g, "")) || /your|example|placeholder|dummy|xxxx|\.\.\./i.test(m[0])) continue;
      taken.push([start, end]);
      out.push({ kind: p.kind, redacted: redact(m[0], p.kind === "openai" && m[0].startsWith("sk-proj-") ? 8 : p.keep), index: start });
    }
  }
  return out;
}
