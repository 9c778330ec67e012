/**
 * officeActivity on a real database (SQLite and PostgreSQL): a small fixture in Kray whose figures are computed by
 * hand (offers and sessions with exception dates and a cancellation, registrations, attendance; confirmed booked
 * hours with a cancelled date, a request and an inactive room; opening hours with a public holiday, a closure and
 * special hours; advice by topic, language and referral), the period's edges (Berlin midnight against UTC for
 * instants, the last day and the day after for dates), the reader's scope and empty areas.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors';
import type { CurrentUser } from '../../platform/http/context';
import type { FigureQuery } from '../../platform/reporting';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { getAreaBySlug, seedTerritory } from '../territory';
import { cancelBooking, createOffer, officeActivity, recordAdvice, recordAttendance, registerForOffer, requestBooking, updateRoom } from './index';
import { ctxFor, makeOffice, makeRoom, principal, roomInput } from './test/factories';

let t: TestApp;
let kray: string;
let karnap: string;
const JANUARY: Omit<FigureQuery, 'areaIds'> = { from: '2025-01-01', to: '2025-01-12' };

/** Mon–Fri 09:00–17:00. */
const HOURS = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ from: '09:00', to: '17:00' }]]));

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  const admin = ctxFor(t, principal('admin'));
  kray = (await getAreaBySlug(admin.db, 'kray'))!.id;
  karnap = (await getAreaBySlug(admin.db, 'karnap'))!.id;
  const before = ctxFor(t, principal('admin'), { now: new Date('2024-12-01T10:00:00Z') });

  // Kray office: holidays off, closed on Thursday 9 January, 10:00–12:00 on Friday 10 January.
  const office = await makeOffice(t, kray, { hours: HOURS, closedOnHolidays: true });
  await sql`insert into office_closures (tenant_id, id, office_id, from_date, to_date, hours, reason) values
    (${t.tenant.id}, 'ocl_fig1', ${office.id}, '2025-01-09', '2025-01-09', null, 'Teamtag'),
    (${t.tenant.id}, 'ocl_fig2', ${office.id}, '2025-01-10', '2025-01-10', ${JSON.stringify([{ from: '10:00', to: '12:00' }])}, 'Kurzer Tag')`.execute(t.handle.db);
  const room = await makeRoom(t, office.id, { withinOpeningHours: false, leadHours: 0 });
  await makeRoom(t, office.id, { name: 'Abstellraum', active: false });
  const old = await makeRoom(t, office.id, { name: 'Alter Saal', withinOpeningHours: false, leadHours: 0 });

  const book = (roomId: string, date: string, time: string, durationMinutes: number, extra: object = {}) =>
    requestBooking(before, { roomId, title: 'Treffen', date, time, durationMinutes, requesterKind: 'staff', confirm: true, ...extra });
  // Thursdays 2, 9 (cancelled later), 16 January, 2 h each.
  const weekly = await book(room.id, '2025-01-02', '18:00', 120, { recurrence: { freq: 'weekly', until: '2025-01-16' } });
  await cancelBooking(before, weekly.booking.id, { date: '2025-01-09' });
  await book(room.id, '2025-01-01', '00:00', 60); // Berlin midnight of the first day = 2024-12-31T23:00Z: in.
  await book(room.id, '2025-01-13', '00:00', 60); // 2025-01-12T23:00Z, but Berlin's 13 January: out.
  await book(room.id, '2025-01-07', '10:00', 60, { confirm: false }); // a request only.
  await book(old.id, '2025-01-08', '10:00', 90); // then the room is taken out of use.
  const { officeId: _o, ...oldFields } = roomInput(office.id, { name: 'Alter Saal', withinOpeningHours: false, leadHours: 0, active: false });
  await updateRoom(before, old.id, oldFields);

  // Offers: Mon/Wed/Fri from 1 January without 8 January (4 sessions in the period), with registration.
  const { offer: o1 } = await createOffer(before, {
    officeId: office.id,
    title: 'Sprachcafé',
    date: '2025-01-01',
    time: '16:00',
    durationMinutes: 90,
    recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR', until: '2025-01-31', exdates: ['2025-01-08'] },
    registration: true,
    capacity: 3,
    publish: true,
  });
  await registerForOffer(before, o1.id, { name: 'Erika Beispiel', email: 'erika@example.test', places: 1 });
  await registerForOffer(before, o1.id, { name: 'Max Beispiel', email: 'max@example.test', places: 2 });
  const waiting = await registerForOffer(before, o1.id, { name: 'Wart Beispiel', email: 'wart@example.test', places: 1 });
  expect(waiting.registration.status).toBe('waitlisted');
  await recordAttendance(before, o1.id, '2025-01-03', 7);
  await recordAttendance(before, o1.id, '2025-01-10', 5);
  await recordAttendance(before, o1.id, '2025-01-13', 9); // the day after the period.
  // One evening session at 23:00 on the last day (in), one at Berlin midnight after it (out).
  await createOffer(before, { officeId: office.id, title: 'Nachtcafé', date: '2025-01-12', time: '23:00', durationMinutes: 60, publish: true });
  await createOffer(before, { officeId: office.id, title: 'Mitternachtstreff', date: '2025-01-13', time: '00:00', durationMinutes: 60, publish: true });
  await createOffer(before, { officeId: office.id, title: 'Entwurf', date: '2025-01-06', time: '10:00', durationMinutes: 60, recurrence: { freq: 'weekly', until: '2025-01-31' } });
  // Tuesdays and Fridays from 7 January, cancelled on 10 January at 13:00 Berlin: only 7 January was held.
  const { offer: o5 } = await createOffer(before, { officeId: office.id, title: 'Nähcafé', date: '2025-01-07', time: '18:00', durationMinutes: 60, recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=TU,FR', until: '2025-01-31' }, publish: true });
  await sql`update offers set status = 'cancelled', updated_at = ${'2025-01-10T12:00:00.000Z'} where tenant_id = ${t.tenant.id} and id = ${o5.id}`.execute(t.handle.db);

  // Advice: three entries in the period, one the day after, one the day before; one in Karnap.
  const advising = ctxFor(t, principal('admin'), { now: new Date('2025-02-01T10:00:00Z') });
  const advice = (officeId: string, date: string, topics: string[], language: string, referrals: string[], durationMinutes: number) =>
    recordAdvice(advising, { officeId, date, channel: 'in_person', topics, language, referrals, durationMinutes, followUp: false });
  await advice(office.id, '2025-01-01', ['housing', 'debt'], 'de', ['jobcenter'], 30);
  await advice(office.id, '2025-01-12', ['housing'], 'tr', [], 45);
  await advice(office.id, '2025-01-05', ['benefits', 'housing'], 'ar', ['jobcenter', 'social_office'], 60);
  await advice(office.id, '2025-01-13', ['debt'], 'de', ['jobcenter'], 15);
  await advice(office.id, '2024-12-31', ['debt'], 'de', [], 15);
  const karnapOffice = await makeOffice(t, karnap);
  await advice(karnapOffice.id, '2025-01-05', ['work'], 'de', [], 20);
  await createOffer(before, { officeId: karnapOffice.id, title: 'Karnap-Treff', date: '2025-01-06', time: '10:00', durationMinutes: 60, publish: true });
});
afterAll(async () => t?.close());

