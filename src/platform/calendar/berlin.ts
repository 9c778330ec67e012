/**
 * Europe/Berlin wall-clock helpers for calendars (opening hours, bookings, offers). The instant ↔ wall-clock
 * conversion itself lives in jobs/schedule.ts (the scheduler needs it too); this file adds what calendars need.
 */
import { berlinDate, berlinInstant, berlinOffsetMinutes } from '../jobs/schedule';

export { berlinDate, berlinInstant, berlinOffsetMinutes };

export const TIME_ZONE = 'Europe/Berlin';

export interface WallClock {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM (24 h) */
  time: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday */
  weekday: number;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The Berlin wall-clock reading of an instant. */
export function berlinWallClock(at: Date): WallClock {
  const local = new Date(at.getTime() + berlinOffsetMinutes(at) * 60_000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  const hour = local.getUTCHours();
  const minute = local.getUTCMinutes();
  const dow = local.getUTCDay();
  return {
    date: `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`,
    time: `${pad(hour)}:${pad(minute)}`,
    weekday: dow === 0 ? 7 : dow,
    year,
    month,
    day,
    hour,
    minute,
    second: local.getUTCSeconds(),
  };
}

/** Calendar arithmetic on YYYY-MM-DD strings (no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/** Minutes since midnight of "HH:MM". */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function isTime(s: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(s);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
