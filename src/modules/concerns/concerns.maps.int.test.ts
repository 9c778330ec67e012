/**
 * Concern maps and the public number year on a real database (SQLite and PostgreSQL):
 * - the public map per programme area shows published, located concerns only — never hidden, merged or redacted
 *   ones, never contact data — with outlines, support/category/status in the names, clusters as plain links;
 * - the staff map honours the inbox filter and the user's scope (area staff, department staff);
 * - the intake form offers the location picker (island, fills f-lat/f-lon) but works without it;
 * - the number year is the Berlin calendar year (00:30 on 1 January in Germany is already the new year).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { signedInClient } from '../../../test/support/auth';
import { getAreaBySlug, seedTerritory } from '../territory';
import { editConcern, findConcernByNumber, mergeConcerns, redactConcern, supportConcern, transitionConcern } from './index';
import { listPublicMapPoints, listStaffMapPoints } from './concerns.service';
import { KARNAP, KRAY, categoryId, ctxFor, makeConcern, principal } from './test/factories';

let t: TestApp;
let db: TenantDb<any>;
let krayId: string;
let karnapId: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  db = forTenant(t.handle.db, t.tenant.id);
  krayId = (await getAreaBySlug(db, 'kray'))!.id;
  karnapId = (await getAreaBySlug(db, 'karnap'))!.id;
});
afterAll(async () => {
  await t?.close();
});

const admin = () => ctxFor(t, principal('admin'), { mail: true });

/** The markup of one map (the svg with this id). */
function svgOf(html: string, id = 'concern-map'): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return '';
  const open = html.lastIndexOf('<svg', start);
  return html.slice(open, html.indexOf('</svg>', start) + 6);
}

