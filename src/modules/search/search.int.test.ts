/**
 * Site search on SQLite and PostgreSQL: the pages and the API through the app; permission filtering in SQL
 * (public vs staff, role × area, viewer, limit after the filter), the modules' hooks (offers, dialogues, pages),
 * the reindex, tenant isolation and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocument, reindexTenant, searchPage } from '../../platform/db/search';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { apiClient, signedInClient } from '../../../test/support/auth';
import { TEST_DB } from '../../../test/support/db';
import type { CurrentUser } from '../../platform/http/context';
import { createDialogue, updateDialogue } from '../dialogues';
import { createOffer, createOffice, setOfferStatus, type OfficesContext } from '../offices';
import { getAreaBySlug, seedTerritory } from '../territory';
import { staffScopes } from './search.service';

let t: TestApp;
let db: TenantDb<any>;
let kray: string;
let karnap: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  db = forTenant(t.handle.db, t.tenant.id);
  kray = (await getAreaBySlug(db, 'kray'))!.id;
  karnap = (await getAreaBySlug(db, 'karnap'))!.id;
  const doc = (docType: string, docId: string, visibility: 'public' | 'staff', areaIds: string[], title: string, body: string) => indexDocument(db, { docType, docId, visibility, areaIds, title, body, url: `/x/${docId}` });
  await doc('offer', 'o-pub', 'public', [kray], 'Sprachcafé im Stadtteilbüro', 'Deutsch üben bei Kaffee am Mülheimer Platz, jeden Dienstag.');
  await doc('offer', 'o-house', 'public', [karnap], 'Beratung rund ums Haus', 'Mietrecht und Nebenkosten für Mieterinnen und Mieter.');
  await doc('dialogue', 'd-kray', 'staff', [kray], 'Spielplatz Kray intern', 'Interne Abstimmung Zaunbau mit dem Grünflächenamt.');
  await doc('dialogue', 'd-karnap', 'staff', [karnap], 'Spielplatz Karnap intern', 'Interne Abstimmung Zaunbau in Karnap.');
  await doc('concern', 'c-staff', 'staff', [kray], 'Anliegen intern Zaunbau', 'Ein einzelnes Anliegen zum Zaunbau.');
  await doc('proposal', 'p-noarea', 'staff', [], 'Vorschlag Zaunbau', 'Ohne Gebiet: nur für Zugänge mit allen Gebieten.');
  // Many hidden documents that rank higher than the one visible document.
  for (let i = 0; i < 30; i++) await doc('dialogue', `hidden-${i}`, 'staff', [karnap], `Laterne Laterne Laterne ${i}`, 'Laterne Laterne Laterne');
  await doc('dialogue', 'visible', 'staff', [kray], 'Eine Straße', 'Die Laterne vor dem Haus');
  await indexDocument(forTenant(t.handle.db, t.other.id), { docType: 'offer', docId: 'o-other', visibility: 'public', areaIds: [], title: 'Sprachcafé Anderstadt', body: 'Nur im anderen Mandanten', url: '/x/o-other' });
});
afterAll(async () => {
  await t?.close();
});

const admin: CurrentUser = { id: 'usr_searchadmin', email: 'admin@example.test', displayName: 'Admin', organisation: null, locale: null, assignments: [{ role: 'admin', allAreas: true, areaIds: [] }] };
const adminCtx = (): OfficesContext => ({ tenant: { id: t.tenant.id, slug: 'essen', name: 'Essen', defaultLocale: 'de' }, db, user: admin, requestId: null, dialect: t.handle.dialect, mail: null });

async function api(client: { get(p: string): Promise<Response> }, q: string, extra = '') {
  const res = await client.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
  return { status: res.status, body: (await res.json()) as { total: number; byType: Record<string, number>; hits: { id: string; type: string; snippet: string; visibility: string; areas: string[] }[]; errors?: { field: string }[] } };
}

describe('public search', () => {
  it('finds by prefix without diacritics, with the type, area, an excerpt and the count; only in the tenant', async () => {
    const res = await t.client().get('/search?q=sprachcafe');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('1 Treffer für „sprachcafe“');
    expect(html).toContain('href="/x/o-pub"');
    expect(html).toContain('Angebot');
    expect(html).toContain('Gebiet: Kray');
    expect(html).not.toContain('Anderstadt');
    const mulh = await api(t.client(), 'mulh');
    expect(mulh.body.hits.map((h) => h.id)).toEqual(['o-pub']);
    expect(mulh.body.hits[0]!.snippet).toMatch(/Mülheimer/);
    expect(mulh.body.hits[0]!.areas).toEqual(['Kray']);
  });

  it('uses German stemming on PostgreSQL ("Häuser" finds "Haus")', async () => {
    const r = await api(t.client(), 'Häuser');
    if (TEST_DB === 'postgres') expect(r.body.hits.map((h) => h.id)).toContain('o-house');
    else expect(r.status).toBe(200);
  });

  it('never shows staff documents to the public, on the page or in the API (even when asking for staff)', async () => {
    const page = await (await t.client().get('/search?q=zaunbau')).text();
    expect(page).toContain('Keine Treffer für „zaunbau“');
    expect(page).toContain('Prüfen Sie die Schreibweise');
    expect((await api(t.client(), 'zaunbau')).body.total).toBe(0);
    expect((await api(t.client(), 'zaunbau', '&audience=staff')).status).toBe(401);
  });

  it('answers bad input with a clear message and 422', async () => {
    const empty = await t.client().get('/search?q=');
    expect(empty.status).toBe(422);
    const html = await empty.text();
    expect(html).toContain('Bitte geben Sie einen Suchbegriff ein.');
    expect(html).toContain('href="#f-q"');
    const long = await t.client().get(`/search?q=${'a'.repeat(201)}`);
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('höchstens 200 Zeichen');
    expect((await t.client().get('/search?q=%22*-%22')).status).toBe(422);
    const badType = await api(t.client(), 'haus', '&type=nope');
    expect(badType.status).toBe(422);
    expect(badType.body.errors?.map((e) => e.field)).toEqual(['type']);
    expect((await api(t.client(), 'haus', '&offset=-1')).status).toBe(422);
    expect((await api(t.client(), '')).status).toBe(422);
    // The search page without a query shows the form only.
    expect((await t.client().get('/search')).status).toBe(200);
  });
});

describe('staff search: permission-filtered in SQL', () => {
  it('a district worker of Karnap sees Karnap’s staff documents, not Kray’s', async () => {
    const c = await apiClient(t, 'district_worker', { areaIds: [karnap] });
    const r = await api(c, 'zaunbau');
    expect(r.body.hits.map((h) => h.id).sort()).toEqual(['d-karnap']);
    const page = await signedInClient(t, 'district_worker', { areaIds: [karnap] });
    const html = await (await page.get('/staff/search?q=zaunbau')).text();
    expect(html).toContain('Spielplatz Karnap intern');
    expect(html).not.toContain('Spielplatz Kray intern');
    expect(html).toContain('intern');
    // The public page stays public for staff.
    expect(await (await page.get('/search?q=zaunbau')).text()).not.toContain('Spielplatz Karnap intern');
  });

  it('a coordinator for all areas sees every staff document, also those outside every area', async () => {
    const c = await apiClient(t, 'coordinator');
    const r = await api(c, 'zaunbau');
    expect(r.body.hits.map((h) => h.id).sort()).toEqual(['c-staff', 'd-karnap', 'd-kray', 'p-noarea']);
    expect(r.body.byType).toEqual({ concern: 1, dialogue: 2, proposal: 1 });
    const only = await api(c, 'zaunbau', '&type=dialogue');
    expect(only.body.total).toBe(2);
    expect((await api(c, 'zaunbau', '&audience=public')).body.total).toBe(0);
  });

  it('a viewer sees no single concerns and no other staff documents; department staff see no area concerns', async () => {
    const viewer = await apiClient(t, 'viewer');
    expect((await api(viewer, 'zaunbau')).body.total).toBe(0);
    const dept = await apiClient(t, 'department_staff');
    expect((await api(dept, 'zaunbau')).body.hits.map((h) => h.id)).toEqual([]);
    expect(staffScopes({ id: 'u', assignments: [{ role: 'department_staff', allAreas: true, areaIds: [] }] }).concern).toBeUndefined();
  });

  it('applies the limit after the permission filter: many hidden documents do not starve a visible one', async () => {
    const scopes = staffScopes({ id: 'u', assignments: [{ role: 'district_worker', allAreas: false, areaIds: [kray] }] });
    const r = await searchPage(db, 'laterne', { audience: 'staff', staffScopes: scopes, limit: 5 });
    expect(r.hits.map((h) => h.docId)).toEqual(['visible']);
    expect(r.total).toBe(1);
  });
});

describe('modules index their documents', () => {
  it('an offer is public when published, leaves the public results when cancelled, and stays for staff', async () => {
    const ctx = adminCtx();
    const office = await createOffice(ctx, { slug: 'kray-suche', name: 'Stadtteilbüro Kray (Suche)', areaId: kray, street: null, postcode: null, city: null, lat: null, lon: null, phone: null, email: null, description: null, hours: {}, closedOnHolidays: true, accessibility: { stepFree: true, accessibleWc: false, hearingLoop: false }, accessibilityNotes: null, languages: ['de'], staffOnDuty: null } as never);
    const { offer } = await createOffer(ctx, { officeId: office.id, title: 'Nähwerkstatt Quartiersknopf', description: 'Kleidung reparieren', date: '2027-03-02', time: '17:00', durationMinutes: 60, publish: true } as never);
    expect((await api(t.client(), 'quartiersknopf')).body.hits.map((h) => h.id)).toEqual([offer.id]);
    await setOfferStatus(ctx, offer.id, 'cancelled');
    expect((await api(t.client(), 'quartiersknopf')).body.total).toBe(0);
    const staff = await apiClient(t, 'office_staff', { areaIds: [kray] });
    expect((await api(staff, 'quartiersknopf')).body.hits.map((h) => [h.id, h.visibility])).toEqual([[offer.id, 'staff']]);
  });

  it('a dialogue made non-public disappears from the public search; its goal is never public', async () => {
    const ctx = adminCtx();
    const input = { title: 'Dialog Wasserturm', goal: 'Geheimes Ziel Turmsanierung', initiator: 'Bezirksvertretung', public: true, publicSummary: 'Gemeinsam über die Zukunft des Wasserturms reden.', areaIds: [kray], topicIds: [] };
    const d = await createDialogue(ctx, input);
    expect((await api(t.client(), 'wasserturm')).body.hits.map((h) => h.id)).toEqual([d.id]);
    expect((await api(t.client(), 'turmsanierung')).body.total).toBe(0);
    await updateDialogue(ctx, d.id, { ...input, public: false });
    expect((await api(t.client(), 'wasserturm')).body.total).toBe(0);
    const moderator = await apiClient(t, 'moderator', { areaIds: [kray] });
    expect((await api(moderator, 'turmsanierung')).body.hits.map((h) => h.id)).toEqual([d.id]);
  });

  it('the reindex rebuilds the modules’ documents, the legal pages included', async () => {
    expect((await api(t.client(), 'impressum')).body.total).toBe(0);
    const counts = await reindexTenant(db);
    expect(counts.page).toBe(5);
    expect(counts.offer).toBe(1);
    expect(counts.dialogue).toBeGreaterThanOrEqual(1);
    expect((await api(t.client(), 'impressum')).body.hits.map((h) => h.type)).toContain('page');
    // Rebuilt from the modules' data: the hand-made offer is gone, the cancelled one stays a staff document;
    // documents of types without a reindex (concerns) are kept.
    expect((await api(t.client(), 'sprachcafe')).body.hits.map((h) => h.id)).not.toContain('o-pub');
    expect((await api(t.client(), 'quartiersknopf')).body.total).toBe(0);
    const coordinator = await apiClient(t, 'coordinator');
    expect((await api(coordinator, 'quartiersknopf')).body.total).toBe(1);
    expect((await api(coordinator, 'zaunbau')).body.hits.map((h) => h.id).sort()).toEqual(['c-staff']);
  });
});
