import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { registerRoutePolicies } from './guard';
import { AppError } from '../errors';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  registerRoutePolicies('http-test', { 'GET /__test/boom': 'public', 'GET /api/v1/__test/boom': 'public', 'GET /__test/conflict': 'public', 'POST /__test/echo': 'public' });
  t.app.post('/__test/echo', async (c) => {
    const body = await c.req.parseBody();
    return c.text(`received ${String(body.payload ?? '').length}`);
  });
  t.app.get('/__test/boom', () => {
    throw new Error('secret internal detail at /srv/quartier/x.ts:12');
  });
  t.app.get('/api/v1/__test/boom', () => {
    throw new Error('secret internal detail');
  });
  t.app.get('/__test/conflict', () => {
    throw Object.assign(new Error('UNIQUE constraint failed: users.email'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
  });
  t.app.get('/__test/unlisted', (c) => c.text('should never be reached'));
});
afterAll(async () => t.close());

describe('HTTP pipeline', () => {
  it('serves German by default with security headers and no inline script or style', async () => {
    const res = await t.client().get('/');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const html = await res.text();
    expect(html).toContain('<html lang="de" dir="ltr">');
    expect(html).toMatch(/<a class="q-skip-link" href="#main">/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/<style/);
  });

  it('resolves the tenant from the host', async () => {
    const essen = await (await t.client('essen.test').get('/')).text();
    const other = await (await t.client('other.test').get('/')).text();
    expect(essen).toContain('Quartiersmanagement in Essen');
    expect(other).toContain('Quartiersmanagement in Anderstadt');
    const unknown = await (await t.client('unknown.example').get('/')).text();
    expect(unknown).toContain('Quartiersmanagement in Essen');
  });

  it('switches language (Arabic right-to-left) and refuses open redirects', async () => {
    const c = t.client();
    const res = await c.get('/lang/ar?next=%2Fhealth');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/health');
    const html = await (await c.get('/')).text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    const evil = await c.get('/lang/en?next=%2F%2Fevil.example%2F');
    expect(evil.headers.get('location')).toBe('/');
    expect(await (await c.get('/')).text()).toContain('<html lang="en" dir="ltr">');
    expect(await (await t.client().get('/?lang=ar')).text()).toContain('dir="rtl"');
  });

  it('shows friendly error pages without internals, and keeps serving after a crash', async () => {
    const c = t.client();
    const res = await c.get('/__test/boom');
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain('Ein Fehler ist aufgetreten');
    expect(html).not.toContain('secret internal detail');
    expect(html).not.toContain('/srv/quartier');
    expect((await c.get('/')).status).toBe(200);
    const nf = await c.get('/does-not-exist');
    expect(nf.status).toBe(404);
    expect(await nf.text()).toContain('Seite nicht gefunden');
  });

  it('answers the API with RFC 9457 problem+json', async () => {
    const c = t.client();
    const res = await c.get('/api/v1/__test/boom');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 500, code: 'internal_error', type: 'urn:quartier:problem:internal_error' });
    expect(JSON.stringify(body)).not.toContain('secret');
    const nf = await c.get('/api/v1/nothing-here');
    expect(nf.status).toBe(404);
    expect(((await nf.json()) as { code: string }).code).toBe('not_found');
  });

  it('maps database constraint errors to 409', async () => {
    const res = await t.client().get('/__test/conflict');
    expect(res.status).toBe(409);
    expect(await res.text()).not.toContain('UNIQUE constraint');
  });

  it('refuses a route that has no policy entry (fail closed)', async () => {
    const res = await t.client().get('/__test/unlisted');
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('should never be reached');
  });

  it('reports health', async () => {
    const res = await t.client().get('/health');
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('AppError carries stable codes', () => {
    const e = new AppError(418, 'teapot', 'x');
    expect([e.status, e.code]).toEqual([418, 'teapot']);
  });

  it('limits request bodies: 2 MB for forms, 32 MB for multipart uploads', async () => {
    const c = t.client();
    await c.get('/login');
    expect(c.csrf).not.toBe('');
    const big = 'x'.repeat(3 * 1024 * 1024);
    const refused = await c.post('/__test/echo', { payload: big });
    expect(refused.status).toBe(413);
    expect(await refused.text()).toContain('Zu groß');
    const form = new FormData();
    form.append('_csrf', c.csrf);
    form.append('payload', big);
    const accepted = await c.request('/__test/echo', { method: 'POST', body: form });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    expect(await accepted.text()).toBe(`received ${big.length}`);
  });
});
