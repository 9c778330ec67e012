/**
 * The public concern map counted per grid cell in SQL and the area's total from the monthly roll-up (ADR 0031), on
 * SQLite and PostgreSQL, with hundreds of concerns in one programme area:
 * - every published, located concern of the area is counted once — none sampled — and hidden, merged, redacted and
 *   unlocated ones never; a concern alone in its cell comes with its map row;
 * - the total of the area (and of a status or category) equals a count over the concerns, also after a change;
 * - the portal's area page draws the clusters and points of all of them (their counts add up to the map's summary),
 *   names the total in its link and lists the newest, in German and English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { getAreaBySlug, seedTerritory } from '../territory';
import { editConcern, ensureCategories, listCategories, listPublicConcerns, mergeConcerns, redactConcern } from './index';
import { listPublicMapCells } from './concerns.service';
import { ctxFor, KRAY, makeConcern, principal } from './test/factories';

let t: TestApp;
let db: TenantDb<any>;
let krayId: string;
let categoryIds: string[];

/** The grid of the service tests: 0.002° × 0.00125° cells (about 140 m), and the centre of the cell around Kray's point. */
const GRID = { bbox: [6.95, 51.4, 7.2, 51.55] as [number, number, number, number], lonStep: 0.002, latStep: 0.00125 };
const cellCentre = (v: number, origin: number, step: number) => (Math.floor((v + origin) / step) + 0.5) * step - origin;
const SPOT = { lat: cellCentre(KRAY.lat, 90, GRID.latStep), lon: cellCentre(KRAY.lon, 180, GRID.lonStep) };
/** A lone concern, a few cells north-east of the dense spot. */
const LONE = { lat: SPOT.lat + 6 * GRID.latStep, lon: SPOT.lon + 6 * GRID.lonStep };

const DENSE = 150;
const SPREAD = 120;
const STATUSES = ['received', 'in_progress', 'resolved', 'rejected'] as const;

/** Inserts generated concerns in Kray in one statement (the roll-up triggers run as for any writer). */
async function insertConcerns(rows: { i: number; lat: number | null; lon: number | null; public?: boolean; status?: string; createdAt: string }[]): Promise<void> {
  await db
    .insertInto('concerns')
    .values(
      rows.map((r) => ({
        id: `con_gridtest${String(r.i).padStart(5, '0')}`,
        number: `2025-9${String(r.i).padStart(5, '0')}`,
        category_id: categoryIds[r.i % 2]!,
        description: `Erfundenes Anliegen ${r.i} für den Kartentest.`,
        answers: '{}',
        lat: r.lat,
        lon: r.lon,
        address: null,
        district_number: null,
        district_name: null,
        area_id: krayId,
        channel: 'web',
        status: r.status ?? STATUSES[r.i % STATUSES.length],
        public: r.public ?? true,
        support_count: r.i % 3,
        subscribed: false,
        created_at: r.createdAt,
        updated_at: r.createdAt,
      })) as never,
    )
    .execute();
}

