/**
 * Open311 out, end to end on SQLite and PostgreSQL: a category of tenant "essen" forwards to the Open311 server of
 * tenant "other" (host other.test, reached in-process through app.request — no network). Creating the concern
 * plans the forwarding in the same transaction (link + job); the job queue forwards it (failing first without an
 * api_key, then retried with backoff), stores the external service_request_id and marks the concern forwarded, and
 * the next scheduled pull brings the status change made on "other" back to "essen" — onto the link and onto the
 * concern itself (resolved, public timeline entry by open311:other.test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { loadCurrentUser } from '../../platform/auth/current-user';
import type { AuthDb } from '../../platform/auth/users.queries';
import { createLogger } from '../../platform/log';
import { runDueJobs } from '../../platform/jobs/worker';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { apiClient, createUser, signedInClient } from '../../../test/support/auth';
import { seedTerritory } from '../territory';
import { getPublicConcern, listCategories, recordExternalStatus, submitConcern, transitionConcern, updateCategory } from '../concerns';
import { getOpen311Sync, listOpen311Sync, pullAll, setOpen311Fetch } from './index';
import { setClientKey } from './open311.service';
import { viaName } from './open311.via';

const ENDPOINT = 'http://other.test/open311/v2';
const log = createLogger('silent');
let t: TestApp;
let essen: TenantDb<any>;
let other: TenantDb<any>;
let otherKey: string;
const calls: string[] = [];

function tenantOf(t: TestApp, id: string) {
  return { id, slug: id === t.tenant.id ? 'essen' : 'other', name: id === t.tenant.id ? 'Essen' : 'Anderstadt', defaultLocale: 'de' as const };
}

async function adminCtx(tenantId: string, db: TenantDb<any>) {
  const u = await createUser(t, { role: 'admin', tenantId });
  return { tenant: tenantOf(t, tenantId), db, user: (await loadCurrentUser(db as unknown as AuthDb, u.id))!, requestId: null, dialect: t.handle.dialect, mail: null };
}

async function newConcern(description: string) {
  const ctx = { tenant: tenantOf(t, t.tenant.id), db: essen, user: null, requestId: null, dialect: t.handle.dialect, mail: null };
  const cat = (await listCategories(essen)).find((c) => c.key === 'littering')!;
  return (await submitConcern(ctx, { categoryId: cat.id, description, channel: 'web', lat: 51.4746, lon: 7.0869, email: 'privat@example.test', name: 'Privat Person', answers: { amount: 'bulky' } })).concern;
}

/** The worker's clock runs with the real one (jobs are enqueued at real time), moved ahead by the tests. */
let offset = 0;
async function runJobs(advanceMs = 0) {
  offset += advanceMs;
  return runDueJobs({ rootDb: t.handle.db, log, config: t.config, now: () => new Date(Date.now() + offset), tenantIds: [t.tenant.id] });
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  essen = forTenant(t.handle.db, t.tenant.id);
  other = forTenant(t.handle.db, t.other.id);
  await listCategories(essen);
  await listCategories(other);
  // Littering in Essen forwards to the other tenant's Open311 server (set through the category editor's service).
  const littering = (await listCategories(essen)).find((c) => c.key === 'littering')!;
  await updateCategory(await adminCtx(t.tenant.id, essen), littering.id, {
    labels: littering.labels,
    department: littering.department,
    handlingDays: littering.handlingDays,
    active: littering.active,
    questions: littering.questions,
    open311: { endpoint: ENDPOINT, serviceCode: 'littering', jurisdictionId: 'other' },
  });
  otherKey = (await apiClient(t, 'viewer', { tenantId: t.other.id, email: 'essen-forwarder@example.test' })).token;
  // The client's HTTP goes to the app in-process, by host (only other.test exists).
  setOpen311Fetch(async (url, init) => {
    const u = new URL(url);
    calls.push(`${init.method ?? 'GET'} ${u.host}${u.pathname}`);
    if (u.host !== 'other.test' && u.host !== 'essen.test') throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    const headers = new Headers(init.headers);
    headers.set('host', u.host);
    return t.app.request(url, { ...init, headers });
  });
});
afterAll(async () => {
  setOpen311Fetch(null);
  await t?.close();
});

