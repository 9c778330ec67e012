/**
 * Storage limitation in offices (ADR 0035), on SQLite and PostgreSQL: the retention job erases exactly the offer
 * registrations and booking contacts past their period — not those of offers and bookings still running or ended
 * within the period, nor another municipality's — keeps the rows (status, places, occurrences) for the figures,
 * audits one entry per run with counts only, finds nothing left on a re-run, works through many rows in batches,
 * and runs as the daily job `offices.retention` with the configured periods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit';
import { ConfigError, parseConfig } from '../../platform/config';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { enqueue, registeredSchedules } from '../../platform/jobs';
import { runDueJobs } from '../../platform/jobs/worker';
import { createLogger } from '../../platform/log';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { signedInClient } from '../../../test/support/auth';
import { getAreaBySlug, seedTerritory } from '../territory';
import { cancelBooking, createOffer, recordAttendance, registerForOffer, requestBooking } from './index';
import { RETENTION_JOB } from './offices.jobs';
import { applyOfficeRetention, retentionPeriods } from './offices.retention';
import { ctxFor, makeOffice, makeRoom, principal } from './test/factories';

let t: TestApp;
let db: TenantDb<any>;
let otherDb: TenantDb<any>;
let krayId: string;
let otherAreaId: string;

const DAY = 86_400_000;
const PERIODS = { registrationDays: 30, bookingDays: 90 };
/** A date n days from today (YYYY-MM-DD) and the instant n days from now. */
const day = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * DAY);
const ALWAYS = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  db = forTenant(t.handle.db, t.tenant.id);
  otherDb = forTenant(t.handle.db, t.other.id);
  krayId = (await getAreaBySlug(db, 'kray'))!.id;
  otherAreaId = (await getAreaBySlug(otherDb, 'kray'))!.id;
});
afterAll(async () => t?.close());

/** An office open around the clock with a room anyone may request at once, in this or the other municipality. */
async function place(tenantId?: string) {
  const office = await makeOffice(t, tenantId ? otherAreaId : krayId, { hours: ALWAYS, closedOnHolidays: false }, tenantId);
  const room = await makeRoom(t, office.id, { leadHours: 0, maxMinutes: 600 }, tenantId);
  const staff = ctxFor(t, principal('admin'), { tenantId });
  const pub = ctxFor(t, null, { tenantId });
  return { office, room, staff, pub };
}

const registrations = (d: TenantDb<any>, offerId: string) =>
  d.selectFrom('offer_registrations').select(['name', 'email', 'locale', 'places', 'status', 'token_hash']).where('offer_id', '=', offerId).orderBy('created_at').orderBy('id').execute();
const contactOf = (d: TenantDb<any>, bookingId: string) => d.selectFrom('bookings').select(['status', 'contact_name', 'contact_email', 'contact_locale']).where('id', '=', bookingId).executeTakeFirstOrThrow();
const occurrencesOf = async (d: TenantDb<any>, bookingId: string) => (await d.selectFrom('booking_occurrences').select('date').where('booking_id', '=', bookingId).execute()).length;
const audits = async () => (await listAudit(db, { entityType: 'offices_retention', limit: 100 })).entries;
const still = (r: { name: string; email: string }) => r.name !== '' && r.email !== '';
/** Erases what earlier tests left (as if years had passed), so each test counts only its own rows. */
const settle = () => applyOfficeRetention(db, PERIODS, { now: inDays(2000) });

