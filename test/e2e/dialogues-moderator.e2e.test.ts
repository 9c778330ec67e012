/**
 * A moderator's path through a dialogue in the browser: sign in, start a dialogue (a mistake first: the error
 * summary links to the field), add two organisations from the network as participants with their interests, add
 * a question and record stances in the interest map (the summary shows where interests collide), plan a meeting,
 * add agenda items, write the minutes with a public decision, record an agreement from the minutes and mark it
 * done; the public progress page shows the decision and the agreement. Every page is checked by axe-core (no
 * serious/critical violations), for a strict CSP and for no inline code.
 */
import { describe, expect, it } from 'vitest';
import { createUserAsSystem } from '../../src/platform/auth/users.service';
import { dialectOf } from '../../src/platform/db/dialect';
import { forTenant } from '../../src/platform/db/tenant-scope';
import type { CurrentUser, Tenant } from '../../src/platform/http/context';
import { createOrganisation, listTypes } from '../../src/modules/network';
import { getAreaBySlug } from '../../src/modules/territory';
import { signIn, submit } from './support/actions';
import { chromiumAvailable } from './support/browser';
import { useE2e, type OpenPage } from './support/fixture';

const MOD = { email: 'moderation.kray@e2e.test', password: 'E2e-Moderation-Kray-2026', displayName: 'Mo Moderation' };
const PARTNER = { email: 'gruga.partner@e2e.test', password: 'E2e-Gruga-Partner-2026', displayName: 'Pia Partnerin' };