const KRAY = {
  offers: { offers: 3, sessions: 6, registrations: 2, attendance: 12 },
  // Booked: 2 h (2 Jan) + 1 h (1 Jan 00:00) + 1.5 h (old room) = 4.5 h. Opening per room: 2, 3, 6, 7, 8 Jan × 8 h
  // + 2 h (10 Jan) = 42 h (1 Jan holiday, 9 Jan closed, weekends) × 2 rooms (the active one, the old one booked).
  rooms: { bookedHours: 4.5, openingHours: 84, share: 0.054 },
  advice: {
    total: 3,
    referred: 2,
    minutes: 135,
    byTopic: [{ key: 'housing', count: 3 }, { key: 'benefits', count: 1 }, { key: 'debt', count: 1 }],
    byLanguage: [{ key: 'ar', count: 1 }, { key: 'de', count: 1 }, { key: 'tr', count: 1 }],
    byReferral: [{ key: 'jobcenter', count: 2 }, { key: 'social_office', count: 1 }],
  },
};

const EMPTY = {
  offers: { offers: 0, sessions: 0, registrations: 0, attendance: null },
  rooms: { bookedHours: 0, openingHours: 0, share: null },
  advice: { total: 0, referred: 0, minutes: 0, byTopic: [], byLanguage: [], byReferral: [] },
};

