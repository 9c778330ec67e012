/** Personal API tokens: created on the account page (shown once), used as Bearer on /api/, revocable. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { apiClient, signedInClient } from '../../../test/support/auth';
import { sha256Hex } from './tokens';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('API tokens', () => {
  it('are created on the account page, shown once, stored hashed, and authenticate /api/ requests', async () => {
    const c = await signedInClient(t, 'district_worker', { areaIds: ['are_kray'] });
    await c.get('/account/tokens');
    const bad = await c.post('/account/tokens', { name: '', expires_days: '7' });
    expect(bad.status).toBe(422);
    const res = await c.post('/account/tokens', { name: 'Jahresbericht', expires_days: '90' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const token = /<p class="q-token" id="new-token">([^<]+)<\/p>/.exec(html)?.[1];
    expect(token).toMatch(/^qrt_[A-Za-z0-9_-]{40,}$/);
    const row = await t.handle.db.selectFrom('api_tokens').selectAll().where('user_id', '=', c.user.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256Hex(token!));
    expect(row.prefix).toBe(token!.slice(0, 10));
    expect(JSON.stringify(row)).not.toContain(token!);
    const days = (new Date(row.expires_at!).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThanOrEqual(90);
    // The list shows the prefix only.
    const list = await (await c.get('/account/tokens')).text();
    expect(list).toContain(`${row.prefix}…`);
    expect(list).not.toContain(token!);

    const api = t.client();
    api.bearer = token!;
    const me = await api.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: c.user.id, email: c.user.email, assignments: [{ role: 'district_worker', allAreas: false, areaIds: ['are_kray'] }] });
    const used = await t.handle.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(used.last_used_at).toBeTruthy();

    // Revoke: refused from then on.
    await c.get('/account/tokens');
    const revoke = await c.post(`/account/tokens/${row.id}/revoke`);
    expect(revoke.status).toBe(303);
    const refused = await api.get('/api/v1/me');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await (await c.get('/account/tokens')).text()).toContain('widerrufen');
  });

  it('refuses unknown, expired and other-tenant tokens, and answers anonymous API calls with 401', async () => {
    const a = await apiClient(t, 'viewer');
    expect((await a.get('/api/v1/me')).status).toBe(200);
    const forged = t.client();
    forged.bearer = 'qrt_not-a-real-token';
    expect((await forged.get('/api/v1/me')).status).toBe(401);
    const empty = await t.client().request('/api/v1/me', { headers: { authorization: 'Bearer ' } });
    expect(empty.status).toBe(401);
    expect((await t.client().get('/api/v1/me')).status).toBe(401);
    const other = t.client('other.test');
    other.bearer = a.token;
    expect((await other.get('/api/v1/me')).status).toBe(401);
    await t.handle.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('user_id', '=', a.user.id).execute();
    expect((await a.get('/api/v1/me')).status).toBe(401);
  });

  it('work only on /api/ paths and need no CSRF token there', async () => {
    const a = await apiClient(t, 'admin');
    // Not on pages: a bearer token does not sign anyone in to HTML pages.
    const page = await a.get('/admin/users');
    expect(page.status).toBe(303);
    // A JSON write with a bearer token is not stopped by CSRF (the route is unknown: 404, not 403).
    const res = await a.json('POST', '/api/v1/me', {});
    expect(res.status).toBe(404);
  });

  it('cannot be revoked by another person', async () => {
    const owner = await apiClient(t, 'viewer');
    const row = await t.handle.db.selectFrom('api_tokens').select('id').where('user_id', '=', owner.user.id).executeTakeFirstOrThrow();
    const c = await signedInClient(t, 'admin');
    await c.get('/account/tokens');
    expect((await c.post(`/account/tokens/${row.id}/revoke`)).status).toBe(404);
    expect((await owner.get('/api/v1/me')).status).toBe(200);
  });

  it('a browser session may call the API, but writes need the CSRF header', async () => {
    const c = await signedInClient(t, 'viewer');
    expect((await c.get('/api/v1/me')).status).toBe(200);
    expect((await c.json('POST', '/api/v1/me', {})).status).toBe(403);
  });
});
