/**
 * What the concerns module gives Open311 (on SQLite and PostgreSQL):
 * - the concern-created hook: forwarding (link + `open311.send` job) is written in the transaction that creates
 *   the concern — rolled back with it, never one without the other;
 * - `listConcernsForOpen311`: public concerns only, all filters in SQL, newest first (created_at, id descending),
 *   limit/offset — and the database plans it on the Open311 indexes, in index order (no sort);
 * - photo URLs: `media_url` is the first photo's absolute URL, and gone after the photo is redacted.
 *
 * Stand-ins (marked "stand-in"): the concerns module has no exported way to back-date a concern or to create
 * thousands quickly, so those tests write rows directly.
 */
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { dialectOf } from '../../platform/db/dialect';
import { loadCurrentUser } from '../../platform/auth/current-user';
import type { AuthDb } from '../../platform/auth/users.queries';
import { processImageUpload } from '../../platform/files';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { createUser } from '../../../test/support/auth';
import { seedTerritory } from '../territory';
import {
  editConcern,
  explainConcernsForOpen311,
  listCategories,
  listConcernsForOpen311,
  onConcernCreated,
  photosOf,
  redactConcern,
  submitConcern,
  transitionConcern,
  updateCategory,
  type Category,
  type SubmitInput,
} from '../concerns';
import { getOpen311Sync } from './index';

const ENDPOINT = 'https://city.example/open311/v2';
let t: TestApp;
let db: TenantDb<any>;
let littering: Category;
let housing: Category;
let admin: Awaited<ReturnType<typeof adminCtx>>;

async function adminCtx() {
  const u = await createUser(t, { role: 'admin', email: 'outbox-admin@example.test' });
  return { tenant: { id: t.tenant.id, slug: 'essen', name: 'Essen', defaultLocale: 'de' as const }, db, user: (await loadCurrentUser(db as unknown as AuthDb, u.id))!, requestId: null, dialect: t.handle.dialect, mail: null };
}

function publicCtx() {
  return { tenant: { id: t.tenant.id, slug: 'essen', name: 'Essen', defaultLocale: 'de' as const }, db, user: null, requestId: null, dialect: t.handle.dialect, mail: null };
}

async function submit(category: Category, description: string, extra: Partial<SubmitInput> = {}) {
  return (await submitConcern(publicCtx(), { categoryId: category.id, description, channel: 'web', lat: 51.4746, lon: 7.0869, ...extra })).concern;
}

/** Stand-in: back-dates a concern (created_at). */
async function backdate(id: string, iso: string) {
  await db.updateTable('concerns').set({ created_at: iso }).where('id', '=', id).execute();
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  db = forTenant(t.handle.db, t.tenant.id);
  admin = await adminCtx();
  const cats = await listCategories(db);
  littering = cats.find((c) => c.key === 'littering')!;
  housing = cats.find((c) => c.key === 'housing')!;
  littering = await updateCategory(admin, littering.id, { labels: littering.labels, department: littering.department, handlingDays: littering.handlingDays, active: true, questions: [], open311: { endpoint: ENDPOINT, serviceCode: 'DUMP', jurisdictionId: null } });
});
afterAll(async () => {
  await t?.close();
});

describe('concern-created hook (outbox)', () => {
  it('writes the link and the open311.send job in the creating transaction', async () => {
    const c = await submit(littering, 'Sperrmüll vor dem Haus');
    expect(await getOpen311Sync(db, c.id)).toMatchObject({ state: 'pending', endpoint: ENDPOINT, serviceCode: 'DUMP', attempts: 0 });
    const jobs = await db.selectFrom('jobs').select(['kind', 'status', 'payload']).where('kind', '=', 'open311.send').execute();
    expect(jobs.filter((j) => JSON.stringify(j.payload).includes(c.id))).toHaveLength(1);
    // A category without an endpoint plans nothing.
    const h = await submit(housing, 'Schimmel im Treppenhaus');
    expect(await getOpen311Sync(db, h.id)).toBeNull();
  });

  it('rolls back with the concern: a later hook that fails leaves neither concern nor link nor job', async () => {
    const jobsBefore = await db.selectFrom('jobs').select('id').where('kind', '=', 'open311.send').execute();
    const linksBefore = await db.selectFrom('open311_links').select('concern_id').execute();
    let seen: string | null = null;
    const off = onConcernCreated(async (trx, concern) => {
      // Runs after open311's hook, inside the same transaction: the link is visible here …
      seen = (await trx.selectFrom('open311_links').select('state').where('concern_id', '=', concern.id).executeTakeFirst())?.state ?? null;
      throw new Error('hook failed');
    });
    try {
      await expect(submit(littering, 'Wird zurückgerollt')).rejects.toThrow('hook failed');
    } finally {
      off();
    }
    expect(seen).toBe('pending');
    // … and gone with the concern afterwards.
    expect(await db.selectFrom('concerns').select('id').where('description', '=', 'Wird zurückgerollt').execute()).toEqual([]);
    expect(await db.selectFrom('open311_links').select('concern_id').execute()).toHaveLength(linksBefore.length);
    expect(await db.selectFrom('jobs').select('id').where('kind', '=', 'open311.send').execute()).toHaveLength(jobsBefore.length);
    // The hook is gone again: the next concern is created and planned.
    const c = await submit(littering, 'Wieder normal');
    expect(await getOpen311Sync(db, c.id)).toMatchObject({ state: 'pending' });
  });
});