const viewer = (areaIds?: string[]): CurrentUser => principal('viewer', areaIds ? { areaIds } : {});

describe('officeActivity', () => {
  it('answers the hand-computed figures of Kray for 1–12 January 2025', async () => {
    expect(await officeActivity(ctxFor(t, principal('admin')), { areaIds: [kray], ...JANUARY })).toEqual(KRAY);
  });

  it('counts the last day and leaves the day after out (dates and Berlin instants)', async () => {
    const shorter = await officeActivity(ctxFor(t, principal('admin')), { areaIds: [kray], from: '2025-01-01', to: '2025-01-11' });
    // Without 12 January: the 23:00 session and the advice entry of the 12th are gone; nothing else changes.
    expect(shorter.offers).toEqual({ offers: 2, sessions: 5, registrations: 2, attendance: 12 });
    expect(shorter.advice.total).toBe(2);
    expect(shorter.rooms.bookedHours).toBe(4.5);
    const longer = await officeActivity(ctxFor(t, principal('admin')), { areaIds: [kray], from: '2025-01-01', to: '2025-01-13' });
    // With 13 January (a Monday): the midnight offer and the o1 session, the attendance of the 13th, the midnight booking.
    expect(longer.offers).toEqual({ offers: 4, sessions: 8, registrations: 2, attendance: 21 });
    expect(longer.advice.total).toBe(4);
    expect(longer.rooms.bookedHours).toBe(5.5);
    expect(longer.rooms.openingHours).toBe(84 + 16);
    // The first day starts at Berlin midnight: a period from 2 January leaves the 00:00 booking of 1 January out.
    const fromSecond = await officeActivity(ctxFor(t, principal('admin')), { areaIds: [kray], from: '2025-01-02', to: '2025-01-12' });
    expect(fromSecond.rooms.bookedHours).toBe(3.5);
  });

  it('limits the figures to the reader’s areas', async () => {
    const both = { areaIds: [kray, karnap], ...JANUARY };
    expect(await officeActivity(ctxFor(t, viewer([kray])), both)).toEqual(KRAY);
    const all = await officeActivity(ctxFor(t, principal('coordinator')), both);
    expect(all.advice.total).toBe(4);
    expect(all.advice.byTopic).toContainEqual({ key: 'work', count: 1 });
    expect(all.offers.offers).toBe(4);
    // A viewer of Karnap asking for Kray gets nothing of Kray.
    expect(await officeActivity(ctxFor(t, viewer([karnap])), { areaIds: [kray], ...JANUARY })).toEqual(EMPTY);
  });

  it('refuses readers without reports.read (401 without sign-in, 403 without a role)', async () => {
    const nobody: CurrentUser = { ...principal('viewer'), assignments: [] };
    await expect(officeActivity(ctxFor(t, nobody), { areaIds: [kray], ...JANUARY })).rejects.toMatchObject({ status: 403 });
    await expect(officeActivity(ctxFor(t, null), { areaIds: [kray], ...JANUARY })).rejects.toBeInstanceOf(AppError);
  });

  it('answers zeros and nulls for no areas and for an area without offices', async () => {
    expect(await officeActivity(ctxFor(t, principal('admin')), { areaIds: [], ...JANUARY })).toEqual(EMPTY);
    expect(await officeActivity(ctxFor(t, principal('admin')), { areaIds: ['ara_none'], ...JANUARY })).toEqual(EMPTY);
    // Kray in a year without activity: opening hours, but nothing booked, no attendance recorded.
    const quiet = await officeActivity(ctxFor(t, principal('admin')), { areaIds: [kray], from: '2023-01-01', to: '2023-01-31' });
    expect(quiet.offers).toEqual(EMPTY.offers);
    expect(quiet.advice).toEqual(EMPTY.advice);
    expect(quiet.rooms.bookedHours).toBe(0);
    expect(quiet.rooms.share).toBe(0);
    // January 2023: 22 weekdays, New Year on a Sunday → 22 × 8 h, one active room.
    expect(quiet.rooms.openingHours).toBe(176);
  });
});