describe('Open311 out (essen → other)', () => {
  let concernId: string;
  let externalId: string;

  it('plans forwarding of a new concern; without an api_key the send fails visibly and is retried', async () => {
    const c = await newConcern('Sperrmüll am Spielplatz Kray, seit einer Woche');
    concernId = c.id;
    // Planned with the concern (outbox): the link is pending and the send job is queued before any job ran.
    expect(await getOpen311Sync(essen, c.id)).toMatchObject({ state: 'pending', attempts: 0 });
    expect(await essen.selectFrom('jobs').select(['kind', 'status']).where('kind', '=', 'open311.send').execute()).toEqual([{ kind: 'open311.send', status: 'queued' }]);
    await runJobs();
    const failed = await getOpen311Sync(essen, c.id);
    expect(failed).toMatchObject({ endpoint: ENDPOINT, serviceCode: 'littering', state: 'failed', lastError: 'no_api_key', attempts: 1, externalId: null });
    const job = await essen.selectFrom('jobs').select(['status', 'attempts', 'last_error']).where('kind', '=', 'open311.send').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'failed', last_error: 'no_api_key' });
  });

  it('the admin page shows the endpoint without a key and the failure; an admin stores the key (audited, never shown)', async () => {
    const admin = await signedInClient(t, 'admin');
    const page = await (await admin.get('/admin/open311')).text();
    expect(page).toContain(ENDPOINT);
    expect(page).toContain('no_api_key');
    expect(page).toContain('fehlt');
    const bad = await admin.post('/admin/open311/keys', { endpoint: 'http://elsewhere.test/open311/v2', apiKey: 'x y' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('kern-error');
    const ok = await admin.post('/admin/open311/keys', { endpoint: ENDPOINT, apiKey: otherKey });
    expect(ok.status).toBe(303);
    const after = await (await admin.get('/admin/open311')).text();
    expect(after).toContain('hinterlegt');
    expect(after).not.toContain(otherKey);
    const audit = await essen.selectFrom('audit_log').select(['action', 'changes']).where('entity_type', '=', 'open311_endpoint').execute();
    expect(audit.map((a) => a.action)).toEqual(['open311.key_set']);
    expect(JSON.stringify(audit)).not.toContain(otherKey);
    const viewer = await signedInClient(t, 'coordinator');
    expect((await viewer.get('/admin/open311')).status).toBe(403);
  });

  it('after the key is set, the retry (after the backoff) POSTs it to the other tenant and stores the service_request_id', async () => {
    await runJobs(10_000); // still inside the 30 s backoff: nothing is sent
    expect((await getOpen311Sync(essen, concernId))!.state).toBe('failed');
    await runJobs(31_000);
    const sent = (await getOpen311Sync(essen, concernId))!;
    expect(sent).toMatchObject({ state: 'sent', lastError: null, externalStatus: 'open', attempts: 2 });
    expect(sent.externalId).toMatch(/^\d{4}-\d{6}$/);
    expect(sent.sentAt).not.toBeNull();
    expect(sent.lastSyncedAt).not.toBeNull();
    externalId = sent.externalId!;
    // The concern on the "essen" side is forwarded now, by the system actor of the endpoint.
    const mine = await getPublicConcern(essen, (await essen.selectFrom('concerns').select('number').where('id', '=', concernId).executeTakeFirstOrThrow()).number as string);
    expect(mine!.concern.status).toBe('forwarded');
    expect(mine!.events.at(-1)).toMatchObject({ kind: 'forward', actorLabel: 'open311:other.test', data: { department: 'other.test', externalId } });
    expect(calls).toContain('POST other.test/open311/v2/requests.json');
    // The request exists on the other tenant — description, location and answer, but no personal data.
    const res = await t.client('other.test').request(`/open311/v2/requests/${externalId}.json`);
    const body = await res.text();
    const r = JSON.parse(body)[0];
    expect(r).toMatchObject({ service_code: 'littering', status: 'open', lat: 51.4746, long: 7.0869 });
    expect(r.description).toContain('Sperrmüll am Spielplatz Kray');
    expect(body).not.toContain('privat@example.test');
    expect(body).not.toContain('Privat Person');
    // A second run does not send it again.
    const before = calls.filter((x) => x.startsWith('POST')).length;
    await runJobs(60_000);
    expect(calls.filter((x) => x.startsWith('POST')).length).toBe(before);
  });

  it('a status change on "other" flows back to "essen" with the next scheduled pull', async () => {
    const otherConcern = await other.selectFrom('concerns').select('id').where('number', '=', externalId).executeTakeFirstOrThrow();
    const ctx = await adminCtx(t.other.id, other);
    await transitionConcern(ctx, otherConcern.id as string, { to: 'accepted' });
    await transitionConcern(ctx, otherConcern.id as string, { to: 'not_responsible', reason: 'Privatgelände – die Hausverwaltung ist informiert.' });
    const synced = (await getOpen311Sync(essen, concernId))!.lastSyncedAt;
    await runJobs(5 * 60_000); // next pull period
    const after = (await getOpen311Sync(essen, concernId))!;
    expect(after).toMatchObject({ state: 'sent', externalStatus: 'closed', externalStatusNotes: 'Privatgelände – die Hausverwaltung ist informiert.', lastError: null });
    expect(after.externalUpdatedAt).not.toBeNull();
    expect(after.lastSyncedAt! > synced!).toBe(true);
    expect(calls.some((x) => x === 'GET other.test/open311/v2/requests.json')).toBe(true);
    expect((await listOpen311Sync(essen, [concernId, 'con_unknown'])).get(concernId)?.externalStatus).toBe('closed');
    // …and onto the concern itself: resolved through the workflow, the external notes on its public timeline, by
    // the system actor of the endpoint (audit actor without an id).
    const number = (await essen.selectFrom('concerns').select('number').where('id', '=', concernId).executeTakeFirstOrThrow()).number as string;
    const mine = (await getPublicConcern(essen, number))!;
    expect(mine.concern.status).toBe('resolved');
    expect(mine.concern.closedAt).not.toBeNull();
    expect(mine.events.at(-1)).toMatchObject({ kind: 'status', visibility: 'public', fromStatus: 'forwarded', toStatus: 'resolved', actorId: null, actorLabel: 'open311:other.test', text: 'Privatgelände – die Hausverwaltung ist informiert.' });
    const audit = await essen.selectFrom('audit_log').select(['actor_id', 'actor_label', 'action']).where('entity_id', '=', concernId).where('action', '=', 'status:resolved').execute();
    expect(audit).toEqual([{ actor_id: null, actor_label: 'open311:other.test', action: 'status:resolved' }]);
    // The essen concern answers as closed on its own Open311 server too.
    const own = JSON.parse(await (await t.client('essen.test').request(`/open311/v2/requests/${number}.json`)).text())[0];
    expect(own).toMatchObject({ service_request_id: number, status: 'closed', status_notes: 'Privatgelände – die Hausverwaltung ist informiert.' });
    // Closed remotely: no longer pulled; a repeated write-back of the same state records nothing.
    expect(await pullAll(essen)).toBe(0);
    const events = (await getPublicConcern(essen, number))!.events.length;
    await recordExternalStatus(essen, concernId, { status: 'closed', notes: 'Privatgelände – die Hausverwaltung ist informiert.', at: after.externalUpdatedAt, source: ENDPOINT });
    expect((await getPublicConcern(essen, number))!.events.length).toBe(events);
  });

  it('an unreachable endpoint marks the link failed with a code, not a message', async () => {
    const c = await newConcern('Müllsäcke an der Haltestelle');
    await runJobs(2 * 60_000);
    expect((await getOpen311Sync(essen, c.id))!.state).toBe('sent');
    await essen.updateTable('open311_links').set({ endpoint: 'http://nowhere.test/open311/v2' }).where('concern_id', '=', c.id).execute();
    await pullAll(essen);
    expect(await getOpen311Sync(essen, c.id)).toMatchObject({ state: 'failed', lastError: 'network_ENOTFOUND' });
  });

  it('other tenants and other categories are not forwarded', async () => {
    const ctx = { tenant: tenantOf(t, t.tenant.id), db: essen, user: null, requestId: null, dialect: t.handle.dialect, mail: null };
    const housing = (await listCategories(essen)).find((c) => c.key === 'housing')!;
    const c = (await submitConcern(ctx, { categoryId: housing.id, description: 'Schimmel', channel: 'web', lat: 51.4746, lon: 7.0869 })).concern;
    await runJobs(2 * 60_000);
    expect(await getOpen311Sync(essen, c.id)).toBeNull();
    expect(await other.selectFrom('open311_links').selectAll().execute()).toEqual([]);
  });
});