/** Counts of the concerns table itself (the expectation, independent of the functions under test). */
async function countWhere(where: string): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from concerns where tenant_id = ${t.tenant.id} and area_id = ${krayId} and ${sql.raw(where)}`.execute(t.handle.db);
  return Number(r.rows[0]!.n);
}
const ON_MAP = `public = ${'true'} and lat is not null and lon is not null and status <> 'duplicate' and id not in (select concern_id from concern_events where kind = 'redaction')`;

let loneNumber: string;
let hiddenNumber: string;
let redactedNumber: string;
let dupNumber: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  db = forTenant(t.handle.db, t.tenant.id);
  krayId = (await getAreaBySlug(db, 'kray'))!.id;
  await ensureCategories(db);
  categoryIds = (await listCategories(db)).slice(0, 2).map((c) => c.id);
  const rows: Parameters<typeof insertConcerns>[0] = [];
  const day = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 3_600_000 * 7).toISOString();
  // A dense spot: DENSE concerns within ±0.0004° of one cell's centre (inside that cell).
  for (let i = 0; i < DENSE; i++) rows.push({ i, lat: SPOT.lat + ((i % 9) - 4) * 0.0001, lon: SPOT.lon + ((Math.floor(i / 9) % 9) - 4) * 0.0001, createdAt: day(i) });
  // Spread over Kray south of the spot, several per cell.
  for (let i = DENSE; i < DENSE + SPREAD; i++) rows.push({ i, lat: SPOT.lat - 0.006 + (i % 12) * 0.0004, lon: SPOT.lon - 0.008 + Math.floor((i - DENSE) / 12) * 0.0011, createdAt: day(i) });
  // Never on a public map: hidden, unlocated.
  for (let i = 400; i < 420; i++) rows.push({ i, lat: SPOT.lat, lon: SPOT.lon, public: false, createdAt: day(i) });
  for (let i = 420; i < 430; i++) rows.push({ i, lat: null, lon: null, createdAt: day(i) });
  await insertConcerns(rows);
  // Through the services: a lone concern, one hidden, one redacted (place removed), one merged duplicate.
  const admin = ctxFor(t, principal('admin'), { mail: true });
  loneNumber = (await makeConcern(t, LONE)).number;
  const hidden = await makeConcern(t, { lat: SPOT.lat + 0.0001, lon: SPOT.lon });
  await editConcern(admin, hidden.id, { public: false });
  hiddenNumber = hidden.number;
  const redacted = await makeConcern(t, { lat: SPOT.lat - 0.0001, lon: SPOT.lon, address: 'Vor meinem Haus, Musterweg 3' });
  await redactConcern(admin, redacted.id, { address: true });
  redactedNumber = redacted.number;
  const dup = await makeConcern(t, { lat: SPOT.lat, lon: SPOT.lon + 0.0001 });
  const target = await makeConcern(t, { lat: SPOT.lat + 0.004, lon: SPOT.lon + 0.004 });
  await mergeConcerns(admin, dup.id, target.id);
  dupNumber = dup.number;
});
afterAll(async () => {
  await t?.close();
});

describe('public map cells', () => {
  it('counts every published, located concern once per cell — never hidden, merged, redacted or unlocated ones', async () => {
    const cells = await listPublicMapCells(db, { areaId: krayId }, GRID);
    const expected = await countWhere(ON_MAP);
    expect(expected).toBe(DENSE + SPREAD + 2); // generated + the lone one + the merge target
    expect(cells.reduce((s, c) => s + c.count, 0)).toBe(expected);
    // One entry per cell; the members' box lies inside its cell.
    const keys = new Set<string>();
    for (const c of cells) {
      const kx = Math.floor((c.members[0] + 180) / GRID.lonStep);
      const ky = Math.floor((c.members[1] + 90) / GRID.latStep);
      expect(Math.floor((c.members[2] + 180) / GRID.lonStep)).toBe(kx);
      expect(Math.floor((c.members[3] + 90) / GRID.latStep)).toBe(ky);
      expect(c.lat).toBeGreaterThanOrEqual(c.members[1] - 1e-9);
      expect(c.lat).toBeLessThanOrEqual(c.members[3] + 1e-9);
      keys.add(`${kx}/${ky}`);
      expect(c.row === null).toBe(c.count > 1);
    }
    expect(keys.size).toBe(cells.length);
    // The dense spot is one cell with exactly its concerns (the hidden, redacted and merged ones there left out).
    const spot = cells.find((c) => c.lat > SPOT.lat - GRID.latStep / 2 && c.lat < SPOT.lat + GRID.latStep / 2 && c.lon > SPOT.lon - GRID.lonStep / 2 && c.lon < SPOT.lon + GRID.lonStep / 2);
    expect(spot?.count).toBe(DENSE);
    expect(spot?.weight).toBe(Array.from({ length: DENSE }, (_, i) => i % 3).reduce((a, b) => a + b, 0));
    // The lone concern is a cell of its own, with its map row; the left-out ones are nowhere.
    const lone = cells.find((c) => c.row?.number === loneNumber);
    expect(lone).toMatchObject({ count: 1, row: { number: loneNumber, status: 'received' } });
    const numbers = cells.map((c) => c.row?.number);
    for (const n of [hiddenNumber, redactedNumber, dupNumber]) expect(numbers).not.toContain(n);
  });

  it('honours the status filter and the box of the view', async () => {
    const open = await listPublicMapCells(db, { areaId: krayId, status: 'open' }, GRID);
    expect(open.reduce((s, c) => s + c.count, 0)).toBe(await countWhere(`${ON_MAP} and status in ('received','accepted','forwarded','in_progress')`));
    const box: [number, number, number, number] = [SPOT.lon - GRID.lonStep / 2, SPOT.lat - GRID.latStep / 2, SPOT.lon + GRID.lonStep / 2, SPOT.lat + GRID.latStep / 2];
    const inBox = await listPublicMapCells(db, { areaId: krayId }, { ...GRID, bbox: box });
    expect(inBox.reduce((s, c) => s + c.count, 0)).toBe(await countWhere(`${ON_MAP} and lat between ${box[1]} and ${box[3]} and lon between ${box[0]} and ${box[2]}`));
  });
});

describe('total of an area', () => {
  it('equals a count over the concerns — for the area, a status and a category — and follows changes', async () => {
    const total = await countWhere(`public = true`);
    expect(total).toBe(DENSE + SPREAD + 10 + 4); // unlocated ones count; the lone, redacted, merged and target ones too
    const all = await listPublicConcerns(db, { areaId: krayId, limit: 5 });
    expect(all.total).toBe(total);
    expect(all.items).toHaveLength(5);
    expect((await listPublicConcerns(db, { areaId: krayId, status: 'closed', limit: 1 })).total).toBe(await countWhere(`public = true and status in ('resolved','not_responsible','rejected','duplicate')`));
    expect((await listPublicConcerns(db, { areaId: krayId, categoryId: categoryIds[1], limit: 1 })).total).toBe(await countWhere(`public = true and category_id = '${categoryIds[1]}'`));
    const admin = ctxFor(t, principal('admin'));
    const lone = (await listPublicConcerns(db, { areaId: krayId, limit: 1 })).items[0]!;
    await editConcern(admin, lone.id, { public: false });
    expect((await listPublicConcerns(db, { areaId: krayId, limit: 1 })).total).toBe(total - 1);
    await editConcern(admin, lone.id, { public: true });
    expect((await listPublicConcerns(db, { areaId: krayId, limit: 1 })).total).toBe(total);
  });
});

/** The markup of the concern map (the svg with id concern-map). */
function svgOf(html: string): string {
  const start = html.indexOf('id="concern-map"');
  if (start < 0) return '';
  return html.slice(html.lastIndexOf('<svg', start), html.indexOf('</svg>', start) + 6);
}

describe('area page', () => {
  it('draws all of the area\'s concerns as clusters and points, names the total and lists the newest', async () => {
    const onMap = await countWhere(ON_MAP);
    const total = await countWhere('public = true');
    const newest = await sql<{ number: string }>`select number from concerns where tenant_id = ${t.tenant.id} and area_id = ${krayId} and public = true order by created_at desc, id limit 5`.execute(t.handle.db);
    for (const [lang, summary, all] of [
      ['de', `${onMap} Einträge in diesem Kartenausschnitt`, `Alle ${total} Anliegen auf der Karte und als Liste`],
      ['en', `${onMap} entries in this part of the map`, `All ${total} concerns on the map and as a list`],
    ] as const) {
      const res = await t.client().get(`/areas/kray?lang=${lang}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      const svg = svgOf(html);
      const clusters = [...svg.matchAll(/class="q-map-cluster"[^>]*data-count="(\d+)"/g)].map((m) => Number(m[1]));
      const points = [...svg.matchAll(/<a href="\/concerns\/(\d{4}-\d{6})" class="q-map-point /g)].map((m) => m[1]);
      expect(clusters.length).toBeGreaterThan(0);
      expect(clusters.reduce((a, b) => a + b, 0) + points.length).toBe(onMap);
      expect(svg).toContain(summary);
      expect(html).toContain(all);
      // A cluster is a plain link to the concerns page's map of its members.
      expect(svg).toMatch(new RegExp(`<a href="/concerns\\?area=${krayId}&amp;bbox=[-0-9.,]+#concern-map" class="q-map-cluster"`));
      for (const n of [hiddenNumber, redactedNumber, dupNumber]) expect(svg).not.toContain(n);
      expect(html).not.toContain('Musterweg');
      // The text alternative: the newest concerns of the area, linked from the map's caption.
      const list = html.slice(html.indexOf('id="area-concerns"'), html.indexOf('</ul>', html.indexOf('id="area-concerns"')));
      expect([...list.matchAll(/href="\/concerns\/(\d{4}-\d{6})"/g)].map((m) => m[1])).toEqual(newest.rows.map((r) => r.number));
      expect(html).toContain('href="#area-concerns"');
    }
  });
});