describe('officeActivity: advice from the monthly roll-ups (kept by triggers)', () => {
  const advice = (p: { from: string; to: string }) => officeActivity(ctxFor(t, principal('admin')), { areaIds: [kray], ...p }).then((a) => a.advice);
  // Whole months (roll-ups) and a period of the same entries that is not whole months (rows only) must agree.
  const MONTHS = { from: '2024-12-01', to: '2025-01-31' };
  const DAYS = { from: '2024-12-02', to: '2025-01-30' };

  it('whole months answer the hand-computed figures, as the rows do', async () => {
    // Kray: 31 Dec (debt; de; –; 15), 1 Jan (housing, debt; de; jobcenter; 30), 5 Jan (benefits, housing; ar;
    // jobcenter, social office; 60), 12 Jan (housing; tr; –; 45), 13 Jan (debt; de; jobcenter; 15).
    const expected = {
      total: 5,
      referred: 3,
      minutes: 165,
      byTopic: [
        { key: 'debt', count: 3 },
        { key: 'housing', count: 3 },
        { key: 'benefits', count: 1 },
      ],
      byLanguage: [
        { key: 'de', count: 3 },
        { key: 'ar', count: 1 },
        { key: 'tr', count: 1 },
      ],
      byReferral: [
        { key: 'jobcenter', count: 3 },
        { key: 'social_office', count: 1 },
      ],
    };
    expect(await advice(MONTHS)).toEqual(expected);
    expect(await advice(DAYS)).toEqual(expected);
    expect(await advice({ from: '2024-12-31', to: '2025-01-31' })).toEqual(expected); // an edge day and a month
  });

  it('an entry changed or deleted after a report shows in the next report', async () => {
    await sql`update advice_entries set topics = ${JSON.stringify(['work', 'work'])}, referrals = ${JSON.stringify([])}, language = 'uk', duration_minutes = 90
      where tenant_id = ${t.tenant.id} and area_id = ${kray} and date = '2025-01-12'`.execute(t.handle.db);
    await sql`update advice_entries set date = '2025-02-03' where tenant_id = ${t.tenant.id} and area_id = ${kray} and date = '2025-01-13'`.execute(t.handle.db);
    await sql`delete from advice_entries where tenant_id = ${t.tenant.id} and area_id = ${kray} and date = '2024-12-31'`.execute(t.handle.db);
    const expected = {
      total: 3,
      referred: 2,
      minutes: 180,
      byTopic: [
        { key: 'housing', count: 2 },
        { key: 'work', count: 2 },
        { key: 'benefits', count: 1 },
        { key: 'debt', count: 1 },
      ],
      byLanguage: [
        { key: 'ar', count: 1 },
        { key: 'de', count: 1 },
        { key: 'uk', count: 1 },
      ],
      byReferral: [
        { key: 'jobcenter', count: 2 },
        { key: 'social_office', count: 1 },
      ],
    };
    expect(await advice(MONTHS)).toEqual(expected);
    expect(await advice(DAYS)).toEqual(expected);
    expect((await advice({ from: '2025-02-01', to: '2025-02-28' })).byTopic).toEqual([{ key: 'debt', count: 1 }]);
  });
});
