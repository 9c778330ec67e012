import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/support/app';
import { forTenant } from '../db/tenant-scope';
import { translator } from '../i18n';
import { enqueue } from '../jobs';
import { registerRoutePolicies } from './guard';
import { readForm } from './forms';
import { cleanupRateLimits, consumeRateLimit, HONEYPOT_FIELD, HoneypotField, honeypot, rateLimit, subjectHash } from './rate-limit';

let t: TestApp;
let writes = 0;

beforeAll(async () => {
  t = await createTestApp({ TRUST_PROXY: 'true' });
  registerRoutePolicies('rate-limit-test', {
    'POST /test-rl/form': 'public',
    'POST /api/v1/test-rl': 'public',
    'POST /test-rl/burst': 'public',
  });
  // A public form: limited, with a honeypot; a successful post writes a row (a job), so "nothing stored" is visible.
  t.app.post('/test-rl/form', rateLimit({ bucket: 'test.form', max: 3, windowSeconds: 600 }), honeypot(), async (c) => {
    const values = await readForm(c);
    await enqueue(c.var.db, 'test.submitted', { text: values.text ?? '' });
    writes++;
    return c.text('ok');
  });
  t.app.post('/api/v1/test-rl', rateLimit({ bucket: 'test.api', max: 2, windowSeconds: 60 }), (c) => c.json({ ok: true }));
  t.app.post('/test-rl/burst', rateLimit({ bucket: 'test.burst', max: 5, windowSeconds: 600 }), (c) => c.text('ok'));
});
afterAll(async () => t.close());

async function submit(client: TestClient, ip: string, fields: Record<string, string> = { text: 'Müll am Spielplatz' }): Promise<Response> {
  const body = new URLSearchParams({ _csrf: client.csrf, ...fields });
  return client.request('/test-rl/form', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://${client.host}`, 'x-forwarded-for': `203.0.113.77, ${ip}` },
  });
}

async function rows() {
  return t.handle.db.selectFrom('rate_limits').selectAll().execute();
}

describe('rate limits', () => {
  it('allows max requests per client and window, then answers the friendly 429 page, writing nothing', async () => {
    const client = t.client();
    await client.get('/login');
    for (let i = 0; i < 3; i++) expect((await submit(client, '198.51.100.1')).status).toBe(200);
    const jobsBefore = await t.handle.db.selectFrom('jobs').select('id').execute();
    const refused = await submit(client, '198.51.100.1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toContain('text/html');
    expect(await refused.text()).toContain('Zu viele Versuche');
    expect(writes).toBe(3);
    expect(await t.handle.db.selectFrom('jobs').select('id').execute()).toHaveLength(jobsBefore.length);
    const counters = (await rows()).filter((r) => r.bucket === 'test.form');
    expect(counters).toHaveLength(1);
    expect(Number(counters[0]!.hits)).toBe(3);
    // The address is stored only as a salted hash.
    expect(counters[0]!.subject).not.toContain('198.51.100.1');
    expect(counters[0]!.subject).toMatch(/^[0-9a-f]{40}$/);
    expect(JSON.stringify(await rows())).not.toContain('198.51.100');
    // Another client is not affected.
    expect((await submit(client, '198.51.100.2')).status).toBe(200);
  });

  it('answers the API with problem+json 429 and Retry-After', async () => {
    const api = t.client();
    const post = () => api.request('/api/v1/test-rl', { method: 'POST', headers: { 'x-forwarded-for': '192.0.2.9' } });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    const res = await post();
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const retry = Number(res.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect(await res.json()).toMatchObject({ status: 429, code: 'too_many_requests', retryAfterSeconds: retry });
  });

  it('never lets concurrent requests past the limit', async () => {
    const client = t.client();
    await client.get('/login');
    const headers = { 'x-forwarded-for': '192.0.2.50', 'x-csrf-token': client.csrf, origin: `http://${client.host}` };
    const results = await Promise.all(Array.from({ length: 12 }, () => client.request('/test-rl/burst', { method: 'POST', headers })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(7);
  });

  it('opens again in the next window; old counters are cleaned up', async () => {
    const db = forTenant<any>(t.handle.db, t.tenant.id);
    const subject = await subjectHash(db, t.tenant.id, '192.0.2.77');
    const rule = { bucket: 'test.window', max: 1, windowSeconds: 60 };
    const t0 = new Date('2030-01-01T10:00:10Z');
    expect(await consumeRateLimit(db, rule, subject, t0)).toMatchObject({ allowed: true, count: 1, retryAfterSeconds: 50 });
    expect(await consumeRateLimit(db, rule, subject, new Date('2030-01-01T10:00:59Z'))).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(await consumeRateLimit(db, rule, subject, new Date('2030-01-01T10:01:00Z'))).toMatchObject({ allowed: true, count: 1 });
    // The same client in another tenant has its own counters and salt.
    const other = forTenant<any>(t.handle.db, t.other.id);
    expect(await subjectHash(other, t.other.id, '192.0.2.77')).not.toBe(subject);
    const before = (await rows()).filter((r) => r.bucket === 'test.window').length;
    expect(before).toBe(2);
    expect(await cleanupRateLimits(db, new Date('2030-01-01T10:01:30Z'))).toBeGreaterThanOrEqual(1);
    expect((await rows()).filter((r) => r.bucket === 'test.window')).toHaveLength(1);
  });
});

describe('honeypot', () => {
  it('renders a visually hidden, labelled field out of the tab order', () => {
    const html = String(HoneypotField({ t: translator('de') }));
    expect(html).toContain('class="kern-sr-only q-honeypot"');
    expect(html).toContain(`name="${HONEYPOT_FIELD}"`);
    expect(html).toContain('tabindex="-1"');
    expect(html).toContain('autocomplete="off"');
    expect(html).toContain('leer lassen');
    expect(html).toMatch(/<label[^>]+for="q-hp-website"/);
  });

  it('refuses a filled honeypot with a neutral message and stores nothing', async () => {
    const client = t.client();
    await client.get('/login');
    const jobsBefore = (await t.handle.db.selectFrom('jobs').select('id').execute()).length;
    const writesBefore = writes;
    const res = await submit(client, '198.51.100.99', { text: 'Billige Uhren', [HONEYPOT_FIELD]: 'http://spam.example' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).not.toMatch(/honeypot|spam|bot/i);
    expect(writes).toBe(writesBefore);
    expect((await t.handle.db.selectFrom('jobs').select('id').execute()).length).toBe(jobsBefore);
    // An empty honeypot passes.
    expect((await submit(client, '198.51.100.98', { text: 'Laterne defekt', [HONEYPOT_FIELD]: '' })).status).toBe(200);
  });
});
