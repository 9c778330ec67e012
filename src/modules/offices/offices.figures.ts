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
import type { Kysely } from 'kysely';
import { toCount } from '../../platform/db/dialect';
import { figureAreas, periodInstants, splitPeriod, type Count, type FigureQuery, type OfficeActivity } from '../../platform/reporting';
import type { ServiceContext } from '../../platform/http/context';
import * as q from './offices.queries';
import { openingMinutes, periodDays } from './offices.rules';
import { offerSessions } from './offices.service';
import type { Offer } from './offices.types';

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
    const n = until > from ? sessionCount(offer, from, until) : 0;
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

/**
 * How many sessions an offer has in [from, until): the recurrence expanded by `offerSessions`, memoised by
 * everything the expansion reads (rule, start, time, length, exception dates, first start and last end, window) —
 * a changed offer is a different key, so a count is never stale; an annual report opened again skips the
 * expansion (ADR 0026). Bounded: the oldest entries go first.
 */
const sessionMemo = new Map<string, number>();
const SESSION_MEMO_MAX = 4096;

function sessionCount(offer: Offer, from: Date, until: Date): number {
  const key = JSON.stringify([offer.rrule, offer.startDate, offer.startTime, offer.durationMinutes, offer.exdates, offer.firstStart, offer.lastEnd, from.toISOString(), until.toISOString()]);
  const hit = sessionMemo.get(key);
  if (hit !== undefined) return hit;
  const n = offerSessions(offer, from, until).length;
  if (sessionMemo.size >= SESSION_MEMO_MAX) sessionMemo.delete(sessionMemo.keys().next().value!);
  sessionMemo.set(key, n);
  return n;
}

/** The roll-up tables of migration 2026_11_27_0450 (kept by database triggers; ADR 0026). */
interface AdviceRollups {
  advice_month_counts: { tenant_id: string; area_id: string; month: string; language: string; referred: number; n: number; minutes: number };
  advice_month_elements: { tenant_id: string; area_id: string; month: string; kind: 'topic' | 'referral'; value: string; n: number };
}

/**
 * Advice entries of the areas and days: the whole calendar months of the period from the monthly roll-ups
 * (migration 2026_11_27_0450), the days before and after them from the entries (advice_entries_area_ix).
 */
async function adviceFigures(db: q.Db, tenantId: string, days: { areaIds: string[]; fromDate: string; toDate: string }): Promise<OfficeActivity['advice']> {
  const languages = new Map<string, { entries: number; referred: number; minutes: number }>();
  const topics = new Map<string, number>();
  const referrals = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  const addLanguage = (language: string, entries: number, referred: number, minutes: number) => {
    const l = languages.get(language) ?? { entries: 0, referred: 0, minutes: 0 };
    languages.set(language, { entries: l.entries + entries, referred: l.referred + referred, minutes: l.minutes + minutes });
  };
  const { months, edges } = splitPeriod({ from: days.fromDate, to: days.toDate });
  const parts: Promise<void>[] = [];
  if (months) {
    const r = db as unknown as Kysely<AdviceRollups>;
    parts.push(
      (async () => {
        const [counts, elements] = await Promise.all([
          r
            .selectFrom('advice_month_counts')
            .select((eb) => ['language', 'referred', eb.fn.sum<number>('n').as('n'), eb.fn.sum<number>('minutes').as('minutes')])
            .where('area_id', 'in', days.areaIds)
            .where('month', '>=', months.from)
            .where('month', '<=', months.to)
            .groupBy(['language', 'referred'])
            .execute(),
          r
            .selectFrom('advice_month_elements')
            .select((eb) => ['kind', 'value', eb.fn.sum<number>('n').as('n')])
            .where('area_id', 'in', days.areaIds)
            .where('month', '>=', months.from)
            .where('month', '<=', months.to)
            .groupBy(['kind', 'value'])
            .execute(),
        ]);
        for (const c of counts) addLanguage(c.language, toCount(c.n), Number(c.referred) ? toCount(c.n) : 0, toCount(c.minutes));
        for (const e of elements) add(e.kind === 'topic' ? topics : referrals, e.value, toCount(e.n));
      })(),
    );
  }
  for (const e of edges) {
    const part = { areaIds: days.areaIds, fromDate: e.from, toDate: e.to };
    parts.push(
      (async () => {
        const [byLanguage, byTopic, byReferral] = await Promise.all([
          q.adviceByLanguage(db, part),
          q.adviceByArrayElement(db, tenantId, 'topics', part),
          q.adviceByArrayElement(db, tenantId, 'referrals', part),
        ]);
        for (const l of byLanguage) addLanguage(l.language, l.entries, l.referred, l.minutes);
        for (const c of byTopic) add(topics, c.key, c.count);
        for (const c of byReferral) add(referrals, c.key, c.count);
      })(),
    );
  }
  await Promise.all(parts);
  const all = [...languages.entries()];
  const sum = (pick: (l: { entries: number; referred: number; minutes: number }) => number) => all.reduce((s, [, l]) => s + pick(l), 0);
  const counts = (m: Map<string, number>) => sorted([...m.entries()].map(([key, count]) => ({ key, count })));
  return {
    total: sum((l) => l.entries),
    referred: sum((l) => l.referred),
    minutes: sum((l) => l.minutes),
    byTopic: counts(topics),
    byLanguage: sorted(all.map(([key, l]) => ({ key, count: l.entries }))),
    byReferral: counts(referrals),
  };
}
