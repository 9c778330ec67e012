/**
 * Report arithmetic as pure functions: periods and the previous period, medians, months, pairs of count lists, and
 * the monthly counts per Stadtteil of the open data with small cells suppressed. The figures themselves are SQL
 * aggregates of the modules that keep the data (src/platform/reporting.ts).
 */

/** A period of whole days, both ends inclusive (YYYY-MM-DD, Europe/Berlin calendar days read as UTC dates). */
export interface Period {
  from: string;
  to: string;
}

const DAY = 86_400_000;
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function periodDays(p: Period): number {
  return Math.round((dayMs(p.to) - dayMs(p.from)) / DAY) + 1;
}

/** The period of the same length that ends the day before `p` starts. */
export function previousPeriod(p: Period): Period {
  const days = periodDays(p);
  const to = dayMs(p.from) - DAY;
  return { from: isoDay(to - (days - 1) * DAY), to: isoDay(to) };
}

/** The default period: the current calendar year up to today. */
export function defaultPeriod(now = new Date()): Period {
  const today = now.toISOString().slice(0, 10);
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/** Cells of open data below this count are suppressed (not published). */
export const SUPPRESS_BELOW = 5;

export interface MonthlyCell {
  districtNumber: number;
  month: string;
  /** null = suppressed (fewer than SUPPRESS_BELOW). */
  count: number | null;
}

/** Months (YYYY-MM) from `from` to `to`, both inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/**
 * Counts per Stadtteil and month for every Stadtteil and month of the range (so a missing row never tells
 * anything), with counts below SUPPRESS_BELOW suppressed.
 */
export function suppressedCells(counts: readonly { districtNumber: number; month: string; count: number }[], districts: readonly number[], months: readonly string[]): MonthlyCell[] {
  const byKey = new Map<string, number>();
  for (const c of counts) byKey.set(`${c.districtNumber}|${c.month}`, (byKey.get(`${c.districtNumber}|${c.month}`) ?? 0) + c.count);
  const out: MonthlyCell[] = [];
  for (const d of districts)
    for (const month of months) {
      const n = byKey.get(`${d}|${month}`) ?? 0;
      out.push({ districtNumber: d, month, count: n < SUPPRESS_BELOW ? null : n });
    }
  return out;
}

/** Rows "key, current, previous" of two count lists (every key of either), largest first. */
export function pairCounts(cur: readonly { key: string; count: number }[], prev: readonly { key: string; count: number }[]): { key: string; cur: number; prev: number }[] {
  const keys = [...new Set([...cur.map((c) => c.key), ...prev.map((c) => c.key)])];
  const of = (l: readonly { key: string; count: number }[], k: string) => l.find((x) => x.key === k)?.count ?? 0;
  return keys.map((k) => ({ key: k, cur: of(cur, k), prev: of(prev, k) })).sort((a, b) => b.cur - a.cur || b.prev - a.prev || a.key.localeCompare(b.key));
}

/** A language's name in the reader's language (ISO codes as the offices module records them). */
export function languageName(locale: string, code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
