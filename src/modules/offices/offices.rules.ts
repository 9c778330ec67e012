/**
 * Pure rules of the offices module: opening hours (weekly, exceptions, NRW holidays) and "open now / opens at",
 * booking rules of a room (within opening hours, min/max length, lead time), and the 15-minute cells an
 * occurrence holds (the double-booking guard).
 */
import { addDays, berlinInstant, berlinWallClock, minutesOf, nrwHoliday, nrwHolidays, weekdayOf } from '../../platform/calendar';
import type { FieldError } from '../../platform/errors';
import type { Closure, Interval, OpenState, Room, WeeklyHours } from './offices.types';

/** Bookings and offers start and end on a 15-minute grid (the cell size of the double-booking guard). */
export const CELL_MINUTES = 15;
/** A series is materialised up to this many days after its first occurrence. */
export const MAX_SERIES_DAYS = 366;

export interface HoursContext {
  hours: WeeklyHours;
  closedOnHolidays: boolean;
  closures: readonly Pick<Closure, 'fromDate' | 'toDate' | 'hours' | 'reason'>[];
}

export type DayHours = { intervals: Interval[]; reason: 'regular' | 'holiday' | 'closure' | 'special'; note: string | null };

/** Opening intervals on a Berlin date, after exceptions and holidays. */
export function hoursOn(ctx: HoursContext, date: string): DayHours {
  const exception = ctx.closures.find((c) => c.fromDate <= date && date <= c.toDate);
  if (exception) {
    return exception.hours ? { intervals: sortIntervals(exception.hours), reason: 'special', note: exception.reason } : { intervals: [], reason: 'closure', note: exception.reason };
  }
  const holiday = nrwHoliday(date);
  if (holiday && ctx.closedOnHolidays) return { intervals: [], reason: 'holiday', note: holiday.name };
  return { intervals: sortIntervals(ctx.hours[String(weekdayOf(date))] ?? []), reason: 'regular', note: null };
}

/** The days of a period (YYYY-MM-DD, both ends inclusive) with weekday and NRW holiday — computed once, shared by offices. */
export interface PeriodDay {
  date: string;
  weekday: number;
  holiday: boolean;
}

export function periodDays(from: string, to: string): PeriodDay[] {
  const holidays = new Set<string>();
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) for (const h of nrwHolidays(y)) holidays.add(h.date);
  const out: PeriodDay[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    const day = new Date(t);
    const date = day.toISOString().slice(0, 10);
    out.push({ date, weekday: day.getUTCDay() || 7, holiday: holidays.has(date) });
  }
  return out;
}

function intervalMinutes(list: readonly Interval[]): number {
  return list.reduce((s, i) => s + minutesOf(i.to) - minutesOf(i.from), 0);
}

/**
 * Opening minutes of an office over the given days: the same precedence as `hoursOn` (an exception — closure or
 * special hours — first, then a public holiday when the office closes on holidays, then the weekly hours), summed
 * without building a day's intervals (the report figures add up two years for every office).
 */
export function openingMinutes(ctx: HoursContext, days: readonly PeriodDay[]): number {
  const weekly = Array.from({ length: 8 }, (_, wd) => intervalMinutes(ctx.hours[String(wd)] ?? []));
  let total = 0;
  for (const d of days) {
    const exception = ctx.closures.length ? ctx.closures.find((c) => c.fromDate <= d.date && d.date <= c.toDate) : undefined;
    if (exception) total += exception.hours ? intervalMinutes(exception.hours) : 0;
    else if (!(d.holiday && ctx.closedOnHolidays)) total += weekly[d.weekday]!;
  }
  return total;
}

function sortIntervals(list: readonly Interval[]): Interval[] {
  return [...list].sort((a, b) => a.from.localeCompare(b.from));
}

/** Open now? Otherwise the next opening within two weeks (null: none). */
export function openState(ctx: HoursContext, now: Date): OpenState {
  const wall = berlinWallClock(now);
  const today = hoursOn(ctx, wall.date);
  const current = today.intervals.find((i) => i.from <= wall.time && wall.time < i.to);
  if (current) return { open: true, until: current.to };
  const later = today.intervals.find((i) => i.from > wall.time);
  if (later) return { open: false, next: { date: wall.date, time: later.from } };
  for (let d = 1; d <= 14; d++) {
    const date = addDays(wall.date, d);
    const first = hoursOn(ctx, date).intervals[0];
    if (first) return { open: false, next: { date, time: first.from } };
  }
  return { open: false, next: null };
}

