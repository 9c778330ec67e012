/**
 * The memo of rendered Open311 request lists (open311.cache.ts, ADR 0034) on SQLite and PostgreSQL: a repeated
 * query is answered from the memo, and every kind of change the list can show — a new concern, a status, the public
 * flag, an edit, a redaction (text and photo), a merge, a category edit, a photo — changes the tenant's revision in
 * the same transaction, so the next answer is the fresh one, byte for byte what an empty memo gives. Changes are
 * made through the concerns services on the test's own handle (not through the app), as another server process
 * would make them; changes that the list does not show (support, the anonymisation of contact data) and changes of
 * another tenant leave the revision alone.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { DiskStorage, processImageUpload, setFileStorage } from '../../platform/files';
import { createTestApp, type TestApp, type TestClient } from '../../../test/support/app';
import { seedTerritory } from '../territory';
import {
  anonymiseClosedConcerns,
  editConcern,
  listCategories,
  mergeConcerns,
  open311Revision,
  photosOf,
  redactConcern,
  submitConcern,
  supportConcern,
  transitionConcern,
  updateCategory,
  type ConcernContext,
  type SubmitInput,
} from '../concerns';
import type { CurrentUser } from '../../platform/http/context';
import { answerCacheStats, clearOpen311Cache } from './open311.cache';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let t: TestApp;
let db: TenantDb<any>;
let client: TestClient;
let filesDir: string;

const ADMIN: CurrentUser = {
  id: 'usr_testadmin',
  email: 'admin@example.test',
  displayName: 'Test admin',
  organisation: null,
  locale: null,
  assignments: [{ role: 'admin', allAreas: true, areaIds: [], department: null }],
};

function ctx(user: CurrentUser | null, tenantId = t.tenant.id): ConcernContext & { db: TenantDb<any> } {
  const row = tenantId === t.tenant.id ? t.tenant : t.other;
  return { tenant: { id: row.id, slug: row.slug, name: row.name, defaultLocale: 'de' }, db: forTenant(t.handle.db, tenantId), user, requestId: null, dialect: t.handle.dialect, mail: null };
}
const admin = () => ctx(ADMIN);

/** A public web concern (littering in Kray unless told otherwise), through the concerns service. */
async function makeConcern(_t: TestApp, over: Partial<SubmitInput> & { tenantId?: string } = {}) {
  const { tenantId, ...rest } = over;
  const c = ctx(null, tenantId);
  const categoryId = (await listCategories(c.db)).find((x) => x.key === 'littering')!.id;
  return (await submitConcern(c, { categoryId, description: 'Am Straßenrand liegen seit Tagen Sperrmüll und Matratzen.', channel: 'web', lat: 51.4746, lon: 7.0869, ...rest })).concern;
}

/** A window fixed by the query (so the answer may be kept): from yesterday to an hour from now. */
const from = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
const to = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
const LIST = `/open311/v2/requests.json?start_date=${from}&end_date=${to}`;
const LIST_XML = `/open311/v2/requests.xml?service_code=littering&start_date=${from}&end_date=${to}`;

async function text(path: string): Promise<string> {
  const res = await client.request(path);
  expect(res.status).toBe(200);
  return res.text();
}

/** The answer now, and the answer an empty memo gives (it must be the same). */
async function answer(path = LIST): Promise<string> {
  const served = await text(path);
  clearOpen311Cache();
  const fresh = await text(path);
  expect(served).toBe(fresh);
  return served;
}

/** The list's record of one concern. */
async function record(number: string): Promise<any> {
  return (JSON.parse(await answer()) as any[]).find((x) => x.service_request_id === number);
}

/** Runs a change, expects the revision to move and the (previously memoised) answer to follow it. */
async function changes(change: () => Promise<unknown>): Promise<void> {
  const before = await answer();
  await text(LIST); // memoised at this revision
  const rev = (await open311Revision(db)).rev;
  await change();
  expect((await open311Revision(db)).rev).toBeGreaterThan(rev);
  expect(await answer()).not.toBe(before);
}