describe('listConcernsForOpen311', () => {
  const ids: Record<string, string> = {};
  const numbers: Record<string, string> = {};
  const from = '2025-03-01T10:00:00.000Z';
  const to = '2025-03-02T10:00:00.000Z';

  beforeAll(async () => {
    const make = async (key: string, cat: Category, at: string) => {
      const c = await submit(cat, `Liste ${key}`);
      await backdate(c.id, at); // stand-in
      ids[key] = c.id;
      numbers[key] = c.number;
    };
    await make('before', littering, '2025-03-01T09:59:59.999Z');
    await make('first', littering, from); // inclusive lower bound
    await make('mid1', housing, '2025-03-01T18:00:00.000Z');
    await make('mid2', littering, '2025-03-01T18:00:00.000Z'); // same instant: ordered by id, descending
    await make('hidden', littering, '2025-03-01T20:00:00.000Z');
    await make('closed', littering, '2025-03-02T08:00:00.000Z');
    await make('last', housing, to); // inclusive upper bound
    await make('after', littering, '2025-03-02T10:00:00.001Z');
    await editConcern(admin, ids.hidden!, { public: false });
    await transitionConcern(admin, ids.closed!, { to: 'accepted' });
    await transitionConcern(admin, ids.closed!, { to: 'resolved', note: 'Erledigt.' });
  });

  const list = (f: Partial<Parameters<typeof listConcernsForOpen311>[1]> = {}) =>
    listConcernsForOpen311(db, { createdFrom: new Date(from), createdTo: new Date(to), limit: 100, offset: 0, ...f }).then((r) => r.map((c) => c.id));

  it('returns public concerns of the window (bounds inclusive), newest first, ties by id descending', async () => {
    const [m1, m2] = [ids.mid1!, ids.mid2!].sort().reverse();
    expect(await list()).toEqual([ids.last, ids.closed, m1, m2, ids.first]);
    expect(await list()).not.toContain(ids.hidden);
  });

  it('filters by categories, status and numbers in SQL, with limit and offset', async () => {
    expect(await list({ categoryIds: [housing.id] })).toEqual([ids.last, ids.mid1]);
    expect((await list({ categoryIds: [housing.id, littering.id] })).length).toBe(5);
    expect(await list({ categoryIds: [] })).toEqual([]);
    expect(await list({ status: 'closed' })).toEqual([ids.closed]);
    expect(await list({ status: 'open' })).not.toContain(ids.closed);
    expect(await list({ numbers: [numbers.first!, numbers.before!, numbers.hidden!] })).toEqual([ids.first]);
    const all = await list();
    expect(await list({ limit: 2 })).toEqual(all.slice(0, 2));
    expect(await list({ limit: 2, offset: 2 })).toEqual(all.slice(2, 4));
    expect(await list({ limit: 2, offset: 4 })).toEqual(all.slice(4));
    // Public fields only.
    const [one] = await listConcernsForOpen311(db, { createdFrom: from, createdTo: to, limit: 1, offset: 0 });
    expect(one).not.toHaveProperty('submitter');
    expect(one!.photos).toEqual([]);
  });

  it('is planned on the Open311 indexes, in index order (no sort step)', async () => {
    // Stand-in: 20,000 more concerns over two years, written in one statement, then fresh statistics.
    const cats = (await listCategories(db)).map((c) => c.id);
    const pick = cats.map((id, i) => `when ${i} then '${id}'`).join(' ');
    if (dialectOf(db) === 'postgres') {
      await sql
        .raw(
          `insert into concerns (tenant_id, id, number, category_id, description, answers, channel, status, public, support_count, created_at, updated_at)
           select '${t.tenant.id}', 'con_x' || i, '2024-' || lpad(i::text, 6, '0'), case (i % ${cats.length}) ${pick} end, 'x', '{}', 'web', 'received', (i % 50) <> 0, 0,
             timestamptz '2026-01-01T00:00:00Z' - i * interval '1 hour', timestamptz '2026-01-01T00:00:00Z'
           from generate_series(1, 20000) i`,
        )
        .execute(db);
      await sql`analyze concerns`.execute(db);
    } else {
      await sql
        .raw(
          `with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000)
           insert into concerns (tenant_id, id, number, category_id, description, answers, channel, status, public, support_count, created_at, updated_at)
           select '${t.tenant.id}', 'con_x' || i, '2024-' || substr('000000' || i, -6), case (i % ${cats.length}) ${pick} end, 'x', '{}', 'web', 'received', (i % 50) <> 0, 0,
             strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01T00:00:00', '-' || i || ' hours'), '2026-01-01T00:00:00.000Z'
           from n`,
        )
        .execute(db);
      await sql`analyze`.execute(db);
    }
    const window = { createdFrom: '2025-09-01T00:00:00Z', createdTo: '2025-11-30T00:00:00Z', limit: 1000, offset: 0 };
    const byService = await explainConcernsForOpen311(db, { ...window, categoryIds: [littering.id] });
    const all = await explainConcernsForOpen311(db, window);
    const open = await explainConcernsForOpen311(db, { ...window, categoryIds: [littering.id], status: 'open' });
    if (dialectOf(db) === 'postgres') {
      expect(byService).toMatch(/Index Scan Backward using concerns_category_public_ix on concerns/);
      expect(all).toMatch(/Index Scan Backward using concerns_public_created_ix on concerns/);
      expect(open).toMatch(/Index Scan Backward using concerns_category_public_ix on concerns/);
      for (const plan of [byService, all, open]) expect(plan).not.toMatch(/Sort|Seq Scan/);
    } else {
      expect(byService).toMatch(/SEARCH concerns USING INDEX concerns_category_public_ix \(tenant_id=\? AND category_id=\? AND public=\? AND created_at>\? AND created_at<\?\)/);
      expect(all).toMatch(/SEARCH concerns USING INDEX concerns_public_created_ix \(tenant_id=\? AND public=\? AND created_at>\? AND created_at<\?\)/);
      expect(open).toMatch(/USING INDEX concerns_category_public_ix/);
      for (const plan of [byService, all, open]) expect(plan).not.toMatch(/TEMP B-TREE|SCAN concerns\b(?! USING)/);
    }
    // The real query agrees: at most `limit` rows (2,160 hours in the window), newest first; one service's share.
    const rows = await listConcernsForOpen311(db, window);
    expect(rows).toHaveLength(1000);
    expect(rows.map((r) => r.createdAt)).toEqual([...rows.map((r) => r.createdAt)].sort().reverse());
    const mine = await listConcernsForOpen311(db, { ...window, categoryIds: [littering.id] });
    expect(mine.length).toBeGreaterThan(200);
    expect(mine.every((r) => r.categoryId === littering.id)).toBe(true);
  });
});

