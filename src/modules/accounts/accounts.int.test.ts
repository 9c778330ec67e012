/**
 * Residents' accounts on a real database (SQLite and PostgreSQL): the sign-in link (same answer for known and
 * unknown addresses, single use, expiry, throttled per address and per client), the resident session (separate
 * from staff: no /staff), follows and notification settings over HTTP with CSRF, notification e-mails through the
 * jobs outbox (concern update, proposal answer, new proposal in a followed area — only with the setting on),
 * "download my data" (exactly the account's data), "delete my account" (everything gone, supports withdrawn with
 * the counter, an audit entry without personal data) and tenant isolation.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAudit, type AuditTables } from '../../platform/audit';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp, type TestClient } from '../../../test/support/app';
import { lastMailTo, linkIn, mails } from '../../../test/support/auth';
import { addNote } from '../concerns';
import { answerProposal, confirmLink, getPublicProposal, supportProposal } from '../participation';
import { getAreaBySlug, seedTerritory } from '../territory';
import { RESIDENT_COOKIE } from './index';
import { admin, ctxFor, drainJobs, publicConcern, publishedProposal } from './test/factories';

let t: TestApp;
let db: TenantDb<any>;
let krayId: string;
let karnapId: string;
let seq = 0;

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  db = forTenant(t.handle.db, t.tenant.id);
  krayId = (await getAreaBySlug(db, 'kray'))!.id;
  karnapId = (await getAreaBySlug(db, 'karnap'))!.id;
});
afterAll(async () => t?.close());
// Every test client comes from the same (test) address: each test starts with fresh rate-limit windows.
beforeEach(async () => {
  await t.handle.db.deleteFrom('rate_limits').execute();
});

const address = (name: string) => `${name}-${++seq}@example.test`;

/** Requests a link over HTTP and returns its path from the mail. */
async function requestLink(client: TestClient, email: string): Promise<string> {
  await client.get('/my-account');
  const res = await client.post('/my-account/sign-in', { email });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/my-account/sent');
  return linkIn(lastMailTo(t, email)!, '/my-account/link/');
}

/** A signed-in resident client (account created by the link). */
async function resident(name = 'anwohnerin', host = 'essen.test'): Promise<{ client: TestClient; email: string; accountId: string }> {
  const client = t.client(host);
  const email = address(name);
  const link = await requestLink(client, email);
  await client.get(link);
  const res = await client.post(link);
  expect(res.status).toBe(303);
  expect(client.cookies.get(RESIDENT_COOKIE)).toBeTruthy();
  const row = await forTenant(t.handle.db, host === 'essen.test' ? t.tenant.id : t.other.id).selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return { client, email, accountId: String(row.id) };
}

async function jsonExport(client: TestClient): Promise<any> {
  const res = await client.get('/my-account/export');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="quartier-account-/);
  return res.json();
}