beforeAll(async () => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-o311-cache-'));
  setFileStorage(new DiskStorage(filesDir));
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  db = forTenant(t.handle.db, t.tenant.id);
  client = t.client('essen.test');
  await makeConcern(t);
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

describe('memo of rendered request lists', () => {
  it('answers a repeated query from the memo; an open window ("now") is never kept', async () => {
    clearOpen311Cache();
    const first = await text(LIST);
    expect(answerCacheStats()).toMatchObject({ entries: 1, hits: 0 });
    expect(await text(LIST)).toBe(first);
    // The second answer came from the memo, not from a second computation.
    expect(answerCacheStats()).toMatchObject({ entries: 1, hits: 1 });
    await text('/open311/v2/requests.json');
    await text(`/open311/v2/requests.json?start_date=${from}`);
    expect(answerCacheStats()).toMatchObject({ entries: 1, hits: 1 });
    // A start 200 days back: its 90 days ended in the past, a fixed window.
    await text(`/open311/v2/requests.json?start_date=${new Date(Date.now() - 200 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z')}`);
    expect(answerCacheStats().entries).toBe(2);
    // Another format, language or origin is another answer.
    await text(LIST_XML);
    await text(`${LIST}&lang=en`);
    await t.client('other-origin.test').request(LIST);
    expect(answerCacheStats().entries).toBeGreaterThanOrEqual(3);
  });

  it('a new concern', async () => {
    await changes(() => makeConcern(t, { description: 'Neues Anliegen für den Cache-Test' }));
  });

  it('a status change (open → closed)', async () => {
    const c = await makeConcern(t);
    await answer();
    await changes(() => transitionConcern(admin(), c.id, { to: 'rejected', reason: 'Kein Anliegen für das Quartier.' }));
    expect((await record(c.number)).status).toBe('closed');
  });

  it('hiding a concern (public flag) and an edit of its text', async () => {
    const c = await makeConcern(t);
    await changes(() => editConcern(admin(), c.id, { description: 'Neu formuliert vom Moderator' }));
    expect((await record(c.number)).description).toBe('Neu formuliert vom Moderator');
    await changes(() => editConcern(admin(), c.id, { public: false }));
    expect(await record(c.number)).toBeUndefined();
  });

  it('a redaction of the text and of a photo (media_url)', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } }).jpeg().toBuffer();
    const c = await makeConcern(t, { description: 'Herr Mustermann aus der Nummer 5 wirft Müll', photos: [await processImageUpload(jpeg)] });
    expect((await record(c.number)).media_url).toMatch(/\/photos\//);
    await changes(() => redactConcern(admin(), c.id, { description: 'Jemand wirft Müll' }));
    const photo = (await photosOf(db, c.id))[0]!;
    await changes(() => redactConcern(admin(), c.id, { photoIds: [photo.id] }));
    expect((await record(c.number)).media_url).toBeNull();
  });

  it('a merge of duplicates', async () => {
    const a = await makeConcern(t);
    const b = await makeConcern(t);
    await changes(() => mergeConcerns(admin(), b.id, a.id));
    expect((await record(b.number)).status).toBe('closed');
  });

  it('a category edit (service name, expected date)', async () => {
    const cat = (await listCategories(db)).find((x) => x.key === 'littering')!;
    await changes(() => updateCategory(admin(), cat.id, { labels: { ...cat.labels, de: 'Müll und wilde Kippen' }, department: cat.department, handlingDays: cat.handlingDays + 3, questions: cat.questions, active: cat.active, open311: cat.open311 }));
    const xml = await answer(LIST_XML);
    expect(xml).toContain('Müll und wilde Kippen');
  });

  it('a photo added to a concern directly (files row) changes the revision too', async () => {
    const c = await makeConcern(t);
    const rev = (await open311Revision(db)).rev;
    // stand-in: a file row as another writer (an import) would add it.
    await db
      .insertInto('files')
      .values({ id: 'fil_cachetest1', owner_type: 'concern', owner_id: c.id, kind: 'image', parent_id: null, mime: 'image/jpeg', bytes: 1, width: 1, height: 1, sha256: 'x' } as never)
      .execute();
    expect((await open311Revision(db)).rev).toBeGreaterThan(rev);
    await db.deleteFrom('files').where('id', '=', 'fil_cachetest1').execute();
  });

  it('a direct row write (bulk import) is seen as well', async () => {
    const c = await makeConcern(t);
    await changes(() => db.updateTable('concerns').set({ status_reason: 'Direkt geschrieben' }).where('id', '=', c.id).execute());
    expect((await record(c.number)).status_notes).toBe('Direkt geschrieben');
  });

  it('the retention anonymisation (it touches updated_at): the revision moves, the answer is the fresh one', async () => {
    const c = await makeConcern(t, { name: 'Rita', email: 'rita@example.test' });
    await transitionConcern(admin(), c.id, { to: 'rejected', reason: 'Kein Anliegen.' });
    await answer();
    await text(LIST);
    const rev = (await open311Revision(db)).rev;
    expect(await anonymiseClosedConcerns(db, 365, new Date(Date.now() + 366 * 86400_000))).toBeGreaterThanOrEqual(1);
    expect((await open311Revision(db)).rev).toBeGreaterThan(rev);
    await answer();
  });

  it('support and changes of another tenant leave the revision alone', async () => {
    const c = await makeConcern(t);
    const before = await answer();
    const rev = (await open311Revision(db)).rev;
    await supportConcern(db, c.number, { fingerprint: 'fp-cache', ipHash: 'ip-cache' });
    expect((await open311Revision(db)).rev).toBe(rev);
    await makeConcern(t, { tenantId: t.other.id });
    expect((await open311Revision(db)).rev).toBe(rev);
    expect(await answer()).toBe(before);
  });
});