describe('photo URLs → media_url', () => {
  it('the first photo of a public concern, absolute on the request origin; gone after redaction', async () => {
    const jpeg = new Uint8Array(await sharp({ create: { width: 64, height: 48, channels: 3, background: '#48a' } }).jpeg().toBuffer());
    const c = await submit(housing, 'Mit Foto', { photos: [await processImageUpload(jpeg)] });
    const [photo] = await photosOf(db, c.id);
    const client = t.client('essen.test');
    const one = JSON.parse(await (await client.request(`/open311/v2/requests/${c.number}.json`)).text())[0];
    expect(one.media_url).toBe(`http://essen.test/concerns/${c.number}/photos/${photo!.id}`);
    expect((await client.request(new URL(one.media_url).pathname)).status).toBe(200);
    const listed = JSON.parse(await (await client.request('/open311/v2/requests.json?service_code=housing')).text());
    expect(listed.find((r: { service_request_id: string }) => r.service_request_id === c.number).media_url).toBe(one.media_url);
    const byId = JSON.parse(await (await client.request(`/open311/v2/requests.json?service_request_id=${c.number}`)).text());
    expect(byId[0].media_url).toBe(one.media_url);
    // Without a photo: null.
    const plain = await submit(housing, 'Ohne Foto');
    expect(JSON.parse(await (await client.request(`/open311/v2/requests/${plain.number}.json`)).text())[0].media_url).toBeNull();

    await redactConcern(admin, c.id, { photoIds: [photo!.id] });
    const after = JSON.parse(await (await client.request(`/open311/v2/requests/${c.number}.json`)).text())[0];
    expect(after.media_url).toBeNull();
    const relisted = JSON.parse(await (await client.request('/open311/v2/requests.json?service_code=housing')).text());
    expect(relisted.find((r: { service_request_id: string }) => r.service_request_id === c.number).media_url).toBeNull();
    expect(JSON.stringify(relisted)).not.toContain(photo!.id);
  });
});
