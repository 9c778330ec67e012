/**
 * The offices module over HTTP on a real database (SQLite and PostgreSQL): public office page with "open now",
 * room free/busy without names, the public request form (validation, honeypot, conflicts), the offers calendar
 * (list and month) with iCalendar feeds parsed by ical.js, JSON-LD on offer pages, registration with capacity,
 * waiting list and cancellation link (e-mails), staff pages per role and scope, the advice log and its
 * statistics, and the JSON API.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, type AuditTables } from '../../platform/audit';
import { addDays, berlinDate } from '../../platform/calendar';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { apiClient, lastMailTo, linkIn, signedInClient } from '../../../test/support/auth';
import { getAreaBySlug, seedTerritory } from '../territory';
import { createOffer, requestBooking } from './offices.service';
import { ctxFor, makeOffice, makeRoom, principal } from './test/factories';
import type { Office, Room } from './offices.types';

let t: TestApp;
let db: TenantDb<any>;
let krayId: string;
let karnapId: string;
let office: Office;
let room: Room;
const ALWAYS = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), [{ from: '00:00', to: '24:00' }]]));

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  db = forTenant(t.handle.db, t.tenant.id);
  krayId = (await getAreaBySlug(db, 'kray'))!.id;
  karnapId = (await getAreaBySlug(db, 'karnap'))!.id;
  office = await makeOffice(t, krayId, { slug: 'kray', name: 'Stadtteilbüro Kray (Test)', hours: ALWAYS, closedOnHolidays: false });
  room = await makeRoom(t, office.id, { name: 'Saal', leadHours: 0 });
});
afterAll(async () => {
  await t?.close();
});

const inDays = (n: number) => addDays(berlinDate(new Date()), n);

function parseIcs(text: string) {
  const comp = new ICAL.Component(ICAL.parse(text));
  const tz = comp.getFirstSubcomponent('vtimezone');
  if (tz) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  return comp;
}

describe('public office and room pages', () => {
  it('shows the office with "open now", hours and rooms', async () => {
    const res = await t.client().get('/offices/kray');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Stadtteilbüro Kray (Test)');
    expect(html).toContain('Jetzt geöffnet');
    expect(html).toContain('Stufenloser Zugang');
    expect(html).toContain(`/offices/kray/rooms/${room.id}`);
    expect((await t.client().get('/offices')).status).toBe(200);
    expect((await t.client().get('/offices/nope')).status).toBe(404);
  });

  it('takes a public request, refuses bad input and bots, reports conflicts without names', async () => {
    const client = t.client();
    await client.get(`/offices/kray/rooms/${room.id}`);
    const base = { title: 'Geburtstagsfeier Nachbarschaft', date: inDays(10), time: '15:00', duration: '120', repeat: 'none', contactName: 'Erika Muster', contactEmail: 'erika@example.test' };
    const bad = await client.post(`/offices/kray/rooms/${room.id}/request`, { ...base, time: '15:07', contactEmail: 'x' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('error-summary');
    expect(badHtml).toContain('Viertelstunden');
    const bot = await client.post(`/offices/kray/rooms/${room.id}/request`, { ...base, website: 'http://spam.example' });
    expect(bot.status).toBe(400);
    const ok = await client.post(`/offices/kray/rooms/${room.id}/request`, base);
    expect(ok.status).toBe(303);
    expect(lastMailTo(t, 'erika@example.test')?.subject).toContain('Geburtstagsfeier');
    const clash = await client.post(`/offices/kray/rooms/${room.id}/request`, { ...base, title: 'Zweite', time: '16:00', contactEmail: 'zweite@example.test' });
    expect(clash.status).toBe(409);
    const clashHtml = await clash.text();
    expect(clashHtml).toContain('überschneid');
    expect(clashHtml).not.toContain('Geburtstagsfeier');
    // Free/busy: the week shows the busy time, never the title or the name.
    const week = await (await t.client().get(`/offices/kray/rooms/${room.id}?week=${inDays(10)}`)).text();
    expect(week).toContain('15:00–17:00');
    expect(week).not.toContain('Geburtstagsfeier');
    expect(week).not.toContain('Erika');
    const feed = await t.client().get(`/rooms/${room.id}/busy.ics`);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const text = await feed.text();
    expect(text).not.toContain('Geburtstagsfeier');
    const events = parseIcs(text).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]!.summary).toBe('Belegt');
  });
});

describe('offers: calendar, JSON-LD, registration', () => {
  it('publishes an offer with a room, shows it in the calendar and feeds, registers with a waiting list', async () => {
    const staff = ctxFor(t, principal('office_staff', { areaIds: [krayId] }), { mail: true });
    const { offer, booking } = await createOffer(staff, {
      officeId: office.id,
      roomId: room.id,
      title: 'Sprachcafé (Test)',
      description: 'Deutsch üben bei Kaffee <und> Kuchen.',
      date: inDays(3),
      time: '10:00',
      durationMinutes: 90,
      recurrence: { freq: 'weekly', until: inDays(60) },
      targetGroups: ['newcomers'],
      languages: ['de', 'ar'],
      registration: true,
      capacity: 2,
      publish: true,
    });
    expect(booking?.status).toBe('confirmed');
    // The room is now busy at that time: a staff request for the same slot clashes.
    await expect(requestBooking(staff, { roomId: room.id, title: 'X', date: inDays(10), time: '10:30', durationMinutes: 30, requesterKind: 'staff' })).rejects.toMatchObject({ code: 'booking_conflict' });

    const list = await (await t.client().get('/offers?area=kray')).text();
    expect(list).toContain('Sprachcafé (Test)');
    const month = await (await t.client().get(`/offers?area=kray&view=month&month=${inDays(3).slice(0, 7)}`)).text();
    expect(month).toContain('<table');
    expect(month).toContain('Sprachcafé (Test)');
    expect(await (await t.client().get('/offers?area=karnap')).text()).not.toContain('Sprachcafé (Test)');

    const page = await (await t.client().get(`/offers/${offer.id}`)).text();
    // Art. 13 GDPR: the form says how long name and e-mail are kept (OFFER_REGISTRATION_RETENTION_DAYS, default 30).
    expect(page).toContain('löschen sie 30 Tage nach dem letzten Termin des Angebots');
    const ld = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page);
    expect(ld).not.toBeNull();
    expect(ld![1]).not.toContain('<und>');
    const data = JSON.parse(ld![1]!) as Record<string, unknown>;
    expect(data['@type']).toBe('Event');
    expect(data.name).toBe('Sprachcafé (Test)');
    expect(data.description).toBe('Deutsch üben bei Kaffee <und> Kuchen.');
    expect((data.location as { name: string }).name).toBe(office.name);

    for (const path of ['/offers.ics?area=kray', `/offices/kray/offers.ics`, `/offers/${offer.id}/calendar.ics`]) {
      const res = await t.client().get(path);
      expect(res.status).toBe(200);
      const ev = new ICAL.Event(parseIcs(await res.text()).getFirstSubcomponent('vevent')!);
      expect(ev.summary).toBe('Sprachcafé (Test)');
      expect(ev.isRecurring()).toBe(true);
      const first = ev.iterator().next();
      expect(first.toJSDate().toISOString()).toBe(offer.firstStart);
    }

    // Registration: two places, then the waiting list; a cancellation moves the first waiting person up.
    const c1 = t.client();
    await c1.get(`/offers/${offer.id}`);
    expect((await c1.post(`/offers/${offer.id}/register`, { name: 'A', email: 'bad' })).status).toBe(422);
    expect((await c1.post(`/offers/${offer.id}/register`, { name: 'Anna', email: 'anna@example.test', places: '2' })).status).toBe(303);
    expect(lastMailTo(t, 'anna@example.test')?.subject).toContain('Anmeldung bestätigt');
    expect((await c1.post(`/offers/${offer.id}/register`, { name: 'Ben', email: 'ben@example.test' })).status).toBe(303);
    expect(lastMailTo(t, 'ben@example.test')?.subject).toContain('Warteliste');
    const cancelPath = linkIn(lastMailTo(t, 'anna@example.test')!, '/offers/registration/');
    const c2 = t.client();
    expect((await c2.get(cancelPath)).status).toBe(200);
    expect((await c2.post(cancelPath, { confirm: '1' })).status).toBe(303);
    expect(lastMailTo(t, 'ben@example.test')?.subject).toContain('Platz frei');
    const audit = await listAudit(db as unknown as TenantDb<AuditTables>, { entityType: 'offer', entityId: offer.id });
    expect(audit.entries.map((e) => e.action).sort()).toEqual(['create', 'register', 'register', 'unregister', 'waitlist_promote']);
    expect(JSON.stringify(audit.entries)).not.toContain('anna@example.test');

    // Staff see registrations and record attendance counts.
    const staffClient = await signedInClient(t, 'office_staff', { areaIds: [krayId] });
    const admin = await (await staffClient.get(`/staff/offers/${offer.id}`)).text();
    expect(admin).toContain('ben@example.test');
    const bad = await staffClient.post(`/staff/offers/${offer.id}/attendance`, { date: inDays(4), count: '5' });
    expect(bad.status).toBe(422);
    expect((await staffClient.post(`/staff/offers/${offer.id}/attendance`, { date: inDays(3), count: '7' })).status).toBe(303);
    // Out of scope: a Karnap office worker may not manage it.
    const karnap = await signedInClient(t, 'office_staff', { areaIds: [karnapId] });
    expect((await karnap.get(`/staff/offers/${offer.id}`)).status).toBe(403);
  });
});

describe('staff pages and advice', () => {
  it('lets office staff create an office, a closure and a room; refuses bad hours', async () => {
    const c = await signedInClient(t, 'office_staff', { areaIds: [krayId] });
    expect((await c.get('/staff/offices')).status).toBe(200);
    await c.get('/staff/offices/new');
    const bad = await c.post('/staff/offices', { name: 'Büro 2', slug: 'buero-2', areaId: krayId, hours_1: '9 bis 12' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('09:00-12:00');
    const outOfScope = await c.post('/staff/offices', { name: 'Büro K', slug: 'buero-k', areaId: karnapId, hours_1: '09:00-12:00' });
    expect(outOfScope.status).toBe(403);
    const ok = await c.post('/staff/offices', { name: 'Büro 2', slug: 'buero-2', areaId: krayId, hours_1: '09:00-12:00, 14:00-18:00', closedOnHolidays: '1', languages: ['de', 'tr'] });
    expect(ok.status).toBe(303);
    const id = ok.headers.get('location')!.split('/').pop()!;
    const detail = await c.get(`/staff/offices/${id}`);
    expect(detail.status).toBe(200);
    expect((await c.post(`/staff/offices/${id}/closures`, { fromDate: inDays(5), toDate: inDays(2) })).status).toBe(422);
    expect((await c.post(`/staff/offices/${id}/closures`, { fromDate: inDays(5), toDate: inDays(6), reason: 'Betriebsausflug' })).status).toBe(303);
    expect((await c.post(`/staff/offices/${id}/rooms`, { name: 'Küche', capacity: '8', minMinutes: '30', maxMinutes: '15', leadHours: '24', bookableBy: 'groups' })).status).toBe(422);
    expect((await c.post(`/staff/offices/${id}/rooms`, { name: 'Küche', capacity: '8', minMinutes: '30', maxMinutes: '180', leadHours: '24', bookableBy: 'groups', active: '1', withinOpeningHours: '1', equipment: ['kitchen'] })).status).toBe(303);
    const pub = await (await t.client().get('/offices/buero-2')).text();
    expect(pub).toContain('Betriebsausflug');
    expect(pub).toContain('Küche');
    const viewer = await signedInClient(t, 'viewer');
    expect((await viewer.get('/staff/offices')).status).toBe(403);
  });

  it('records anonymous advice quickly and counts it per month and office', async () => {
    const c = await signedInClient(t, 'district_worker', { areaIds: [krayId] });
    const form = await (await c.get('/staff/advice/new')).text();
    expect(form).toContain('Fallakten');
    expect(form).toContain(`value="${berlinDate(new Date())}"`);
    const bad = await c.post('/staff/advice', { officeId: office.id, date: berlinDate(new Date()), channel: 'phone', language: 'de', duration: '10' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('mindestens ein Thema');
    for (const topics of [['housing'], ['housing', 'debt']]) {
      const r = await c.post('/staff/advice', { officeId: office.id, date: berlinDate(new Date()), channel: 'in_person', topics, language: 'tr', referrals: ['debt_counselling'], duration: '20', followUp: '1' });
      expect(r.status).toBe(303);
    }
    const stats = await (await c.get('/staff/advice')).text();
    expect(stats).toContain('Wohnen: 2');
    expect(stats).toContain('Schuldnerberatung: 2');
    expect(stats).toMatch(/>40</);
    const karnap = await signedInClient(t, 'district_worker', { areaIds: [karnapId] });
    await karnap.get('/staff/advice/new');
    expect((await karnap.post('/staff/advice', { officeId: office.id, date: berlinDate(new Date()), channel: 'phone', topics: ['work'], language: 'de', duration: '5' })).status).toBe(403);
  });

  it('staff enter a recurring booking on behalf, see conflicts, confirm and cancel one date', async () => {
    const c = await signedInClient(t, 'office_staff', { areaIds: [krayId] });
    await c.get('/staff/bookings/new');
    const start = inDays(21);
    const res = await c.post('/staff/bookings', { roomId: room.id, title: 'Elterncafé', date: start, time: '18:00', duration: '60', repeat: 'weekly', until: addDays(start, 28), exdates: '', contactName: 'Kita Sonnenschein' });
    expect(res.status).toBe(303);
    const id = res.headers.get('location')!.split('/').pop()!;
    const clash = await c.post('/staff/bookings', { roomId: room.id, title: 'Chor', date: addDays(start, 7), time: '18:30', duration: '60', repeat: 'biweekly', until: addDays(start, 35) });
    expect(clash.status).toBe(409);
    expect(await clash.text()).toContain('Elterncafé');
    const detail = await (await c.get(`/staff/bookings/${id}`)).text();
    expect(detail).toContain('Kita Sonnenschein');
    expect((await c.post(`/staff/bookings/${id}/decide`, { decision: 'confirm', note: '' })).status).toBe(303);
    expect((await c.post(`/staff/bookings/${id}/cancel`, { date: addDays(start, 7) })).status).toBe(303);
    const ok = await c.post('/staff/bookings', { roomId: room.id, title: 'Chor', date: addDays(start, 7), time: '18:30', duration: '60', repeat: 'none' });
    expect(ok.status).toBe(303);
  });
});

describe('JSON API', () => {
  it('lists offices with open state and offers; staff request bookings with a token', async () => {
    const offices = (await (await t.client().get('/api/v1/offices')).json()) as { items: { slug: string; openNow: boolean }[] };
    expect(offices.items.find((o) => o.slug === 'kray')?.openNow).toBe(true);
    const rooms = (await (await t.client().get(`/api/v1/offices/${office.id}/rooms`)).json()) as { items: { id: string }[] };
    expect(rooms.items.map((r) => r.id)).toContain(room.id);
    const offers = (await (await t.client().get('/api/v1/offers')).json()) as { items: { title: string }[] };
    expect(offers.items.map((o) => o.title)).toContain('Sprachcafé (Test)');
    const api = await apiClient(t, 'office_staff', { areaIds: [krayId] });
    const body = { roomId: room.id, title: 'API-Termin', date: inDays(40), time: '08:00', durationMinutes: 60, recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=' + ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][(new Date(`${inDays(40)}T12:00:00Z`).getUTCDay() + 6) % 7] + ';COUNT=3' } };
    const created = await api.request('/api/v1/bookings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { occurrences: number }).occurrences).toBe(3);
    const again = await api.request('/api/v1/bookings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(again.status).toBe(409);
    const anon = await t.client().request('/api/v1/bookings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(anon.status).toBe(401);
    const list = (await (await api.request('/api/v1/bookings')).json()) as { items: { title: string }[] };
    expect(list.items.map((b) => b.title)).toContain('API-Termin');
  });
});
