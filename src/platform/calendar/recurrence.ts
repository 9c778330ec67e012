/**
 * Recurrence (RRULE, RFC 5545) in Europe/Berlin wall-clock time: a weekly meeting at 18:00 stays at 18:00 across the
 * summer/winter time changes. The rule is expanded by rrule in floating time (wall-clock fields carried in UTC
 * fields), and each wall-clock occurrence is then converted to its instant with the Berlin helpers.
 *
 * Only the rule parts Quartier offers are accepted (FREQ=WEEKLY|MONTHLY, INTERVAL, BYDAY incl. ordinals like 1TU,
 * BYMONTHDAY, BYSETPOS, COUNT, UNTIL); exceptions are Berlin calendar dates (EXDATE by day).
 */
import * as rruleModule from 'rrule';

// rrule ships CommonJS (UMD) as "main": Node's ESM loader (tsx at runtime) sees only a default export, while
// bundlers (vitest) read its ESM build with named exports. Take RRule from whichever shape arrived.
const { RRule } = ((rruleModule as { RRule?: unknown }).RRule ? rruleModule : (rruleModule as unknown as { default: typeof rruleModule }).default) as typeof rruleModule;
type RRule = InstanceType<typeof RRule>;
import { berlinInstant, isDate, isTime, minutesOf, weekdayOf } from './berlin';

export interface RecurrenceInput {
  /** RRULE value without the "RRULE:" prefix, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU". */
  rrule: string;
  /** First occurrence: Berlin date and wall-clock start time. */
  startDate: string;
  startTime: string;
  /** Length of each occurrence in minutes. */
  durationMinutes: number;
  /** Berlin dates (YYYY-MM-DD) without an occurrence. */
  exdates?: readonly string[];
}

export interface Occurrence {
  start: Date;
  end: Date;
  /** Berlin date of the occurrence (the EXDATE key). */
  date: string;
}

const ALLOWED = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYSETPOS', 'COUNT', 'UNTIL', 'WKST']);

export class RecurrenceError extends Error {}

/** Parses and checks an RRULE value; throws RecurrenceError with a short reason. */
export function parseRule(rrule: string, startDate: string, startTime: string): RRule {
  const value = rrule.trim().replace(/^RRULE:/i, '');
  if (!value) throw new RecurrenceError('empty');
  if (!isDate(startDate) || !isTime(startTime)) throw new RecurrenceError('start');
  const parts = value.split(';').map((p) => p.split('='));
  for (const [k, v] of parts) {
    if (!k || v === undefined || !ALLOWED.has(k.toUpperCase())) throw new RecurrenceError(`part:${k ?? ''}`);
  }
  const freq = parts.find(([k]) => k?.toUpperCase() === 'FREQ')?.[1]?.toUpperCase();
  if (freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'DAILY') throw new RecurrenceError('freq');
  let options;
  try {
    options = RRule.parseString(value);
  } catch {
    throw new RecurrenceError('syntax');
  }
  const [y, m, d] = startDate.split('-').map(Number) as [number, number, number];
  const start = minutesOf(startTime);
  options.dtstart = new Date(Date.UTC(y, m - 1, d, Math.floor(start / 60), start % 60));
  options.tzid = null;
  if (options.until) {
    // UNTIL is read as a Berlin wall-clock reading too (end of the given day when only a date was given).
    const u = options.until;
    options.until = new Date(Date.UTC(u.getUTCFullYear(), u.getUTCMonth(), u.getUTCDate(), 23, 59, 59));
  }
  return new RRule(options);
}

/**
 * The occurrences of a recurrence that start in [from, to). `limit` guards against runaway rules.
 */
export function expandRecurrence(input: RecurrenceInput, from: Date, to: Date, limit = 2000): Occurrence[] {
  const rule = parseRule(input.rrule, input.startDate, input.startTime);
  const excluded = new Set(input.exdates ?? []);
  // Widen the floating window by a day on each side; the exact filter runs on the real instants.
  const floatFrom = new Date(from.getTime() - 86_400_000 - 1);
  const floatTo = new Date(to.getTime() + 86_400_000);
  const out: Occurrence[] = [];
  rule.between(floatFrom, floatTo, true, (wall) => {
    const date = wall.toISOString().slice(0, 10);
    const time = wall.toISOString().slice(11, 16);
    const start = berlinInstant(date, time);
    if (start >= from && start < to && !excluded.has(date)) {
      out.push({ start, end: new Date(start.getTime() + input.durationMinutes * 60_000), date });
    }
    return out.length < limit;
  });
  return out;
}

/** The first `count` occurrences from the series start (exceptions skipped). */
export function firstOccurrences(input: RecurrenceInput, count: number): Occurrence[] {
  const from = berlinInstant(input.startDate, input.startTime);
  return expandRecurrence(input, new Date(from.getTime() - 1), new Date(Date.UTC(2200, 0, 1)), count);
}

/** A rule Quartier's forms offer: weekly, every two weeks, or monthly (same ordinal weekday) from a start date. */
export type Frequency = 'weekly' | 'biweekly' | 'monthly';

export function ruleFor(freq: Frequency, startDate: string, until?: string | null): string {
  const day = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][weekdayOf(startDate) - 1]!;
  const untilPart = until ? `;UNTIL=${until.replace(/-/g, '')}T235959` : '';
  if (freq === 'weekly') return `FREQ=WEEKLY;BYDAY=${day}${untilPart}`;
  if (freq === 'biweekly') return `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}${untilPart}`;
  const dayOfMonth = Number(startDate.slice(8, 10));
  const ordinal = Math.ceil(dayOfMonth / 7);
  // The fifth weekday of a month does not exist every month: use "last" instead.
  return `FREQ=MONTHLY;BYDAY=${ordinal === 5 ? -1 : ordinal}${day}${untilPart}`;
}