describe('public number year', () => {
  it('uses the calendar year in Europe/Berlin: 00:30 on 1 January in Germany gets the new year', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2030-12-31T23:30:00Z')); // 00:30 on 1 January 2031 in Berlin
      const c = await makeConcern(t, { description: 'Silvestermüll an der Ecke.' });
      expect(c.number).toMatch(/^2031-\d{6}$/);
      vi.setSystemTime(new Date('2030-12-31T22:30:00Z')); // 23:30 on 31 December in Berlin
      const d = await makeConcern(t, { description: 'Noch im alten Jahr gemeldet.' });
      expect(d.number).toMatch(/^2030-\d{6}$/);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('public map', () => {
  it('shows published, located concerns of the area with outlines — never hidden, merged, redacted or private data', async () => {
    const visible = await makeConcern(t, { ...KRAY, name: 'Karla Kartentest', email: 'karla@example.test', description: 'Sperrmüll neben dem Glascontainer an der Ecke.' });
    await supportConcern(db, visible.number, { fingerprint: 'fp-map-1', ipHash: 'ip-1' });
    const hidden = await makeConcern(t, { lat: KRAY.lat + 0.001, lon: KRAY.lon });
    await editConcern(admin(), hidden.id, { public: false });
    const redacted = await makeConcern(t, { lat: KRAY.lat + 0.002, lon: KRAY.lon, address: 'Vor meinem Haus, Musterweg 3' });
    await redactConcern(admin(), redacted.id, { address: true });
    const dup = await makeConcern(t, { lat: KRAY.lat - 0.001, lon: KRAY.lon });
    await mergeConcerns(admin(), dup.id, visible.id);
    const resolved = await makeConcern(t, { lat: KRAY.lat - 0.0004, lon: KRAY.lon + 0.0004, categoryKey: 'green_spaces' });
    await transitionConcern(admin(), resolved.id, { to: 'in_progress' });
    await transitionConcern(admin(), resolved.id, { to: 'resolved' });
    const noPoint = await makeConcern(t, { lat: null, lon: null, districtNumber: (await findConcernByNumber(db, visible.number))!.districtNumber! });
    const karnap = await makeConcern(t, KARNAP);

    const rows = (await listPublicMapPoints(db, { areaId: krayId })).rows.map((r) => r.number);
    expect(rows).toContain(visible.number);
    expect(rows).toContain(resolved.number);
    for (const n of [hidden.number, redacted.number, dup.number, noPoint.number, karnap.number]) expect(rows).not.toContain(n);

    const anon = t.client();
    const res = await anon.get(`/concerns?area=${krayId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const svg = svgOf(html);
    expect(svg).toContain('Anliegen in Kray auf der Karte');
    // Outlines: the area and its Stadtteile (tinted) — drawn, with their names.
    expect(svg).toMatch(/class="q-map__area"/);
    expect(svg).toMatch(/class="q-map__district q-map__district--member"/);
    // Points (or the clusters that contain them), with support, category and status in the accessible names.
    const zoomed = svg.includes(`/concerns/${visible.number}`) ? html : await (await anon.get(`/concerns?area=${krayId}&bbox=${KRAY.lon - 0.001},${KRAY.lat - 0.001},${KRAY.lon + 0.001},${KRAY.lat + 0.001}`)).text();
    const zsvg = svgOf(zoomed);
    expect(zsvg).toContain(`href="/concerns/${visible.number}"`);
    expect(zsvg).toContain(`aria-label="Anliegen ${visible.number}, Vermüllung und wilde Müllkippen · Eingegangen · 2 Unterstützungen"`);
    expect(zsvg).toMatch(/q-map-point--closed/);
    for (const n of [hidden.number, redacted.number, dup.number, karnap.number]) expect(zsvg).not.toContain(n);
    // The list alternative is the page's table, linked from the caption; no private data anywhere.
    expect(html).toContain('href="#concern-list"');
    expect(html).toContain('id="concern-list"');
    for (const page of [html, zoomed]) {
      expect(page).not.toContain('Karla');
      expect(page).not.toContain('karla@example.test');
      expect(page).not.toContain('Musterweg');
    }
  });

  it('clusters dense points into plain links that zoom in (no JavaScript needed), keeping the filter', async () => {
    const cat = await categoryId(t, 'littering');
    for (let i = 0; i < 8; i++) await makeConcern(t, { lat: KRAY.lat + (i % 4) * 0.0002, lon: KRAY.lon + Math.floor(i / 4) * 0.0002, description: `Dichter Punkt ${i}` });
    const anon = t.client();
    const html = await (await anon.get(`/concerns?area=${krayId}&category=${cat}&offset=25`)).text();
    const svg = svgOf(html);
    const m = /<a href="([^"]+)" class="q-map-cluster" aria-label="(\d+) Anliegen in diesem Bereich – Ausschnitt vergrößern"/.exec(svg);
    expect(m, svg.slice(0, 400)).not.toBeNull();
    const href = m![1]!.replaceAll('&amp;', '&');
    expect(href).toMatch(/^\/concerns\?area=[^&]+&category=[^&#]+&bbox=[-0-9.,]+#concern-map$/);
    expect(href).not.toContain('offset');
    const zoomed = await anon.get(href.split('#')[0]!);
    expect(zoomed.status).toBe(200);
    const zhtml = await zoomed.text();
    expect(zhtml).toContain('Ganze Karte zeigen');
    expect(svgOf(zhtml)).toMatch(/class="q-map-point /);
  });

  it('shows the whole city without an area, each programme area linking to its own map', async () => {
    const html = await (await t.client().get('/concerns')).text();
    const svg = svgOf(html);
    expect(svg).toContain('Anliegen auf der Karte');
    expect(svg).toContain(`href="/concerns?area=${krayId}#concern-map"`);
    expect(svg).toContain('aria-label="Kray"');
  });
});

describe('staff map', () => {
  it('honours the inbox filter and the scope of area and department staff', async () => {
    const kray = await makeConcern(t, { ...KRAY, description: 'Im Stab sichtbar: Kray.' });
    const karnap = await makeConcern(t, { ...KARNAP, description: 'Im Stab sichtbar: Karnap.' });
    const hidden = await makeConcern(t, { lat: KARNAP.lat + 0.001, lon: KARNAP.lon });
    await editConcern(admin(), hidden.id, { public: false });
    await transitionConcern(admin(), karnap.id, { to: 'forwarded', department: 'Grünflächenamt' });

    // Service: a Karnap district worker sees Karnap (also hidden ones), not Kray; department staff only what was forwarded.
    const worker = ctxFor(t, principal('district_worker', { areaIds: [karnapId], id: 'usr_mapworker' }));
    const seen = (await listStaffMapPoints(worker, {})).rows.map((r) => r.number);
    expect(seen).toContain(karnap.number);
    expect(seen).toContain(hidden.number);
    expect(seen).not.toContain(kray.number);
    const dept = ctxFor(t, principal('department_staff', { department: 'Grünflächenamt', id: 'usr_mapdept' }));
    expect((await listStaffMapPoints(dept, {})).rows.map((r) => r.number)).toEqual([karnap.number]);
    expect((await listStaffMapPoints(worker, { status: 'received' })).rows.map((r) => r.number)).not.toContain(karnap.number);

    // Pages: the inbox has the map, its points link to the staff detail, the table is the list alternative.
    const coord = await signedInClient(t, 'coordinator');
    const html = await (await coord.get(`/staff/concerns?area=${karnapId}&status=forwarded`)).text();
    const svg = svgOf(html);
    expect(svg).toContain('Anliegen im Filter auf der Karte');
    expect(svg).toContain(`href="/staff/concerns/${karnap.id}"`);
    expect(svg).not.toContain(kray.id);
    expect(svg).not.toContain(hidden.id); // status filter: received
    expect(html).toContain('href="#f-ids"');
    const ds = await signedInClient(t, 'department_staff', { department: 'Grünflächenamt' });
    const dhtml = await (await ds.get('/staff/concerns')).text();
    expect(svgOf(dhtml)).toContain(`href="/staff/concerns/${karnap.id}"`);
    expect(svgOf(dhtml)).not.toContain(`/staff/concerns/${kray.id}`);
  });
});

describe('intake map', () => {
  it('offers the location picker (filling f-lat/f-lon) while address, Stadtteil or a point each work alone', async () => {
    const anon = t.client();
    const form = await (await anon.get('/concerns/new')).text();
    const svg = svgOf(form, 'concern-pick');
    expect(svg).toContain('data-q-pick="f-lat f-lon"');
    expect(svg).not.toContain('<a ');
    expect(form).toMatch(/<input[^>]*id="f-lat"[^>]*name="lat"/);
    expect(form).toMatch(/<input[^>]*id="f-lon"[^>]*name="lon"/);
    expect(form).toMatch(/<script type="module" src="\/static\/islands\/map\.[0-9a-z]+\.js"/);
    const cat = await categoryId(t, 'traffic');
    const byPoint = await anon.post('/concerns', { categoryId: cat, description: 'Ampel am Kreisverkehr ist dauernd rot.', lat: String(KRAY.lat), lon: String(KRAY.lon), skipDuplicates: '1' });
    expect(byPoint.status).toBe(303);
    const c = (await findConcernByNumber(db, byPoint.headers.get('location')!.split('/').pop()!))!;
    expect(c).toMatchObject({ lat: KRAY.lat, lon: KRAY.lon, areaId: krayId });
    const byDistrict = await anon.post('/concerns', { categoryId: cat, description: 'Schlaglöcher überall im Stadtteil.', districtNumber: String(c.districtNumber), lat: '', lon: '', skipDuplicates: '1' });
    expect(byDistrict.status).toBe(303);
    // A point outside the city is reported on the latitude field, which the summary links to.
    const outside = await anon.post('/concerns', { categoryId: cat, description: 'Irgendwo.', lat: '48.1', lon: '11.5', skipDuplicates: '1' });
    expect(outside.status).toBe(422);
    const body = await outside.text();
    expect(body).toContain('href="#f-lat"');
    expect(body).toMatch(/id="f-lat"[^>]*value="48.1"/);
  });
});
