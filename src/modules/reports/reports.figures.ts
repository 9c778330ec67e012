/**
 * Report figures as pure functions over plain records: periods and the previous period, the concern figures of a
 * period, medians, and the monthly counts per Stadtteil of the open data with small cells suppressed.
 * The service gathers the records through other modules' public entry points and calls these.
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

/** Whether an ISO instant falls in the period (by its UTC date). */
export function inPeriod(instant: string, p: Period): boolean {
  const d = instant.slice(0, 10);
  return d >= p.from && d <= p.to;
}

/** The default period: the current calendar year up to today. */
export function defaultPeriod(now = new Date()): Period {
  const today = now.toISOString().slice(0, 10);
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** What the concern figures are computed from (fields of the concerns module's PublicConcern). */
export interface ConcernRecord {
  categoryId: string;
  status: string;
  createdAt: string;
  closedAt: string | null;
  districtNumber: number | null;
}

export interface ConcernFigures {
  total: number;
  byCategory: { key: string; count: number }[];
  byStatus: { key: string; count: number }[];
  resolved: number;
  /** resolved / total, null without concerns. */
  shareResolved: number | null;
  /** Median days from intake to closing, over the concerns of the period resolved by now. */
  medianDaysToResolution: number | null;
}

function countBy<T>(items: readonly T[], key: (t: T) => string): { key: string; count: number }[] {
  const m = new Map<string, number>();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
  return [...m.entries()].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** Figures of the concerns received in the period (status as it is now). */
export function concernFigures(all: readonly ConcernRecord[], p: Period): ConcernFigures {
  const items = all.filter((c) => inPeriod(c.createdAt, p));
  const resolved = items.filter((c) => c.status === 'resolved');
  const days = resolved.filter((c) => c.closedAt).map((c) => (Date.parse(c.closedAt!) - Date.parse(c.createdAt)) / DAY);
  const med = median(days);
  return {
    total: items.length,
    byCategory: countBy(items, (c) => c.categoryId),
    byStatus: countBy(items, (c) => c.status),
    resolved: resolved.length,
    shareResolved: items.length ? resolved.length / items.length : null,
    medianDaysToResolution: med === null ? null : Math.round(med * 10) / 10,
  };
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
 * Concerns received per Stadtteil and month, for every Stadtteil and month of the range (so a missing row never
 * tells anything), with counts below SUPPRESS_BELOW suppressed.
 */
export function monthlyByDistrict(records: readonly Pick<ConcernRecord, 'createdAt' | 'districtNumber'>[], districts: readonly number[], months: readonly string[]): MonthlyCell[] {
  const counts = new Map<string, number>();
  const monthSet = new Set(months);
  for (const r of records) {
    if (r.districtNumber === null) continue;
    const month = r.createdAt.slice(0, 7);
    if (!monthSet.has(month)) continue;
    const k = `${r.districtNumber}|${month}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const out: MonthlyCell[] = [];
  for (const d of districts)
    for (const month of months) {
      const n = counts.get(`${d}|${month}`) ?? 0;
      out.push({ districtNumber: d, month, count: n < SUPPRESS_BELOW ? null : n });
    }
  return out;
}

/** What the advice figures are computed from (fields of the offices module's anonymous AdviceEntry). */
export interface AdviceRecord {
  date: string;
  topics: readonly string[];
  language: string;
  referrals: readonly string[];
  durationMinutes: number;
}

export interface AdviceFigures {
  total: number;
  /** Advice sessions with at least one referral. */
  referred: number;
  minutes: number;
  byTopic: { key: string; count: number }[];
  byLanguage: { key: string; count: number }[];
  byReferral: { key: string; count: number }[];
}

/** Figures of the advice sessions held in the period (a session with two topics counts once per topic). */
export function adviceFigures(all: readonly AdviceRecord[], p: Period): AdviceFigures {
  const items = all.filter((a) => a.date >= p.from && a.date <= p.to);
  const flat = (pick: (a: AdviceRecord) => readonly string[]) => countBy(items.flatMap((a) => pick(a).map((k) => ({ k }))), (x) => x.k);
  return {
    total: items.length,
    referred: items.filter((a) => a.referrals.length > 0).length,
    minutes: items.reduce((s, a) => s + a.durationMinutes, 0),
    byTopic: flat((a) => a.topics),
    byLanguage: countBy(items, (a) => a.language),
    byReferral: flat((a) => a.referrals),
  };
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
