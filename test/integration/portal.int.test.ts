/**
 * The portal on a real database (SQLite and PostgreSQL): the home page lists every programme area with its office
 * and next offer; an area page shows each section with data seeded through the modules' own services, and its
 * "nothing yet" texts when a section is empty; "open now" across a holiday and a closure with a fixed clock; only
 * public data (a non-public dialogue, meeting or agreement stays out); another tenant's data never shows; 404 for an
 * unknown area. Two tenants with Essen's territory, seeded once for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTenant, type TenantDb } from '../../src/platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../support/app';
import { makeConcern } from '../../src/modules/concerns/test/factories';
import { actors, ctxFor as dialogueCtx, inDays, staff } from '../../src/modules/dialogues/test/factories';
import { makeGroup } from '../../src/modules/groups/test/factories';
import { ctxFor as officeCtx, makeOffice, principal } from '../../src/modules/offices/test/factories';
import { participationFixture } from '../../src/modules/participation/test/factories';
import { addClosure, createOffer } from '../../src/modules/offices';
import { addParticipant, createDialogue, createMeeting, createTask, setTaskStatus } from '../../src/modules/dialogues';
import { getAreaBySlug, seedTerritory } from '../../src/modules/territory';
import { areaData } from '../../src/modules/portal';
import { translator } from '../../src/platform/i18n';

let t: TestApp;
let db: TenantDb<any>;
let krayId: string;
let officeId: string;

/** A date n days from today (Berlin-independent enough for offers weeks ahead). */
function day(n: number): string {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}

async function seedArea(tenantId: string, tag: string): Promise<{ areaId: string; officeId: string }> {
  const area = (await getAreaBySlug(forTenant(t.handle.db, tenantId), 'kray'))!;
  const office = await makeOffice(t, area.id, { name: `Stadtteilbüro ${tag}`, phone: tenantId === t.tenant.id ? '0201 8851234' : '0999 000', staffOnDuty: `Team ${tag}` }, tenantId);
  const octx = officeCtx(t, principal('admin'), { tenantId });
  await createOffer(octx, { officeId: office.id, title: `Sprachcafé ${tag}`, date: day(3), time: '15:00', durationMinutes: 90, recurrence: { freq: 'weekly', until: day(40) }, registration: false, publish: true });
  await createOffer(octx, { officeId: office.id, title: `Entwurf ${tag}`, date: day(2), time: '10:00', durationMinutes: 60, registration: false, publish: false });

  const dctx = dialogueCtx(t, await staff(t, 'admin', undefined, tenantId), { tenantId });
  const a = await actors(t, area.id, tenantId);
  const d = await createDialogue(dctx, { title: `Marktplatz ${tag}`, goal: 'Ein lebendiger Marktplatz', initiator: 'Stadtteilmoderation', public: true, publicSummary: null, areaIds: [area.id], topicIds: [] });
  const p = await addParticipant(dctx, d.id, { actor: `organisation:${a.club}` });
  const m = await createMeeting(dctx, d.id, { type: 'round_table', title: `Runder Tisch ${tag}`, date: inDays(10), startTime: '18:00', endTime: '20:00', place: 'Gemeindesaal', public: true, registration: false });
  await createMeeting(dctx, d.id, { type: 'working_group', title: `Interne Runde ${tag}`, date: inDays(5), startTime: '18:00', endTime: '19:00', place: 'Büro', public: false, registration: false });
  const tasks = [];
  for (let i = 1; i <= 5; i++) tasks.push(await createTask(dctx, m.id, { title: `Vereinbarung ${i}`, participantId: p.id, dueDate: inDays(30), public: true }));
  await createTask(dctx, m.id, { title: 'Nicht öffentlich', participantId: p.id, dueDate: inDays(30), public: false });
  for (const task of tasks.slice(0, 3)) await setTaskStatus(dctx, task.id, 'done');
  await createDialogue(dctx, { title: `Geheimer Dialog ${tag}`, goal: 'intern', initiator: 'Test', public: false, publicSummary: null, areaIds: [area.id], topicIds: [] });

  await makeGroup(t, { tenantId, name: `Nachbarschaftsgarten ${tag}`, public: true, publicText: 'Wir gärtnern gemeinsam.', meetingInfo: 'Samstags 10 Uhr' });
  await makeGroup(t, { tenantId, name: `Interne Gruppe ${tag}`, public: false });
  await makeConcern(t, { tenantId });
  await participationFixture(t, area.id, tenantId);
  return { areaId: area.id, officeId: office.id };
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  db = forTenant(t.handle.db, t.tenant.id);
  ({ areaId: krayId, officeId } = await seedArea(t.tenant.id, 'Kray-Test'));
  await seedArea(t.other.id, 'ANDERSTADT');
}, 120_000);
afterAll(async () => t?.close());

