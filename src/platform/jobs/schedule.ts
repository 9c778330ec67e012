/**
 * Recurring jobs: the period a schedule is in at a given instant. The worker enqueues one job per tenant and period
 * with the unique key `schedule:<period>`, so however many processes tick at the same time, each period gets exactly
 * one job (the unique index refuses the others).
 *
 * - `{ everyMinutes: n }`: periods are aligned to the epoch (n = 60 → every full hour, UTC); the job is due at the
 *   start of the current period.
 * - `{ dailyAt: 'HH:MM' }`: wall-clock time in Europe/Berlin (summer and winter time); the period is the Berlin
 *   calendar day and the job is due at HH:MM of that day (so it is enqueued ahead and runs on time).
 */
export type Schedule = { everyMinutes: number } | { dailyAt: string };


export function validateSchedule(s: Schedule): void {
  if ('everyMinutes' in s) {
    if (!Number.isInteger(s.everyMinutes) || s.everyMinutes < 1 || s.everyMinutes > 7 * 24 * 60) {
      throw new RangeError(`everyMinutes must be an integer from 1 to 10080, got ${String(s.everyMinutes)}`);
    }
    return;
  }
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s.dailyAt);
  if (!m) throw new RangeError(`dailyAt must be HH:MM (24 h), got ${String(s.dailyAt)}`);
}

const dstByYear = new Map<number, [number, number]>();

function lastSundayUtc(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0, 1, 0, 0));
  return last.getTime() - last.getUTCDay() * 86_400_000;
}

/**
 * Offset of Europe/Berlin from UTC at an instant, in minutes (60 in winter, 120 in summer). Computed by the EU rule
 * in force since 1996 — summer time from the last Sunday of March, 01:00 UTC, to the last Sunday of October,
 * 01:00 UTC — not through Intl: calendars and lists convert thousands of instants per page, and a formatter call
 * each was the hot spot (a unit test compares this with Intl for every hour of several years).
 */
export function berlinOffsetMinutes(at: Date): number {
  const year = at.getUTCFullYear();
  let span = dstByYear.get(year);
  if (!span) {
    span = [lastSundayUtc(year, 2), lastSundayUtc(year, 9)];
    dstByYear.set(year, span);
  }
  const t = at.getTime();
  return t >= span[0] && t < span[1] ? 120 : 60;
}

/** The calendar day (YYYY-MM-DD) in Europe/Berlin at an instant. */
export function berlinDate(at: Date): string {
  return new Date(at.getTime() + berlinOffsetMinutes(at) * 60_000).toISOString().slice(0, 10);
}

/** The instant of a wall-clock time on a Berlin calendar day (a time skipped by the spring change maps to one hour later). */
export function berlinInstant(date: string, time: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let guess = wall - berlinOffsetMinutes(new Date(wall)) * 60_000;
  const corrected = wall - berlinOffsetMinutes(new Date(guess)) * 60_000;
  if (corrected !== guess) guess = corrected;
  return new Date(guess);
}

export interface Period {
  /** Stable name of the period, part of the unique key. */
  key: string;
  /** When the period's job is due. */
  runAt: Date;
}

export function currentPeriod(s: Schedule, now: Date): Period {
  if ('everyMinutes' in s) {
    const ms = s.everyMinutes * 60_000;
    const start = new Date(Math.floor(now.getTime() / ms) * ms);
    return { key: `every${s.everyMinutes}m:${start.toISOString()}`, runAt: start };
  }
  const day = berlinDate(now);
  return { key: `daily${s.dailyAt}:${day}`, runAt: berlinInstant(day, s.dailyAt) };
}