describe.skipIf(!chromiumAvailable())('a moderator runs a dialogue: participants, interests, meeting, minutes, agreement (Chromium)', () => {
  const e2e = useE2e();
  let mod: OpenPage;
  let dialogueUrl = '';

  it('prepares a Kray moderator and two organisations in the network', async () => {
    const root = e2e.server.running.handle.db;
    const row = await root.selectFrom('tenants').select(['id', 'slug', 'name', 'default_locale']).executeTakeFirstOrThrow();
    const tenant: Tenant = { id: row.id, slug: row.slug, name: row.name, defaultLocale: row.default_locale };
    const db = forTenant(root, tenant.id);
    const kray = (await getAreaBySlug(db, 'kray'))!;
    await createUserAsSystem(db, { ...MOD, assignments: [{ role: 'moderator', allAreas: false, areaIds: [kray.id] }] }, { id: null, label: 'e2e' });
    await createUserAsSystem(db, { ...PARTNER, assignments: [{ role: 'viewer', allAreas: true, areaIds: [] }] }, { id: null, label: 'e2e' });
    const admin: CurrentUser = { id: 'usr_e2esystem000000', email: 'e2e@e2e.test', displayName: 'e2e', organisation: null, locale: null, assignments: [{ role: 'admin', allAreas: true, areaIds: [] }] };
    const ctx = { tenant, db, user: admin, requestId: null, dialect: dialectOf(db) };
    const types = await listTypes(db);
    const type = (key: string) => types.find((x) => x.key === key)!.id;
    await createOrganisation(ctx, { name: 'Bürgerverein Kray-Nord', typeId: type('association'), logic: 'district', areaIds: [kray.id], topicIds: [] });
    await createOrganisation(ctx, { name: 'Grün und Gruga', typeId: type('city_department'), logic: 'administration', areaIds: [kray.id], topicIds: [] });
  });

  it('starts a dialogue (after a mistake the error summary leads to the field)', async () => {
    mod = await e2e.open();
    const { page, watch } = mod;
    await signIn(mod, MOD);
    await watch.visit('/staff/dialogues');
    await page.locator('main a[href="/staff/dialogues/new"]').click();
    await page.waitForURL('**/staff/dialogues/new');
    await watch.check('new dialogue form');
    await page.fill('#f-goal', 'Klären, wie der Spielplatz am Markt erneuert wird.');
    await page.fill('#f-initiator', 'Anwohnerinitiative Markt');
    await submit(mod, 'main form[action="/staff/dialogues"]', 'dialogue form with mistakes');
    const summary = page.locator('#error-summary');
    expect(await summary.count()).toBe(1);
    expect(await summary.locator('a[href="#f-title"]').count()).toBe(1);
    expect(await summary.locator('a[href="#f-areaIds"]').count()).toBe(1);
    expect(await page.inputValue('#f-goal')).toBe('Klären, wie der Spielplatz am Markt erneuert wird.');
    await page.fill('#f-title', 'Spielplatz am Markt');
    await page.getByLabel('Kray', { exact: true }).check();
    await page.getByLabel('Öffentlicher Dialog').check();
    await submit(mod, 'main form[action="/staff/dialogues"]', 'dialogue created');
    dialogueUrl = new URL(page.url()).pathname;
    expect(dialogueUrl).toMatch(/^\/staff\/dialogues\/dlg_/);
    expect(await page.locator('main h1').textContent()).toBe('Spielplatz am Markt');
    expect(await page.locator('main .kern-alert--success').count()).toBe(1);
  });

  it('adds participants with their interests and records the interest map', async () => {
    const { page } = mod;
    await page.selectOption('#f-actor', { label: 'Bürgerverein Kray-Nord (Organisation)' });
    await page.fill('#f-interests', 'Ein sicherer Spielplatz, der gepflegt wird.');
    await submit(mod, `main form[action="${dialogueUrl}/participants"]`, 'participant 1 added');
    await page.selectOption('#f-actor', { label: 'Grün und Gruga (Organisation)' });
    await page.fill('#f-positions', 'Erneuerung erst 2027 möglich.');
    await submit(mod, `main form[action="${dialogueUrl}/participants"]`, 'participant 2 added');
    const rows = page.locator('main section[aria-labelledby="participants-h"] table tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Stadtteil / Bewohnerschaft');
    expect(await rows.nth(1).textContent()).toContain('Verwaltung');

    await page.fill('#f-text', 'Zaun um den Spielplatz');
    await submit(mod, `main form[action="${dialogueUrl}/questions"]`, 'question added');
    await page.locator(`main a[href="${dialogueUrl}/map"]`).click();
    await page.waitForURL(`**${dialogueUrl}/map`);
    await mod.watch.check('interest map form');
    const selects = page.locator('main select[name^="s__"]');
    expect(await selects.count()).toBe(2);
    await selects.nth(0).selectOption('supports');
    await selects.nth(1).selectOption('concerns');
    await page.locator('main input[name^="n__"]').nth(1).fill('Pflegekosten offen');
    await submit(mod, `main form[action="${dialogueUrl}/map"]`, 'interest map saved');
    const map = page.locator('main section[aria-labelledby="map-h"]');
    expect(await map.locator('table caption').textContent()).toBe('Interessenlandkarte: Beteiligte × Fragen');
    expect(await map.locator('table tbody tr').nth(1).textContent()).toContain('hat Bedenken');
    expect(await map.textContent()).toContain('Interessen kollidieren');
  });

  it('plans a meeting, writes the minutes, records an agreement and marks it done', async () => {
    const { page } = mod;
    await page.locator(`main a[href="${dialogueUrl}/meetings/new"]`).click();
    await page.waitForURL(`**${dialogueUrl}/meetings/new`);
    await mod.watch.check('meeting form');
    await page.selectOption('#f-type', 'round_table');
    await page.fill('#f-title', 'Runder Tisch Spielplatz');
    await page.fill('#f-date', '2026-12-03');
    await page.fill('#f-startTime', '18:00');
    await page.fill('#f-endTime', '20:00');
    await page.fill('#f-place', 'Stadtteilbüro Kray');
    await page.getByLabel('Öffentliche Sitzung').check();
    await submit(mod, `main form[action="${dialogueUrl}/meetings"]`, 'meeting created');
    const meetingUrl = new URL(page.url()).pathname;
    expect(meetingUrl).toMatch(/^\/staff\/meetings\/mtg_/);
    expect(await page.locator('main dl').textContent()).toContain('Stadtteilbüro Kray');

    await page.fill('#f-title', 'Zustand des Spielplatzes');
    await submit(mod, `main form[action="${meetingUrl}/agenda"]`, 'agenda item 1');
    await page.fill('#f-title', 'Pflege');
    await submit(mod, `main form[action="${meetingUrl}/agenda"]`, 'agenda item 2');
    expect(await page.locator('main section[aria-labelledby="agenda-h"] ol li').count()).toBe(2);

    await page.locator(`main a[href="${meetingUrl}/minutes"]`).click();
    await page.waitForURL(`**${meetingUrl}/minutes`);
    await mod.watch.check('minutes form');
    await page.locator('main textarea[name^="minutes__"]').nth(0).fill('Rutsche und Schaukel sind gesperrt.');
    await page.locator('main textarea[name^="decision__"]').nth(0).fill('Neue Spielgeräte werden für 2027 angemeldet.');
    await page.locator('main input[name^="public__"]').nth(0).check();
    await submit(mod, `main form[action="${meetingUrl}/minutes"]`, 'minutes saved');
    expect(await page.locator('main section[aria-labelledby="agenda-h"]').textContent()).toContain('Neue Spielgeräte werden für 2027 angemeldet.');

    await page.fill('#f-what', 'Spielgeräte für 2027 anmelden');
    await page.selectOption('#f-participantId', { label: 'Grün und Gruga' });
    await page.fill('#f-dueDate', '2027-01-31');
    await page.selectOption('#f-agendaItemId', { label: '1. Zustand des Spielplatzes' });
    await page.getByLabel('Öffentlich zeigen').check();
    await submit(mod, `main form[action="${meetingUrl}/tasks"]`, 'agreement created');
    const tasks = page.locator('main section[aria-labelledby="mtasks-h"] table tbody tr');
    expect(await tasks.count()).toBe(1);
    expect(await tasks.first().textContent()).toContain('offen');
    await tasks.first().locator('select[name="status"]').selectOption('done');
    await submit(mod, 'main section[aria-labelledby="mtasks-h"] form[action$="/status"]', 'agreement done');
    expect(new URL(page.url()).pathname).toBe(dialogueUrl);
    expect(await page.locator('main section[aria-labelledby="tasks-h"] table tbody tr').first().textContent()).toContain('erledigt');
    expect(await page.locator('main section[aria-labelledby="timeline-h"]').textContent()).toContain('„Spielgeräte für 2027 anmelden“: erledigt');
  });

  it('shows the public progress page with the decision and the agreement', async () => {
    const anon = await e2e.open();
    const id = dialogueUrl.split('/').pop()!;
    await anon.watch.visit('/dialogues');
    await anon.page.locator(`main a[href="/dialogues/${id}"]`).click();
    await anon.page.waitForURL(`**/dialogues/${id}`);
    await anon.watch.check('public progress page');
    const main = anon.page.locator('main');
    expect(await main.textContent()).toContain('Neue Spielgeräte werden für 2027 angemeldet.');
    expect(await main.textContent()).toContain('Spielgeräte für 2027 anmelden');
    expect(await main.textContent()).not.toContain('Pflegekosten offen');
  });

  it('grants a participant’s account access; it sees only its dialogue and tasks', async () => {
    const { page } = mod;
    await mod.watch.visit(dialogueUrl);
    await page.fill('#f-email', PARTNER.email);
    await page.selectOption('#f-participantId', { label: 'Grün und Gruga' });
    await submit(mod, `main form[action="${dialogueUrl}/access"]`, 'access granted');
    expect(await page.locator('main section[aria-labelledby="access-h"] table tbody tr').textContent()).toContain(PARTNER.email);
    await mod.watch.visit('/staff/dialogues/tasks?overdue=1');
    await mod.watch.visit('/staff/dialogues/tasks');
    expect(await page.locator('main table tbody tr').first().textContent()).toContain('Spielgeräte für 2027 anmelden');

    const partner = await e2e.open();
    await signIn(partner, PARTNER);
    await partner.watch.visit('/my/dialogues');
    expect(await partner.page.locator('main table').first().textContent()).toContain('Spielplatz am Markt');
    await partner.page.locator(`main a[href="/my/dialogues/${dialogueUrl.split('/').pop()}"]`).click();
    await partner.page.waitForURL('**/my/dialogues/dlg_*');
    await partner.watch.check('participant’s view of the dialogue');
    expect(await partner.page.locator('main').textContent()).toContain('Neue Spielgeräte werden für 2027 angemeldet.');
    await partner.watch.visit(dialogueUrl, { status: 403, label: 'staff page refused to the participant' });
  });

  it('lets a resident register for a public meeting (a mistake first: the error summary leads to the fields)', async () => {
    const { page } = mod;
    await mod.watch.visit(dialogueUrl);
    await page.locator(`main a[href="${dialogueUrl}/meetings/new"]`).click();
    await page.waitForURL(`**${dialogueUrl}/meetings/new`);
    await page.selectOption('#f-type', 'residents_assembly');
    await page.fill('#f-title', 'Bewohnerversammlung Spielplatz');
    await page.fill('#f-date', '2027-03-04');
    await page.fill('#f-startTime', '18:00');
    await page.fill('#f-endTime', '20:00');
    await page.fill('#f-place', 'Aula der Grundschule');
    await page.getByLabel('Öffentliche Sitzung').check();
    await page.getByLabel('Öffentliche Anmeldung').check();
    await page.fill('#f-capacity', '30');
    await submit(mod, `main form[action="${dialogueUrl}/meetings"]`, 'public meeting with registration');
    const meetingId = new URL(page.url()).pathname.split('/').pop()!;
    await page.locator(`main a[href="/staff/meetings/${meetingId}/edit"]`).click();
    await page.waitForURL(`**/staff/meetings/${meetingId}/edit`);
    await mod.watch.check('meeting edit form');
    expect(await page.inputValue('#f-startTime')).toBe('18:00');
    await page.fill('#f-capacity', '40');
    await submit(mod, `main form[action="/staff/meetings/${meetingId}/edit"]`, 'meeting changed');
    expect(await page.locator('main .kern-alert--success').count()).toBe(1);

    const resident = await e2e.open();
    await resident.watch.visit(`/meetings/${meetingId}`);
    expect(await resident.page.locator('main').textContent()).toContain('Noch 40 Plätze frei.');
    await resident.page.fill('#f-name', 'Rosa Nachbarin');
    await resident.page.fill('#f-email', 'rosa@');
    await submit(resident, `main form[action="/meetings/${meetingId}/register"]`, 'registration with mistakes');
    expect(await resident.page.locator('#error-summary a[href="#f-email"]').count()).toBe(1);
    expect(await resident.page.locator('#error-summary a[href="#f-consent"]').count()).toBe(1);
    await resident.page.fill('#f-email', 'rosa@example.test');
    await resident.page.getByLabel(/Ich bin einverstanden/).check();
    await submit(resident, `main form[action="/meetings/${meetingId}/register"]`, 'registered');
    expect(await resident.page.locator('main .kern-alert--success').textContent()).toContain('Sie sind angemeldet.');
    expect(await resident.page.locator('main').textContent()).toContain('Noch 39 Plätze frei.');
  });
});