describe('sign-in by e-mail link', () => {
  it('answers the same for a new and a known address, creates the account on first use, and the link works once', async () => {
    const a = await resident('erstmal');
    // A known address asks again: same answer, a new link.
    const other = t.client();
    const link = await requestLink(other, a.email);
    const page = await other.get(link);
    expect(page.status).toBe(200);
    expect(other.cookies.has(RESIDENT_COOKIE)).toBe(false); // showing the page (a mail scanner) signs no one in
    expect(await page.text()).toContain('Jetzt anmelden');
    expect((await other.post(link)).status).toBe(303);
    expect(await (await other.get('/my-account')).text()).toContain(a.email);
    // Used: neither the page nor the button work again.
    const again = t.client();
    await again.get('/my-account');
    expect((await again.get(link)).status).toBe(404);
    expect((await again.post(link)).status).toBe(404);
    expect(again.cookies.has(RESIDENT_COOKIE)).toBe(false);
    // One account for the address, stored token is a hash.
    const rows = await db.selectFrom('accounts').select('id').where('email', '=', a.email).execute();
    expect(rows).toHaveLength(1);
    const token = link.split('/').at(-1)!;
    expect(await db.selectFrom('account_tokens').select('token_hash').where('token_hash', '=', token).executeTakeFirst()).toBeUndefined();
  });

  it('refuses an expired link', async () => {
    const client = t.client();
    const email = address('spaet');
    const link = await requestLink(client, email);
    await db.updateTable('account_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('email', '=', email).execute();
    expect((await client.get(link)).status).toBe(404);
    expect((await client.post(link)).status).toBe(404);
    expect(await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
  });

  it('throttles per address silently (same answer, no more mail) and per client address with 429', async () => {
    const client = t.client();
    const email = address('viel');
    for (let i = 0; i < 7; i++) {
      await client.get('/my-account');
      const res = await client.post('/my-account/sign-in', { email });
      expect(res.status).toBe(303);
    }
    expect(mails(t).filter((m) => m.to.includes(email))).toHaveLength(5);
    // The same client has now asked 7 + earlier times; past 10 per hour it is refused.
    let status = 0;
    for (let i = 0; i < 5 && status !== 429; i++) status = (await client.post('/my-account/sign-in', { email: address('x') })).status;
    expect(status).toBe(429);
  });

  it('shows field errors for a bad address and sends nothing', async () => {
    const client = t.client('essen.test');
    await client.get('/my-account');
    const before = mails(t).length;
    const res = await client.post('/my-account/sign-in', { email: 'kein-at-zeichen' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('href="#f-email"');
    expect(mails(t).length).toBe(before);
  });

  it('a resident is not staff: /staff stays closed, and signing out ends the session', async () => {
    const a = await resident('keinpersonal');
    const staff = await a.client.get('/staff');
    expect([302, 303, 401, 403]).toContain(staff.status);
    if (staff.status >= 300 && staff.status < 400) expect(staff.headers.get('location')).toContain('/login');
    await a.client.get('/my-account');
    expect((await a.client.post('/my-account/sign-out')).status).toBe(303);
    expect(await (await a.client.get('/my-account')).text()).toContain('Anmelde-Link senden');
    expect(await db.selectFrom('account_sessions').select('id').where('account_id', '=', a.accountId).execute()).toHaveLength(0);
  });
});

describe('follows, settings and notifications', () => {
  it('follows and unfollows an area and a proposal with plain forms; CSRF is checked; settings start off', async () => {
    const a = await resident('folgt');
    const proposalId = await publishedProposal(t, krayId);
    await a.client.get('/my-account');
    expect((await a.client.post('/my-account/follow', { type: 'area', id: krayId, back: '/my-account' })).status).toBe(303);
    await a.client.get(`/participation/proposals/${proposalId}`);
    const f = await a.client.post('/my-account/follow', { type: 'proposal', id: proposalId, back: `/participation/proposals/${proposalId}` });
    expect(f.headers.get('location')).toBe(`/participation/proposals/${proposalId}`);
    // Following twice changes nothing; an unknown target is refused with a notice (accounts.review.int.test.ts); an outside "back" is not followed.
    expect((await a.client.post('/my-account/follow', { type: 'proposal', id: proposalId, back: 'https://evil.example/' })).headers.get('location')).toBe('/my-account');
    expect((await a.client.post('/my-account/follow', { type: 'proposal', id: 'prp_doesnotexist', back: '/my-account' })).status).toBe(303);
    const page = await (await a.client.get('/my-account')).text();
    expect(page).toContain('Mehr Bänke am Marktplatz');
    expect(page).toContain(`href="/participation/proposals/${proposalId}"`);
    // No pre-ticked consent: both modes offered, "off" checked by default.
    expect(page).toMatch(/id="f-concerns-1"[^>]*value="off"[^>]*checked|value="off"[^>]*checked[^>]*id="f-concerns-1"|name="concerns" value="off" checked/);
    expect(await db.selectFrom('account_follows').select('target_type').where('account_id', '=', a.accountId).execute()).toHaveLength(2);
    // Without the CSRF token nothing changes.
    expect((await a.client.post('/my-account/unfollow', { type: 'area', id: krayId }, { csrf: null })).status).toBe(403);
    expect((await a.client.post('/my-account/notifications', { concerns: 'immediate', proposals: 'immediate', areas: 'immediate' }, { csrf: 'forged' })).status).toBe(403);
    expect((await db.selectFrom('accounts').select('notify_proposals').where('id', '=', a.accountId).executeTakeFirstOrThrow()).notify_proposals).toBe('off');
    // Bad setting: 422 and nothing changed.
    expect((await a.client.post('/my-account/notifications', { concerns: 'weekly', proposals: 'immediate', areas: 'off' })).status).toBe(422);
    expect((await db.selectFrom('accounts').select('notify_proposals').where('id', '=', a.accountId).executeTakeFirstOrThrow()).notify_proposals).toBe('off');
    await a.client.get('/my-account');
    expect((await a.client.post('/my-account/unfollow', { type: 'area', id: krayId, back: '/my-account' })).status).toBe(303);
    expect(await db.selectFrom('account_follows').select('target_type').where('account_id', '=', a.accountId).execute()).toEqual([{ target_type: 'proposal' }]);
    const audit = await listAudit(db as unknown as TenantDb<AuditTables>, { entityType: 'account', entityId: a.accountId, limit: 50, offset: 0 });
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'follow', 'unfollow']));
    expect(JSON.stringify(audit.entries)).not.toContain(a.email);
  });

  it('mails followers with the setting on — a proposal answer, a new proposal in a followed area, a concern update — and no one else', async () => {
    const on = await resident('an');
    const off = await resident('aus');
    const proposalId = await publishedProposal(t, krayId);
    const concern = await publicConcern(t);
    for (const r of [on, off]) {
      await r.client.get('/my-account');
      for (const [type, id] of [['proposal', proposalId], ['area', karnapId], ['concern', concern.id]] as const) expect((await r.client.post('/my-account/follow', { type, id, back: '/my-account' })).status).toBe(303);
    }
    await on.client.post('/my-account/notifications', { concerns: 'immediate', proposals: 'immediate', areas: 'immediate' });
    await off.client.post('/my-account/notifications', { concerns: 'off', proposals: 'off', areas: 'off' });

    await answerProposal(ctxFor(t, admin), proposalId, { to: 'in_review', answer: 'Wir prüfen das mit dem Grünflächenamt.' });
    await publishedProposal(t, karnapId, 'Trinkbrunnen am Markt'); // a new published proposal in Karnap
    await addNote(ctxFor(t, admin), concern.id, { text: 'Die Entsorgung ist beauftragt.', visibility: 'public' });
    await drainJobs(t);
    await drainJobs(t);

    const toOn = mails(t).filter((m) => m.to.includes(on.email) && m.subject.startsWith('Neuigkeit'));
    expect(toOn.map((m) => m.text).join('\n')).toContain(`/participation/proposals/${proposalId}`);
    expect(toOn.some((m) => m.text.includes('Im Gebiet Karnap'))).toBe(true);
    expect(toOn.some((m) => m.text.includes(`/concerns/${concern.number}`))).toBe(true);
    expect(toOn).toHaveLength(3);
    expect(toOn.every((m) => m.text.includes('/my-account#notifications'))).toBe(true);
    expect(mails(t).filter((m) => m.to.includes(off.email) && m.subject.startsWith('Neuigkeit'))).toHaveLength(0);
    // A job that runs again sends nothing twice.
    await drainJobs(t);
    expect(mails(t).filter((m) => m.to.includes(on.email) && m.subject.startsWith('Neuigkeit'))).toHaveLength(3);
  });
});

describe('participation with an account, my data, deletion', () => {
  it('supports once per account without e-mail, comments as the account; the export has exactly this account; deletion removes everything', async () => {
    const a = await resident('daten');
    const b = await resident('nachbar');
    const proposalId = await publishedProposal(t, krayId);
    const start = (await getPublicProposal(db, proposalId))!.proposal.supportCount;
    // An e-mail supporter too (stays after the account is deleted).
    await supportProposal(ctxFor(t, null), proposalId, { email: 'mail-unterstuetzer@example.test', locale: 'de' });
    await confirmLink(ctxFor(t, null), linkIn(lastMailTo(t, 'mail-unterstuetzer@example.test')!, '/participation/confirm/').slice('/participation/confirm/'.length));

    for (const r of [a, b]) {
      await r.client.get(`/participation/proposals/${proposalId}`);
      expect((await r.client.post(`/participation/proposals/${proposalId}/support`, { asAccount: '1' })).status).toBe(303);
    }
    // Twice, and in parallel: still one support per account.
    await a.client.get(`/participation/proposals/${proposalId}`);
    await Promise.all([a.client.post(`/participation/proposals/${proposalId}/support`, { asAccount: '1' }), a.client.post(`/participation/proposals/${proposalId}/support`, { asAccount: '1' })]);
    expect((await getPublicProposal(db, proposalId))!.proposal.supportCount).toBe(start + 3);
    const html = await (await a.client.get(`/participation/proposals/${proposalId}`)).text();
    expect(html).toContain('Sie unterstützen diesen Vorschlag.');
    await a.client.get('/my-account');
    await a.client.post('/my-account/profile', { displayName: 'Nachbarin Daten', locale: 'tr' });
    await a.client.get(`/participation/proposals/${proposalId}`);
    expect((await a.client.post(`/participation/proposals/${proposalId}/comments`, { body: 'Sehr gute Idee für den Platz.', name: 'Nachbarin Daten' })).status).toBe(303);
    expect(await (await a.client.get(`/participation/proposals/${proposalId}`)).text()).toContain('Sehr gute Idee für den Platz.');
    await b.client.get('/my-account');
    await b.client.post('/my-account/follow', { type: 'area', id: krayId, back: '/my-account' });
    await a.client.get('/my-account');
    await a.client.post('/my-account/follow', { type: 'proposal', id: proposalId, back: '/my-account' });

    const data = await jsonExport(a.client);
    expect(data.account).toMatchObject({ id: a.accountId, email: a.email, displayName: 'Nachbarin Daten', language: 'tr' });
    expect(data.notificationSettings).toEqual({ concerns: 'off', proposals: 'off', areas: 'off' });
    expect(data.follows).toEqual([expect.objectContaining({ type: 'proposal', id: proposalId, page: `/participation/proposals/${proposalId}` })]);
    expect(data.participation.supports).toEqual([expect.objectContaining({ proposalId, title: 'Mehr Bänke am Marktplatz' })]);
    expect(data.participation.comments).toEqual([expect.objectContaining({ text: 'Sehr gute Idee für den Platz.', name: 'Nachbarin Daten' })]);
    const text = JSON.stringify(data);
    expect(text).not.toContain(b.email);
    expect(text).not.toContain(b.accountId);
    expect(text).not.toContain('mail-unterstuetzer');

    // Deletion needs the confirmation box.
    await a.client.get('/my-account/delete');
    const refused = await a.client.post('/my-account/delete', {});
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('href="#f-confirm"');
    expect(await db.selectFrom('accounts').select('id').where('id', '=', a.accountId).executeTakeFirst()).toBeTruthy();
    expect((await a.client.post('/my-account/delete', { confirm: '1' })).status).toBe(303);

    expect((await getPublicProposal(db, proposalId))!.proposal.supportCount).toBe(start + 2);
    for (const table of ['account_sessions', 'account_follows'] as const) expect(await db.selectFrom(table).select('account_id').where('account_id', '=', a.accountId).execute()).toHaveLength(0);
    expect(await db.selectFrom('accounts').select('id').where('id', '=', a.accountId).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('account_tokens').select('email').where('email', '=', a.email).execute()).toHaveLength(0);
    expect(await db.selectFrom('participation_supports').select('id').where('account_id', '=', a.accountId).execute()).toHaveLength(0);
    const comment = await db.selectFrom('participation_comments').select(['author_account_id', 'author_name']).where('body', '=', 'Sehr gute Idee für den Platz.').executeTakeFirstOrThrow();
    expect(comment).toEqual({ author_account_id: null, author_name: null });
    // Nothing personal left in the audit log; the deletion is recorded.
    const audit = await listAudit(db as unknown as TenantDb<AuditTables>, { entityType: 'account', entityId: a.accountId, limit: 50, offset: 0 });
    expect(audit.entries.map((e) => e.action)).toContain('delete');
    const all = JSON.stringify(await db.selectFrom('audit_log').selectAll().execute());
    expect(all).not.toContain(a.email);
    expect(all).not.toContain('Nachbarin Daten');
    // The cookie is gone and the other resident is untouched.
    expect(a.client.cookies.has(RESIDENT_COOKIE)).toBe(false);
    expect((await a.client.get('/my-account/export')).status).toBe(303);
    expect((await jsonExport(b.client)).follows).toHaveLength(1);
  });

  it('keeps tenants apart: a session of one municipality means nothing on the other', async () => {
    const a = await resident('essen');
    const cookie = a.client.cookies.get(RESIDENT_COOKIE)!;
    const foreign = t.client('other.test');
    foreign.cookies.set(RESIDENT_COOKIE, cookie);
    expect(await (await foreign.get('/my-account')).text()).toContain('Anmelde-Link senden');
    expect((await foreign.get('/my-account/export')).status).toBe(303);
    const otherKray = (await getAreaBySlug(forTenant(t.handle.db, t.other.id), 'kray'))!.id;
    const o = await resident('anderstadt', 'other.test');
    await o.client.get('/my-account');
    expect((await o.client.post('/my-account/follow', { type: 'area', id: otherKray, back: '/my-account' })).status).toBe(303);
    expect(await db.selectFrom('account_follows').select('account_id').where('account_id', '=', o.accountId).execute()).toHaveLength(0);
    expect((await jsonExport(a.client)).follows).toHaveLength(0);
  });
});
