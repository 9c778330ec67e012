/**
 * iCalendar (RFC 5545) output over ical-generator. Times are written as Europe/Berlin wall-clock readings with
 * TZID=Europe/Berlin and a VTIMEZONE block, so recurring events keep their local time across DST changes.
 *
 * ical-generator formats plain Dates in the process's local time zone when a TZID is set, so every date is handed
 * to it as a small Luxon-shaped value that answers in Berlin time whatever the server's TZ is.
 */
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalDateTimeValue } from 'ical-generator';
import { berlinInstant, berlinWallClock, TIME_ZONE } from './berlin';

export interface IcsEvent {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string | null;
  location?: string | null;
  url?: string | null;
  status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  sequence?: number;
  organizer?: { name: string; email: string } | null;
  attendees?: { name?: string | null; email: string }[];
  /** A recurring event: RRULE value (without "RRULE:") and excluded Berlin dates (YYYY-MM-DD). */
  recurrence?: { rrule: string; exdates?: readonly string[] } | null;
  /** Marks a single occurrence of a recurring event (its original start). */
  recurrenceId?: Date | null;
}

export interface IcsInput {
  name: string;
  method?: 'PUBLISH' | 'REQUEST' | 'CANCEL';
  /** Product id suffix, e.g. the host name. */
  prodId?: string;
  events: readonly IcsEvent[];
}

/** VTIMEZONE of Europe/Berlin (EU rules since 1996: last Sunday of March / October). */
export const BERLIN_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'X-LIC-LOCATION:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/** A Luxon-shaped date value (ical-generator accepts Luxon DateTimes) that formats in Berlin or UTC. */
function berlinValue(at: Date, zone: string = TIME_ZONE): ICalDateTimeValue {
  const value = {
    isValid: true,
    zone: { type: 'iana' },
    toJSDate: () => new Date(at.getTime()),
    toJSON: () => at.toISOString(),
    toISO: () => at.toISOString(),
    setZone: (z: string) => berlinValue(at, z),
    toFormat: (fmt: string) => {
      const w = zone.toUpperCase() === 'UTC' ? utcWall(at) : berlinWallClock(at);
      const p = (n: number, l = 2) => String(n).padStart(l, '0');
      if (fmt === 'yyyyLLdd') return `${p(w.year, 4)}${p(w.month)}${p(w.day)}`;
      if (fmt === 'HHmmss') return `${p(w.hour)}${p(w.minute)}${p(w.second)}`;
      throw new Error(`unsupported format ${fmt}`);
    },
  };
  return value as unknown as ICalDateTimeValue;
}

function utcWall(at: Date) {
  return {
    year: at.getUTCFullYear(),
    month: at.getUTCMonth() + 1,
    day: at.getUTCDate(),
    hour: at.getUTCHours(),
    minute: at.getUTCMinutes(),
    second: at.getUTCSeconds(),
  };
}

function exdateLine(dates: readonly string[], start: Date): string {
  const time = berlinWallClock(start);
  const hhmmss = `${String(time.hour).padStart(2, '0')}${String(time.minute).padStart(2, '0')}00`;
  return `EXDATE;TZID=${TIME_ZONE}:${dates.map((d) => `${d.replace(/-/g, '')}T${hhmmss}`).join(',')}`;
}

/** RFC 5545: with a TZID start, UNTIL must be UTC. Quartier's rules carry UNTIL as a Berlin wall-clock reading. */
function untilInUtc(rule: string): string {
  return rule.replace(/UNTIL=(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?(Z?)/i, (all, y, mo, d, h, mi, _s, z) => {
    if (z) return all;
    const at = berlinInstant(`${y}-${mo}-${d}`, h ? `${h}:${mi}` : '23:59');
    return `UNTIL=${at.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
  });
}

export function buildIcs(input: IcsInput): string {
  const cal = ical({
    name: input.name,
    prodId: { company: 'Quartier', product: input.prodId ?? 'quartier', language: 'DE' },
    method: input.method ? ICalCalendarMethod[input.method] : null,
    timezone: { name: TIME_ZONE, generator: () => BERLIN_VTIMEZONE },
  });
  for (const e of input.events) {
    const ev = cal.createEvent({
      id: e.uid,
      start: berlinValue(e.start),
      end: berlinValue(e.end),
      timezone: TIME_ZONE,
      stamp: berlinValue(new Date(), 'UTC'),
      summary: e.summary,
      description: e.description ?? null,
      location: e.location ?? null,
      url: e.url ?? null,
      sequence: e.sequence ?? 0,
      status: e.status ? ICalEventStatus[e.status] : null,
      organizer: e.organizer ?? null,
      recurrenceId: e.recurrenceId ? berlinValue(e.recurrenceId) : null,
    });
    for (const a of e.attendees ?? []) ev.createAttendee({ email: a.email, name: a.name ?? undefined });
    if (e.recurrence) {
      const lines = [`RRULE:${untilInUtc(e.recurrence.rrule.replace(/^RRULE:/i, ''))}`];
      if (e.recurrence.exdates?.length) lines.push(exdateLine(e.recurrence.exdates, e.start));
      ev.repeating(lines.join('\n'));
    }
  }
  return cal.toString();
}
