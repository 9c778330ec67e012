/**
 * A district worker of Kray accompanies a residents' group in the browser: creates it (after a mistake that the
 * error summary names), moves it through its stages with a note, logs support time for last month, records a
 * milestone, finds it on the "close to self-sustaining" list once it is largely independent, and takes it to
 * self-sustaining; the stage history shows every step. The group's public "looking for members" page shows only the
 * public text. The group's contact person (a network person with consent) gets a personal link and requests a room
 * for the group without an account. Every page is checked by axe-core (no serious/critical violations), for a strict
 * CSP and for no inline code.
 */
import { describe, expect, it } from 'vitest';
import { createUserAsSystem } from '../../src/platform/auth/users.service';
import { forTenant } from '../../src/platform/db/tenant-scope';
import { getAreaBySlug } from '../../src/modules/territory';
import { createPerson } from '../../src/modules/network';
import { createOffice, createRoom } from '../../src/modules/offices';
import type { CurrentUser } from '../../src/platform/http/context';
import { signIn, submit } from './support/actions';
import { chromiumAvailable } from './support/browser';
import { useE2e, type OpenPage } from './support/fixture';

const CONTACT = 'Rita Rad (E2E)';
const WORKER = { email: 'gruppen.kray@e2e.test', password: 'E2e-Gruppen-Kray-2026', displayName: 'Gerd Gruppenarbeit' };

