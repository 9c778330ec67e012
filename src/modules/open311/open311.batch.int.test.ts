/**
 * Open311 out against a "batch" server (spec: POST answers a token; GET tokens/{token} gives the
 * service_request_id later) and against a server that fails: a fake endpoint in-process, no network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { createUser, signedInClient } from '../../../test/support/auth';
import { loadCurrentUser } from '../../platform/auth/current-user';
import type { AuthDb } from '../../platform/auth/users.queries';
import { seedTerritory } from '../territory';
import { getPublicConcern, listCategories, submitConcern, updateCategory } from '../concerns';
import { getOpen311Sync, planForward, pullAll, sendOne, setOpen311Fetch } from './index';

const ENDPOINT = 'https://batch.example/open311/v2';
let t: TestApp;
let db: TenantDb<any>;
const seen: { method: string; path: string; body: URLSearchParams | null }[] = [];
let remote: { token: string; id: string | null; status: 'open' | 'closed'; notes: string | null } = { token: 'tok-77', id: null, status: 'open', notes: null };
let failWith: number | null = null;

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  db = forTenant(t.handle.db, t.tenant.id);
  await listCategories(db);
  const adminUser = await createUser(t, { role: 'admin', email: 'catalogue-admin@example.test' });
  const green = (await listCategories(db)).find((c) => c.key === 'green_spaces')!;
  await updateCategory(
    { tenant: { id: t.tenant.id, slug: 'essen', name: 'Essen', defaultLocale: 'de' }, db, user: (await loadCurrentUser(db as unknown as AuthDb, adminUser.id))!, requestId: null, dialect: t.handle.dialect },
    green.id,
    { labels: green.labels, department: green.department, handlingDays: green.handlingDays, active: green.active, questions: green.questions, open311: { endpoint: ENDPOINT, serviceCode: 'DUMP-01', jurisdictionId: null } },
  );
  const admin = await signedInClient(t, 'admin');
  await admin.get('/admin/open311');
  expect((await admin.post('/admin/open311/keys', { endpoint: ENDPOINT, apiKey: 'batch-key-1' })).status).toBe(303);
  setOpen311Fetch(async (url, init) => {
    const u = new URL(url);
    const body = typeof init.body === 'string' ? new URLSearchParams(init.body) : null;
    seen.push({ method: init.method ?? 'GET', path: u.pathname + u.search, body });
    if (failWith) return json([{ code: failWith, description: 'nope' }], failWith);
    if (init.method === 'POST' && u.pathname === '/open311/v2/requests.json') return json([{ token: remote.token, service_notice: 'queued' }]);
    if (u.pathname === `/open311/v2/tokens/${remote.token}.json`) return remote.id ? json([{ service_request_id: remote.id, token: remote.token }]) : json([{ code: 404, description: 'not yet' }], 404);
    if (u.pathname === '/open311/v2/requests.json') {
      return json(remote.id && u.searchParams.get('service_request_id') === remote.id ? [{ service_request_id: remote.id, status: remote.status, status_notes: remote.notes, updated_datetime: '2026-11-25T10:00:00+01:00' }] : []);
    }
    return json([{ code: 404, description: 'unknown' }], 404);
  });
});
afterAll(async () => {
  setOpen311Fetch(null);
  await t?.close();
});

async function concern(answers: Record<string, unknown> = {}) {
  const cat = (await listCategories(db)).find((c) => c.key === 'green_spaces')!;
  const ctx = { tenant: { id: t.tenant.id, slug: 'essen', name: 'Essen', defaultLocale: 'de' as const }, db, user: null, requestId: null, dialect: t.handle.dialect, mail: null };
  const c = (await submitConcern(ctx, { categoryId: cat.id, description: 'Glasscherben im Sandkasten', channel: 'web', lat: 51.4746, lon: 7.0869, answers })).concern;
  // Planned by the concern-created hook inside submitConcern's transaction; planning again does nothing.
  expect(await getOpen311Sync(db, c.id)).toMatchObject({ state: 'pending', endpoint: ENDPOINT, serviceCode: 'DUMP-01' });
  expect(await planForward(db, c, cat)).toBe(false);
  return c;
}

describe('Open311 out against a batch server', () => {
  it('sends the mapped service_code, api_key and attributes; stores the token; resolves it on a later pull; then the status', async () => {
    const c = await concern({ danger: true });
    await sendOne(db, c.id);
    const post = seen.find((s) => s.method === 'POST')!;
    expect(post.body!.get('service_code')).toBe('DUMP-01');
    expect(post.body!.get('api_key')).toBe('batch-key-1');
    expect(post.body!.get('jurisdiction_id')).toBeNull();
    expect(post.body!.get('attribute[danger]')).toBe('true');
    expect(post.body!.get('lat')).toBe('51.4746');
    expect(post.body!.get('description')).toContain('Glasscherben');
    expect(await getOpen311Sync(db, c.id)).toMatchObject({ state: 'sent', token: 'tok-77', externalId: null, externalStatus: 'open' });
    // Sent: the concern itself is forwarded (system actor open311:<host>, public "forwarded to batch.example").
    const fwd = await getPublicConcern(db, c.number);
    expect(fwd!.concern.status).toBe('forwarded');
    expect(fwd!.events.at(-1)).toMatchObject({ kind: 'forward', visibility: 'public', actorId: null, actorLabel: 'open311:batch.example', toStatus: 'forwarded', data: { department: 'batch.example', externalId: 'tok-77' } });

    await pullAll(db); // the server has no id for the token yet
    expect(await getOpen311Sync(db, c.id)).toMatchObject({ state: 'sent', token: 'tok-77', externalId: null });

    remote = { ...remote, id: 'EXT-4711', status: 'closed', notes: 'Sandkasten gereinigt.' };
    expect(await pullAll(db)).toBe(1);
    expect(await getOpen311Sync(db, c.id)).toMatchObject({ externalId: 'EXT-4711', externalStatus: 'closed', externalStatusNotes: 'Sandkasten gereinigt.', externalUpdatedAt: '2026-11-25T09:00:00.000Z', lastError: null });
    // Closed there → resolved here, with the external notes on the public timeline.
    const done = await getPublicConcern(db, c.number);
    expect(done!.concern.status).toBe('resolved');
    expect(done!.events.at(-1)).toMatchObject({ kind: 'status', fromStatus: 'forwarded', toStatus: 'resolved', text: 'Sandkasten gereinigt.', actorLabel: 'open311:batch.example' });
  });

  it('an HTTP error is stored as a code (http_503) and rethrown for the queue to retry; a success clears it', async () => {
    const c = await concern();
    failWith = 503;
    await expect(sendOne(db, c.id)).rejects.toMatchObject({ code: 'http_503' });
    expect(await getOpen311Sync(db, c.id)).toMatchObject({ state: 'failed', lastError: 'http_503', attempts: 1 });
    failWith = null;
    await sendOne(db, c.id);
    expect(await getOpen311Sync(db, c.id)).toMatchObject({ state: 'sent', lastError: null, attempts: 2 });
    // Already sent: a repeated job does not POST again.
    const posts = seen.filter((s) => s.method === 'POST').length;
    await sendOne(db, c.id);
    expect(seen.filter((s) => s.method === 'POST').length).toBe(posts);
  });

  it('the admin page lists the failure with its code and the counts', async () => {
    const c = await concern();
    failWith = 403;
    await expect(sendOne(db, c.id)).rejects.toBeTruthy();
    failWith = null;
    const admin = await signedInClient(t, 'admin');
    const html = await (await admin.get('/admin/open311')).text();
    expect(html).toContain('http_403');
    expect(html).toContain(ENDPOINT);
  });
});
