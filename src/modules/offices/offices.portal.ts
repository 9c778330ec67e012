/**
 * What the portal (home page, area pages) reads from the offices module: each district office of a programme area
 * with "open now / opens at" and today's hours (closures and NRW holidays included, by officeStatus), and the next
 * sessions of published offers. Only what the public office pages show (address, phone, e-mail, hours) — no
 * bookings, registrations or advice. `now` is a parameter so tests can fix the clock.
 */
import type { TenantDb } from '../../platform/db/tenant-scope';
import { listOffices, officeStatus, publicCalendar, type CalendarEntry } from './offices.service';
import type { Interval, Office, OpenState } from './offices.types';
import { intervalsText, OpenBadge } from './views/common';

export interface OfficeNow {
  office: Office;
  state: OpenState;
  /** Today's hours in Berlin and why they differ from the weekly hours (holiday, closure, special hours). */
  today: { intervals: Interval[]; reason: 'regular' | 'holiday' | 'closure' | 'special'; note: string | null };
}

/** The offices of one programme area (or of all when areaId is null), each with its state at `now`. */
export async function officesNow(db: TenantDb<any>, areaId: string | null, now = new Date()): Promise<OfficeNow[]> {
  const offices = await listOffices(db, areaId ? { areaIds: [areaId] } : {});
  return Promise.all(
    offices.map(async (office) => {
      const s = await officeStatus(db, office, now);
      const d = s.days[0]!;
      return { office, state: s.state, today: { intervals: d.intervals, reason: d.reason as OfficeNow['today']['reason'], note: d.note } };
    }),
  );
}

/** The next `limit` sessions of published offers (of one area, or of all), from `now` up to `days` days ahead. */
export async function nextOfferSessions(db: TenantDb<any>, opts: { areaId?: string; now?: Date; limit?: number; days?: number } = {}): Promise<CalendarEntry[]> {
  const now = opts.now ?? new Date();
  const entries = await publicCalendar(db, { areaId: opts.areaId, from: now, to: new Date(now.getTime() + (opts.days ?? 60) * 86_400_000) });
  return entries.filter((e) => e.start >= now.toISOString()).slice(0, opts.limit ?? 5);
}

/** The offices' own "open now" line and hours text, for the portal's office boxes. */
export { intervalsText, OpenBadge };