function lastMonth(): string {
  const d = new Date();
  const berlin = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit' }).format(d).slice(0, 7);
  const [y, m] = berlin.split('-').map(Number) as [number, number];
  const idx = y * 12 + m - 2;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

describe.skipIf(!chromiumAvailable())('a group on its way to self-sustaining (Chromium)', () => {
  const e2e = useE2e();
  let worker: OpenPage;
  let groupUrl = '';

  async function changeStage(to: string, label: string, note?: string): Promise<void> {
    const { page } = worker;
    await page.selectOption('#f-to', to);
    if (note) await page.fill('#f-note', note);
    await submit(worker, 'main form#stage-form', `stage → ${to}`);
    expect(await page.locator('main .kern-alert--success').count()).toBe(1);
    expect((await page.locator('main .q-group-facts .q-group-stage').textContent())?.trim()).toBe(label);
  }

  it('prepares a Kray district worker, a contact person with consent, and an office with a room groups may book', async () => {
    const root = e2e.server.running.handle.db;
    const row = await root.selectFrom('tenants').select(['id', 'slug', 'name']).executeTakeFirstOrThrow();
    const db = forTenant(root, row.id);
    const kray = (await getAreaBySlug(db, 'kray'))!;
    await createUserAsSystem(db, { ...WORKER, assignments: [{ role: 'district_worker', allAreas: false, areaIds: [kray.id] }] }, { id: null, label: 'e2e' });
    const admin: CurrentUser = { id: 'usr_e2egroupsadmin', email: 'admin@e2e.test', displayName: 'e2e', organisation: null, locale: null, assignments: [{ role: 'admin', allAreas: true, areaIds: [] }] };
    const ctx = { tenant: { id: row.id, slug: row.slug, name: row.name, defaultLocale: 'de' as const }, db, user: admin, requestId: null, dialect: e2e.server.running.handle.dialect };
    await createPerson(ctx, { name: CONTACT, areaIds: [kray.id], basis: 'consent', purpose: 'Ansprechperson der Fahrradwerkstatt', method: 'written', givenOn: '2025-08-20' });
    const hours = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ from: '09:00', to: '21:00' }]]));
    const office = await createOffice(ctx, {
      slug: 'kray-e2e-gruppen', name: 'Stadtteilbüro Kray (E2E)', areaId: kray.id, street: 'Kamblickweg 27', postcode: '45307', city: 'Essen', lat: 51.4746, lon: 7.0869, phone: null, email: null, description: null,
      hours, closedOnHolidays: true, accessibility: { stepFree: true, accessibleWc: true, hearingLoop: false }, accessibilityNotes: null, languages: ['de'], staffOnDuty: null,
    });
    await createRoom(ctx, { officeId: office.id, name: 'Werkstattraum', capacity: 12, equipment: [], accessibility: { stepFree: true, accessibleWc: true, hearingLoop: false }, withinOpeningHours: true, minMinutes: 30, maxMinutes: 240, leadHours: 48, bookableBy: 'groups', active: true });
  });

  it('creates a group after a mistake named by the error summary', async () => {
    worker = await e2e.open();
    const { page, watch } = worker;
    await signIn(worker, WORKER);
    await watch.visit('/staff/groups');
    await page.locator('main a[href="/staff/groups/new"]').click();
    await page.waitForURL('**/staff/groups/new');
    await watch.check('new group form');
    // Only Kray is offered; choose it, forget the name.
    const areas = await page.locator('#f-areaId option').allTextContents();
    expect(areas.filter((a) => a !== 'Bitte wählen')).toEqual(['Kray']);
    await page.selectOption('#f-areaId', { label: 'Kray' });
    await page.fill('#f-purpose', 'Nachbarinnen und Nachbarn reparieren gemeinsam Fahrräder.');
    await submit(worker, 'main form[action="/staff/groups"]', 'new group with a mistake');
    const summary = page.locator('#error-summary');
    expect(await summary.count()).toBe(1);
    expect(await summary.locator('a[href="#f-name"]').count()).toBe(1);
    await page.fill('#f-name', 'Fahrradwerkstatt Kray');
    await page.fill('#f-startDate', '2025-09-01');
    await page.check('#f-public');
    await page.fill('#f-publicText', 'Wir schrauben gemeinsam – bring dein Fahrrad mit!');
    await page.fill('#f-meetingInfo', 'Freitags 16 Uhr im Hof des Stadtteilbüros');
    await page.selectOption('#f-contactPersonId', { label: CONTACT });
    await submit(worker, 'main form[action="/staff/groups"]', 'new group');
    expect(new URL(page.url()).pathname).toMatch(/^\/staff\/groups\/grp_/);
    groupUrl = new URL(page.url()).pathname;
    expect(await page.locator('main h1').textContent()).toBe('Fahrradwerkstatt Kray');
    expect((await page.locator('main .q-group-facts .q-group-stage').textContent())?.trim()).toBe('Idee');
  });

  it('moves the group through its stages, logs support time and records a milestone', async () => {
    const { page } = worker;
    // Skipping a stage is not offered.
    const offered = await page.locator('#f-to option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value).filter(Boolean));
    expect(offered).toEqual(['founded', 'dormant', 'ended']);
    await changeStage('founded', 'Gegründet', 'Erstes Treffen mit zwölf Leuten.');
    await changeStage('accompanied', 'Begleitet');

    // Support time: a mistake first, then 3,5 hours for last month.
    const month = lastMonth();
    await page.fill('#f-month', month);
    await page.fill('#f-hours', '3,1');
    await submit(worker, 'main form#support-form', 'support time with a mistake');
    expect(await page.locator('#support .q-error-summary a[href="#f-hours"]').count()).toBe(1);
    await page.fill('#f-hours', '3,5');
    await submit(worker, 'main form#support-form', 'support time');
    const monthly = page.locator('#support table').first();
    expect(await monthly.locator('tbody tr').first().locator('td').allTextContents()).toEqual([month, '3,5']);

    // A milestone: regular meetings since the first of last month.
    await page.fill('#f-regular_meetings', `${month}-01`);
    await submit(worker, 'main form#milestones-form', 'milestones');
    expect(await page.locator('#milestones').textContent()).toContain('1 von 7 Meilensteinen erreicht');
    expect(await page.inputValue('#f-regular_meetings')).toBe(`${month}-01`);

    await changeStage('largely_independent', 'Weitgehend selbstständig');
  });

  it('lists the group as close to self-sustaining, then takes it there; the history shows every step', async () => {
    const { page, watch } = worker;
    await watch.visit('/staff/groups');
    expect(await page.locator('#close table tbody').textContent()).toContain('Fahrradwerkstatt Kray');
    await page.locator('#close a', { hasText: 'Fahrradwerkstatt Kray' }).click();
    await page.waitForURL(`**${groupUrl}`);
    await watch.check('group detail from the watch list');
    await changeStage('self_sustaining', 'Selbsttragend', 'Übergabe an die Gruppe erfolgt.');
    const history = page.locator('#stage table tbody tr');
    expect(await history.count()).toBe(5);
    const first = await history.first().locator('td').allTextContents();
    expect(first.slice(1)).toEqual(['Weitgehend selbstständig', 'Selbsttragend', WORKER.email, 'Übergabe an die Gruppe erfolgt.']);
    await watch.visit('/staff/groups');
    expect(await page.locator('#close').textContent()).not.toContain('Fahrradwerkstatt Kray');
  });

  it('shows the public “looking for members” page without personal data', async () => {
    const visitor = await e2e.open();
    const publicUrl = groupUrl.replace('/staff/groups/', '/groups/');
    await visitor.watch.visit('/groups');
    expect(await visitor.page.locator('main').textContent()).toContain('Fahrradwerkstatt Kray');
    await visitor.watch.visit(publicUrl);
    const main = (await visitor.page.locator('main').textContent()) ?? '';
    expect(main).toContain('Wir schrauben gemeinsam – bring dein Fahrrad mit!');
    expect(main).toContain('Freitags 16 Uhr im Hof des Stadtteilbüros');
    expect(main).not.toContain('Nachbarinnen und Nachbarn reparieren gemeinsam Fahrräder.');
    expect(main).not.toContain(WORKER.email);
    expect(main).not.toContain(CONTACT);
  });

  it('gives the contact person a personal link with which they request a room for the group, without an account', async () => {
    const { page, watch } = worker;
    await watch.visit(groupUrl);
    expect(await page.locator('main .q-group-facts').textContent()).toContain(CONTACT);
    await submit(worker, 'main form[action$="/booking-link"]', 'create booking link');
    const url = ((await page.locator('#booking-link-url').textContent()) ?? '').trim();
    expect(url).toMatch(/\/groups\/booking\/[A-Za-z0-9_-]{40,}$/);

    const contact = await e2e.open();
    await contact.watch.visit(new URL(url).pathname);
    const p = contact.page;
    expect(await p.locator('main h1').textContent()).toBe('Raum anfragen für „Fahrradwerkstatt Kray“');
    await p.selectOption('#f-roomId', { label: 'Stadtteilbüro Kray (E2E): Werkstattraum (bis 12 Personen)' });
    await p.fill('#f-title', 'Reparaturnachmittag');
    const d = new Date();
    d.setUTCDate(d.getUTCDate() + 14);
    while (d.getUTCDay() !== 2) d.setUTCDate(d.getUTCDate() + 1);
    await p.fill('#f-date', d.toISOString().slice(0, 10));
    await p.fill('#f-time', '16:00');
    await p.fill('#f-duration', '120');
    await p.fill('#f-contactEmail', 'nicht-gueltig');
    await submit(contact, 'main form#booking-form', 'room request with a mistake');
    expect(await p.locator('#error-summary a[href="#f-contactEmail"]').count()).toBe(1);
    await p.fill('#f-contactEmail', 'rita@e2e.test');
    await submit(contact, 'main form#booking-form', 'room request');
    expect(await p.locator('main .kern-alert--success').textContent()).toContain('„Reparaturnachmittag“ (1 Termin) ist angefragt.');
  });
});