describe('home page', () => {
  it('lists every programme area on the map and as a list, with its office and next offer', async () => {
    const res = await t.client().get('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Quartiersmanagement in Essen');
    for (const slug of ['kray', 'karnap', 'frohnhausen', 'bergmannsfeld-hoersterfeld']) expect(html).toContain(`<a class="kern-link" href="/areas/${slug}">`);
    // The overview map links each area to its page.
    expect(html).toContain('<title id="map-overview-title">Karte der Quartiere in Essen</title>');
    expect(html).toMatch(/<a[^>]*href="\/areas\/karnap"[^>]*>\s*<path/);
    // Kray: the office from the offices module with its state, and the next published offer (not the draft).
    expect(html).toContain('Stadtteilbüro Kray-Test');
    expect(html).toMatch(/Jetzt (geöffnet|geschlossen)/);
    expect(html).toContain('Sprachcafé Kray-Test');
    expect(html).not.toContain('Entwurf Kray-Test');
    // Karnap: no office in the offices module — the territory's address; no offer.
    expect(html).toContain('Karnaper Straße 100');
    expect(html).toContain('zurzeit keines geplant');
    // Entry points and the search form.
    for (const href of ['/concerns/new', '/participation', '/offers', '/concerns']) expect(html).toContain(`href="${href}"`);
    expect(html).toContain('href="/search"');
    expect(html).not.toContain('ANDERSTADT');
  });

  it('is complete in Arabic, right to left', async () => {
    const html = await (await t.client().get('/?lang=ar')).text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('إدارة الأحياء في Essen');
  });
});