/** Checks weekly hours: HH:MM, from < to, no overlaps. Field names "hours.<weekday>". */
export function checkHours(hours: WeeklyHours): FieldError[] {
  const errs: FieldError[] = [];
  for (const [day, list] of Object.entries(hours)) {
    const sorted = sortIntervals(list);
    for (let i = 0; i < sorted.length; i++) {
      const iv = sorted[i]!;
      if (!(iv.from < iv.to)) errs.push({ field: `hours_${day}`, key: 'offices.error.hoursOrder' });
      else if (i > 0 && sorted[i - 1]!.to > iv.from) errs.push({ field: `hours_${day}`, key: 'offices.error.hoursOverlap' });
    }
  }
  return errs;
}

/** Parses "09:00-12:00, 14:00-18:00" into intervals; null when malformed. */
export function parseIntervals(text: string): Interval[] | null {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const out: Interval[] = [];
  for (const part of trimmed.split(/[,;]/)) {
    const m = /^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*[-–]\s*([01]?\d|2[0-4])[:.]([0-5]\d)\s*$/.exec(part);
    if (!m) return null;
    const from = `${m[1]!.padStart(2, '0')}:${m[2]}`;
    const to = m[3] === '24' ? '24:00' : `${m[3]!.padStart(2, '0')}:${m[4]}`;
    out.push({ from, to });
  }
  return out;
}

export function formatIntervals(list: readonly Interval[]): string {
  return list.map((i) => `${i.from}–${i.to}`).join(', ');
}

export interface Slot {
  date: string;
  start: Date;
  end: Date;
}

/**
 * Checks the booking rules of a room for a series of occurrences (not conflicts). `staff` requests skip the lead
 * time (the office enters what was agreed on the phone) but not the other rules.
 */
export function checkRoomRules(room: Pick<Room, 'withinOpeningHours' | 'minMinutes' | 'maxMinutes' | 'leadHours'>, hours: HoursContext, slots: readonly Slot[], durationMinutes: number, now: Date, opts: { staff: boolean }): FieldError[] {
  const errs: FieldError[] = [];
  if (durationMinutes < room.minMinutes) errs.push({ field: 'duration', key: 'offices.error.tooShort', params: { min: room.minMinutes } });
  if (durationMinutes > room.maxMinutes) errs.push({ field: 'duration', key: 'offices.error.tooLong', params: { max: room.maxMinutes } });
  const first = slots[0];
  if (first && !opts.staff && first.start.getTime() < now.getTime() + room.leadHours * 3_600_000) {
    errs.push({ field: 'date', key: 'offices.error.leadTime', params: { hours: room.leadHours } });
  } else if (first && first.start.getTime() < now.getTime()) {
    errs.push({ field: 'date', key: 'offices.error.inPast' });
  }
  if (room.withinOpeningHours) {
    const outside = slots.find((s) => !withinHours(hours, s));
    if (outside) errs.push({ field: 'time', key: 'offices.error.outsideHours', params: { date: outside.date } });
  }
  return errs;
}

function withinHours(hours: HoursContext, s: Slot): boolean {
  const a = berlinWallClock(s.start);
  const b = berlinWallClock(s.end);
  if (a.date !== b.date && !(b.time === '00:00' && addDays(a.date, 1) === b.date)) return false;
  const endTime = b.time === '00:00' && a.date !== b.date ? '24:00' : b.time;
  return hoursOn(hours, a.date).intervals.some((i) => i.from <= a.time && endTime <= i.to);
}

/** Start and end on the 15-minute grid? */
export function onGrid(time: string, durationMinutes: number): boolean {
  return minutesOf(time) % CELL_MINUTES === 0 && durationMinutes % CELL_MINUTES === 0 && durationMinutes > 0;
}

/** The 15-minute cells (ISO instants) an occurrence holds. */
export function cellsOf(start: Date, end: Date): string[] {
  const out: string[] = [];
  const step = CELL_MINUTES * 60_000;
  const first = Math.floor(start.getTime() / step) * step;
  for (let t = first; t < end.getTime(); t += step) out.push(new Date(t).toISOString());
  return out;
}

/** Berlin date + time → instant (re-exported for callers of the rules). */
export function instantOf(date: string, time: string): Date {
  return berlinInstant(date, time);
}
