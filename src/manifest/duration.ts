const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds in a manifest duration (`30s`, `2h`, `30d`); undefined when it is not one. */
export function durationSeconds(d: string | undefined): number | undefined {
  if (d === undefined) return undefined;
  const m = /^([0-9]+)(s|m|h|d)$/.exec(d.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_SECONDS[m[2]!]!;
}

/** A readable span: 259200 → "72h", 2592000 → "30d". */
export function formatSeconds(s: number): string {
  for (const [unit, n] of [["d", 86400], ["h", 3600], ["m", 60]] as const) {
    if (s >= n && s % n === 0) return `${s / n}${unit}`;
  }
  return `${s}s`;
}

/** A YYYY-MM-DD date as the UTC midnight it starts; undefined for an impossible date (2026-02-30). */
export function parseDate(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return undefined;
  return d;
}
