/**
 * Figures of the offices module for the reports module (dashboard, annual report): offers and their sessions,
 * registrations and attendance, room use against opening hours, and the anonymous advice log — aggregated in the
 * database over the programme areas the reader may read reports for (contract: src/platform/reporting.ts).
 *
 * Definitions (one period of Berlin days, both ends inclusive):
 * - offers: published offers, and cancelled ones up to their cancellation (a cancelled offer's last change is the
 *   cancellation: `updated_at`), with at least one session starting in the period; sessions are the offer's
 *   recurrence expanded in Berlin wall-clock time without its exception dates (the module's `offerSessions`);
 *   registrations = registrations holding a place (status registered, not waitlisted or cancelled) of those offers
 *   (a registration is for the whole offer in this module); attendance = the sum of the counts recorded for
 *   sessions on the days of the period, null when none was recorded.
 * - rooms: booked hours = confirmed bookings' occurrences (not cancelled) starting in the period; opening hours =
 *   for every room of the areas' offices that is active now or was booked in the period, its office's opening
 *   hours on each day of the period (weekly hours, special hours and closures, NRW public holidays when the
 *   office closes on them — the module's `openingMinutes`, same precedence as `hoursOn`); share = booked / opening, null without opening hours. Rooms
 *   that may be booked outside the opening hours can push the share above 1.
 * - advice: entries dated in the period; referred = entries with at least one referral; a topic or referral list
 *   counts once per element (an entry with two topics counts for both).
 */
import { figureAreas, periodInstants, type Count, type FigureQuery, type OfficeActivity } from '../../platform/reporting';
import type { ServiceContext } from '../../platform/http/context';
import * as q from './offices.queries';
import { openingMinutes, periodDays } from './offices.rules';
import { offerSessions } from './offices.service';

const EMPTY: OfficeActivity = {
  offers: { offers: 0, sessions: 0, registrations: 0, attendance: null },
  rooms: { bookedHours: 0, openingHours: 0, share: null },
  advice: { total: 0, referred: 0, minutes: 0, byTopic: [], byLanguage: [], byReferral: [] },
};

/** Largest first, then by key (the order of the reports module's count lists). */
function sorted(list: Count[]): Count[] {
  return list.filter((c) => c.count > 0).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export async function officeActivity(ctx: ServiceContext, fq: FigureQuery): Promise<OfficeActivity> {
  const areaIds = figureAreas(ctx, fq);
  if (areaIds.length === 0) return structuredClone(EMPTY);
  const db = ctx.db as unknown as q.Db;
  const { start, end } = periodInstants(fq);
  const days = { areaIds, fromDate: fq.from, toDate: fq.to };
  const [offers, rooms, advice] = await Promise.all([offerFigures(db, areaIds, start, end, days), roomFigures(db, areaIds, fq, start, end), adviceFigures(db, ctx.tenant.id, days)]);
  return { offers, rooms, advice };
}

async function offerFigures(db: q.Db, areaIds: string[], start: string, end: string, days: { areaIds: string[]; fromDate: string; toDate: string }): Promise<OfficeActivity['offers']> {
  const from = new Date(start);
  const to = new Date(end);
  const held: string[] = [];
  let sessions = 0;
  for (const offer of await q.offersOverlapping(db, { areaIds, from: start, to: end })) {
    const cancelledAt = offer.status === 'cancelled' ? new Date(offer.updatedAt) : null;
    const until = cancelledAt && cancelledAt < to ? cancelledAt : to;
    const n = until > from ? offerSessions(offer, from, until).length : 0;
    if (n > 0) {
      held.push(offer.id);
      sessions += n;
    }
  }
  const [registrations, attendance] = await Promise.all([q.countRegistered(db, held), q.attendanceTotals(db, days)]);
  return { offers: held.length, sessions, registrations, attendance: attendance.records > 0 ? attendance.people : null };
}

async function roomFigures(db: q.Db, areaIds: string[], fq: FigureQuery, start: string, end: string): Promise<OfficeActivity['rooms']> {
  const rooms = await q.roomsOfAreas(db, areaIds);
  if (rooms.length === 0) return { ...EMPTY.rooms };
  const booked = await q.bookedMinutesByRoom(db, { roomIds: rooms.map((r) => r.id), from: start, to: end, fromDate: fq.from, toDate: fq.to });
  const roomsPerOffice = new Map<string, number>();
  for (const r of rooms) if (r.active || (booked.get(r.id) ?? 0) > 0) roomsPerOffice.set(r.officeId, (roomsPerOffice.get(r.officeId) ?? 0) + 1);
  const offices = (await q.listOffices(db, areaIds)).filter((o) => roomsPerOffice.has(o.id));
  const closures = await q.listClosures(
    db,
    offices.map((o) => o.id),
    fq.from,
  );
  const days = periodDays(fq.from, fq.to);
  let opening = 0;
  for (const office of offices) {
    const hours = { hours: office.hours, closedOnHolidays: office.closedOnHolidays, closures: closures.filter((c) => c.officeId === office.id && c.fromDate <= fq.to) };
    opening += openingMinutes(hours, days) * roomsPerOffice.get(office.id)!;
  }
  const bookedMinutes = [...booked.values()].reduce((s, m) => s + m, 0);
  return {
    bookedHours: round1(bookedMinutes / 60),
    openingHours: round1(opening / 60),
    share: opening > 0 ? Math.round((bookedMinutes / opening) * 1000) / 1000 : null,
  };
}

async function adviceFigures(db: q.Db, tenantId: string, days: { areaIds: string[]; fromDate: string; toDate: string }): Promise<OfficeActivity['advice']> {
  const [languages, byTopic, byReferral] = await Promise.all([
    q.adviceByLanguage(db, days),
    q.adviceByArrayElement(db, tenantId, 'topics', days),
    q.adviceByArrayElement(db, tenantId, 'referrals', days),
  ]);
  const sum = (pick: (l: (typeof languages)[number]) => number) => languages.reduce((s, l) => s + pick(l), 0);
  const totals = { total: sum((l) => l.entries), referred: sum((l) => l.referred), minutes: sum((l) => l.minutes) };
  const byLanguage = languages.map((l) => ({ key: l.language, count: l.entries }));
  return { ...totals, byTopic: sorted(byTopic), byLanguage: sorted(byLanguage), byReferral: sorted(byReferral) };
}