describe('area page', () => {
  it('shows each section with the modules’ public data, never another tenant’s', async () => {
    const res = await t.client().get('/areas/kray');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1 class="kern-heading-x-large">Kray</h1>');
    // Place and funding (territory).
    expect(html).toMatch(/<ul class="kern-list" id="area-districts"><li>Kray/);
    expect(html).toContain('<title id="map-area-title">Umriss des Quartiers Kray</title>');
    expect(html).toContain('Krupp');
    // Office with address, state and today's hours; contact data the office publishes.
    expect(html).toContain('Stadtteilbüro Kray-Test');
    expect(html).toContain('Hauptstraße 1');
    expect(html).toMatch(/Heute: /);
    expect(html).toContain('href="tel:02018851234"');
    expect(html).toContain('Team Kray-Test');
    // Offers: the next five sessions of the published offer only.
    expect(html.match(/Sprachcafé Kray-Test/g)?.length).toBe(5);
    expect(html).not.toContain('Entwurf Kray-Test');
    expect(html).toContain('href="/offers?area=kray"');
    // Public meetings of public dialogues only.
    expect(html).toContain('Runder Tisch Kray-Test');
    expect(html).not.toContain('Interne Runde Kray-Test');
    // Ongoing public dialogue with its public agreements' progress.
    expect(html).toContain('Marktplatz Kray-Test');
    expect(html).toContain('3 von 5 Vereinbarungen umgesetzt');
    expect(html).not.toContain('Geheimer Dialog');
    // Concerns: the area's map and the list with status and support count.
    expect(html).toContain('<title id="concern-map-title">Anliegen in Kray auf der Karte</title>');
    expect(html).toMatch(/<ul class="kern-list" id="area-concerns"[^>]*><li><a class="kern-link" href="\/concerns\/\d{4}-\d+">Anliegen \d{4}-\d+: /);
    expect(html).toContain('noch keine Unterstützung');
    expect(html).toContain(`href="/concerns?area=${krayId}"`);
    // Groups looking for members (public ones only).
    expect(html).toContain('Nachbarschaftsgarten Kray-Test');
    expect(html).not.toContain('Interne Gruppe');
    // Participation: the open proposal and the open survey.
    expect(html).toContain('Mehr Bänke am Marktplatz');
    expect(html).toContain('Spielplatz Kray');
    expect(html).toContain('href="/participation/areas/kray"');
    // Nothing of the other tenant, nothing personal.
    expect(html).not.toContain('ANDERSTADT');
    expect(html).not.toContain('0999 000');
    expect(html).not.toContain('Ayşe');
    expect(html).not.toContain('proposer-');
    expect(html).not.toContain('commenter-');
  });

  it('says "nothing yet" for every empty section', async () => {
    const html = await (await t.client().get('/areas/karnap')).text();
    for (const text of [
      'Die Öffnungszeiten sind hier noch nicht eingetragen.',
      'Telefon und E-Mail des Teams sind hier noch nicht eingetragen.',
      'In den nächsten Wochen sind keine Angebote eingetragen.',
      'Zurzeit sind keine öffentlichen Treffen geplant.',
      'Aus diesem Quartier sind noch keine Anliegen veröffentlicht.',
      'Zurzeit läuft kein öffentlicher Dialog in diesem Quartier.',
      'Zurzeit sucht keine Gruppe in diesem Quartier öffentlich nach Mitgliedern.',
      'Noch keine offenen Vorschläge',
      'Zurzeit läuft keine Umfrage.',
    ])
      expect(html).toContain(text);
    // The territory's office address stands in for the offices module's.
    expect(html).toContain('Karnaper Straße 100');
    expect(html).not.toContain('concern-map');
  });

  it('answers an unknown area with 404', async () => {
    expect((await t.client().get('/areas/gibt-es-nicht')).status).toBe(404);
  });

  it('knows "open now" across a holiday and a closure (fixed clock)', async () => {
    const t_ = translator('de');
    const at = async (iso: string) => (await areaData(db, 'kray', { tiles: null, t: t_, locale: 'de', now: new Date(iso), concernListId: 'x' }))!.offices.find((o) => o.office.id === officeId)!;
    // Tuesday 2026-12-22, 10:00 in Berlin: open until 20:00.
    const regular = await at('2026-12-22T09:00:00Z');
    expect(regular.state).toEqual({ open: true, until: '20:00' });
    expect(regular.today.reason).toBe('regular');
    // Friday 2026-12-25 (1st Christmas day), 10:00: closed for the holiday, opens on Saturday the 26th?
    // (26 December is a holiday in NRW too) — so next on Monday the 28th at 09:00.
    const holiday = await at('2026-12-25T09:00:00Z');
    expect(holiday.state).toEqual({ open: false, next: { date: '2026-12-28', time: '09:00' } });
    expect(holiday.today.reason).toBe('holiday');
    // A closure on Tuesday 2027-01-12 (staff training): closed that day with its reason; open again the next day.
    await addClosure(officeCtx(t, principal('admin')), officeId, { fromDate: '2027-01-12', toDate: '2027-01-12', hours: null, reason: 'Fortbildung' });
    const closed = await at('2027-01-12T11:00:00Z');
    expect(closed.state).toEqual({ open: false, next: { date: '2027-01-13', time: '09:00' } });
    expect(closed.today).toMatchObject({ reason: 'closure', note: 'Fortbildung', intervals: [] });
  });
});