describe('forwarding loops (essen → other → essen)', () => {
  it('"other" forwards the request back: essen refuses it as a loop, nothing is created, and the job stops for good', async () => {
    // Littering on "other" now forwards to essen's Open311 server, with an api_key of an essen account.
    const ESSEN_ENDPOINT = 'http://essen.test/open311/v2';
    const otherAdmin = await adminCtx(t.other.id, other);
    const littering = (await listCategories(other)).find((c) => c.key === 'littering')!;
    await updateCategory(otherAdmin, littering.id, {
      labels: littering.labels,
      department: littering.department,
      handlingDays: littering.handlingDays,
      active: littering.active,
      questions: littering.questions,
      open311: { endpoint: ESSEN_ENDPOINT, serviceCode: 'littering', jurisdictionId: 'essen' },
    });
    await setClientKey(otherAdmin, ESSEN_ENDPOINT, (await apiClient(t, 'viewer', { email: 'other-forwarder@example.test' })).token);

    const essenBefore = (await essen.selectFrom('concerns').select('id').execute()).length;
    const c = await newConcern('Illegal abgestellte Matratzen an der Schleife');
    await runJobs(2 * 60_000);
    const sent = (await getOpen311Sync(essen, c.id))!;
    expect(sent.state).toBe('sent');
    // On "other" the request arrived with essen's Via entry, and its forwarding back to essen is planned.
    const arrived = await other.selectFrom('concerns').select('id').where('number', '=', sent.externalId!).executeTakeFirstOrThrow();
    const submission = await other.selectFrom('open311_submissions').select('via').where('concern_id', '=', arrived.id).executeTakeFirstOrThrow();
    expect(submission.via).toBe(`1.1 ${viaName(t.tenant.id)}`);
    expect(await getOpen311Sync(other, arrived.id as string)).toMatchObject({ state: 'pending' });

    // "other" runs its queue: the POST to essen carries both entries and is refused; no retry is planned.
    await runDueJobs({ rootDb: t.handle.db, log, config: t.config, now: () => new Date(Date.now() + offset), tenantIds: [t.other.id] });
    expect(calls).toContain('POST essen.test/open311/v2/requests.json');
    expect(await getOpen311Sync(other, arrived.id as string)).toMatchObject({ state: 'failed', lastError: 'forwarding_loop', attempts: 1 });
    const job = await other.selectFrom('jobs').select(['status', 'last_error']).where('kind', '=', 'open311.send').executeTakeFirstOrThrow();
    expect(job).toEqual({ status: 'dead', last_error: 'forwarding_loop' });
    expect((await essen.selectFrom('concerns').select('id').execute()).length).toBe(essenBefore + 1);
  });

  it('a POST that names this server in its Via chain is refused with the Open311 error format and creates nothing', async () => {
    const key = (await apiClient(t, 'viewer', { email: 'via-test@example.test' })).token;
    const before = (await essen.selectFrom('concerns').select('id').execute()).length;
    const body = new URLSearchParams({ api_key: key, service_code: 'housing', description: 'Schimmel im Treppenhaus', lat: '51.4746', long: '7.0869' });
    const post = (via: string) =>
      t.client('essen.test').request('/open311/v2/requests.json', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', via } });
    const loop = await post(`1.1 proxy.example, 1.1 ${viaName(t.tenant.id)}`);
    expect(loop.status).toBe(400);
    expect(((await loop.json()) as { code: number; description: string }[])[0]).toMatchObject({ code: 400, description: expect.stringMatching(/^Forwarding loop/) });
    const hops = await post(['a', 'b', 'c', 'd', 'e'].map((x) => `1.1 quartier-${x}`).join(', '));
    expect(hops.status).toBe(400);
    expect((await essen.selectFrom('concerns').select('id').execute()).length).toBe(before);
    // A chain of other servers only is fine.
    expect((await post('1.1 proxy.example, 1.1 quartier-0123456789abcdef')).status).toBe(201);
  });
});