describe('offer registrations', () => {
  it('erases name, e-mail, language and cancel link of registrations of offers that ended more than 30 days ago; status and places stay', async () => {
    const { office, staff, pub } = await place();
    const single = { officeId: office.id, time: '10:00', durationMinutes: 60, registration: true, capacity: 2, publish: true };
    const { offer: ended } = await createOffer(staff, { ...single, title: 'Sprachcafé (vorbei)', date: day(5) });
    const { offer: recent } = await createOffer(staff, { ...single, title: 'Nähcafé (kürzlich)', date: day(20) });
    const { offer: running } = await createOffer(staff, { ...single, title: 'Hausaufgabenhilfe (läuft)', date: day(1), recurrence: { freq: 'weekly', until: day(60) } });
    const mine = await registerForOffer(pub, ended.id, { name: 'Ada Lovelace', email: 'ada@example.test', places: 2, locale: 'en' });
    await registerForOffer(pub, ended.id, { name: 'Ben Warteliste', email: 'ben@example.test', places: 1, locale: 'tr' });
    await registerForOffer(pub, recent.id, { name: 'Cem Kürzlich', email: 'cem@example.test' });
    await registerForOffer(pub, running.id, { name: 'Dora Läuft', email: 'dora@example.test' });
    await recordAttendance(staff, ended.id, day(5), 7);
    // The same in another municipality: untouched by this municipality's run.
    const other = await place(t.other.id);
    const { offer: otherEnded } = await createOffer(other.staff, { ...single, officeId: other.office.id, title: 'Anderswo', date: day(5) });
    await registerForOffer(other.pub, otherEnded.id, { name: 'Eva Anderswo', email: 'eva@example.test' });
    const auditsBefore = (await audits()).length;

    // 34 days from now the first offer ended 29 days ago: still within the period.
    expect(await applyOfficeRetention(db, PERIODS, { now: inDays(34) })).toEqual({ offerRegistrations: 0, bookingContacts: 0 });
    expect((await registrations(db, ended.id)).every(still)).toBe(true);
    expect((await audits()).length).toBe(auditsBefore);

    // 40 days from now it ended 35 days ago: its two registrations go, nothing else.
    expect(await applyOfficeRetention(db, PERIODS, { now: inDays(40) })).toEqual({ offerRegistrations: 2, bookingContacts: 0 });
    const erased = await registrations(db, ended.id);
    expect(erased.map((r) => [r.name, r.email, r.locale, Number(r.places), r.status])).toEqual([
      ['', '', null, 2, 'registered'],
      ['', '', null, 1, 'waitlisted'],
    ]);
    expect(erased.every((r) => r.token_hash.startsWith('erased:'))).toBe(true);
    expect((await registrations(db, recent.id)).map((r) => r.email)).toEqual(['cem@example.test']);
    expect((await registrations(db, running.id)).map((r) => r.email)).toEqual(['dora@example.test']);
    expect((await registrations(otherDb, otherEnded.id)).map((r) => r.email)).toEqual(['eva@example.test']);
    // Attendance (a number) stays; the cancel link mailed before is dead.
    expect(Number((await db.selectFrom('offer_attendance').select('count').where('offer_id', '=', ended.id).executeTakeFirstOrThrow()).count)).toBe(7);
    expect((await t.client().get(`/offers/registration/${mine.token}`)).status).toBe(404);

    // One audit entry for the run, counts only.
    const entries = await audits();
    expect(entries.length).toBe(auditsBefore + 1);
    expect(entries[0]).toMatchObject({ actorId: null, actorLabel: 'system', entityId: '*', action: 'anonymise', changes: { offerRegistrations: { from: null, to: 2 }, bookingContacts: { from: null, to: 0 } } });
    expect(JSON.stringify(entries[0])).not.toMatch(/Ada|ada@|Ben|ben@/);

    // Idempotent: a re-run finds nothing and writes no entry.
    expect(await applyOfficeRetention(db, PERIODS, { now: inDays(40) })).toEqual({ offerRegistrations: 0, bookingContacts: 0 });
    expect((await audits()).length).toBe(auditsBefore + 1);

    // Staff see the anonymous registrations as after an account deletion.
    const page = await (await signedInClient(t, 'admin')).get(`/staff/offers/${ended.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.split('Anmeldung ohne Namen (Daten gelöscht)').length - 1).toBe(2);
    expect(html).not.toContain('ada@example.test');
  });
});

describe('booking contacts', () => {
  it('removes the contact of bookings whose last occurrence ended more than 90 days ago; the bookings and occurrences stay', async () => {
    await settle();
    const { room, staff, pub } = await place();
    const at = { roomId: room.id, time: '10:00', durationMinutes: 60 };
    const { booking: ended } = await requestBooking(pub, { ...at, title: 'Geburtstagsfeier', date: day(5), requesterKind: 'public', contactName: 'Fatma Feier', contactEmail: 'fatma@example.test', locale: 'tr' });
    const { booking: cancelled } = await requestBooking(pub, { ...at, title: 'Abgesagt', date: day(6), requesterKind: 'public', contactName: 'Gül Abgesagt', contactEmail: 'guel@example.test', locale: 'de' });
    await cancelBooking(staff, cancelled.id);
    const { booking: onBehalf } = await requestBooking(staff, { ...at, title: 'Im Auftrag', date: day(7), requesterKind: 'staff', contactName: 'Hans Nur-Name' });
    const { booking: recent } = await requestBooking(pub, { ...at, title: 'Kürzlich', date: day(20), requesterKind: 'public', contactName: 'Ida Kürzlich', contactEmail: 'ida@example.test' });
    const { booking: series } = await requestBooking(staff, { ...at, title: 'Chorprobe', date: day(1), requesterKind: 'group', groupId: 'grp_retention', contactName: 'Jan Chor', contactEmail: 'jan@example.test', recurrence: { freq: 'weekly', until: day(120) } });
    // An offer's own booking has no contact: nothing to erase, nothing counted.
    const { booking: offerBooking } = await createOffer(staff, { officeId: room.officeId, roomId: room.id, title: 'Angebot im Raum', date: day(5), time: '14:00', durationMinutes: 60, publish: true });
    const other = await place(t.other.id);
    const { booking: otherEnded } = await requestBooking(other.pub, { ...at, roomId: other.room.id, title: 'Anderswo', date: day(5), requesterKind: 'public', contactName: 'Kim Anderswo', contactEmail: 'kim@example.test' });
    const occurrences = await occurrencesOf(db, series.id);
    const auditsBefore = (await audits()).length;

    // 94 days from now the first booking ended 89 days ago: kept.
    expect(await applyOfficeRetention(db, PERIODS, { now: inDays(94) })).toEqual({ offerRegistrations: 0, bookingContacts: 0 });
    expect((await contactOf(db, ended.id)).contact_email).toBe('fatma@example.test');

    // 100 days from now: the three bookings of days 5–7 (cancelled or not, name only or not) lose their contact.
    expect(await applyOfficeRetention(db, PERIODS, { now: inDays(100) })).toEqual({ offerRegistrations: 0, bookingContacts: 3 });
    const none = { contact_name: null, contact_email: null, contact_locale: null };
    expect(await contactOf(db, ended.id)).toEqual({ status: 'requested', ...none });
    expect(await contactOf(db, cancelled.id)).toEqual({ status: 'cancelled', ...none });
    expect(await contactOf(db, onBehalf.id)).toEqual({ status: 'requested', ...none });
    expect((await contactOf(db, recent.id)).contact_email).toBe('ida@example.test');
    expect((await contactOf(db, series.id)).contact_email).toBe('jan@example.test');
    expect(await occurrencesOf(db, series.id)).toBe(occurrences);
    expect(await occurrencesOf(db, ended.id)).toBe(1);
    expect((await contactOf(db, offerBooking!.id)).contact_email).toBeNull();
    expect((await contactOf(otherDb, otherEnded.id)).contact_email).toBe('kim@example.test');
    const entries = await audits();
    expect(entries.length).toBe(auditsBefore + 1);
    expect(entries[0]!.changes).toEqual({ offerRegistrations: { from: null, to: 0 }, bookingContacts: { from: null, to: 3 } });

    expect(await applyOfficeRetention(db, PERIODS, { now: inDays(100) })).toEqual({ offerRegistrations: 0, bookingContacts: 0 });
    expect((await audits()).length).toBe(auditsBefore + 1);

    // Staff pages: the booking without a contact shows no contact line, the list shows it as before.
    const client = await signedInClient(t, 'admin');
    const detail = await client.get(`/staff/bookings/${ended.id}`);
    expect(detail.status).toBe(200);
    const html = await detail.text();
    expect(html).toContain('Geburtstagsfeier');
    expect(html).not.toContain('Fatma');
    const list = await client.get(`/staff/bookings`);
    expect(list.status).toBe(200);
  });
});

describe('many rows', () => {
  it('works through them in batches and audits the run once with the total', async () => {
    await settle();
    const { office, pub, staff } = await place();
    const ids: string[] = [];
    for (const n of [0, 1]) {
      const { offer } = await createOffer(staff, { officeId: office.id, title: `Viele ${n}`, date: day(3 + n), time: '10:00', durationMinutes: 60, registration: true, capacity: null, publish: true });
      ids.push(offer.id);
      for (let i = 0; i < 3; i++) await registerForOffer(pub, offer.id, { name: `Person ${n}-${i}`, email: `viele-${n}-${i}@example.test` });
    }
    const auditsBefore = (await audits()).length;
    expect(await applyOfficeRetention(db, PERIODS, { now: inDays(300), batchSize: 2 })).toEqual({ offerRegistrations: 6, bookingContacts: 0 });
    for (const id of ids) expect((await registrations(db, id)).map((r) => r.email)).toEqual(['', '', '']);
    const entries = await audits();
    expect(entries.length).toBe(auditsBefore + 1);
    expect(entries[0]!.changes.offerRegistrations).toEqual({ from: null, to: 6 });
  });
});

describe('the daily job', () => {
  it('is scheduled daily and erases what is due with the configured periods', async () => {
    await settle();
    expect(registeredSchedules().find(([k]) => k === RETENTION_JOB)?.[1]).toEqual({ dailyAt: '04:00' });
    expect(retentionPeriods(t.config)).toEqual({ registrationDays: 30, bookingDays: 90 });
    const { office, room, staff, pub } = await place();
    const { offer } = await createOffer(staff, { officeId: office.id, title: 'Für den Job', date: day(2), time: '10:00', durationMinutes: 60, registration: true, publish: true });
    await registerForOffer(pub, offer.id, { name: 'Lea Job', email: 'lea@example.test' });
    const { booking } = await requestBooking(pub, { roomId: room.id, title: 'Job-Buchung', date: day(2), time: '12:00', durationMinutes: 60, requesterKind: 'public', contactName: 'Mia Job', contactEmail: 'mia@example.test' });
    const { booking: kept } = await requestBooking(pub, { roomId: room.id, title: 'Job-Buchung, noch im Zeitraum', date: day(3), time: '12:00', durationMinutes: 60, requesterKind: 'public', contactName: 'Nils Job', contactEmail: 'nils@example.test' });
    // As if the offer had ended 31 days and the booking 91 days ago (the other booking 89 days ago).
    await db.updateTable('offers').set({ last_end: new Date(Date.now() - 31 * DAY).toISOString() }).where('id', '=', offer.id).execute();
    await db.updateTable('bookings').set({ last_end: new Date(Date.now() - 91 * DAY).toISOString() }).where('id', '=', booking.id).execute();
    await db.updateTable('bookings').set({ last_end: new Date(Date.now() - 89 * DAY).toISOString() }).where('id', '=', kept.id).execute();
    const auditsBefore = (await audits()).length;

    await enqueue(db, RETENTION_JOB, {});
    const run = await runDueJobs({ rootDb: t.handle.db, log: createLogger('silent'), config: t.config, schedules: false });
    expect(run.failed + run.dead).toBe(0);
    expect((await registrations(db, offer.id)).map((r) => [r.name, r.email])).toEqual([['', '']]);
    expect((await contactOf(db, booking.id)).contact_email).toBeNull();
    expect((await contactOf(db, kept.id)).contact_email).toBe('nils@example.test');
    const entries = await audits();
    expect(entries.length).toBe(auditsBefore + 1);
    expect(entries[0]!.changes).toEqual({ offerRegistrations: { from: null, to: 1 }, bookingContacts: { from: null, to: 1 } });

    // Run again: nothing left, no new entry.
    await enqueue(db, RETENTION_JOB, {});
    await runDueJobs({ rootDb: t.handle.db, log: createLogger('silent'), config: t.config, schedules: false });
    expect((await audits()).length).toBe(auditsBefore + 1);
  });
});

describe('configuration', () => {
  it('defaults to 30 days for registrations and 90 for booking contacts, takes other whole numbers of days', () => {
    expect(retentionPeriods(parseConfig({}))).toEqual({ registrationDays: 30, bookingDays: 90 });
    expect(retentionPeriods(parseConfig({ OFFER_REGISTRATION_RETENTION_DAYS: '14', BOOKING_CONTACT_RETENTION_DAYS: '180' }))).toEqual({ registrationDays: 14, bookingDays: 180 });
    expect(retentionPeriods(parseConfig({ OFFER_REGISTRATION_RETENTION_DAYS: '' }))).toEqual({ registrationDays: 30, bookingDays: 90 });
  });

  it('refuses anything else with a message naming the variable', () => {
    for (const bad of ['0', '-5', '1.5', '3651', 'dreißig', '30d']) {
      for (const name of ['OFFER_REGISTRATION_RETENTION_DAYS', 'BOOKING_CONTACT_RETENTION_DAYS']) {
        expect(() => parseConfig({ [name]: bad })).toThrow(ConfigError);
        expect(() => parseConfig({ [name]: bad })).toThrow(`${name}: must be a whole number of days from 1 to 3650`);
      }
    }
  });
});
