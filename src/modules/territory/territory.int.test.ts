/**
 * Territory on a real database (SQLite and PostgreSQL): the Essen seed, public pages, the JSON API, staff pages with
 * validation, scope and audit, the lookup index after edits, and tenant isolation. Seeded once for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, type AuditTables } from '../../platform/audit';
import { fromJson, toJson } from '../../platform/db/dialect';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { areas as areaDirectory } from '../../platform/directory';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { apiClient, signedInClient } from '../../../test/support/auth';
import { getAreaBySlug, listAreas, listTopics, lookupPoint, lookupStreet, seedTerritory, updateArea } from './index';
import { bumpRevision, type Db } from './territory.queries';
import type { ServiceContext } from '../../platform/http/context';

let t: TestApp;
let db: TenantDb<any>;
let seedLines: string[];

const KARNAP = { lat: 51.52, lon: 7.005 };
const RUETTENSCHEID = { lat: 51.4309, lon: 7.0047 };
const STEELE = { lat: 51.448, lon: 7.077 };

beforeAll(async () => {
  t = await createTestApp();
  seedLines = await seedTerritory(t.handle.db, t.tenant.id);
  db = forTenant(t.handle.db, t.tenant.id);
});
afterAll(async () => t?.close());

async function count(table: string, tenantId = t.tenant.id): Promise<number> {
  const r = await t.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenantId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

async function audits(entityType: string, entityId?: string) {
  return (await listAudit(db as unknown as TenantDb<AuditTables>, { entityType, entityId, limit: 100 })).entries;
}

async function areaId(slug: string): Promise<string> {
  return (await getAreaBySlug(db, slug))!.id;
}

describe('seed', () => {
  it('loads 9 Stadtbezirke, 50 Stadtteile, the street list, 4 programme areas, 2 funding periods and the topics', async () => {
    expect(await count('territory_boroughs')).toBe(9);
    expect(await count('territory_districts')).toBe(50);
    expect(await count('territory_streets')).toBeGreaterThanOrEqual(3300);
    expect(await count('territory_areas')).toBe(4);
    expect(await count('territory_funding_periods')).toBe(2);
    expect(await count('territory_topics')).toBe(14);
    expect(seedLines).toContain('Stadtteile: 50 (neu: 50)');
    const karnap = await getAreaBySlug(db, 'karnap');
    expect(karnap?.districts.map((d) => [d.number, d.name, d.coverage])).toEqual([[40, 'Karnap', 'full']]);
    expect(karnap?.office).toMatchObject({ name: 'Stadtteilbüro Karnap', street: 'Karnaper Straße 100', postcode: null, opened: '2020-09-08' });
    const bh = await getAreaBySlug(db, 'bergmannsfeld-hoersterfeld');
    expect(bh?.kind).toBe('polygon');
    expect(bh?.boundaryApproximate).toBe(true);
    expect(bh?.notes).toMatch(/UNGEFÄHRE GRENZE/);
    expect(bh?.districts.map((d) => `${d.name}:${d.coverage}`)).toEqual(['Freisenbruch:partial', 'Horst:partial']);
  });

  it('is idempotent and leaves staff edits alone', async () => {
    const lines = await seedTerritory(t.handle.db, t.tenant.id);
    expect(lines.filter((l) => !/neu:? 0\)?$/.test(l))).toEqual([]);
    expect(await count('territory_streets')).toBe(3354);
    expect(await count('territory_areas')).toBe(4);
    expect(await count('territory_topics')).toBe(14);
  });

  it('keeps the other tenant empty (tenant isolation)', async () => {
    const other = forTenant(t.handle.db, t.other.id);
    expect(await listAreas(other)).toEqual([]);
    expect(await count('territory_districts', t.other.id)).toBe(0);
    expect(await count('territory_streets', t.other.id)).toBe(0);
    expect((await lookupPoint(other, KARNAP.lat, KARNAP.lon)).district).toBeNull();
    const res = await t.client('other.test').get('/api/v1/areas');
    expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
    const page = await (await t.client('other.test').get('/areas')).text();
    expect(page).not.toContain('Karnap');
  });

  it('lists the areas through the platform directory hook', async () => {
    const list = await areaDirectory().listAreas(db);
    expect(list.map((a) => a.slug).sort()).toEqual(['bergmannsfeld-hoersterfeld', 'frohnhausen', 'karnap', 'kray']);
  });
});

describe('lookups', () => {
  it('maps a point to Stadtteil, Stadtbezirk and programme area', async () => {
    const r = await lookupPoint(db, KARNAP.lat, KARNAP.lon);
    expect(r.district).toMatchObject({ number: 40, name: 'Karnap' });
    expect(r.borough).toMatchObject({ number: 5, roman: 'V' });
    expect(r.areas.map((a) => a.slug)).toEqual(['karnap']);
    const r2 = await lookupPoint(db, RUETTENSCHEID.lat, RUETTENSCHEID.lon);
    expect(r2.district?.name).toBe('Rüttenscheid');
    expect(r2.areas).toEqual([]);
  });

  it('maps a street to one Stadtteil or to every candidate, never a guess', async () => {
    const one = await lookupStreet(db, 'Karnaper Str. 100');
    expect(one.match).toBe('exact');
    expect(one.streets.map((s) => s.name)).toEqual(['Karnaper Straße']);
    expect(one.candidateDistricts).toEqual([{ number: 40, name: 'Karnap' }]);
    const two = await lookupStreet(db, 'ruettenscheider strasse');
    expect(two.match).toBe('exact');
    expect(two.candidateDistricts.map((d) => d.name)).toEqual(['Südviertel', 'Rüttenscheid']);
    const prefix = await lookupStreet(db, 'Karnaper');
    expect(prefix.match).toBe('prefix');
    expect(prefix.streets.map((s) => s.name)).toEqual(['Karnaper Markt', 'Karnaper Straße']);
    const none = await lookupStreet(db, 'Gibtsnichtweg');
    expect(none).toMatchObject({ match: 'none', streets: [], candidateDistricts: [] });
  });
});

describe('public pages', () => {
  it('lists the programme areas with their offices and an overview map', async () => {
    const res = await t.client().get('/areas');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="de"');
    expect(html).toContain('Die Quartiere in Essen');
    for (const name of ['Kray', 'Karnap', 'Frohnhausen', 'Bergmannsfeld / Hörsterfeld', 'Stadtteilbüro Kray', 'Heinrich-Sense-Weg 25', '45307 Essen']) expect(html).toContain(name);
    expect(html).toContain('role="img"');
    expect(html).toContain('<title id="map-overview-title">Karte der Quartiere in Essen</title>');
    expect(html).toContain('href="/areas/bergmannsfeld-hoersterfeld"');
  });

  it('shows one area: what it is, its Stadtteile, office, funding and an accessible SVG outline', async () => {
    const res = await t.client().get('/areas/karnap');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1 class="kern-heading-x-large">Karnap</h1>');
    expect(html).toContain('Stadtteilbüro Karnap');
    expect(html).toContain('Karnaper Straße 100');
    expect(html).toContain('Eröffnet am 08.09.2020');
    expect(html).toContain('Alfred Krupp von Bohlen und Halbach-Stiftung');
    expect(html).toContain('seit 01.01.2022');
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="map-area-title map-area-desc"/);
    expect(html).toContain('<title id="map-area-title">Umriss des Quartiers Karnap</title>');
    expect(html).toContain('Das Quartier liegt in: Karnap.');
    expect(html).toMatch(/<ul class="kern-list" id="area-districts"><li>Karnap/);
    expect(html).toContain('class="q-map__area"');
  });

  it('marks the approximate boundary of Bergmannsfeld / Hörsterfeld', async () => {
    const html = await (await t.client().get('/areas/bergmannsfeld-hoersterfeld')).text();
    expect(html).toContain('Grenze ungefähr');
    expect(html).toContain('Freisenbruch (teilweise)');
    expect(html).toContain('Horst (teilweise)');
    expect(html).toContain('Erasmusstraße 2a');
  });

  it('answers an unknown area with 404', async () => {
    expect((await t.client().get('/areas/gibt-es-nicht')).status).toBe(404);
  });

  it('names the data sources with the exact attributions', async () => {
    const res = await t.client().get('/sources');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Datenquelle: Stadt Essen, opendata.essen.de, Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0), verändert');
    expect(html).toContain('href="https://www.govdata.de/dl-de/by-2-0"');
    expect(html).toContain('Essener Straßenverzeichnis (rodouc6/essener-strassen, CC BY 4.0), nach Erwin Dickhoff: Essener Straßen, Klartext 2015; bearbeitet');
    expect(html).toContain('allgemeinem Wissen');
    expect(html).toContain('3.354 Straßen');
    // In English the legal attribution stays verbatim.
    const en = await (await t.client().get('/sources?lang=en')).text();
    expect(en).toContain('Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0), verändert');
    expect(en).toContain('Data sources and licences');
  });
});

describe('JSON API', () => {
  it('lists districts, boroughs, areas and topics', async () => {
    const c = t.client();
    const districts = (await (await c.get('/api/v1/districts')).json()) as { items: { number: number; name: string; geometry?: unknown; borough: { roman: string } }[] };
    expect(districts.items).toHaveLength(50);
    expect(districts.items.find((d) => d.number === 40)).toMatchObject({ name: 'Karnap', borough: { roman: 'V' } });
    expect(districts.items[0]!.geometry).toBeUndefined();
    const withGeometry = (await (await c.get('/api/v1/districts?geometry=1')).json()) as { items: { geometry: { type: string } }[] };
    expect(withGeometry.items[0]!.geometry.type).toBe('Polygon');
    const boroughs = (await (await c.get('/api/v1/boroughs')).json()) as { items: unknown[] };
    expect(boroughs.items).toHaveLength(9);
    const areas = (await (await c.get('/api/v1/areas')).json()) as { items: { slug: string }[] };
    expect(areas.items.map((a) => a.slug)).toContain('karnap');
    const karnap = (await (await c.get('/api/v1/areas/karnap')).json()) as { geometry: { type: string }; funding: unknown[]; office: { name: string } };
    expect(karnap.geometry.type).toBe('MultiPolygon');
    expect(karnap.funding).toHaveLength(2);
    expect(karnap.office.name).toBe('Stadtteilbüro Karnap');
    const topics = (await (await c.get('/api/v1/topics')).json()) as { items: { key: string; labels: { de: string; ar: string } }[] };
    expect(topics.items.map((x) => x.key)).toEqual(expect.arrayContaining(['integration', 'participation', 'cleanliness', 'neighbourhood_development', 'youth', 'mobility']));
    expect(topics.items.find((x) => x.key === 'cleanliness')?.labels).toMatchObject({ de: 'Sauberkeit', ar: 'النظافة' });
    expect((await c.get('/api/v1/areas/gibt-es-nicht')).status).toBe(404);
  });

  it('looks up points and streets', async () => {
    const c = t.client();
    const p = (await (await c.get(`/api/v1/lookup/point?lat=${KARNAP.lat}&lon=${KARNAP.lon}`)).json()) as { district: { number: number }; areas: { slug: string }[] };
    expect(p.district.number).toBe(40);
    expect(p.areas.map((a) => a.slug)).toEqual(['karnap']);
    const outside = (await (await c.get('/api/v1/lookup/point?lat=51.2277&lon=6.7735')).json()) as { district: null; areas: [] };
    expect(outside).toMatchObject({ district: null, borough: null, areas: [] });
    const s = (await (await c.get(`/api/v1/lookup/street?name=${encodeURIComponent('Rüttenscheider Straße')}`)).json()) as { match: string; candidateDistricts: { number: number }[] };
    expect(s.match).toBe('exact');
    expect(s.candidateDistricts.map((d) => d.number)).toEqual([5, 10]);
  });

  it('answers bad input with 422 problem+json naming the field', async () => {
    const c = t.client();
    for (const [url, field] of [
      ['/api/v1/lookup/point?lat=abc&lon=7', 'lat'],
      ['/api/v1/lookup/point?lat=51.5', 'lon'],
      ['/api/v1/lookup/point?lat=91&lon=7', 'lat'],
      ['/api/v1/lookup/street?name=x', 'name'],
    ] as const) {
      const res = await c.get(url);
      expect(res.status, url).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = (await res.json()) as { code: string; errors: { field: string }[] };
      expect(body.code).toBe('validation_failed');
      expect(body.errors.map((e) => e.field)).toContain(field);
    }
  });

  it('creates and changes areas only with the right token and scope', async () => {
    const anonymous = await t.client().json('POST', '/api/v1/areas', { name: 'X', slug: 'x', kind: 'districts', districtNumbers: [34] });
    expect(anonymous.status).toBe(401);

    const coordinator = await apiClient(t, 'coordinator');
    const created = await coordinator.json('POST', '/api/v1/areas', {
      name: 'Steele Test',
      slug: 'steele-test',
      kind: 'districts',
      districtNumbers: [34],
      office: { name: 'Büro Steele', postcode: '45276' },
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; districts: { name: string }[]; office: { postcode: string } };
    expect(body.districts.map((d) => d.name)).toEqual(['Steele']);
    expect(body.office.postcode).toBe('45276');
    // The lookup index is rebuilt after the edit.
    expect((await lookupPoint(db, STEELE.lat, STEELE.lon)).areas.map((a) => a.slug)).toEqual(['steele-test']);

    const bad = await coordinator.json('POST', '/api/v1/areas', {
      name: 'Irgendwo',
      slug: 'Irgend Wo',
      kind: 'polygon',
      geometry: { type: 'Polygon', coordinates: [[[51.5, 7.0], [51.6, 7.0], [51.6, 7.1], [51.5, 7.0]]] },
      office: { postcode: '123' },
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await bad.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['slug', 'office.postcode']));

    const outside = await coordinator.json('POST', '/api/v1/areas', {
      name: 'Vertauscht',
      slug: 'vertauscht',
      kind: 'polygon',
      geometry: { type: 'Polygon', coordinates: [[[51.5, 7.0], [51.6, 7.0], [51.6, 7.1], [51.5, 7.0]]] },
    });
    expect(outside.status).toBe(422);
    const outsideBody = (await outside.json()) as { errors: { field: string; code: string; message: string }[] };
    expect(outsideBody.errors).toEqual([expect.objectContaining({ field: 'geometry', code: 'territory.error.geometryOutside' })]);
    expect(outsideBody.errors[0]!.message).toContain('51.50000, 7.00000');
    expect(await count('territory_areas')).toBe(5);

    const viewer = await apiClient(t, 'viewer');
    expect((await viewer.json('PATCH', '/api/v1/areas/karnap', { description: 'x' })).status).toBe(403);
    const kray = await apiClient(t, 'coordinator', { areaIds: [await areaId('kray')] });
    expect((await kray.json('PATCH', '/api/v1/areas/karnap', { description: 'x' })).status).toBe(403);
    const karnapCoordinator = await apiClient(t, 'coordinator', { areaIds: [await areaId('karnap')] });
    const patched = await karnapCoordinator.json('PATCH', '/api/v1/areas/karnap', { office: { postcode: '45329' } });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { office: { postcode: string; name: string } }).office).toMatchObject({ postcode: '45329', name: 'Stadtteilbüro Karnap' });
    const entries = await audits('territory_area', await areaId('karnap'));
    expect(entries[0]).toMatchObject({ action: 'update', actorId: karnapCoordinator.user.id, changes: { officePostcode: { from: null, to: '45329' } } });
  });
});

describe('staff pages', () => {
  it('sends anonymous visitors to the login and shows the list to every staff role', async () => {
    const anon = await t.client().get('/staff/territory/areas');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toContain('/login?next=');
    const viewer = await signedInClient(t, 'viewer');
    const list = await viewer.get('/staff/territory/areas');
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('Karnap');
    expect(html).not.toContain('Neues Quartier anlegen');
    expect(html).not.toContain('/staff/territory/areas/');
    expect((await viewer.get('/staff/territory/districts')).status).toBe(200);
    expect((await viewer.get('/staff/territory/topics')).status).toBe(403);
    expect((await viewer.get('/staff/territory/areas/new')).status).toBe(403);
  });

  it('creates an area from the form, and re-renders bad input with 422 and changes nothing', async () => {
    const coordinator = await signedInClient(t, 'coordinator');
    const form = await coordinator.get('/staff/territory/areas/new');
    expect(form.status).toBe(200);
    const before = await count('territory_areas');

    const bad = await coordinator.post('/staff/territory/areas', { name: 'Altenessen Süd', slug: 'Altenessen Süd', kind: 'districts', officePostcode: '4530' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="error-summary"');
    expect(html).toContain('href="#f-slug"');
    expect(html).toContain('href="#f-districtNumbers"');
    expect(html).toContain('href="#f-officePostcode"');
    expect(html).toContain('Bitte wählen Sie mindestens einen Stadtteil aus.');
    expect(html).toContain('value="Altenessen Süd"');
    expect(await count('territory_areas')).toBe(before);

    const taken = await coordinator.post('/staff/territory/areas', { name: 'Noch ein Karnap', slug: 'karnap', kind: 'districts', districtNumbers: '40' });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('Diesen Kurznamen hat schon ein anderes Quartier.');

    const ok = await coordinator.post('/staff/territory/areas', {
      name: 'Altenessen-Süd',
      slug: 'altenessen-sued',
      kind: 'districts',
      districtNumbers: ['25', '24'],
      officeCity: 'Essen',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/staff/territory/areas');
    const area = await getAreaBySlug(db, 'altenessen-sued');
    expect(area?.districts.map((d) => d.number)).toEqual([24, 25]);
    const entries = await audits('territory_area', area!.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'create', actorId: coordinator.user.id, changes: { slug: { from: null, to: 'altenessen-sued' }, districts: { from: null, to: '24, 25' } } });
    const notice = await coordinator.get('/staff/territory/areas');
    expect(await notice.text()).toContain('Das Quartier wurde angelegt.');
  });

  it('edits an area; a bad polygon gives 422 with a clear message and changes nothing; every write is audited old → new', async () => {
    const admin = await signedInClient(t, 'admin');
    const id = await areaId('frohnhausen');
    const page = await admin.get(`/staff/territory/areas/${id}/edit`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('value="frohnhausen"');
    expect(html).toContain('Stadtteilbüro Frohnhausen');
    const before = await getAreaBySlug(db, 'frohnhausen');
    const base = { name: 'Frohnhausen', slug: 'frohnhausen', kind: 'polygon', description: before!.description ?? '', notes: before!.notes ?? '', officeName: 'Stadtteilbüro Frohnhausen', officeStreet: 'Mülheimer Straße 56', officeCity: 'Essen', officeOpened: '2021-07-08' };

    const bowTie = JSON.stringify({ type: 'Polygon', coordinates: [[[6.96, 51.44], [6.97, 51.45], [6.97, 51.44], [6.96, 51.45], [6.96, 51.44]]] });
    const crossed = await admin.post(`/staff/territory/areas/${id}`, { ...base, geometry: bowTie });
    expect(crossed.status).toBe(422);
    const crossedHtml = await crossed.text();
    expect(crossedHtml).toContain('Die Grenze überschneidet sich selbst.');
    expect(crossedHtml).toContain('href="#f-geometry"');
    expect(crossedHtml).toContain('&quot;Polygon&quot;'); // the input is kept

    const notJson = await admin.post(`/staff/territory/areas/${id}`, { ...base, geometry: '{"type": "Polygon"' });
    expect(notJson.status).toBe(422);
    expect(await notJson.text()).toContain('Die Grenze ist kein gültiges JSON.');

    const dortmund = JSON.stringify({ type: 'Polygon', coordinates: [[[7.46, 51.51], [7.47, 51.51], [7.47, 51.52], [7.46, 51.51]]] });
    const outside = await admin.post(`/staff/territory/areas/${id}`, { ...base, geometry: dortmund });
    expect(outside.status).toBe(422);
    expect(await outside.text()).toContain('Die Grenze muss in der Stadt liegen. Der Punkt 7.46000, 51.51000 liegt außerhalb.');
    expect(await getAreaBySlug(db, 'frohnhausen')).toEqual(before);

    const inFrohnhausen = JSON.stringify({ type: 'Polygon', coordinates: [[[6.96, 51.44], [6.975, 51.44], [6.975, 51.45], [6.96, 51.45], [6.96, 51.44]]] });
    const ok = await admin.post(`/staff/territory/areas/${id}`, { ...base, geometry: inFrohnhausen, boundaryApproximate: '1', officePostcode: '45145' });
    expect(ok.status).toBe(303);
    const after = await getAreaBySlug(db, 'frohnhausen');
    expect(after?.kind).toBe('polygon');
    expect(after?.districts.map((d) => `${d.name}:${d.coverage}`)).toContain('Frohnhausen:partial');
    const [entry] = await audits('territory_area', id);
    expect(entry).toMatchObject({ action: 'update', actorId: admin.user.id });
    expect(entry!.changes.kind).toEqual({ from: 'districts', to: 'polygon' });
    expect(entry!.changes.officePostcode).toEqual({ from: null, to: '45145' });
    expect(entry!.changes.boundaryApproximate).toEqual({ from: false, to: true });
    expect(String(entry!.changes.geometry?.to)).toMatch(/^Polygon, 5 points/);
    expect(entry!.changes.description).toBeUndefined();
  });

  it('refuses a coordinator scoped to Kray on Karnap (403) and changes nothing', async () => {
    const krayId = await areaId('kray');
    const karnapId = await areaId('karnap');
    const kray = await signedInClient(t, 'coordinator', { areaIds: [krayId] });
    expect((await kray.get(`/staff/territory/areas/${krayId}/edit`)).status).toBe(200);
    const before = await getAreaBySlug(db, 'karnap');
    expect((await kray.get(`/staff/territory/areas/${karnapId}/edit`)).status).toBe(403);
    const post = await kray.post(`/staff/territory/areas/${karnapId}`, { name: 'Karnap neu', slug: 'karnap', kind: 'districts', districtNumbers: '40' });
    expect(post.status).toBe(403);
    expect(await getAreaBySlug(db, 'karnap')).toEqual(before);
    // The list offers editing only for Kray.
    const list = await (await kray.get('/staff/territory/areas')).text();
    expect(list).toContain(`/staff/territory/areas/${krayId}/edit`);
    expect(list).not.toContain(`/staff/territory/areas/${karnapId}/edit`);
  });

  it('manages funding periods with validation and audit', async () => {
    const coordinator = await signedInClient(t, 'coordinator');
    expect((await coordinator.get('/staff/territory/funding')).status).toBe(200);
    await coordinator.get('/staff/territory/funding/new');
    const bad = await coordinator.post('/staff/territory/funding', { funder: 'Land NRW', startDate: '2026-01-01', endDate: '2025-12-31' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Das Ende darf nicht vor dem Beginn liegen.');
    expect(await count('territory_funding_periods')).toBe(2);
    const ok = await coordinator.post('/staff/territory/funding', { funder: 'Land NRW', kind: 'Landesprogramm', startDate: '2026-01-01', endDate: '2027-12-31', areaId: await areaId('kray') });
    expect(ok.status).toBe(303);
    const [entry] = await audits('territory_funding_period');
    expect(entry).toMatchObject({ action: 'create', changes: { funder: { from: null, to: 'Land NRW' } } });
    // Shown on Kray's page, not on Karnap's.
    expect(await (await t.client().get('/areas/kray')).text()).toContain('Land NRW');
    expect(await (await t.client().get('/areas/karnap')).text()).not.toContain('Land NRW');
    const edit = await coordinator.get(`/staff/territory/funding/${entry!.entityId}/edit`);
    expect(edit.status).toBe(200);
    const changed = await coordinator.post(`/staff/territory/funding/${entry!.entityId}`, { funder: 'Land Nordrhein-Westfalen', kind: 'Landesprogramm', startDate: '2026-01-01', endDate: '2027-12-31' });
    expect(changed.status).toBe(303);
    const [update] = await audits('territory_funding_period', entry!.entityId);
    expect(update!.changes).toMatchObject({ funder: { from: 'Land NRW', to: 'Land Nordrhein-Westfalen' }, areaId: { from: await areaId('kray'), to: null } });
  });

  it('manages topics: create, duplicate key refused, edit, deactivate', async () => {
    const admin = await signedInClient(t, 'admin');
    await admin.get('/staff/territory/topics/new');
    const ok = await admin.post('/staff/territory/topics', { key: 'sport', labelDe: 'Sport und Bewegung', labelEn: 'Sport', labelAr: 'الرياضة', sortOrder: '200', active: '1' });
    expect(ok.status).toBe(303);
    const dup = await admin.post('/staff/territory/topics', { key: 'sport', labelDe: 'Sport' });
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain('Ein Thema mit diesem Schlüssel gibt es schon.');
    const badKey = await admin.post('/staff/territory/topics', { key: '1-Sport!', labelDe: '' });
    expect(badKey.status).toBe(422);
    const sport = (await listTopics(db)).find((x) => x.key === 'sport')!;
    expect(sport.labels).toEqual({ de: 'Sport und Bewegung', en: 'Sport', ar: 'الرياضة' });

    await admin.get(`/staff/territory/topics/${sport.id}/edit`);
    expect((await admin.post(`/staff/territory/topics/${sport.id}`, { labelDe: 'Sport', labelEn: 'Sport', labelAr: 'الرياضة', sortOrder: '5', active: '1' })).status).toBe(303);
    await admin.get('/staff/territory/topics');
    expect((await admin.post(`/staff/territory/topics/${sport.id}/active`, { active: '0' })).status).toBe(303);
    const api = (await (await t.client().get('/api/v1/topics')).json()) as { items: { key: string }[] };
    expect(api.items.map((x) => x.key)).not.toContain('sport');
    const all = (await (await t.client().get('/api/v1/topics?all=1')).json()) as { items: { key: string; active: boolean }[] };
    expect(all.items.find((x) => x.key === 'sport')?.active).toBe(false);
    const entries = await audits('territory_topic', sport.id);
    expect(entries.map((e) => e.action)).toEqual(['deactivate', 'update', 'create']);
    expect(entries[1]!.changes).toMatchObject({ labelDe: { from: 'Sport und Bewegung', to: 'Sport' }, sortOrder: { from: 200, to: 5 } });
  });
});

describe('lookup index across processes', () => {
  it('rebuilds when another process bumped the territory revision', async () => {
    const ctx: ServiceContext = { tenant: { id: t.tenant.id, slug: 'essen', name: 'Essen', defaultLocale: 'de' }, db, user: null, requestId: null, dialect: t.handle.dialect };
    // A write without any user is refused by the policy.
    await expect(updateArea(ctx, await areaId('kray'), { districtNumbers: [35, 34] })).rejects.toMatchObject({ status: 401 });
    expect((await lookupPoint(db, STEELE.lat, STEELE.lon)).areas.map((a) => a.slug)).toEqual(['steele-test']);
    // Simulate a write from another process: rows change and the revision is bumped; this process's cache is untouched.
    const krayId = await areaId('kray');
    const steele = (await lookupPoint(db, STEELE.lat, STEELE.lon)).district!;
    const shape = await db.selectFrom('territory_areas').select(['geometry', 'bbox']).where('slug', '=', 'steele-test').executeTakeFirstOrThrow();
    await db.insertInto('territory_area_districts').values({ area_id: krayId, district_id: steele.id, coverage: 'full' }).execute();
    await db.updateTable('territory_areas').set({ geometry: toJson(fromJson(shape.geometry, null)), bbox: toJson(fromJson(shape.bbox, null)) }).where('id', '=', krayId).execute();
    expect((await lookupPoint(db, STEELE.lat, STEELE.lon)).areas.map((a) => a.slug)).toEqual(['steele-test']);
    await bumpRevision(db as unknown as Db);
    expect((await lookupPoint(db, STEELE.lat, STEELE.lon)).areas.map((a) => a.slug).sort()).toEqual(['kray', 'steele-test']);
  });
});
